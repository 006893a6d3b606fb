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
