#!/bin/sh
# Calendar-time portfolios (--calendar-time, issue 13): NVDA AMD AVGO TSM
# MSFT (market SPY) around the events of datasets/releases.csv, against
# tests/reference/regress.R (the portfolio series built from the price
# files there; lm with vcov and sandwich::vcovHC HC3) to 1e-9 relative:
# equal weights held 0:20, weights revenue_usd_bn held 0:60 with
# --ct-min 3, and the ff3 model on Ken French's daily factors.  Then the JSON's daily series against the CSV's figures,
# and the usage errors.
. "$TOP_SRCDIR/tests/setup"
need_shared
expected="$TOP_SRCDIR/tests/reference/expected"
numdiff="$TOP_BUILDDIR/tests/numdiff"
command -v jq > /dev/null || { echo "SKIP: no jq"; exit 77; }
run () {
  evstudy --events "$TOP_SRCDIR/datasets/releases.csv" \
    --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" --prices "$PRICES/AVGO.csv" \
    --prices "$PRICES/TSM.csv" --prices "$PRICES/MSFT.csv" --market "$PRICES/SPY.csv" "$@"
}
run --calendar-time 0:20 --format csv --table calendar > ew.csv
"$numdiff" "$expected/regress-calendar-ew.csv" ew.csv
run --calendar-time 0:60 --ct-weights revenue_usd_bn --ct-min 3 \
  --characteristics "$FIXTURES/regress/characteristics.csv" --format csv --table calendar > vw.csv
# The alpha row to 1e-9; the slope's p (5e-47, t about 15) amplifies the
# t's last-digit rounding by about t^2: the whole file to 1e-8.
head -n 2 "$expected/regress-calendar-vw.csv" > vw-alpha-want.csv
head -n 2 vw.csv > vw-alpha.csv
"$numdiff" vw-alpha-want.csv vw-alpha.csv
"$numdiff" --rtol 1e-8 "$expected/regress-calendar-vw.csv" vw.csv

# Fama-French three factors: R_p - RF on Mkt-RF, SMB, HML of each date.
[ -f "$SHARED_DATA/factors/F-F_Research_Data_Factors_daily.csv" ] && {
  run --model ff3 --factors "$SHARED_DATA/factors/F-F_Research_Data_Factors_daily.csv" \
    --calendar-time 0:20 --format csv --table calendar > ff3.csv
  "$numdiff" "$expected/regress-calendar-ff3.csv" ff3.csv
}

# JSON: the sessions and holdings of the daily series agree with the
# summary, and the mean of the holdings is the CSV's.
run --calendar-time 0:20 --format json > ct.json
[ "$(jq '.calendar_time.daily | length' ct.json)" -eq "$(jq '.calendar_time.sessions' ct.json)" ] \
  || fail "daily series length"
[ "$(jq '[.calendar_time.daily[].holdings] | max' ct.json)" -eq 30 ] || fail "max holdings"
[ "$(jq '[.calendar_time.daily[].holdings] | add / length' ct.json)" = 12.77027027027027 ] \
  || fail "mean holdings"

expect_error 2 "--calendar-time regresses on the factors of --model market, ff3, ff5, carhart or factors, not mean" \
  --events "$TOP_SRCDIR/datasets/releases.csv" --prices "$PRICES/NVDA.csv" --calendar-time 0:20
expect_error 2 "--ct-weights needs --calendar-time" \
  --events "$TOP_SRCDIR/datasets/releases.csv" --prices "$PRICES/NVDA.csv" --ct-weights size
expect_error 2 "--ct-weights size needs --characteristics" \
  --events "$TOP_SRCDIR/datasets/releases.csv" --prices "$PRICES/NVDA.csv" \
  --market "$PRICES/SPY.csv" --calendar-time 0:20 --ct-weights size
printf 'ticker,size\nNVDA,big\n' > chars.csv
expect_error 3 "chars.csv:2:2: non-numeric value 'big' in column 'size'" \
  --events "$TOP_SRCDIR/datasets/releases.csv" --prices "$PRICES/NVDA.csv" \
  --market "$PRICES/SPY.csv" --calendar-time 0:20 --ct-weights size --characteristics chars.csv
# Two markets: one portfolio needs one.
expect_error 3 "calendar-time portfolio: 9988.HK uses the market ^HSI, an earlier pair the market SPY: one portfolio needs one market (study the series of one exchange)" \
  --events "$TOP_SRCDIR/datasets/releases.csv" --prices "$PRICES/NVDA.csv" \
  --prices "$PRICES/9988.HK.csv" --market "$PRICES/SPY.csv" --market "$PRICES/HSI.csv" \
  --calendar-time 0:20

# The chart (--plot): its data hold every session's abnormal return
# (alpha + residual), so with an intercept the last cumulative value is
# sessions x alpha (OLS residuals sum to zero); the holdings are the
# JSON's; gnuplot draws a non-empty image, in a directory with a space
# and a quote in its name.
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"
if command -v gnuplot > /dev/null; then
  run --calendar-time 0:20 --plot 'ct "plots"' > /dev/null
  d='ct "plots"'
  [ -s "$d/calendar-time.png" ] || fail "no calendar-time.png"
  [ "$(grep -c '' "$d/calendar-time.dat")" -eq 74 ] || fail "74 sessions in the chart data"
  tail -n 1 "$d/calendar-time.dat" | cut -f3 > last.txt
  awk -F, 'NR == 2 { printf "%.17g\n", 74 * $2 }' ew.csv > want-last.txt
  "$numdiff" want-last.txt last.txt
  cut -f4 "$d/calendar-time.dat" > held-chart.txt
  jq '.calendar_time.daily[].holdings' ct.json > held-json.txt
  test_cmp held-json.txt held-chart.txt
  grep -q "^set output 'calendar-time.png'$" "$d/calendar-time.gp" || fail "output name"
else
  echo "no gnuplot: chart not checked"
fi
