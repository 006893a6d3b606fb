#!/bin/sh
# Intraday runs recorded in the store (issue 16): `intraday --db` records
# its options, generation and results; `history` lists the run as
# intraday; `export --run N` writes exactly the bytes the run wrote (CSV
# tables, JSON, the table format, the aggregate (studied again from the
# bars as of the run: its residuals are not stored), day0 and series); a
# re-import that changes a session keeps the old version, so the old run
# still exports and reruns byte for byte while a new run sees the new
# bars.  The reference for every comparison is evstudy's own output
# (the flag form on the same files, or the run itself), compared with
# cmp: the numbers are computed once and must come back bit for bit.
. "$TOP_SRCDIR/tests/setup"
need_shared
# An intraday run's export, not collected for tests/schema-outputs.test
# (which holds export's outputs against the daily schema): its bytes are
# compared with the run's, which are collected as intraday's.
export_run () { $VALGRIND "$EVSTUDY" export "$@"; }
"$TOP_BUILDDIR/tests/bargen" 42 2025-01-13 2025-02-07 . \
  SPY:"$PRICES/SPY.csv":-:1 NVDA:"$PRICES/NVDA.csv":SPY:1.8 --jump NVDA:1738165620:0.03
# A hostile label (quotes, a newline, markup) rides through the store.
printf 'date,label\n2025-01-29T10:47-05:00,Injected jump\n2025-01-30T11:00-05:00,"a ""b"" <script>x</script>\nc"\n' > ev.csv
study="--events ev.csv --prices NVDA.csv --market SPY.csv --seasonal --window 0:0 --window -5m:10m"

# 1. One run per output; each export equals its run's bytes.
n=0
for out in "--format csv" "--table ar" "--format json" "--format table" "--table aggregate" \
           "--table day0" "--table series"; do
  n=$((n + 1))
  evstudy intraday --db m.db $study $out -o run$n.out
  evstudy intraday $study $out > flag$n.out
  cmp run$n.out flag$n.out || fail "run $n ($out) differs from the flag form"
  export_run --db m.db --run $n $out > export$n.out
  cmp run$n.out export$n.out || fail "export of run $n ($out) differs from the run"
done
[ "$(sqlite3 m.db "SELECT count(*) FROM runs WHERE kind = 'intraday'")" = 7 ] || fail "7 runs"
# The CAR run's results hold no ARs: export of its AR table points at --rerun.
expect_error 2 "run 1 recorded its CARs only (it wrote the CAR table): evstudy intraday --db m.db --rerun 1 computes its ARs" \
  export --db m.db --run 1 --table ar
# Run 2 (the AR table) holds them: every output of it exports.
for out in "--format csv" "--format json" "--table aggregate" "--format table"; do
  export_run --db m.db --run 2 $out > e.out
  evstudy intraday $study $out > f.out
  cmp e.out f.out || fail "export of run 2 $out"
done

# 2. history says intraday; --check is ok.
evstudy history --db m.db --format csv > h.csv
grep -q '^1,.*,intraday market,2,2,--seasonal --window 0:0 --window -5m:10m --stored NVDA --stored-market SPY$' h.csv \
  || fail "history: $(cat h.csv)"
[ "$(evstudy history --db m.db --check)" = ok ] || fail "history --check"

# 3. A re-import whose bars changed: one close of 2025-01-29 (after the
# first event's bar 0, in the second's estimation window) 1% higher.
mkdir new
awk -F, 'BEGIN { OFS = "," } NR == 4500 { $4 = $4 * 1.01 } { print }' NVDA.csv > new/NVDA.csv
evstudy intraday --db m.db --events ev.csv --prices new/NVDA.csv --stored-market SPY --seasonal \
  --window 0:0 --window -5m:10m -o new.csv 2> err.txt
grep -qxF 'evstudy: new/NVDA.csv: NVDA: 0 sessions added, 1 changed (earlier runs keep the bars they read)' err.txt \
  || fail "change not reported: $(cat err.txt)"
