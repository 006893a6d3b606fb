#!/bin/sh
# evstudy intraday --format text (issue 16): a sentence per pair and
# window with clock times in the exchange's zone (bar_findings.h), on the
# generated bars of intraday-aggregate.sh (tests/bargen seed 42, the
# +0.03 jump in NVDA at 10:47 New York time on 2025-01-29).
#  1. NVDA's [0:0] sentence, word for word, with its numbers taken from
#     the AR table of the same run (awk, rounded as the sentence rounds:
#     return, expected and AR in percent to 2 decimals, t to 1; p < 0.001
#     as |t| = 28.9 on 3,000 df says).
#  2. [0:4]: the sum of bars 0..4's returns and expected returns from the
#     AR table, the CAR and t from the CAR table.
#  3. 9988.HK at the same instant: Hong Kong time, announced at 23:47 on
#     2025-01-29 (10:47 EST + 13 h, by hand), bar 0 09:30 on 2025-02-03
#     (the exchange was shut for the Lunar New Year from the 29th to the
#     31st), so its bar 0's return runs from the previous close (16:00 on
#     the 28th) and the sentence says so; -30:60 reaches back into the
#     session of 2025-01-28, so it is counted in bars with both dates.
#     Negative numbers carry U+2212.  Its windows hold that overnight
#     return, tested against the sd within sessions: each sentence says
#     this overstates the evidence (not with --seasonal --overnight
#     include, nor for NVDA's windows within one session).
#     Under --measure volume: bar 0's log volume, norm, AV and e^AV from
#     the volume AR table.
#  4. A skipped pair says why; hostile labels and tickers reach the text
#     with their control bytes made visible; --format text with --table
#     ar is a usage error.
. "$TOP_SRCDIR/tests/setup"
need_shared
"$TOP_BUILDDIR/tests/bargen" 42 2025-01-13 2025-02-07 . \
  SPY:"$PRICES/SPY.csv":-:1 NVDA:"$PRICES/NVDA.csv":SPY:1.8 \
  ^HSI:"$PRICES/HSI.csv":-:1 9988.HK:"$PRICES/9988.HK.csv":^HSI:1.2 --jump NVDA:1738165620:0.03
printf 'date,label,tickers\n2025-01-29T10:47-05:00,Injected jump,\n2025-01-02T10:00-05:00,Too early,NVDA\n' > ev.csv
M="--prices NVDA.csv --market SPY.csv --prices 9988.HK.csv --market ^HSI.csv"
W="--window 0:0 --window 0:4 --window -30:60"
evstudy intraday --events ev.csv $M $W --format text > out.txt
evstudy intraday --events ev.csv $M $W --table ar > ar.csv
evstudy intraday --events ev.csv $M $W > car.csv
m=$(printf '\342\210\222')
num () { awk -v x="$1" -v d="$2" -v m="$m" 'BEGIN { s = sprintf("%." d "f", x < 0 ? -x : x)
  z = s; gsub(/[0.]/, "", z); printf "%s%s", (x < 0 && z != "") ? m : "", s }'; }

# 1.
set -- $(awk -F, '$1 == 1 && $3 == "NVDA" && $4 == 0 { print 100 * $6, 100 * $8, 100 * $9, $11 }' ar.csv)
want="  [0:0] NVDA rose $(num "$1" 2)% in the minute from 10:47 to 10:48 New York time on 2025-01-29 (bar 0; announced at 10:47); the market model expected $(num "$2" 2)%; the $(num "$3" 2)% abnormal return is $(num "$4" 1) standard errors from zero (p < 0.001)."
grep -qxF "$want" out.txt || { grep -F '[0:0] NVDA' out.txt; echo "want: $want"; fail "NVDA [0:0]"; }

# 2.
set -- $(awk -F, '$1 == 1 && $3 == "NVDA" && $4 >= 0 && $4 <= 4 { r += $6; e += $8 } END { print 100 * r, 100 * e }' ar.csv) \
  $(awk -F, '$1 == 1 && $3 == "NVDA" && $6 == "0:4" { print 100 * $10, $12 }' car.csv)
want="  [0:4] NVDA's one-minute returns add up to $(num "$1" 2)% in the 5 minutes from 10:47 to 10:52 New York time on 2025-01-29 (bars 0 to +4; announced at 10:47); the market model expected $(num "$2" 2)%; the $(num "$3" 2)% cumulative abnormal return is $(num "$4" 1) standard errors from zero (p < 0.001)."
grep -qxF "$want" out.txt || { grep -F '[0:4] NVDA' out.txt; echo "want: $want"; fail "NVDA [0:4]"; }

# 3.
grep -qF '9988.HK, event 1 (2025-01-29T10:47-05:00; bar 0 09:30 on 2025-02-03 Hong Kong time): Injected jump' out.txt \
  || fail "9988.HK subject"
