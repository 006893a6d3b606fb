#!/bin/sh
# The store round trip of issue 15: import prices and events, run with
# the aggregate, a bootstrap and groups, export every format and table:
# the exported bytes are the run's own output (the expected bytes are
# what `evstudy run` printed, and the flag form on the same files).
# Covers a run of at most 1,000 pairs (each pair's whole history is
# stored: the placebo test of one-pair groups reads it) and of more
# (the estimation window and event period only), history --check on the
# new hist column, damage to it, and a run recorded before schema 5
# (no aggregate: a clear error for the aggregate tables).
. "$TOP_SRCDIR/tests/setup"
. "$TOP_SRCDIR/tests/store-lib.sh"
need_shared
need_sqlite3
E="$FIXTURES/events/stats-groups.csv"
files="$PRICES/NVDA.csv $PRICES/AMD.csv $PRICES/MSFT.csv $PRICES/TSM.csv $PRICES/SPY.csv"
# shellcheck disable=SC2086
evstudy import --db m.db $files --events "$E" > import.txt
awk 'BEGIN { print "date,label,kind"; t = 1609761600
  for (i = 0; i < 300; i++) print strftime ("%Y-%m-%d", t + i * 2 * 86400, 1) ",E" i "," (i % 3) }' > many.csv
evstudy import --db m.db --events many.csv > import2.txt

# roundtrip RUN-OPTIONS...: run 1 + N with every output, export each.
roundtrip () {
  evstudy run --db m.db "$@" --format json > run.json
  id=$(sql m.db 'SELECT max(id) FROM runs')
  evstudy export --db m.db --run "$id" --format json > export.json
  test_cmp run.json export.json
  for t in car ar aggregate tests; do
    evstudy run --db m.db --rerun "$id" --format csv --table "$t" > run.csv
    evstudy export --db m.db --run "$id" --format csv --table "$t" > export.csv
    test_cmp run.csv export.csv
  done
  evstudy run --db m.db --rerun "$id" > run.txt
  evstudy export --db m.db --run "$id" -o export.txt
  test_cmp run.txt export.txt
}
roundtrip --market SPY --events stats-groups.csv --group-by type --bootstrap 199 --seed 3
# The flag form on the same files prints the same.
evstudy --events "$E" --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
  --prices "$PRICES/MSFT.csv" --prices "$PRICES/TSM.csv" --market "$PRICES/SPY.csv" \
  --group-by type --bootstrap 199 --seed 3 --format json > flag.json
evstudy export --db m.db --run 1 --format json > export.json
test_cmp flag.json export.json
# One-pair groups: the placebo test over the whole stored history.
roundtrip --market SPY --events stats-groups.csv --group-by ticker --adjust holm
grep -q '"placebo"' run.json || fail "no placebo test in a one-pair group"
# 1,200 pairs: the shorter history.
roundtrip --market SPY --events many.csv --group-by kind
[ "$(evstudy history --db m.db --check)" = ok ] || fail "history --check"
[ "$(sql m.db 'PRAGMA user_version')" = 8 ] || fail "schema version"
# Every estimated result has its hist blob, a skipped one none.
[ "$(sql m.db "SELECT count(*) FROM results WHERE (status = 'ok') != (hist IS NOT NULL)")" = 0 ] \
  || fail "hist blobs"

# Damage to a hist blob: --check and export name the run and result.
cp m.db bad.db
sql bad.db "UPDATE results SET hist = substr (hist, 1, length (hist) - 8) WHERE run_id = 1 AND pos = 0"
set +e; evstudy history --db bad.db --check > check.txt 2>&1; status=$?; set -e
grep -q 'run 1: result 0: hist blob of [0-9]* bytes does not hold the history of its estimation window' check.txt \
  || fail "--check of a damaged hist: $(cat check.txt) (exit $status)"
expect_error 3 "bad.db: run 1: result 0: hist blob of $(sql bad.db 'SELECT length (hist) FROM results WHERE run_id = 1 AND pos = 0') bytes does not hold the history of its estimation window" \
  export --db bad.db --run 1 --format json

# A run recorded before schema 5 (no hist): the pairs as before, and a
# clear error for the aggregate.
sql m.db "UPDATE results SET hist = NULL WHERE run_id = 1"
evstudy export --db m.db --run 1 --format csv > old.csv
evstudy run --db m.db --rerun 1 --format csv > want.csv
test_cmp want.csv old.csv
expect_error 2 "run 1 was recorded before evstudy stored what the aggregate needs: evstudy run --rerun 1 recomputes it" \
  export --db m.db --run 1 --format csv --table tests
