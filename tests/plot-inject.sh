#!/bin/sh
# Nothing from the input is executed.  The events of
# tests/fixtures/events/inject.csv have the labels
#   `touch pwned`  $(touch pwned)  '; system("touch pwned"); '  EOD
#   "line one<newline>it's "quoted""  |touch pwned  <touch pwned
#   @ticker @label @x \n \\ {braces} ^_& ~ <b>bold</b> [link](x) *em*
# (gnuplot backquotes, shell syntax, system(), a datablock end marker, a
# line break and quotes, pipe and redirection file names, gnuplot macros
# of the template's own string variables, escapes, enhanced-text and
# Markdown/HTML markup), and the series is given the ticker
# `touch pwned`$(touch pwned).  Checked: no command ran (no file named
# pwned anywhere), every chart was drawn, file names are sanitized, and
# the labels are drawn as written, a line break as a space.
. "$TOP_SRCDIR/tests/setup"
need_shared
command -v gnuplot >/dev/null || { echo "SKIP: gnuplot not installed"; exit 77; }
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"

evstudy --events "$FIXTURES/events/inject.csv" --prices "$PRICES/NVDA.csv" \
  --ticker '`touch pwned`$(touch pwned)' --market "$PRICES/SPY.csv" \
  --plot charts --plot-format svg --report report --format csv > out.csv
[ -z "$(find . -name 'pwned*')" ] || fail "a command from the input ran"
[ -s charts/summary.svg ] && [ -s report/index.html ] || fail "charts or report missing"

# File names: letters, digits, '.', '_', '-', not starting with '.' or '-'.
bad=$(ls charts report | grep -v ':$' | grep -v '^$' | grep -v '^[A-Za-z0-9_][A-Za-z0-9._-]*$' || true)
[ -z "$bad" ] || fail "unsafe file names: $bad"

# svg_texts FILE: the text elements of an SVG, XML entities decoded.
svg_texts () {
  sed -n 's/^[[:space:]]*<text[^>]*>\(.*\)<\/text>$/\1/p' "$1" |
    sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/'"'"'/g; s/&amp;/\&/g'
}

cat > labels.txt <<'END'
1: `touch pwned`
2: $(touch pwned)
3: '; system("touch pwned"); '
4: EOD
5: line one it's "quoted"
6: |touch pwned
7: <touch pwned
8: @ticker @label @x \n \\ {braces} ^_& ~ <b>bold</b> [link](x) *em*
END
price=$(ls charts/price-*.svg)
svg_texts "$price" | grep '^[1-8]: ' > got.txt
test_cmp labels.txt got.txt
svg_texts "$price" | grep -qxF '`touch pwned`$(touch pwned): Close from 2024-01-08 to 2025-02-11, events at their day 0' \
  || fail "ticker not drawn as written in the price chart title"
svg_texts charts/summary.svg | grep '^[1-8]: ' > got.txt
test_cmp labels.txt got.txt

# Each label is the title of its event's charts.
n=0
sed 's/^[1-8]: //' labels.txt | while IFS= read -r label; do
  n=$((n + 1))
  for f in charts/car-$n-*.svg charts/ar-$n-*.svg charts/actual-$n-*.svg; do
    svg_texts "$f" | grep -qxF "$label" || fail "label $n not drawn as written in $f"
  done
done

# The report escapes the labels: no markup from the input survives.
grep -qF '&lt;b&gt;bold&lt;/b&gt;' report/index.html || fail "label not escaped in HTML"
! grep -q '<b>' report/index.html || fail "markup from a label in the HTML report"
! grep -qi '<script' report/index.html || fail "script in the HTML report"
grep -qF '\<b\>bold\</b\> \[link\](x) \*em\*' report/report.md || fail "label not escaped in Markdown"
