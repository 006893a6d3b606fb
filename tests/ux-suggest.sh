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

# The flag form (issue 15): a --market that is neither a file nor a
# loaded ticker, but near one loaded with --prices ('^', case, suffix).
expect_error 2 "--market 'HSI': no such file or loaded ticker; did you mean '^HSI'?" \
  --events ev.csv --prices 9988.HK.csv --prices HSI.csv --market HSI
expect_error 2 "--market '9988': no such file or loaded ticker; did you mean '9988.HK'?" \
  --events ev.csv --prices HSI.csv --prices 9988.HK.csv --market 9988
# A loaded ticker in another case is the series itself (no error), and a
# name near nothing is still a file that cannot be read.
evstudy --events ev.csv --prices 9988.HK.csv --prices HSI.csv --market '^hsi' \
  --format csv > out.csv
grep -q '^1,Selloff,9988.HK,' out.csv || fail "--market ^hsi"
expect_error 4 "SPY: cannot read: No such file or directory" \
  --events ev.csv --prices 9988.HK.csv --market SPY

# One program name in every error (issue 15): getopt's messages named the
# program by how it was called ("./evstudy", a full path) or by the
# command ("export: unrecognized option").
ln -s "$EVSTUDY" other-name
for cmd in "" import run history export; do
  set +e
  db=
  [ "$cmd" != run ] || db="--db s.db"
  ./other-name $cmd $db --bogus > out.txt 2> err.txt
  s=$?
  set -e
  [ "$s" -eq 2 ] || fail "evstudy $cmd --bogus: exit $s"
  # run hands the study options to the flag form's parser, whose help
  # (evstudy --help) documents them.
  help=${cmd:+ $cmd}
  [ "$cmd" != run ] || help=
  printf "evstudy: unrecognized option '--bogus'\nTry 'evstudy%s --help' for more information.\n" \
    "$help" > want.txt
  test_cmp want.txt err.txt
done
