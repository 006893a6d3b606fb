# actual.gp -- template of the actual-EVENT-TICKER chart: for each day of
# the event windows, what the series did (its return), what the model
# expected from the market that day, and the abnormal return, their
# difference: the three numbers a sentence of `--format text` quotes.
#
# evstudy fills the double-brace placeholders with values it made itself
# (numbers, the names of the data files it wrote, single-quoted strings).
# Data columns: day, date, return, expected, ar (decimals: 0.01 = 1%).
set terminal pngcairo size 1200,700 font 'DejaVu Sans,12' noenhanced
set output 'actual-9-qwen-2-5-max-launched-on-NVDA.png'
set encoding utf8
set datafile separator "\t"
set datafile missing 'NaN'

array T = ['Qwen 2.5-Max launched on the first day of the Lunar New Year, claimed to beat GPT-4o,', 'DeepSeek-V3 and Llama-3.1-405B']
ticker = 'NVDA'
market = 'SPY'
title_label = T[1]
do for [i = 2:|T|] { title_label = title_label . "\n" . T[i] }
set title sprintf("%s\n%s: return, expected return (%s model%s) and abnormal return; day 0 = %s (event %d, dated %s)", \
                  title_label, ticker, 'market', market eq '' ? '' : ' on ' . market, \
                  '2025-01-29', 9, '2025-01-29')
set xlabel 'relative day (sessions from day 0) and date' offset 0, -0.5
set ylabel 'return (%)'
set grid ytics lc rgb '#dddddd'
set xzeroaxis lt 1 lw 1.5 lc rgb '#444444'
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 noborder
set boxwidth 0.9
set xtics font ',10' nomirror
set key below horizontal maxrows 1 width 2
set offsets 0, 0, graph 0.08, graph 0.08

# Day 0's three numbers go in the key, where they cannot overprint a bar.
day0(c) = sprintf('%+.2f%%', c * 100)
stats 'actual-9-qwen-2-5-max-launched-on-NVDA.dat' using ($1 == 0 ? $3 : NaN) name 'R0' nooutput
stats 'actual-9-qwen-2-5-max-launched-on-NVDA.dat' using ($1 == 0 ? $4 : NaN) name 'E0' nooutput
stats 'actual-9-qwen-2-5-max-launched-on-NVDA.dat' using ($1 == 0 ? $5 : NaN) name 'A0' nooutput
plot 'actual-9-qwen-2-5-max-launched-on-NVDA.dat' using ($3 * 100):xtic(sprintf("%+d\n%s", $1, strcol(2)[6:10])) \
       lc rgb '#1f4e79' title sprintf('%s return (day 0: %s)', ticker, day0(R0_max)), \
     '' using ($4 * 100) lc rgb '#9e9e9e' title sprintf('expected by the model (%s)', day0(E0_max)), \
     '' using ($5 * 100) lc rgb '#d94801' \
       title sprintf('abnormal return = return - expected (%s)', day0(A0_max))
