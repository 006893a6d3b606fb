# ar.gp -- template of the ar-EVENT-TICKER chart, two stacked panels on
# one relative-day axis, each with its own zero (issue 14: on two y-axes
# the zeros differed, and a positive CAR could look negative):
#   top     the abnormal returns of one (event, series) pair over the
#           reported days as bars, with the 0 +- 1.96 se band (a bar
#           outside it has p < 0.05);
#   bottom  the CAR path (from the first reported day) with its 95% band,
#           drawn as outlines.
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

array T = {{label_lines}}
ticker = {{ticker}}
title_label = T[1]
do for [i = 2:|T|] { title_label = title_label . "\n" . T[i] }
set multiplot layout 2, 1 title sprintf("%s\n%s, day 0 = %s (event %d, dated %s), %s model", \
                  title_label, ticker, {{day0}}, {{event_row}}, {{event_date}}, {{model}})
set grid lc rgb '#dddddd'
set xzeroaxis lt 1 lw 1.5 lc rgb '#444444'
set arrow 1 from 0, graph 0 to 0, graph 1 nohead dt 2 lc rgb '#555555'
set label 1 'day 0' at 0, graph 0.92 offset 0.5, 0 tc rgb '#555555'
set autoscale xfix
set offsets 0.6, 0.6, graph 0.05, graph 0.05
set lmargin 10
set rmargin 4
set key tmargin right horizontal samplen 2

# Top: AR bars and their significance band.
set ylabel 'abnormal return (%)'
set xlabel ''
set format x ''
set style fill solid 0.8 noborder
set boxwidth 0.6 relative
plot {{data}} using 1:($4 * 100):($5 * 100) with filledcurves \
       lc rgb '#9ecae1' fs transparent solid 0.45 title 'AR significance band, 0 ±1.96 se', \
     '' using 1:($3 * 100) with boxes lc rgb '#1f4e79' title 'AR'

# Bottom: the CAR path and its band as dashed outlines.
set ylabel 'cumulative abnormal return (%)'
set xlabel 'relative day (sessions from day 0)'
set format x '%g'
unset label 1
plot {{data}} using 1:($7 * 100) with lines dt 2 lw 1.5 lc rgb '#d94801' title 'CAR ±1.96 se', \
     '' using 1:($8 * 100) with lines dt 2 lw 1.5 lc rgb '#d94801' notitle, \
     '' using 1:($6 * 100) with linespoints lw 2 pt 7 ps 0.8 lc rgb '#d94801' title 'CAR'
unset multiplot
