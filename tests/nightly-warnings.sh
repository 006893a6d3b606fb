#!/bin/sh
# Warnings a nightly job needs (issue 14):
# - import: a changed row whose price moved by a factor the data does not
#   explain (one row 10x: a typo) is named with file, line, old and new
#   price; a dividend-style adjustment (every earlier row times 0.98) is
#   not; the import itself succeeds either way (exit 0);
# - run: a series that an earlier run used as --market, studied as a
#   stock, is warned about on stderr and in the report.
# The prices are NVDA.csv's own (line 3791 is 2025-01-27, close
# 118.38121032714844), edited with awk here (which writes 6 significant
# digits: 11.8381).
. "$TOP_SRCDIR/tests/setup"
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"
need_shared

cp "$PRICES/NVDA.csv" NVDA.csv
evstudy import --db s.db NVDA.csv > /dev/null
awk -F, -v OFS=, 'NR == 3791 { $2 = $2 / 10 } 1' "$PRICES/NVDA.csv" > NVDA.csv
evstudy import --db s.db NVDA.csv > out.txt 2> err.txt
echo "evstudy: warning: NVDA.csv:3791: NVDA 2025-01-27: the price changed from 118.3812103 to 11.8381 (x0.1) while the stored rows beside it did not move so: a typo, or its correction? (a dividend or split moves every earlier row by the same ratio)" > want.txt
test_cmp want.txt err.txt
grep -qF 'NVDA.csv: NVDA: 0 rows added, 1 changed' out.txt || fail "import report"

# A dividend: every row before line 3000 times 0.98, and the typo fixed
# (that fix is itself one row moving 10x: named again).
awk -F, -v OFS=, 'NR > 1 && NR < 3000 { $2 = $2 * 0.98 } 1' "$PRICES/NVDA.csv" > NVDA.csv
evstudy import --db s.db NVDA.csv > out.txt 2> err.txt
[ "$(grep -c 'warning' err.txt)" -eq 1 ] && grep -q 'NVDA.csv:3791: .* (x10) ' err.txt \
  || { cat err.txt; fail "the dividend was warned about, or the fix was not"; }
# A dividend alone: no warning.
awk -F, -v OFS=, 'NR > 1 && NR < 2000 { $2 = $2 * 0.98 * 0.98 } 1' "$PRICES/NVDA.csv" > NVDA.csv
evstudy import --db s.db NVDA.csv > out.txt 2> err.txt
[ ! -s err.txt ] || { cat err.txt; fail "a warning for a dividend adjustment"; }

# A market studied as a stock: run 1 used SPY as the market, run 2
# studies every series, SPY included.
printf 'date,label\n2025-01-27,Selloff\n' > ev.csv
evstudy import --db m.db "$PRICES/NVDA.csv" "$PRICES/SPY.csv" --events ev.csv > /dev/null
evstudy run --db m.db --market SPY --format csv -o a.csv 2> err.txt
[ ! -s err.txt ] || { cat err.txt; fail "warning on run 1"; }
evstudy run --db m.db --format csv -o b.csv --report rep --gnuplot ./no-gnuplot 2> err.txt || true
w="SPY is studied as a stock, but run 1 used it as a market: give it with --market to use it as one"
grep -qxF "evstudy: warning: $w" err.txt || { cat err.txt; fail "no warning for SPY"; }
grep -qxF -- "- $w" rep/report.md || fail "the report lacks the warning"
! grep -q 'NVDA is studied' err.txt || fail "NVDA was never a market"
