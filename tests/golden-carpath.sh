#!/bin/sh
# --table car-path: each pair's CAR cumulated per day from the first
# reported day, with its se (README, The CAR path).
# 1. The numbers: NVDA, AMD, AVGO, TSM, MSFT vs SPY around 2025-01-27,
#    market model and ff5, against the independent numpy/scipy reference
#    tests/reference/carpath.py (Var(CAR) = g'Vg written out as matrices;
#    its header states every step): expected files
#    tests/reference/expected/selloff-{market,ff5}-car-path.csv, 1e-9
#    relative.
# 2. The last day of every path is the CAR table's window over the same
#    days (--window -10:10 = --ar-days), byte for byte, for every model
#    and measure; its first day is the ar table's AR and se of that day,
#    byte for byte (L = 1: L s^2 + x'Cx is the AR's s^2 + x'Cx).
# 3. --measure volatility studies returns: its path is the return path;
#    a run of several measures prints each measure's path under its name.
# 4. A day without factor returns ends the path (the ar table goes on).
# 5. JSON's car_path holds the CSV's numbers; the table prints the path.
# 6. The ar chart (--plot) draws this path and its band (not a market-model
#    approximation): car, car -+ 1.96 se of its data, exactly.
# 7. The car chart (car-EVENT, from --chart-from A) draws the path from A:
#    its day k is the CAR table's window A:k, car and car -+ 1.96 se
#    exactly, for market, ff5 and garch; from before the first reported
#    day it is the car-path table; a day without factor returns ends it.
# 8. The summary chart's car, se, band and p are the CAR table's first
#    window's, exactly, for market, ff5 and garch.
# 9. A merge of shard files (which carry no chart path) draws the same
#    car chart as the unsharded run, from the shards' --chart-from.
. "$TOP_SRCDIR/tests/setup"
need_shared
FF5="$SHARED_DATA/factors/F-F_Research_Data_5_Factors_2x3_daily.csv"
expected="$TOP_SRCDIR/tests/reference/expected"
numdiff="$TOP_BUILDDIR/tests/numdiff"
SELL="$FIXTURES/events/selloff.csv"

run () {
  evstudy --events "$SELL" \
    --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
    --prices "$PRICES/AVGO.csv" --prices "$PRICES/TSM.csv" \
    --prices "$PRICES/MSFT.csv" --market "$PRICES/SPY.csv" --format csv "$@"
}

# 1. Against the reference.
run --table car-path > market.csv
"$numdiff" "$expected/selloff-market-car-path.csv" market.csv
run --model ff5 --factors "$FF5" --table car-path > ff5.csv
"$numdiff" "$expected/selloff-ff5-car-path.csv" ff5.csv
[ "$(wc -l < market.csv)" -eq 106 ] || fail "5 pairs x 21 days expected"

