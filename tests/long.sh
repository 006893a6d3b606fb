#!/bin/sh
# One long file, many series: semis_long.csv holds NVDA, AMD, ASML, TSM,
# INTC, SOXX and ^GSPC (ticker column, CRLF); `--market ^GSPC` takes the
# index from the same file.  Expected numbers: the file's own `ret`
# column, computed by its publisher from the same prices (an independent
# computation), for the stock and the market return of every reported day.
. "$TOP_SRCDIR/tests/setup"
need_shared
L="$PRICES/semis_long.csv"
printf 'date,label,tickers\n2025-01-27,Selloff,NVDA;AMD\n2025-01-29,Only TSM,TSM\n' > ev.csv
evstudy --events ev.csv --prices "$L" --market ^GSPC --format csv --table ar > ar.csv

# Which series were studied, for which event, in which order.
awk -F, 'NR > 1 { print $1, $3 }' ar.csv | uniq > got.txt
printf '1 AMD\n1 NVDA\n2 TSM\n' > want.txt
test_cmp want.txt got.txt

# ticker,date,return,market_return from evstudy; the same from the file.
awk -F, 'NR > 1 { print $3 "," $5 "," $6 "," $7 }' ar.csv > got.csv
tr -d '\r' < "$L" | awk -F, -v OFS=, '
  NR == FNR { key[NR] = $1 "," $2; n = NR; next }
  FNR > 1 { ret[$2 "," $1] = $4; if ($2 == "^GSPC") mkt[$1] = $4 }
  END { for (i = 1; i <= n; i++) { split(key[i], k, ","); print key[i], ret[key[i]], mkt[k[2]] } }' got.csv - > want.csv
[ "$(wc -l < want.csv)" -eq 63 ] || fail "expected 3 x 21 days, got $(wc -l < want.csv)"
"$TOP_BUILDDIR/tests/numdiff" --rtol 1e-9 want.csv got.csv
