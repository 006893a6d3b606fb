#!/bin/sh
# Cross-sectional regressions (issue 13) on the real shared data against
# R: the CAR[-1,1] and CAR[0,0] of NVDA AMD AVGO TSM MSFT BABA BIDU
# 0700.HK 9988.HK (markets SPY and HSI) around the nine events of
# datasets/releases.csv, regressed on tests/fixtures/regress/
# characteristics.csv (README.md there says where each value comes from).
# Expected: tests/reference/expected/regress-releases-*.csv, written by
# tests/reference/regress.R (the CARs from study.R's functions; lm,
# sandwich::vcovHC and vcovCL, lmtest::coeftest and coefci; the Wald F by
# hand): every estimate, se, t, p, interval, R2 and F to 1e-8 relative
# (numdiff; empty cells where R's two-way variance is negative).
. "$TOP_SRCDIR/tests/setup"
need_shared
expected="$TOP_SRCDIR/tests/reference/expected"
numdiff="$TOP_BUILDDIR/tests/numdiff"

run () {
  evstudy --events "$TOP_SRCDIR/datasets/releases.csv" \
    --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" --prices "$PRICES/AVGO.csv" \
    --prices "$PRICES/TSM.csv" --prices "$PRICES/MSFT.csv" --prices "$PRICES/BABA.csv" \
    --prices "$PRICES/BIDU.csv" --prices "$PRICES/0700.HK.csv" --prices "$PRICES/9988.HK.csv" \
    --market "$PRICES/SPY.csv" --market "$PRICES/HSI.csv" \
    --characteristics "$FIXTURES/regress/characteristics.csv" \
    --format csv --table regress "$@"
}

for vcov in classical hc0 hc1 hc2 hc3 cluster:ticker cluster:event cluster:ticker,event; do
  name=$(echo "$vcov" | tr ':,' '--')
  run --vcov "$vcov" --regress 'car[-1,1] ~ beta + china + ai_share' \
    --regress 'car[0,0] ~ C(sector) + revenue_usd_bn' > "$name.csv" 2> "$name.err"
  "$numdiff" --rtol 1e-8 "$expected/regress-releases-$name.csv" "$name.csv" \
    || fail "--vcov $vcov differs from R"
done
# The two-way variance of ai_share is negative in R too: a warning says so.
grep -q "two-way clustered variance of 'ai_share' is negative" cluster-ticker-event.err \
  || fail "no warning about the negative two-way variance"

# WLS with weights 1/Var(CAR) (R: lm(weights = 1/se^2), vcovHC HC3).
run --regress-weights inverse-variance --vcov hc3 \
  --regress 'car[-1,1] ~ beta + china + ai_share' > wls.csv
"$numdiff" --rtol 1e-8 "$expected/regress-releases-wls.csv" wls.csv

# SCAR and BHAR as Y, and a model without intercept.
run --vcov hc1 --regress 'scar[-1,1] ~ beta + china' \
  --regress 'bhar[-1,1] ~ ai_share + china - 1' > scar-bhar.csv
"$numdiff" --rtol 1e-8 "$expected/regress-releases-scar-bhar.csv" scar-bhar.csv
