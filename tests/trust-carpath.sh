#!/bin/sh
# Hostile text through --table car-path: labels, event columns and
# tickers with quotes, backquotes, $(...), a newline, an escape,
# <script>, and 3,000 characters, made here.  Checked: CSV read back by
# python3's csv module gives every label, ticker and event column as
# written (RFC 4180 quoting) with 21 path rows per pair; JSON parses
# and gives them back too; the table shows no raw escape or newline
# from the input; nothing is executed (no file 'pwned'); -o to a name
# with a space and a newline gets stdout's bytes, -o into a missing
# directory or onto a directory is exit 4 with nothing written.
. "$TOP_SRCDIR/tests/setup"
need_shared

long=$(printf 'L%.0s' $(seq 1 3000))
esc=$(printf '\033')
{
  echo 'date,label,kind'
  echo "2025-01-27,\"\`touch pwned\` \$(touch pwned), \"\"quoted\"\", and a
newline\",<script>alert(1)</script>"
  echo "2024-06-03,${esc}[31mred${esc}[0m 'single' \\ back,\"a,b\""
  echo "2024-09-04,$long,x"
} > ev.csv
awk -F, 'NR == 1 { print "ticker," $0; next } { print "\"a\"\"b\"," $0; print "e`f`," $0;
  print "<script>x</script>," $0; print "'"$long"'," $0 }' "$PRICES/NVDA.csv" > hostile.csv

evstudy --events ev.csv --prices hostile.csv --market "$PRICES/SPY.csv" \
  --format csv --table car-path > path.csv
[ ! -e pwned ] || fail "a label was executed"
python3 - ev.csv path.csv "$long" <<'PY' || fail "the CSV does not give the text back"
import csv, sys
events = list(csv.DictReader(open(sys.argv[1], newline="")))
rows = list(csv.DictReader(open(sys.argv[2], newline="")))
tickers = {'a"b', "e`f`", "<script>x</script>", sys.argv[3]}
seen = {}
for r in rows:
    e = events[int(r["event"]) - 1]
    assert r["label"] == e["label"], (r["label"], e["label"])
    assert r["event.kind"] == e["kind"]
    assert r["ticker"] in tickers, r["ticker"]
    seen[(r["event"], r["ticker"])] = seen.get((r["event"], r["ticker"]), 0) + 1
assert len(seen) == 12 and set(seen.values()) == {21}, seen
PY

evstudy --events ev.csv --prices hostile.csv --market "$PRICES/SPY.csv" --format json > path.json
python3 - ev.csv path.json <<'PY' || fail "the JSON does not give the text back"
import csv, json, sys
events = list(csv.DictReader(open(sys.argv[1], newline="")))
doc = json.load(open(sys.argv[2]))
assert len(doc["results"]) == 12
for r in doc["results"]:
    assert r["label"] == events[r["event"] - 1]["label"]
    assert r["event.kind"] == events[r["event"] - 1]["kind"]
    assert len(r["car_path"]) == 21
PY

evstudy --events ev.csv --prices hostile.csv --market "$PRICES/SPY.csv" --table car-path > t.txt
[ ! -e pwned ] || fail "a label was executed"
if grep -q "$esc" t.txt; then fail "a raw escape in the table"; fi
if grep -q '^newline' t.txt; then fail "a raw newline from a label in the table"; fi
[ "$(grep -c '^ *[+-][0-9]*  20[0-9][0-9]-' t.txt)" -eq 252 ] || fail "12 pairs x 21 days expected"

# -o: odd names and places.
name='a b
c.csv'
evstudy --events ev.csv --prices hostile.csv --market "$PRICES/SPY.csv" \
  --format csv --table car-path -o "$name"
cmp path.csv "$name" || fail "-o to an odd name differs from stdout"
expect_error 4 "no/such/p.csv: cannot write: No such file or directory" --events ev.csv \
  --prices hostile.csv --market "$PRICES/SPY.csv" --format csv --table car-path -o no/such/p.csv
mkdir adir
expect_error 4 "adir: cannot write: Is a directory" --events ev.csv \
  --prices hostile.csv --market "$PRICES/SPY.csv" --format csv --table car-path -o adir
[ ! -e no ] || fail "a directory was made"
