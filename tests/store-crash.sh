#!/bin/sh
# Crash safety: kill -9 at random moments during a large import (200,000
# rows) and during a run, STORE_CRASH_ITERATIONS times each (default 20;
# `make check-crash` does 200).  After every kill: PRAGMA integrity_check
# is ok, the file is fully present (40 series, 200,000 rows) or absent,
# the data stored before is untouched, and every recorded run is whole
# (as many results, CARs and ARs as a complete run).  At the end the next
# import and run succeed.  The checks read the database with the sqlite3
# tool, not with evstudy.
. "$TOP_SRCDIR/tests/setup"
. "$TOP_SRCDIR/tests/store-lib.sh"
need_sqlite3
# Under valgrind (make check-expensive) a few kills are enough.
if [ -n "$VALGRIND" ]; then n=${STORE_CRASH_ITERATIONS:-3}; else n=${STORE_CRASH_ITERATIONS:-20}; fi
seed=${STORE_CRASH_SEED:-$$}
echo "seed $seed, $n iterations"
# rand_ms MAX I: a random number of milliseconds below MAX for iteration I.
rand_ms () { awk -v s="$seed" -v i="$2" -v m="$1" 'BEGIN { srand(s * 1000 + i); print int(rand() * m) }'; }
sleep_ms () { sleep "$(awk -v m="$1" 'BEGIN { printf "%.3f", m / 1000 }')"; }

# The store before: a small file, the events and a run.
big_prices small.csv 3 400 1
sed 's/,T0/,S0/' small.csv > s.csv
awk 'BEGIN { print "date,label"; for (i = 0; i < 60; i++)
  printf "%04d-%02d-%02d,event %d\n", 2001 + int(i / 4), 1 + 3 * (i % 4), 10 + i % 15, i }' > ev.csv
evstudy import --db c.db s.csv --events ev.csv > /dev/null
evstudy run --db c.db --format csv --estimation -120:-11 --min-estimation 100 > /dev/null
old () {
  sql c.db "SELECT * FROM series WHERE source = 's.csv'" \
    "SELECT * FROM prices WHERE series_id IN (SELECT id FROM series WHERE source = 's.csv')" \
    "SELECT series_id, generation, base, n, kept, hex(dates), hex(prices), hex(cols) FROM price_deltas WHERE series_id IN (SELECT id FROM series WHERE source = 's.csv')" \
    "SELECT * FROM events" "SELECT * FROM runs WHERE id = 1" "SELECT pos, hex(days) FROM results WHERE run_id = 1"
}
old > old.txt

# check_store: the invariants above.
check_store () {
  [ "$(sql c.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after kill $1"
  # Schema 8: a series' rows are the n of its price_deltas.
  sql c.db "SELECT source, count(DISTINCT s.id), sum(p.n) FROM series s
    LEFT JOIN price_deltas p ON p.series_id = s.id WHERE source = 'big.csv' GROUP BY source" > files.txt
  awk -F'|' '$2 != 40 || $3 != 200000 { exit 1 }' files.txt || { cat files.txt >&2; fail "a file half imported after kill $1"; }
  old > now.txt
  cmp -s old.txt now.txt || fail "stored data changed after kill $1"
}

big_prices big.csv 40 5000 1
cp c.db base.db
t0=$(now_ms)
evstudy import --db c.db big.csv > /dev/null
T=$(( $(now_ms) - t0 ))
echo "a whole import takes $T ms"
committed=0
i=0
while [ $i -lt "$n" ]; do
  i=$((i + 1))
  # A committed import makes the next one a no-op: start again from the
  # store before it (the kills before it stay in this store's history).
  if grep -q . files.txt 2> /dev/null; then
    committed=$((committed + 1)); rm -f c.db-wal c.db-shm; cp base.db c.db
  fi
  # exec: $! must be evstudy itself, not a subshell waiting for it.
  (exec $VALGRIND "$EVSTUDY" import --db c.db big.csv > /dev/null 2>&1) & pid=$!
  sleep_ms "$(rand_ms $((T * 9 / 10)) $i)"
  kill -9 $pid 2> /dev/null || :
  wait $pid 2> /dev/null || :
  check_store "$i"
done
grep -q . files.txt && committed=$((committed + 1))
echo "import: $n kills, $committed imports had committed"
evstudy import --db c.db big.csv > /dev/null
check_store final
grep -q "^big.csv|40|200000\$" files.txt || fail "the import after the kills"

# Runs: a whole one first, to time it and as the reference.
args="run --db c.db --prices big.csv --market T00 --format csv"
run () { evstudy $args; }
t0=$(now_ms)
run > ref.csv
T=$(( $(now_ms) - t0 ))
ref=$(sql c.db "SELECT max(id) FROM runs")
# counts ID: SQL for the numbers of results, CARs and ARs of run ID, and its status.
counts () {
  echo "((SELECT count(*) FROM results WHERE run_id = $1) || ' '
    || (SELECT count(*) FROM cars WHERE run_id = $1) || ' '
    || (SELECT coalesce(sum(length(days)), 0) / 64 FROM results WHERE run_id = $1) || ' '
    || (SELECT status FROM runs WHERE id = $1))"
}
want=$(sql c.db "SELECT $(counts "$ref")")
echo "a whole run takes $T ms: results, CARs, ARs: $want"
i=0
while [ $i -lt "$n" ]; do
  i=$((i + 1))
  (exec $VALGRIND "$EVSTUDY" $args > /dev/null 2>&1) & pid=$!
  sleep_ms "$(rand_ms "$T" $((i + 1000)))"
  kill -9 $pid 2> /dev/null || :
  wait $pid 2> /dev/null || :
  [ "$(sql c.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after run kill $i"
  bad=$(sql c.db "SELECT count(*) FROM runs r WHERE r.id > $ref AND $(counts r.id) != '$want'")
  [ "$bad" = 0 ] || fail "a run half written after kill $i"
done
echo "run: $n kills, $(( $(sql c.db "SELECT max(id) FROM runs") - ref )) runs had committed"
run > after.csv
test_cmp ref.csv after.csv
[ "$(evstudy history --db c.db --check)" = ok ] || fail "history --check"
