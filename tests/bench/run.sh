#!/bin/sh
# tests/bench/run.sh -- the benchmark workloads of `make bench`.  Prints
# one line per measurement (see measure.c), stable for scripts to compare
# between commits.  A measurement, not a test: it never fails on timing.
# Environment: EVSTUDY, GEN, MEASURE (programs), BENCH_DATA (a cache
# directory for the generated data), BENCH_SCALE (1 = full size).
set -eu
: "${BENCH_SCALE:=1}"
D=$BENCH_DATA
mkdir -p "$D"
scale () { echo $(( $1 * BENCH_SCALE / 100 > 0 ? $1 * BENCH_SCALE / 100 : 1 )); }
echo "# evstudy bench: $(uname -m), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "# scale ${BENCH_SCALE}%"

# 1. The estudy2 job: 500 securities x 2,500 sessions, one event date for
#    all, a 21-session event window, market model.
n=$(scale 500) T=$(scale 2500)
w1=$D/w1-$n-$T
if [ ! -d "$w1" ]; then
  "$GEN" --seed 1 --dir "$w1" --events "$w1.events" --event-session $((T - 40)) "$n" "$T"
fi
set -- ; for f in "$w1"/S*.csv; do set -- "$@" --prices "$f"; done
"$MEASURE" "1-estudy2-job" pairs=$n -- "$EVSTUDY" --events "$w1.events" "$@" \
  --market "$w1/MKT.csv" --window -10:10 --ar-days -10:10 --format csv

# 2 and 4. A market: N securities x 6,300 sessions, 4 pairs per security
#    at random dates, market model, from one long CSV; at 1,000, 2,000 and
#    5,000 securities for the scaling slope.
T=$(scale 6300)
for n in $(scale 1000) $(scale 2000) $(scale 5000); do
  w2=$D/w2-$n-$T.csv
  [ -f "$w2" ] || "$GEN" --seed 2 --long "$w2" --events "$w2.events" --pairs $((4 * n)) "$n" "$T"
  rows=$(( $(wc -l < "$w2") - 1 ))
  "$MEASURE" "2-market-$n" pairs=$((4 * n)) -- "$EVSTUDY" --events "$w2.events" \
    --prices "$w2" --market MKT --format csv
  echo "#   $n securities: $rows price rows, $(( $(wc -c < "$w2") / 1048576 )) MB"
done

# 3. Import throughput: the largest long file with a single pair, so that
#    reading the CSV is nearly all the work; and 500 yfinance flat files.
printf 'date,label,tickers\n2010-06-01,One,S00001\n' > "$D/one.events"
bytes=$(wc -c < "$w2")
"$MEASURE" "3-import-long" MB=$((bytes / 1048576)) -- "$EVSTUDY" --events "$D/one.events" \
  --prices "$w2" --format csv --min-estimation 3
set -- ; for f in "$w1"/S*.csv; do set -- "$@" --prices "$f"; done
bytes=$(cat "$w1"/S*.csv | wc -c)
"$MEASURE" "3-import-yfinance-files" MB=$((bytes / 1048576)) -- "$EVSTUDY" --events "$D/one.events" \
  "$@" --format csv --min-estimation 3
