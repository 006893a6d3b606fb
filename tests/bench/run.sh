#!/bin/sh
# tests/bench/run.sh -- the benchmark workloads of `make bench`.  Prints
# one line per measurement (see measure.c), stable for scripts to compare
# between commits.  A measurement, not a test: it never fails on timing.
# Environment: EVSTUDY, GEN, MEASURE (programs), BENCH_DATA (a cache
# directory for the generated data and stores), BENCH_SCALE (100 = full
# size), BENCH_JOBS (threads, default: all processors).
set -eu
: "${BENCH_SCALE:=100}"
: "${BENCH_JOBS:=$(nproc)}"
D=$BENCH_DATA
mkdir -p "$D"
scale () { echo $(( $1 * BENCH_SCALE / 100 > 0 ? $1 * BENCH_SCALE / 100 : 1 )); }
echo "# evstudy bench: $(uname -m), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "# scale ${BENCH_SCALE}%, --jobs $BENCH_JOBS unless the name ends in -j1; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
J="--jobs $BENCH_JOBS"
# An evstudy from before --jobs (to measure an old commit): no -j1 lines.
if ! "$EVSTUDY" --help | grep -q -- '--jobs'; then
  J= BENCH_JOBS=old
  echo "# this evstudy has no --jobs: one thread, and no -j1 lines"
fi
jobs_opt () { [ "$BENCH_JOBS" = old ] || echo "--jobs $1"; }

# 1. The estudy2 job: 500 securities x 2,500 sessions (one yfinance file
#    each), one event date for all, a 21-session event window, market
#    model, every test.
n=$(scale 500) T=$(scale 2500)
w1=$D/w1-$n-$T
if [ ! -d "$w1" ]; then
  "$GEN" --seed 1 --dir "$w1" --events "$w1.events" --event-session $((T - 40)) "$n" "$T"
fi
set -- ; for f in "$w1"/S*.csv; do set -- "$@" --prices "$f"; done
for j in 1 "$BENCH_JOBS"; do
  name=1-estudy2-job; [ "$j" = 1 ] && name=1-estudy2-job-j1
  [ "$BENCH_JOBS" = old ] && [ "$j" = 1 ] && continue
  "$MEASURE" "$name" pairs=$n -- "$EVSTUDY" --events "$w1.events" "$@" \
    --market "$w1/MKT.csv" --window -10:10 --ar-days -10:10 --format csv $(jobs_opt "$j")
done

# 2 and 4. A market: N securities x 6,300 sessions, 4 pairs per security
#    at random dates, market model, every test, from one long CSV; at
#    1,000, 2,000 and 5,000 securities for the scaling slope.
T=$(scale 6300)
times=
for n in $(scale 1000) $(scale 2000) $(scale 5000); do
  w2=$D/w2-$n-$T.csv
  [ -f "$w2" ] || "$GEN" --seed 2 --long "$w2" --events "$w2.events" --pairs $((4 * n)) "$n" "$T"
  rows=$(( $(wc -l < "$w2") - 1 ))
  line=$("$MEASURE" "2-market-$n" pairs=$((4 * n)) -- "$EVSTUDY" --events "$w2.events" \
    --prices "$w2" --market MKT --format csv $J)
  echo "$line"
  times="$times $n $(echo "$line" | sed 's/.*wall_s=\([0-9.]*\).*/\1/')"
  echo "#   $n securities: $rows price rows, $(( $(wc -c < "$w2") / 1048576 )) MB"
done
# Least-squares line through (securities, wall time): the cost of 1,000
# more securities (4,000 pairs, 6.3 million rows), and how far the
# largest run is from the line through the smallest and the origin.
echo "$times" | awk '{ for (i = 1; i < NF; i += 2) { x = $i / 1000; y = $(i + 1); n++
    sx += x; sy += y; sxx += x * x; sxy += x * y; X[n] = x; Y[n] = y } }
  END { b = (n * sxy - sx * sy) / (n * sxx - sx * sx); a = (sy - b * sx) / n
    printf "4-scaling                    slope_s_per_1000_securities=%.3f intercept_s=%.3f", b, a
    printf " per_security_cost_ratio_%g_vs_%g=%.2f\n", X[n] * 1000, X[1] * 1000, (Y[n] / X[n]) / (Y[1] / X[1]) }'
[ "$BENCH_JOBS" = old ] || "$MEASURE" "2-market-$n-j1" pairs=$((4 * n)) -- "$EVSTUDY" \
  --events "$w2.events" --prices "$w2" --market MKT --format csv --jobs 1

# 2. The same market from the sqlite store: the long file and events
#    imported once (cached; the import is timed the first time only), then
#    `evstudy run` on a fresh copy of the store each time (a run records
#    its results).
db=$D/w2-$n-$T.db
if [ "$BENCH_JOBS" = old ]; then
  echo "# no store run: the cached store has a newer schema than this evstudy's"
elif [ ! -f "$db" ]; then
  "$MEASURE" "2-store-import-$n" rows=$rows -- "$EVSTUDY" import --db "$db.tmp" \
    --events "$w2.events" "$w2"
  mv "$db.tmp" "$db"
fi
# An evstudy older than the store's schema refuses it: no line then.
if [ -f "$db" ] && [ "$BENCH_JOBS" != old ] && "$EVSTUDY" history --db "$db" > /dev/null 2>&1; then
  cp "$db" "$D/run.db"
  sync; sleep 2   # the copy's writeback must not land inside the measurement
  "$MEASURE" "2-store-run-$n" pairs=$((4 * n)) -- "$EVSTUDY" run --db "$D/run.db" \
    --market MKT --format csv $J
  rm -f "$D/run.db" "$D/run.db-wal" "$D/run.db-shm"
