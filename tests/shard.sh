#!/bin/sh
# --shard I/N and evstudy merge (issue 17).  The expected bytes are the
# unsharded run's own output: for N = 1, 2, 3 and 7, the shards run one
# after another and merged must print exactly what the run without
# --shard prints, in every format and table, with a bootstrap and
# --group-by, on the market and ff5 models, and on a run of more than
# 1,000 pairs (which keeps a shorter history per pair, study.h).  Then
# the errors: bad --shard, shards that do not belong together, missing
# or repeated shards, files that are not shard files or are damaged, and
# hostile tickers (quotes, backquotes, <script>, very long).
. "$TOP_SRCDIR/tests/setup"
need_shared
E="$FIXTURES/events/stats-groups.csv"
FF5="$SHARED_DATA/factors/F-F_Research_Data_5_Factors_2x3_daily.csv"
set -- --events "$E"
for t in NVDA AMD AVGO MSFT TSM SMH QQQ BABA; do set -- "$@" --prices "$PRICES/$t.csv"; done
MARKET="--market $PRICES/SPY.csv"
FF="--model ff5 --factors $FF5"

# shards N ARGS...: runs the N shards of ARGS one after another into
# part-I.db (removing older ones).
shards () {
  n=$1; shift
  rm -f part-*.db
  i=0
  while [ "$i" -lt "$n" ]; do
    evstudy "$@" --shard "$i/$n" -o "part-$i.db" || fail "shard $i/$n of: $*"
    [ -s "part-$i.db" ] || fail "no shard file part-$i.db"
    i=$((i + 1))
  done
}

# same OUTPUT-OPTIONS -- ARGS...: the merge of the current shards with
# OUTPUT-OPTIONS prints what ARGS with OUTPUT-OPTIONS prints.
same () {
  out=
  while [ "$1" != -- ]; do out="$out $1"; shift; done
  shift
  # shellcheck disable=SC2086
  evstudy "$@" $out > want.out 2> want.err || [ $? -eq 7 ]
  # shellcheck disable=SC2086
  evstudy merge $out part-*.db > got.out 2> got.err || [ $? -eq 7 ]
  test_cmp want.out got.out
  test_cmp want.err got.err
}

for model in market ff5; do
  if [ $model = market ]; then M=$MARKET; else M=$FF; fi
  for n in 1 2 3 7; do
    # shellcheck disable=SC2086
    shards "$n" "$@" $M --group-by type --bootstrap 199 --seed 7
    for t in car ar car-path aggregate tests; do
      # shellcheck disable=SC2086
      same --format csv --table "$t" -- "$@" $M --group-by type --bootstrap 199 --seed 7
    done
    # shellcheck disable=SC2086
    same --format json -- "$@" $M --group-by type --bootstrap 199 --seed 7
    # shellcheck disable=SC2086
    same -- "$@" $M --group-by type --bootstrap 199 --seed 7
  done
done
# The merge's -o: atomic like any output, the same bytes.
evstudy merge --format json -o merged.json part-*.db
# shellcheck disable=SC2086
evstudy "$@" $FF --group-by type --bootstrap 199 --seed 7 --format json > want.json
test_cmp want.json merged.json

# The other models, and abnormal volume: 2 shards, JSON.
set -- --events "$E" $MARKET --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
  --prices "$PRICES/MSFT.csv" --group-by type
for m in "--model mean" "--model market-adjusted" "--model scholes-williams" \
  "--model dimson --dimson-lags 2" "--model garch" "--measure volume"; do
  # shellcheck disable=SC2086
  shards 2 "$@" $m
  # shellcheck disable=SC2086
  same --format json -- "$@" $m
done

# Zero volumes in the windows (a warning of --measure volume, kept in the
# pairs' heads) and a series measured against a market of another
# exchange (a warning the merge rebuilds from the options): the run's
# bytes and messages.
awk -F, 'BEGIN { OFS = "," } NR > 1 && $1 ~ /^2024-11-1/ { $NF = 0 } { print }' \
  "$PRICES/NVDA.csv" > NVDA0.csv
set -- --events "$E" $MARKET --prices NVDA0.csv --prices "$PRICES/9988.HK.csv"
shards 2 "$@" --measure volume --model mean
same --format csv -- "$@" --measure volume --model mean
grep -q "zero volume" got.err || fail "no zero-volume warning: $(cat got.err)"
shards 2 "$@"
same --format csv -- "$@"
grep -q "a market of another exchange" got.err || fail "no exchange warning: $(cat got.err)"

