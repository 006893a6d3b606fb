#!/bin/sh
# evstudy intraday --report DIR (issue 16) on the generated bars of
# intraday-text.sh (tests/bargen seed 42, the +0.03 jump in NVDA at 10:47
# New York time on 2025-01-29): the page puts the findings first, as the
# daily report does, and escapes what comes from the input.
#  1. index.html and report.md; the sections in order: Headlines, Summary,
#     Across pairs, the events, Warnings, Parameters, Data; the headline
#     of NVDA is the --format text sentence of the same run (its "p <"
#     HTML-escaped), the skipped pair is in the warnings,
#     the across-pairs table has the CSV aggregate's CAAR of 0:0 (percent,
#     2 decimals) over 2 pairs; a chart per studied pair, drawn (SVG by
#     default) and referenced by the page.
#  2. Hostile labels and tickers: quotes, backquotes, a newline, <script>,
#     an escape, 3,000 bytes: no raw <script> nor control byte in the HTML
#     (entities instead), the Markdown has them backslashed; the long
#     label whole in the sentences, cut to 80 bytes in the summary table
#     (it pushed the numbers off the page in the screenshot).
#  3. --report into a directory holding other files is refused (exit 4)
#     and leaves it alone; without --events it is a usage error; without
#     gnuplot the page is still written and the exit status is 5.
. "$TOP_SRCDIR/tests/setup"
need_shared
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"
"$TOP_BUILDDIR/tests/bargen" 42 2025-01-13 2025-02-07 . \
  SPY:"$PRICES/SPY.csv":-:1 NVDA:"$PRICES/NVDA.csv":SPY:1.8 \
  ^HSI:"$PRICES/HSI.csv":-:1 9988.HK:"$PRICES/9988.HK.csv":^HSI:1.2 --jump NVDA:1738165620:0.03
printf 'date,label,tickers\n2025-01-29T10:47-05:00,Injected jump,\n2025-01-02T10:00-05:00,Too early,NVDA\n' > ev.csv
M="--prices NVDA.csv --market SPY.csv --prices 9988.HK.csv --market ^HSI.csv"
W="--window 0:0 --window 0:4 --window -30:60"
evstudy intraday --events ev.csv $M $W --report rep > car.csv
[ -s rep/index.html ] && [ -s rep/report.md ] || fail "no report"
prev=0
for h in '<h2>Headlines</h2>' '<h2>Summary</h2>' '<h2>Across pairs</h2>' \
         '<h2>Event 1: Injected jump' '<h2>Warnings</h2>' '<h2>Parameters</h2>' '<h2>Data</h2>'; do
  at=$(grep -nF "$h" rep/index.html | head -1 | cut -d: -f1)
  [ -n "$at" ] && [ "$at" -gt "$prev" ] || fail "section $h missing or out of order"
  prev=$at
done
evstudy intraday --events ev.csv $M $W --format text > out.txt
sent=$(grep -F '[0:0] NVDA rose' out.txt | sed 's/^  \[0:0\] //; s/</\&lt;/g; s/>/\&gt;/g')
[ -n "$sent" ] || fail "no sentence to compare"
head=$(sed -n '/<h2>Headlines<\/h2>/,/<h2>Summary<\/h2>/p' rep/index.html)
printf '%s\n' "$head" | grep -qF "$sent" || fail "the headline is not the text's sentence"
grep -qF 'skipped: event 2 (Too early) on NVDA: ' rep/index.html || fail "skipped pair not warned"
evstudy intraday --events ev.csv $M $W --table aggregate > agg.csv
caar=$(awk -F, '$1 == "caar" && $2 == "0:0" { printf "%.2f", 100 * $5 }' agg.csv)
grep -qF "<tr><td>0:0</td><td>2</td><td>$caar</td>" rep/index.html || fail "across pairs: CAAR $caar"
for n in intraday-1-NVDA intraday-2-9988.HK; do
  [ -s "rep/$n.svg" ] || fail "chart $n not drawn"
  grep -qF "<img src=\"$n.svg\"" rep/index.html || fail "chart $n not on the page"
done

# 2.
long=$(awk 'BEGIN { while (n++ < 3000) printf "x" }')
esc=$(printf '\033')
{ printf 'date,label,tickers\n'
  printf '2025-01-29T10:47-05:00,"a\nb %s[31m `x` ""q"" <script>alert(1)</script>",\n' "$esc"
  printf '2025-01-29T10:47-05:00,%s,\n' "$long"; } > hostile.csv
awk -F, -v OFS=, 'NR > 1 { $1 = "\"<b>N\"\"V`D\"" } { print }' NVDA.csv > hostile-ticker.csv
evstudy intraday --events hostile.csv --prices hostile-ticker.csv --market SPY.csv $W \
  --report reph > h.csv
if grep -n '<script>\|<b>N' reph/index.html; then fail "raw markup from the input in the HTML"; fi
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' reph/index.html || fail "label not escaped"
grep -qF '&lt;b&gt;N&quot;V`D' reph/index.html || fail "ticker not escaped"
LC_ALL=C tr -d '\n' < reph/index.html | LC_ALL=C grep -q '[[:cntrl:]]' && fail "a control byte in the HTML"
grep -qF '\<script\>alert(1)\</script\>' reph/report.md || fail "label not escaped in Markdown"
grep -q "x\{3000\}" reph/index.html || fail "the long label is cut in the sentences"
# ... but cut in the summary table's cell (77 x and an ellipsis, 80 bytes)
grep -q "<td>x\{77\}…</td>" reph/index.html || fail "the long label is not cut in the summary"

# A volume report: the across-pairs section in CAAV with its GRANK, the
# charts in log units.
evstudy intraday --events ev.csv --prices NVDA.csv --prices 9988.HK.csv $W --measure volume \
  --report repv > v.csv
grep -qF '<th>CAAV</th>' repv/index.html || fail "volume report"
grep -q '^K = 1 ' repv/intraday-1-NVDA.gp || fail "volume chart of the report not in log units"

# 3.
mkdir other && echo keep > other/notes.txt
set +e
evstudy intraday --events ev.csv $M $W --report other > o.csv 2> err.txt
s=$?
set -e
[ "$s" -eq 4 ] || fail "exit $s for a directory of other files, expected 4"
grep -q 'exists and is not an evstudy report' err.txt || { cat err.txt; fail "no reason given"; }
[ "$(cat other/notes.txt)" = keep ] && [ "$(ls other)" = notes.txt ] || fail "other files touched"
expect_error 2 "--report needs --events FILE" intraday --prices NVDA.csv --table series --report r2
set +e
evstudy intraday --events ev.csv $M $W --report nog --gnuplot ./no-such-gnuplot > o.csv 2> err.txt
s=$?
set -e
[ "$s" -eq 5 ] || fail "exit $s without gnuplot, expected 5"
[ -s nog/index.html ] && grep -q 'not drawn' nog/index.html || fail "page without gnuplot"
