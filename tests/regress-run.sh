#!/bin/sh
# evstudy run --regress (issue 13): the regressions of a study from the
# store are byte for byte those of the flag form on the same files, and
# --rerun repeats them.
. "$TOP_SRCDIR/tests/setup"
need_shared
events="$TOP_SRCDIR/datasets/releases.csv"
chars="$FIXTURES/regress/characteristics.csv"
evstudy import --db m.db "$PRICES/NVDA.csv" "$PRICES/AMD.csv" "$PRICES/AVGO.csv" \
  "$PRICES/SPY.csv" --events "$events" > /dev/null
set -- --characteristics "$chars" --regress 'car[-1,1] ~ beta + ai_share' \
  --regress 'scar[0,0] ~ ai_share' --vcov cluster:event --format csv --table regress
evstudy run --db m.db --market SPY "$@" > run.csv
evstudy --events "$events" --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
  --prices "$PRICES/AVGO.csv" --market "$PRICES/SPY.csv" "$@" > flags.csv
test_cmp flags.csv run.csv
[ "$(grep -c '' run.csv)" -eq 6 ] || fail "expected a header and 5 coefficients"
evstudy run --db m.db --rerun 1 --format csv --table regress > rerun.csv
test_cmp run.csv rerun.csv

# --table regress in the text format: the regression block alone.
evstudy --events "$events" --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
  --market "$PRICES/SPY.csv" --regress 'car[-1,1] ~ beta' --table regress > t.txt
[ "$(sed -n 2p t.txt)" = "Cross-sectional regression: car[-1,1] ~ beta" ] || fail "text --table regress"
grep -q 'N = 18, K = 2' t.txt || fail "18 pairs"
if grep -q '^NVDA' t.txt; then fail "per-pair blocks with --table regress"; fi
