#!/bin/sh
# Day 0 on real sessions: each expected date is derived by hand from the
# exchange calendars stated in ../shared/data/README.md (NYSE closed on
# 2025-01-20 for Martin Luther King Jr. Day; HKEX closed 2025-01-29..31 for
# the Lunar New Year) and the closing times 16:00 New York, 16:00 Hong Kong.
. "$TOP_SRCDIR/tests/setup"
need_shared

evstudy --events "$FIXTURES/events/align.csv" --prices "$PRICES/NVDA.csv" \
  --prices "$PRICES/BABA.csv" --prices "$PRICES/9988.HK.csv" \
  --window 0:0 --estimation -30:-1 --min-estimation 20 --format csv > out.csv
# event, ticker, day0 of each row (labels hold no commas here).
awk -F, 'NR > 1 { print $1, $3, $5 }' out.csv > got.txt
cat > want.txt <<'WANT'
1 NVDA 2025-01-21
1 BABA 2025-01-21
1 9988.HK 2025-01-20
2 NVDA 2025-01-29
2 BABA 2025-01-29
2 9988.HK 2025-02-03
3 NVDA 2025-01-29
3 BABA 2025-01-29
3 9988.HK 2025-02-03
4 NVDA 2025-01-28
4 BABA 2025-01-28
4 9988.HK 2025-01-28
5 NVDA 2025-01-27
5 BABA 2025-01-27
5 9988.HK 2025-01-28
6 NVDA 2025-01-24
6 BABA 2025-01-24
6 9988.HK 2025-01-27
7 NVDA 2025-01-24
7 9988.HK 2025-01-27
8 BABA 2025-01-30
WANT
# Why each line holds:
# 1  Monday 2025-01-20 is a US holiday: first NYSE session 01-21; HKEX open 01-20.
# 2  a date alone: BABA trades 01-29; HKEX reopens 02-03.
# 3  20:00 Beijing = 07:00 New York, before that day's close; 20:00 in
#    Hong Kong is after its close, and the next session is 02-03.
# 4  16:30 New York is after the close: next session 01-28; in Hong Kong it
#    is 05:30 on 01-28, before that (half-day) session's close.
# 5  15:59 New York still reaches 01-27; it is 04:59 on 01-28 in Hong Kong.
# 6  17:00 Hong Kong on Friday 01-24 is after its close (next: Monday
#    01-27) and 04:00 in New York, before the US close of 01-24.
# 7  09:00 UTC = 04:00 New York, 17:00 Hong Kong; only NVDA and 9988.HK.
# 8  02:00 Shanghai on Friday 01-31 = 13:00 New York on Thursday 01-30
#    (EST, UTC-5), before the close: day 0 is the day before the written date.
test_cmp want.txt got.txt

# Day 0 found on the study's worker threads: the time-zone conversions
# switch the process's TZ, and when the threads converted at once an
# event now and then got another exchange's local date (event 8 above
# gave 2025-01-31 about one run in ten).  Eight series on two exchanges
# and 48 events at times around both closes, in four zones: --jobs 1
# and --jobs 4 must give the same bytes, run after run.
for k in 1 2 3 4; do
  cp "$PRICES/NVDA.csv" "U$k.csv"
  cp "$PRICES/9988.HK.csv" "H$k.HK.csv"
done
awk 'BEGIN { print "date,time,timezone,label,tickers"
  split("America/New_York Asia/Hong_Kong Asia/Shanghai Europe/London", z, " ")
  split("03:30 08:59 15:59 16:00 16:01 20:45", h, " ")
  for (i = 0; i < 48; i++)
    printf "2025-01-%02d,%s,%s,E%d,\n", 6 + i % 20, h[1 + i % 6], z[1 + int (i / 6) % 4], i }' > zones.csv
set -- --events zones.csv --window 0:0 --estimation -30:-1 --min-estimation 20 --format csv
for k in 1 2 3 4; do set -- "$@" --prices "U$k.csv" --prices "H$k.HK.csv"; done
evstudy "$@" --jobs 1 > want.csv
for round in 1 2 3 4 5; do
  evstudy "$@" --jobs 4 > got.csv
  test_cmp want.csv got.csv
done
