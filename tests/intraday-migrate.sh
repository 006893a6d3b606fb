#!/bin/sh
# The migration to schema 9 (issue 16: bars and intraday runs in the
# store) from a store of version 6, made by this evstudy and taken back
# to 6 with the sqlite3 tool (the bar tables and run columns dropped, the
# imports table made again with version 6's CHECK, which has no 'bars').
# Readers (history, export) read it as it is and do not migrate it; the
# first intraday --db migrates it, keeping every import, event set and
# daily run: the daily run's export is the same bytes before and after,
# history --check is ok, the foreign keys hold.
. "$TOP_SRCDIR/tests/setup"
. "$TOP_SRCDIR/tests/store-lib.sh"
need_sqlite3
need_shared
# Prices as rows, as version 6 wrote them (EVSTUDY_STORE_ROWS, store.c).
EVSTUDY_STORE_ROWS=1 evstudy import --db m.db "$PRICES/SPY.csv" "$PRICES/NVDA.csv" \
  --events "$TOP_SRCDIR/datasets/releases.csv" > /dev/null
evstudy run --db m.db --market SPY --allow-empty --format csv > daily.csv
sql m.db "DROP TABLE bar_sessions; DROP TABLE bar_versions; DROP TABLE bar_results;
  DROP TABLE bar_series; ALTER TABLE runs DROP COLUMN kind; ALTER TABLE runs DROP COLUMN bar_ars;
  ALTER TABLE results DROP COLUMN path; DROP TABLE price_deltas;
  CREATE TABLE imports6 (id INTEGER PRIMARY KEY, kind TEXT NOT NULL
    CHECK (kind IN ('prices', 'events', 'factors')), source TEXT NOT NULL,
    hash TEXT NOT NULL, imported TEXT NOT NULL, evstudy TEXT NOT NULL);
  INSERT INTO imports6 SELECT * FROM imports; DROP TABLE imports;
  ALTER TABLE imports6 RENAME TO imports; PRAGMA user_version = 6"
sql m.db "SELECT * FROM imports" > imports-6.txt
[ "$(sql m.db 'PRAGMA foreign_key_check')" = "" ] || fail "the version-6 store is not sound"

# Readers: read as version 6, not migrated.
evstudy export --db m.db --run 1 --format csv | cmp - daily.csv || fail "export of version 6"
[ "$(evstudy history --db m.db --check)" = ok ] || fail "history --check of version 6"
evstudy history --db m.db | grep -q '^ *1 .* market ' || fail "history of version 6"
[ "$(sql m.db 'PRAGMA user_version')" = 6 ] || fail "a reader migrated"

# The first intraday --db migrates, then stores bars and records its run.
"$TOP_BUILDDIR/tests/bargen" 7 2025-01-13 2025-02-07 . \
  SPY:"$PRICES/SPY.csv":-:1 NVDA:"$PRICES/NVDA.csv":SPY:1.8
printf 'date,label\n2025-01-30T11:00-05:00,Late morning\n' > ev.csv
evstudy intraday --db m.db --events ev.csv --prices NVDA.csv --market SPY.csv -o run.csv
[ "$(sql m.db 'PRAGMA user_version')" = 9 ] || fail "not migrated to 9"
sql m.db "SELECT * FROM imports WHERE id <= $(wc -l < imports-6.txt)" > imports-9.txt
test_cmp imports-6.txt imports-9.txt
sql m.db "SELECT sql FROM sqlite_master WHERE name = 'imports'" | grep -q "'factors', 'bars'" \
  || fail "imports' CHECK lacks 'bars'"
[ "$(sql m.db "SELECT count(*) FROM imports WHERE kind = 'bars'")" = 2 ] || fail "bar imports"
[ "$(sql m.db 'PRAGMA foreign_key_check')" = "" ] || fail "foreign keys after the migration"
[ "$(evstudy history --db m.db --check)" = ok ] || fail "history --check after the migration"
evstudy export --db m.db --run 1 --format csv | cmp - daily.csv || fail "the daily run after the migration"
evstudy export --db m.db --run 2 | cmp - run.csv || fail "the intraday run's export"
evstudy history --db m.db --format csv | grep -q '^2,.*,intraday market,' || fail "history: intraday run"
# The daily commands still work on the migrated store.
evstudy run --db m.db --rerun 1 --allow-empty --format csv | cmp - daily.csv || fail "daily rerun"
