#!/bin/sh
# Concurrency: two nightly jobs (import, then run) started at the same
# moment on the same store, the first time on no store at all, both
# finish (the second writer waits for the first's commit), or one exits
# 6 "database busy"; nothing is corrupted, the file is imported once and
# all recorded runs hold the same numbers.  A writer that cannot get the lock within
# --wait exits 6 and writes nothing, while readers (history, export)
# still work.
. "$TOP_SRCDIR/tests/setup"
. "$TOP_SRCDIR/tests/store-lib.sh"
need_sqlite3
big_prices p.csv 20 1500 1
awk 'BEGIN { print "date,label"; for (i = 0; i < 30; i++)
  printf "%04d-%02d-15,event %d\n", 2001 + int(i / 6), 1 + 2 * (i % 6), i }' > ev.csv

busy="database busy: another evstudy is writing it; try again later"
# nightly OUT: the nightly job, import then run; in round 1 both jobs
# create the store and import the files at the same moment.
nightly () {
  evstudy import --db m.db p.csv --events ev.csv > /dev/null \
    && evstudy run --db m.db --market T00 --format csv > "$1"
}
nruns=0
for round in 1 2 3; do
  nightly a.csv 2> a.err & a=$!
  nightly b.csv 2> b.err & b=$!
  sa=0; sb=0
  wait $a || sa=$?
  wait $b || sb=$?
  for x in "a $sa" "b $sb"; do
    set -- $x
    case $2 in
      0) nruns=$((nruns + 1)); test_cmp a.csv "$1.csv" ;;
      6) echo "evstudy: m.db: $busy" > want.err; test_cmp want.err "$1.err" ;;
      *) cat "$1.err" >&2; fail "round $round: run $1 exited $2" ;;
    esac
  done
  [ "$sa" = 0 ] || [ "$sb" = 0 ] || fail "round $round: neither run finished"
done
[ "$(sql m.db 'SELECT count(*) FROM runs')" = "$nruns" ] || fail "runs recorded"
[ "$(sql m.db 'SELECT sum(n) FROM price_deltas')" = 30000 ] || fail "prices imported twice"
[ "$(sql m.db 'SELECT count(*) FROM event_sets')" = 1 ] || fail "events imported twice"
[ "$(evstudy history --db m.db --check)" = ok ] || fail "check"
[ "$(sql m.db 'PRAGMA integrity_check')" = ok ] || fail "integrity"
evstudy export --db m.db --run 1 --format csv > r1.csv
evstudy export --db m.db --run "$nruns" --format csv > rn.csv
test_cmp r1.csv rn.csv

# Another process (the sqlite3 tool) holds the write lock until the file
# "release" appears.
printf 'BEGIN IMMEDIATE;\nINSERT INTO imports VALUES (99, %s, %s, %s, %s, %s);\n.shell touch locked\n.shell while [ ! -e release ]; do sleep 0.05; done\nROLLBACK;\n' \
  "'prices'" "'x'" "'x'" "'x'" "'x'" > hold.sql
# hold: starts the holder and waits until it has the lock.
hold () {
  rm -f locked release
  sqlite3 m.db < hold.sql > /dev/null & holder=$!
  i=0
  while [ ! -e locked ]; do
    i=$((i + 1)); [ $i -lt 200 ] || fail "the lock holder did not start"; sleep 0.05
  done
}
hold
expect_error 6 "m.db: $busy" run --db m.db --wait 0 --market T00
expect_error 6 "m.db: $busy" import --db m.db --wait 0 --events "$TOP_SRCDIR/datasets/releases.csv"
# Readers are not blocked by the writer (WAL).
evstudy export --db m.db --run 1 --format csv > r1b.csv
test_cmp r1.csv r1b.csv
evstudy history --db m.db > /dev/null
touch release
wait $holder
[ "$(sql m.db 'SELECT count(*) FROM runs')" = "$nruns" ] || fail "a busy run was recorded"
# --wait long enough: the next writer waits for the lock, then records.
hold
evstudy run --db m.db --wait 60 --market T00 --format csv > c.csv & waiter=$!
sleep 1
touch release
wait $holder
wait $waiter || fail "the waiting run failed"
test_cmp a.csv c.csv
[ "$(sql m.db 'SELECT count(*) FROM runs')" = "$((nruns + 1))" ] || fail "the waiting run"
