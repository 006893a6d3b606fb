#!/bin/sh
# Intraday charts (issue 16): `intraday --plot DIR` on generated minute
# bars (tests/bargen) writes, per studied pair, a gnuplot script and its
# data, and gnuplot accepts them (non-empty PNG and SVG).  Checked here:
# the event line sits where the instant falls (the left edge of bar 0,
# -0.5, for an event at the start of the 10:47 bar; for 9988.HK, whose
# event came during the Lunar New Year closure, at the edge of the first
# bar after it), the session breaks are the days of first bars of
# sessions with their dates, the axis labels are local clock times, the
# band is +-1.96 se; hostile labels and tickers reach the script only
# quoted (plot_gp_quote: no raw quote, backquote or '@'); without
# gnuplot the scripts are written and the exit status is 5.
. "$TOP_SRCDIR/tests/setup"
need_shared
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"
J=1738165620   # 2025-01-29 10:47 EST
"$TOP_BUILDDIR/tests/bargen" 42 2025-01-13 2025-02-07 . \
  SPY:"$PRICES/SPY.csv":-:1 NVDA:"$PRICES/NVDA.csv":SPY:1.8 \
  ^HSI:"$PRICES/HSI.csv":-:1 9988.HK:"$PRICES/9988.HK.csv":^HSI:1.2 --jump NVDA:$J:0.03
printf 'date,label,tickers\n2025-01-29T10:47-05:00,Injected jump,NVDA\n2025-01-29T01:30+08:00,Qwen 2.5-Max,9988.HK\n' > ev.csv
M="--prices NVDA.csv --market SPY.csv --prices 9988.HK.csv --market ^HSI.csv --window -30:60"
for fmt in png svg; do
  evstudy intraday --events ev.csv $M --plot "c-$fmt" --plot-format $fmt > out.csv
  for n in intraday-1-NVDA intraday-2-9988.HK; do
    [ -s "c-$fmt/$n.$fmt" ] || fail "no $fmt image for $n"
  done
done
C=c-png
grep -q "^set arrow 1 from -0.5000, graph 0" $C/intraday-1-NVDA.gp || fail "NVDA event line"
grep -q "^set arrow 1 from -0.5000, graph 0" $C/intraday-2-9988.HK.gp || fail "9988.HK event line"
grep -q "^array BL = \['2025-02-03'\]$" $C/intraday-2-9988.HK.gp || fail "9988.HK session break"
grep -q "^array B = \[0\]$" $C/intraday-2-9988.HK.gp || fail "9988.HK break at day 0"
grep -q "^NB = 0$" $C/intraday-1-NVDA.gp || fail "NVDA has no break in -30:60"
printf '0\t10:47\n' > want.txt
grep -P '^0\t' $C/intraday-1-NVDA.tics.dat > got.txt
test_cmp want.txt got.txt
grep -P '^0\t' $C/intraday-2-9988.HK.tics.dat | grep -q '09:30$' || fail "9988.HK tic of day 0"
# The cumulative AR on the ARs' axis (both percent): a second axis ranged
# on its own put its zero elsewhere and a negative CAR looked positive.
if grep -n 'x1y2\|y2range' $C/intraday-1-NVDA.gp; then fail "the CAR on a second axis"; fi
# Returns in percent (K = 100); abnormal log volume in log units, its
# legend AV (1.5 is 4.5 times the usual volume, not 150%).
grep -q '^K = 100 ' $C/intraday-1-NVDA.gp || fail "returns not in percent"
evstudy intraday --events ev.csv --prices NVDA.csv --window -30:60 --measure volume --plot vol > v.csv
[ -s vol/intraday-1-NVDA.png ] || fail "no volume chart"
grep -q '^K = 1 ' vol/intraday-1-NVDA.gp && grep -q "title 'cumulative AV'" vol/intraday-1-NVDA.gp \
  && grep -q "log units" vol/intraday-1-NVDA.gp || fail "volume chart in percent"
# The band against the AR table's se: row of day 0.
evstudy intraday --events ev.csv $M --table ar > ar.csv
se=$(awk -F, '$1 == 1 && $4 == 0 { print $10 }' ar.csv)
awk -F'\t' -v se="$se" '$1 == 0 { d = $4 - 1.96 * se; if (d < 0) d = -d; if (d > 1e-9 * se) exit 1 }' \
  $C/intraday-1-NVDA.dat || fail "band is not 1.96 se"
# Hostile text.
printf 'date,label,tickers\n2025-01-29T10:47-05:00,"q'"'"'s ""x"" `id` @a $b\nline2",NVDA\n' > hostile.csv
evstudy intraday --events hostile.csv $M --plot h > out.csv
[ -s h/intraday-1-NVDA.png ] || fail "hostile label: gnuplot did not draw"
if grep -n '`id`\|@a\|"x"' h/intraday-1-NVDA.gp; then fail "raw hostile text in the script"; fi
# No gnuplot: scripts and data written, exit 5, a warning.
set +e
evstudy intraday --events ev.csv $M --plot nog --gnuplot ./no-such-gnuplot > out.csv 2> err.txt
s=$?
set -e
[ "$s" -eq 5 ] || fail "exit $s without gnuplot, expected 5"
[ -s nog/intraday-1-NVDA.gp ] && [ -s out.csv ] || fail "scripts or results missing without gnuplot"
grep -q 'charts not drawn' err.txt || fail "no warning without gnuplot"
