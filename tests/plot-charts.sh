#!/bin/sh
# Every chart kind is drawn from the Nvidia/Alibaba study of the README
# (NVDA, BABA -> SPY; 9988.HK -> HSI; datasets/releases.csv): gnuplot
# accepts each script (evstudy exits 0 only if gnuplot succeeded on all
# of them and every image is non-empty), each image has the requested
# format, and every script can be rerun by hand beside its data.
. "$TOP_SRCDIR/tests/setup"
need_shared
command -v gnuplot >/dev/null || { echo "SKIP: gnuplot not installed"; exit 77; }
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"

run () {
  evstudy --events "$TOP_SRCDIR/datasets/releases.csv" \
    --prices "$PRICES/NVDA.csv" --prices "$PRICES/BABA.csv" \
    --prices "$PRICES/9988.HK.csv" \
    --market "$PRICES/SPY.csv" --market "$PRICES/HSI.csv" --format csv "$@"
}

# The charts one expects: 3 price, 9 car, 27 ar and 27 actual (every
# pair is estimated), caar and summary.
expected_charts () {
  for t in NVDA BABA 9988.HK; do echo "price-$t"; done
  for e in 1-deepseek-v2-released-pri 2-alibaba-cloud-cuts-qwen \
           3-deepseek-v3-released 4-deepseek-assistant-app-p \
           5-deepseek-r1-released 6-kimi-k1-5-released \
           7-doubao-model-update-clai 8-deepseek-assistant-tops \
           9-qwen-2-5-max-launched-on; do
    echo "car-$e"
    for t in NVDA BABA 9988.HK; do echo "ar-$e-$t"; echo "actual-$e-$t"; done
  done
  echo caar; echo summary
}
expected_charts | LC_ALL=C sort > want.txt

# magic FILE FORMAT: FILE starts as an image of FORMAT does.
magic () {
  case $2 in
    png) [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ;;
    svg) head -c 400 "$1" | grep -q '<svg' ;;
    pdf) [ "$(head -c 5 "$1")" = '%PDF-' ] ;;
  esac
}

for fmt in png svg pdf; do
  run --plot "charts-$fmt" --plot-format $fmt > out.csv
  [ -s out.csv ] || fail "no results on stdout with --plot ($fmt)"
  ls "charts-$fmt" | sed -n "s/\.gp\$//p" | LC_ALL=C sort > got.txt
  test_cmp want.txt got.txt
  while read -r c; do
    [ -s "charts-$fmt/$c.dat" ] || fail "$c.dat missing or empty"
    [ -s "charts-$fmt/$c.$fmt" ] || fail "$c.$fmt missing or empty"
    magic "charts-$fmt/$c.$fmt" $fmt || fail "$c.$fmt is not a $fmt image"
  done < want.txt
  [ -s "charts-$fmt/price-NVDA.events.dat" ] || fail "no events file for price-NVDA"
done

# Scripts rerun by hand in their directory and redraw their image.
cd charts-png
for c in price-9988.HK car-9-qwen-2-5-max-launched-on caar summary; do
  rm "$c.png"
  gnuplot "$c.gp" 2> gp-err.txt || { cat gp-err.txt >&2; fail "gnuplot $c.gp failed"; }
  magic "$c.png" png || fail "rerun of $c.gp made no PNG"
done
cd ..

# Bad option values are usage errors.
expect_error 2 "invalid --plot-format 'gif': expected png, svg or pdf" \
  --events x --prices y --plot-format gif
expect_error 4 "nowhere: no chart templates (price.gp) in this directory" \
  --events "$TOP_SRCDIR/datasets/releases.csv" --prices "$PRICES/NVDA.csv" \
  --plot charts-x --plot-templates nowhere --format csv -o results.csv

# --gnuplot with a path relative to the current directory (gnuplot itself
# runs in the chart directory).
mkdir bin
ln -s "$(command -v gnuplot)" bin/gp
evstudy --events "$TOP_SRCDIR/datasets/releases.csv" --prices "$PRICES/NVDA.csv" \
  --format csv --plot charts-rel --gnuplot bin/gp > /dev/null
magic charts-rel/summary.png png || fail "no chart with --gnuplot bin/gp"

# A chart directory that cannot be made is an I/O error.
touch a-file
expect_error 4 "a-file: cannot create directory: Not a directory" \
  --events "$TOP_SRCDIR/datasets/releases.csv" --prices "$PRICES/NVDA.csv" \
  --format csv -o results.csv --plot a-file
