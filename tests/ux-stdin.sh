#!/bin/sh
# '-' is stdin (issue 15) for --events, --prices (with --ticker or a
# ticker column) and import; once per run.  The results equal those of
# the same files by name, byte for byte.
. "$TOP_SRCDIR/tests/setup"
need_shared

printf 'date,label\n2025-01-27,Selloff\n' > ev.csv
evstudy --events ev.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --format csv > want.csv
grep -q '^1,Selloff,NVDA,2025-01-27,2025-01-27,-1,1,' want.csv || fail "reference run"

# --events -, and -o - is still stdout.  The rows name their events
# file (the last column, events_file): '-' here, else the same bytes.
evstudy --events - --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --format csv -o - < ev.csv > got.csv
sed '2,$s/,ev\.csv$/,-/' want.csv > want-stdin.csv
grep -q ',-$' want-stdin.csv || fail "events_file is not the last column"
test_cmp want-stdin.csv got.csv
# --prices - with --ticker (before or after it).
evstudy --events ev.csv --prices - --ticker NVDA --market "$PRICES/SPY.csv" \
  --format csv < "$PRICES/NVDA.csv" > got.csv
test_cmp want.csv got.csv
evstudy --events ev.csv --ticker NVDA --prices - --market "$PRICES/SPY.csv" \
  --format csv < "$PRICES/NVDA.csv" > got.csv
test_cmp want.csv got.csv
# A long file names its tickers itself.
evstudy --events ev.csv --prices "$PRICES/semis_long.csv" --market "$PRICES/SPY.csv" \
  --format csv > want-long.csv
evstudy --events ev.csv --prices - --market "$PRICES/SPY.csv" \
  --format csv < "$PRICES/semis_long.csv" > got-long.csv
test_cmp want-long.csv got-long.csv

# Without a ticker: a usage error, never a series called '-' or 'stdin'.
expect_error 2 "-: no ticker: the prices have no ticker column, and '-' is no file name to take one from: give --ticker" \
  --events ev.csv --prices - --market "$PRICES/SPY.csv" < "$PRICES/NVDA.csv"
expect_error 2 "/dev/stdin: no ticker: the prices have no ticker column, and '/dev/stdin' is no file name to take one from: give --ticker" \
  --events ev.csv --prices /dev/stdin --market "$PRICES/SPY.csv" < "$PRICES/NVDA.csv"
evstudy --events ev.csv --prices /dev/stdin --ticker NVDA --market "$PRICES/SPY.csv" \
  --format csv < "$PRICES/NVDA.csv" > got.csv
test_cmp want.csv got.csv
expect_error 2 "-: no ticker: the prices have no ticker column, and '-' is no file name to take one from" \
  --events ev.csv --prices "$PRICES/NVDA.csv" --market - < "$PRICES/SPY.csv"

# Only one '-' per run.
expect_error 2 "stdin ('-') can be read only once: given to --events and --prices" \
  --events - --prices - --ticker NVDA --market "$PRICES/SPY.csv" < ev.csv
expect_error 2 "stdin ('-') can be read only once: given to --prices and --prices" \
  --events ev.csv --prices - --ticker A --prices - --ticker B < ev.csv

# import: prices with a ticker column, and events, from stdin.
evstudy import --db m.db - < "$PRICES/semis_long.csv" > out.txt
grep -qx -- '-: NVDA: new, 1147 rows' out.txt || fail "import of prices from stdin"
evstudy import --db m.db --events - < ev.csv > out.txt
echo '-: 1 events (event set 1)' > want.txt
test_cmp want.txt out.txt
# The same bytes again are recognised.
evstudy import --db m.db --events - < ev.csv > out.txt
echo '-: unchanged (event set 1)' > want.txt
test_cmp want.txt out.txt
set +e
evstudy import --db m.db - < "$PRICES/NVDA.csv" > out.txt 2> err.txt
status=$?
set -e
[ "$status" -eq 2 ] || fail "import of a single series from stdin: exit $status"
echo "evstudy: -: no ticker: the prices have no ticker column, and '-' is no file name to take one from: import a file named after its ticker, or one with a ticker column" > want.txt
test_cmp want.txt err.txt
[ ! -s out.txt ] || fail "stdout not empty"
expect_error 2 "stdin ('-') can be read only once" import --db m.db --events - - < ev.csv

# A regular file whose path merely starts with /dev/ (a tmpfs in
# /dev/shm) is named after its file like any other; only stdin, a
# descriptor or a file that is not regular has no name (a regression:
# the first version refused every path under /dev/, which broke the
# store fuzz target's files in /dev/shm).
if [ -d /dev/shm ] && shm=$(mktemp -d /dev/shm/evstudy-test.XXXXXX 2>/dev/null); then
  cp "$PRICES/NVDA.csv" "$shm/NVDA.csv"
  evstudy --events ev.csv --prices "$shm/NVDA.csv" --market "$PRICES/SPY.csv" \
    --format csv > got.csv
  rm -rf "$shm"
  test_cmp want.csv got.csv
fi
# A FIFO is not regular: it needs --ticker, as stdin does.
mkfifo fifo
timeout 20 sh -c 'cat "$1" > fifo' sh "$PRICES/NVDA.csv" &
set +e
evstudy --events ev.csv --prices fifo --market "$PRICES/SPY.csv" --format csv > out.txt 2> err.txt
status=$?
set -e
wait || true
[ "$status" -eq 2 ] || fail "FIFO without --ticker: exit $status"
grep -q "no ticker" err.txt || fail "FIFO without --ticker: $(cat err.txt)"
