#!/bin/sh
# Damage in a store's blobs and run parameters (issue 11, item 13):
# `history --check` finds each kind, and `export`, `run --rerun` and a
# `run` that reads the damaged prices refuse it with exit 3 and a message
# naming the file, the run and the result, never a crash, a huge
# allocation or a wrong number.  Each case damages a copy of one real
# store with a sqlite3 UPDATE (as tests/store-inject.sh writes hostile
# text).
. "$TOP_SRCDIR/tests/setup"
. "$TOP_SRCDIR/tests/store-lib.sh"
need_sqlite3
need_shared
evstudy import --db base.db "$PRICES/NVDA.csv" "$PRICES/SPY.csv" \
  --events "$TOP_SRCDIR/datasets/releases.csv" > /dev/null
evstudy run --db base.db --market SPY --format csv -o run1.csv
[ "$(evstudy history --db base.db --check)" = ok ] || fail "the undamaged store"
# Every result of run 1 is ok, 240 estimation days, 21 reported days
# (-10:10): est_ar 1920 bytes, days 1344 bytes.
[ "$(sql base.db "SELECT count(*) FROM results WHERE status = 'ok' AND n_est = 240
  AND length(est_ar) = 1920 AND length(days) = 1344")" = 9 ] || fail "run 1 is not as expected"

# The same prices as `prices` rows, the layout of schema 7 and before
# (EVSTUDY_STORE_ROWS, store.c), for the damaged rows below.
EVSTUDY_STORE_ROWS=1 evstudy import --db rows.db "$PRICES/NVDA.csv" "$PRICES/SPY.csv" \
  --events "$TOP_SRCDIR/datasets/releases.csv" > /dev/null
[ "$(evstudy history --db rows.db --check)" = ok ] || fail "the undamaged store of rows"

# damaged 'MESSAGE' SQL: on a copy of $BASE (base.db) damaged by SQL,
# --check prints MESSAGE and exits 3.
BASE=base.db
damaged () {
  rm -f d.db; cp "$BASE" d.db
  sql d.db "$2"
  set +e
  evstudy history --db d.db --check > out.txt 2> err.txt
  status=$?
  set -e
  [ "$status" -eq 3 ] || { cat out.txt err.txt >&2; fail "--check exit $status after: $2"; }
  echo "$1" > want.txt
  test_cmp want.txt out.txt
  [ ! -s err.txt ] || fail "--check wrote to stderr"
}
# refused STATUS 'MESSAGE' ARGS...: as expect_error, on d.db.
refused () { expect_error "$@"; }

# ar_start > ar_end: export allocated calloc(-199 * 64).
msg="run 1: ar_start 100, ar_end -99: not A:B with -100000 <= A <= B <= 100000"
damaged "$msg" "UPDATE runs SET ar_start = 100, ar_end = -99"
refused 3 "d.db: $msg" export --db d.db --run 1
# An --ar-days range of 200,001 days is a valid window; the days are
# allocated as read, not for the range.
damaged "run 1: result 0: days blob has 1344 bytes, expected a multiple of 64 up to 64" \
  "UPDATE runs SET ar_start = 0, ar_end = 0"
# A days blob cut short.
msg="run 1: result 3: days blob has 130 bytes, expected a multiple of 64 up to 1344"
damaged "$msg" "UPDATE results SET days = CAST(substr(days, 1, 130) AS BLOB) WHERE pos = 3"
refused 3 "d.db: $msg" export --db d.db --run 1 --format json
# A days blob of the right length whose day 5 is relative day 1000.
damaged "run 1: result 2: days blob: day 5: relative day 1000 is not in -10:10 after the previous one" \
  "UPDATE results SET days = CAST(substr(days, 1, 320) || x'e8030000' || substr(days, 325) AS BLOB) WHERE pos = 2"
# ... stored as text.
damaged "run 1: result 2: days is not a blob" "UPDATE results SET days = 'abc' WHERE pos = 2"
# ... whose date of day 0 is year 5,881,610 (INT32_MAX).
damaged "run 1: result 2: days blob: day 0: date 2147483647 is not a date after the previous one" \
  "UPDATE results SET days = CAST(x'f6ffffffffffff7f' || substr(days, 9) AS BLOB) WHERE pos = 2"
