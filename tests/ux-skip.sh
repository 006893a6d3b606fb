#!/bin/sh
# Skip reasons that name the cause (issue 15): which series lacks data
# before (or after) which date, and no day 0 years after the event.
# The dates are the files' own: NVDA.csv starts on 2010-01-04, SPY.csv on
# 2021-01-04 (checked below).
. "$TOP_SRCDIR/tests/setup"
need_shared

[ "$(sed -n 2p "$PRICES/NVDA.csv" | cut -d, -f1)" = 2010-01-04 ] || fail "NVDA.csv's first date"
[ "$(sed -n 2p "$PRICES/SPY.csv" | cut -d, -f1)" = 2021-01-04 ] || fail "SPY.csv's first date"
# Event 3's estimation days: the returns from the first shared date's
# successor to day -11, i.e. (shared dates before 2021-03-01) - 11.
before=$(awk -F, 'NR == FNR { if (FNR > 1) d[$1] = 1; next }
  FNR > 1 && ($1 in d) && $1 < "2021-03-01" { n++ } END { print n - 11 }' "$PRICES/SPY.csv" "$PRICES/NVDA.csv")
[ "$before" -eq 27 ] || fail "test set-up: $before estimation days for event 3"
printf 'date,label\n2005-03-01,Before NVDA\n2010-03-01,Before SPY\n2021-03-01,Early\n2025-01-27,Ok\n' > ev.csv

evstudy --events ev.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --window 0:0 --format csv | cut -d, -f1,5,17,18 > got.csv
cat > want.csv <<'EOT'
event,day0,status,reason
1,,skipped,no prices of NVDA before 2010-01-04 (the event is on 2005-03-01)
2,,skipped,no prices of SPY before 2021-01-04 (the event's day 0 on NVDA is 2010-03-01)
3,2021-03-01,skipped,too few estimation days (27 < 120): no prices of SPY before 2021-01-04
4,2025-01-27,ok,
EOT
test_cmp want.csv got.csv

# Without a market (mean model), the series' own first price; event 2
# has 27 estimation days too (NVDA's sessions before 2010-03-01, less 11).
n=$(awk -F, 'NR > 1 && $1 < "2010-03-01" { n++ } END { print n - 11 }' "$PRICES/NVDA.csv")
[ "$n" -eq 27 ] || fail "test set-up: $n estimation days for event 2"
evstudy --events ev.csv --prices "$PRICES/NVDA.csv" --window 0:0 --format csv \
  | cut -d, -f1,5,17,18 > got.csv
cat > want.csv <<'EOT'
event,day0,status,reason
1,,skipped,no prices of NVDA before 2010-01-04 (the event is on 2005-03-01)
2,2010-03-01,skipped,too few estimation days (27 < 120): no prices of NVDA before 2010-01-04
3,2021-03-01,ok,
4,2025-01-27,ok,
EOT
test_cmp want.csv got.csv

# An estimation window after the event, cut by the end of the data
# (NVDA.csv ends on 2025-12-30).
[ "$(tail -n 1 "$PRICES/NVDA.csv" | cut -d, -f1)" = 2025-12-30 ] || fail "NVDA.csv's last date"
# Its estimation days: day +11 to the last session, (sessions from
# 2025-10-01 on) - 11.
after=$(awk -F, 'NR > 1 && $1 >= "2025-10-01" { n++ } END { print n - 11 }' "$PRICES/NVDA.csv")
[ "$after" -eq 52 ] || fail "test set-up: $after estimation days after the event"
printf 'date,label\n2025-10-01,Late\n' > late.csv
evstudy --events late.csv --prices "$PRICES/NVDA.csv" --estimation 11:250 --window 0:0 \
  --allow-empty --format csv 2> /dev/null | cut -d, -f1,17,18 > got.csv
printf '%s\n' 'event,status,reason' \
  '1,skipped,too few estimation days (52 < 120): no prices of NVDA after 2025-12-30' > want.csv
test_cmp want.csv got.csv
