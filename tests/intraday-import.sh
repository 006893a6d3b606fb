#!/bin/sh
# Intraday bars (issue 16): each vendor layout of tests/fixtures/bars
# (README.md there cites the documentation each header comes from) reads
# as the same three NVDA minute bars, 09:30..09:32 New York time on
# 2025-01-27 (14:30Z: `date -u -d @1737988200`, the fixtures' epoch
# values); bad input has its defined outcome; naive local times across
# both DST changes of 2025.  Expected values are read off the fixtures
# by hand.
. "$TOP_SRCDIR/tests/setup"
B="$FIXTURES/bars"
cp "$B"/*.csv "$B"/*.txt .

row () { # TICKER FILE LAYOUT: the line --table series prints for the fixture
  echo "$1,$2,$3,US,no,3,1,60,2025-01-27T09:30:00-05:00,2025-01-27T09:32:00-05:00,0,no"
}
for spec in yfinance:yfinance:yfinance yfinance3:yfinance:NVDA ib:ib:ib ib-tws:ib:ib-tws \
            polygon-aggs:polygon-aggs:polygon-aggs alpaca:alpaca:NVDA \
            databento:databento:NVDA databento-df:databento:NVDA; do
  f=${spec%%:*} rest=${spec#*:} layout=${rest%%:*} t=${spec##*:}
  evstudy intraday --table series --prices "$f.csv" > out.csv 2> err.txt
  { echo "ticker,source,layout,exchange,market,bars,sessions,bar_seconds,first,last,outside_hours,reordered"
    row "$t" "$f.csv" "$layout"; } > want.csv
  test_cmp want.csv out.csv
  [ ! -s err.txt ] || fail "$f: unexpected stderr"
done
# Naive exchange times (Kibot without a header, FirstRate with one) need
# --exchange; the same bars then.
evstudy intraday --table series --exchange US --prices kibot.txt --exchange NYSE \
  --prices firstrate.csv > out.csv
{ echo "ticker,source,layout,exchange,market,bars,sessions,bar_seconds,first,last,outside_hours,reordered"
  row kibot kibot.txt kibot; row firstrate firstrate.csv kibot; } > want.csv
test_cmp want.csv out.csv

# Long layouts: one series per ticker; Polygon's flat file (epoch ns) and
# a ticker,datetime file mixing a New York and a Hong Kong stock (its
# bars at 11:59 and 13:00 straddle the lunch break).
evstudy intraday --table series --prices polygon-flat.csv --prices long.csv > out.csv
cat > want.csv <<'END'
ticker,source,layout,exchange,market,bars,sessions,bar_seconds,first,last,outside_hours,reordered
NVDA,polygon-flat.csv,polygon-flat,US,no,3,1,60,2025-01-27T09:30:00-05:00,2025-01-27T09:32:00-05:00,0,no
SPY,polygon-flat.csv,polygon-flat,US,no,3,1,60,2025-01-27T09:30:00-05:00,2025-01-27T09:32:00-05:00,0,no
NVDA,long.csv,yfinance,US,no,3,1,60,2025-01-27T09:30:00-05:00,2025-01-27T09:32:00-05:00,0,no
9988.HK,long.csv,yfinance,HK,no,3,1,60,2025-01-27T11:59:00+08:00,2025-01-27T13:01:00+08:00,0,no
END
test_cmp want.csv out.csv

# Bad input.  Errors: exit 3 (data) or 2 (a missing option), the file,
# line and field, nothing on stdout.
expect_error 3 "bad-duplicate.csv:4:1: duplicate timestamp '2025-01-27T09:31:00-05:00' (also on line 3)" \
  intraday --table series --prices bad-duplicate.csv
expect_error 3 "bad-mixed-offsets.csv:3:1: mixed UTC offsets: +08:00 is neither the file's first offset nor America/New_York's at that instant" \
  intraday --table series --prices bad-mixed-offsets.csv
expect_error 2 "naive.csv:2:1: timestamp without a UTC offset needs --exchange to say its time zone: '2025-01-27 09:30:00'" \
  intraday --table series --prices naive.csv
expect_error 3 "bad-timestamp.csv:3:1: invalid timestamp '2025-01-27 9:31'" \
  intraday --table series --prices bad-timestamp.csv
expect_error 3 "bad-close.csv:3:2: invalid close '-3'" \
  intraday --table series --prices bad-close.csv
expect_error 3 "bad-dst-gap.csv:2:1: local time 2025-03-09T02:30 does not exist in America/New_York (clocks go forward)" \
  intraday --table series --exchange US --prices bad-dst-gap.csv
printf 'when,price\n1,2\n' > unknown.csv
expect_error 3 "unknown.csv:1: unknown intraday layout: no time column (Datetime, date, Date and Time, timestamp, window_start, t, ts_event)" \
  intraday --table series --prices unknown.csv
# Offsets that change with New York's DST are one zone, not a mix.
printf 'Datetime,Close\n2025-03-07 15:59:00-05:00,110.5\n2025-03-10 09:30:00-04:00,107.5\n' > dst-offsets.csv
evstudy intraday --table series --prices dst-offsets.csv > out.csv
grep -q '^dst-offsets,.*,2,2,60,2025-03-07T15:59:00-05:00,2025-03-10T09:30:00-04:00,0,no$' out.csv \
  || fail "offsets following New York's DST refused: $(cat out.csv)"

# Documented reorderings and skips, with a warning each.
evstudy intraday --table series --prices order.csv --prices outside-hours.csv > out.csv 2> err.txt
cat > want.csv <<'END'
ticker,source,layout,exchange,market,bars,sessions,bar_seconds,first,last,outside_hours,reordered
order,order.csv,yfinance,US,no,3,1,60,2025-01-27T09:30:00-05:00,2025-01-27T09:32:00-05:00,0,yes
outside-hours,outside-hours.csv,yfinance,US,no,2,1,60,2025-01-27T09:30:00-05:00,2025-01-27T09:31:00-05:00,2,no
END
test_cmp want.csv out.csv
cat > want.txt <<'END'
evstudy: warning: order.csv: order: bars not in time order: sorted
evstudy: warning: outside-hours.csv: outside-hours: 2 bars outside New York (NYSE, Nasdaq) regular trading hours dropped (the first on line 2)
END
test_cmp want.txt err.txt

# DST with naive exchange times.  March: Friday 15:59 EST (20:59Z) and
# Monday 09:30 EDT (13:30Z), one hour less offset.  November: the
# repeated 01:30 reads as two instants (01:30 EDT, then 01:30 EST), not
# a duplicate; both are outside trading hours and dropped.
evstudy intraday --table series --exchange US --prices dst-march.csv --prices dst-november.csv \
  > out.csv 2> err.txt
cat > want.csv <<'END'
ticker,source,layout,exchange,market,bars,sessions,bar_seconds,first,last,outside_hours,reordered
dst-march,dst-march.csv,kibot,US,no,3,2,60,2025-03-07T15:59:00-05:00,2025-03-10T09:31:00-04:00,0,no
dst-november,dst-november.csv,kibot,US,no,2,2,60,2025-10-31T15:59:00-04:00,2025-11-03T09:30:00-05:00,2,no
END
test_cmp want.csv out.csv
grep -q 'dst-november: 2 bars outside' err.txt || fail "no warning for the November bars"

# Naive times next to times with offsets: an error, not a guess.
printf 'Datetime,Close\n2025-01-27 09:30:00-05:00,1\n2025-01-27 09:31:00,2\n' > mix.csv
expect_error 3 "mix.csv:3:1: timestamp without a UTC offset, unlike line 2's: '2025-01-27 09:31:00'" \
  intraday --table series --prices mix.csv

# Usage errors of the command itself.
expect_error 2 "invalid --table 'bogus': expected car, ar, day0, series or aggregate" intraday --table bogus --prices x
expect_error 2 "intraday needs --events FILE (or --table series)" intraday --prices yfinance.csv
expect_error 2 "--model market needs --market FILE" intraday --model market --events x --prices yfinance.csv
expect_error 2 "unknown exchange 'XX'" intraday --exchange XX --prices yfinance.csv
