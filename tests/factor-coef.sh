#!/bin/sh
# The factor models' coefficients carry their OLS standard errors, t and
# p (issue 11, item 25): JSON estimation.coefficient_tests.NAME = {se, t,
# df, p}, se = sqrt(C_jj) with C = s^2 (X'X)^-1, t = estimate/se, p two-
# sided from Student's t with T - k df.
# Expected: tests/reference/expected/selloff-{ff3,ff5}-coef.csv, written
# by tests/reference/models.R from R's lm (summary(fit)$coefficients) on
# the same data as tests/golden-models.sh: NVDA, AMD, AVGO, TSM, MSFT vs
# SPY around 2025-01-27, estimation -250:-11, the Ken French files.  OLS
# in closed form: 1e-9 relative, as the other OLS goldens (measured:
# 1e-13 on estimates, se and t, 6e-14 on p = 1.7e-27).
. "$TOP_SRCDIR/tests/setup"
need_shared
numdiff="$TOP_BUILDDIR/tests/numdiff"
expected="$TOP_SRCDIR/tests/reference/expected"
FACTORS="$SHARED_DATA/factors"

check () {   # check NAME FACTOR-FILE
  evstudy --events "$FIXTURES/events/selloff.csv" \
    --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
    --prices "$PRICES/AVGO.csv" --prices "$PRICES/TSM.csv" \
    --prices "$PRICES/MSFT.csv" --market "$PRICES/SPY.csv" \
    --model "$1" --factors "$2" --format json > "$1.json"
  { echo "ticker,term,estimate,se,t,p,df"
    jq -r '.results[] | .ticker as $t | .estimation as $e
      | $e.coefficient_tests | to_entries[]
      | [$t, .key, $e.coefficients[.key], .value.se, .value.t, .value.p, .value.df] | @csv' "$1.json" \
      | tr -d '"'
  } > "$1-coef.csv"
  "$numdiff" "$expected/selloff-$1-coef.csv" "$1-coef.csv" || fail "$1 coefficients"
}
check ff3 "$FACTORS/F-F_Research_Data_Factors_daily.csv"
check ff5 "$FACTORS/F-F_Research_Data_5_Factors_2x3_daily.csv"
