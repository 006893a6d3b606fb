#!/bin/sh
# A run from the store gives exactly the flag form's numbers on the same
# files (numdiff at tolerance 0, and byte for byte), export reproduces
# the flag form's CSV, AR CSV, JSON and table, and --rerun repeats a run.
# The reference is evstudy's own flag form on the files; the numbers of
# the flag form itself are checked against the independent R reference
# by golden-market.sh (and here once more, at 1e-9).
. "$TOP_SRCDIR/tests/setup"
. "$TOP_SRCDIR/tests/store-lib.sh"
need_shared
need_sqlite3
numdiff="$TOP_BUILDDIR/tests/numdiff"
events="$TOP_SRCDIR/datasets/releases.csv"
files="$PRICES/NVDA.csv $PRICES/BABA.csv $PRICES/9988.HK.csv $PRICES/SPY.csv $PRICES/HSI.csv"

evstudy import --db m.db $files --events "$events" > import.txt
# Row counts from the files themselves: the data lines (a date first).
for f in $files; do
  t=$(basename "$f" .csv); [ "$t" = HSI ] && t=^HSI
  printf '%s: %s: new, %s rows\n' "$f" "$t" "$(grep -c '^[0-9][0-9][0-9][0-9]-' "$f")"
done > want.txt
echo "$events: 9 events (event set 1)" >> want.txt
test_cmp want.txt import.txt

# The stored content hash is the file's SHA-256 (coreutils' sha256sum).
for f in $files; do
  want=$(sha256sum < "$f" | cut -d' ' -f1)
  got=$(sql m.db "SELECT DISTINCT hash FROM series WHERE source = '$(basename "$f")'")
  [ "$want" = "$got" ] || fail "hash of $f: $got, expected $want"
done

flag () {
  evstudy --events "$events" --prices "$PRICES/NVDA.csv" --prices "$PRICES/BABA.csv" \
    --prices "$PRICES/9988.HK.csv" --market "$PRICES/SPY.csv" --market "$PRICES/HSI.csv" "$@"
}

evstudy run --db m.db --market SPY --market HSI.csv --format csv > run.csv
flag --format csv > flag.csv
"$numdiff" --rtol 0 --atol 0 flag.csv run.csv
test_cmp flag.csv run.csv
"$numdiff" "$TOP_SRCDIR/tests/reference/expected/nvda-baba-9988-car.csv" run.csv

# export writes what the flag form writes for each pair, byte for byte
# (compared here without the aggregate: the JSON without "aggregate" and
# "adjust", the table up to its significance legend; then whole).
per_pair () {
  case "$1" in
    json) jq -S 'del(.aggregate, .adjust)' ;;
    table) sed '/^significance:/q' ;;
    *) cat ;;
  esac
}
for fmt in "csv" "csv --table ar" "json" "table" "table --table ar"; do
  flag --format $fmt | per_pair $fmt > flag.out
  evstudy export --db m.db --run 1 --format $fmt | per_pair $fmt > export.out
  test_cmp flag.out export.out
done
evstudy export --db m.db --run 1 --format json -o export.json
flag --format json > flag.json
per_pair json < flag.json > a.json
per_pair json < export.json > b.json
test_cmp a.json b.json
# Since schema 5 the aggregate is stored too: export gives the whole
# output (tests/store-export.sh checks every table).
test_cmp flag.json export.json

# --rerun 1 on new data gives the numbers of run 1.
evstudy import --db m.db "$PRICES/AMD.csv" > /dev/null
evstudy run --db m.db --rerun 1 --format json > rerun.json
test_cmp flag.json rerun.json

