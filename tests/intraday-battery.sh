#!/bin/sh
# intraday --table aggregate's battery on a known effect and on none
# (issue 16).  tests/bargen seed 7 makes NVDA and BABA on SPY and 9988.HK
# on ^HSI with a jump in every pair: at four New York instants NVDA and
# BABA jump at the instant's bar, 9988.HK at the 09:30 bar of the next
# Hong Kong session (the bar each event reaches), sizes 0.01 to 0.045 in
# log price (mean 0.29 / 12).
#  1. Windows 0:0 and 0:4 and the AAR of bar 0: every test of the
#     battery rejects at 1% (p < 0.01: 12 of 12 positive gives the sign
#     test 2 / 4096), and the CAAR of 0:0 is within 0.002 of the mean
#     jump (0.02417; the residual and the bridge to the daily close move
#     it a little).
#  2. The other bars of -30:60 are 90 null rows of the same pairs: each
#     test rejects at 5% on at most 15% of them (the nominal 5% is 4.5
#     rows; measured 2-7 per test).  A crude size check: rows share their
#     pairs' estimation, so they are not independent draws.
#  3. --max-residuals 1000 (fewer than a pair's): a warning names the count
#     and the cap; czrank, grank_* and kp_rbar (and the KP-adjusted tests)
#     are empty, every other column is as without the cap; --jobs 1 and 2
#     give the same bytes under the cap too.
. "$TOP_SRCDIR/tests/setup"
need_shared
J=
for p in 1738684020:1738719000:1:2:1 1738772100:1738805400:2:3:2 \
         1738868700:1738891800:3:4:3 1738607400:1738632600:1:2:1; do
  IFS=: read -r a b n ba h <<E
$p
E
  J="$J --jump NVDA:$a:0.0$n --jump BABA:$a:0.0${ba}5 --jump 9988.HK:$b:0.0${h}5"
done
"$TOP_BUILDDIR/tests/bargen" 7 2025-01-13 2025-02-07 . \
  SPY:"$PRICES/SPY.csv":-:1 NVDA:"$PRICES/NVDA.csv":SPY:1.8 BABA:"$PRICES/BABA.csv":SPY:0.9 \
  ^HSI:"$PRICES/HSI.csv":-:1 9988.HK:"$PRICES/9988.HK.csv":^HSI:1.2 $J
printf 'date,label,tickers\n2025-02-04T10:47-05:00,A,\n2025-02-05T11:15-05:00,B,\n2025-02-06T14:05-05:00,C,\n2025-02-03T13:30-05:00,D,\n' > ev.csv
M="--prices NVDA.csv --prices BABA.csv --market SPY.csv --prices 9988.HK.csv --market ^HSI.csv"
evstudy intraday --events ev.csv $M --window 0:0 --window 0:4 --window -30:60 \
  --table aggregate > agg.csv

# 1. every p column of the jump's rows below 0.01
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "p" || $i ~ /_p$/) pc[i] = $i; next }
  ($1 == "caar" && ($2 == "0:0" || $2 == "0:4")) || ($1 == "aar" && $3 == 0) {
    rows++
    if ($4 != 12) { print "row " NR ": " $4 " pairs"; bad++ }
    for (i in pc) if ($i == "" || $i + 0 >= 0.01) { print "row " NR " " pc[i] " = " $i; bad++ }
  }
  END { exit !(rows == 3 && bad == 0) }' agg.csv || fail "the jump is not significant in every test"
awk -F, '$1 == "caar" && $2 == "0:0" { d = $5 - 0.29 / 12; exit !(d < 0.002 && d > -0.002) }' agg.csv \
  || fail "CAAR of 0:0 is not the mean jump"

# 2. the null rows: at most 15% rejections at 5% per test
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "p" || $i ~ /_p$/) pc[i] = $i; next }
  $1 == "aar" && $3 != 0 && $4 == 12 { rows++; for (i in pc) rej[i] += ($i != "" && $i < 0.05) }
  END { for (i in pc) { printf "%s %d/%d\n", pc[i], rej[i], rows; if (rej[i] > 0.15 * rows) bad++ }
        exit !(rows == 90 && bad == 0) }' agg.csv > null.txt || { cat null.txt; fail "null rows reject too often"; }
cat null.txt

# 3. the cap
evstudy intraday --events ev.csv $M --window 0:0 --window 0:4 --window -30:60 \
  --table aggregate --max-residuals 1000 > cap.csv 2> cap.err
grep -q "warning: --table aggregate: the pairs have [0-9]* estimation residuals, more than the 1000 kept" cap.err \
  || { cat cap.err; fail "no warning over the cap"; }
awk -F, 'NR == FNR { if (FNR == 1) for (i = 1; i <= NF; i++) name[i] = $i; else full[FNR] = $0; next }
  FNR > 1 { n = split(full[FNR], f, ",")
    for (i = 1; i <= n; i++) {
      capped = name[i] ~ /^(czrank|grank|kp_rbar|patell_kp|bmp_kp)/
      if (capped && $i != "") { print "row " FNR " " name[i] " not empty: " $i; bad++ }
      if (!capped && $i != f[i]) { print "row " FNR " " name[i] ": " $i " vs " f[i]; bad++ }
    } }
  END { exit bad > 0 }' agg.csv cap.csv || fail "the cap changes more than the residual tests"
evstudy intraday --jobs 1 --events ev.csv $M --window 0:4 --table aggregate --max-residuals 1000 > j1.csv 2> j1.err
evstudy intraday --jobs 2 --events ev.csv $M --window 0:4 --table aggregate --max-residuals 1000 > j2.csv 2> j2.err
cmp j1.csv j2.csv || fail "--jobs changes the capped aggregate"
