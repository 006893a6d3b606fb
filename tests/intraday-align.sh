#!/bin/sh
# Intraday alignment (issue 16): the bar each event instant reaches
# (--table day0) with --align start and end, on the hand-made bars of
# tests/fixtures/bars/align-us.csv (NVDA-like, New York) and align-hk.csv
# (Hong Kong, around the lunch break).  Expected bars and times are read
# off the fixtures by hand; returns are close/close - 1 of the two prices
# named, computed by awk.
. "$TOP_SRCDIR/tests/setup"
B="$FIXTURES/bars"
N="$TOP_BUILDDIR/tests/numdiff"
cp "$B"/align-us.csv "$B"/align-hk.csv "$B"/events-align.csv .
ret () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.17g", a / b - 1 }'; }
H=event,label,ticker,event_date,instant,day0,day0_close,from,from_close,return
# 1. 20:00 in Beijing on the 28th is 07:00 in New York: the 09:30 bar
#    that morning, whose return starts from the 27th's last close (16:00),
#    so the overnight move is bar 0's.
E1="1,Evening in Beijing: New York's next open,align-us,2025-01-28T20:00+08:00,2025-01-28T07:00:00-05:00,2025-01-28T09:30:00-05:00,122,2025-01-27T16:00:00-05:00,118.42,$(ret 122 118.42)"
# 2. 12:15 in Hong Kong, in the lunch break (12:00-13:00): the 13:00 bar,
#    its return from the morning's last close (the 11:59 bar's, at 12:00).
E2="2,Hong Kong lunch break,align-hk,2025-01-27T12:15+08:00,2025-01-27T12:15:00+08:00,2025-01-27T13:00:00+08:00,98.8,2025-01-27T12:00:00+08:00,98.05,$(ret 98.8 98.05)"
# 3. 14:31:10: the 14:32 bar begins after it (start); the 14:31 bar is
#    the first to end after it (end).
E3S="3,Inside the 14:31 bar,align-us,2025-01-28T14:31:10-05:00,2025-01-28T14:31:10-05:00,2025-01-28T14:32:00-05:00,127.75,2025-01-28T14:32:00-05:00,126.25,$(ret 127.75 126.25)"
E3E="3,Inside the 14:31 bar,align-us,2025-01-28T14:31:10-05:00,2025-01-28T14:31:10-05:00,2025-01-28T14:31:00-05:00,126.25,2025-01-28T14:31:00-05:00,126,$(ret 126.25 126)"
# 4. Exactly 14:31:00: the 14:31 bar either way (the 14:30 bar ends at
#    the instant, not after it).
E4="4,On the 14:31 boundary,align-us,2025-01-28T14:31:00-05:00,2025-01-28T14:31:00-05:00,2025-01-28T14:31:00-05:00,126.25,2025-01-28T14:31:00-05:00,126,$(ret 126.25 126)"
# 5. After the last bar: no day 0.
E5="5,After the last bar,align-us,2025-01-28T16:30:00-05:00,2025-01-28T16:30:00-05:00,,,,,"
run () {
  evstudy intraday --table day0 --align "$1" --events events-align.csv \
    --prices align-us.csv --exchange HK --prices align-hk.csv > out.csv
}
run start
printf '%s\n' "$H" "$E1" "$E2" "$E3S" "$E4" "$E5" > want.csv
"$N" --rtol 1e-15 want.csv out.csv || fail "--align start"
run end
printf '%s\n' "$H" "$E1" "$E2" "$E3E" "$E4" "$E5" > want.csv
"$N" --rtol 1e-15 want.csv out.csv || fail "--align end"
expect_error 2 "invalid --align 'middle': expected start or end" \
  intraday --align middle --events events-align.csv --prices align-us.csv
# DST: an event at 08:00 New York time on Monday 2025-03-10 (EDT, 12:00Z)
# reaches that morning's 09:30 EDT bar (13:30Z), whose return starts
# from Friday's 16:00 EST close (21:00Z); on 2025-11-03 likewise with the
# clocks gone back (09:30 EST is 14:30Z).
cp "$B"/dst-march.csv "$B"/dst-november.csv .
printf 'date,label\n2025-03-10T08:00-04:00,March\n2025-11-03T08:00-05:00,November\n' > dst-events.csv
evstudy intraday --table day0 --events dst-events.csv --exchange US \
  --prices dst-march.csv --prices dst-november.csv > out.csv 2> err.txt
printf '%s\n' "$H" \
  "1,March,dst-march,2025-03-10T08:00-04:00,2025-03-10T08:00:00-04:00,2025-03-10T09:30:00-04:00,107.5,2025-03-07T16:00:00-05:00,110.5,$(ret 107.5 110.5)" \
  "1,March,dst-november,2025-03-10T08:00-04:00,2025-03-10T08:00:00-04:00,2025-10-31T15:59:00-04:00,201,,," \
  "2,November,dst-march,2025-11-03T08:00-05:00,2025-11-03T08:00:00-05:00,,,,," \
  "2,November,dst-november,2025-11-03T08:00-05:00,2025-11-03T08:00:00-05:00,2025-11-03T09:30:00-05:00,202,2025-10-31T16:00:00-04:00,201,$(ret 202 201)" \
  > want.csv
"$N" --rtol 1e-15 want.csv out.csv || fail "DST alignment"

# 11:45 in Hong Kong on 30-minute bars (11:00, 11:30, then 13:00 after the
# lunch break): no bar begins between 11:45 and the break, so --align
# start reaches the 13:00 bar, its return from the morning's close (the
# 11:30 bar's, at 12:00); --align end takes the 11:30 bar, which ends
# (12:00) after the instant, its return from 11:30.
cp "$B"/align-hk-30m.csv .
printf 'date,label\n2025-01-27T11:45+08:00,Before the lunch break\n' > hk.csv
for a in start end; do
  evstudy intraday --table day0 --align $a --events hk.csv --exchange HK --prices align-hk-30m.csv > out-$a.csv
done
printf '%s\n' "$H" \
  "1,Before the lunch break,align-hk-30m,2025-01-27T11:45+08:00,2025-01-27T11:45:00+08:00,2025-01-27T13:00:00+08:00,98.8,2025-01-27T12:00:00+08:00,98.05,$(ret 98.8 98.05)" > want.csv
"$N" --rtol 1e-15 want.csv out-start.csv || fail "11:45 Hong Kong, --align start"
printf '%s\n' "$H" \
  "1,Before the lunch break,align-hk-30m,2025-01-27T11:45+08:00,2025-01-27T11:45:00+08:00,2025-01-27T11:30:00+08:00,98.05,2025-01-27T11:30:00+08:00,98.2,$(ret 98.05 98.2)" > want.csv
"$N" --rtol 1e-15 want.csv out-end.csv || fail "11:45 Hong Kong, --align end"
evstudy intraday --table series --exchange HK --prices align-hk-30m.csv | grep -q ',4,1,1800,' \
  || fail "30-minute bars not read as such"
