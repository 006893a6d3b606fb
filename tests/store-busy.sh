#!/bin/sh
# Concurrency: two nightly runs started at the same moment on the same
# store both finish (the second writer waits for the first's commit), or
# one exits 6 "database busy"; nothing is corrupted and both recorded
# runs hold the same numbers.  A writer that cannot get the lock within
# --wait exits 6 and writes nothing, while readers (history, export)
# still work.
. "$TOP_SRCDIR/tests/setup"
. "$TOP_SRCDIR/tests/store-lib.sh"
need_sqlite3
big_prices p.csv 20 1500 1
awk 'BEGIN { print "date,label"; for (i = 0; i < 30; i++)
  printf "%04d-%02d-15,event %d\n", 2001 + int(i / 6), 1 + 2 * (i % 6), i }' > ev.csv
evstudy import --db m.db p.csv --events ev.csv > /dev/null

busy="database busy: another evstudy is writing it; try again later"
nruns=0
for round in 1 2 3; do
  evstudy run --db m.db --market T00 --format csv > a.csv 2> a.err & a=$!
  evstudy run --db m.db --market T00 --format csv > b.csv 2> b.err & b=$!
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
[ "$(evstudy history --db m.db --check)" = ok ] || fail "check"
[ "$(sql m.db 'PRAGMA integrity_check')" = ok ] || fail "integrity"
evstudy export --db m.db --run 1 --format csv > r1.csv
evstudy export --db m.db --run "$nruns" --format csv > rn.csv
test_cmp r1.csv rn.csv

# Another process holds the write lock for 3 s (sqlite3 tool).
printf 'BEGIN IMMEDIATE;\nINSERT INTO imports VALUES (99, %s, %s, %s, %s, %s);\n.shell touch locked\n.shell sleep 3\nROLLBACK;\n' \
  "'prices'" "'x'" "'x'" "'x'" "'x'" > hold.sql
sqlite3 m.db < hold.sql > /dev/null & holder=$!
i=0
while [ ! -e locked ]; do
  i=$((i + 1)); [ $i -lt 100 ] || fail "the lock holder did not start"; sleep 0.05
done
expect_error 6 "m.db: $busy" run --db m.db --wait 0 --market T00
expect_error 6 "m.db: $busy" import --db m.db --wait 0 --events "$TOP_SRCDIR/datasets/releases.csv"
# Readers are not blocked by the writer (WAL).
evstudy export --db m.db --run 1 --format csv > r1b.csv
test_cmp r1.csv r1b.csv
evstudy history --db m.db > /dev/null
wait $holder
[ "$(sql m.db 'SELECT count(*) FROM runs')" = "$nruns" ] || fail "a busy run was recorded"
# --wait long enough: the next writer gets the lock.
rm -f locked
sqlite3 m.db < hold.sql > /dev/null & holder=$!
while [ ! -e locked ]; do sleep 0.05; done
evstudy run --db m.db --wait 20 --market T00 --format csv > c.csv
wait $holder
test_cmp a.csv c.csv
[ "$(sql m.db 'SELECT count(*) FROM runs')" = "$((nruns + 1))" ] || fail "the waiting run"
