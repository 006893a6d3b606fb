#!/bin/sh
# Intraday pairs run series by series on --jobs threads, each series
# joined with its market once for all its events (issue 16).  No number
# here is computed: these are invariances, each comparing evstudy with
# itself byte for byte.
#  1. --jobs 1, 2, 3 and 16 write the same bytes (CAR and AR tables,
#     JSON, --seasonal, --measure volume), over 5 generated series
#     (tests/bargen, seeded, 2% of bars missing) and 7 events, some
#     skipped (before and after the data, no time, Hong Kong closed).
#  2. The shared join takes three paths (bar_join): the stock's times all
#     in the market's and as many (both arrays borrowed), all in the
#     market's but fewer (the market's closes gathered), and some not in
#     the market's (copied).  The same joined series reached each way
#     gives the same CARs and ARs: NVDA less the bars dropped from SPY,
#     against SPY less them (first path) and against the full SPY
#     (second); the full NVDA against SPY less them (third).
. "$TOP_SRCDIR/tests/setup"
need_shared
"$TOP_BUILDDIR/tests/bargen" 7 2025-01-13 2025-02-07 . \
  SPY:"$PRICES/SPY.csv":-:1 NVDA:"$PRICES/NVDA.csv":SPY:1.8 BABA:"$PRICES/BABA.csv":SPY:0.9 \
  ^HSI:"$PRICES/HSI.csv":-:1 9988.HK:"$PRICES/9988.HK.csv":^HSI:1.2
cat > ev.csv <<'CSV'
date,label,tickers
2025-01-29T10:47-05:00,Mid-session,NVDA BABA
2025-01-29T01:30+08:00,"Qwen 2.5-Max, Lunar New Year",9988.HK BABA
2025-02-04T15:59:30-05:00,Before the close,
2025-01-27T08:00-05:00,Pre-market,NVDA
2025-01-14T10:00-05:00,Too early for an estimation,
2025-03-03T10:00-05:00,After the data,
2025-01-30,No time,NVDA
CSV
W="--window 0:0 --window 0:4 --window -30:60 --window -30m:2h"
M="--prices NVDA.csv --prices BABA.csv --market SPY.csv --prices 9988.HK.csv --market ^HSI.csv"
run () {
  name=$1; shift
  for j in 1 2 3 16; do
    evstudy intraday --jobs "$j" --events ev.csv $M $W "$@" > "$name-$j.out"
  done
  for j in 2 3 16; do
    cmp "$name-1.out" "$name-$j.out" || fail "$name: --jobs $j differs from --jobs 1"
  done
}
run car
run ar --table ar
run json --format json
run seasonal --seasonal --table ar
run volume --measure volume --table ar
run volcar --measure volume
grep -q ',skipped,' car-1.out || fail "no skipped pair among the events"
[ "$(grep -c ',ok,' car-1.out)" -ge 12 ] || fail "too few pairs studied"

# 1b. The CAR table is formatted on the threads in pieces of 2,048 pairs
#     (cmd-intraday.c, CAR_CHUNK): 1,260 events every 2 minutes of seven
#     sessions for NVDA and BABA make 2,520 pairs, two pieces.
awk 'BEGIN { print "date,label,tickers"; n = split("28 29 30 31", d, " ")
  for (i = 1; i <= n; i++) for (m = 600; m < 960; m += 2)
    printf "2025-01-%sT%02d:%02d:00-05:00,E%d %d,NVDA BABA\n", d[i], m / 60, m % 60, i, m
  n = split("03 04 05", d, " ")
  for (i = 1; i <= n; i++) for (m = 600; m < 960; m += 2)
    printf "2025-02-%sT%02d:%02d:00-05:00,F%d %d,NVDA BABA\n", d[i], m / 60, m % 60, i, m }' > many.csv
[ "$(wc -l < many.csv)" -eq 1261 ] || fail "the events of 1b"
for j in 1 2 5; do
  evstudy intraday --jobs "$j" --events many.csv $M --window 0:4 --window -30m:2h > many-$j.out
done
[ "$(wc -l < many-1.out)" -eq 5041 ] || fail "1b: 2,520 pairs of 2 windows expected"
[ "$(grep -c ',ok,' many-1.out)" -ge 4000 ] || fail "1b: too few pairs studied"
cmp many-1.out many-2.out || fail "1b: --jobs 2 differs"
cmp many-1.out many-5.out || fail "1b: --jobs 5 differs"

# 2. Every 37th bar of SPY dropped (window_start is field 7).
"$TOP_BUILDDIR/tests/bargen" 9 2025-01-13 2025-02-07 . \
  SPY:"$PRICES/SPY.csv":-:1 NVDA:"$PRICES/NVDA.csv":SPY:1.8 --missing 0
[ "$(awk -F, 'NR > 1 { print $7 }' SPY.csv | sort)" = "$(awk -F, 'NR > 1 { print $7 }' NVDA.csv | sort)" ] ||
  fail "with --missing 0 the two series should have the same times"
awk -F, 'NR == 1 || NR % 37 != 0' SPY.csv > spy-less.csv
awk -F, 'NR == FNR { keep[$7] = 1; next } FNR == 1 || keep[$7]' spy-less.csv NVDA.csv > nvda-less.csv
[ "$(wc -l < nvda-less.csv)" -lt "$(wc -l < NVDA.csv)" ] || fail "no bar dropped"
E=ev.csv
for t in car ar; do
  evstudy intraday --events $E --ticker NVDA --prices nvda-less.csv --ticker SPY --market spy-less.csv \
    $W --table $t > borrow.$t
  evstudy intraday --events $E --ticker NVDA --prices nvda-less.csv --ticker SPY --market SPY.csv \
    $W --table $t > gather.$t
  evstudy intraday --events $E --ticker NVDA --prices NVDA.csv --ticker SPY --market spy-less.csv \
    $W --table $t > copy.$t
  [ "$(grep -c ',ok,' borrow.car 2>/dev/null || true)" != 0 ] || [ $t = ar ] || fail "no pair studied"
  cmp borrow.$t gather.$t || fail "$t: borrowed and gathered joins differ"
  cmp borrow.$t copy.$t || fail "$t: borrowed and copied joins differ"
done
