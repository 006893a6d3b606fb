#!/bin/sh
# Bad input during import: one bad row among 5000 rolls back that file
# whole, with an error naming file, line and column (exit 3); the other
# files of the same command are imported, and the rest of the database
# is untouched, also when the bad file is a newer download of a stored
# series.
. "$TOP_SRCDIR/tests/setup"
. "$TOP_SRCDIR/tests/store-lib.sh"
need_sqlite3
big_prices good.csv 1 5000 1
evstudy import --db m.db good.csv > /dev/null
# snapshot: every stored row except those from other2.csv.
snapshot () {
  sql m.db "SELECT * FROM series WHERE source != 'other2.csv'" \
    "SELECT * FROM prices WHERE series_id IN (SELECT id FROM series WHERE source != 'other2.csv')" \
    "SELECT * FROM price_deltas WHERE series_id IN (SELECT id FROM series WHERE source != 'other2.csv')" \
    "SELECT * FROM imports WHERE source != 'other2.csv'"
}
snapshot > before.txt

# bad.csv: 5 tickers x 1000 rows, line 3001 has a price 'n/a?'.
big_prices bad.csv 5 1000 1
awk -F, -v OFS=, 'NR == 3001 { $3 = "n/a?" } { print }' bad.csv > tmp.csv && mv tmp.csv bad.csv
big_prices other.csv 2 100 1
sed 's/,T0/,U0/' other.csv > other2.csv
set +e
evstudy import --db m.db bad.csv other2.csv > out.txt 2> err.txt
status=$?
set -e
[ "$status" -eq 3 ] || fail "exit status $status, expected 3"
echo "evstudy: bad.csv:3001:3: invalid price 'n/a?' in column 'price'" > want.txt
test_cmp want.txt err.txt
printf '%s\n' "other2.csv: U00: new, 100 rows" "other2.csv: U01: new, 100 rows" > want.txt
test_cmp want.txt out.txt
[ "$(sql m.db "SELECT count(*) FROM series WHERE source = 'bad.csv'")" = 0 ] || fail "bad.csv stored"
[ "$(sql m.db "SELECT count(*) FROM imports WHERE source = 'bad.csv'")" = 0 ] || fail "bad.csv import"
# Schema 8: the rows are packed in price_deltas, one per series and import.
[ "$(sql m.db "SELECT sum(n) FROM price_deltas")" = 5200 ] || fail "rows"
# Everything but other2.csv's series is as before.
snapshot > after.txt
test_cmp before.txt after.txt

# A newer download of good.csv with a bad row on line 4000: rolled back,
# the stored series keeps exactly its rows.
big_prices good2.csv 1 5100 1.01
awk -F, -v OFS=, 'NR == 4000 { $1 = "2019-02-30" } { print }' good2.csv > good.csv
expect_error 3 "good.csv:4000:1: invalid date '2019-02-30'" import --db m.db good.csv
snapshot > after2.txt
test_cmp before.txt after2.txt
[ "$(evstudy history --db m.db --check)" = ok ] || fail "check"
