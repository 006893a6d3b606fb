#!/bin/sh
# Factor, thin-trading and GARCH models and BHAR against the independent
# base-R reference tests/reference/models.R (lm, optim; see its header for
# every formula), on the real shared data: NVDA, AMD, AVGO, TSM, MSFT vs
# SPY around 2025-01-27 (tests/fixtures/events/selloff.csv), with the Ken
# French files of $SHARED_DATA/factors as published.
# Expected files: tests/reference/expected/{selloff-ff3,selloff-ff5,
# selloff-join,nvda-gap-ff3,selloff-sw,selloff-dimson2,selloff-garch}-
# {car,ar}.csv and selloff-garch-params.csv, all written by models.R.
# Closed-form models (OLS) must agree to 1e-9 relative, as the core goldens.
. "$TOP_SRCDIR/tests/setup"
need_shared
FACTORS="$SHARED_DATA/factors"
FF3="$FACTORS/F-F_Research_Data_Factors_daily.csv"
FF5="$FACTORS/F-F_Research_Data_5_Factors_2x3_daily.csv"
expected="$TOP_SRCDIR/tests/reference/expected"
numdiff="$TOP_BUILDDIR/tests/numdiff"

run () {
  evstudy --events "$FIXTURES/events/selloff.csv" \
    --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
    --prices "$PRICES/AVGO.csv" --prices "$PRICES/TSM.csv" \
    --prices "$PRICES/MSFT.csv" --market "$PRICES/SPY.csv" --format csv "$@"
}

# golden NAME ARGS...: the car and ar tables of `run ARGS` match NAME-*.csv.
golden () {
  name=$1; shift
  run "$@" > "$name-car.csv"
  "$numdiff" "$expected/$name-car.csv" "$name-car.csv"
  run "$@" --table ar > "$name-ar.csv"
  "$numdiff" "$expected/$name-ar.csv" "$name-ar.csv"
}

golden selloff-ff3 --model ff3 --factors "$FF3"
golden selloff-ff5 --model ff5 --factors "$FF5"
golden selloff-sw --model scholes-williams
golden selloff-dimson2 --model dimson --dimson-lags 2

# Two factor files joined by date: a momentum-layout file (preamble,
# ",Mom   " header, CRLF, footer) made here from the 5-factor file's RMW
# column, without 2024-06-03..07 and with 2024-09-04 = -99.99, so that
# those estimation returns are dropped (models.R does the same).  carhart
# and factors with the same columns are the same model.
awk -F, 'BEGIN { printf "Made by golden-models.sh from the 5-factor file.\r\n\r\n,Mom   \r\n" }
  /^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9],/ {
    if ($1 >= "20240603" && $1 <= "20240607") next
    printf "%s,%s\r\n", $1, ($1 == "20240904" ? "  -99.99" : $5) }
  END { printf "\r\nCopyright test\r\n" }' "$FF5" > mom.csv
golden selloff-join --model factors --factors "$FF3" --factors mom.csv \
  --factor-columns 'Mkt-RF, SMB,HML,Mom'
golden selloff-join --model carhart --factors "$FF3" --factors mom.csv
# n_est: 240 returns less the 5 + 1 without a Mom value.
awk -F, 'NR > 1 && $13 != 234 { exit 1 }' selloff-join-car.csv || fail "n_est is not 234"

# Gaps: NVDA without 2024-07-10, 2024-07-11 (estimation) and 2025-01-23
# (day -2): returns spanning 3 and 2 sessions get compounded factors.
grep -v '^2024-07-1[01]\|^2025-01-23' "$PRICES/NVDA.csv" > NVDA.csv
evstudy --events "$FIXTURES/events/selloff.csv" --prices NVDA.csv \
  --market "$PRICES/SPY.csv" --format csv --model ff3 --factors "$FF3" > gap-car.csv