[ "$(sqlite3 m.db "SELECT count(*) FROM bar_sessions WHERE day = 20117 AND series_id = (SELECT id FROM bar_series WHERE ticker = 'NVDA')")" = 2 ] \
  || fail "the old version of 2025-01-29 not kept"
evstudy intraday --events ev.csv --prices new/NVDA.csv --market SPY.csv --seasonal \
  --window 0:0 --window -5m:10m > flag-new.csv
cmp new.csv flag-new.csv || fail "the new run does not see the new bars"
! cmp -s new.csv run1.out || fail "the changed bar changed nothing"
# The old runs: exported and rerun byte for byte on the bars they read.
for i in 1 2 3 4 5 6 7; do
  export_run --db m.db --run $i $(sed -n "${i}p" <<EOF
--format csv
--table ar
--format json
--format table
--table aggregate
--table day0
--table series
EOF
) > e.out
  cmp e.out run$i.out || fail "export of run $i after the re-import"
done
evstudy intraday --db m.db --rerun 1 > rerun1.csv
cmp rerun1.csv run1.out || fail "rerun of run 1 after the re-import"
evstudy intraday --db m.db --rerun 2 --table ar > rerun2.csv
cmp rerun2.csv run2.out || fail "rerun of run 2 after the re-import"
last=$(sqlite3 m.db 'SELECT max(id) FROM runs')
export_run --db m.db --run "$last" --table ar | cmp - run2.out || fail "export of the rerun"
[ "$(sqlite3 m.db "SELECT rerun_of FROM runs WHERE id = $last")" = 2 ] || fail "rerun_of"
[ "$(evstudy history --db m.db --check)" = ok ] || fail "history --check after the re-import"

# 4. history --check finds a damaged bar blob and a damaged result blob.
cp m.db d.db
sqlite3 d.db "UPDATE bar_sessions SET data = substr(data, 1, 40) || x'00000000' || substr(data, 45) WHERE day = 20117 AND generation = (SELECT min(generation) FROM bar_sessions WHERE day = 20117)"
set +e; evstudy history --db d.db --check > out.txt; status=$?; set -e
[ $status = 3 ] || fail "--check of a damaged bar blob: status $status"
# (the old version of NVDA's 2025-01-29, which only the old runs read)
grep -qxF 'd.db: NVDA: session 2025-01-29: damaged bars' out.txt || fail "--check: $(cat out.txt)"
cp m.db d.db
sqlite3 d.db "UPDATE bar_results SET data = substr(data, 1, length(data) - 3) WHERE run_id = 1 AND pos = 0"
set +e; evstudy history --db d.db --check > out.txt; status=$?; set -e
[ $status = 3 ] || fail "--check of a damaged result blob: status $status"
grep -q '^d.db: run 1: series 0 (NVDA): result 1 is damaged$' out.txt || fail "--check: $(cat out.txt)"
expect_error 3 "d.db: run 1: series 0 (NVDA): result 1 is damaged" export --db d.db --run 1

# 5. Bad input and misuse, each with its exit status.
expect_error 2 "--rerun needs --db FILE" intraday --rerun 1
expect_error 2 "--rerun 1 repeats the run with its own inputs and options: only --format, --table, -o, --plot and --jobs may be added" \
  intraday --db m.db --rerun 1 --prices NVDA.csv
expect_error 2 "--rerun 1 repeats the run with its own inputs and options: only --format, --table, -o, --plot and --jobs may be added" \
  intraday --db m.db --rerun 1 --seasonal
expect_error 2 "m.db: no run 99 (see evstudy history)" intraday --db m.db --rerun 99
expect_error 2 "m.db: no run 99 (see evstudy history)" export --db m.db --run 99
expect_error 2 "invalid --table 'tests': expected car, ar, day0, series or aggregate" \
  export --db m.db --run 1 --table tests
expect_error 2 "run 1 is an intraday run: evstudy intraday --db m.db --rerun 1 repeats it, evstudy export writes it" \
  run --db m.db --rerun 1
