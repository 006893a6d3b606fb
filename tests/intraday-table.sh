#!/bin/sh
# intraday --format table (issue 16): a block per (event, series) for a
# terminal.  On the generated bars of intraday-study.sh (tests/bargen
# seed 42, the +0.03 jump in NVDA at 10:47 New York time on 2025-01-29):
#  1. Every number of a window row is the CSV's, rounded as printed
#     (awk's printf of the CSV cells, %.5f for CAR and se, %.2f for t,
#     %.0f for df); the heading's day 0 and estimation bars are the
#     CSV's; the jump's 0:0 CAR is significant at 1% (***).
#  2. A skipped pair prints its reason; --measure volume says CAV.
#  3. Hostile labels and a hostile --ticker (newline, carriage return,
#     ESC sequence, quotes, backquote, <script>, 5,000 bytes) are made
#     visible: no control byte reaches the output, each block keeps its
#     lines.
#  4. --format table with --table ar is a usage error.
. "$TOP_SRCDIR/tests/setup"
need_shared
J=1738165620
"$TOP_BUILDDIR/tests/bargen" 42 2025-01-13 2025-02-07 . \
  SPY:"$PRICES/SPY.csv":-:1 NVDA:"$PRICES/NVDA.csv":SPY:1.8 --jump NVDA:$J:0.03
printf 'date,label,tickers\n2025-01-29T10:47-05:00,Injected jump,NVDA\n2025-01-13T09:45-05:00,Too early,NVDA\n' > ev.csv
W="--window 0:0 --window 0:4 --window -30m:2h"
evstudy intraday --events ev.csv --prices NVDA.csv --market SPY.csv $W > car.csv
evstudy intraday --events ev.csv --prices NVDA.csv --market SPY.csv $W --format table > t.txt

# 1. Rows: window, bars, first, last, CAR, se, t, df, p.
awk -F, '$1 == 1 { printf "%s %s %s %s %.5f %.5f %.2f %.0f\n", $6, $9, $7, $8, $10, $11, $12, $13 }' \
  car.csv > want.txt
awk '/  event 2 \(/ { exit } /^  (0:0|0:4|-30m:2h) / { print $1, $2, $3, $4, $5, $6, $7, $8 }' t.txt > got.txt
[ "$(wc -l < want.txt)" -eq 3 ] || fail "three windows expected in the CSV"
test_cmp want.txt got.txt
grep -q '^  0:0  .* \*\*\*$' t.txt || fail "the jump's CAR is not marked ***"
d0=$(awk -F, '$1 == 1 { print $5; exit }' car.csv)
n=$(awk -F, '$1 == 1 { print $15; exit }' car.csv)
grep -q "^  day 0 $d0; market model vs SPY; $n estimation bars " t.txt || fail "heading"
grep -q '^NVDA  event 1 (2025-01-29T10:47-05:00): Injected jump$' t.txt || fail "title"

# 2. Skipped pair, volume.
grep -q '^  skipped: .*fewer than --min-estimation' t.txt || fail "no skipped reason"
evstudy intraday --measure volume --events ev.csv --prices NVDA.csv $W --format table > v.txt
grep -q ' CAV ' v.txt || fail "volume table says CAV"

# 3. Hostile text.
long=$(awk 'BEGIN { while (n++ < 5000) printf "x" }')
esc=$(printf '\033')
{ printf 'date,label,tickers\n'
  printf '2025-01-29T10:47-05:00,"a\nb\rc%s[31mred `x` ""q"" <script>alert(1)</script>",NVDA\n' "$esc"
  printf '2025-01-29T10:47-05:00,%s,NVDA\n' "$long"; } > hostile.csv
evstudy intraday --events hostile.csv --prices NVDA.csv --market SPY.csv $W --format table > h.txt
LC_ALL=C tr -d '\n' < h.txt | LC_ALL=C grep -q '[[:cntrl:]]' && fail "a control byte reached the table"
grep -q 'a\\nb\\rc\\x1b\[31mred `x` "q" <script>alert(1)</script>$' h.txt || fail "hostile label not made visible"
[ "$(grep -c '^  day 0 ' h.txt)" -eq 2 ] || fail "two blocks expected"
[ "$(grep -c '^  0:0 ' h.txt)" -eq 2 ] || fail "a block lost its rows"
# The same with the aggregate (table and JSON): still no control byte,
# the label intact in JSON, both pairs in the aggregate.
evstudy intraday --events hostile.csv --prices NVDA.csv --market SPY.csv $W --format table \
  --table aggregate > ha.txt
LC_ALL=C tr -d '\n' < ha.txt | LC_ALL=C grep -q '[[:cntrl:]]' && fail "a control byte reached the aggregate table"
grep -q '^aggregate: 2 pairs$' ha.txt || fail "aggregate table of the hostile events"
evstudy intraday --events hostile.csv --prices NVDA.csv --market SPY.csv $W --format json \
  --table aggregate > ha.json
jq -e '(.aggregate[0].n == 2) and (.results[1].label | length == 5000)' ha.json > jq.out \
  || fail "aggregate JSON of the hostile events"
# The ticker from the file's ticker column (Polygon's flat layout).
awk -F, -v OFS=, -v t="$(printf 'N\033]0;x\007V')" 'NR > 1 { $1 = t } { print }' NVDA.csv > hostile-ticker.csv
printf 'date,label\n2025-01-29T10:47-05:00,Injected jump\n' > all.csv
evstudy intraday --events all.csv --prices hostile-ticker.csv --market SPY.csv --window 0:0 \
  --format table > ht.txt
LC_ALL=C tr -d '\n' < ht.txt | LC_ALL=C grep -q '[[:cntrl:]]' && fail "a control byte of the ticker reached the table"
grep -q '^N\\x1b\]0;x\\x07V  event 1 ' ht.txt || fail "hostile ticker not made visible"

# 4.
expect_error 2 "--format table shows the CAR table (and, with --table aggregate, the aggregate): --table ar, day0 and series are csv or json" \
  intraday --events ev.csv --prices NVDA.csv --format table --table ar
