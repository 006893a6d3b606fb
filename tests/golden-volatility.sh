#!/bin/sh
# --measure volatility (issue 12): Beaver's (1968) U = (AR/se)^2 per day,
# its window mean Ubar with P(F(L, df) > Ubar), and the cross-sectional
# tests of Ubar, under the market, ff5 and garch return models.
# Expected numbers: tests/reference/expected/volatility-*.csv, written by
# the independent numpy/scipy reference tests/reference/volatility.py
# from Beaver's and MacKinlay's (1997) formulas (its header states every
# step), compared with numdiff at 1e-9 relative.  For garch the reference
# takes evstudy's fitted GARCH(1,1) parameters (volatility-garch-
# params.csv, from evstudy's --format json) and recomputes the
# conditional variances and U itself; this test checks that evstudy's
# parameters are still those.  Python is not needed here: the expected
# files are committed.
. "$TOP_SRCDIR/tests/setup"
need_shared
expected="$TOP_SRCDIR/tests/reference/expected"
numdiff="$TOP_BUILDDIR/tests/numdiff"
FF5="$SHARED_DATA/factors/F-F_Research_Data_5_Factors_2x3_daily.csv"

run () {
  evstudy --events "$FIXTURES/events/selloff.csv" --market "$PRICES/SPY.csv" \
    --measure volatility --format csv "$@"
}

# cols NAMES...: the named columns of the CSV on stdin, in that order.
cols () {
  awk -F, -v want="$*" 'BEGIN { n = split(want, w, " ") }
    NR == 1 { for (i = 1; i <= NF; i++) at[$i] = i }
    { line = ""; for (j = 1; j <= n; j++) line = line (j > 1 ? "," : "") $at[w[j]]; print line }'
}

# golden NAME ARGS...: evstudy's ar and car tables against NAME's.
golden () {
  name=$1; shift
  run "$@" --table ar | cols ticker day date ar se u > "$name-ar.csv"
  "$numdiff" "$expected/volatility-$name-ar.csv" "$name-ar.csv"
  run "$@" | cols ticker window_start window_end df u u_p > "$name-car.csv"
  "$numdiff" "$expected/volatility-$name-car.csv" "$name-car.csv"
}

five="--prices $PRICES/NVDA.csv --prices $PRICES/AMD.csv --prices $PRICES/AVGO.csv
  --prices $PRICES/TSM.csv --prices $PRICES/MSFT.csv"
# shellcheck disable=SC2086
golden market $five --model market
golden ff5 --prices "$PRICES/NVDA.csv" --model ff5 --factors "$FF5"
golden garch --prices "$PRICES/NVDA.csv" --model garch --estimation -300:-11

# The garch golden holds only if evstudy still fits these parameters.
run --prices "$PRICES/NVDA.csv" --model garch --estimation -300:-11 --format json \
  | jq -r '"ticker,alpha,beta,omega,arch,garch", (.results[] | select(.status == "ok")
      | [.ticker, .estimation.alpha, .estimation.beta, .estimation.garch.omega,
         .estimation.garch.arch, .estimation.garch.garch] | map(tostring) | join(","))' \
  > params.csv
"$numdiff" "$expected/volatility-garch-params.csv" params.csv

# Across the five pairs: mean Ubar, the t of Ubar - df/(df - 2) and the
# Poisson-binomial sign test of Ubar > 1, from the JSON aggregate.
# shellcheck disable=SC2086
run $five --model market --format json | jq -r '
  "window_start,window_end,n,u_mean,u_t,u_t_p,u_share,u_expect,u_sign,u_sign_p",
  (.aggregate[] | select(.group == "all" and .kind == "window")
   | (.tests | map({(.test): .}) | add) as $t
   | [.window_start, .window_end, .n, .u_mean, $t.u_t.statistic, $t.u_t.p, .u_share,
      .u_expect, $t.u_sign.statistic, $t.u_sign.p] | map(tostring) | join(","))' > agg.csv
"$numdiff" "$expected/volatility-market-agg.csv" agg.csv

# The same in the CSV tables: u and u_p columns, and u_t and u_sign rows.
# shellcheck disable=SC2086
run $five --model market --table tests | grep -c ',u_t,\|,u_sign,' > n.txt
[ "$(cat n.txt)" = 8 ] || fail "expected 4 u_t and 4 u_sign rows in --table tests, got $(cat n.txt)"
# shellcheck disable=SC2086
run $five --model market --table aggregate | head -1 | grep -q ',u_mean,u_share,u_expect$' \
  || fail "--table aggregate has no u_mean,u_share,u_expect columns"

# A one-day window's Ubar is the day's t squared: P(F(1, df) > t^2) is
# the two-sided t p-value (an identity, checked on evstudy's own output).
run --prices "$PRICES/NVDA.csv" --model market | awk -F, 'NR > 1 && $6 == 0 && $7 == 0 {
    d = $21 - $10 * $10; q = $22 - $12
    if (d * d > 1e-18 * $21 * $21 || q * q > 1e-18 * $12 * $12) exit 1 }' \
  || fail "Ubar over [0,0] is not t^2, or its p not the t test's"