# More than 1,000 pairs (400 events x 3 series): every pair keeps the
# estimation window and event period only, in the run and in each shard
# (whose own 400 pairs would keep the whole history).
awk 'BEGIN { print "date,label,kind"; t = 1609761600
  for (i = 0; i < 400; i++) print strftime ("%Y-%m-%d", t + i * 2 * 86400, 1) ",E" i "," (i % 3) }' > many.csv
set -- --events many.csv $MARKET --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
  --prices "$PRICES/MSFT.csv" --prices "$PRICES/TSM.csv"
shards 3 "$@" --group-by kind
same --format json -- "$@" --group-by kind
same --format csv --table tests -- "$@" --group-by kind
# The merge decodes the pairs and formats the CSV rows on --jobs threads
# (blocks of 64 pairs, 16 blocks a batch: these 1,200 pairs make 19
# blocks in 2 batches): the bytes of the run on one thread, whatever the
# threads and however --jobs is spelled.
for t in car ar; do
  evstudy "$@" --group-by kind --format csv --table $t --jobs 1 > want.csv
  for j in "--jobs 1" "--jobs 3" "--jobs=2" "-j3" "-j 2"; do
    # shellcheck disable=SC2086
    evstudy merge --format csv --table $t $j part-*.db > got.csv
    test_cmp want.csv got.csv
    # shellcheck disable=SC2086
    evstudy "$@" --group-by kind --format csv --table $t $j > got.csv
    test_cmp want.csv got.csv
  done
done
# JSON's results too (formatted on --jobs threads like the CSV rows).
evstudy "$@" --group-by kind --format json --jobs 1 > want.json
for j in 1 3; do
  evstudy merge --format json --jobs $j part-*.db > got.json
  test_cmp want.json got.json
  evstudy "$@" --group-by kind --format json --jobs $j > got.json
  test_cmp want.json got.json
done
expect_error 2 "invalid --jobs '0': expected a number from 1 to 256" merge --jobs 0 part-*.db
expect_error 2 "invalid --jobs 'x': expected a number from 1 to 256" merge --format csv -jx part-*.db
# Damaged pairs decoded on several threads: the first one is named (an
# empty blob at positions 5 and 9; a row out of order at 2 in another).
cp part-0.db holes.db
sqlite3 holes.db "UPDATE pairs SET pair = x'' WHERE pos IN (9, 5)"
expect_error 3 "holes.db: damaged shard file: pair 5 is damaged" merge --jobs 3 holes.db part-1.db part-2.db
# One shard of all 1,200 pairs: read in batches of 1,024 pairs.
evstudy "$@" --group-by kind --shard 0/1 -o all.db
evstudy merge --format csv --table ar -j2 all.db > got.csv
test_cmp want.csv got.csv
cp all.db holes.db
sqlite3 holes.db "UPDATE pairs SET pair = x'' WHERE pos IN (1100, 1030)"
expect_error 3 "holes.db: damaged shard file: pair 1030 is damaged" merge --jobs 2 holes.db
cp part-0.db order.db
sqlite3 order.db "UPDATE pairs SET pos = 100000 WHERE pos = 2"
expect_error 3 "order.db: damaged shard file: pair 2 is damaged" merge -j2 order.db part-1.db part-2.db

# Shards of a file with several tickers (a long file), with hostile
# tickers: quotes, a backquote, <script>, 300 characters.
long=$(printf 'L%.0s' $(seq 1 300))
awk -F, 'NR == 1 { h = "ticker," $0; print h; next } { print "\"a\"\"b\"," $0; print "c'"'"'d," $0;
  print "e`f`," $0; print "<script>x</script>," $0; print "'"$long"'," $0 }' "$PRICES/NVDA.csv" > hostile.csv
set -- --events "$FIXTURES/events/selloff.csv" $MARKET --prices hostile.csv
for n in 2 3; do
  shards "$n" "$@"
  same --format json -- "$@"
  same --format csv -- "$@"
  same --format csv --table car-path -- "$@"
  same -- "$@"
done

# run --shard: shards of a run from the store (nothing recorded),
# merged, print what `run` prints; the events come from the store.
evstudy import --db s.db "$PRICES/NVDA.csv" "$PRICES/AMD.csv" "$PRICES/MSFT.csv" \
  "$PRICES/TSM.csv" "$PRICES/SPY.csv" --events "$E" > import.txt
