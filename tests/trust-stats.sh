#!/bin/sh
# Issue 11, the statistics: what a display option may not change.
. "$TOP_SRCDIR/tests/setup"
need_shared
P=$PRICES

# Item 24: --ar-days only chooses the days printed.  The rank, Corrado
# sign and Corrado-Zivney rank tests rank over the estimation window plus
# the windows' span (plus the tested day when it lies outside the span),
# so a day's statistics are the same whatever --ar-days is.  Reproducer of
# the issue: DeepSeek-V3 (datasets/releases.csv), the seven series of
# semis_long.csv against QQQ; day 0's rank statistic was -0.3605 with
# -5:5, -0.3302 with -10:5 and -0.3442 with -5:20.  No expected number
# here: the three runs must agree byte for byte on every test of every day
# they share and of every window (the values themselves are checked
# against tests/reference/tests.R by stats-reference.sh).
awk -F, 'NR == 1 || /DeepSeek-V3 released/' "$TOP_SRCDIR/datasets/releases.csv" > v3.csv
[ "$(wc -l < v3.csv)" -eq 2 ] || fail "DeepSeek-V3 not found in datasets/releases.csv"
for ad in -5:5 -10:5 -5:20; do
  evstudy --events v3.csv --prices "$P/semis_long.csv" --market "$P/QQQ.csv" \
    --ar-days $ad --format csv --table tests > tests$ad.csv
  awk -F, '$3 == "window" || ($3 == "day" && $4 >= -5 && $4 <= 5)' tests$ad.csv > common$ad.csv
done
[ "$(awk -F, '$3 == "day" && $4 == 0 && $9 == "rank"' common-5:5.csv | wc -l)" -eq 1 ] \
  || fail "no day-0 rank row"
test_cmp common-5:5.csv common-10:5.csv
test_cmp common-5:5.csv common-5:20.csv
# A day outside the span is ranked with the span and itself: day -8 is the
# same with -10:5 as with -10:10.
evstudy --events v3.csv --prices "$P/semis_long.csv" --market "$P/QQQ.csv" \
  --ar-days -10:10 --format csv --table tests | awk -F, '$3 == "day" && $4 == -8' > d8-a.csv
awk -F, '$3 == "day" && $4 == -8' tests-10:5.csv > d8-b.csv
[ -s d8-a.csv ] || fail "no day -8 rows"
test_cmp d8-a.csv d8-b.csv

# --ar-days may not reach into the estimation window (tests there would
# test fitted residuals on their own sample); the default -10:10 stops
# short of a shorter estimation window instead.
expect_error 2 "--ar-days -11:0 overlaps the estimation window -250:-11" \
  --events v3.csv --prices "$P/NVDA.csv" --market "$P/QQQ.csv" --ar-days -11:0
expect_error 2 "--ar-days 5:40 overlaps the estimation window 30:200" \
  --events v3.csv --prices "$P/NVDA.csv" --market "$P/QQQ.csv" --ar-days 5:40 \
  --estimation 30:200 --window 0:0
evstudy --events v3.csv --prices "$P/NVDA.csv" --market "$P/QQQ.csv" \
  --estimation -130:-6 --min-estimation 100 --format json > short.json
jq -e '.ar_days == [-5, 10]' short.json > /dev/null || fail "default --ar-days not clipped: $(jq -c .ar_days short.json)"
