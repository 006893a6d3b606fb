# car.gp -- template of the car-EVENT chart: the CAR path (from the first
# reported day) of every series for one event, each with its 95% band.
#
# evstudy fills the double-brace placeholders with values it made itself
# (numbers, the names of the data files it wrote, single-quoted strings).
# Data: one block per series (gnuplot index 0, 1, ...), columns day,
# date, car, car_lo, car_hi (decimals: 0.01 = 1%).
set terminal pngcairo size 1200,700 font 'DejaVu Sans,12' noenhanced
set output 'car-9-qwen-2-5-max-launched-on.png'
set encoding utf8
set datafile separator "\t"
set datafile missing 'NaN'

label = 'Qwen 2.5-Max launched on the first day of the Lunar New Year, claimed to beat GPT-4o, DeepSeek-V3 and Llama-3.1-405B'
array S = ['NVDA', 'BABA', '9988.HK']
N = 3
set title sprintf("%s\nCAR from the first reported day with 95%% bands (event %d, dated %s), %s model", \
                  label, 9, '2025-01-29', 'market')
set xlabel 'relative day (sessions from day 0)'
set ylabel 'cumulative abnormal return (%)'
set grid lc rgb '#dddddd'
set xzeroaxis lc rgb '#888888'
set arrow 1 from 0, graph 0 to 0, graph 1 nohead dt 2 lc rgb '#555555'
set label 1 'day 0' at 0, graph 0.96 offset 0.5, 0 tc rgb '#555555'
set key below horizontal height 1.5
set autoscale xfix
set offsets 0.6, 0.6, 0, 0

plot for [i=1:N] 'car-9-qwen-2-5-max-launched-on.dat' index (i - 1) using 1:($4 * 100):($5 * 100) \
       with filledcurves lc i fs transparent solid 0.15 notitle, \
     for [i=1:N] 'car-9-qwen-2-5-max-launched-on.dat' index (i - 1) using 1:($3 * 100) \
       with linespoints lw 2 pt 7 ps 0.7 lc i title S[i]
