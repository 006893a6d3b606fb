# car.gp -- template of the car-EVENT chart: the CAR path of every series
# for one event from day {{from}} (the first window's start, or
# --chart-from), each with its 95% band drawn as dashed outlines in the
# series' colour (readable when bands overlap), and the other events of
# the timeline inside the range marked on the axis by number.
#
# evstudy fills the double-brace placeholders with values it made itself
# (numbers, the names of the data files it wrote, single-quoted strings).
# Data: one block per series (gnuplot index 0, 1, ...), columns day,
# date, car, car_lo, car_hi (decimals: 0.01 = 1%).  Other events: day,
# event number.
set terminal {{terminal}} size {{size}} font 'DejaVu Sans,12' noenhanced
set output {{output}}
set encoding utf8
set datafile separator "\t"
set datafile missing 'NaN'

array T = {{label_lines}}
array S = {{series}}
N = {{n_series}}
M = {{n_others}}
from = {{from}}
title_label = T[1]
do for [i = 2:|T|] { title_label = title_label . "\n" . T[i] }
set title sprintf("%s\nCAR from day %+d with 95%% bands (dashed), event %d dated %s, %s model", \
                  title_label, from, {{event_row}}, {{event_date}}, {{model}})
set xlabel M > 0 ? 'relative day (sessions from day 0); red dotted lines: other events of the timeline' \
                 : 'relative day (sessions from day 0)'
set ylabel 'cumulative abnormal return (%)'
set grid lc rgb '#dddddd'
set xzeroaxis lt 1 lw 1.5 lc rgb '#444444'
set arrow 1 from 0, graph 0 to 0, graph 1 nohead dt 2 lc rgb '#555555'
set label 1 'day 0' at 0, graph 0.96 offset 0.5, 0 tc rgb '#555555'
set key below horizontal height 1.5
set autoscale xfix
set offsets 0.6, 0.6, 0, 0
# Room below the bands for the numbers of the other events.
stats {{data}} using ($4 * 100) name 'LO' nooutput
stats {{data}} using ($5 * 100) name 'HI' nooutput
span = HI_max > LO_min ? HI_max - LO_min : 1
ybot = LO_min - 0.12 * span
set yrange [ybot : HI_max + 0.05 * span]

plot for [i=1:N] {{data}} index (i - 1) using 1:($4 * 100) \
       with lines dt 2 lw 1.2 lc i notitle, \
     for [i=1:N] {{data}} index (i - 1) using 1:($5 * 100) \
       with lines dt 2 lw 1.2 lc i notitle, \
     for [i=1:N] {{data}} index (i - 1) using 1:($3 * 100) \
       with linespoints lw 2 pt 7 ps 0.7 lc i title S[i], \
     for [i=1:(M > 0)] {{others}} using 1:(ybot + 0.06 * span):(0):(HI_max - ybot - 0.06 * span) \
       with vectors nohead dt 3 lc rgb '#c00000' notitle, \
     for [i=1:(M > 0)] {{others}} using 1:(ybot + 0.03 * span):(sprintf('event %d', $2)) \
       with labels font ',10' tc rgb '#c00000' notitle
