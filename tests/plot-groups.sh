#!/bin/sh
# --group-by with --plot: one caar-BY-VALUE chart per group besides caar.
# datasets/releases.csv has 5 DeepSeek events (rows 1, 3, 4, 5, 8), so the
# DeepSeek group holds 5 x 3 series = 15 pairs.  The chart's AAR per day is
# computed by plot.c; it must equal the aggregate module's AAR of the same
# group (--table aggregate), computed by aggregate.c (1e-12 relative).
. "$TOP_SRCDIR/tests/setup"
need_shared
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"
evstudy --events "$TOP_SRCDIR/datasets/releases.csv" \
  --prices "$PRICES/NVDA.csv" --prices "$PRICES/BABA.csv" --prices "$PRICES/9988.HK.csv" \
  --market "$PRICES/SPY.csv" --market "$PRICES/HSI.csv" --group-by company \
  --plot charts --plot-format svg --format csv --table aggregate > agg.csv 2> err.txt || true
ls charts | sed -n 's/^\(caar.*\)\.gp$/\1/p' | sort > got.txt
printf '%s\n' caar caar-company-alibaba caar-company-bytedance caar-company-deepseek \
  caar-company-moonshot-ai > want.txt
test_cmp want.txt got.txt
grep -q "company = DeepSeek: " charts/caar-company-deepseek.gp || fail "group not in the title"
awk -F'\t' '!/^#/ { print $1 "," $2 "," $3 }' charts/caar-company-deepseek.dat > got.csv
awk -F, '$1 == "company" && $2 == "DeepSeek" && $3 == "day" { print $4 "," $7 "," $8 }' agg.csv > want.csv
[ "$(wc -l < want.csv)" -eq 21 ] && [ "$(cut -d, -f2 want.csv | sort -u)" = 15 ] || fail "aggregate group: $(cat want.csv)"
"$TOP_BUILDDIR/tests/numdiff" --rtol 1e-12 want.csv got.csv
