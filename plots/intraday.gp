# intraday.gp -- template of the intraday-EVENT-TICKER chart of
# `evstudy intraday --plot DIR`: abnormal returns per bar with their 95%
# band and the cumulative AR from the first reported bar (one axis, in
# percent), over bars
# relative to day 0 (one step per bar, so nights and lunch breaks take no
# room); the axis is labelled with the bars' local clock times, session
# breaks are dashed lines labelled with the new session's date, and the
# event instant is a solid line.  The band is +-1.96 standard errors
# around zero: a bar outside it is significant at 5%.
#
# evstudy fills the double-brace placeholders with values it made itself
# (numbers, the names of the data files it wrote, single-quoted strings).
# Data ({{data}}): day, ar, band_lo, band_hi (+-1.96 se: where 95% of
# ARs fall without an effect), car (decimals: 0.01 = 1%; log units for
# --measure volume, drawn as they are: {{scale}} is 1).
# Tics ({{tics}}): day, local time label.  B and BL: the day of the
# first bar of each session after the first, and that session's date.
set terminal {{terminal}} size {{size}} font 'DejaVu Sans,12' noenhanced
set output {{output}}
set encoding utf8
set datafile separator "\t"
set datafile missing 'NaN'

set title sprintf("%s\n%s: %s, %s model, times in %s", \
                  {{label}}, {{ticker}}, {{what}}, {{model}}, {{zone}})
set xlabel 'bar (relative to day 0), local time'
set ylabel {{ylabel}}
set grid lc rgb '#dddddd'
set xzeroaxis lc rgb '#888888'
set arrow 1 from {{event_x}}, graph 0 to {{event_x}}, graph 1 nohead lw 2 lc rgb '#c0392b'
set label 1 'event' at {{event_x}}, graph 0.96 offset 0.5, 0 tc rgb '#c0392b'
set key below horizontal height 1.5
set xrange [{{x_min}}:{{x_max}}]
NB = {{n_breaks}}
array B = {{breaks}}
array BL = {{break_labels}}
do for [i=1:NB] {
  set arrow (i + 1) from B[i] - 0.5, graph 0 to B[i] - 0.5, graph 1 nohead dt 2 lc rgb '#555555'
  set label (i + 1) BL[i] at B[i] - 0.5, graph 0.02 rotate by 90 offset -1, 0 tc rgb '#555555'
}
# The cumulative AR on the same axis as the ARs: both are percent, and a
# second axis ranged on its own put the CAR's zero far from the ARs' (a
# negative CAR looked positive) or, aligned, squeezed the bars flat.
set style fill solid 0.6

K = {{scale}}   # 100: returns in percent; 1: log volume in log units
plot {{data}} using 1:($3 * K):($4 * K) with filledcurves lc rgb '#bbbbbb' \
       fs transparent solid 0.35 title '95% band', \
     {{data}} using 1:($2 * K) with boxes lc rgb '#2c7fb8' title {{ar_title}}, \
     {{data}} using 1:($5 * K) with lines lw 2 lc rgb '#d95f0e' title {{car_title}}, \
     {{tics}} using 1:(NaN):xtic(2) notitle