# ... with an infinite AR.
damaged "run 1: result 1: days blob: day 0: value 4 is infinite" \
  "UPDATE results SET days = CAST(substr(days, 1, 32) || x'000000000000f07f' || substr(days, 41) AS BLOB) WHERE pos = 1"
# The estimation residuals: cut short, or NaN.
msg="run 1: result 4: est_ar blob has 1919 bytes, expected 1920 (n_est 240)"
damaged "$msg" "UPDATE results SET est_ar = CAST(substr(est_ar, 1, 1919) AS BLOB) WHERE pos = 4"
refused 3 "d.db: $msg" export --db d.db --run 1 --format csv
damaged "run 1: result 4: est_ar value 1 is not finite" \
  "UPDATE results SET est_ar = CAST(x'000000000000f87f' || substr(est_ar, 9) AS BLOB) WHERE pos = 4"
# n_est larger than the data (the blob made to match) and than the
# estimation window -250:-11.
msg="run 1: result 5: n_est 1000000 is not 1..240 (the estimation window -250:-11)"
damaged "$msg" "UPDATE results SET n_est = 1000000, est_ar = zeroblob(8000000) WHERE pos = 5"
refused 3 "d.db: $msg" export --db d.db --run 1
damaged "run 1: result 5: est_ar blob has 1920 bytes, expected 1928 (n_est 241)" \
  "UPDATE runs SET est_start = -251; UPDATE results SET n_est = 241 WHERE pos = 5"
# A garbage day 0.
msg="run 1: result 6: day0 'garbage' is not a date"
damaged "$msg" "UPDATE results SET day0 = 'garbage' WHERE pos = 6"
refused 3 "d.db: $msg" export --db d.db --run 1 --format json
damaged "run 1: result 6: day0 '2024-02-30' is not a date" \
  "UPDATE results SET day0 = '2024-02-30' WHERE pos = 6"
damaged "run 1: result 6: ok without a day 0" "UPDATE results SET day0 = NULL WHERE pos = 6"
# A huge n_results: allocated before the results were counted.
damaged "run 1 has 9 results, not 1000000000000" "UPDATE runs SET n_results = 1000000000000"
refused 3 "d.db: run 1: has 9 results, not 1000000000000" export --db d.db --run 1
# Other parameters and values a run's export trusts.
damaged "run 1: unknown returns 'weekly'" "UPDATE runs SET returns = 'weekly'"
damaged "run 1: unknown model 'magic'" "UPDATE runs SET model = 'magic'"
damaged "run 1: min_estimation 500 is not 0..240 (the estimation window)" \
  "UPDATE runs SET min_estimation = 500"
damaged "run 1: window 1 is not A:B with -100000 <= A <= B <= 100000 (at most 256 windows, numbered from 0)" \
  "UPDATE run_windows SET start = 5, end = 2 WHERE pos = 1"
damaged "run 1: result 0: car 1 is not the run's window 1" \
  "UPDATE cars SET start = -3 WHERE result_pos = 0 AND pos = 1"
damaged "run 1: result 7: sigma 'abc' is not a finite number" \
  "UPDATE results SET sigma = 'abc' WHERE pos = 7"
damaged "run 1: result 7: beta Inf is not a finite number" \
  "UPDATE results SET beta = 9e999 WHERE pos = 7"
damaged "run 1: result 8: unknown status 'maybe'" "UPDATE results SET status = 'maybe' WHERE pos = 8"
damaged "run 1: result 8: event row 99 is not in its event set (9 events)" \
  "UPDATE results SET event_row = 99 WHERE pos = 8"
damaged "run 1: result 8: n_conf -1 is not a count" "UPDATE results SET n_conf = -1 WHERE pos = 8"

