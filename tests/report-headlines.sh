#!/bin/sh
# The report people publish (issue 14): findings first, metadata, the
# confounding marker beside starred results, price charts last, and for a
# store run what changed since the previous run.
# Expected numbers: the sentences are checked against --format text
# (whose numbers tests/findings.sh checks against study.R); the dates
# "as of" are the last rows of the price files (read here with tail); the
# NVDA confounders (4 in [-5,+5], days -4, -4, -3, +2) are those the
# README lists from the table; the significance change comes from a price
# edited on purpose.
. "$TOP_SRCDIR/tests/setup"
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"
need_shared
export SOURCE_DATE_EPOCH=1700000000   # 2023-11-14 22:13 UTC (date -u -d @1700000000)

run () {
  evstudy --events "$TOP_SRCDIR/datasets/releases.csv" \
    --prices "$PRICES/NVDA.csv" --prices "$PRICES/BABA.csv" \
    --prices "$PRICES/9988.HK.csv" \
    --market "$PRICES/SPY.csv" --market "$PRICES/HSI.csv" "$@"
}

run --format text > text.txt
run --report rep --gnuplot /nonexistent/gnuplot > /dev/null 2>&1 || true
md=rep/report.md html=rep/index.html
[ -s "$md" ] && [ -s "$html" ] || fail "no report"

# Order: about, headlines, summary, events, warnings, parameters, data,
# prices last.
line () { grep -n "^## $1" "$md" | head -1 | cut -d: -f1; }
h=$(line Headlines) s=$(line Summary) e=$(line 'Event 1') w=$(line Warnings) \
  pa=$(line Parameters) d=$(line Data)
[ -n "$h" ] && [ "$h" -lt "$s" ] && [ "$s" -lt "$e" ] && [ "$e" -lt "$w" ] \
  && [ "$w" -lt "$pa" ] && [ "$pa" -lt "$d" ] || fail "section order: $h $s $e $w $pa $d"
# Without gnuplot no chart is drawn, but the price charts' places come after
# the data table: the last "not drawn" paragraph is a price chart.
grep 'Chart .* not drawn' "$md" | tail -1 | grep -q 'Chart price-' || fail "price charts not last"
awk -v h="$h" 'NR < h && /^## /' "$md" | grep -q . && fail "a section before the headlines"

# The first headline is the smallest p of the run: NVDA's [0, 0] on event 8
# (p = 8.3e-07 in the README's table), with its sentence as --format text
# writes it (Markdown-escaped: [ ] < are backslashed).
first=$(grep -n '^- \*\*' "$md" | head -1 | cut -d: -f1)
sed -n "${first}p" "$md" | grep -qF '**NVDA, event 8 (2025-01-27): DeepSeek assistant tops' \
  || fail "first headline: $(sed -n "${first}p" "$md")"
want=$(grep -F '[0, 0] NVDA fell 16.97% on 2025-01-27' text.txt | sed 's/^  //; s/\[/\\[/g; s/\]/\\]/g; s/</\\</g')
grep -qF "$want" "$md" || fail "the NVDA sentence is not in report.md"
# Every headline sentence is a p < 0.05 line of the text format: 17 of them.
n=$(grep -c 'p < 0.001)\|p = 0.0[0-4][0-9])' text.txt)
[ "$n" -eq 17 ] || fail "text has $n significant sentences"
grep -qF "The 17 results with p \\< 0.05" "$md" || fail "headline count"
# In HTML, the sentence is escaped text inside the list.
grep -qF 'the −13.33% abnormal return is 5.1 standard errors from zero (p &lt; 0.001)' "$html" \
  || fail "the NVDA sentence is not in index.html"

# Metadata: data as of the last price of each market, time written, command.
spy=$(tail -1 "$PRICES/SPY.csv" | cut -d, -f1) hsi=$(tail -1 "$PRICES/HSI.csv" | cut -d, -f1)
grep -qxF -- "- Data as of: SPY $spy, ^HSI $hsi (last price date of each market)" "$md" \
  || fail "data as of ($spy, $hsi)"
grep -qxF -- "- Written 2023-11-14 22:13 UTC by evstudy $(evstudy --version | head -1 | awk '{print $NF}')" "$md" \
  || { grep Written "$md"; fail "time written"; }
# (Markdown escapes the '_' of a build directory such as distcheck's
# _build: compare without the backslashes.)
sed 's/\\//g' "$md" | grep -qF -- "- Command: evstudy --events $TOP_SRCDIR/datasets/releases.csv --prices $PRICES/NVDA.csv" \
  || { grep Command "$md"; fail "command"; }
! grep -q '^- Run ' "$md" || fail "a run number for a run from files"

