#!/bin/sh
# Intraday output with hostile text (issue 16): labels and tickers with
# quotes, backquotes, commas, a newline, <script> and a very long label
# come out as data in CSV (RFC 4180, read back by numdiff's libcsv
# parser) and JSON (read back by jq); a ticker too long to be one is a
# data error; -o to odd paths.
. "$TOP_SRCDIR/tests/setup"
N="$TOP_BUILDDIR/tests/numdiff"
cp "$FIXTURES/bars/align-us.csv" .
long=$(awk 'BEGIN { while (i++ < 3000) printf "x" }')
# A long-layout bar file whose ticker is hostile, and events naming it.
{ echo 'ticker,datetime,close'
  sed -n '2,$p' align-us.csv | awk -F, '{ printf "\"A\"\"B,<script>`x`\",%s,%s\n", $1, $5 }'; } > hostile.csv
{ echo 'date,label,tickers'
  printf '2025-01-28T14:31:10-05:00,"say ""hi"", `rm -rf` <script>alert(1)</script>\nsecond line",\n'
  printf '2025-01-28T14:31:10-05:00,%s,\n' "$long"; } > ev.csv
evstudy intraday --table day0 --events ev.csv --prices hostile.csv -o 'out file.csv'
T='"A""B,<script>`x`"'
cat > want.csv <<END
event,label,ticker,event_date,instant,day0,day0_close,from,from_close,return
1,"say ""hi"", \`rm -rf\` <script>alert(1)</script>
second line",$T,2025-01-28T14:31:10-05:00,2025-01-28T14:31:10-05:00,2025-01-28T14:32:00-05:00,127.75,2025-01-28T14:32:00-05:00,126.25,0.011881188118811892
2,$long,$T,2025-01-28T14:31:10-05:00,2025-01-28T14:31:10-05:00,2025-01-28T14:32:00-05:00,127.75,2025-01-28T14:32:00-05:00,126.25,0.011881188118811892
END
"$N" --rtol 1e-15 want.csv 'out file.csv' || fail "hostile text in CSV"
# JSON: the study itself (skipped: too few bars), text intact.
evstudy intraday --format json --events ev.csv --prices hostile.csv > out.json
[ "$(jq -r '.results[0].label' out.json)" = "$(printf 'say "hi", `rm -rf` <script>alert(1)</script>\nsecond line')" ] \
  || fail "label not intact in JSON"
[ "$(jq -r '.results[0].ticker' out.json)" = 'A"B,<script>`x`' ] || fail "ticker not intact in JSON"
[ "$(jq -r '.results[1].label' out.json)" = "$long" ] || fail "long label not intact"
[ "$(jq -r '.results[0].status' out.json)" = skipped ] || fail "status"
# A 65-byte ticker is no ticker.
t65=$(awk 'BEGIN { while (i++ < 65) printf "T" }')
printf 'ticker,datetime,close\n%s,2025-01-28T09:30:00-05:00,1\n' "$t65" > t65.csv
expect_error 3 "t65.csv:2:1: invalid ticker '$t65'" intraday --table series --prices t65.csv
# -o: a directory, a missing directory; nothing written, stdout empty.
mkdir d
set +e
evstudy intraday --table series --prices align-us.csv -o d > out.txt 2> err.txt; s1=$?
evstudy intraday --table series --prices align-us.csv -o no/such/dir.csv > out.txt 2>> err.txt; s2=$?
set -e
[ "$s1" -eq 4 ] && [ "$s2" -eq 4 ] || fail "-o to a directory or a missing one: exit $s1, $s2 (want 4)"
[ ! -s out.txt ] && [ ! -e no ] || fail "output written for a refused -o"
# A file name with a newline is just a name.
evstudy intraday --table series --prices align-us.csv -o "$(printf 'a\nb.csv')"
grep -q '^align-us,' "$(printf 'a\nb.csv')" || fail "-o with a newline in the name"
