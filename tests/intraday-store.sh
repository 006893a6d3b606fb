#!/bin/sh
# Intraday bars in the store (issue 16, schema 9): `intraday --db FILE`
# stores the bar files given and studies the stored bars; `--stored
# TICKER` reads them back.  The series read back are the files' (the
# series table differs only in the market column here), and the study
# from the store is byte for byte the study from the files.  Tickers go
# into SQL only as bound parameters; a damaged session, a file that is no
# evstudy store and a ticker not stored are errors.  Every expected
# value below is counted by hand from the fixtures (tests/fixtures/bars).
. "$TOP_SRCDIR/tests/setup"
B="$FIXTURES/bars"
cp "$B"/align-us.csv "$B"/align-hk.csv "$B"/events-align.csv "$B"/polygon-flat.csv .
evstudy intraday --table series --prices align-us.csv --prices polygon-flat.csv \
  --exchange HK --prices align-hk.csv > files.csv
evstudy intraday --db bars.db --table series --prices align-us.csv --prices polygon-flat.csv \
  --exchange HK --prices align-hk.csv > stored-now.csv
test_cmp files.csv stored-now.csv
evstudy intraday --db bars.db --table series --stored align-us --stored NVDA \
  --stored-market SPY --stored align-hk > stored.csv
sed 's/^SPY,\(.*\),US,no,/SPY,\1,US,yes,/' files.csv > want.csv
test_cmp want.csv stored.csv
for a in start end; do
  evstudy intraday --table day0 --align $a --events events-align.csv --prices align-us.csv \
    --exchange HK --prices align-hk.csv > f.csv
  evstudy intraday --db bars.db --table day0 --align $a --events events-align.csv \
    --stored align-us --stored align-hk > s.csv
  test_cmp f.csv s.csv
done
# 8 + 3 + 3 + 4 bars at 20 bytes each in five sessions (align-us has two).
[ "$(sqlite3 bars.db 'SELECT sum(length(data)), count(*) FROM bar_sessions')" = "360|5" ] \
  || fail "blob sizes: $(sqlite3 bars.db 'SELECT sum(length(data)), count(*) FROM bar_sessions')"
# One import generation per file that stored something; the same files
# again store nothing.
[ "$(sqlite3 bars.db "SELECT count(*) FROM imports WHERE kind = 'bars'")" = 3 ] || fail "imports"
evstudy intraday --db bars.db --table series --prices align-us.csv > out.txt
[ "$(sqlite3 bars.db "SELECT count(*) FROM imports WHERE kind = 'bars'")" = 3 ] \
  || fail "the same bytes made a generation"

# A hostile ticker goes in and out as data.
T="x'); DROP TABLE bar_series;--"
{ echo 'ticker,datetime,close'; printf '"%s",2025-01-28T09:30:00-05:00,1\n' "$T"; } > hostile.csv
evstudy intraday --db bars.db --table series --prices hostile.csv > out.txt
evstudy intraday --db bars.db --table series --stored "$T" > h.csv
grep -qxF "$T,hostile.csv,yfinance,US,no,1,1,60,2025-01-28T09:30:00-05:00,2025-01-28T09:30:00-05:00,0,no" h.csv \
  || fail "hostile ticker not read back: $(cat h.csv)"
evstudy intraday --db bars.db --table series --stored NVDA > out.txt || fail "table dropped"

# Storing a series again (ASCII case ignored: one series) keeps its
# sessions and adds the new one: NVDA had 3 bars on 2025-01-27, this file
# one on 2025-01-28.
printf 'Datetime,Close\n2025-01-28 10:00:00-05:00,5\n' > nvda.csv
evstudy intraday --db bars.db --table series --ticker nvda --prices nvda.csv > out.txt
evstudy intraday --db bars.db --table series --stored nvda | grep -q '^NVDA,nvda.csv,yfinance,US,no,4,2,' \
  || fail "NVDA not one series: $(evstudy intraday --db bars.db --table series --stored NVDA)"
# A ticker stored with another exchange is refused, nothing stored.
printf 'Datetime,Close\n2025-01-28 10:00:00,5\n' > nvda-hk.csv
expect_error 3 "nvda-hk.csv: 'NVDA' is stored with exchange US, these bars are exchange HK's: give them another --ticker" \
  intraday --db bars.db --table series --exchange HK --ticker NVDA --prices nvda-hk.csv

# Errors.
expect_error 2 "bars.db: no stored bars for 'MSFT'" intraday --db bars.db --table series --stored MSFT
expect_error 2 "bars.db: no stored bars for '^NVDA'; did you mean 'NVDA'?" \
  intraday --db bars.db --table series --stored '^NVDA'
expect_error 2 "--stored 'NVDA' needs --db FILE" intraday --table series --stored NVDA
sqlite3 bars.db "UPDATE bar_sessions SET data = x'00' WHERE series_id = (SELECT id FROM bar_series WHERE ticker = 'align-us') AND day = 20116"
expect_error 3 "bars.db: align-us: session 2025-01-28: damaged bars" \
  intraday --db bars.db --table series --stored align-us
sqlite3 other.db 'CREATE TABLE t (x); PRAGMA application_id = 7;'
expect_error 3 "other.db: not an evstudy database" \
  intraday --db other.db --table series --prices align-us.csv
expect_error 3 "other.db: not an evstudy database" \
  intraday --db other.db --table series --stored align-us

# On generated minute bars (tests/bargen, as tests/intraday-study.sh):
# the study from the store is the study from the files, byte for byte.
[ -d "$PRICES" ] || exit 0
"$TOP_BUILDDIR/tests/bargen" 42 2025-01-13 2025-02-07 . \
  SPY:"$PRICES/SPY.csv":-:1 NVDA:"$PRICES/NVDA.csv":SPY:1.8 --jump NVDA:1738165620:0.03
printf 'date,label\n2025-01-29T10:47-05:00,Injected jump\n' > ev.csv
evstudy intraday --events ev.csv --prices NVDA.csv --market SPY.csv --seasonal > f.csv
evstudy intraday --db gen.db --events ev.csv --prices NVDA.csv --market SPY.csv --seasonal > s1.csv
evstudy intraday --db gen.db --events ev.csv --stored NVDA --stored-market SPY --seasonal > s.csv
test_cmp f.csv s1.csv
test_cmp f.csv s.csv
