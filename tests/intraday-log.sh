#!/bin/sh
# intraday --returns log (issue 16): R_k = ln(P_k / P_{k-1}) in the
# study, on the generated bars of intraday-study.sh (tests/bargen seed
# 42, NVDA, BABA and SPY in New York, 9988.HK and ^HSI in Hong Kong,
# 2% of bars missing, +0.03 in NVDA's log price at 10:47 New York time
# on 2025-01-29).
#  1. CARs and ARs, market model (and mean model for NVDA), against the
#     independent computation of tests/reference/intraday.py --log,
#     committed in tests/reference/expected/intraday-log-*.csv, to 1e-10
#     relative.
#  2. The jump in log price is the log return of bar 0 less the market
#     model's expected return: NVDA's day-0 return is ln of the ratio of
#     the two closes in the day0 table (awk), and the AR table's return
#     of bar 0 is that number.
#  3. JSON says "returns": "log"; --returns with anything else, or log
#     with --measure volume, is a usage error.
. "$TOP_SRCDIR/tests/setup"
need_shared
N="$TOP_BUILDDIR/tests/numdiff"
X="$TOP_SRCDIR/tests/reference/expected"
J=1738165620   # 2025-01-29 10:47 EST
"$TOP_BUILDDIR/tests/bargen" 42 2025-01-13 2025-02-07 . \
  SPY:"$PRICES/SPY.csv":-:1 NVDA:"$PRICES/NVDA.csv":SPY:1.8 BABA:"$PRICES/BABA.csv":SPY:0.9 \
  ^HSI:"$PRICES/HSI.csv":-:1 9988.HK:"$PRICES/9988.HK.csv":^HSI:1.2 --jump NVDA:$J:0.03
printf 'date,label,tickers\n2025-01-29T10:47-05:00,Injected jump,NVDA\n2025-01-29T01:30+08:00,"Qwen 2.5-Max, Lunar New Year",9988.HK BABA\n' > ev.csv
W="--window 0:0 --window 0:4 --window -30:60 --window -30m:2h"
M="--prices NVDA.csv --prices BABA.csv --market SPY.csv --prices 9988.HK.csv --market ^HSI.csv"
evstudy intraday --returns log --events ev.csv $M $W > car.csv
evstudy intraday --returns log --events ev.csv $M $W --table ar > ar.csv
"$N" --rtol 1e-10 "$X/intraday-log-market-car.csv" car.csv || fail "log market model CARs"
"$N" --rtol 1e-10 "$X/intraday-log-market-ar.csv" ar.csv || fail "log market model ARs"
evstudy intraday --returns log --events ev.csv --prices NVDA.csv $W > car.csv
evstudy intraday --returns log --events ev.csv --prices NVDA.csv $W --table ar > mean-ar.csv
"$N" --rtol 1e-10 "$X/intraday-log-mean-car.csv" car.csv || fail "log mean model CARs"
"$N" --rtol 1e-10 "$X/intraday-log-mean-ar.csv" mean-ar.csv || fail "log mean model ARs"

# 2. Bar 0's log return, from the day0 table's closes (fields 7 and 9).
evstudy intraday --returns log --events ev.csv --prices NVDA.csv --table day0 > d0.csv
want=$(awk -F, '$3 == "NVDA" { printf "%.17g", log($7 / $9) }' d0.csv)
[ -n "$want" ] || fail "no day0 row for NVDA"
got=$(awk -F, '$3 == "NVDA" { print $10 }' d0.csv)
awk -v a="$want" -v b="$got" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-14 * (a < 0 ? -a : a)) }' || \
  fail "day0 return $got is not ln of the closes' ratio $want"
got=$(awk -F, '$1 == 1 && $3 == "NVDA" && $4 == 0 { print $6 }' mean-ar.csv)
awk -v a="$want" -v b="$got" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-14 * (a < 0 ? -a : a)) }' || \
  fail "bar 0's return $got is not $want"

# 3. JSON and usage errors.
[ "$(evstudy intraday --returns log --events ev.csv --prices NVDA.csv --format json | jq -r .returns)" = log ] \
  || fail "JSON returns"
[ "$(evstudy intraday --events ev.csv --prices NVDA.csv --format json | jq -r .returns)" = simple ] \
  || fail "JSON returns by default"
expect_error 2 "invalid --returns 'logs': expected simple or log" \
  intraday --returns logs --events ev.csv --prices NVDA.csv
expect_error 2 "--returns log is for returns: --measure volume reads ln(1 + V) levels" \
  intraday --returns log --measure volume --events ev.csv --prices NVDA.csv
