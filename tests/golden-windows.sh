#!/bin/sh
# Market model with a user estimation window, windows and minimum:
# NVDA against SPY, estimation [-200,-21] (180 returns), windows [-2,2] and
# [0,3], --min-estimation 150.
# Expected numbers: tests/reference/expected/nvda-windows-car.csv, written
# by the independent base-R reference tests/reference/study.R.
. "$TOP_SRCDIR/tests/setup"
need_shared
expected="$TOP_SRCDIR/tests/reference/expected"

evstudy --events "$TOP_SRCDIR/datasets/releases.csv" \
  --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --estimation -200:-21 --window -2:2 --window 0:3 --min-estimation 150 \
  --format csv > car.csv
"$TOP_BUILDDIR/tests/numdiff" "$expected/nvda-windows-car.csv" car.csv