# The confounding marker: with -1:1 as main window NVDA event 8 is ** with
# its four other events nearby, none inside the window (double dagger);
# with -5:5 first, they are inside it (dagger).
grep -F '| 8 | DeepSeek assistant tops' "$md" | grep -F '| NVDA |' | grep -qF '| \*\* ‡ 4 other events nearby |' \
  || fail "no double dagger on NVDA event 8"
run --window -5:5 --report rep5 --gnuplot /nonexistent/gnuplot > /dev/null 2>&1 || true
grep -F '| 8 | DeepSeek assistant tops' rep5/report.md | grep -F '| NVDA |' \
  | grep -qF '| \* † 4 other events in the window |' || fail "no dagger on NVDA event 8"
# An unstarred result has no marker (NVDA event 9, p = 0.18 over -5:5).
grep -F '| 9 | Qwen' rep5/report.md | grep -F '| NVDA |' | grep -q '[†‡]' && fail "marker on an unstarred result"

# Hostile command-line text is escaped: an events file named with markup.
cp "$TOP_SRCDIR/datasets/releases.csv" 'ev <b>"x"<i> `id`.csv'
evstudy --events 'ev <b>"x"<i> `id`.csv' --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --report reph --gnuplot /nonexistent/gnuplot > /dev/null 2>&1 || true
grep -q '<b>' reph/index.html && fail "markup from the command line in index.html"
grep -qF "Command: evstudy --events &#39;ev &lt;b&gt;&quot;x&quot;&lt;i&gt; \`id\`.csv&#39;" reph/index.html \
  || grep -qF "&#39;ev &lt;b&gt;&quot;x&quot;&lt;i&gt; \`id\`.csv&#39;" reph/index.html \
  || { grep Command reph/index.html; fail "command not shell-quoted and escaped"; }

# A store run: run number, generation, and "since the previous run".
head -n 3798 "$PRICES/NVDA.csv" > NVDA.csv     # up to 2025-02-05
cp "$PRICES/SPY.csv" SPY.csv
evstudy import --db s.db NVDA.csv SPY.csv --events "$TOP_SRCDIR/datasets/releases.csv" > /dev/null
evstudy run --db s.db --market SPY --format csv -o a.csv --report srep \
  --gnuplot /nonexistent/gnuplot 2> /dev/null || true
# One import generation per file imported: NVDA.csv, SPY.csv, the events.
grep -qxF -- "- Run 1 of the store, on prices as of import generation 3" srep/report.md \
  || { grep Run srep/report.md; fail "run 1"; }
grep -qxF "This is the first run of these options in the store." srep/report.md || fail "first run"
grep -qxF -- "- Command: evstudy run --db s.db --market SPY --format csv -o a.csv --report srep --gnuplot /nonexistent/gnuplot" srep/report.md \
  || fail "the store command"
# Two new rows (2025-02-06, 2025-02-07), a new event, and the day-0 price
# of 2025-01-27 (line 3791) edited back to the 24th's close: NVDA's
# [0, 0] AR on event 8 is no longer significant.
head -n 3800 "$PRICES/NVDA.csv" | awk -F, -v OFS=, 'NR == 3791 { $2 = 142.5732879638672 } 1' > NVDA.csv
{ cat "$TOP_SRCDIR/datasets/releases.csv"; echo '2025-01-29,,,Test,A new event,x,,'; } > ev.csv
evstudy import --db s.db NVDA.csv --events ev.csv > /dev/null 2>&1
evstudy run --db s.db --market SPY --format csv -o a.csv --report srep \
  --gnuplot /nonexistent/gnuplot 2> /dev/null || true
sm=srep/report.md
grep -qxF -- "- Run 2 of the store, on prices as of import generation 5" "$sm" || fail "run 2"
grep -qxF "Compared with run 1 (prices as of import generation 3)." "$sm" || fail "compared with"
grep -qxF -- "- New event 10 (2025-01-29): A new event" "$sm" || fail "new event"
grep -qxF -- "- NVDA: 2 new prices, 2025-02-06 to 2025-02-07" "$sm" || fail "new prices"
grep -qxF -- "- NVDA: 1 earlier price changed (adjusted for a dividend or split, or corrected)" "$sm" \
  || fail "changed price"
grep -F -- "- NVDA, event 8 (DeepSeek assistant tops" "$sm" | grep -qF 'window 0:0' \
  || { sed -n '/Since/,/Summary/p' "$sm"; fail "significance change"; }
# The day's return is now 0, so its AR is minus the expected return
# (3.64%, as in the sentence of --format text); was: the README's -13.33%
# with p 8.33e-07.
grep -F -- "- NVDA, event 8 (DeepSeek assistant tops" "$sm" | grep -F 'window 0:0' \
  | grep -qF 'CAR 3.64% (p 0.168) not significant, was -13.33% (p 8.33e-07) \*\*\*' \
  || { sed -n '/Since/,/Summary/p' "$sm"; fail "significance change text"; }