fi

# 3. Import throughput: the largest long file with a single pair, so that
#    reading the CSV is nearly all the work, on one thread; and the 500
#    yfinance flat files (Date, Close, High, Low, Open, Volume: only Date
#    and Close are parsed) on one thread and on all.
printf 'date,label,tickers\n2010-06-01,One,S00001\n' > "$D/one.events"
bytes=$(wc -c < "$w2")
"$MEASURE" "3-import-long-j1" MB=$((bytes / 1048576)) -- "$EVSTUDY" --events "$D/one.events" \
  --prices "$w2" --format csv --min-estimation 3 $(jobs_opt 1)
set -- ; for f in "$w1"/S*.csv; do set -- "$@" --prices "$f"; done
bytes=$(cat "$w1"/S*.csv | wc -c)
for j in 1 "$BENCH_JOBS"; do
  name=3-import-yfinance-files; [ "$j" = 1 ] && name=3-import-yfinance-files-j1
  [ "$BENCH_JOBS" = old ] && [ "$j" = 1 ] && continue
  "$MEASURE" "$name" MB=$((bytes / 1048576)) -- "$EVSTUDY" --events "$D/one.events" \
    "$@" --format csv --min-estimation 3 $(jobs_opt "$j")
done

# 7. Issue 12: the 5,000-security market of workload 2 with a Volume
#    column (its own file, so that workload 2's cached file and import
#    figures stay as they were), studied as returns, then --measure
#    volume and --measure volatility (market model, every test); the
#    issue asks for each at most 1.2 times the returns run.
n=$(scale 5000)
w7=$D/w7-$n-$T.csv
[ -f "$w7" ] || "$GEN" --seed 2 --volume --long "$w7" --events "$w7.events" --pairs $((4 * n)) "$n" "$T"
for m in return volume volatility; do
  "$MEASURE" "7-measure-$m-$n" pairs=$((4 * n)) -- "$EVSTUDY" --events "$w7.events" \
    --prices "$w7" --market MKT --measure "$m" --format csv $J
done

# 5. Clustered events: 20,000 events sharing one day 0, against one series
#    (the first of workload 1) and its market, market model, every test.
#    Every pair shares day 0, so the Kolari-Pynnonen rbar covers 200
#    million pairs of pairs: per-date sums of the unit-norm residuals make
#    it O(N T) (evtests_kp_rbar) where the pairwise sum was O(N^2 T).
n=$(scale 20000)
day0=$(awk -F, 'NR == 2 { print $1 }' "$w1.events")
awk -v n="$n" -v d="$day0" 'BEGIN { print "date,label"; for (i = 1; i <= n; i++) print d ",E" i }' \
  > "$D/clustered-$n.events"
first=$(ls "$w1"/S*.csv | head -n 1)
"$MEASURE" "5-clustered-$n" pairs=$n -- "$EVSTUDY" --events "$D/clustered-$n.events" \
  --prices "$first" --market "$w1/MKT.csv" --format csv $J

# 6. Memory: 100,000 events x 20 securities x 6,300 sessions, each event
#    naming one security (100,000 pairs, about 5,000 a security), market
#    model, every test, from one long CSV.  Peak RSS against the run's own
#    estimate (what --max-memory checks: the loaded inputs plus
#    study_estimate_memory), read from the message of a run refused with
#    --max-memory 1K.
n=20 T=$(scale 6300) p=$(scale 100000)
w6m=$D/w6m-$n-$T-$p.csv
[ -f "$w6m" ] || "$GEN" --seed 5 --long "$w6m" --events "$w6m.events" --pairs "$p" "$n" "$T"
est=$("$EVSTUDY" --events "$w6m.events" --prices "$w6m" --market MKT --format csv $J \
  --max-memory 1K 2>&1 | sed -n 's/.*would need about \(.*\) for .*/\1/p' || true)
"$MEASURE" "6-memory-$p-events-$n" pairs=$p -- "$EVSTUDY" --events "$w6m.events" \
  --prices "$w6m" --market MKT --format csv $J
echo "#   estimated peak: ${est:-n/a (this evstudy has no --max-memory)}"

# 7. --ar-days far wider than the data: 9 events on one security of
#    2,500 sessions, -10:100000 and -10:10 (the days with data are
#    the same work either way since issue 11).
T=$(scale 2500)
w7=$D/w7-1-$T.csv
[ -f "$w7" ] || "$GEN" --seed 6 --long "$w7" --events "$w7.events" --pairs 9 1 "$T"
for r in -10:10 -10:100000; do
  "$MEASURE" "7-ar-days-$r" pairs=9 -- "$EVSTUDY" --events "$w7.events" --prices "$w7" \
    --market MKT --ar-days "$r" --format json $J
done

# 8. Shards (issue 17): tests/bench/shard.sh.
sh "$(dirname "$0")/shard.sh"

# 9 and 10. Import against the sqlite3 shell, and the nightly re-import
#    (issue 15): tests/bench/import.sh.
sh "$(dirname "$0")/import.sh"
# 11. Intraday bars (issue 16): tests/bench/intraday.sh.
[ -z "${BARS:-}" ] || [ "$BENCH_JOBS" = old ] || BENCH_JOBS=$BENCH_JOBS sh "$(dirname "$0")/intraday.sh"
