#!/bin/sh
# A missing price is a gap, never a zero: the return after it spans from
# the last price before it, and an event on the missing day reaches the
# next session with a price.  Expected values by hand from
# tests/fixtures/prices/gap.csv: 2025-01-02 is null, so day 0 is 2025-01-03
# and its return is 110/102 - 1 (the 2024-12-26 close is 102); awk does the
# same double arithmetic and prints it with the same %.17g.
. "$TOP_SRCDIR/tests/setup"
F="$FIXTURES/prices/gap.csv"
evstudy --events "$FIXTURES/events/gap.csv" --prices "$F" --estimation -7:-2 \
  --min-estimation 6 --window 0:0 --ar-days -1:0 --format csv --table ar > ar.csv
awk -F, 'NR > 1 { print $4, $5, $6 }' ar.csv > got.txt
awk 'BEGIN { printf "-1 2024-12-26 %.17g\n0 2025-01-03 %.17g\n", 102/103 - 1, 110/102 - 1 }' > want.txt
test_cmp want.txt got.txt
# The mean model's estimation uses the six returns before day -1:
# 101/100-1, 99/101-1, 100/99-1, 102/100-1, 101/102-1, 103/101-1.
evstudy --events "$FIXTURES/events/gap.csv" --prices "$F" --estimation -7:-2 \
  --min-estimation 6 --window 0:0 --format json > out.json
jq -r '.results[0] | "\(.day0) \(.estimation.n_est) \(.estimation.est_first) \(.estimation.est_last)"' out.json > got.txt
echo "2025-01-03 6 2024-12-17 2024-12-24" > want.txt
test_cmp want.txt got.txt
