#!/bin/sh
# The wild bootstrap and the placebo test: reproducible with --seed, and
# sane on real data.
. "$TOP_SRCDIR/tests/setup"
need_shared
P=$PRICES
SIX="--prices $P/NVDA.csv --prices $P/AMD.csv --prices $P/AVGO.csv --prices $P/TSM.csv --prices $P/MSFT.csv --prices $P/BIDU.csv --market $P/SPY.csv"
REL="$TOP_SRCDIR/datasets/releases.csv"

# Same seed, same output, byte for byte (JSON holds every test).
evstudy --events "$REL" $SIX --bootstrap 2000 --seed 11 --format json > a.json
evstudy --events "$REL" $SIX --bootstrap 2000 --seed 11 --format json > b.json
test_cmp a.json b.json

# Another seed changes the bootstrap p-values and nothing else.
evstudy --events "$REL" $SIX --bootstrap 2000 --seed 12 --format json > c.json
jq -c '[.aggregate[].tests[] | select(.test == "bootstrap") | .p]' a.json > pa.txt
jq -c '[.aggregate[].tests[] | select(.test == "bootstrap") | .p]' c.json > pc.txt
! cmp -s pa.txt pc.txt || fail "the bootstrap ignores --seed"
jq -c 'del(.aggregate[].tests[] | select(.test == "bootstrap"))' a.json > a-rest.json
jq -c 'del(.aggregate[].tests[] | select(.test == "bootstrap"))' c.json > c-rest.json
test_cmp a-rest.json c-rest.json

# Sanity property, not an exact reference: on 54 real (event, series)
# pairs (datasets/releases.csv x six US stocks vs SPY) the CAARs are
# roughly symmetric, so the Rademacher wild bootstrap of the t statistic
# must give nearly the t-test's p-value.  With 20000 draws its Monte Carlo
# standard error is below 0.0035; we require |p_boot - p_t| <= 0.01 for
# every window of the group "all" (observed: at most 0.0053).
evstudy --events "$REL" $SIX --bootstrap 20000 --seed 7 --format csv --table tests > boot.csv
awk -F, '$2 == "all" && $3 == "window" && $9 == "t" { pt[$5 ":" $6] = $12; n = $7 }
  $2 == "all" && $3 == "window" && $9 == "bootstrap" { pb[$5 ":" $6] = $12 }
  END { if (n != 54) { print "expected 54 pairs, got " n; exit 1 }
        k = 0
        for (w in pt) { k++; d = pt[w] - pb[w]; if (d < 0) d = -d
          if (!(w in pb) || d > 0.01) { print "window " w ": t p " pt[w] ", bootstrap p " pb[w]; exit 1 } }
        if (k != 4) { print "expected 4 windows"; exit 1 } }' boot.csv \
  || fail "bootstrap p far from the t-test p"

# The placebo test of one firm and one event: deterministic (it uses every
# window, no random draws), so any --seed gives the same; reported as
# "k of n windows".  k = 1 and n = 1002 come from the base-R reference
# (tests/reference/expected/stats-nvda-tests.csv: statistic 1,
# p = 2/1003 = (k + 1)/(n + 1); the windows exclude the estimation window,
# the windows' span -5..5 and the tested days, never the --ar-days).
evstudy --events "$FIXTURES/events/selloff.csv" --prices "$P/NVDA.csv" \
  --market "$P/SPY.csv" --seed 1 --format json > p1.json
evstudy --events "$FIXTURES/events/selloff.csv" --prices "$P/NVDA.csv" \
  --market "$P/SPY.csv" --seed 99 --format json > p2.json
test_cmp p1.json p2.json
jq -e '[.aggregate[] | select(.window_start == 0 and .window_end == 0) | .tests[] | select(.test == "placebo")][0]
       | .k == 1 and .windows == 1002' p1.json > /dev/null \
  || fail "placebo for day 0: $(jq -c '.aggregate[] | select(.window_start == 0 and .window_end == 0) | .tests[-1]' p1.json)"
evstudy --events "$FIXTURES/events/selloff.csv" --prices "$P/NVDA.csv" \
  --market "$P/SPY.csv" > table.txt
grep -q '^  \[+0,+0\]    a move this large happened in 1 of 1002 windows (p = 0.0020)$' table.txt \
  || fail "placebo line missing from the table"
