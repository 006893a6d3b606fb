#!/bin/sh
# Market-adjusted model on log returns: BABA against SPY, all nine events.
# Expected numbers: tests/reference/expected/baba-madj-log-{car,ar}.csv,
# written by the independent base-R reference tests/reference/study.R
# (AR = R - Rm with R = log(P_t/P_{t-1}); alpha 0, beta 1; sigma^2 = sample
# variance of estimation ARs; Var(CAR) = L sigma^2; df = T-1).
. "$TOP_SRCDIR/tests/setup"
need_shared
expected="$TOP_SRCDIR/tests/reference/expected"
numdiff="$TOP_BUILDDIR/tests/numdiff"

run () {
  evstudy --events "$TOP_SRCDIR/datasets/releases.csv" \
    --prices "$PRICES/BABA.csv" --market "$PRICES/SPY.csv" \
    --model market-adjusted --returns log --format csv "$@"
}

run > car.csv
"$numdiff" "$expected/baba-madj-log-car.csv" car.csv

run --table ar > ar.csv
"$numdiff" "$expected/baba-madj-log-ar.csv" ar.csv
