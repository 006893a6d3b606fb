#!/bin/sh
# The events file's own columns (issue 15): an events file's columns other
# than date, label, time, timezone, company, source and tickers are
# carried into every per-pair row as event.NAME, after events_file (the
# file as named), in CSV (car and ar tables) and JSON alike; hostile
# names and values stay data; a run from the store and its export carry
# the same.  Expected values: the events file below.
. "$TOP_SRCDIR/tests/setup"
need_shared

long=$(printf '%0300d' 0)
printf 'date,label,id,"ty""pe",<script>x</script>\n2025-01-27,Selloff,e7,"shock, ""big""\nline two",`id`\n2025-01-29,Later,e8,,%s\n' \
  "$long" > ev.csv
run () {
  evstudy --events ev.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
    --window 0:0 --ar-days 0:0 "$@"
}
run --format csv > car.csv
head -n 1 car.csv | grep -q ',confounders,events_file,event\.id,"event\.ty""pe",event\.<script>x</script>$' \
  || fail "car header: $(head -n 1 car.csv)"
# Event 1's row ends with the file, then its three values (RFC 4180).
printf ',ev.csv,e7,"shock, ""big""\nline two",`id`\n' > want.txt
grep -c '' car.csv > n.txt
[ "$(cat n.txt)" -eq 4 ] || fail "car rows: $(cat n.txt) lines"
sed -n '2,3p' car.csv | sed -n 's/.*\(,ev\.csv,e7,\)/\1/p;/^line two/p' > got.txt
test_cmp want.txt got.txt
tail -n 1 car.csv | grep -q ",ev\.csv,e8,,$long\$" || fail "event 2's columns"

run --format csv --table ar > ar.csv
head -n 1 ar.csv | grep -q ',market,day0,events_file,event\.id,' || fail "ar header"
tail -n 1 ar.csv | grep -q "^2,Later,NVDA,0,2025-01-29,.*,SPY,2025-01-29,ev\.csv,e8,,$long\$" \
  || fail "ar row of event 2: $(tail -n 1 ar.csv)"

if command -v jq > /dev/null; then
  run --format json > out.json
  jq -e --arg long "$long" '.results[0]["event.id"] == "e7"
    and .results[0]["event.ty\"pe"] == "shock, \"big\"\nline two"
    and .results[0]["event.<script>x</script>"] == "`id`"
    and .results[1]["event.<script>x</script>"] == $long
    and .results[1].events_file == "ev.csv"' out.json > /dev/null \
    || fail "JSON event columns: $(jq -c '.results[0]' out.json | head -c 600)"
fi

# From the store: run and export give the same bytes, with the columns.
evstudy import --db s.db --events ev.csv "$PRICES/NVDA.csv" "$PRICES/SPY.csv" > /dev/null
evstudy run --db s.db --market SPY --window 0:0 --ar-days 0:0 --format csv > run.csv 2> err.txt
evstudy export --db s.db --run 1 --format csv > export.csv
test_cmp run.csv export.csv
head -n 1 run.csv | grep -q ',events_file,event\.id,' || fail "run from the store: no event columns"
sed -n 2p run.csv | grep -q ',ev\.csv,e7,"shock' || fail "run from the store: $(sed -n 2p run.csv)"
