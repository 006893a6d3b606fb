#!/bin/sh
# The CAR path in the store (schema 7, results.path; store-run.c).  The
# expected bytes are the run's own output (whose numbers
# golden-carpath.sh ties to the independent reference):
# - export --table car-path of a stored run prints what the run printed,
#   in CSV, the table and JSON, for the market model, ff5 (whose
#   regressors the store does not keep: the path must come from the
#   blob) and garch;
# - the blob is 16 bytes a path day (checked with the sqlite3 tool);
# - a run recorded before schema 7 (path NULL) exports JSON with
#   "car_path": null and refuses --table car-path with a usage error that
#   says how to recompute it; its other tables are unchanged;
# - a damaged path blob is named by history --check and export (exit 3).
. "$TOP_SRCDIR/tests/setup"
. "$TOP_SRCDIR/tests/store-lib.sh"
need_sqlite3
need_shared
FF5="$SHARED_DATA/factors/F-F_Research_Data_5_Factors_2x3_daily.csv"
E="$TOP_SRCDIR/datasets/releases.csv"

evstudy import --db s.db "$PRICES/NVDA.csv" "$PRICES/AMD.csv" "$PRICES/SPY.csv" \
  --events "$E" > import.txt
evstudy import --db s.db --factors "$FF5" > factors.txt
[ "$(sql s.db 'PRAGMA user_version')" = 8 ] || fail "schema version"

for m in "--model market" "--model ff5" "--model garch" "--measure volume"; do
  # shellcheck disable=SC2086
  evstudy run --db s.db $m --market SPY --format csv --table car-path > run.csv
  id=$(sql s.db 'SELECT max(id) FROM runs')
  evstudy export --db s.db --run "$id" --format csv --table car-path > export.csv
  test_cmp run.csv export.csv
  [ "$(wc -l < run.csv)" -gt 1 ] || fail "$m: no path rows"
  evstudy export --db s.db --run "$id" --table car-path > export.txt
  evstudy run --db s.db --rerun "$id" --table car-path > rerun.txt
  test_cmp rerun.txt export.txt
  evstudy export --db s.db --run "$id" --format json > export.json
  evstudy run --db s.db --rerun "$id" --format json > rerun.json
  test_cmp rerun.json export.json
  grep -q '"car_path": \[' export.json || fail "$m: no car_path in JSON"
done

# 16 bytes a day: 21 days (-10:10) of each estimated pair of the last run.
[ "$(sql s.db "SELECT count(*) FROM results WHERE run_id = $id AND status = 'ok'
  AND length(path) = 21 * 16")" = "$(sql s.db "SELECT count(*) FROM results
  WHERE run_id = $id AND status = 'ok'")" ] || fail "path blobs of 336 bytes expected"
[ "$(sql s.db "SELECT count(*) FROM results WHERE status = 'skipped'
  AND path IS NOT NULL")" = 0 ] || fail "a skipped result has a path"

# A run as recorded before schema 7: no paths.
evstudy run --db s.db --market SPY --format json > run.json
id=$(sql s.db 'SELECT max(id) FROM runs')
cp s.db old.db
sql old.db "UPDATE results SET path = NULL WHERE run_id = $id"
expect_error 2 "run $id was recorded before evstudy stored CAR paths: evstudy run --rerun $id recomputes it" \
  export --db old.db --run "$id" --format csv --table car-path
expect_error 2 "run $id was recorded before evstudy stored CAR paths: evstudy run --rerun $id recomputes it" \
  export --db old.db --run "$id" --table car-path
evstudy export --db old.db --run "$id" --format json > old.json
python3 - run.json old.json <<'PY' || fail "the old run's JSON is not the run's with car_path null"
import json, sys
run, old = (json.load(open(f)) for f in sys.argv[1:3])
for r in run["results"]:
    r["car_path"] = None if r["status"] == "ok" else r["car_path"]
sys.exit(run != old)
PY
evstudy export --db old.db --run "$id" --format csv --table car > old-car.csv
evstudy export --db s.db --run "$id" --format csv --table car > car.csv
test_cmp car.csv old-car.csv
[ "$(evstudy history --db old.db --check)" = ok ] || fail "a run without paths is not damage"

# Damage: a blob that is not whole days, one longer than the days, an
# infinite CAR.
damaged () {
  rm -f d.db; cp s.db d.db
  sql d.db "$2"
  set +e
  evstudy history --db d.db --check > out.txt 2> err.txt
  status=$?
  set -e
  [ "$status" -eq 3 ] || { cat out.txt err.txt >&2; fail "--check exit $status after: $2"; }
  echo "$1" > want.txt
  test_cmp want.txt out.txt
  expect_error 3 "d.db: $1" export --db d.db --run "$id" --format csv --table car-path
}
pos=$(sql s.db "SELECT min(pos) FROM results WHERE run_id = $id AND status = 'ok'")
damaged "run $id: result $pos: path blob has 17 bytes, expected a multiple of 16 from 16 to 336 (its 21 days)" \
  "UPDATE results SET path = zeroblob(17) WHERE run_id = $id AND pos = $pos"
damaged "run $id: result $pos: path blob has 352 bytes, expected a multiple of 16 from 16 to 336 (its 21 days)" \
  "UPDATE results SET path = zeroblob(352) WHERE run_id = $id AND pos = $pos"
damaged "run $id: result $pos: path blob: day 0: a value is infinite" \
  "UPDATE results SET path = CAST(X'000000000000F07F' || substr(path, 9) AS BLOB) WHERE run_id = $id AND pos = $pos"
damaged "run $id: result $pos: path is not a blob" \
  "UPDATE results SET path = 'text' WHERE run_id = $id AND pos = $pos"
