# caar.gp -- template of the caar chart: the average abnormal return
# (AAR) per relative day across all pairs as bars, and the cumulative
# average (CAAR) with a 95% band from the cross-sectional standard error.
#
# evstudy fills the double-brace placeholders with values it made itself
# (numbers, the names of the data files it wrote, single-quoted strings).
# Data columns: day, n, aar, aar_se, caar, caar_se, caar_lo, caar_hi
# (decimals: 0.01 = 1%).
set terminal pngcairo size 1200,700 font 'DejaVu Sans,12' noenhanced
set output 'caar.png'
set encoding utf8
set datafile separator "\t"
set datafile missing 'NaN'

set title sprintf('%sCAAR across %d (event, series) pairs, %s model; band: CAAR ±1.96 cross-sectional se', \
                  '', 27, 'market')
set xlabel 'relative day (sessions from day 0)'
set ylabel 'average abnormal return (%)'
set grid lc rgb '#dddddd'
set xzeroaxis lc rgb '#888888'
set arrow 1 from 0, graph 0 to 0, graph 1 nohead dt 2 lc rgb '#555555'
set label 1 'day 0' at 0, graph 0.96 offset 0.5, 0 tc rgb '#555555'
set style fill solid 0.8 noborder
set boxwidth 0.6 relative
set key below horizontal height 1.5
set autoscale xfix
set offsets 0.6, 0.6, 0, 0

plot 'caar.dat' using 1:($7 * 100):($8 * 100) with filledcurves \
       lc rgb '#fdae6b' fs transparent solid 0.3 title 'CAAR 95% band', \
     '' using 1:($3 * 100) with boxes lc rgb '#1f4e79' title 'AAR', \
     '' using 1:($5 * 100) with linespoints lw 2 pt 7 ps 0.8 lc rgb '#d94801' title 'CAAR'
