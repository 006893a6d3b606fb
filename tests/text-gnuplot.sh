#!/bin/sh
# Issue 11, items 7 and 8: any label survives gnuplot, and SVG charts
# stay well-formed XML.  tests/text-labels writes 120 events whose labels
# are generated hostile text (random printable ASCII heavy in quotes,
# backslashes, backquotes and '@'; random bytes but NUL; awkward UTF-8;
# known troublemakers such as '', ]]>, @label, `touch pwned`, "\0047",
# a trailing backslash; 1-3 KB labels), grouped by six hostile company
# values, on a series with a hostile ticker.  Checked with the real
# gnuplot:
# - evstudy exits 0: gnuplot parsed every script and drew every chart
#   (exit 5 would mean it failed on one), and every image is non-empty;
# - nothing ran (no file named pwned, no file in the scratch directory
#   but evstudy's own);
# - every SVG (charts and the report's) is well-formed XML (xmllint,
#   Debian libxml2-utils; skipped without it);
# - each printable label comes back as written: the title of its
#   car-ROW chart (expected lines from text-labels, the labels as it
#   wrote them);
# - a few charts in PNG, non-empty.
. "$TOP_SRCDIR/tests/setup"
need_shared
command -v gnuplot >/dev/null || { echo "SKIP: gnuplot not installed"; exit 77; }
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"

"$TOP_BUILDDIR/tests/text-labels" 11 120 expect.txt > ev.csv
[ "$(wc -l < expect.txt)" -ge 50 ] || fail "too few labels to check: $(wc -l < expect.txt)"
ticker=$(printf "'\`touch pwned\`@x \"\\\\ ]]> \377 \$(touch pwned)")
evstudy --events ev.csv --prices "$PRICES/NVDA.csv" --ticker "$ticker" --market "$PRICES/SPY.csv" \
  --group-by company --plot charts --plot-format svg --report rep > out.txt \
  || fail "evstudy exited $? (5: gnuplot failed on a chart)"
[ -z "$(find . -name pwned)" ] || fail "a command from the input ran"
[ -z "$(ls | grep -v -e '^ev.csv$' -e '^expect.txt$' -e '^out.txt$' -e '^charts$' -e '^rep$')" ] \
  || fail "unexpected files: $(ls)"
n=0
for f in charts/*.gp rep/*.gp; do
  [ -s "${f%.gp}.svg" ] || fail "${f%.gp}.svg missing or empty"
  n=$((n + 1))
done
# 120 events on one series: 120 car, 120 ar and 120 actual charts,
# price, caar, summary, and caar-company-VALUE for the 6 companies = 369,
# twice.
[ "$n" -eq 738 ] || fail "$n charts, expected 738"

if command -v xmllint >/dev/null; then
  xmllint --noout charts/*.svg rep/*.svg || fail "an SVG chart is not well-formed XML"
else
  echo "xmllint not installed (Debian libxml2-utils): SVG well-formedness not checked"
fi

# svg_texts FILE: the text elements of an SVG, XML entities decoded.
svg_texts () {
  sed -n 's/^[[:space:]]*<text[^>]*>\(.*\)<\/text>$/\1/p' "$1" |
    sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/'"'"'/g; s/&amp;/\&/g'
}
# Titles are wrapped at spaces (issue 14), so the label's characters
# other than spaces must come back in order across the title's lines;
# a title holds at most four lines of 90 characters, so of a longer
# label its first 150 bytes (less a split character at the end).
while IFS= read -r line; do
  row=${line%%: *} label=${line#*: }
  drawn=$(svg_texts charts/car-"$row"-*.svg | tr -d ' \n')
  want=$(printf '%s' "$label" | tr -d ' ')
  [ ${#label} -le 300 ] || want=$(printf '%s' "$want" | head -c 150 | sed 's/[^ -~]*$//')
  case $drawn in
    *"$want"*) ;;
    *) fail "label $row not drawn as written: $label" ;;
  esac
done < expect.txt

# PNG: the first 12 events.
head -n 13 ev.csv > ev12.csv
evstudy --events ev12.csv --prices "$PRICES/NVDA.csv" --ticker "$ticker" --market "$PRICES/SPY.csv" \
  --plot png > out.txt || fail "evstudy --plot png exited $?"
n=0
for f in png/*.gp; do
  [ -s "${f%.gp}.png" ] || fail "${f%.gp}.png missing or empty"
  n=$((n + 1))
done
[ "$n" -eq 39 ] || fail "$n png charts, expected 39 (12 car, ar and actual, price, caar, summary)"
