#!/bin/sh
# An index studied as a stock (issue 14): a series whose ticker starts
# with '^' (HSI.csv holds ^HSI) that is not a --market is warned about on
# stderr and in the report; as a --market it is not.
. "$TOP_SRCDIR/tests/setup"
# The chart templates of the source tree (a build outside it has none).
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"
need_shared

printf 'date,label\n2025-01-27,Selloff\n' > ev.csv
warn="evstudy: warning: ^HSI is studied as a stock, but its ticker starts with '^' (an index): give it with --market to use it as a market"
# Both Hong Kong series measured against SPY are warned about too.
foreign () {
  echo "evstudy: warning: $1 (exchange HK) is measured against SPY, a market of another exchange (US): give a market of HK with --market, or --exchange if $1 trades elsewhere"
}
{ echo "$warn"; foreign 9988.HK; foreign '^HSI'; } > want.txt

evstudy --events ev.csv --prices "$PRICES/9988.HK.csv" --prices "$PRICES/HSI.csv" \
  --market "$PRICES/SPY.csv" --format csv > out.csv 2> err.txt
test_cmp want.txt err.txt
grep -q '^1,Selloff,^HSI,' out.csv || fail "^HSI is not in the results"

# As a market: no warning.
evstudy --events ev.csv --prices "$PRICES/9988.HK.csv" --market "$PRICES/HSI.csv" \
  --format csv > out.csv 2> err.txt
[ ! -s err.txt ] || { cat err.txt; fail "a warning for ^HSI as a market"; }
# A ticker loaded with --prices and named by --market is a market too.
evstudy --events ev.csv --prices "$PRICES/9988.HK.csv" --prices "$PRICES/HSI.csv" \
  --market '^HSI' --format csv > out.csv 2> err.txt
[ ! -s err.txt ] || { cat err.txt; fail "a warning for --market ^HSI"; }

# The report's warnings say it too.
evstudy --events ev.csv --prices "$PRICES/HSI.csv" --market "$PRICES/SPY.csv" \
  --report rep --gnuplot /nonexistent/gnuplot > /dev/null 2> err.txt || true
grep -qxF "$warn" err.txt || fail "no warning with --report"
grep -qF "^HSI is studied as a stock, but its ticker starts with '^' (an index)" rep/report.md \
  || fail "report.md lacks the warning"
grep -qF "^HSI (exchange HK) is measured against SPY, a market of another exchange (US)" rep/report.md \
  || fail "report.md lacks the other-exchange warning"

# The README's nightly recipe: run --market SPY on a store holding ^HSI.
evstudy import --db m.db "$PRICES/HSI.csv" "$PRICES/SPY.csv" "$PRICES/NVDA.csv" \
  --events ev.csv > /dev/null
evstudy run --db m.db --market SPY --format csv -o car.csv 2> err.txt
{ echo "$warn"; foreign '^HSI'; } > want.txt
test_cmp want.txt err.txt
evstudy run --db m.db --market SPY --market '^HSI' --format csv -o car.csv 2> err.txt
[ ! -s err.txt ] || { cat err.txt; fail "a warning with --market ^HSI from the store"; }
