#!/bin/sh
# Incremental import: the same file again changes nothing; a newer
# download of the same file (new rows, and older adjusted prices scaled
# by 0.99 as after a dividend) adds the new rows, replaces the changed
# ones (keeping the old values for earlier runs) and says so; --rerun of
# a run made before the update gives the old numbers, a new run the new.
# Expected counts and dates come from the files themselves (awk).
. "$TOP_SRCDIR/tests/setup"
. "$TOP_SRCDIR/tests/store-lib.sh"
need_shared
need_sqlite3
numdiff="$TOP_BUILDDIR/tests/numdiff"
events="$TOP_SRCDIR/datasets/releases.csv"
nvda_downloads
# Both downloads end (2021-11-30, 2023-07-06) before the first event of
# releases.csv: every pair is skipped, so the runs say that nothing was
# measured (exit 7) unless --allow-empty.  What is compared below is the
# skipped rows (day 0, reasons), not abnormal returns.

evstudy import --db m.db old/NVDA.csv --events "$events" > out.txt
echo "old/NVDA.csv: NVDA: new, 2999 rows" > want.txt
echo "$events: 9 events (event set 1)" >> want.txt
test_cmp want.txt out.txt
evstudy run --db m.db --allow-empty --format csv > run1.csv

# The same bytes again: nothing written (the whole database dumps the same).
sql m.db .dump > before.sql
evstudy import --db m.db old/NVDA.csv --events "$events" > out.txt
printf '%s\n' "old/NVDA.csv: unchanged (already imported)" \
  "$events: unchanged (event set 1)" > want.txt
test_cmp want.txt out.txt
sql m.db .dump > after.sql
test_cmp before.sql after.sql

# The newer download.
first=$(sed -n 2p new/NVDA.csv | cut -d, -f1)
last=$(sed -n 2000p new/NVDA.csv | cut -d, -f1)
changed=$(paste -d'|' old/NVDA.csv new/NVDA.csv | awk -F'|' 'NR > 1 && NR <= 3000 && $1 != $2' | wc -l)
[ "$changed" -eq 1999 ] || fail "test set-up: $changed rows differ"
evstudy import --db m.db new/NVDA.csv > out.txt
echo "new/NVDA.csv: NVDA: 400 rows added, 1999 changed ($first..$last: adjusted prices moved, e.g. a dividend or split since the previous download; earlier runs keep the old values)" > want.txt
test_cmp want.txt out.txt
# Schema 8: the first import's rows as a base delta (2999 rows), the
# update's 400 added and 1999 changed as a delta over it; the current
# rows are the snapshot's 3399.
[ "$(sql m.db 'SELECT group_concat(base || ":" || n) FROM (SELECT base, n FROM price_deltas ORDER BY generation)')" = "1:2999,0:2399" ] \
  || fail "deltas"
[ "$(sql m.db 'SELECT n FROM price_snapshots ORDER BY generation DESC LIMIT 1')" = 3399 ] || fail "current rows"
[ "$(sql m.db 'SELECT count(*) FROM series')" = 1 ] || fail "one series"

# A new run sees the new prices: the flag form on the new file.
evstudy run --db m.db --allow-empty --format csv > run2.csv
evstudy --events "$events" --prices new/NVDA.csv --allow-empty --format csv > flag2.csv
"$numdiff" --rtol 0 --atol 0 flag2.csv run2.csv
! cmp -s run1.csv run2.csv || fail "the update changed no number"
# Run 1 again: the old prices, the old numbers.
evstudy run --db m.db --rerun 1 --allow-empty --format csv > rerun1.csv
test_cmp run1.csv rerun1.csv
evstudy --events "$events" --prices old/NVDA.csv --allow-empty --format csv > flag1.csv
"$numdiff" --rtol 0 --atol 0 flag1.csv rerun1.csv

# A rolling download window: a newer file without the oldest 100 rows.
# The stored rows stay (history is not erased), and the output says so.
mkdir newer
{ head -n 1 new/NVDA.csv; tail -n +102 new/NVDA.csv; } > newer/NVDA.csv
evstudy import --db m.db newer/NVDA.csv > out.txt
echo "newer/NVDA.csv: NVDA: unchanged; 100 stored rows not in this file kept" > want.txt
test_cmp want.txt out.txt
[ "$(sql m.db 'SELECT n FROM price_snapshots ORDER BY generation DESC LIMIT 1')" = 3399 ] || fail "kept rows"
[ "$(sql m.db 'SELECT count(*) FROM price_deltas')" = 2 ] || fail "a delta without rows"

# Another --price-column for the same file: not "unchanged"; the rows
# whose Close differs from Adj Close change, and the output says why.
# Expected count and dates: the rows of the file where the two differ.
avgo="$PRICES/AVGO.csv"
evstudy import --db m.db "$avgo" > /dev/null
awk -F, 'NR > 1 && $2 + 0 != $3 + 0 { print $1 }' "$avgo" > differ.txt
evstudy import --db m.db --price-column Close "$avgo" > out.txt
echo "$avgo: AVGO: 0 rows added, $(wc -l < differ.txt | tr -d ' ') changed ($(head -n 1 differ.txt)..$(tail -n 1 differ.txt): the price was column 'Adj Close', now 'Close'; earlier runs keep the old values)" > want.txt
test_cmp want.txt out.txt
evstudy import --db m.db --price-column Close "$avgo" > out.txt
echo "$avgo: unchanged (already imported)" > want.txt
test_cmp want.txt out.txt
