#!/bin/sh
# --measure volume (issue 12): a missing volume is a gap, a zero volume is
# a value; files without a volume column and options that do not apply
# are clear usage errors; a returns study is unchanged by the option.
. "$TOP_SRCDIR/tests/setup"

# A generated series of 60 sessions (weekdays from 2024-01-01) with a
# deterministic volume, and a market; one event on the 50th session.
# gen FILE DAYS_WITHOUT_VOLUME DAYS_WITH_ZERO_VOLUME SEED
i=0
while [ $i -lt 90 ]; do
  date -u -d "2024-01-01 + $i days" '+%F %u'
  i=$((i + 1))
done > cal.txt
gen () {
  awk -v empty=",$2," -v zero=",$3," -v seed="$4" 'BEGIN {
    print "Date,Close,Volume"
    n = 0; x = seed
    while (n < 60 && (getline d < "cal.txt") > 0) {
      split(d, f, " "); if (f[2] > 5) continue
      n++
      x = (x * 1103515245 + 12345) % 2147483648
      v = 1000000 + x % 500000
      if (index(empty, "," n ",")) v = ""
      if (index(zero, "," n ",")) v = 0
      printf "%s,%.2f,%s\n", f[1], 100 + n * 0.1 + (x % 100) / 100, v
    }
  }' > "$1"
}
printf 'date,label\n2024-03-08,event\n' > ev.csv      # session 50
study () {
  evstudy --events ev.csv --measure volume --estimation -40:-5 --min-estimation 20 \
    --window 0:0 --window -2:2 --ar-days -3:3 "$@"
}

# A gap: session 40's volume is empty.  The date is not a date of the
# study (no row, nothing invented), so the run equals one on the file
# without that row at all.
gen full.csv 0 0 7
gen gap.csv 40 0 7
awk -F, 'NR != 41' full.csv > dropped.csv
study --prices gap.csv --format csv > gap.out
study --prices dropped.csv --format csv > dropped.out
sed 's/dropped/gap/' dropped.out | test_cmp - gap.out
study --prices full.csv --format csv > full.out
! cmp -s full.out gap.out || fail "a missing volume changed nothing"
# ... and near day 0: session 49 (day -1) has no volume, so the ar table
# goes from day -2 (2024-03-06) to day -1 = 2024-03-08's neighbour.
gen gap49.csv 49 0 7
study --prices gap49.csv --format csv --table ar > gap49.out
grep -q ',2024-03-07,' gap49.out && fail "day with no volume reported"
awk -F, 'NR > 1 { print $4, $5 }' gap49.out > days.txt
printf '%s\n' '-3 2024-03-04' '-2 2024-03-05' '-1 2024-03-06' '0 2024-03-08' \
  '1 2024-03-11' '2 2024-03-12' '3 2024-03-13' | test_cmp - days.txt

# A zero: session 51 (day +1) traded nothing; it is a value, v = ln(1 + 0)
# = 0, reported with AV = -expected and multiple exp(AV).
gen zero.csv 0 51 7
study --prices zero.csv --format csv --table ar > zero.out
awk -F, '$4 == 1 { print $5, $6, ($9 == -$8), ($13 == exp($9)) }' zero.out > z.txt
echo '2024-03-11 0 1 1' | test_cmp - z.txt
study --prices zero.csv --format csv > zero-car.out
! cmp -s zero-car.out full.out || fail "a zero volume changed nothing"

# Output: JSON names the measure and the per-day multiple; the table says
# what is measured.
gen mkt.csv 0 0 11
study --prices full.csv --market mkt.csv --format json > out.json
grep -q '"measure": "volume", "model": "market", "returns": null,' out.json || fail "no measure in JSON"
grep -q '"log_volume": ' out.json || fail "no log_volume in JSON"
grep -q '"multiple": ' out.json || fail "no multiple in JSON"
study --prices full.csv --market mkt.csv > out.txt
grep -q 'market model vs mkt; abnormal log volume ln(1 + V)' out.txt || fail "table does not say abnormal log volume"

# The aggregate of two pairs is of abnormal log volume too.
cp zero.csv other.csv
study --prices full.csv --prices other.csv --market mkt.csv --table car > agg.txt
grep -q '^  window       N     CAAV ' agg.txt || fail "aggregate table without CAAV"
grep -q 'rank tests are the best' agg.txt || fail "aggregate table without Campbell & Wasley's note"

# A returns study is byte for byte what it was without --measure.
evstudy --events ev.csv --prices full.csv --market mkt.csv --estimation -40:-6 \
  --min-estimation 20 --format json > r1.json
evstudy --events ev.csv --prices full.csv --market mkt.csv --estimation -40:-6 \
  --min-estimation 20 --format json --measure return > r2.json
test_cmp r1.json r2.json
grep -q '"measure"' r1.json && fail "a returns study names its measure"

# Files without a volume column.
printf 'Date,Close\n2024-01-02,10\n2024-01-03,11\n' > novol.csv
expect_error 2 "--measure volume: novol.csv has no volume column" \
  --events ev.csv --prices novol.csv --measure volume
expect_error 2 "--measure volume with --model market needs the market's volume: novol.csv has no volume column" \
  --events ev.csv --prices full.csv --market novol.csv --measure volume
