#!/bin/sh
# --measure return,volume,volatility (issue 12): several measures in one
# run give, measure by measure, exactly what the single-measure runs
# give (the expected output is evstudy's own single-measure output, whose
# numbers the golden tests check: golden-market.sh, golden-volume.sh,
# golden-volatility.sh), in one document where every row, result and
# aggregate cell says its measure, in the fixed order return, volume,
# volatility whatever the order given.
. "$TOP_SRCDIR/tests/setup"
need_shared

run () {
  evstudy --events "$FIXTURES/events/selloff.csv" --prices "$PRICES/NVDA.csv" \
    --prices "$PRICES/AMD.csv" --market "$PRICES/SPY.csv" "$@"
}

# same_rows MULTI MEASURE DROP SINGLE: the rows of MEASURE in the
# several-measure CSV MULTI, without its measure column and the columns
# named in DROP (comma-separated: those empty for this measure), are
# field for field the rows of the single-measure CSV SINGLE.  Parsed by
# python3's csv module, since labels and confounders hold commas.
same_rows () {
  python3 - "$@" <<'PY' || fail "$2 rows of $1 differ from $4"
import csv, sys
multi, measure, drop, single = sys.argv[1:5]
drop = set(filter(None, drop.split(",")))
with open(multi, newline="") as f:
    rows = list(csv.reader(f))
keep = [i for i, h in enumerate(rows[0]) if h != "measure" and h not in drop]
got = [[r[i] for i in keep] for r in rows[1:] if r[0] == measure]
with open(single, newline="") as f:
    want = list(csv.reader(f))[1:]
if got != want or not want:
    for g, w in zip(got, want):
        if g != w:
            print("got ", g, "\nwant", w, file=sys.stderr)
            break
    print(len(got), "rows against", len(want), file=sys.stderr)
    sys.exit(1)
PY
}

# CSV, the car table: a multi row is "MEASURE," + the single row, with
# the u,u_p columns (after warnings) empty for return and volume.
run --measure volatility,volume,return --format csv > multi-car.csv
head -1 multi-car.csv | grep -q '^measure,event,.*,warnings,u,u_p,market,' || fail "car header"
for m in return volume volatility; do
  run --measure "$m" --format csv > single.csv
  if [ "$m" = volatility ]; then drop=; else drop=u,u_p; fi
  same_rows multi-car.csv "$m" "$drop" single.csv
done
# The blocks come in the fixed order.
cut -d, -f1 multi-car.csv | uniq | tr '\n' ' ' > order.txt
[ "$(cat order.txt)" = "measure return volume volatility " ] || fail "order: $(cat order.txt)"

# CSV, the ar table: value,market_value,...,p,multiple,u, then the tail.
run --measure return,volume,volatility --format csv --table ar > multi-ar.csv
head -1 multi-ar.csv | grep -q '^measure,event,label,ticker,day,date,value,market_value,expected,ar,se,t,p,multiple,u,market,day0,' \
  || fail "ar header"
run --measure return --format csv --table ar > single.csv
same_rows multi-ar.csv return multiple,u single.csv
run --measure volume --format csv --table ar > single.csv
same_rows multi-ar.csv volume u single.csv
run --measure volatility --format csv --table ar > single.csv
same_rows multi-ar.csv volatility multiple single.csv

# CSV, the tests table: each measure's rows are the single run's.
run --measure return,volume,volatility --format csv --table tests > multi-tests.csv
for m in return volume volatility; do
  run --measure "$m" --format csv --table tests | sed 1d > want.csv
  grep "^$m," multi-tests.csv | sed "s/^$m,//" > got.csv
  test_cmp want.csv got.csv
done

# JSON: "measures", and each result and aggregate cell is the single
# run's with "measure" added.
run --measure return,volume,volatility --format json > multi.json
jq -e '.measures == ["return", "volume", "volatility"]' multi.json > /dev/null || fail "measures"
for m in return volume volatility; do
  run --measure "$m" --format json > single.json
  jq -S --arg m "$m" '[.results[] | select(.measure == $m) | del(.measure)]' multi.json > got.json
  jq -S '.results' single.json > want.json
  test_cmp want.json got.json
  jq -S --arg m "$m" '[.aggregate[] | select(.measure == $m) | del(.measure)]' multi.json > got.json
  jq -S '.aggregate' single.json > want.json
  test_cmp want.json got.json
done

# The table says in words what each block measures.
run --measure return,volume,volatility --table car > multi.txt
grep -q '^== abnormal returns ==$' multi.txt || fail "no returns heading"
grep -q '^== abnormal log volume ln(1 + V) ==$' multi.txt || fail "no volume heading"
grep -q '^== abnormal volatility: the variance ratio U = (AR/se)^2 (Beaver 1968) ==$' multi.txt \
  || fail "no volatility heading"

# Usage errors.
expect_error 2 "--measure 'return,return' names return twice" \
  --events "$FIXTURES/events/selloff.csv" --prices "$PRICES/NVDA.csv" --measure return,return
expect_error 2 "invalid --measure 'return,,volume': expected return, volume or volatility, or a comma-separated list of them" \
  --events "$FIXTURES/events/selloff.csv" --prices "$PRICES/NVDA.csv" --measure return,,volume
expect_error 2 "--measure volume takes --model mean, market or market-adjusted, not ff5" \
  --events "$FIXTURES/events/selloff.csv" --prices "$PRICES/NVDA.csv" --measure return,volume \
  --model ff5 --factors "$SHARED_DATA/factors/F-F_Research_Data_5_Factors_2x3_daily.csv"
expect_error 2 "--plot and --report take one --measure" \
  --events "$FIXTURES/events/selloff.csv" --prices "$PRICES/NVDA.csv" --measure return,volume \
  --plot charts
expect_error 2 "--regress, --bhar-tests and --calendar-time take one --measure" \
  --events "$FIXTURES/events/selloff.csv" --prices "$PRICES/NVDA.csv" --measure return,volume \
  --regress 'car[-1,1] ~ beta'

# --format text: each measure's findings (findings.sh checks their
# wording) under its heading, exactly the single-measure text.
run --measure return,volume --format text > multi-text.txt
grep -c '^== ' multi-text.txt | grep -qx 2 || fail "text: two headings expected"
run --measure volume --format text > want.txt
sed -n '/^== volume ==$/,$p' multi-text.txt | sed '1,2d' > got.txt
test_cmp want.txt got.txt
