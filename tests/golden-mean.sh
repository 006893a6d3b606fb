#!/bin/sh
# Constant-mean model (no market): NVDA alone, all nine events, defaults.
# Expected numbers: tests/reference/expected/nvda-mean-car.csv, written by
# the independent base-R reference tests/reference/study.R (alpha = mean,
# sigma^2 with T-1, Var(CAR) = sigma^2 (L + L^2/T), df = T-1).
. "$TOP_SRCDIR/tests/setup"
need_shared
expected="$TOP_SRCDIR/tests/reference/expected"

evstudy --events "$TOP_SRCDIR/datasets/releases.csv" \
  --prices "$PRICES/NVDA.csv" --format csv > car.csv
"$TOP_BUILDDIR/tests/numdiff" "$expected/nvda-mean-car.csv" car.csv
