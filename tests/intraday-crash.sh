#!/bin/sh
# Crash safety of intraday bars and runs in the store (issue 16), in
# tests/store-crash.sh's pattern: kill -9 at random moments during
# `intraday --db` storing four bar files and recording its run,
# INTRADAY_CRASH_ITERATIONS times (default 15).  After every kill: PRAGMA
# integrity_check is ok; each file is stored whole (all its sessions and
# its version row, as the uninterrupted command stores them) or not at
# all; every recorded run is whole (a result row per series, as many
# results as runs.n_results); history --check is ok.  At the end the
# command, run again, gives the uninterrupted output.
. "$TOP_SRCDIR/tests/setup"
. "$TOP_SRCDIR/tests/store-lib.sh"
need_sqlite3
need_shared
if [ -n "$VALGRIND" ]; then n=${INTRADAY_CRASH_ITERATIONS:-3}; else n=${INTRADAY_CRASH_ITERATIONS:-15}; fi
seed=${STORE_CRASH_SEED:-$$}
echo "seed $seed, $n iterations"
rand_ms () { awk -v s="$seed" -v i="$2" -v m="$1" 'BEGIN { srand(s * 1000 + i); print int(rand() * m) }'; }
sleep_ms () { sleep "$(awk -v m="$1" 'BEGIN { printf "%.3f", m / 1000 }')"; }

"$TOP_BUILDDIR/tests/bargen" 3 2024-10-01 2025-02-07 . SPY:"$PRICES/SPY.csv":-:1 \
  NVDA:"$PRICES/NVDA.csv":SPY:1.8 BABA:"$PRICES/BABA.csv":SPY:1.1
cp NVDA.csv AMD.csv
sed -i 's/^NVDA,/AMD,/' AMD.csv
printf 'date,label\n2025-01-27T09:45-05:00,A\n2025-01-29T10:47-05:00,B\n2025-02-04T14:00-05:00,C\n' > ev.csv
cmd="intraday --db c.db --events ev.csv --prices NVDA.csv --prices BABA.csv --prices AMD.csv --market SPY.csv --table ar"
t0=$(now_ms)
evstudy $cmd -o ref.csv
T=$(( $(now_ms) - t0 ))
# The sessions each file stores, from the uninterrupted command.
sql c.db "SELECT s.ticker, count(*) FROM bar_sessions b JOIN bar_series s ON s.id = b.series_id
  GROUP BY s.ticker ORDER BY s.ticker" > whole.txt
echo "the whole command takes $T ms; sessions: $(tr '\n' ' ' < whole.txt)"

check_store () {
  [ -f c.db ] || return 0
  [ "$(sql c.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after kill $1"
  [ "$(sql c.db 'PRAGMA user_version')" = 9 ] || return 0   # killed before the schema
  sql c.db "SELECT s.ticker, count(*) FROM bar_sessions b JOIN bar_series s ON s.id = b.series_id
    GROUP BY s.ticker ORDER BY s.ticker" > now.txt
  awk 'NR == FNR { n[$0]++; next } !n[$0] { exit 1 }' whole.txt now.txt \
    || { cat now.txt >&2; fail "a file half stored after kill $1"; }
  [ "$(sql c.db "SELECT count(*) FROM bar_series s WHERE NOT EXISTS (SELECT 1 FROM bar_versions v
    WHERE v.series_id = s.id)")" = 0 ] || fail "a series without its version after kill $1"
  [ "$(sql c.db "SELECT count(*) FROM runs r WHERE r.kind = 'intraday' AND (r.n_results IS NOT
    (SELECT sum(pairs) FROM bar_results b WHERE b.run_id = r.id) OR (SELECT count(*) FROM bar_results b
    WHERE b.run_id = r.id) != 4)")" = 0 ] || fail "a run half recorded after kill $1"
  if [ "$(sql c.db "SELECT count(*) FROM imports")" != 0 ]; then
    [ "$(evstudy history --db c.db --check)" = ok ] || fail "history --check after kill $1"
  fi
}

i=0
while [ $i -lt "$n" ]; do
  i=$((i + 1))
  rm -f c.db c.db-wal c.db-shm
  (exec $VALGRIND "$EVSTUDY" $cmd -o out.csv > /dev/null 2>&1) & pid=$!
  sleep_ms "$(rand_ms "$T" $i)"
  kill -9 $pid 2> /dev/null || :
  wait $pid 2> /dev/null || :
  check_store "$i"
  echo "kill $i: $(sql c.db "SELECT count(*) FROM imports WHERE kind = 'bars'" 2> /dev/null || echo -) files, $(sql c.db "SELECT count(*) FROM runs" 2> /dev/null || echo -) runs"
done
evstudy $cmd -o after.csv
test_cmp ref.csv after.csv
check_store final
