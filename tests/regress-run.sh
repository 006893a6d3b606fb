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

# Pairs left out are listed with their reason: AVGO has no
# characteristics row, NVDA's size is missing (NA) from 2025 on.
printf 'ticker,date,size\nNVDA,2024-01-01,3\nNVDA,2025-01-01,NA\nAMD,2024-01-01,1\n' > chars.csv
evstudy --events "$events" --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
  --prices "$PRICES/AVGO.csv" --market "$PRICES/SPY.csv" --characteristics chars.csv \
  --regress 'car[-1,1] ~ size' --format json > lo.json 2> lo.err
command -v jq > /dev/null && {
  # 9 AVGO pairs, and NVDA's 6 events of 2025 (releases.csv).
  [ "$(jq '.regressions[0].left_out | length' lo.json)" -eq 15 ] || fail "15 pairs left out"
  [ "$(jq '.regressions[0].n' lo.json)" -eq 12 ] || fail "12 pairs kept"
  jq -r '.regressions[0].left_out[] | "\(.ticker) \(.event) \(.reason)"' lo.json > lo.txt
  grep -qx "AVGO 1 no row of chars.csv for AVGO on or before 2024-05-06" lo.txt \
    || fail "AVGO's reason"
  grep -qx "NVDA 4 'size' missing in chars.csv line 3" lo.txt || fail "NVDA's reason"
}
grep -q "^evstudy: warning: --regress 'car\[-1,1\] ~ size': 15 pairs left out, first AVGO event 1: no row of chars.csv for AVGO on or before 2024-05-06$" lo.err \
  || fail "warning about the pairs left out"
