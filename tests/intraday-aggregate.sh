#!/bin/sh
# intraday --table aggregate (issue 16): CAAR per window and AAR per
# relative bar across pairs, with the whole battery (bar_aggregate.h), on
# the generated bars of intraday-study.sh (tests/bargen seed 42; NVDA,
# BABA on SPY, 9988.HK on ^HSI; the +0.03 jump in NVDA at 10:47 New York
# time on 2025-01-29).
#  1. Four events for the three stocks (12 pairs; NVDA and BABA share bar
#     0 at each event, so 8 pairs are clustered for Kolari-Pynnonen):
#     every row against tests/reference/intraday.py --aggregate (numpy
#     and scipy from the papers: scipy's one-sample t, the binomial sign
#     test, the exact signed-rank distribution; Patell, the KP 2010
#     adjustments with rbar from numpy.corrcoef over every pair of pairs,
#     the skewness-adjusted t's, Cowan's generalized sign, the Corrado and
#     Corrado-Zivney rank and sign tests and GRANK with scipy's rankdata),
#     committed in tests/reference/expected/intraday-aggregate.csv, to
#     1e-10.
#  2. With 2025-01-30 11:15 New York in place of 2025-02-05: 9988.HK
#     reaches the 09:30 bar of 2025-02-03 from both Lunar-New-Year
#     events, so two pairs are identical and Wilcoxon's p comes from the
#     normal approximation with the tie correction (as R's wilcox.test);
#     intraday-aggregate-ties.csv, to 1e-10.
#     The same under --measure volume (NVDA, BABA, 9988.HK alone, 30-minute
#     bins): intraday-aggregate-volume.csv from intraday.py --aggregate
#     --volume, to 1e-10; and under --seasonal (residuals scaled by their
#     bin's sd), intraday-aggregate-seasonal.csv.
#  3. The CAAR of a window is the mean of the CAR table's CARs (awk);
#     --jobs 1 and 2 give the same bytes.
. "$TOP_SRCDIR/tests/setup"
need_shared
N="$TOP_BUILDDIR/tests/numdiff"
X="$TOP_SRCDIR/tests/reference/expected"
"$TOP_BUILDDIR/tests/bargen" 42 2025-01-13 2025-02-07 . \
  SPY:"$PRICES/SPY.csv":-:1 NVDA:"$PRICES/NVDA.csv":SPY:1.8 BABA:"$PRICES/BABA.csv":SPY:0.9 \
  ^HSI:"$PRICES/HSI.csv":-:1 9988.HK:"$PRICES/9988.HK.csv":^HSI:1.2 --jump NVDA:1738165620:0.03
W="--window 0:0 --window 0:4 --window -30:60 --window -30m:2h"
M="--prices NVDA.csv --prices BABA.csv --market SPY.csv --prices 9988.HK.csv --market ^HSI.csv"
printf 'date,label,tickers\n2025-01-29T10:47-05:00,Injected jump,\n2025-02-05T11:15-05:00,E2,\n2025-02-03T14:05-05:00,E3,\n2025-02-04T10:30+08:00,E4,\n' > ev.csv
evstudy intraday --events ev.csv $M $W --table aggregate > agg.csv
"$N" --rtol 1e-10 "$X/intraday-aggregate.csv" agg.csv || fail "aggregate"
[ "$(awk -F, '$1 == "caar" && $4 == 12' agg.csv | wc -l)" -eq 4 ] || fail "four windows of 12 pairs"

sed 's/2025-02-05T11:15-05:00/2025-01-30T11:15-05:00/' ev.csv > ties.csv
evstudy intraday --events ties.csv $M $W --table aggregate > ties.csv.out
"$N" --rtol 1e-10 "$X/intraday-aggregate-ties.csv" ties.csv.out || fail "aggregate with ties"

# --measure volume: the same battery on abnormal log volume (residuals:
# the estimation bars' AV against their time-of-day bin), against
# intraday.py --aggregate --volume (intraday-aggregate-volume.csv).
evstudy intraday --events ev.csv --prices NVDA.csv --prices BABA.csv --prices 9988.HK.csv $W \
  --measure volume --table aggregate > aggv.csv
