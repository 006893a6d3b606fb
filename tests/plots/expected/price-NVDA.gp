# price.gp -- template of the price-TICKER chart: the price of a series
# over the study period, with a dashed line and a number at day 0 of every
# event that reaches it; the key below lists the events by number.
#
# evstudy fills the double-brace placeholders with values it made itself
# (numbers, the names of the data files it wrote, single-quoted strings)
# and writes the result as price-TICKER.gp beside the data.  To restyle a
# chart, edit that file and run `gnuplot price-TICKER.gp` in its
# directory; to restyle every future chart, edit this template (see
# --plot-templates).  Data: date, price; events: day 0, event number,
# label level 0, 1, ... (n_levels of them).
set terminal pngcairo size 1200,700 font 'DejaVu Sans,12' noenhanced
set output 'price-NVDA.png'
set encoding utf8
set datafile separator "\t"
set datafile missing 'NaN'

ticker = 'NVDA'
column = 'Close'
array L = ['DeepSeek-V2 released; priced at 1 yuan per million tokens, starting a price war', 'Alibaba Cloud cuts Qwen model prices by up to 97%; Baidu and Tencent follow', 'DeepSeek-V3 released', 'DeepSeek assistant app, powered by V3, launched', 'DeepSeek-R1 released', 'Kimi k1.5 released', 'Doubao model update, claimed to beat OpenAI o1 on AIME', 'DeepSeek assistant tops US app-store downloads; Nvidia has the largest one-day loss of market value in history', 'Qwen 2.5-Max launched on the first day of the Lunar New Year, claimed to beat GPT-4o, DeepSeek-V3 and Llama-3.1-405B']
array R = [1, 2, 3, 4, 5, 6, 7, 8, 9]
N = 9

# Room above the prices for the event numbers: label level l sits l
# steps above the prices, a step being 1/(K + 20) of the y range (15
# pixels or more: the image grows with the key, so the plot area keeps
# its height), and evstudy puts the labels of one level at least 1/40 of
# the period apart: two numbers never overprint.
K = 5
stats 'price-NVDA.dat' using 2 nooutput
ymin = STATS_min
ymax = STATS_max
span = ymax > ymin ? ymax - ymin : abs(ymax) + 1
f = 1.0 / (K + 20)
range = 1.1 * span / (1 - (K + 1) * f)
step = f * range
ybot = ymin - 0.05 * span
set yrange [ybot : ybot + range]

set title sprintf('%s: %s from %s to %s, events at their day 0', ticker, column, '2023-05-08', '2025-02-12')
set xdata time
set timefmt '%Y-%m-%d'
set format x '%b %Y'
set autoscale xfix
set xlabel 'date'
set ylabel sprintf('price (%s, currency of the listing)', column)
set grid lc rgb '#dddddd'
set key below left Left reverse maxcols 1 samplen 2 font ',10'

plot 'price-NVDA.dat' using 1:2 with lines lw 2 lc rgb '#1f4e79' title sprintf('%s %s', ticker, column), \
     for [i=1:(N > 0)] 'price-NVDA.events.dat' using 1:(ybot):(0):(range) \
       with vectors nohead dt 2 lc rgb '#c00000' notitle, \
     for [i=1:(N > 0)] 'price-NVDA.events.dat' using 1:(ymax + 0.03 * span + ($3 + 0.5) * step):(sprintf('%d', $2)) \
       with labels font ',10' tc rgb '#c00000' notitle, \
     for [i=1:N] keyentry with lines dt 2 lc rgb '#c00000' title sprintf('%d: %s', R[i], L[i])
