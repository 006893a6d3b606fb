#!/bin/sh
# The aggregate tests against a peer: the R package estudy2 0.10.0, whose
# statistics for NVDA, AMD, AVGO, TSM and MSFT against SPY around
# 2025-01-27 are stored in ../shared/reference/estudy2/nvda-selloff-2025-01-27
# (tests.csv: per event day; car_tests.csv: over the whole event window
# 2025-01-10 .. 2025-02-10 = relative days -10..10).  Every number below
# is estudy2's, compared at 1e-8 relative, except where estudy2 deviates
# from the paper, said at each such place.
#
# Same event date for all five, so estudy2's calendar dates are relative
# days: its 21 event rows are days -10..10 in date order.
. "$TOP_SRCDIR/tests/setup"
need_shared
ref="$SHARED_DATA/../reference/estudy2/nvda-selloff-2025-01-27"
[ -d "$ref" ] || { echo "SKIP: no estudy2 reference at $ref"; exit 77; }
numdiff="$TOP_BUILDDIR/tests/numdiff"

evstudy --events "$FIXTURES/events/selloff.csv" \
  --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
  --prices "$PRICES/AVGO.csv" --prices "$PRICES/TSM.csv" \
  --prices "$PRICES/MSFT.csv" --market "$PRICES/SPY.csv" \
  --window -10:10 --format csv --table tests > tests.csv
printf '%s\n' 'group_by,group,kind,day,window_start,window_end,n,mean,test,statistic,df,p,p_adj' > want-header.txt
head -n 1 tests.csv > got-header.txt
test_cmp want-header.txt got-header.txt

# Per day.  estudy2 column -> evstudy test:
#   mean -> the AAR; t_test -> t; bw_1980 -> bw1980; bw_1985 -> bw1985;
#   bh -> bmp; lmb -> lamb; sign -> sign_z (estudy2's sign statistic is
#   the normal z; evstudy's sign is the count with its binomial p);
#   gsign, csign, rank as named;
#   wlcx -> wilcoxon (both print the signed-rank sum W+).
#   pt -> patell, rescaled: estudy2 standardizes the ARs by sd_ar, the sd
#     of the estimation ARs with T - 1 = 239 df, where Patell (1976) uses
#     the regression's s with T - 2 df (params.csv: sd_ar = sigma *
#     sqrt(238/239) for all five), so Patell's Z = estudy2's pt *
#     sqrt(238/239).  BMP is scale-free, so bh needs no rescaling.
#   mrank -> rank: estudy2's modified_rank_test divides the ranks by
#     M + 1 and scales day sums by sqrt(N_t); with the same M = 261 days
#     and N = 5 pairs every day it equals Corrado's rank test (the two
#     estudy2 columns agree to 1e-15), so it is checked against rank.
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  { day = NR - 12
    printf "%d,aar,%s\n", day, $col["mean"]
    split("t_test:t bw_1980:bw1980 bw_1985:bw1985 bh:bmp lmb:lamb sign:sign_z gsign:gsign csign:csign rank:rank mrank:rank wlcx:wilcoxon", m, " ")
    for (k in m) { split(m[k], kv, ":"); printf "%d,%s,%s\n", day, kv[2], $col[kv[1] "_stat"] }
    printf "%d,patell,%.17g\n", day, $col["pt_stat"] * sqrt(238 / 239) }' \
  "$ref/tests.csv" | sort > expected-days.csv
awk -F, '$3 == "day" { if ($9 == "t") printf "%d,aar,%s\n", $4, $8
    split("t bw1980 bw1985 bmp lamb sign_z gsign csign rank wilcoxon patell", m, " ")
    for (k in m) if ($9 == m[k]) printf "%d,%s,%s\n", $4, $9, $10
    # rank once more, for the mrank column (see above)
    if ($9 == "rank") printf "%d,%s,%s\n", $4, $9, $10 }' tests.csv \
  | sort > actual-days.csv
[ "$(wc -l < expected-days.csv)" -eq $((21 * 13)) ] || fail "expected 273 day rows, got $(wc -l < expected-days.csv)"
"$numdiff" --rtol 1e-8 expected-days.csv actual-days.csv

# Over the window -10..10 (car_tests.csv): caar_derived is the CAAR (sum
# of the AARs); car_brown_warner_1985 = sum of the daily bw_1985 / sqrt(L)
# = CAAR / (sqrt(L) S), Brown and Warner (1985); car_lamb the same sum of
# the daily Lamb statistics; car_rank_test is Cowan's (1992) CAR rank test
# with ranks over the estimation window and the 21 window days.
awk -F, 'NR > 1 { gsub(/"/, "")
    name = $1 == "car_brown_warner_1985" ? "bw1985" : $1 == "car_lamb" ? "lamb" : "rank"
    print name "," $6
    if (name == "bw1985") print "caar," $9 }' "$ref/car_tests.csv" | sort > expected-car.csv
awk -F, '$3 == "window" && $5 == -10 && $6 == 10 {
    if ($9 == "bw1985" || $9 == "lamb" || $9 == "rank") print $9 "," $10
    if ($9 == "t") print "caar," $8 }' tests.csv | sort > actual-car.csv
[ "$(wc -l < expected-car.csv)" -eq 4 ] || fail "expected 4 car rows"
"$numdiff" --rtol 1e-8 expected-car.csv actual-car.csv
