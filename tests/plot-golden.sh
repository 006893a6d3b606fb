#!/bin/sh
# The chart data and scripts of the README's Nvidia/Alibaba study.
# Data: compared cell by cell (tests/numdiff, 1e-9 relative, 1e-15
# absolute for values near zero) with tests/reference/expected/plots/*.csv,
# written by the independent base-R reference tests/reference/plots.R
# from the functions of tests/reference/study.R (see its header for every
# formula).  Scripts: compared byte for byte with tests/plots/expected/,
# the filled templates as reviewed by hand (no absolute path, date or
# version inside, so they do not change from run to run).
# gnuplot is not needed: the scripts and data are written without it.
. "$TOP_SRCDIR/tests/setup"
need_shared
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"
expected="$TOP_SRCDIR/tests/reference/expected/plots"
scripts="$TOP_SRCDIR/tests/plots/expected"
numdiff="$TOP_BUILDDIR/tests/numdiff"

set +e
evstudy --events "$TOP_SRCDIR/datasets/releases.csv" \
  --prices "$PRICES/NVDA.csv" --prices "$PRICES/BABA.csv" \
  --prices "$PRICES/9988.HK.csv" \
  --market "$PRICES/SPY.csv" --market "$PRICES/HSI.csv" --format csv \
  --plot charts --gnuplot ./no-gnuplot-here > out.csv 2> err.txt
status=$?
set -e
[ "$status" -eq 5 ] || { cat err.txt >&2; fail "exit status $status, expected 5 without gnuplot"; }

# dat2csv FILE: a chart data file as CSV: the header comment without its
# '# ', other comments and blank lines dropped, tabs to commas.
dat2csv () {
  sed -e '1s/^# //' -e '2,$ { /^#/d; /^$/d; }' -e 's/\t/,/g' "$1"
}

for f in "$expected"/*.csv; do
  name=$(basename "$f" .csv)
  dat2csv "charts/$name.dat" > "$name.csv"
  "$numdiff" --rtol 1e-9 --atol 1e-15 "$f" "$name.csv" || fail "$name.dat differs from $f"
done

for f in "$scripts"/*.gp; do
  test_cmp "$f" "charts/$(basename "$f")"
done
