# actual.gp -- template of the actual-EVENT-TICKER chart: for each day of
# the event windows, what the series did (its return), what the model
# expected from the market that day, and the abnormal return, their
# difference: the three numbers a sentence of `--format text` quotes.
#
# evstudy fills the double-brace placeholders with values it made itself
# (numbers, the names of the data files it wrote, single-quoted strings).
# Data columns: day, date, return, expected, ar (decimals: 0.01 = 1%).
set terminal {{terminal}} size {{size}} font 'DejaVu Sans,12' noenhanced
set output {{output}}
set encoding utf8
set datafile separator "\t"
set datafile missing 'NaN'

array T = {{label_lines}}
ticker = {{ticker}}
market = {{market}}
title_label = T[1]
do for [i = 2:|T|] { title_label = title_label . "\n" . T[i] }
set title sprintf("%s\n%s: return, expected return (%s model%s) and abnormal return; day 0 = %s (event %d, dated %s)", \
                  title_label, ticker, {{model}}, market eq '' ? '' : ' on ' . market, \
                  {{day0}}, {{event_row}}, {{event_date}})
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
stats {{data}} using ($1 == 0 ? $3 : NaN) name 'R0' nooutput
stats {{data}} using ($1 == 0 ? $4 : NaN) name 'E0' nooutput
stats {{data}} using ($1 == 0 ? $5 : NaN) name 'A0' nooutput
plot {{data}} using ($3 * 100):xtic(sprintf("%+d\n%s", $1, strcol(2)[6:10])) \
       lc rgb '#1f4e79' title sprintf('%s return (day 0: %s)', ticker, day0(R0_max)), \
     '' using ($4 * 100) lc rgb '#9e9e9e' title sprintf('expected by the model (%s)', day0(E0_max)), \
     '' using ($5 * 100) lc rgb '#d94801' \
       title sprintf('abnormal return = return - expected (%s)', day0(A0_max))