for n in 2 3; do
  rm -f part-*.db
  i=0
  while [ "$i" -lt "$n" ]; do
    evstudy run --db s.db --market SPY --group-by type --bootstrap 99 --shard "$i/$n" -o "part-$i.db"
    i=$((i + 1))
  done
  evstudy run --db s.db --market SPY --group-by type --bootstrap 99 --format json > want.json
  evstudy merge --format json part-*.db > got.json
  test_cmp want.json got.json
  evstudy merge --format csv --table tests part-*.db > got.csv
  evstudy run --db s.db --rerun 1 --format csv --table tests > want.csv
  test_cmp want.csv got.csv
done
[ "$(sqlite3 s.db 'SELECT count(*) FROM runs')" = 4 ] || fail "run --shard recorded a run"
expect_error 2 "--plot, --report, --calendar-time and --benchmark are not supported yet on a merge of evstudy run --shard: shard the flag form" \
  merge --plot charts part-*.db

# The other branches' analyses on a merge (issues 12 and 13): the
# regressions and BHAR tests read the pairs' results, the calendar-time
# portfolio and --benchmark the series' prices, which a merge loads again.
set -- --events "$E"
for t in NVDA AMD AVGO MSFT TSM; do set -- "$@" --prices "$PRICES/$t.csv"; done
for extra in "--measure volatility" "--measure volume --model mean" \
    "--regress car[-1,1]~beta --bhar-tests --benchmark SPY" "--calendar-time 0:20 --ct-min 2"; do
  # shellcheck disable=SC2086
  shards 2 "$@" $MARKET $extra
  # shellcheck disable=SC2086
  same --format json -- "$@" $MARKET $extra
done
# shellcheck disable=SC2086
expect_error 2 "--shard takes one --measure: shard each measure on its own" \
  "$@" $MARKET --measure return,volume --shard 0/2 -o x.db

# ------------------------------------------------------------ errors
set -- --events "$E" $MARKET --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
  --prices "$PRICES/MSFT.csv"
for bad in 2/2 0/0 a/2 1 -1/2 1/100001 '0/2x'; do
  expect_error 2 "invalid --shard '$bad': expected I/N with 0 <= I < N <= 100000" \
    "$@" --shard "$bad" -o x.db
done
expect_error 2 "--shard needs -o FILE: the shard file for evstudy merge" "$@" --shard 0/2
expect_error 2 "--shard writes a shard file: give --plot and --report to evstudy merge" \
  "$@" --shard 0/2 -o x.db --plot charts
expect_error 2 "--shard writes a shard file: give --format and --table to evstudy merge" \
  "$@" --shard 0/2 -o x.db --format json
expect_error 2 "--shard reads its inputs again in every shard: give files, not stdin ('-')" \
  --events - $MARKET --prices "$PRICES/NVDA.csv" --shard 0/2 -o x.db < "$E"
[ ! -e x.db ] || fail "a refused --shard wrote x.db"
# -o into a missing directory: nothing written, exit 4.
expect_error 4 "no/such/x.db: cannot write: No such file or directory" "$@" --shard 0/2 -o no/such/x.db
# -o a directory; a FIFO gets the shard file's bytes (written in place);
# the merge's -o into a missing directory: exit 4, nothing written.
mkdir adir
expect_error 4 "adir: cannot write: Is a directory" "$@" --shard 0/1 -o adir
evstudy "$@" --shard 0/1 -o one.db
mkfifo fifo
cat fifo > from-fifo.db &
evstudy "$@" --shard 0/1 -o fifo
wait
cmp one.db from-fifo.db || fail "a shard file through a FIFO differs"
expect_error 4 "no/such/out.json: cannot write: No such file or directory" merge -o no/such/out.json one.db
[ ! -e no ] || fail "the merge made a directory"
expect_error 2 "no shard files given" merge --format json
expect_error 2 "merge takes output options only, not '--window': the study's options come from the shards" \
  merge --window -1:1 x.db

shards 2 "$@"
cp part-0.db a0.db; cp part-1.db a1.db
# A missing and a repeated shard.
expect_error 3 "shard 1/2 is missing (1 of 2 shard files given)" merge a0.db
expect_error 3 "shard 0/2 is given twice: a0.db and part-0.db" merge a0.db part-0.db a1.db
# Another split, other options, other events, other data.
evstudy "$@" --shard 1/3 -o b1.db
expect_error 3 "b1.db is shard 1/3, a0.db shard 0/2: not the same split" merge a0.db b1.db
evstudy "$@" --window -2:2 --shard 1/2 -o c1.db
expect_error 3 "c1.db was run with other options than a0.db: '--window=-2:2' where it has nothing more" \
  merge a0.db c1.db
