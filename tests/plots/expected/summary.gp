# summary.gp -- template of the summary chart: the CAR over the main
# (first) event window of every (event, series) pair as a dot with its
# +-1.96 se bar, one line per pair sorted by CAR (issue 14: readable at
# 200 pairs, the image growing with them); pairs with p < 0.05 are red
# and starred.
#
# evstudy fills the double-brace placeholders with values it made itself
# (numbers, the names of the data files it wrote, single-quoted strings).
# Data columns: rank, event, pair (EVENT:TICKER as a file-safe name), car,
# se, car_lo, car_hi, p, significant (decimals: 0.01 = 1%).
set terminal pngcairo size 1200,700 font 'DejaVu Sans,12' noenhanced
set output 'summary.png'
set encoding utf8
set datafile separator "\t"
set datafile missing 'NaN'

window = '-1:1'
array L = ['DeepSeek-V2 released; priced at 1 yuan per million tokens, starting a price war', 'Alibaba Cloud cuts Qwen model prices by up to 97%; Baidu and Tencent follow', 'DeepSeek-V3 released', 'DeepSeek assistant app, powered by V3, launched', 'DeepSeek-R1 released', 'Kimi k1.5 released', 'Doubao model update, claimed to beat OpenAI o1 on AIME', 'DeepSeek assistant tops US app-store downloads; Nvidia has the largest one-day loss of market value in history', 'Qwen 2.5-Max launched on the first day of the Lunar New Year, claimed to beat GPT-4o, DeepSeek-V3 and Llama-3.1-405B']
array R = [1, 2, 3, 4, 5, 6, 7, 8, 9]
N = 9
P = 27
set title sprintf('CAR over the window %s of every pair, sorted, %s model; red and *: p < 0.05', \
                  window, 'market')
set ylabel 'event number:series'
set xlabel sprintf('CAR over %s (%%), with ±1.96 se', window)
set grid xtics lc rgb '#dddddd'
set arrow 1 from 0, graph 0 to 0, graph 1 nohead lt 1 lw 1.5 lc rgb '#444444'
ytfont = P > 60 ? ',8' : ',9'
set ytics font ytfont
set yrange [0.4 : P + 0.6]
set offsets graph 0.05, graph 0.08, 0, 0
set key below left Left reverse maxcols 1 samplen 1 font ',10' height 1

plot 'summary.dat' using ($4 * 100):1:($6 * 100):($7 * 100):ytic(3) with xerrorbars \
       pt 7 ps 0.7 lc rgb '#9e9e9e' title 'p >= 0.05', \
     '' using ($9 > 0 ? $4 * 100 : NaN):1:($6 * 100):($7 * 100) with xerrorbars \
       pt 7 ps 0.8 lc rgb '#c00000' title 'p < 0.05', \
     '' using ($9 > 0 ? $7 * 100 : NaN):1:('*') with labels offset 1, 0 font ',12' \
       tc rgb '#c00000' notitle, \
     for [i=1:N] keyentry title sprintf('%d: %s', R[i], L[i])