# 2. last_rows PATH-CSV: ticker and car,se,t,df,p of each pair's last
# day; car_rows CAR-CSV: the same of the car table (one window; its
# estimated pairs: garch skips NVDA and MSFT as degenerate).  The
# labels of selloff.csv hold no comma: awk splits the rows.
last_rows () { awk -F, 'NR > 1 { last[$3] = $3 "," $6 "," $7 "," $8 "," $9 "," $10 }
  END { for (k in last) print last[k] }' "$1" | sort; }
car_rows () { awk -F, 'NR > 1 && $8 != "" { print $3 "," $8 "," $9 "," $10 "," $11 "," $12 }' "$1" | sort; }
first_rows () { awk -F, 'NR > 1 && !seen[$3]++ { print $3 "," $4 "," $6 "," $7 }' "$1" | sort; }
ar_rows () { awk -F, 'NR > 1 && !seen[$3]++ { print $3 "," $4 "," $9 "," $10 }' "$1" | sort; }
for m in "--model market" "--model mean" "--model market-adjusted" \
  "--model scholes-williams" "--model dimson --dimson-lags 2" "--model garch" \
  "--model ff5 --factors $FF5" "--model ff3 --factors $FF5" "--measure volume" \
  "--measure volume --model mean" "--returns log"; do
  # shellcheck disable=SC2086
  run $m --window -10:10 --table car-path > path.csv
  # shellcheck disable=SC2086
  run $m --window -10:10 --table car > car.csv
  last_rows path.csv > got.txt
  car_rows car.csv > want.txt
  [ "$(wc -l < want.txt)" -ge 2 ] || fail "$m: at least 2 estimated pairs expected"
  test_cmp want.txt got.txt
  # shellcheck disable=SC2086
  run $m --window -10:10 --table ar > ar.csv
  first_rows path.csv > got.txt
  ar_rows ar.csv > want.txt
  test_cmp want.txt got.txt
done
# Another interval: --ar-days -1:3 and the window -1:3.
run --ar-days -1:3 --window -1:3 --table car-path > path.csv
run --ar-days -1:3 --window -1:3 --table car > car.csv
last_rows path.csv > got.txt
car_rows car.csv > want.txt
test_cmp want.txt got.txt
awk -F, 'NR > 1 && ($4 < -1 || $4 > 3) { exit 1 }' path.csv || fail "days outside -1:3"

# 3. Volatility's path is the return path; several measures.
run --table car-path > ret.csv
run --measure volatility --table car-path > vol.csv
test_cmp ret.csv vol.csv
run --measure volume --table car-path > volume.csv
run --measure return,volume --table car-path > multi.csv
head -n 1 multi.csv > got.txt
echo "measure,$(head -n 1 ret.csv)" > want.txt
test_cmp want.txt got.txt
{ sed 1d ret.csv | sed 's/^/return,/'; sed 1d volume.csv | sed 's/^/volume,/'; } > want.txt
sed 1d multi.csv > got.txt
test_cmp want.txt got.txt

# 4. A factor file without 2025-01-31 (day +4): the ff5 path ends at day
# +3 while the ar table lists +5..+10 (only the windows need factors:
# --window -1:1).
grep -v '^20250131,' "$FF5" > ff5-gap.csv
evstudy --events "$SELL" --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --model ff5 --factors ff5-gap.csv --window -1:1 --format csv --table car-path > gap.csv
[ "$(tail -n 1 gap.csv | cut -d, -f4)" = 3 ] || fail "the path should end at day +3"
[ "$(wc -l < gap.csv)" -eq 15 ] || fail "days -10..+3 expected"
evstudy --events "$SELL" --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --model ff5 --factors ff5-gap.csv --window -1:1 --format csv --table ar > gap-ar.csv
[ "$(tail -n 1 gap-ar.csv | cut -d, -f4)" = 10 ] || fail "the ar table should go on to +10"
# The same days' numbers as without the gap (the fit does not use them).
evstudy --events "$SELL" --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --model ff5 --factors "$FF5" --window -1:1 --format csv --table car-path > nogap.csv
head -n 15 nogap.csv > want.txt
test_cmp want.txt gap.csv

# 5. JSON carries the same numbers (python3's json and csv modules).
run --model ff5 --factors "$FF5" --format json > ff5.json
python3 - ff5.json ff5.csv <<'PY' || fail "JSON car_path differs from the CSV"
import csv, json, sys
doc = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2], newline="")))
got = [(r["ticker"], d["day"], d["date"], d["car"], d["se"], d["t"], d["df"], d["p"])
       for r in doc["results"] for d in r["car_path"]]
want = [(r["ticker"], int(r["day"]), r["date"], float(r["car"]), float(r["se"]), float(r["t"]),
         float(r["df"]), float(r["p"])) for r in rows]
sys.exit(got != want)
PY
# The table: the path under each pair's header, CAR% and se% per day.
evstudy --events "$SELL" --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --table car-path > table.txt
grep -q '^   day  date            CAR%     se%       t    df        p$' table.txt \
  || fail "no path header in the table"
[ "$(grep -c '^ *[+-][0-9]*  20[0-9][0-9]-' table.txt)" -eq 21 ] || fail "21 path rows expected"
grep -q '^   day  date         ret%' table.txt && fail "the ar rows in the car-path table"
evstudy --events "$SELL" --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --measure volume --table car-path > table.txt
grep -q '^   day  date             CAV      se       t    df        p$' table.txt \
  || fail "no CAV path header in the volume table"
# A pair skipped (an event after the data) has no rows.
printf 'date,label\n2025-01-27,in\n2099-01-02,after\n' > ev.csv
evstudy --events ev.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --format csv --table car-path > skip.csv
[ "$(cut -d, -f1 skip.csv | sort -u | tr '\n' ' ')" = "1 event " ] || fail "rows of a skipped pair"