evstudy --events "$E" $MARKET --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
  --prices "$PRICES/MSFT.csv" --returns log --shard 1/2 -o d1.db
expect_error 3 "d1.db was run with other options than a0.db: '--returns=log' where it has nothing more" \
  merge a0.db d1.db
cp "$E" events.csv
evstudy --events events.csv $MARKET --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
  --prices "$PRICES/MSFT.csv" --shard 0/2 -o e0.db
evstudy --events events.csv $MARKET --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
  --prices "$PRICES/MSFT.csv" --shard 1/2 -o e1.db
echo '2025-02-03,Another,shock,' >> events.csv
evstudy --events events.csv $MARKET --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
  --prices "$PRICES/MSFT.csv" --shard 1/2 -o e1x.db
expect_error 3 "e1x.db was run on another events file than e0.db" merge e0.db e1x.db
# The events file changed after the shards ran: the merge reads it again.
expect_error 3 "events.csv changed since the shards were run (its SHA-256 differs)" merge e0.db e1.db
cp "$PRICES/MSFT.csv" MSFT.csv
set -- --events "$E" $MARKET --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" --prices MSFT.csv
evstudy "$@" --shard 0/2 -o f0.db
sed -i '2d' MSFT.csv
evstudy "$@" --shard 1/2 -o f1.db
expect_error 3 "f1.db was run on other price or factor data than f0.db" merge f0.db f1.db
# Another version of evstudy (its meta edited; the checksum covers the
# pairs, and the version is compared first).
cp a1.db v1.db
sqlite3 v1.db "UPDATE meta SET value = '0.0.1' WHERE key = 'evstudy'"
expect_error 3 "v1.db was written by evstudy '0.0.1', a0.db by evstudy '0.1.0'" merge a0.db v1.db
cp a0.db v0.db
sqlite3 v0.db "UPDATE meta SET value = '0.0.1' WHERE key = 'evstudy'"
cp v1.db v1b.db
expect_error 3 "v0.db was written by evstudy '0.0.1': merge it with that version (this is $("$EVSTUDY" --version | cut -d' ' -f2))" \
  merge v0.db v1b.db
# A shard of format 1 (before the CAR path): refused, not misread.
cp a1.db f1old.db
sqlite3 f1old.db "PRAGMA user_version = 1"
expect_error 3 "f1old.db: not an evstudy shard file (a shard format this evstudy does not read)" \
  merge a0.db f1old.db
# Not shard files: text, an empty file, a store, a truncated shard, a
# damaged pair (one byte of a blob changed), a pair in the wrong shard.
echo 'date,label' > text.db
expect_error 3 "text.db: not an evstudy shard file (not a sqlite3 database)" merge text.db
: > empty.db
expect_error 3 "empty.db: not an evstudy shard file (not a sqlite3 database)" merge empty.db
evstudy import --db store.db --events "$E" "$PRICES/NVDA.csv" > import.out 2>&1
expect_error 3 "store.db: not an evstudy shard file (a sqlite3 database of another kind)" merge store.db
head -c 4096 a0.db > trunc.db
set +e; evstudy merge trunc.db a1.db > out.txt 2> err.txt; status=$?; set -e
[ "$status" -eq 3 ] || fail "a truncated shard: exit $status"
grep -q "^evstudy: trunc.db: " err.txt || fail "a truncated shard: $(cat err.txt)"
[ ! -s out.txt ] || fail "a truncated shard wrote output"
cp a0.db flip.db
sqlite3 flip.db "UPDATE pairs SET pair = substr (pair, 1, 40) || x'7f' || substr (pair, 42) WHERE pos = 0"
expect_error 3 "flip.db: damaged shard file: its checksum does not match its contents" merge flip.db a1.db
# A pair's detail (its days, history and CAR path: the pairs' detail
# column, with its own checksum) damaged: every merge that reads it
# refuses it; a merge of the CSV car table, which reads only the pairs'
# heads and its text, does not read it.
cp a0.db tail.db
sqlite3 tail.db "UPDATE pairs SET detail = substr (detail, 1, length (detail) - 9) || x'7f' || substr (detail, length (detail) - 7) WHERE pos = 0"
expect_error 3 "tail.db: damaged shard file: its checksum does not match its contents" \
  merge --format json tail.db a1.db
expect_error 3 "tail.db: damaged shard file: its checksum does not match its contents" \
  merge --format csv --table ar tail.db a1.db
