#!/bin/sh
# tests/bench/import.sh -- the import workloads of issue 15 ("Import
# speed"), run by run.sh and runnable alone with the same environment
# (EVSTUDY, GEN, MEASURE, BENCH_DATA, BENCH_SCALE).  Each measurement is
# run 3 times, interleaved with its reference, and the median is printed:
# the machine is shared, so only ratios within one run mean anything.
set -eu
: "${BENCH_SCALE:=100}"
D=$BENCH_DATA
mkdir -p "$D"
scale () { echo $(( $1 * BENCH_SCALE / 100 > 0 ? $1 * BENCH_SCALE / 100 : 1 )); }
# field NAME LINE: the value of NAME=... in a measure.c line.
field () { echo "$2" | sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }
median () { printf '%s\n' "$@" | sort -g | sed -n 2p; }
fresh () { rm -f "$1" "$1-wal" "$1-shm" "$1-journal"; }

# 9. The long file of workload 2's largest market (N securities x 6,300
#    sessions, Date,ticker,price) imported into a new store, against the
#    sqlite3 shell's .import of the same CSV into a plain table: the floor
#    any sqlite3 program could reach.  The issue asks for at most 1.5
#    times the shell's wall time and a peak RSS under 500 MB.
if command -v sqlite3 > /dev/null; then
  n=$(scale 5000) T=$(scale 6300)
  w2=$D/w2-$n-$T.csv
  [ -f "$w2" ] || "$GEN" --seed 2 --long "$w2" --events "$w2.events" --pairs $((4 * n)) "$n" "$T"
  rows=$(( $(wc -l < "$w2") - 1 ))
  ev= sh= rss= evc= shc=
  for i in 1 2 3; do
    fresh "$D/imp.db"
    l=$("$MEASURE" import rows=$rows -- "$EVSTUDY" import --db "$D/imp.db" "$w2")
    ev="$ev $(field wall_s "$l")" rss="$rss $(field peak_rss_mb "$l")" evc="$evc $(field cpu_s "$l")"
    fresh "$D/shell.db"
    l=$("$MEASURE" shell rows=$rows -- sqlite3 "$D/shell.db" -cmd '.mode csv' ".import $w2 prices")
    sh="$sh $(field wall_s "$l")" shc="$shc $(field cpu_s "$l")"
  done
  fresh "$D/imp.db"; fresh "$D/shell.db"
  e=$(median $ev) s=$(median $sh) r=$(median $rss)
  ec=$(median $evc) sc=$(median $shc)
  printf '%-28s wall_s=%s shell_wall_s=%s ratio=%.2f cpu_s=%s shell_cpu_s=%s cpu_ratio=%.2f peak_rss_mb=%s rows=%s\n' \
    "9-import-vs-shell-$n" "$e" "$s" "$(echo "$e $s" | awk '{ print $1 / $2 }')" \
    "$ec" "$sc" "$(echo "$ec $sc" | awk '{ print $1 / $2 }')" "$r" "$rows"
else
  echo "# no sqlite3 shell: no import-vs-shell line"
fi

# 9b. Bounded memory: a long file of N securities x 6,300 sessions
#     (3,000 at full scale: 18.9 million rows, 560 MB), imported once
#     into a new store (one run: it takes a minute or two).  The issue
#     asks for a peak RSS under 500 MB whatever the size of the file; the
#     importer spills rows to a temporary file past 64 MB (series_spill.c).
n=$(scale 3000) T=$(scale 6300)
w9b=$D/w9b-$n-$T.csv
[ -f "$w9b" ] || "$GEN" --seed 9 --long "$w9b" "$n" "$T"
rows=$(( $(wc -l < "$w9b") - 1 ))
fresh "$D/big.db"
l=$("$MEASURE" import rows=$rows -- "$EVSTUDY" import --db "$D/big.db" "$w9b")
fresh "$D/big.db"
printf '%-28s wall_s=%s cpu_s=%s peak_rss_mb=%s rows=%s csv_mb=%s\n' "9b-import-memory-$n" \
  "$(field wall_s "$l")" "$(field cpu_s "$l")" "$(field peak_rss_mb "$l")" "$rows" \
  "$(( $(wc -c < "$w9b") / 1048576 ))"

# 10. The nightly case: N yfinance files (2,500 sessions each) already in
#     the store, each of which gained one row since: one `evstudy import`
#     of all of them.  The store of the day before is built once (cached)
#     and copied fresh for every measurement.  The issue asks for under
#     30 s at 5,000 files.
n=$(scale 5000) T=$(scale 2500)
w10=$D/w10-$n-$T
if [ ! -d "$w10" ]; then
  "$GEN" --seed 10 --dir "$w10.tmp" "$n" "$T"
  mkdir -p "$w10.old"
  for f in "$w10.tmp"/S*.csv; do head -n -1 "$f" > "$w10.old/${f##*/}"; done
  mv "$w10.tmp" "$w10"
fi
db=$D/w10-$n-$T.db
if [ ! -f "$db" ]; then
  fresh "$db.tmp"
  # A series is its ticker and file name: the same as the new downloads'.
  "$EVSTUDY" import --db "$db.tmp" "$w10.old"/S*.csv > /dev/null
  mv "$db.tmp" "$db"
fi
t= rss=
for i in 1 2 3; do
  fresh "$D/nightly.db"; cp "$db" "$D/nightly.db"; sync
  l=$("$MEASURE" nightly files=$n -- "$EVSTUDY" import --db "$D/nightly.db" "$w10"/S*.csv)
  t="$t $(field wall_s "$l")" rss="$rss $(field peak_rss_mb "$l")"
done
fresh "$D/nightly.db"
printf '%-28s wall_s=%s peak_rss_mb=%s files=%s\n' "10-nightly-reimport-$n" \
  "$(median $t)" "$(median $rss)" "$n"
