#!/bin/sh
# run's "did you mean" (issue 15): a --market or --prices that names no
# stored series, but differs from a stored ticker only by a leading '^',
# case or an exchange suffix, is answered with that ticker.
. "$TOP_SRCDIR/tests/setup"
need_shared

cp "$PRICES/HSI.csv" "$PRICES/9988.HK.csv" "$PRICES/NVDA.csv" .
printf 'date,label\n2025-01-27,Selloff\n' > ev.csv
# HSI.csv holds the ticker ^HSI (yfinance's three-line header).
evstudy import --db s.db HSI.csv 9988.HK.csv NVDA.csv --events ev.csv > out.txt
grep -qx 'HSI.csv: ^HSI: new, [0-9]* rows' out.txt || fail "HSI.csv is not ^HSI"

expect_error 2 "no series 'HSI' in the store; did you mean '^HSI'?" run --db s.db --market HSI
expect_error 2 "no series 'hsi' in the store; did you mean '^HSI'?" run --db s.db --market hsi
expect_error 2 "no series '9988' in the store; did you mean '9988.HK'?" run --db s.db --prices 9988
expect_error 2 "no series 'nvda.us' in the store; did you mean 'NVDA'?" run --db s.db --prices nvda.us
# Nothing near: no suggestion.
expect_error 2 "no series 'SPY' in the store" run --db s.db --market SPY
expect_error 2 "no series '^' in the store" run --db s.db --market '^'
# The suggestion is the right one: it runs.
evstudy run --db s.db --market '^HSI' --prices 9988.HK --format csv > out.csv
grep -q '^1,Selloff,9988.HK,' out.csv || fail "run with the suggested ticker"