expect_error 2 "--measure volume with --model market-adjusted needs the market's volume: novol.csv has no volume column" \
  --events ev.csv --prices full.csv --market novol.csv --measure volume --model market-adjusted
# The mean model does not use the market's volume.
study --prices full.csv --market novol.csv --model mean --format csv > mean.out
study --prices full.csv --format csv > mean-alone.out
test_cmp mean-alone.out mean.out

# Options that do not apply, or not yet.
expect_error 2 "invalid --measure 'turnover': expected return, volume or volatility, or a comma-separated list of them" \
  --events ev.csv --prices full.csv --measure turnover
expect_error 2 "--measure volume takes --model mean, market or market-adjusted, not garch" \
  --events ev.csv --prices full.csv --market mkt.csv --measure volume --model garch
expect_error 2 "--returns is for --measure return, not volume" \
  --events ev.csv --prices full.csv --measure volume --returns log

# evstudy run (the store): --measure volume and volatility give the flag
# form's output (the volumes read from the stored price rows, missing
# ones gaps as in the file), are recorded with the run (runs.measure,
# schema 4), shown by history and given back by export; several
# measures are a usage error (a run records one study).
sql () { sqlite3 -batch -bail "$@"; }
gen mkt.csv 0 0 11
evstudy import --db s.db full.csv gap.csv zero.csv mkt.csv --events ev.csv > /dev/null
for f in full gap zero; do
  for m in volume volatility; do
    study --prices "$f.csv" --market mkt.csv --model market --measure "$m" --format csv \
      --table ar > want.csv 2> /dev/null
    evstudy run --db s.db --events ev.csv --prices "$f" --market mkt --model market \
      --measure "$m" --estimation -40:-5 --min-estimation 20 --window 0:0 --window -2:2 \
      --ar-days -3:3 --format csv --table ar > got.csv 2> /dev/null
    test_cmp want.csv got.csv
  done
done
evstudy history --db s.db > hist.txt
grep -q 'market (volume) ' hist.txt || fail "history does not show the volume measure"
grep -q 'market (volatility) ' hist.txt || fail "history does not show the volatility measure"
[ "$(sql s.db "SELECT group_concat (measure) FROM (SELECT measure FROM runs ORDER BY id LIMIT 2)")" \
  = "volume,volatility" ] || fail "runs.measure"
evstudy export --db s.db --run 1 --format csv --table ar > exported.csv
evstudy run --db s.db --events ev.csv --prices full --market mkt --model market \
  --measure volume --estimation -40:-5 --min-estimation 20 --window 0:0 --window -2:2 \
  --ar-days -3:3 --format csv --table ar > again.csv 2> /dev/null
test_cmp again.csv exported.csv
expect_error 2 "evstudy run takes one --measure (a run records one study): run it once per measure" \
  run --db s.db --measure volume,return
# A stored series without volumes: the flag form's usage error.
printf 'Date,Close\n' > novol2.csv
awk -F, 'NR > 1 { print $1 "," $2 }' full.csv >> novol2.csv
evstudy import --db s.db novol2.csv > /dev/null
expect_error 2 "--measure volume: novol2.csv has no volume column" \
  run --db s.db --events ev.csv --prices novol2 --measure volume

# A zero volume in the estimation or event windows is a value, and the
# pair says so (STUDY_WARN_ZERO): the warnings column and stderr.
# Session 50 (day 0) has volume 0.
gen zero.csv 0 50 7
study --prices zero.csv --format csv > zero.out 2> zero.err
grep -q ',"1 zero volume in the estimation and event windows (first 2024-03-08), each a value v = 0",' \
  zero.out || fail "no zero-volume warning in the CSV"
grep -q 'evstudy: warning: 1 pair with a zero volume in its windows' zero.err \
  || fail "no zero-volume warning on stderr"

# --measure volatility with hostile labels and group values: quotes,
# backquotes, a newline, an escape, <script>, a very long name.  The JSON
# stays valid and gives them back; the table's variance-ratio block and
# headers show them made visible, never raw.
long=$(printf '%0300d' 0 | tr 0 x)
printf 'date,label,sector\n2024-03-08,"a ""q"" `id` <script>x</script>\nNEWLINE\033[31m",%s\n' \
  "\"\`rm\` \"\"s\"\" $long\"" > hostile.csv
gen other.csv 0 0 9
evstudy --events hostile.csv --prices full.csv --prices other.csv --measure volatility \
  --estimation -40:-5 --min-estimation 20 --window 0:0 --window -2:2 --ar-days -3:3 \
  --group-by sector --format json > vol.json
jq -e '.measure == "volatility" and (.results[0].label | test("<script>x</script>\nNEWLINE"))
  and (.results[0].car[0] | has("u") and has("u_p"))
  and ([.aggregate[] | select(.window != null) | has("u_mean")] | all)' vol.json > /dev/null \
  || fail "--measure volatility JSON with hostile labels"
evstudy --events hostile.csv --prices full.csv --prices other.csv --measure volatility \
  --estimation -40:-5 --min-estimation 20 --window 0:0 --window -2:2 --ar-days -3:3 \
  --group-by sector > vol.txt
grep -q '^variance ratio sector = ' vol.txt || fail "no variance-ratio block per group"
! grep -q '^NEWLINE' vol.txt || fail "a label's newline reached the table raw"
! grep -q "$(printf '\033')" vol.txt || fail "an escape reached the table raw"
