#!/bin/sh
# Charts and report of --measure volume and volatility (issue 12).
# The charts' data are checked against evstudy's own CSV of the same run,
# whose numbers golden-volume.sh and golden-volatility.sh check against
# the independent references (volume.R, volatility.py):
#   volume-EVENT-TICKER.dat: volume = e^log_volume - 1, expected =
#     e^E[v] - 1, band = e^(E[v] -+ 1.96 se) - 1, multiple = e^AV;
#   volatility-EVENT-TICKER.dat: u = t^2, and the 5% critical value of
#     F(1, 238) = 3.880827226689152 (scipy.stats.f.ppf(0.95, 1, 238);
#     t_{0.975, 238}^2 = 3.8808272266853 agrees to 1e-12).
# Then the scripts (the model, df and quoted labels filled in), hostile
# labels through both charts and the report, and the report's sections.
. "$TOP_SRCDIR/tests/setup"
need_shared
command -v gnuplot >/dev/null || { echo "SKIP: gnuplot not installed"; exit 77; }
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"
numdiff="$TOP_BUILDDIR/tests/numdiff"

nvda () {
  evstudy --events "$FIXTURES/events/selloff.csv" --prices "$PRICES/NVDA.csv" \
    --market "$PRICES/SPY.csv" "$@"
}

# dat FILE: a chart's data as CSV (tabs to commas, no header).
dat () { grep -v '^#' "$1" | tr '\t' ','; }

# Volume, market model.
nvda --measure volume --model market --format csv --table ar > ar.csv
nvda --measure volume --model market --plot vcharts > /dev/null
ls vcharts > files.txt
printf '%s\n' price-NVDA.dat price-NVDA.events.dat price-NVDA.gp price-NVDA.png \
  volume-1-nvidia-selloff-NVDA.dat volume-1-nvidia-selloff-NVDA.gp \
  volume-1-nvidia-selloff-NVDA.png | test_cmp - files.txt
[ -s vcharts/volume-1-nvidia-selloff-NVDA.png ] || fail "volume chart not drawn"
awk -F, 'NR > 1 { printf "%d,%s,%.17g,%.17g,%.17g,%.17g,%.17g\n", $4, $5, exp($6) - 1,
    exp($8) - 1, exp($8 - 1.96 * $10) - 1, exp($8 + 1.96 * $10) - 1, exp($9) }' ar.csv > want.csv
dat vcharts/volume-1-nvidia-selloff-NVDA.dat > got.csv
"$numdiff" want.csv got.csv
awk -F, '$1 == 0 { printf "%.2f\n", $7 }' got.csv | grep -qx 1.96 || fail "day-0 multiple"
gp=vcharts/volume-1-nvidia-selloff-NVDA.gp
grep -qF "label = 'Nvidia selloff'" "$gp" || fail "label not in the volume script"
grep -qF "{{" "$gp" && fail "unfilled placeholder in $gp"
grep -qF "'market'" "$gp" || fail "model not in the volume script"
# The volume axis in millions with %g: an SI-prefix format ('%.0s%c')
# labelled the 1.0G and 1.2G ticks of NVDA's 2025-01-27 chart both "1G".
grep -qxF "set format y '%g'" "$gp" || fail "volume axis format"
grep -qF 'using 1:($3 / 1e6) with boxes' "$gp" || fail "volumes not plotted in millions"

# Volatility, market model: the return charts and one U chart per pair.
nvda --measure volatility --format csv --table ar > ar.csv
nvda --measure volatility --plot ucharts > /dev/null
for f in ar-1-nvidia-selloff-NVDA car-1-nvidia-selloff caar summary price-NVDA \
         volatility-1-nvidia-selloff-NVDA; do
  [ -s "ucharts/$f.png" ] || fail "ucharts/$f.png not drawn"
done
awk -F, 'NR > 1 { printf "%d,%s,%.17g,3.880827226689152\n", $4, $5, $11 * $11 }' ar.csv > want.csv
dat ucharts/volatility-1-nvidia-selloff-NVDA.dat > got.csv
"$numdiff" want.csv got.csv
grep -qF ', 238)' ucharts/volatility-1-nvidia-selloff-NVDA.gp || fail "df not in the script"

# Hostile labels and ticker (tests/fixtures/events/inject.csv, see
# plot-inject.sh): nothing runs, file names stay safe, each label is the
# title of its volume and volatility charts as written, and the reports
# escape them.
# The labels as plot-inject.sh draws them (a line break as a space).
cat > labels.txt <<'END'
`touch pwned`
$(touch pwned)
'; system("touch pwned"); '
EOD
line one it's "quoted"
|touch pwned
<touch pwned
@ticker @label @x \n \\ {braces} ^_& ~ <b>bold</b> [link](x) *em*
END
for m in volume volatility; do
  evstudy --events "$FIXTURES/events/inject.csv" --prices "$PRICES/NVDA.csv" \
    --ticker '`touch pwned`$(touch pwned)' --market "$PRICES/SPY.csv" --measure "$m" \
    --plot "h-$m" --plot-format svg --report "r-$m" --format csv > out.csv 2> /dev/null
  [ -z "$(find . -name 'pwned*')" ] || fail "a command from the input ran ($m)"
  bad=$(ls "h-$m" "r-$m" | grep -v ':$' | grep -v '^$' | grep -v '^[A-Za-z0-9_][A-Za-z0-9._-]*$' || true)
  [ -z "$bad" ] || fail "unsafe file names: $bad"
  n=0
  while IFS= read -r label; do
    n=$((n + 1))
    f=$(ls "h-$m"/$m-$n-*.svg)
    sed -n 's/^[[:space:]]*<text[^>]*>\(.*\)<\/text>$/\1/p' "$f" |
      sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/'"'"'/g; s/&amp;/\&/g' |
      grep -qxF "$label" || fail "label $n not drawn as written in $f"
  done < labels.txt
  [ "$n" = 8 ] || fail "read $n labels"
  ! grep -q '<b>bold</b>' "r-$m/index.html" || fail "raw HTML from a label in the $m report"
  grep -q '&lt;b&gt;bold&lt;/b&gt;' "r-$m/index.html" || fail "label not escaped in the $m report"
done

# The report says what it measures.
nvda --measure volume --model market --report rv > /dev/null
grep -q '<h2>Abnormal trading volume</h2>' rv/index.html || fail "no volume section"
grep -q '<td>1.96x</td>' rv/index.html || fail "no day-0 multiple in the volume section"
grep -q 'src="volume-1-nvidia-selloff-NVDA.svg"' rv/index.html || fail "no volume chart in the report"
! grep -q 'CAR %' rv/index.html || fail "a volume report shows return tables"
grep -q '^## Abnormal trading volume$' rv/report.md || fail "no volume section in report.md"
nvda --measure volatility --report ru > /dev/null
grep -q '<h2>Abnormal volatility: the variance ratio</h2>' ru/index.html || fail "no volatility section"
grep -q '<td>25.62</td>' ru/index.html || fail "no Ubar 25.62 over 0:0"
grep -q 'src="volatility-1-nvidia-selloff-NVDA.svg"' ru/index.html || fail "no U chart in the report"
grep -q 'CAR %' ru/index.html || fail "a volatility report lost its return tables"
