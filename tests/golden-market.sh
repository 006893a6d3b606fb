#!/bin/sh
# Market model, two markets chosen by exchange (NVDA, BABA -> SPY;
# 9988.HK -> HSI), all nine events of datasets/releases.csv, default
# estimation [-250,-11] and windows.
# Expected numbers: tests/reference/expected/nvda-baba-9988-{car,ar}.csv,
# written by the independent base-R reference tests/reference/study.R
# (OLS by explicit (X'X)^-1, Var(CAR) = g'sigma^2(I + X*(X'X)^-1X*')g,
# p from R's pt; MacKinlay 1997), cross-checked with numpy.
. "$TOP_SRCDIR/tests/setup"
need_shared
expected="$TOP_SRCDIR/tests/reference/expected"
numdiff="$TOP_BUILDDIR/tests/numdiff"

run () {
  evstudy --events "$TOP_SRCDIR/datasets/releases.csv" \
    --prices "$PRICES/NVDA.csv" --prices "$PRICES/BABA.csv" \
    --prices "$PRICES/9988.HK.csv" \
    --market "$PRICES/SPY.csv" --market "$PRICES/HSI.csv" --format csv "$@"
}

run > car.csv
"$numdiff" "$expected/nvda-baba-9988-car.csv" car.csv

run --table ar > ar.csv
"$numdiff" "$expected/nvda-baba-9988-ar.csv" ar.csv