# A daily run in the same store: intraday --rerun refuses it, its export
# refuses intraday's tables.
evstudy import --db m.db "$PRICES/SPY.csv" "$PRICES/NVDA.csv" \
  --events "$TOP_SRCDIR/datasets/releases.csv" > /dev/null
evstudy run --db m.db --market SPY --allow-empty --format csv > daily.csv
d=$(sqlite3 m.db 'SELECT max(id) FROM runs')
expect_error 2 "run $d is not an intraday run: evstudy run --db m.db --rerun $d" intraday --db m.db --rerun "$d"
expect_error 2 "invalid --table 'day0': expected car, ar, car-path, aggregate or tests" export --db m.db --run "$d" --table day0
evstudy export --db m.db --run "$d" --format csv | cmp - daily.csv || fail "daily export beside intraday runs"
evstudy history --db m.db | grep -q "^ *$d .* market " || fail "daily run in history"
[ "$(evstudy history --db m.db --check)" = ok ] || fail "history --check with both kinds"

# 6. Hostile tickers: a ticker with SQL and quotes, stored, run, exported.
T="x'); DROP TABLE runs;--\"q\`"
sed "s/^NVDA,/\"$(printf '%s' "$T" | sed 's/"/""/g; s/[&/\\]/\\&/g')\",/" NVDA.csv > hostile.csv
evstudy intraday --db m.db --events ev.csv --prices hostile.csv --market SPY.csv -o h1.csv
export_run --db m.db --run "$(sqlite3 m.db 'SELECT max(id) FROM runs')" | cmp - h1.csv \
  || fail "hostile ticker's export"
grep -qF ",\"$(printf '%s' "$T" | sed 's/"/""/g')\"," h1.csv || fail "hostile ticker not in the output"
evstudy history --db m.db > hist.txt || fail "history with a hostile ticker"
[ "$(evstudy history --db m.db --check)" = ok ] || fail "history --check with a hostile ticker"
# Its damaged session is named with its bytes made harmless (error.h's
# evs_quote: the single quote as \x27, as inside '...').
cp m.db hd.db
sqlite3 hd.db "UPDATE bar_sessions SET data = x'00' WHERE day = 20117 AND series_id = (SELECT id FROM bar_series WHERE ticker LIKE 'x%')"
want='hd.db: x\x27); DROP TABLE runs;--"q`: session 2025-01-29: damaged bars'
set +e; evstudy history --db hd.db --check > out.txt; status=$?; set -e
[ $status = 3 ] && [ "$(cat out.txt)" = "$want" ] || fail "--check of the hostile ticker: $(cat out.txt)"

# 7. A run streamed in windows (the CAR table of a --db run packs each
# pair when studied and writes them back 4 x jobs x 2,048 pairs at a
# time): 9,000 events x 2 stocks = 18,000 pairs, more than a window at
# --jobs 1 and 2, give the flag form's bytes, and so does the export.
cp NVDA.csv AMD.csv
sed -i 's/^NVDA,/AMD,/' AMD.csv
awk 'BEGIN { print "date,label"; srand(5)
  for (i = 0; i < 9000; i++) {
    d = 29 + int(rand() * 9); m = d > 31 ? 2 : 1; d = d > 31 ? d - 31 : d
    s = 34200 + int(rand() * 23400)
    printf "2025-%02d-%02dT%02d:%02d:%02d-05:00,e%d\n", m, d, s / 3600, s % 3600 / 60, s % 60, i } }' > many.csv
evstudy intraday --events many.csv --prices NVDA.csv --prices AMD.csv --market SPY.csv > many-flag.csv
[ "$(wc -l < many-flag.csv)" -gt 50000 ] || fail "too few rows: $(wc -l < many-flag.csv)"
for j in 1 2; do
  evstudy intraday --db s.db --jobs $j --events many.csv --prices NVDA.csv --prices AMD.csv \
    --market SPY.csv > many-$j.csv
  cmp many-flag.csv many-$j.csv || fail "streamed --jobs $j"
done
export_run --db s.db --run 2 | cmp - many-flag.csv || fail "export of the streamed run"
