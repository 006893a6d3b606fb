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

# Item 22: the legend under the default table names the columns printed:
# the Kolari-Pynnonen-adjusted Patell and BMP when the pairs share a day 0
# (three stocks on one date), the plain ones when they do not (one stock,
# three dates: tests/fixtures/events/stats-groups.csv).
E="$FIXTURES/events"
evstudy --events "$E/selloff.csv" --prices "$P/NVDA.csv" --prices "$P/AMD.csv" \
  --prices "$P/MSFT.csv" --market "$P/SPY.csv" > kp.txt
grep -q ' Patell-KP Z  *BMP-KP t ' kp.txt || fail "no KP columns"
grep -q '^Patell-KP Z: Patell (1976) Z / sqrt(1 + (N - 1) rbar); BMP-KP t: Boehmer,$' kp.txt \
  || fail "legend does not name the KP-adjusted Patell"
grep -q '^Kolari and Pynnonen (2010), rbar the mean residual correlation;$' kp.txt \
  || fail "legend does not cite Kolari and Pynnonen (2010)"
! grep -q '^Patell Z: Patell (1976);' kp.txt || fail "legend names the plain Patell beside KP columns"
evstudy --events "$E/stats-groups.csv" --prices "$P/NVDA.csv" --market "$P/SPY.csv" > plain.txt
grep -q ' Patell Z  *BMP t ' plain.txt || fail "no plain columns"
grep -q '^Patell Z: Patell (1976); BMP t: Boehmer, Musumeci and Poulsen (1991);$' plain.txt \
  || fail "legend does not name the plain Patell and BMP"
! grep -q 'Patell-KP' plain.txt || fail "legend names KP without clustered pairs"

# Item 22: the sign test's statistic is the count its exact binomial p
# belongs to, its normal z is sign_z; the signed-rank test prints W+ and
# its z.  Every value is checked against tests/reference/tests.R by
# stats-reference.sh; here, that each p belongs to its statistic: on the
# three-stock selloff day 0, all three ARs are negative, so sign = 0 with
# p = 2 * 0.5^3 = 0.25 (by hand) and sign_z = (0 - 1.5)/sqrt(0.75) =
# -sqrt(3).
evstudy --events "$E/selloff.csv" --prices "$P/NVDA.csv" --prices "$P/AMD.csv" \
  --prices "$P/MSFT.csv" --market "$P/SPY.csv" --format csv --table tests \
  | awk -F, '$3 == "day" && $4 == 0 && ($9 == "sign" || $9 == "sign_z") { print $9, $10, $12 }' > sign.txt
[ "$(wc -l < sign.txt)" -eq 2 ] || fail "no sign rows"
awk 'function far(a, b) { d = a - b; if (d < 0) d = -d; return d > 1e-12 * (b < 0 ? -b : b) }
  $1 == "sign" && ($2 != 0 || far($3, 0.25)) { print "sign " $2 " p " $3 ", want 0 and 0.25"; exit 1 }
  $1 == "sign_z" { z = -sqrt(3)
    if (far($2, z)) { print "sign_z " $2 ", want " z; exit 1 } }' sign.txt || fail "sign test"
