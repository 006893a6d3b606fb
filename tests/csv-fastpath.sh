#!/bin/sh
# csvread splits a whole unquoted line by hand (fast_line) and gives
# anything else to libcsv.  The same prices written two ways must give
# the same study, byte for byte: plain, and decorated with what libcsv's
# rules drop (spaces and tabs around fields, blank lines, CRLF line
# ends) and with quoted fields mixed in (libcsv's path), in a file over
# 1 MiB so that lines are cut by the reader's buffer.  An error deep in
# the decorated file names the line awk wrote it on (NR), as libcsv did.
. "$TOP_SRCDIR/tests/setup"
# 3 tickers x 16,000 weekdays from 1990-01-01 (a Monday), prices a
# deterministic walk; the event is on the 11,000th weekday.
gen () {
  awk -v mode="$1" -v bad="${2:-0}" 'BEGIN {
    srand (7); print (mode ? "  Date ,\tticker , price\r" : "Date,ticker,price")
    split ("A BB CCC", tk, " ")
    for (k = 1; k <= 3; k++) {
      p = 50 + 10 * k
      for (i = 0; i < 16000; i++) {
        d = int (i / 5) * 7 + i % 5          # days since 1990-01-01
        cmd = ""; p *= 1 + (((i * 7919 + k * 104729) % 2001) - 1000) / 100000
        day[i] = d; px = sprintf ("%.6f", p)
        if (mode && k == 2 && i == 9001 && bad) px = "x" px
        line[i] = px
      }
      for (i = 0; i < 16000; i++) {
        ds = date(day[i])
        if (!mode) { print ds "," tk[k] "," line[i]; continue }
        if (i % 97 == 0) print (i % 2 ? "   \r" : "")
        if (i % 5 == 0) printf "\"%s\",%s,\"%s\"\r\n", ds, tk[k], line[i]
        else if (i % 5 == 1) printf " %s\t,  %s ,%s  \r\n", ds, tk[k], line[i]
        else printf "%s,%s,%s\n", ds, tk[k], line[i]
      }
    }
  }
  function date (n,   y, m, dm, leap) {
    y = 1990
    for (;;) { leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
      if (n < 365 + leap) break; n -= 365 + leap; y++ }
    split ("31 28 31 30 31 30 31 31 30 31 30 31", dm, " "); dm[2] += leap
    for (m = 1; n >= dm[m]; m++) n -= dm[m]
    return sprintf ("%04d-%02d-%02d", y, m, n + 1)
  }'
}
gen 0 > "$tmp/plain.csv"
gen 1 > "$tmp/decorated.csv"
[ "$(wc -c < "$tmp/decorated.csv")" -gt 1100000 ] || fail "decorated file under 1 MiB"
day0=$(awk -F, 'NR == 11001 { print $1 }' "$tmp/plain.csv")
printf 'date,label,tickers\n%s,E1,A\n%s,E2,BB\n%s,E3,CCC\n' "$day0" "$day0" "$day0" > "$tmp/ev.csv"
for f in plain decorated; do
  evstudy --events "$tmp/ev.csv" --prices "$tmp/$f.csv" --market A --format csv \
    > "$tmp/$f.out" || fail "$f: exit $?"
done
[ "$(grep -c BB "$tmp/plain.out")" -gt 0 ] || fail "no result for BB"
test_cmp "$tmp/plain.out" "$tmp/decorated.out"
gen 1 bad > "$tmp/bad.csv"
line=$(grep -n '^[^,]*, *BB *, *"*x' "$tmp/bad.csv" | cut -d: -f1)
[ -n "$line" ] && [ "$line" -gt 16000 ] || fail "no bad line found"
val=$(sed -n "${line}p" "$tmp/bad.csv" | awk -F, '{ gsub (/[ \t\r"]/, "", $3); print $3 }')
expect_error 3 "$tmp/bad.csv:$line:3: invalid price '$val' in column 'price'" --events "$tmp/ev.csv" \
  --prices "$tmp/bad.csv" --market A
