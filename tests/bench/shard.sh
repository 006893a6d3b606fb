#!/bin/sh
# tests/bench/shard.sh -- `make bench` workload 8 (issue 17): the 5,000-
# security market of workload 2 (4 pairs a security, market model, every
# test, one long CSV) unsharded and in 1, 2 and 4 shards run one after
# another on this machine: each shard's time and file size, the merge's
# time and its share of the unsharded run (the merge must cost under 15%
# of it), and a check that the merged bytes are the unsharded run's; the
# same for the JSON document, whose merge computes the aggregate.  The
# shards carry each pair's CSV car rows and JSON text (format 3), which
# the merges copy: their files are three times the size of the pairs.
# Called by run.sh; runs alone with the same environment (EVSTUDY, GEN,
# MEASURE, BENCH_DATA, BENCH_SCALE, BENCH_JOBS).
set -eu
: "${BENCH_SCALE:=100}"
: "${BENCH_JOBS:=$(nproc)}"
D=$BENCH_DATA
mkdir -p "$D"
scale () { echo $(( $1 * BENCH_SCALE / 100 > 0 ? $1 * BENCH_SCALE / 100 : 1 )); }
n=$(scale 5000) T=$(scale 6300)
w2=$D/w2-$n-$T.csv
[ -f "$w2" ] || "$GEN" --seed 2 --long "$w2" --events "$w2.events" --pairs $((4 * n)) "$n" "$T"
set -- --events "$w2.events" --prices "$w2" --market MKT --jobs "$BENCH_JOBS"
# The long file read once before anything is timed: an unsharded run that
# read it from disk would make the merge's share look smaller.
cat "$w2" > /dev/null
wall () { sed 's/.*wall_s=\([0-9.]*\).*/\1/'; }
line=$("$MEASURE" "8-shard-unsharded-$n" pairs=$((4 * n)) -- "$EVSTUDY" "$@" --format csv -o "$D/unsharded.csv")
echo "$line"
base=$(echo "$line" | wall)
# The CSV car table has no aggregate, so neither the run nor the merge
# computes one: the JSON document (every test of every window) is the
# merge whose work is the cross-sectional aggregate.
line=$("$MEASURE" "8-shard-unsharded-json-$n" pairs=$((4 * n)) -- "$EVSTUDY" "$@" --format json -o "$D/unsharded.json")
echo "$line"
base_json=$(echo "$line" | wall)
for N in 1 2 4; do
  rm -f "$D"/part-"$N"-*.db
  total=0 i=0
  while [ "$i" -lt "$N" ]; do
    line=$("$MEASURE" "8-shard-$i-of-$N" -- "$EVSTUDY" "$@" --shard "$i/$N" -o "$D/part-$N-$i.db")
    echo "$line size_mb=$(( $(wc -c < "$D/part-$N-$i.db") / 1048576 ))"
    total=$(echo "$total $(echo "$line" | wall)" | awk '{ print $1 + $2 }')
    i=$((i + 1))
  done
  line=$("$MEASURE" "8-merge-$N" -- "$EVSTUDY" merge --jobs "$BENCH_JOBS" --format csv -o "$D/merged.csv" "$D"/part-"$N"-*.db)
  m=$(echo "$line" | wall)
  echo "$line" | awk -v m="$m" -v b="$base" -v t="$total" \
    '{ printf "%s merge_share_of_unsharded=%.1f%% shards_total_s=%.2f merge_share_of_total=%.1f%%\n", $0, 100 * m / b, t, 100 * m / (t + m) }'
  cmp -s "$D/unsharded.csv" "$D/merged.csv" || echo "#   MISMATCH: the merge of $N shards differs from the unsharded run"
  line=$("$MEASURE" "8-merge-json-$N" -- "$EVSTUDY" merge --jobs "$BENCH_JOBS" --format json -o "$D/merged.json" "$D"/part-"$N"-*.db)
  m=$(echo "$line" | wall)
  echo "$line" | awk -v m="$m" -v b="$base_json" \
    '{ printf "%s merge_share_of_unsharded_json=%.1f%%\n", $0, 100 * m / b }'
  cmp -s "$D/unsharded.json" "$D/merged.json" || echo "#   MISMATCH: the JSON merge of $N shards differs from the unsharded run"
  rm -f "$D"/part-"$N"-*.db "$D/merged.csv" "$D/merged.json"
done
rm -f "$D/unsharded.csv" "$D/unsharded.json"
