#!/bin/sh
# Issue 11, items 1 and 7: labels made of apostrophes.
# 1. gp_array (plot.c) sized its buffer as 2*strlen+6 while a leading
#    apostrophe took 4 bytes: the label '' (and 50 apostrophes, given to
#    both the label and the ticker) wrote past the heap buffer (ASan:
#    WRITE in gp_array; exit 134/139 without it).  The suite runs under
#    ASan/UBSan in CI, where the overflow fails this test.
# 2. Doubled apostrophes inside a label (Nvidia ''Blackwell'' launch) made
#    gnuplot 5.4 fail on 4 of 5 charts (exit 5).
# Checked: evstudy exits 0 (every chart drawn: 5 means gnuplot failed on
# one), every image is non-empty, and each label is drawn as written in
# the SVG key of the price chart ("ROW: LABEL") and the title of its car
# chart, also through --report.
. "$TOP_SRCDIR/tests/setup"
need_shared
command -v gnuplot >/dev/null || { echo "SKIP: gnuplot not installed"; exit 77; }
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"

q50=$(printf "%050d" 0 | tr 0 "'")
{
  echo 'date,label'
  echo "2025-01-27,''"
  echo "2025-01-29,Nvidia ''Blackwell'' launch"
  echo "2025-01-21,$q50"
  echo "2025-01-10,'a' ''b'' '''c''' '1 ''2"
} > q.csv
# The reproducer of item 1 as filed.
evstudy --events q.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --plot c > out.txt || fail "evstudy --plot exited $?"
# And with every kind of label position, the ticker too, in SVG and in a report.
evstudy --events q.csv --prices "$PRICES/NVDA.csv" --ticker "$q50" --market "$PRICES/SPY.csv" \
  --plot svg --plot-format svg --report rep > out.txt || fail "evstudy --plot --report exited $?"
for d in c svg rep; do
  n=0
  for f in "$d"/*.gp; do
    img=${f%.gp}.png
    [ "$d" = c ] || img=${f%.gp}.svg
    [ -s "$img" ] || fail "$img missing or empty"
    n=$((n + 1))
  done
  # 4 events: price, 4 car, 4 ar, 4 actual, caar, summary = 15 charts.
  [ "$n" -eq 15 ] || fail "$d: $n charts, expected 15"
done

# svg_texts FILE: the text elements of an SVG, XML entities decoded.
svg_texts () {
  sed -n 's/^[[:space:]]*<text[^>]*>\(.*\)<\/text>$/\1/p' "$1" |
    sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/'"'"'/g; s/&amp;/\&/g'
}
sed 1d q.csv | cut -d, -f2- | awk '{ print NR ": " $0 }' > want.txt
for f in svg/price-*.svg svg/summary.svg rep/price-*.svg; do
  svg_texts "$f" | grep '^[1-4]: ' > got.txt
  test_cmp want.txt got.txt
done
svg_texts svg/price-*.svg | grep -q "^$q50: Close from [-0-9]* to [-0-9]*, events at their day 0$" \
  || fail "ticker of 50 apostrophes not drawn as written"
n=0
sed 1d q.csv | cut -d, -f2- | while IFS= read -r label; do
  n=$((n + 1))
  svg_texts svg/car-$n-*.svg | grep -qxF "$label" || fail "label $n not the title of its car chart"
done
