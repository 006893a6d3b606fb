#!/bin/sh
# Without gnuplot: the results, the scripts and the data are still
# written, one warning says how to draw the charts, no image is made and
# the exit status is 5 (EVS_ENOPLOT).  Same when gnuplot fails on a
# script (a template with a gnuplot error).
. "$TOP_SRCDIR/tests/setup"
need_shared
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"

run () {
  evstudy --events "$TOP_SRCDIR/datasets/releases.csv" --prices "$PRICES/NVDA.csv" \
    --market "$PRICES/SPY.csv" --format csv "$@"
}

set +e
run --plot charts --gnuplot ./no-such-gnuplot > out.csv 2> err.txt
status=$?
set -e
[ "$status" -eq 5 ] || fail "exit status $status, expected 5"
[ -s out.csv ] || fail "results not written"
printf '%s\n' "evstudy: warning: ./no-such-gnuplot not found: charts not drawn; their scripts and data are in charts: install gnuplot (Debian: gnuplot-nox) and run 'gnuplot NAME.gp' there, or pass --gnuplot PATH" > want_err.txt
test_cmp want_err.txt err.txt
for c in price-NVDA car-9-qwen-2-5-max-launched-on ar-9-qwen-2-5-max-launched-on-NVDA caar summary; do
  [ -s "charts/$c.gp" ] && [ -s "charts/$c.dat" ] || fail "$c script or data missing"
  [ ! -e "charts/$c.png" ] || fail "$c.png drawn without gnuplot"
done

# gnuplot present but a (user's) template is broken: same status, and
# the message names the script and gnuplot's complaint.
command -v gnuplot >/dev/null || exit 0
mkdir tpl
cp "$TOP_SRCDIR"/plots/*.gp tpl/
echo 'plot no_such_function(x)' >> tpl/caar.gp
set +e
run --plot charts2 --plot-templates tpl > out2.csv 2> err2.txt
status=$?
set -e
[ "$status" -eq 5 ] || fail "exit status $status with a broken template, expected 5"
# 30 charts: price, caar, summary, and car, ar and actual for each of 9 events.
line=$(wc -l < tpl/caar.gp)
printf '%s\n' "evstudy: warning: gnuplot failed on 1 of 30 charts in charts2 (first: caar.gp: \"caar.gp\" line $line: undefined function: no_such_function)" > want_err2.txt
test_cmp want_err2.txt err2.txt
[ -s charts2/summary.png ] || fail "other charts not drawn"