# 6. The ar chart draws this path and its band: its data's car, car_lo,
# car_hi are the path's car and car -+ 1.96 se, day by day, for ff5 and
# garch too (before, the chart's band used the market model's two
# coefficients for every model).  No gnuplot is needed for the data
# (exit 5: charts not drawn).
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"
for m in "--model ff5 --factors $FF5" "--model garch" "--model market"; do
  rm -rf charts
  set +e
  # shellcheck disable=SC2086
  evstudy --events "$SELL" --prices "$PRICES/AMD.csv" --market "$PRICES/SPY.csv" $m \
    --plot charts --gnuplot ./no-such-gnuplot --format csv --table car-path > path.csv 2> err.txt
  status=$?
  set -e
  [ "$status" -eq 5 ] || fail "$m --plot without gnuplot: exit $status"
  python3 - path.csv charts/ar-1-nvidia-selloff-AMD.dat <<'PY' || fail "$m: the ar chart's CAR band is not the path's"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
dat = [l.rstrip("\n").split("\t") for l in open(sys.argv[2]) if not l.startswith("#")]
assert len(rows) == 21 and len(dat) == 21
for r, d in zip(rows, dat):
    car, se = float(r["car"]), float(r["se"])
    assert d[0] == r["day"] and float(d[5]) == car, (d, r)
    assert float(d[6]) == car - 1.96 * se and float(d[7]) == car + 1.96 * se, (d, r)
PY
done

# 7. The car chart: the path from --chart-from A, day k against the CAR
# table's window A:k (one run: windows -3:-3 .. -3:10, the table in the
# same run's output), car exactly and the band car -+ 1.96 se exactly
# (before, the band was the market model's formula for every model: for
# ff5 on NVDA at day +1 from -1, +-7.63% against the table's +-7.79%).
# check_car DAT CSV A: every data row of DAT (blocks "# TICKER") against
# the rows of CSV (a car table, or with A empty the car-path table); every
# estimated pair has its block.
check_car () {
  python3 - "$@" <<'PY'
import csv, math, sys
dat, table, a = sys.argv[1], sys.argv[2], sys.argv[3]
want = {}
for r in csv.DictReader(open(table, newline="")):
    if a == "":
        want[(r["ticker"], r["day"])] = (r["car"], r["se"])
    elif r["status"] == "ok" and r["window_start"] == a:
        want[(r["ticker"], r["window_end"])] = (r["car"], r["se"])
got, ticker = {}, None
for line in open(dat):
    f = line.rstrip("\n").split("\t")
    if line.startswith("# day\t"):
        continue
    if line.startswith("# "):
        ticker = line[2:].rstrip("\n")
        continue
    if len(f) == 5:
        got[(ticker, f[0])] = f[2:]
assert got, "no rows in " + dat
assert set(got) == set(want), (sorted(set(got) ^ set(want)))
for k, (car, lo, hi) in got.items():
    c, se = float(want[k][0]), float(want[k][1])
    assert float(car) == c, (k, car, c)
    assert float(lo) == c - 1.96 * se and float(hi) == c + 1.96 * se, (k, lo, hi, c, se)
print(len(got), "rows of", dat, "match", file=sys.stderr)
PY
}
wins=""
d=-3
while [ "$d" -le 10 ]; do wins="$wins --window -3:$d"; d=$((d + 1)); done
for m in "--model market" "--model ff5 --factors $FF5" "--model garch"; do
  rm -rf charts
  set +e
  # shellcheck disable=SC2086
  run $m $wins --chart-from -3 --plot charts --gnuplot ./no-such-gnuplot --table car \
    > car.csv 2> err.txt
  status=$?
  set -e
  [ "$status" -eq 5 ] || fail "$m --plot without gnuplot: exit $status"
  check_car charts/car-1-nvidia-selloff.dat car.csv -3 \
    || fail "$m: the car chart from -3 is not the CAR table's windows -3:k"
  # The default start is the first window's (-3:-3 here): the same data.
  cp charts/car-1-nvidia-selloff.dat from.dat
  cp charts/summary.dat summary.dat
  rm -rf charts
  set +e
  # shellcheck disable=SC2086
  run $m $wins --plot charts --gnuplot ./no-such-gnuplot --table car > car2.csv 2> err.txt
  set -e
  test_cmp from.dat charts/car-1-nvidia-selloff.dat
  # 8. The summary chart: the first window's CAR, se, band and p.
  python3 - summary.dat car.csv <<'PY' || fail "$m: the summary chart is not the CAR table's"
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[2], newline=""))
        if r["status"] == "ok" and r["window_start"] == "-3" and r["window_end"] == "-3"]
