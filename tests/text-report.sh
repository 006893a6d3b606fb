#!/bin/sh
# Issue 11, items 8, 14 and 15: label text in the report.
# 8.  A label with bytes that are not UTF-8 (FF FE, a lone C3) and ]]>
#     gave invalid SVG charts (shown as broken images) and invalid
#     UTF-8 in index.html and report.md.  Now bad bytes become U+FFFD
#     (EF BF BD) before any chart or report sees them: every SVG of the
#     report is well-formed XML (xmllint, Debian libxml2-utils; skipped
#     without it) and both documents are valid UTF-8 (iconv).
# 14. Headings cut "Event 1: LABEL" at 599 bytes, inside a character:
#     "x" and 400 'é' (2 bytes each) kept 599 - 9 - 1 = 589 bytes of
#     'é', 294 and a half.  Now the heading shows at most 200 bytes of
#     the label (report.c, REPORT_HEADING_MAX), cut between characters,
#     ellipsis (3 bytes) included: 197 bytes = "x" and 98 whole 'é',
#     then "…".
# 15. URLs, www. names and e-mail addresses in labels became links in
#     report.md under GitHub Flavored Markdown (extended autolinks).  Now
#     ':' before "//", the '.' of "www." and '@' are backslash-escaped
#     (report.c, md_autolink_char, explains why that suffices for GFM);
#     checked on the text, and, when pandoc is installed, by rendering
#     report.md as GFM (its autolink_bare_uris extension) and finding no
#     link from a label.
. "$TOP_SRCDIR/tests/setup"
need_shared
command -v gnuplot >/dev/null || { echo "SKIP: gnuplot not installed"; exit 77; }
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"

e400=x$(printf '%0400d' 0 | sed 's/0/\xc3\xa9/g')
{
  echo 'date,label,company'
  echo "2025-01-27,$e400,Acme"
  echo '2025-01-29,"see https://example.com/a and WWW.example.com and a@b.co, mailto:c@d.org <https://y.z>",C'
  printf '2025-01-10,bad \377\376 x\303 ]]> end,C\n'
} > ev.csv
evstudy --events ev.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" --report rep \
  > out.txt || fail "evstudy exited $?"

# 8: well-formed SVG, valid UTF-8, U+FFFD for the bad bytes.
ls rep/*.svg > svgs.txt
[ "$(wc -l < svgs.txt)" -eq 12 ] || fail "expected 12 SVG charts, got $(wc -l < svgs.txt)"
if command -v xmllint >/dev/null; then
  xmllint --noout rep/*.svg || fail "an SVG chart of the report is not well-formed XML"
else
  echo "xmllint not installed (Debian libxml2-utils): SVG well-formedness not checked"
fi
for f in rep/index.html rep/report.md rep/*.svg; do
  iconv -f UTF-8 -t UTF-8 "$f" > /dev/null || fail "$f is not valid UTF-8"
done
fffd=$(printf '\357\277\275')
grep -qF "<h2>Event 3: bad $fffd$fffd x$fffd ]]&gt; end</h2>" rep/index.html \
  || fail "bad bytes not shown as U+FFFD in the HTML heading"

# 14: "x", 98 whole 'é' and the ellipsis.
e98=x$(printf '%098d' 0 | sed 's/0/\xc3\xa9/g')
grep -qxF "<h2>Event 1: $e98$(printf '\342\200\246')</h2>" rep/index.html \
  || fail "HTML heading not cut on a character boundary"
grep -qxF "## Event 1: $e98$(printf '\342\200\246')" rep/report.md \
  || fail "Markdown heading not cut on a character boundary"
# The tables still show the whole label.
grep -qF "| 1 | $e400 |" rep/report.md || fail "whole label not in the summary table"

# 15: escaped in the Markdown text.
grep -qxF '## Event 2: see https\://example.com/a and WWW\.example.com and a\@b.co, mailto:c\@d.org \<https\://y.z\>' \
  rep/report.md || fail "autolinks of the label not escaped in report.md"
if command -v pandoc >/dev/null; then
  pandoc -f gfm -t html rep/report.md > md.html || fail "pandoc failed"
  grep -F 'example' md.html > /dev/null || fail "label missing from the rendered Markdown"
  ! grep -E 'href="(https?|mailto):' md.html || fail "a label became a link in rendered GFM"
else
  echo "pandoc not installed: report.md not rendered as GFM"
fi
