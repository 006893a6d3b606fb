#!/bin/sh
# Read-only stores (issue 11, item 12): `history` and `export` read a
# store that this user cannot write -- owned by another user, or in a
# read-only directory -- without writing anything (no -wal or -shm left
# behind, the file unchanged), and never migrate an older store.
# As root the readers run as nobody (setpriv, as tests/hostile-events.sh
# does), since root writes everything; without root the store is the
# user's own in a chmod a-w directory.
. "$TOP_SRCDIR/tests/setup"
. "$TOP_SRCDIR/tests/store-lib.sh"
need_sqlite3
need_shared
# The directories made read-only here must be writable again to go.
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
if [ "$(id -u)" -eq 0 ]; then
  command -v setpriv > /dev/null && id nobody > /dev/null 2>&1 \
    || { echo "SKIP: root without setpriv or user nobody"; exit 77; }
  as_reader () { setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"; }
  chmod 755 .   # the scratch directory: nobody may enter it, not write it
else
  as_reader () { "$@"; }
fi
# reader WANT_STATUS OUT ARGS...: evstudy ARGS as the reader, stdout to OUT.
reader () {
  want=$1 out=$2; shift 2
  set +e
  as_reader $VALGRIND "$EVSTUDY" "$@" > "$out" 2> err.txt
  status=$?
  set -e
  [ "$status" -eq "$want" ] || { cat err.txt >&2; fail "exit $status, expected $want: $*"; }
}

mkdir ro
# The prices as `prices` rows, the layout of schema 7 and before
# (EVSTUDY_STORE_ROWS, store.c), so that section 4 can make a store of
# schema 1 from this one.
EVSTUDY_STORE_ROWS=1 evstudy import --db ro/m.db "$PRICES/NVDA.csv" "$PRICES/SPY.csv" \
  --events "$TOP_SRCDIR/datasets/releases.csv" > /dev/null
evstudy run --db ro/m.db --market SPY --format csv > /dev/null
# What the owner reads, from a copy: a reader that can create the -wal
# and -shm leaves them, and the reader below must meet the store as a
# writer leaves it, the database file alone.
cp ro/m.db own.db
evstudy history --db own.db > history.txt
evstudy export --db own.db --run 1 --format json > export.json
ls ro > files.txt
echo m.db > want.txt
test_cmp want.txt files.txt
cksum < ro/m.db > sum.txt

# read_all DIR: the readers on DIR/m.db print what the owner's do, and
# neither the directory nor the store changes.
read_all () {
  reader 0 h.txt history --db "$1/m.db"
  test_cmp history.txt h.txt
  reader 0 c.txt history --db "$1/m.db" --check
  echo ok > want.txt
  test_cmp want.txt c.txt
  reader 0 e.json export --db "$1/m.db" --run 1 --format json
  test_cmp export.json e.json
  ls "$1" > now.txt
  test_cmp files.txt now.txt
  cksum < "$1/m.db" > now.txt
  test_cmp sum.txt now.txt
}

# 1. Owned by root, mode 0644, in a 0755 directory: the reader can create
# neither the -shm nor the -wal (before: exit 4 "attempt to write a
# readonly database").
if [ "$(id -u)" -eq 0 ]; then
  chmod 755 ro
  chmod 644 ro/m.db
  read_all ro
fi

# 2. A read-only directory.
chmod a-w ro
read_all ro

# 3. A writer's log in a read-only directory: the -wal and -shm of a
# writer that has committed a change but not checkpointed it (copied
# while it waits).  With both files the reader sees the commit; with
# the -wal alone the database file may lack commits and the -shm cannot
# be made, so the reader says so (exit 4) instead of reading old data.
cp ro/m.db live.db
(echo "PRAGMA wal_autocheckpoint = 0; UPDATE run_args SET arg = 'CHANGED' WHERE run_id = 1 AND pos = 0;"
 sleep 3) | sqlite3 live.db > /dev/null &
writer=$!
i=0
until [ -s live.db-wal ] && [ "$(sqlite3 'file:live.db?mode=ro' 'SELECT arg FROM run_args WHERE pos = 0')" = CHANGED ]; do
  i=$((i + 1)); [ $i -lt 100 ] || fail "the writer did not commit"; sleep 0.05
done
mkdir wal
cp live.db wal/m.db; cp live.db-wal wal/m.db-wal; cp live.db-shm wal/m.db-shm
wait $writer
chmod 755 wal; chmod 644 wal/*; chmod a-w wal
reader 0 h.txt history --db wal/m.db
grep -q ' CHANGED SPY --format csv$' h.txt || { cat h.txt; fail "the reader missed the commit in the log"; }
chmod u+w wal; rm wal/m.db-shm; chmod a-w wal
reader 4 out.txt history --db wal/m.db
echo "evstudy: wal/m.db: cannot read it here: its write-ahead log (wal/m.db-wal) may hold commits, and this user cannot create its -shm index in this directory: try again when the writer has finished" > want.txt
test_cmp want.txt err.txt
[ ! -s out.txt ] || fail "stdout not empty"
[ ! -e wal/m.db-shm ] || fail "the reader created a -shm"

# 4. A store of schema 1 (before the price snapshots and the days blob):
# read with its own layout, never migrated, even where it could be.
# Run 1's days become rows of ars, as runs before schema 3 stored them
# (from its own JSON export, as tests/store-run.sh does).
cp ro/m.db old.db
evstudy export --db own.db --run 1 --format csv --table ar > ar-want.csv
jq -r '.results | to_entries[] | .key as $pos | .value.ar[]?
      | "INSERT INTO ars VALUES (1, \($pos), \(.day), \u0027\(.date)\u0027, \(.return // "NULL"),"
        + " \(.market_return // "NULL"), \(.expected // "NULL"), \(.ar // "NULL"), \(.se // "NULL"),"
        + " \(.t // "NULL"), \(.p // "NULL"));"' export.json > ars.sql
{ echo "BEGIN;"; cat ars.sql; echo "UPDATE results SET days = NULL; COMMIT;"; } | sql old.db
sql old.db "DROP TABLE price_deltas; DROP TABLE bar_sessions; DROP TABLE bar_versions; DROP TABLE bar_results; DROP TABLE bar_series; ALTER TABLE runs DROP COLUMN kind; ALTER TABLE runs DROP COLUMN bar_ars; DROP TABLE price_snapshots; ALTER TABLE results DROP COLUMN days; ALTER TABLE results DROP COLUMN hist; ALTER TABLE runs DROP COLUMN measure; DROP TABLE factor_files; ALTER TABLE results DROP COLUMN fit; ALTER TABLE results DROP COLUMN path; PRAGMA user_version = 1"
evstudy history --db old.db > h.txt
test_cmp history.txt h.txt
[ "$(evstudy history --db old.db --check)" = ok ] || fail "--check of schema 1"
evstudy export --db old.db --run 1 --format csv --table ar > ar.csv
"$TOP_BUILDDIR/tests/numdiff" --rtol 1e-15 ar-want.csv ar.csv
[ "$(sql old.db 'PRAGMA user_version')" = 1 ] || fail "a reader migrated the store"
# A writer migrates it.
evstudy run --db old.db --rerun 1 --format csv > /dev/null
[ "$(sql old.db 'PRAGMA user_version')" = 9 ] || fail "run did not migrate"

# 5. An empty database is not a store for a reader (before, history
# created the schema in it).
: > empty.db
expect_error 3 "empty.db: not an evstudy database: nothing was imported into it" history --db empty.db
[ ! -s empty.db ] || fail "history wrote into an empty file"