# What run --rerun reads: its import generation and event set exist.
msg="run 1: generation 77 is not an import of this store"
damaged "$msg" "UPDATE runs SET generation = 77"
refused 3 "d.db: $msg" run --db d.db --rerun 1
msg="run 1: event set 5 does not exist"
damaged "foreign key violation in runs" "PRAGMA foreign_keys = OFF; UPDATE runs SET event_set = 5"
refused 3 "d.db: $msg" run --db d.db --rerun 1
refused 3 "d.db: $msg" export --db d.db --run 1

# The prices a run reads: snapshot blobs (run and run --rerun), the rows.
msg="damaged price snapshot of series 1 at import 1: date 3 (-1) is not a date after the previous one"
damaged "$msg" "UPDATE price_snapshots SET dates = CAST(substr(dates, 1, 8) || x'ffffffff' || substr(dates, 13) AS BLOB) WHERE series_id = 1"
refused 3 "d.db: $msg" run --db d.db --market SPY
refused 3 "d.db: $msg" run --db d.db --rerun 1
[ "$(sql d.db 'SELECT count(*) FROM runs')" = 1 ] || fail "a refused run was recorded"
damaged "damaged price snapshot of series 2 at import 2: price 7 is not a positive number" \
  "UPDATE price_snapshots SET prices = CAST(substr(prices, 1, 48) || x'0000000000000080' || substr(prices, 57) AS BLOB) WHERE series_id = 2"
damaged "damaged price snapshot of series 2 at import 2: n 1313, 5252 bytes of dates, 21008 bytes of prices" \
  "UPDATE price_snapshots SET n = 1313, prices = prices || prices WHERE series_id = 2"
BASE=rows.db
damaged "prices of series 2 on '2025-01-02': not a date, or price -1.0 not a positive number" \
  "UPDATE prices SET price = -1 WHERE series_id = 2 AND date = '2025-01-02'"
BASE=base.db
# The deltas of schema 8 (what an import merges into and --measure
# volume reads): damaged blobs, and a snapshot that disagrees with them.
damaged "damaged price delta of series 2 at import 2: blobs of the wrong length" \
  "UPDATE price_deltas SET prices = x'00' WHERE series_id = 2"
refused 3 "d.db: damaged price delta of series 2 at import 2: blobs of the wrong length" \
  run --db d.db --market SPY --measure volume
damaged "damaged price delta of series 1 at import 1: a date not after the previous one" \
  "UPDATE price_deltas SET dates = CAST(substr(dates, 1, 8) || x'ffffffff' || substr(dates, 13) AS BLOB) WHERE series_id = 1"
damaged "damaged price delta of series 2 at import 2: a price that is not a positive number" \
  "UPDATE price_deltas SET prices = CAST(substr(prices, 1, 48) || x'0000000000000080' || substr(prices, 57) AS BLOB) WHERE series_id = 2"
damaged "damaged price delta of series 2 at import 2: n or kept out of range" \
  "UPDATE price_deltas SET kept = 64 WHERE series_id = 2"
n1=$(sql base.db "SELECT n FROM price_snapshots WHERE series_id = 1")
damaged "price snapshot of series 1 at import 1 has $((n1 - 1)) prices, its rows $n1" \
  "UPDATE price_snapshots SET n = n - 1, dates = substr(dates, 1, length(dates) - 4), prices = substr(prices, 1, length(prices) - 8) WHERE series_id = 1"
damaged "price snapshot of series 1 at import 1 has $n1 prices, its rows $n1, which differ" \
  "UPDATE price_snapshots SET prices = CAST(substr(prices, 1, 8) || x'000000000000f03f' || substr(prices, 17) AS BLOB) WHERE series_id = 1"
# Without a snapshot the rows are read, and checked.
rm -f d.db; cp rows.db d.db
sql d.db "DELETE FROM price_snapshots WHERE series_id = 2; UPDATE prices SET price = 0 WHERE series_id = 2 AND date = '2025-01-02'"
refused 3 "d.db: prices of series 2 on 2025-01-02: price 0.0 is not a positive number" \
  run --db d.db --market SPY
# The events a run reads.
damaged "event set 1: event 3 is damaged (its row, date, time, offset or instant)" \
  "UPDATE events SET minute = 5000 WHERE row = 3"