"$N" --rtol 1e-10 "$X/intraday-aggregate-volume.csv" aggv.csv || fail "volume aggregate"

# --seasonal (30-minute bins): the residuals standardised per bin
# (intraday-aggregate-seasonal.csv, intraday.py --aggregate --seasonal 30).
evstudy intraday --events ev.csv $M $W --seasonal --table aggregate > aggs.csv
"$N" --rtol 1e-10 "$X/intraday-aggregate-seasonal.csv" aggs.csv || fail "seasonal aggregate"

# 3. CAAR = mean CAR, from the CAR table.
evstudy intraday --events ev.csv $M $W > car.csv
for w in 0:0 -30m:2h; do
  want=$(awk -F, -v w="$w" '$6 == w && $19 == "ok" { s += $10; n++ } END { printf "%.12g", s / n }' car.csv)
  got=$(awk -F, -v w="$w" '$1 == "caar" && $2 == w { printf "%.12g", $5 }' agg.csv)
  [ "$want" = "$got" ] || fail "CAAR of $w: $got, the CARs' mean $want"
done
evstudy intraday --jobs 1 --events ev.csv $M $W --table aggregate > j1.csv
evstudy intraday --jobs 2 --events ev.csv $M $W --table aggregate > j2.csv
cmp j1.csv j2.csv || fail "--jobs changes the aggregate"

# 4. --format json: the document's "aggregate" holds the CSV's rows (jq
#    turns each cell back into a CSV row by test name, to 1e-15), and
#    "residuals" says they were kept; --format table: after the pairs,
#    the windows with the daily table's five tests, the KP-adjusted Patell
#    and BMP since 8 pairs share bar 0 (values as the CSV's, rounded).
evstudy intraday --events ev.csv $M $W --table aggregate --format json > agg.json
jq -e '.residuals.kept and .residuals.total > 0 and (.aggregate | length) == 153' agg.json \
  > jq.out || fail "json residuals or cell count"
jq -r '.aggregate[] | (.tests | map({(.test): .}) | add) as $t
  | [(if .kind == "window" then "caar" else "aar" end), .window, .day, .n, .mean,
     $t.t.statistic, $t.t.df, $t.t.p, $t.bmp.statistic, $t.bmp.p, $t.sign.statistic, $t.sign.p,
     $t.wilcoxon.statistic, $t.wilcoxon.p]
    + ([$t.patell, $t.patell_kp, $t.bmp_kp, $t.skew_t, $t.hall_t, $t.gsign, $t.csign, $t.rank,
        $t.czrank] | map(.statistic, .p))
    + [$t.grank_t.statistic, $t.grank_t.df, $t.grank_t.p, $t.grank_z.statistic, $t.grank_z.p,
       .clustered, .kp_rbar]
  | map(if . == null then "" else tostring end) | join(",")' agg.json > json-rows.csv
{ head -1 agg.csv; cat json-rows.csv; } > json.csv
"$N" --rtol 1e-15 agg.csv json.csv || fail "the JSON aggregate is not the CSV's"
evstudy intraday --events ev.csv $M $W --table aggregate --format table > agg.txt
grep -q '^aggregate: 12 pairs$' agg.txt || fail "table: no aggregate block"
grep -q '8 pairs share bar 0.s instant: Kolari-Pynnonen adjustment applied' agg.txt \
  || fail "table: KP note"
want=$(awk -F, '$1 == "caar" && $2 == "0:4" { printf "%.2f %.2f %.2f", 100 * $5, $6, $17 }' agg.csv)
got=$(awk '$1 == "0:4" && NF > 10 { print $3, $4, $6 }' agg.txt)
[ "$want" = "$got" ] || fail "table row 0:4: '$got', the CSV's '$want'"
grep -q 'Patell-KP Z' agg.txt || fail "table: Patell-KP label"
