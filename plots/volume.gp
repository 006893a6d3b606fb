# volume.gp -- template of the volume-EVENT-TICKER chart (--measure
# volume): the daily share volume of one (event, series) pair over the
# reported days as bars, the volume the normal-volume model expected and
# its 95% band (the prediction interval of ln(1 + V), in shares: a bar
# outside it has p < 0.05).
#
# evstudy fills the double-brace placeholders with values it made itself
# (numbers, the names of the data files it wrote, single-quoted strings).
# Data columns: day, date, volume, expected, band_lo, band_hi, multiple
# (volumes in shares; multiple = volume over its normal, e^AV).  The
# bars are labelled with the multiple.
set terminal {{terminal}} size {{size}} font 'DejaVu Sans,12' noenhanced
set output {{output}}
set encoding utf8
set datafile separator "\t"
set datafile missing 'NaN'

label = {{label}}
ticker = {{ticker}}
set title sprintf("%s\n%s: shares traded, day 0 = %s (event %d, dated %s), %s volume model", \
                  label, ticker, {{day0}}, {{event_row}}, {{event_date}}, {{model}})
set xlabel 'relative day (sessions from day 0)'
# In millions with %g: an SI-prefix format ('%.0s%c') labels 1.0G and
# 1.2G both "1G".
set ylabel 'shares traded (millions)'
set format y '%g'
# The band of a volatile volume series can reach many times the volumes
# traded (9988.HK's, widened by its zero-volume rows): the axis stops at
# 1.5 times the largest volume or expectation, clipping the band above.
stats {{data}} using 3 nooutput name 'V'
stats {{data}} using 4 nooutput name 'E'
stats {{data}} using 6 nooutput name 'B'
ymax = 1.5 * (V_max > E_max ? V_max : E_max) / 1e6
set yrange [0:ymax]
band = B_max / 1e6 > ymax ? 'normal range (95%, clipped at the top)' : 'normal range (95%)'
set grid lc rgb '#dddddd'
set arrow 1 from 0, graph 0 to 0, graph 1 nohead dt 2 lc rgb '#555555'
set label 1 'day 0' at 0, graph 0.96 right offset -0.8, 0 tc rgb '#555555'
set style fill solid 0.8 noborder
set boxwidth 0.6 relative
set key below horizontal height 1.5
set autoscale xfix
set offsets 0.6, 0.6, 0, 0

plot {{data}} using 1:($5 / 1e6):($6 / 1e6) with filledcurves \
       lc rgb '#9ecae1' fs transparent solid 0.45 title band, \
     '' using 1:($3 / 1e6) with boxes lc rgb '#1f4e79' title 'shares traded', \
     '' using 1:($4 / 1e6) with linespoints lw 2 pt 7 ps 0.6 lc rgb '#d94801' title 'expected (normal volume)', \
     '' using 1:($3 / 1e6):(sprintf('%.1fx', $7)) with labels offset 0, 0.7 font ',9' tc rgb '#333333' notitle
