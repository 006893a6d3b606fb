#!/bin/sh
# The store commands' errors: exit status, exact message, empty stdout.
. "$TOP_SRCDIR/tests/setup"
. "$TOP_SRCDIR/tests/store-lib.sh"
need_sqlite3
events="$TOP_SRCDIR/datasets/releases.csv"
big_prices p.csv 2 400 1

expect_error 2 "no --db given" run --market SPY
expect_error 2 "no --db given" import p.csv
expect_error 2 "nothing to import: give price files, --events or --factors" import --db m.db
expect_error 4 "none.db: cannot open the database: No such file or directory" run --db none.db
expect_error 4 "none.db: cannot open the database: No such file or directory" history --db none.db
[ ! -e none.db ] || fail "run created a database"
expect_error 4 "missing.csv: cannot read: No such file or directory" import --db m.db missing.csv

evstudy import --db m.db p.csv > /dev/null
expect_error 2 "m.db: no events in the store (import them with evstudy import --events)" run --db m.db
evstudy import --db m.db --events "$events" > /dev/null
expect_error 2 "m.db: no events 'other.csv' in the store (import them with evstudy import --events)" \
  run --db m.db --events other.csv
expect_error 2 "no series 'SPY' in the store" run --db m.db --market SPY
expect_error 2 "no series 'NVDA' in the store" run --db m.db --prices NVDA
expect_error 2 "every series is a --market: nothing to study" run --db m.db --market T00 --market T01
expect_error 2 "--ticker and --price-column are for files: give them to evstudy import" \
  run --db m.db --price-column Close
expect_error 2 "m.db: no run 7 (see evstudy history)" export --db m.db --run 7
expect_error 2 "m.db: no run 7 (see evstudy history)" run --db m.db --rerun 7
evstudy run --db m.db --allow-empty --format csv > /dev/null
expect_error 2 "with --rerun only --format, --table, --output and --allow-empty may be given, not '--window'" \
  run --db m.db --rerun 1 --window 0:1
expect_error 2 "invalid --run 'x': expected a number from 1 to 9223372036854775807" \
  export --db m.db --run x
expect_error 2 "invalid --format 'xml': expected table or csv" history --db m.db --format xml

# Not an evstudy database: a CSV file, another program's sqlite3 file,
# a store from a newer evstudy.
expect_error 3 "p.csv: not an evstudy database, or damaged: file is not a database" history --db p.csv
sql other.db "CREATE TABLE t (x)"
expect_error 3 "other.db: not an evstudy database" history --db other.db
cp m.db newer.db
sql newer.db "PRAGMA user_version = 99"
expect_error 3 "newer.db: schema version 99 is newer than this evstudy's (8): upgrade evstudy" \
  run --db newer.db

# A full disk on stdout.
if [ -w /dev/full ]; then
  set +e
  evstudy export --db m.db --run 1 --format csv > /dev/full 2> err.txt
  status=$?
  set -e
  [ "$status" -eq 4 ] || fail "export to /dev/full: status $status"
  # Before the error, export repeats the run's own warning (every pair of
  # run 1 was skipped), as it repeats its output.
  echo "evstudy: write error: No space left on device" > want.txt
  grep -v '^evstudy: warning: nothing studied' err.txt > err2.txt
  test_cmp want.txt err2.txt
fi
