#!/bin/sh
# contrib/parallel/shards.sh (issue 17): the shards of a run as GNU
# parallel jobs, two at a time (-j 2), then the merge; the merged bytes
# must be the unsharded run's (its own output is the expected value).
# SKIP (77) with the reason when GNU parallel or bash is not installed.
. "$TOP_SRCDIR/tests/setup"
need_shared
command -v parallel > /dev/null 2>&1 || { echo "SKIP: no GNU parallel (Debian package parallel)"; exit 77; }
command -v bash > /dev/null 2>&1 || { echo "SKIP: no bash"; exit 77; }
parallel --version 2>&1 | grep -q 'GNU parallel' || { echo "SKIP: 'parallel' is not GNU parallel"; exit 77; }
E="$FIXTURES/events/stats-groups.csv"
set -- --events "$E" --market "$PRICES/SPY.csv" --group-by type --bootstrap 99
for t in NVDA AMD AVGO MSFT TSM SMH QQQ BABA; do set -- "$@" --prices "$PRICES/$t.csv"; done
evstudy "$@" --format json > want.json
export EVSTUDY
for n in 3 4; do
  PARALLEL_OPTS="-j 2" bash "$TOP_SRCDIR/contrib/parallel/shards.sh" "$n" "parts $n" "$@" \
    -- --format json -o "got $n.json" > out.txt 2> err.txt || { cat err.txt; fail "shards.sh $n"; }
  test_cmp want.json "got $n.json"
  [ "$(ls "parts $n" | wc -l)" -eq "$n" ] || fail "parts $n: $(ls "parts $n")"
done
# A failing shard stops the run: no merge, exit status not 0.
set +e
PARALLEL_OPTS="-j 2" bash "$TOP_SRCDIR/contrib/parallel/shards.sh" 2 bad --events nosuch.csv \
  --prices "$PRICES/NVDA.csv" -- --format json -o bad.json > out.txt 2> err.txt
status=$?
set -e
[ "$status" -ne 0 ] || fail "a failed shard: exit 0"
[ ! -e bad.json ] || fail "a failed shard: merged anyway"
grep -q "nosuch.csv" err.txt || fail "a failed shard: $(cat err.txt)"