grep -q '\[0:0\] 9988\.HK \(rose\|fell\) [0-9.]*% from the previous close (16:00 on 2025-01-28) to 09:31 on 2025-02-03 Hong Kong time (bar 0; announced at 23:47 on 2025-01-29)' out.txt \
  || fail "9988.HK [0:0]"
grep -qF "[-30:60] 9988.HK's one-minute returns add up to " out.txt || fail "9988.HK [-30:60]"
# 3b. A window holding an overnight return, tested against the sd within
# sessions (no --seasonal --overnight include), says its test overstates
# the evidence (README, "Models"): 9988.HK's three windows (bar 0 is
# the first of a session), none of NVDA's (all within 2025-01-29).  With
# --seasonal --overnight include the overnight bin has its own sd and
# no window says so.
caveat='; the window holds an overnight return tested against the volatility within sessions, which overstates the evidence (--seasonal --overnight include tests it against overnight returns).'
[ "$(grep -F '] 9988.HK' out.txt | grep -cF "$caveat")" = 3 ] || fail "9988.HK's overnight caveat"
[ "$(grep -F '] NVDA' out.txt | grep -cF "$caveat")" = 0 ] || fail "NVDA has no overnight return"
evstudy intraday --events ev.csv $M --seasonal --overnight include --format text > own.txt
grep -qF '[0:0] 9988.HK' own.txt || fail "--seasonal --overnight include: 9988.HK [0:0]"
! grep -qF 'overstates the evidence' own.txt || fail "caveat with an overnight sd of its own"
grep -F '[-30:60] 9988.HK' out.txt | grep -q ' over the 91 bars from [0-9:]* on 2025-01-28 to [0-9:]* on 2025-02-03 Hong Kong time (bars '"$m"'30 to +60; announced at 23:47 on 2025-01-29)' \
  || fail "9988.HK's window across sessions"
grep -qF "expected ${m}0." out.txt || fail "no U+2212 minus"

# Volume: bar 0's log volume, its time-of-day norm, AV and the multiple
# e^AV (one decimal) from the volume AR table of the same run.
evstudy intraday --events ev.csv --prices NVDA.csv --window 0:0 --measure volume --format text > v.txt
evstudy intraday --events ev.csv --prices NVDA.csv --window 0:0 --measure volume --table ar > var.csv
set -- $(awk -F, '$1 == 1 && $4 == 0 { print $6, $7, $8, $12, $10 }' var.csv)
want="  [0:0] NVDA's log volume ln(1 + V) was $(num "$1" 3) in the minute from 10:47 to 10:48 New York time on 2025-01-29 (bar 0; announced at 10:47); its time-of-day norm was $(num "$2" 3); the $(num "$3" 3) abnormal log volume ($(num "$4" 1) times the usual volume at that time of day) is $(num "$5" 1) standard errors from zero"
grep -qF "$want" v.txt || { grep -F '[0:0]' v.txt; echo "want: $want"; fail "volume sentence"; }

# 4.
grep -qF '  NVDA was not measured: ' out.txt || fail "skipped pair"
grep -q '^p: two-sided t test of each pair' out.txt || fail "legend"
long=$(awk 'BEGIN { while (n++ < 3000) printf "x" }')
esc=$(printf '\033')
{ printf 'date,label,tickers\n'
  printf '2025-01-29T10:47-05:00,"a\nb\rc%s[31mred `x` ""q"" <script>alert(1)</script>",\n' "$esc"
  printf '2025-01-29T10:47-05:00,%s,\n' "$long"; } > hostile.csv
awk -F, -v OFS=, -v t="$(printf 'N\033]0;x\007V')" 'NR > 1 { $1 = t } { print }' NVDA.csv > hostile-ticker.csv
evstudy intraday --events hostile.csv --prices hostile-ticker.csv --market SPY.csv $W --format text > h.txt
LC_ALL=C tr -d '\n' < h.txt | LC_ALL=C grep -q '[[:cntrl:]]' && fail "a control byte reached the text"
grep -qF 'N\x1b]0;x\x07V, event 1 (2025-01-29T10:47-05:00; bar 0 10:47 on 2025-01-29 New York time): a\nb\rc\x1b[31mred `x` "q" <script>alert(1)</script>' h.txt \
  || fail "hostile label and ticker not made visible"
[ "$(grep -c "^  \[0:0\] N\\\\x1b" h.txt)" -eq 2 ] || fail "two hostile pairs expected"
grep -q "x\{3000\}" h.txt || fail "long label cut"
expect_error 2 "--format text writes a sentence per pair and window: --table ar, day0, series and aggregate are csv, json or table" \
  intraday --events ev.csv --prices NVDA.csv --format text --table ar
