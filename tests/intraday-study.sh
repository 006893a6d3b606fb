#!/bin/sh
# Intraday study (issue 16) on minute bars from tests/bargen (seeded):
# NVDA, BABA and SPY in New York, 9988.HK and ^HSI in Hong Kong, from
# 2025-01-13 to 2025-02-07, with 2% of the bars missing and a jump of
# +0.03 in NVDA's log price at 10:47 New York time on 2025-01-29.
#  1. The generated sessions close at the real daily closes of
#     ../shared/data/prices (the last bar of each session against the
#     file's Close, as doubles).
#  2. CARs and ARs (market model; mean model for NVDA) match the
#     independent computation of tests/reference/intraday.py, committed
#     in tests/reference/expected/intraday-*.csv, to 1e-10 relative.
#  3. The jump is recovered: day 0 is the 10:47 bar, its AR is the
#     largest in absolute value of bars -30..+60 and within 3 standard
#     errors of exp(0.03) - 1.
#  4. Qwen 2.5-Max (01:30 in Beijing on 2025-01-29, Hong Kong closed for
#     the Lunar New Year until 2025-02-03): 9988.HK's day 0 is the 09:30
#     bar of 2025-02-03, an overnight return from 2025-01-28's close.
. "$TOP_SRCDIR/tests/setup"
need_shared
N="$TOP_BUILDDIR/tests/numdiff"
X="$TOP_SRCDIR/tests/reference/expected"
J=1738165620   # 2025-01-29 10:47 EST: date -u -d '2025-01-29 10:47 EST' +%s
"$TOP_BUILDDIR/tests/bargen" 42 2025-01-13 2025-02-07 . \
  SPY:"$PRICES/SPY.csv":-:1 NVDA:"$PRICES/NVDA.csv":SPY:1.8 BABA:"$PRICES/BABA.csv":SPY:0.9 \
  ^HSI:"$PRICES/HSI.csv":-:1 9988.HK:"$PRICES/9988.HK.csv":^HSI:1.2 --jump NVDA:$J:0.03

# 1. Daily closes.  Sessions of both exchanges fall within one UTC day,
#    so the UTC day of window_start groups a session's bars.
for s in SPY:SPY NVDA:NVDA BABA:BABA ^HSI:HSI 9988.HK:9988.HK; do
  t=${s%%:*} f=${s#*:}
  awk -F, 'NR > 1 { d = int($7 / 86400e9); if (d != last && NR > 2) printf "%.17g\n", c; last = d; c = $4 }
           END { printf "%.17g\n", c }' "$t.csv" > gen.txt
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "Close") col = i }
           NR > 1 { d = substr($1, 1, 10); if (d >= "2025-01-13" && d <= "2025-02-07") printf "%.17g\n", $col }' \
    "$PRICES/$f.csv" > daily.txt
  [ -s daily.txt ] || fail "$t: no daily closes read"
  test_cmp daily.txt gen.txt
done

printf 'date,label,tickers\n2025-01-29T10:47-05:00,Injected jump,NVDA\n2025-01-29T01:30+08:00,"Qwen 2.5-Max, Lunar New Year",9988.HK BABA\n' > ev.csv
W="--window 0:0 --window 0:4 --window -30:60 --window -30m:2h"
M="--prices NVDA.csv --prices BABA.csv --market SPY.csv --prices 9988.HK.csv --market ^HSI.csv"
# 2. Against the reference.
evstudy intraday --events ev.csv $M $W > car.csv
evstudy intraday --events ev.csv $M $W --table ar > ar.csv
"$N" --rtol 1e-10 "$X/intraday-market-car.csv" car.csv || fail "market model CARs"
"$N" --rtol 1e-10 "$X/intraday-market-ar.csv" ar.csv || fail "market model ARs"
evstudy intraday --events ev.csv --prices NVDA.csv $W > car.csv
evstudy intraday --events ev.csv --prices NVDA.csv $W --table ar > mean-ar.csv
"$N" --rtol 1e-10 "$X/intraday-mean-car.csv" car.csv || fail "mean model CARs"
"$N" --rtol 1e-10 "$X/intraday-mean-ar.csv" mean-ar.csv || fail "mean model ARs"

# 3. The jump: bar 0 of event 1 for NVDA.
awk -F, -v want="$(awk 'BEGIN { printf "%.17g", exp(0.03) - 1 }')" '
  $1 == 1 && $3 == "NVDA" {
    a = $9 < 0 ? -$9 : $9
    if (a > best) { best = a; day = $4; time = $5 }
    if ($4 == 0) { ar = $9; se = $10 }
  }
  END {
    if (day != 0 || time != "2025-01-29T10:47:00-05:00") { print "largest |AR| on day " day " at " time; exit 1 }
    d = ar - want; if (d < 0) d = -d
    if (d > 3 * se) { print "AR(0) " ar " is not within 3 se (" se ") of " want; exit 1 }
  }' ar.csv || fail "jump not recovered"