evstudy merge --format csv a0.db a1.db > want.csv
evstudy merge --format csv tail.db a1.db > got.csv
test_cmp want.csv got.csv
sqlite3 tail.db "UPDATE pairs SET pair = substr (pair, 1, length (pair) - 9) || x'7f' || substr (pair, length (pair) - 7) WHERE pos = 0"
expect_error 3 "tail.db: damaged shard file: its checksum does not match its contents" \
  merge --format csv tail.db a1.db
# The pairs' texts (format 3): a changed byte of the JSON text, or the
# CSV car table's chunks gone or with a length past their bytes, is an
# error of the merge that reads that text; a merge of the other kind
# does not read it (and prints the run's bytes).
evstudy merge --format csv a0.db a1.db > want.csv
evstudy merge --format json a0.db a1.db > want.json
cp a0.db tflip.db
sqlite3 tflip.db "UPDATE texts SET bytes = substr (bytes, 1, 9) || x'58' || substr (bytes, 11) WHERE kind = 'json' AND first = 0"
expect_error 3 "tflip.db: damaged shard file: its texts' checksum does not match them" \
  merge --format json tflip.db a1.db
evstudy merge --format csv tflip.db a1.db > got.csv
test_cmp want.csv got.csv
cp a0.db tgone.db
sqlite3 tgone.db "DELETE FROM texts WHERE kind = 'csv-car'"
expect_error 3 "tgone.db: damaged shard file: its texts table does not fit its pairs" \
  merge --format csv tgone.db a1.db
evstudy merge --format json tgone.db a1.db > got.json
test_cmp want.json got.json
cp a0.db tlen.db
sqlite3 tlen.db "UPDATE texts SET lens = x'ffffff7f' || substr (lens, 5) WHERE kind = 'csv-car'"
expect_error 3 "tlen.db: damaged shard file: its texts table does not fit its pairs" \
  merge --format csv tlen.db a1.db
sqlite3 tlen.db "DELETE FROM meta WHERE key = 'checksum.csv-car'"
expect_error 3 "tlen.db: damaged shard file: its meta table lacks the texts' checksum" \
  merge --format csv tlen.db a1.db
# A shard file read from a pipe (not a regular file: copied into memory
# first, and read from the copy).
cat a0.db | evstudy merge --format json /dev/stdin a1.db > got.json
test_cmp want.json got.json
# A merge has one shard file open at a time: 40 shards under a limit of
# 20 open files (valgrind keeps files of its own: not under it).
if [ -z "${VALGRIND:-}" ]; then
  shards 40 "$@"
  (ulimit -n 20 && evstudy merge --format json part-*.db) > got.json
  test_cmp want.json got.json
fi
cp a0.db moved.db
sqlite3 moved.db "UPDATE meta SET value = '1' WHERE key = 'index'"
cp a1.db moved1.db
sqlite3 moved1.db "UPDATE meta SET value = '0' WHERE key = 'index'"
set +e; evstudy merge moved.db moved1.db > out.txt 2> err.txt; status=$?; set -e
[ "$status" -eq 3 ] || fail "swapped shard indices: exit $status"
grep -q "damaged shard file: it holds '[A-Z]*', which belongs to shard [01]/2, not [01]" err.txt \
  || fail "swapped shard indices: $(cat err.txt)"
# A hostile name of a shard file is quoted in messages.
cp text.db 'a
b.db'
expect_error 3 "a\\x0ab.db: not an evstudy shard file (not a sqlite3 database)" merge 'a
b.db'

# --plot and --report on a merge: the charts of the run, and its report
# but for the command line it names (the merge's, with the options in
# their canonical --name=value form).
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"
set -- --events "$E" $MARKET --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" --prices hostile.csv
shards 2 "$@"
# SOURCE_DATE_EPOCH: the reports' "Written" time is the same.
SOURCE_DATE_EPOCH=1735689600 evstudy "$@" --plot p1 --report r1 --plot-format svg > run.out
SOURCE_DATE_EPOCH=1735689600 evstudy merge --plot p2 --report r2 --plot-format svg part-*.db > merge.out
test_cmp run.out merge.out
diff -r p1 p2 || fail "the merge's charts differ from the run's"
for f in index.html report.md; do
  grep -vi 'command' "r1/$f" > want.txt
  grep -vi 'command' "r2/$f" > got.txt
  test_cmp want.txt got.txt
done
(cd r1 && ls -a) > want.txt
(cd r2 && ls -a) > got.txt
test_cmp want.txt got.txt