# Every number of the JSON output is in the tables: 27 results, 4 CARs
# each, 21 ARs each (all pairs are ok with these data), the ARs packed 64
# bytes a day in results.days (schema 3), none left in ars.
[ "$(sql m.db 'SELECT count(*) FROM results WHERE run_id = 1')" = 27 ] || fail "results"
[ "$(sql m.db 'SELECT count(*) FROM cars WHERE run_id = 1')" = 108 ] || fail "cars"
[ "$(sql m.db 'SELECT sum(length(days)) FROM results WHERE run_id = 1')" = $((567 * 64)) ] || fail "days"
[ "$(sql m.db 'SELECT count(*) FROM ars')" = 0 ] || fail "ars rows written"
# The stored CAR of NVDA, DeepSeek-R1 (event 1), window -1:1 is the CSV's.
want=$(sql :memory: ".import --csv flag.csv t" "SELECT car FROM t WHERE event = '1'
  AND ticker = 'NVDA' AND window_start = '-1' AND window_end = '1'")
# quote() prints the stored double with 21 digits: numdiff at 0 compares.
got=$(sql m.db "SELECT quote(car) FROM cars c JOIN results r ON r.run_id = c.run_id
  AND r.pos = c.result_pos WHERE c.run_id = 1 AND r.event_row = 1 AND r.ticker = 'NVDA'
  AND c.start = -1 AND c.end = 1")
printf 'car\n%s\n' "$want" > want-car.csv
printf 'car\n%s\n' "$got" > got-car.csv
"$numdiff" --rtol 0 --atol 0 want-car.csv got-car.csv

evstudy history --db m.db --format csv > history.csv
cut -d, -f1,4,6,7,8,11,12,13 history.csv > got.txt
cat > want.txt <<'EOT'
run,status,rerun_of,generation,event_set,results,ok,args
1,ok,,6,1,27,27,--market SPY --market HSI.csv --format csv
2,ok,1,6,1,27,27,--market SPY --market HSI.csv --format json
EOT
test_cmp want.txt got.txt
[ "$(evstudy history --db m.db --check)" = ok ] || fail "history --check"
[ "$(sql m.db 'PRAGMA journal_mode')" = wal ] || fail "not WAL"
[ "$(sql m.db 'PRAGMA user_version')" = 8 ] || fail "schema version"

# A --group-by that names no column of the stored events: a usage error
# before anything is studied or recorded (still two runs).
expect_error 2 "invalid --group-by 'nosuch': expected ticker, event, company or a column of $events" \
  run --db m.db --market SPY --group-by nosuch
[ "$(sql m.db 'SELECT count(*) FROM runs')" = 2 ] || fail "a bad --group-by was recorded"

# A run recorded before schema 3 has its days as rows of ars and NULL in
# results.days (and results.path); it is still read.  Run 1 is rewritten that way from its
# own JSON export (jq prints each double so that it reads back the same;
# numdiff at 1e-15 allows for sqlite's text-to-double conversion) and
# exports the same numbers as before.
evstudy export --db m.db --run 1 --format csv --table ar > ar-before.csv
evstudy export --db m.db --run 1 --format json \
  | jq -r '.results | to_entries[] | .key as $pos | .value.ar[]?
      | "INSERT INTO ars VALUES (1, \($pos), \(.day), \u0027\(.date)\u0027, \(.return // "NULL"),"
        + " \(.market_return // "NULL"), \(.expected // "NULL"), \(.ar // "NULL"), \(.se // "NULL"),"
        + " \(.t // "NULL"), \(.p // "NULL"));"' > ars.sql
[ "$(wc -l < ars.sql)" -eq 567 ] || fail "ars.sql: $(wc -l < ars.sql) rows"
{ echo "BEGIN;"; cat ars.sql; echo "UPDATE results SET days = NULL, path = NULL WHERE run_id = 1; COMMIT;"; } | sql m.db
evstudy export --db m.db --run 1 --format csv --table ar > ar-after.csv
"$TOP_BUILDDIR/tests/numdiff" --rtol 1e-15 ar-before.csv ar-after.csv
[ "$(evstudy history --db m.db --check)" = ok ] || fail "history --check with ars rows"