"$numdiff" "$expected/nvda-gap-ff3-car.csv" gap-car.csv
evstudy --events "$FIXTURES/events/selloff.csv" --prices NVDA.csv \
  --market "$PRICES/SPY.csv" --format csv --model ff3 --factors "$FF3" --table ar > gap-ar.csv
"$numdiff" "$expected/nvda-gap-ff3-ar.csv" gap-ar.csv

# GARCH(1,1), estimation -750:-11.  Two optimisers (GSL simplex on
# transformed parameters from a grid of 22 starts here; L-BFGS-B + BFGS
# with the analytic gradient on the natural ones from 28 starts of another
# grid in R) reach the same maximum: log L agrees to 1e-11.  (Until issue
# 11 both started from one point only and stopped at a local maximum for
# MSFT: a = 0.031, b = 0.345, log L 2322.456 instead of a = 0.0050,
# b = 0.988, log L 2323.471.)
# How far apart the parameters may be follows from the curvature: with
# both stopping within dF = 1e-12 |log L| of the maximum, parameter i is
# known to sqrt(2 dF (H^-1)_ii) (H the Hessian of -log L, optimHess),
# which models.R prints: at most 1.2e-4 relative for omega, a, b and
# beta, 5.4e-8 absolute for alpha (relative 2e-3: alpha is near 0).  So:
# omega, a, b to 2e-4; ARs and CARs, which move by |d alpha| + |d beta
# Rm| <= 2e-7, to 1e-5 relative + 3e-7; t and p (AR / 0.02) to 1e-5 +
# 2e-5.  Measured: parameters 5e-6, ARs 5e-8 absolute.  NVDA's maximum
# is degenerate (a = 0) in both: skipped.
run --model garch --estimation -750:-11 > garch-all.csv
grep -q '^1,Nvidia selloff,NVDA,.*,skipped,"GARCH(1,1) degenerate' garch-all.csv \
  || fail "NVDA garch not skipped as degenerate"
grep -v ',skipped,' garch-all.csv > garch-car.csv
cut -d, -f1-9,19 "$expected/selloff-garch-car.csv" > want.csv
cut -d, -f1-9,19 garch-car.csv > got.csv
"$numdiff" --rtol 1e-5 --atol 3e-7 want.csv got.csv
cut -d, -f10-18 "$expected/selloff-garch-car.csv" > want.csv
cut -d, -f10-18 garch-car.csv > got.csv
"$numdiff" --rtol 2e-4 --atol 2e-5 want.csv got.csv
run --model garch --estimation -750:-11 --table ar > garch-ar.csv
cut -d, -f1-10 "$expected/selloff-garch-ar.csv" > want.csv
cut -d, -f1-10 garch-ar.csv > got.csv
"$numdiff" --rtol 1e-5 --atol 3e-7 want.csv got.csv
cut -d, -f11-12 "$expected/selloff-garch-ar.csv" > want.csv
cut -d, -f11-12 garch-ar.csv > got.csv
"$numdiff" --rtol 1e-5 --atol 2e-5 want.csv got.csv
run --model garch --estimation -750:-11 --format json \
  | jq -r '.results[] | select(.status == "ok") | [.ticker, .estimation.garch.omega,
      .estimation.garch.arch, .estimation.garch.garch] | @csv' | tr -d '"' > got.csv
awk -F, 'NR > 1 && $6 == "ok" { print $1 "," $2 "," $3 "," $4 }' \
  "$expected/selloff-garch-params.csv" > want.csv
"$numdiff" --rtol 2e-4 want.csv got.csv
run --model garch --estimation -750:-11 --format json \
  | jq -r '.results[] | select(.status == "ok") | [.ticker, .estimation.garch.loglik] | @csv' \
  | tr -d '"' > got.csv
awk -F, 'NR > 1 && $6 == "ok" { print $1 "," $5 }' "$expected/selloff-garch-params.csv" > want.csv
"$numdiff" --rtol 1e-11 want.csv got.csv
