# summary.gp -- template of the summary chart: the CAR over the main
# (first) event window of every (event, series) pair as bars with
# +-1.96 se error bars; pairs with p < 0.05 are red and starred.
#
# evstudy fills the double-brace placeholders with values it made itself
# (numbers, the names of the data files it wrote, single-quoted strings).
# Data columns: x, event, pair (EVENT:TICKER as a file-safe name), car,
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
set title sprintf('CAR over the window %s of every pair, %s model; red and *: p < 0.05', \
                  window, 'market')
set xlabel 'event number:series'
set ylabel sprintf('CAR over %s (%%)', window)
set grid ytics lc rgb '#dddddd'
set xzeroaxis lc rgb '#888888'
set xtics rotate by 60 right font ',9'
set style fill solid 0.8 noborder
set boxwidth 0.7
set offsets 0.6, 0.6, graph 0.08, graph 0.05
set key below left Left reverse maxcols 1 samplen 1 font ',10' height 1

plot 'summary.dat' using 1:($9 > 0 ? NaN : $4 * 100):xtic(3) with boxes lc rgb '#9e9e9e' title 'p >= 0.05', \
     '' using 1:($9 > 0 ? $4 * 100 : NaN) with boxes lc rgb '#c00000' title 'p < 0.05', \
     '' using 1:($4 * 100):($6 * 100):($7 * 100) with yerrorbars pt 7 ps 0.5 lc rgb 'black' title '±1.96 se', \
     '' using 1:($7 * 100):($9 > 0 ? '*' : '') with labels offset 0, 0.8 font ',14' notitle, \
     for [i=1:N] keyentry title sprintf('%d: %s', R[i], L[i])
