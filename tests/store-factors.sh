#!/bin/sh
# import --factors and run --model ff3|ff5 from the store (issue 15).
# The expected numbers are the flag form's on the same files (their
# factor-model results are checked against R in golden-models.sh): a run
# from the store must give the same CARs, fits and tests, column by
# column (only events_file differs: a store run names the stored events
# file).  Then: versions (a changed factor file is a new version; --rerun
# keeps the old one), the errors, and history --check of a damaged blob.
. "$TOP_SRCDIR/tests/setup"
. "$TOP_SRCDIR/tests/store-lib.sh"
need_shared
need_sqlite3
FF5="$SHARED_DATA/factors/F-F_Research_Data_5_Factors_2x3_daily.csv"
FF3="$SHARED_DATA/factors/F-F_Research_Data_Factors_daily.csv"
E="$TOP_SRCDIR/datasets/releases.csv"

# same_but_source A B: the CSVs have the same rows, field for field,
# but for the events_file column (python3's csv module: labels hold
# commas).
same_but_source () {
  python3 - "$1" "$2" <<'PY' || fail "$1 and $2 differ"
import csv, sys
a, b = (list(csv.reader(open(f, newline=""))) for f in sys.argv[1:3])
i = a[0].index("events_file")
drop = lambda rows: [r[:i] + r[i + 1:] for r in rows]
if drop(a) != drop(b) or len(a) < 2:
    print(len(a), len(b), file=sys.stderr)
    sys.exit(1)
PY
}

# No factor file yet: a clear error.
evstudy import --db s.db "$PRICES/NVDA.csv" "$PRICES/AMD.csv" "$PRICES/SPY.csv" --events "$E" \
  > import.txt
expect_error 2 "s.db holds no factor files as of import 4: evstudy import --db s.db --factors FILE" \
  run --db s.db --model ff5 --market SPY

evstudy import --db s.db --factors "$FF5" > f.txt
printf '%s: factors stored\n' "$FF5" > want.txt
test_cmp want.txt f.txt
evstudy import --db s.db --factors "$FF5" > f.txt
printf '%s: unchanged (already imported)\n' "$FF5" > want.txt
test_cmp want.txt f.txt
[ "$(sql s.db 'SELECT count (*) FROM factor_files')" = 1 ] || fail "one version expected"

# ff5 and ff3 (ff3's columns from the five-factor file) from the store
# against the flag form.
for model in ff5 ff3; do
  evstudy run --db s.db --model "$model" --market SPY --format csv > run.csv
  evstudy --events "$E" --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
    --market "$PRICES/SPY.csv" --model "$model" --factors "$FF5" --format csv > flag.csv
  same_but_source flag.csv run.csv
done

# Two stored files: the model's must be named.
evstudy import --db s.db --factors "$FF3" > /dev/null
expect_error 2 "s.db holds 2 factor files (F-F_Research_Data_5_Factors_2x3_daily.csv,F-F_Research_Data_Factors_daily.csv): name the model's with --factors NAME" \
  run --db s.db --model ff3 --market SPY
evstudy run --db s.db --model ff3 --market SPY --factors F-F_Research_Data_Factors_daily.csv \
  --format csv > run3.csv
evstudy --events "$E" --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
  --market "$PRICES/SPY.csv" --model ff3 --factors "$FF3" --format csv > flag3.csv
same_but_source flag3.csv run3.csv
expect_error 2 "no factor file 'nope.csv' in s.db as of import 6: evstudy import --db s.db --factors FILE" \
  run --db s.db --model ff3 --factors nope.csv

# A new version of the five-factor file (one value changed): later runs
# read it, --rerun of an earlier run reads the version of its time.
evstudy run --db s.db --model ff5 --market SPY --factors F-F_Research_Data_5_Factors_2x3_daily.csv \
  --format csv > before.csv
n=$(evstudy history --db s.db --format csv | tail -n 1 | cut -d, -f1)
mkdir v2
awk -F, -v OFS=, '$1 == "20250127" { $2 = "-9.99" } { print }' "$FF5" \
  > v2/F-F_Research_Data_5_Factors_2x3_daily.csv
cmp -s "$FF5" v2/F-F_Research_Data_5_Factors_2x3_daily.csv && fail "v2 should differ"
evstudy import --db s.db --factors v2/F-F_Research_Data_5_Factors_2x3_daily.csv > /dev/null
[ "$(sql s.db 'SELECT count (*) FROM factor_files')" = 3 ] || fail "a second version expected"
evstudy run --db s.db --model ff5 --market SPY --factors F-F_Research_Data_5_Factors_2x3_daily.csv \
  --format csv > after.csv
cmp -s before.csv after.csv && fail "the new version was not read"
evstudy run --db s.db --rerun "$n" --format csv > rerun.csv
test_cmp before.csv rerun.csv
evstudy history --db s.db --check > check.txt || fail "history --check: $(cat check.txt)"

# A bad factor file: file:line:column, nothing stored.
printf 'preamble\n,Mkt-RF,RF\n20250102,  1.0,0.01\n20250103,oops,0.01\n' > bad.csv
expect_error 3 "bad.csv:4:2: invalid number 'oops'" import --db s.db --factors bad.csv
[ "$(sql s.db "SELECT count (*) FROM factor_files WHERE source = 'bad.csv'")" = 0 ] \
  || fail "a bad file was stored"

# A damaged version: history --check names it.
cp s.db d.db
sql d.db "UPDATE factor_files SET content = X'00' WHERE generation = (SELECT min (generation) FROM factor_files)"
set +e
evstudy history --db d.db --check > check.txt 2>&1
status=$?
set -e
[ "$status" = 3 ] || fail "history --check of a damaged factor file: exit $status"
grep -q "factor file F-F_Research_Data_5_Factors_2x3_daily.csv: its bytes do not have their stored SHA-256" check.txt \
  || fail "history --check: $(cat check.txt)"

# run --shard with a factor model is refused (the merge reads files).
expect_error 2 "run --shard with a factor model is not supported yet: shard the flag form (evstudy --factors FILE ... --shard I/N)" \
  run --db s.db --model ff5 --market SPY --factors F-F_Research_Data_5_Factors_2x3_daily.csv --shard 0/2 -o p.db

# The round trip of issue 15: prices, events and factors imported; ff5
# with the aggregate, a bootstrap and groups; export gives the run's
# bytes for every table and format (the expected bytes are the run's
# own output, whose numbers the flag-form comparison above ties to the
# files).
evstudy run --db s.db --model ff5 --market SPY --factors F-F_Research_Data_5_Factors_2x3_daily.csv \
  --group-by type --bootstrap 99 --seed 5 --format json > run.json
id=$(sql s.db 'SELECT max(id) FROM runs')
evstudy export --db s.db --run "$id" --format json > export.json
test_cmp run.json export.json
for t in car ar car-path aggregate aggregate-days aggregate-windows tests; do
  evstudy run --db s.db --rerun "$id" --format csv --table "$t" > run.csv
  evstudy export --db s.db --run "$id" --format csv --table "$t" > export.csv
  test_cmp run.csv export.csv
done
evstudy run --db s.db --rerun "$id" --format text > run.txt
evstudy export --db s.db --run "$id" --format text > export.txt
test_cmp run.txt export.txt

# garch's parameters (results.fit) come back too: export prints the run.
evstudy run --db s.db --model garch --market SPY --format json > run.json
id=$(sql s.db 'SELECT max(id) FROM runs')
evstudy export --db s.db --run "$id" --format json > export.json
test_cmp run.json export.json