want = {"%s:%s" % (r["event"], r["ticker"]): r for r in rows}
dat = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if not l.startswith("#")]
assert len(dat) == len(want) >= 2, (len(dat), len(want))
for x, event, pair, car, se, lo, hi, p, sig in dat:
    r = want[pair]
    c, s = float(r["car"]), float(r["se"])
    assert float(car) == c and float(se) == s and float(p) == float(r["p"]), (pair, car, se, p, r)
    assert float(lo) == c - 1.96 * s and float(hi) == c + 1.96 * s, (pair, lo, hi)
    assert sig == str(int(float(r["p"]) < 0.05)), (pair, sig)
PY
  # From before the first reported day (-20 < -10): the car-path table.
  rm -rf charts
  set +e
  # shellcheck disable=SC2086
  run $m --chart-from -20 --plot charts --gnuplot ./no-such-gnuplot --table car-path \
    > path.csv 2> err.txt
  set -e
  check_car charts/car-1-nvidia-selloff.dat path.csv "" \
    || fail "$m: the car chart from -20 is not the car-path table"
done
# After the last reported day: no rows (and no crash).
rm -rf charts
set +e
run --chart-from 11 --plot charts --gnuplot ./no-such-gnuplot > out.txt 2> err.txt
status=$?
set -e
[ "$status" -eq 5 ] || fail "--chart-from 11: exit $status"
grep -v '^#' charts/car-1-nvidia-selloff.dat | grep -q '[0-9]' && fail "--chart-from 11: rows"
# A day without factor returns (day +4, ff5-gap.csv of 4.) ends the chart's
# path as it ends the table's: from +1, days +1..+3 are the CAR table's
# windows 1:1..1:3, days +5..+10 have no point (NaN); before, the chart
# summed the ARs across the gap.
rm -rf charts
set +e
evstudy --events "$SELL" --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --model ff5 --factors ff5-gap.csv --window 1:1 --window 1:2 --window 1:3 \
  --plot charts --gnuplot ./no-such-gnuplot --format csv --table car > car.csv 2> err.txt
status=$?
set -e
[ "$status" -eq 5 ] || fail "ff5 gap --plot: exit $status"
grep -v NaN charts/car-1-nvidia-selloff.dat > rows.dat
check_car rows.dat car.csv 1 || fail "the car chart before the gap"
[ "$(grep -c 'NaN	NaN	NaN$' charts/car-1-nvidia-selloff.dat)" -eq 6 ] \
  || fail "days +5..+10 after the gap should have no point"

# 9. The merge: shards 0/2 and 1/2 of the five stocks with --chart-from 2
# (a study option: the merge takes it from the shards), merged with
# --plot: the car chart's data are the unsharded run's, byte
# for byte (the merge runs the study again for the chart paths), and the
# run's are the CAR table's windows 2:k.
for m in "--model ff5 --factors $FF5" "--model garch"; do
  rm -f part-*.db
  for i in 0 1; do
    # shellcheck disable=SC2086
    evstudy --events "$SELL" --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
      --prices "$PRICES/AVGO.csv" --prices "$PRICES/TSM.csv" --prices "$PRICES/MSFT.csv" \
      --market "$PRICES/SPY.csv" $m --window 2:2 --window 2:5 --window 2:10 --chart-from 2 \
      --shard "$i/2" -o "part-$i.db" 2> err.txt || fail "$m: shard $i/2"
  done
  rm -rf p1 p2
  set +e
  # shellcheck disable=SC2086
  run $m --window 2:2 --window 2:5 --window 2:10 --chart-from 2 --plot p1 \
    --gnuplot ./no-such-gnuplot --table car > car.csv 2> err.txt
  s1=$?
  evstudy merge --plot p2 --gnuplot ./no-such-gnuplot --format csv \
    --table car part-*.db > merge.csv 2> err.txt
  s2=$?
  set -e
  [ "$s1" -eq 5 ] || fail "$m: run --plot without gnuplot: exit $s1"
  [ "$s2" -eq 5 ] || fail "$m: merge --plot without gnuplot: exit $s2"
  test_cmp car.csv merge.csv
  test_cmp p1/car-1-nvidia-selloff.dat p2/car-1-nvidia-selloff.dat
  grep -v NaN p1/car-1-nvidia-selloff.dat | awk -F'\t' '$1 ~ /^[0-9]/ && $1 != 2 && $1 != 5 && $1 != 10 { next } { print }' > rows.dat
  check_car rows.dat car.csv 2 || fail "$m: the car chart from 2 is not the CAR table's"
done
