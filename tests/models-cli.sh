#!/bin/sh
# Options of the additional models: usage errors (exit 2), bad factor
# files (exit 3, file:line:column), and what BHAR is with log returns.
# Each error case checks the exit status, the exact message and an empty
# stdout.
. "$TOP_SRCDIR/tests/setup"
need_shared
E="$FIXTURES/events/selloff.csv"
NVDA="$PRICES/NVDA.csv"
SPY="$PRICES/SPY.csv"
FF3="$SHARED_DATA/factors/F-F_Research_Data_Factors_daily.csv"

expect_error 2 "--model ff3 needs --factors FILE" --events "$E" --prices "$NVDA" --model ff3
expect_error 2 "--factors is for the ff3, ff5, carhart and factors models, not market" \
  --events "$E" --prices "$NVDA" --market "$SPY" --factors "$FF3"
expect_error 2 "--model factors needs --factor-columns A,B,..." \
  --events "$E" --prices "$NVDA" --model factors --factors "$FF3"
expect_error 2 "--factor-columns is for --model factors, not ff3" \
  --events "$E" --prices "$NVDA" --model ff3 --factors "$FF3" --factor-columns SMB
expect_error 2 "no factor column 'RMW' in the --factors files (model ff5)" \
  --events "$E" --prices "$NVDA" --model ff5 --factors "$FF3"
expect_error 2 "no factor column 'Mom' in the --factors files (model carhart)" \
  --events "$E" --prices "$NVDA" --model carhart --factors "$FF3"
expect_error 2 "factor column 'RF' is the risk-free rate, subtracted from returns (model factors)" \
  --events "$E" --prices "$NVDA" --model factors --factors "$FF3" --factor-columns Mkt-RF,RF
expect_error 2 "invalid --factor-columns 'SMB,,HML': expected names like Mkt-RF,SMB" \
  --events "$E" --prices "$NVDA" --model factors --factors "$FF3" --factor-columns SMB,,HML
expect_error 2 "--model scholes-williams needs --market" --events "$E" --prices "$NVDA" --model scholes-williams
expect_error 2 "--model garch needs --market" --events "$E" --prices "$NVDA" --model garch
expect_error 2 "invalid --dimson-lags '8': expected a number from 1 to 7" \
  --events "$E" --prices "$NVDA" --market "$SPY" --model dimson --dimson-lags 8
expect_error 2 "--dimson-lags is for --model dimson, not market" \
  --events "$E" --prices "$NVDA" --market "$SPY" --dimson-lags 2

# Bad factor files: exit 3 naming file, line and column; nothing written.
printf 'preamble\r\n,Mkt-RF,SMB,HML,RF\r\n20250124,  -0.27, -0.15, 0.68, 0.02\r\n20250127,  -1.49, n/a, 2.52, 0.02\r\n' > bad-value.csv
expect_error 3 "bad-value.csv:4:3: invalid number 'n/a'" \
  --events "$E" --prices "$NVDA" --model ff3 --factors bad-value.csv
printf ',Mkt-RF,SMB,HML,RF\n2025-01-27, -1.49, -0.64, 2.52, 0.02\n' > iso-date.csv
expect_error 3 "iso-date.csv:2:1: expected a YYYYMMDD date '2025-01-27'" \
  --events "$E" --prices "$NVDA" --model ff3 --factors iso-date.csv
expect_error 3 "$NVDA: no factor header (a first cell left empty, as in ',Mkt-RF,SMB,HML,RF')" \
  --events "$E" --prices "$NVDA" --model ff3 --factors "$NVDA"
expect_error 4 "missing.csv: cannot read: No such file or directory" \
  --events "$E" --prices "$NVDA" --model ff3 --factors missing.csv
expect_error 3 "$FF3:1:2: factor already read from another file 'Mkt-RF'" \
  --events "$E" --prices "$NVDA" --model ff3 --factors "$FF3" --factors "$FF3"

# A factor model without --market: market_return is empty, the pair runs.
evstudy --events "$E" --prices "$NVDA" --model ff3 --factors "$FF3" --format csv > car.csv
awk -F, 'NR > 1 && $17 != "ok" { exit 1 }' car.csv || fail "ff3 without --market"

# BHAR is for simple returns (Barber & Lyon 1997): empty with --returns log,
# while CAR is still computed.
evstudy --events "$E" --prices "$NVDA" --market "$SPY" --returns log --format csv > log.csv
awk -F, 'NR > 1 && ($19 != "" || $8 == "") { exit 1 }' log.csv || fail "bhar with log returns"
evstudy --events "$E" --prices "$NVDA" --market "$SPY" --returns log --format json \
  | jq -e '[.results[].car[].bhar] | all(. == null)' > /dev/null || fail "json bhar with log returns"

# Pairs that cannot be estimated are skipped with the reason (exit 0
# with --allow-empty, since these runs measure nothing):
# an event window after the end of the 5-factor file (2025-07-31), and
# the same factor twice (names match ignoring case: collinear).
printf 'date,label\n2025-08-15,After the 5-factor file\n' > late.csv
evstudy --events late.csv --prices "$NVDA" --model ff5 --allow-empty \
  --factors "$SHARED_DATA/factors/F-F_Research_Data_5_Factors_2x3_daily.csv" --format csv > late-car.csv
awk -F, 'NR > 1 && ($17 != "skipped" || $18 != "no factor returns for 2025-08-14 (event window -1:1)") { exit 1 }' \
  late-car.csv || fail "event after the factor file"
evstudy --events "$E" --prices "$NVDA" --model factors --factors "$FF3" --allow-empty \
  --factor-columns SMB,smb --format csv > twice.csv
awk -F, 'NR > 1 && $18 != "the regressors of the factors model are collinear over the estimation window" { exit 1 }' \
  twice.csv || fail "collinear factors"
