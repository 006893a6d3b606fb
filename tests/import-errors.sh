#!/bin/sh
# Every class of bad price file through the command line: exit status 3
# (4 for unreadable files), the exact message with file, line and column,
# and nothing on stdout.  The fixtures are hand-made; the line and column
# of each fault can be read off the file.
. "$TOP_SRCDIR/tests/setup"
P="$FIXTURES/prices"
EV="$FIXTURES/events/min.csv"
bad () { expect_error 3 "$P/$1$2" --events "$EV" --prices "$P/$1"; }

bad bad-duplicate-date.csv ":4:1: duplicate date '2025-01-24' (also on line 2)"
bad bad-price-text.csv ":3:2: invalid price 'abc' in column 'Close'"
bad bad-price-negative.csv ":3:2: non-positive price '-1' in column 'Close'"
bad bad-date.csv ":3:1: invalid date '2024-13-01'"
bad header-only.csv ": no price rows"
bad all-gaps.csv ": no price rows"
bad empty.csv ": empty file"
bad bad-header.csv ":1: unrecognised header: no date column (columns: When, Value)"
bad bad-no-price.csv ":1: unrecognised header: no price column (columns: Date, Volume)"
bad bad-short-row.csv ":3: expected 3 fields, found 2"
bad bad-unterminated.csv ":3:2: unterminated quoted field"
bad bad-nul.csv ":3:2: NUL byte"
bad bad-yfinance3-two-tickers.csv ":2:3: second ticker 'AMD' after 'NVDA': one ticker per file"
expect_error 3 "$P/yahoo-null.csv:1: no column 'Settle' (columns: Date, Open, High, Low, Close, Adj Close, Volume)" \
  --events "$EV" --prices "$P/yahoo-null.csv" --price-column Settle
expect_error 4 "$P: cannot read: Is a directory" --events "$EV" --prices "$P"
expect_error 4 "missing.csv: cannot read: No such file or directory" --events "$EV" --prices missing.csv
# A bad market file is reported the same way.
expect_error 3 "$P/bad-date.csv:3:1: invalid date '2024-13-01'" --events "$EV" --prices "$P/gap.csv" --market "$P/bad-date.csv"
# An unreadable file (root reads everything, so only as another user).
if [ "$(id -u)" -ne 0 ]; then
  printf 'Date,Close\n2025-01-24,1\n' > locked.csv; chmod 000 locked.csv
  expect_error 4 "locked.csv: cannot read: Permission denied" --events "$EV" --prices locked.csv
fi