# 4. The Lunar New Year closure.
grep -q '^2,"Qwen 2.5-Max, Lunar New Year",9988.HK,0,2025-02-03T09:30:00+08:00,.*,2025-01-28T16:00:00+08:00,yes$' ar.csv \
  || fail "9988.HK day 0 is not the overnight 09:30 bar of 2025-02-03"

# 5. --overnight include adds the first bar of each session in the
#    estimation window: the ten sessions 2025-01-14..28 (2025-01-20 was
#    a holiday) and day 0's own morning, so 11 more returns (every first
#    bar is kept by the generator).
n_ex=$(evstudy intraday --events ev.csv --prices NVDA.csv --market SPY.csv --format json | jq '.results[0].estimation.n')
n_in=$(evstudy intraday --events ev.csv --prices NVDA.csv --market SPY.csv --format json --overnight include | jq '.results[0].estimation.n')
[ $((n_in - n_ex)) -eq 11 ] || fail "--overnight include: $n_ex then $n_in estimation returns"

# 6. --seasonal (30-minute time-of-day bins, overnight returns their own)
#    against the reference's --seasonal 30.  The intercepts are zero up
#    to rounding (the returns are centred per bin), hence the absolute
#    tolerance of 1e-14 beside the relative one.
evstudy intraday --seasonal --events ev.csv $M $W > car.csv
evstudy intraday --seasonal-bin 30m --events ev.csv $M $W --table ar > ar.csv
"$N" --rtol 1e-10 --atol 1e-14 "$X/intraday-seasonal-market-car.csv" car.csv || fail "seasonal market CARs"
"$N" --rtol 1e-10 --atol 1e-14 "$X/intraday-seasonal-market-ar.csv" ar.csv || fail "seasonal market ARs"
evstudy intraday --seasonal --events ev.csv --prices NVDA.csv $W > car.csv
evstudy intraday --seasonal --events ev.csv --prices NVDA.csv $W --table ar > ar.csv
"$N" --rtol 1e-10 --atol 1e-14 "$X/intraday-seasonal-mean-car.csv" car.csv || fail "seasonal mean CARs"
"$N" --rtol 1e-10 --atol 1e-14 "$X/intraday-seasonal-mean-ar.csv" ar.csv || fail "seasonal mean ARs"
expect_error 2 "invalid --seasonal-bin '7m': whole minutes dividing a day, e.g. 15m, 30m, 1h" \
  intraday --seasonal-bin 7m --events ev.csv --prices NVDA.csv

# 7. --measure volume: abnormal log volume against the time-of-day mean
#    (30-minute bins), against intraday.py --volume; the jump's bar traded
#    five times its usual volume (bargen), so its AV is the largest of
#    bars -30..+60 and within 3 se of ln 5.
V="--prices NVDA.csv --prices BABA.csv --prices 9988.HK.csv"
evstudy intraday --measure volume --events ev.csv $V $W > car.csv
evstudy intraday --measure volume --events ev.csv $V $W --table ar > ar.csv
"$N" --rtol 1e-10 "$X/intraday-volume-car.csv" car.csv || fail "volume CAVs"
"$N" --rtol 1e-10 "$X/intraday-volume-ar.csv" ar.csv || fail "volume AVs"
awk -F, -v want="$(awk 'BEGIN { printf "%.17g", log(5) }')" '
  $1 == 1 && $3 == "NVDA" && $4 >= -30 && $4 <= 60 {
    a = $8 < 0 ? -$8 : $8
    if (a > best) { best = a; day = $4 }
    if ($4 == 0) { av = $8; se = $9 }
  }
  END {
    if (day != 0) { print "largest |AV| on day " day; exit 1 }
    d = av - want; if (d < 0) d = -d
    if (d > 3 * se) { print "AV(0) " av " not within 3 se (" se ") of ln 5"; exit 1 }
  }' ar.csv || fail "volume spike not recovered"

# 8. Partial feeds: Alpaca's bars are flagged (column and warning) unless
#    --partial-feed no; other layouts only with --partial-feed yes.
cp "$FIXTURES/bars/alpaca.csv" "$FIXTURES/bars/polygon-aggs.csv" .
printf 'date,label\n2025-01-27T09:31-05:00,x\n' > e1.csv
# (Three bars are too few to estimate: the pairs are skipped, one CAR
# row each, which still carries the flag.)
evstudy intraday --measure volume --events e1.csv --prices alpaca.csv \
  --prices polygon-aggs.csv --window 0:0 > pf.csv 2> err.txt
awk -F, '{ print $3 "," $NF }' pf.csv > got.txt
printf 'ticker,partial_feed\nNVDA,yes\npolygon-aggs,no\n' > want.txt
test_cmp want.txt got.txt
grep -q "^evstudy: warning: alpaca.csv: NVDA: volume flagged as a partial feed's (Alpaca's IEX feed carries about 2% of consolidated volume)" err.txt \
  || fail "no partial-feed warning"
evstudy intraday --measure volume --events e1.csv --prices alpaca.csv \
  --window 0:0 --partial-feed no --format json > pf.json 2> err.txt
[ "$(jq '.results[0].partial_feed' pf.json)" = false ] && [ ! -s err.txt ] || fail "--partial-feed no"
