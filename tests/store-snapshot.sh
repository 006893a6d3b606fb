#!/bin/sh
# The packed price snapshots of schema version 2 (store.c): a run reads
# one blob per series, and must read exactly the prices the rows hold as
# of its generation.  Checked against the flag form on the same files
# (every cell equal, numdiff with zero tolerance) in each way a snapshot
# can be found: written by imports, rebuilt by the migration from
# version 1, missing for an older generation (read from the rows), and
# damaged or disagreeing with the rows (an error, and --check says so).
. "$TOP_SRCDIR/tests/setup"
. "$TOP_SRCDIR/tests/store-lib.sh"
need_shared
need_sqlite3
numdiff="$TOP_BUILDDIR/tests/numdiff"
events="$TOP_SRCDIR/datasets/releases.csv"
nvda_downloads
cp "$PRICES/SPY.csv" SPY.csv
# The snapshots against the `prices` rows: imports write rows as schema 7
# and before did (EVSTUDY_STORE_ROWS, store.c; schema 8's deltas are
# checked by store-deltas.sh).
export EVSTUDY_STORE_ROWS=1
# The NVDA downloads end before releases.csv's events: every pair is
# skipped and the runs need --allow-empty (else exit 7).

evstudy import --db m.db --events "$events" old/NVDA.csv SPY.csv > /dev/null
evstudy import --db m.db new/NVDA.csv > /dev/null
# Three imports touched a series: old NVDA and SPY (one file each), new NVDA.
[ "$(sql m.db 'SELECT count(*) FROM price_snapshots')" = 3 ] || fail "one snapshot per import of a series"
[ "$(sql m.db "SELECT n FROM price_snapshots JOIN series ON series.id = series_id WHERE ticker = 'NVDA' ORDER BY generation")" = "$(printf '2999\n3399')" ] \
  || fail "snapshot sizes"
evstudy --events "$events" --prices old/NVDA.csv --market SPY.csv --allow-empty --format csv > flag-old.csv
evstudy --events "$events" --prices new/NVDA.csv --market SPY.csv --allow-empty --format csv > flag-new.csv

# From snapshots: a new run reads the latest; run 1, moved back to the
# generation before the update, reads the old prices on --rerun.
evstudy run --db m.db --market SPY --allow-empty --format csv > run-new.csv
"$numdiff" --rtol 0 --atol 0 flag-new.csv run-new.csv
old_gen=$(sql m.db "SELECT max(id) FROM imports WHERE source = 'old/NVDA.csv' OR source = 'SPY.csv'")
sql m.db "UPDATE runs SET generation = $old_gen WHERE id = 1"
evstudy run --db m.db --rerun 1 --allow-empty --format csv > run-old.csv
"$numdiff" --rtol 0 --atol 0 flag-old.csv run-old.csv
[ "$(evstudy history --db m.db --check)" = ok ] || fail "check"

# Without the old snapshots (a store migrated from version 1 has none
# before each series' last import): the old generation comes from the rows.
sql m.db "DELETE FROM price_snapshots WHERE generation <= $old_gen AND series_id = (SELECT id FROM series WHERE ticker = 'NVDA')"
evstudy run --db m.db --rerun 1 --allow-empty --format csv > run-old-rows.csv
"$numdiff" --rtol 0 --atol 0 flag-old.csv run-old-rows.csv

# The migration from version 1: no snapshot table; opening the store
# rebuilds each series' snapshot as of its last import.
sql m.db "DROP TABLE price_deltas; DROP TABLE bar_sessions; DROP TABLE bar_versions; DROP TABLE bar_results; DROP TABLE bar_series; ALTER TABLE runs DROP COLUMN kind; ALTER TABLE runs DROP COLUMN bar_ars; DROP TABLE price_snapshots; ALTER TABLE results DROP COLUMN days; ALTER TABLE results DROP COLUMN hist; ALTER TABLE runs DROP COLUMN measure; DROP TABLE factor_files; ALTER TABLE results DROP COLUMN fit; ALTER TABLE results DROP COLUMN path; PRAGMA user_version = 1"
evstudy run --db m.db --market SPY --allow-empty --format csv > run-migrated.csv
"$numdiff" --rtol 0 --atol 0 flag-new.csv run-migrated.csv
[ "$(sql m.db 'PRAGMA user_version')" = 9 ] || fail "not migrated"
[ "$(sql m.db 'SELECT count(*) FROM price_snapshots')" = 2 ] || fail "migration: one snapshot per series"
[ "$(evstudy history --db m.db --check)" = ok ] || fail "check after migration"

# A snapshot that disagrees with the rows: --check names it.
sql m.db "UPDATE price_snapshots SET n = n - 1, dates = substr(dates, 1, length(dates) - 4), prices = substr(prices, 1, length(prices) - 8) WHERE series_id = 1"
set +e
evstudy history --db m.db --check > out.txt
status=$?
set -e
[ "$status" -eq 3 ] || fail "--check exit status $status"
grep -q "^price snapshot of series 1 at import [0-9]* has 3398 prices, its rows 3399$" out.txt \
  || { cat out.txt; fail "--check message"; }

# A damaged blob (wrong length): an error, not a wrong number.
sql m.db "UPDATE price_snapshots SET prices = x'00' WHERE series_id = 1"
expect_error 3 "m.db: damaged price snapshot of series 1 at import 4: n 3398, 13592 bytes of dates, 1 bytes of prices" \
  run --db m.db --market SPY --format csv
