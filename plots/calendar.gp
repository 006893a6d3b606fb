# calendar.gp -- template of the calendar-time chart (--calendar-time with
# --plot): the portfolio's cumulative abnormal return (alpha plus the
# regression residual, summed over the sessions) and the number of pairs
# held on each session.
#
# evstudy fills the double-brace placeholders with values it made itself
# (numbers, the names of the data files it wrote, quoted strings).
# Data columns: date, ar, cumulative ar, holdings (decimals: 0.01 = 1%).
set terminal {{terminal}} size {{size}} font 'DejaVu Sans,12' noenhanced
set output {{output}}
set encoding utf8
set datafile separator "\t"
set xdata time
set timefmt '%Y-%m-%d'
set format x '%Y-%m-%d'
set xtics rotate by -30

set title sprintf('Calendar-time portfolio: pairs held from day %d to day %d, %d sessions, %s model', \
                  {{hold_a}}, {{hold_b}}, {{n_sessions}}, {{model}})
set ylabel 'cumulative abnormal return (%)'
set y2label 'pairs held'
set ytics nomirror
set y2tics
set y2range [0:*]
set grid lc rgb '#dddddd'
set key below horizontal height 1.5

plot {{data}} using 1:4 axes x1y2 with impulses lw 2 lc rgb '#9ecae1' title 'pairs held', \
     '' using 1:($3 * 100) with lines lw 2 lc rgb '#d94801' title 'cumulative abnormal return'
