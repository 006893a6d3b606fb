# ar.gp -- template of the ar-EVENT-TICKER chart: the abnormal returns of
# one (event, series) pair over the reported days as bars with the
# 0 +- 1.96 se band (a bar outside it has p < 0.05), and the CAR path
# (from the first reported day) with its 95% band on the second axis.
#
# evstudy fills the double-brace placeholders with values it made itself
# (numbers, the names of the data files it wrote, single-quoted strings).
# Data columns: day, date, ar, band_lo, band_hi, car, car_lo, car_hi
# (decimals: 0.01 = 1%).
set terminal {{terminal}} size {{size}} font 'DejaVu Sans,12' noenhanced
set output {{output}}
set encoding utf8
set datafile separator "\t"
set datafile missing 'NaN'

label = {{label}}
ticker = {{ticker}}
set title sprintf("%s\n%s, day 0 = %s (event %d, dated %s), %s model", \
                  label, ticker, {{day0}}, {{event_row}}, {{event_date}}, {{model}})
set xlabel 'relative day (sessions from day 0)'
set ylabel 'abnormal return (%)'
set y2label 'cumulative abnormal return (%)'
set ytics nomirror
set y2tics
set grid lc rgb '#dddddd'
set xzeroaxis lc rgb '#888888'
set arrow 1 from 0, graph 0 to 0, graph 1 nohead dt 2 lc rgb '#555555'
set label 1 'day 0' at 0, graph 0.96 offset 0.5, 0 tc rgb '#555555'
set style fill solid 0.8 noborder
set boxwidth 0.6 relative
set key below horizontal height 1.5
set autoscale xfix
set offsets 0.6, 0.6, 0, 0

plot {{data}} using 1:($7 * 100):($8 * 100) axes x1y2 with filledcurves \
       lc rgb '#fdd0a2' fs transparent solid 0.35 title 'CAR ±1.96 se', \
     '' using 1:($4 * 100):($5 * 100) with filledcurves \
       lc rgb '#9ecae1' fs transparent solid 0.45 title 'AR significance band, 0 ±1.96 se', \
     '' using 1:($3 * 100) with boxes lc rgb '#1f4e79' title 'AR', \
     '' using 1:($6 * 100) axes x1y2 with linespoints lw 2 pt 7 ps 0.8 \
       lc rgb '#d94801' title 'CAR (right axis)'
