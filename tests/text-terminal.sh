#!/bin/sh
# Issue 11, item 16: control characters from the input in the human
# table format.  A label ESC ] 0 ; pwned BEL (xterm: set the window
# title) printed raw by --format table changed the terminal's title, and
# a newline in a run's arguments broke the history table.  Now the table
# writers show C0 controls and DEL as \xHH (\n, \r, \t by name), C1
# controls (U+0080-U+009F) as \u00HH and bytes that are not UTF-8 as
# \xHH (text_visible, text.h); CSV and JSON keep their own escaping: the
# CSV field holds the label's bytes as written (RFC 4180 quoting) but for
# bytes that are not UTF-8, which become U+FFFD as in JSON (issue 15: the
# CSV reads as UTF-8 in pandas), JSON
# escapes every control below 0x20 as \u00HH (RFC 8259) and C1 too (so
# that a terminal showing it obeys none), and jq, when installed, reads
# the label back byte for byte.
. "$TOP_SRCDIR/tests/setup"
need_shared
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"

esc=$(printf '\033') bel=$(printf '\007')
# Label 1: OSC title sequence, a newline, C1 CSI (C2 9B) and a lone 9B.
printf 'date,label,company\n2025-01-27,"\033]0;pwned\007title\nline two \302\2332J \2332J",\033[31mred\n2025-01-29,plain,\033[31mred\n' > ev.csv
evstudy --events ev.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --group-by company --format table > table.txt || fail "evstudy --format table exited $?"
! grep -q "[$esc$bel]" table.txt || fail "a control character reached the table raw"
! LC_ALL=C grep -q "$(printf '\233')" table.txt || fail "a C1 byte reached the table raw"
grep -qxF 'NVDA  event 1 (2025-01-27): \x1b]0;pwned\x07title\nline two \u009b2J \x9b2J' table.txt \
  || fail "label not shown escaped on one line"
grep -qxF 'aggregate company = \x1b[31mred: 2 pairs' table.txt || fail "group value not escaped"

evstudy --events ev.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --format csv > out.csv || fail "evstudy --format csv exited $?"
printf '1,"\033]0;pwned\007title\nline two \302\2332J \357\277\2752J",NVDA,' > want.txt
sed -n '2,3p' out.csv | head -c "$(wc -c < want.txt)" > got.txt
cmp want.txt got.txt || fail "CSV does not hold the label as written"

evstudy --events ev.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --format json > out.json || fail "evstudy --format json exited $?"
! grep -q "[$esc$bel]" out.json || fail "a control character in the JSON"
! LC_ALL=C grep -q "$(printf '\302[\200-\237]')" out.json || fail "a C1 control in the JSON"
grep -qF '"label": "\u001b]0;pwned\u0007title\u000aline two \u009b2J \ufffd2J"' out.json \
  || grep -qF '"label":"\u001b]0;pwned\u0007title\u000aline two \u009b2J \ufffd2J"' out.json \
  || fail "JSON does not escape the label's controls"
if command -v jq >/dev/null; then
  jq -j '.results[0].label' out.json > got.txt || fail "jq cannot read the JSON"
  # JSON has no bytes that are not UTF-8: the lone 9B is U+FFFD (output.h).
  printf '\033]0;pwned\007title\nline two \302\2332J \357\277\2752J' > want.txt
  cmp want.txt got.txt || fail "jq reads another label"
fi

# history: a run whose arguments hold ESC [ 2 J (clear the screen) and a
# newline; the table keeps one line per run.
evstudy import --db m.db --events ev.csv "$PRICES/NVDA.csv" "$PRICES/SPY.csv" > /dev/null
set +e
evstudy run --db m.db --market SPY --plot "$(printf 'p\033[2J\nq')" --gnuplot /nonexistent/gnuplot \
  --format csv > /dev/null 2>&1
status=$?
set -e
[ "$status" -eq 5 ] || fail "run exited $status, expected 5 (charts not drawn)"
evstudy history --db m.db > hist.txt
! grep -q "[$esc]" hist.txt || fail "a control character reached the history table raw"
[ "$(wc -l < hist.txt)" -eq 2 ] || fail "history table: $(wc -l < hist.txt) lines, expected 2"
grep -qF -- '--plot p\x1b[2J\nq --gnuplot' hist.txt || fail "history args not shown escaped"
