# volatility.gp -- template of the volatility-EVENT-TICKER chart
# (--measure volatility): Beaver's (1968) U = (AR / se)^2 per reported
# day of one (event, series) pair as bars, against the 5% critical value
# of F(1, df) (a bar above the line is a day whose abnormal return is
# significant at 5%; 1 is the normal variance).
#
# evstudy fills the double-brace placeholders with values it made itself
# (numbers, the names of the data files it wrote, single-quoted strings).
# Data columns: day, date, u, critical_5pct.
set terminal {{terminal}} size {{size}} font 'DejaVu Sans,12' noenhanced
set output {{output}}
set encoding utf8
set datafile separator "\t"
set datafile missing 'NaN'

label = {{label}}
ticker = {{ticker}}
set title sprintf("%s\n%s: variance ratio U = (AR/se)^2, day 0 = %s (event %d, dated %s), %s model, %d df", \
                  label, ticker, {{day0}}, {{event_row}}, {{event_date}}, {{model}}, {{df}})
set xlabel 'relative day (sessions from day 0)'
set ylabel 'U: abnormal variance / normal variance'
set yrange [0:*]
set grid lc rgb '#dddddd'
set arrow 1 from 0, graph 0 to 0, graph 1 nohead dt 2 lc rgb '#555555'
set label 1 'day 0' at 0, graph 0.96 offset 0.5, 0 tc rgb '#555555'
set style fill solid 0.8 noborder
set boxwidth 0.6 relative
set key below horizontal height 1.5
set autoscale xfix
set offsets 0.6, 0.6, 0, 0

plot {{data}} using 1:3 with boxes lc rgb '#1f4e79' title 'U', \
     '' using 1:4 with lines lw 2 dt 2 lc rgb '#d94801' title '5% critical value of F(1, df)', \
     1 with lines lw 1 lc rgb '#888888' title 'normal (U = 1)'
