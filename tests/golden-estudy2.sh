#!/bin/sh
# Cross-check with a peer: the R package estudy2 0.10.0 (market model, OLS,
# simple returns on common dates), whose results are stored in
# ../shared/reference/estudy2/nvda-selloff-2025-01-27 (see its README.md).
# One event, 2025-01-27 (tests/fixtures/events/selloff.csv), on NVDA, AMD,
# AVGO, TSM and MSFT against SPY; estimation 2024-01-26 .. 2025-01-08
# (relative days -250..-11, 240 returns), event days -10..10.
# Compared: per event day ar, return and market return (estudy2 ar.csv,
# rows with window "event"); per security alpha, beta and sigma (residual
# sd with T-2, estudy2 params.csv).  tests/reference/study.R reproduces
# these to 5e-15 (parameters) and 3e-14 (ARs); evstudy must to 1e-8.
. "$TOP_SRCDIR/tests/setup"
need_shared
ref="$SHARED_DATA/../reference/estudy2/nvda-selloff-2025-01-27"
[ -d "$ref" ] || { echo "SKIP: no estudy2 reference at $ref"; exit 77; }
numdiff="$TOP_BUILDDIR/tests/numdiff"

run () {
  evstudy --events "$FIXTURES/events/selloff.csv" \
    --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
    --prices "$PRICES/AVGO.csv" --prices "$PRICES/TSM.csv" \
    --prices "$PRICES/MSFT.csv" --market "$PRICES/SPY.csv" --format csv "$@"
}

# header FILE 'EXPECTED HEADER': the first line of FILE is exactly that.
header () {
  printf '%s\n' "$2" > want-header.txt
  head -n 1 "$1" > got-header.txt
  test_cmp want-header.txt got-header.txt
}

# Abnormal returns.  The fixture's label has no comma, so fields are plain.
run --table ar > ar.csv
header ar.csv 'event,label,ticker,day,date,return,market_return,expected,ar,se,t,p,market,day0,events_file'
echo 'security,date,ar,ret,mkt_ret' > ar-expected.csv
awk -F, 'NR > 1 && $3 == "event" { print $2 "," $1 "," $4 "," $5 "," $6 }' \
  "$ref/ar.csv" | sort -t, -k1,1 -k2,2 >> ar-expected.csv
echo 'security,date,ar,ret,mkt_ret' > ar-actual.csv
awk -F, 'NR > 1 { print $3 "," $5 "," $9 "," $6 "," $7 }' ar.csv \
  | sort -t, -k1,1 -k2,2 >> ar-actual.csv
"$numdiff" --rtol 1e-8 ar-expected.csv ar-actual.csv

# Market-model parameters: one line per security (the car table repeats
# them on every window row).
run > car.csv
header car.csv 'event,label,ticker,event_date,day0,window_start,window_end,car,se,t,df,p,n_est,alpha,beta,sigma,status,reason,bhar,warnings,market,first,last,est_first,est_last,r2,n_confounders,confounders,events_file'
echo 'security,alpha,beta,sigma,n_obs' > params-expected.csv
awk -F, 'NR > 1 { print $1 "," $2 "," $3 "," $4 "," $6 }' "$ref/params.csv" \
  | sort -t, -k1,1 >> params-expected.csv
echo 'security,alpha,beta,sigma,n_obs' > params-actual.csv
awk -F, 'NR > 1 && !seen[$3]++ { print $3 "," $14 "," $15 "," $16 "," $13 }' car.csv \
  | sort -t, -k1,1 >> params-actual.csv
"$numdiff" --rtol 1e-8 params-expected.csv params-actual.csv
