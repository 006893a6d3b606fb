#!/bin/sh
# Schema 8's packed price deltas (store.c, issue 15): imports write the
# rows a file adds or changes as one blob per series, no `prices` rows.
# Checked against the flag form on the same files (every cell equal,
# numdiff with zero tolerance), for returns and --measure volume, on a
# store written by the previous schema (rows; migrated by the import
# that adds a delta over them), after a --rerun of a run recorded
# before, and across the base delta written after 15 deltas.  Expected
# counts come from the files (wc, head) and from the rule in store.c:
# a base at the first import of a series and once 15 deltas follow the
# last base (or the rows).
. "$TOP_SRCDIR/tests/setup"
. "$TOP_SRCDIR/tests/store-lib.sh"
need_shared
need_sqlite3
numdiff="$TOP_BUILDDIR/tests/numdiff"
events="$TOP_SRCDIR/datasets/releases.csv"
mkdir old new
head -n 3900 "$PRICES/NVDA.csv" > old/NVDA.csv
cp "$PRICES/NVDA.csv" new/NVDA.csv
cp "$PRICES/SPY.csv" SPY.csv
added=$(( $(wc -l < new/NVDA.csv) - 3900 ))

# A store as schema 7 wrote it: rows and snapshots (EVSTUDY_STORE_ROWS
# writes the rows; the run migrates, so its tables are dropped after).
EVSTUDY_STORE_ROWS=1 evstudy import --db m.db --events "$events" old/NVDA.csv SPY.csv > /dev/null
evstudy run --db m.db --market SPY --format csv > run1.csv
sql m.db "DROP TABLE price_deltas; DROP TABLE bar_sessions; DROP TABLE bar_versions; DROP TABLE bar_results; DROP TABLE bar_series; ALTER TABLE runs DROP COLUMN kind; ALTER TABLE runs DROP COLUMN bar_ars; PRAGMA user_version = 7"
[ "$(sql m.db 'SELECT count(*) FROM prices')" -gt 5000 ] || fail "set-up: no rows"

# The newer download: migrated, and one delta of the rows added.
evstudy import --db m.db new/NVDA.csv > out.txt
echo "new/NVDA.csv: NVDA: $added rows added, 0 changed" > want.txt
test_cmp want.txt out.txt
[ "$(sql m.db 'PRAGMA user_version')" = 9 ] || fail "not migrated"
[ "$(sql m.db "SELECT group_concat(base || ':' || n) FROM price_deltas")" = "0:$added" ] || fail "the delta"
[ "$(evstudy history --db m.db --check)" = ok ] || fail "check after the delta"
evstudy --events "$events" --prices new/NVDA.csv --market SPY.csv --format csv > flag-new.csv
evstudy run --db m.db --market SPY --format csv > run-new.csv
"$numdiff" --rtol 0 --atol 0 flag-new.csv run-new.csv
evstudy run --db m.db --rerun 1 --format csv > rerun1.csv
test_cmp run1.csv rerun1.csv
# Volumes as of now: the rows with the delta applied.
evstudy --events "$events" --prices new/NVDA.csv --market SPY.csv --measure volume --format csv > flag-vol.csv
evstudy run --db m.db --market SPY --measure volume --format csv > run-vol.csv
"$numdiff" --rtol 0 --atol 0 flag-vol.csv run-vol.csv

# Sixteen more downloads, each changing the volume of the last row:
# deltas 2..15 over the rows, then a base (15 deltas since the rows),
# then one delta over it.
i=1
while [ $i -le 16 ]; do
  awk -F, -v OFS=, -v i=$i -v last="$(wc -l < new/NVDA.csv)" 'NR == last { $6 = $6 + i } { print }' \
    "$PRICES/NVDA.csv" > new/NVDA.csv.tmp
  mv new/NVDA.csv.tmp new/NVDA.csv
  evstudy import --db m.db new/NVDA.csv > /dev/null
  i=$((i + 1))
done
[ "$(sql m.db "SELECT group_concat(base, '') FROM (SELECT base FROM price_deltas ORDER BY generation)")" \
  = 00000000000000010 ] || fail "bases: $(sql m.db "SELECT group_concat(base, '') FROM price_deltas")"
[ "$(evstudy history --db m.db --check)" = ok ] || fail "check after the base"
evstudy --events "$events" --prices new/NVDA.csv --market SPY.csv --measure volume --format csv > flag-vol.csv
evstudy run --db m.db --market SPY --measure volume --format csv > run-vol.csv
"$numdiff" --rtol 0 --atol 0 flag-vol.csv run-vol.csv
evstudy run --db m.db --rerun 1 --format csv > rerun1.csv
test_cmp run1.csv rerun1.csv
