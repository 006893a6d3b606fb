#!/bin/sh
# Long-horizon BHAR tests (--bhar-tests, --table bhar; issue 13) on the
# nine stocks of golden-regress.sh around datasets/releases.csv.
# - mean, sd, skewness, t and t_sa per window equal a recomputation here
#   in awk from the pairs' BHARs of the CAR table, with Lyon, Barber &
#   Tsai's (1999) formulas (s with n - 1; gamma = sum d^3 / (n s^3);
#   t_sa = sqrt(n) (S + gamma S^2 / 3 + gamma / (6n))), to 1e-9;
# - the bootstrap p is the same bytes for --jobs 1, 2 and 16, and moves
#   with --seed while nothing else does.
. "$TOP_SRCDIR/tests/setup"
need_shared
numdiff="$TOP_BUILDDIR/tests/numdiff"
run () {
  evstudy --events "$TOP_SRCDIR/datasets/releases.csv" \
    --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" --prices "$PRICES/AVGO.csv" \
    --prices "$PRICES/TSM.csv" --prices "$PRICES/MSFT.csv" --prices "$PRICES/BABA.csv" \
    --prices "$PRICES/BIDU.csv" --prices "$PRICES/0700.HK.csv" --prices "$PRICES/9988.HK.csv" \
    --market "$PRICES/SPY.csv" --market "$PRICES/HSI.csv" \
    --window 0:20 --window 0:60 --window -1:1 --format csv "$@"
}

for j in 1 2 16; do run --table bhar --jobs "$j" > "bhar-$j.csv"; done
cmp bhar-1.csv bhar-2.csv || fail "--jobs 2 changes the BHAR tests"
cmp bhar-1.csv bhar-16.csv || fail "--jobs 16 changes the BHAR tests"
run --table bhar --seed 99 > bhar-seed.csv
cut -d, -f1-10 bhar-1.csv > a.csv
cut -d, -f1-10 bhar-seed.csv > b.csv
test_cmp a.csv b.csv
cmp -s bhar-1.csv bhar-seed.csv && fail "--seed does not change the bootstrap p"

# The recomputation from the CAR table's bhar column.  The labels and
# confounders are quoted and hold commas: python3's csv module picks the
# columns by name first.
run > car.csv
python3 -c 'import csv
print("status,window_start,window_end,bhar")
for x in csv.DictReader(open("car.csv", newline="")):
    print(",".join([x["status"], x["window_start"], x["window_end"], x["bhar"]]))' > car-cols.csv
awk -F, 'NR > 1 && $1 == "ok" && $4 != "" {
    k = $2 "," $3; n[k]++; x[k, n[k]] = $4 }
  END {
    print "window_start,window_end,n,mean_bhar,sd,skewness,t,df,p,t_sa"
    split("0,20 0,60 -1,1", order, " ")
    for (o = 1; o <= 3; o++) {
      k = order[o]; m = 0
      for (i = 1; i <= n[k]; i++) m += x[k, i]
      m /= n[k]; s2 = 0; s3 = 0
      for (i = 1; i <= n[k]; i++) { d = x[k, i] - m; s2 += d * d; s3 += d * d * d }
      s = sqrt(s2 / (n[k] - 1)); g = s3 / (n[k] * s * s * s); S = m / s
      t = m / (s / sqrt(n[k])); tsa = sqrt(n[k]) * (S + g * S * S / 3 + g / (6 * n[k]))
      printf "%s,%d,%.17g,%.17g,%.17g,%.17g,%d,P,%.17g\n", k, n[k], m, s, g, t, n[k] - 1, tsa
    }
  }' car-cols.csv > want.csv
# p is the t distribution's (checked elsewhere): compare it as text "P".
awk -F, 'BEGIN { OFS = "," } NR > 1 { $9 = "P" } { print $1,$2,$3,$4,$5,$6,$7,$8,$9,$10 }' \
  bhar-1.csv > got.csv
"$numdiff" want.csv got.csv
[ "$(sed -n 2p bhar-1.csv | cut -d, -f3)" -eq 81 ] || fail "81 pairs expected in 0:20"
# n_boot 1000 resamples of n/4 = 20 pairs.
[ "$(sed -n 2p bhar-1.csv | cut -d, -f12-13)" = "1000,20" ] || fail "n_boot, resample size"

expect_error 2 "--bhar-tests needs simple returns: BHAR compounds simple returns" \
  --events "$TOP_SRCDIR/datasets/releases.csv" --prices "$PRICES/NVDA.csv" --bhar-tests --returns log

# --benchmark: against SPY (the --market's ticker, or its file) the BHAR
# is prod(1 + R) - prod(1 + R_SPY) over the window, which is the BHAR of
# the market-adjusted model against SPY: the same tests (to rounding: a
# price ratio here, a product of returns there; the bootstrap p exactly).
us () {
  evstudy --events "$TOP_SRCDIR/datasets/releases.csv" \
    --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" --prices "$PRICES/AVGO.csv" \
    --prices "$PRICES/TSM.csv" --prices "$PRICES/MSFT.csv" --market "$PRICES/SPY.csv" \
    --window 0:20 --window 0:60 --format csv --table bhar "$@"
}
us --model market-adjusted > madj.csv
us --benchmark SPY > bench-ticker.csv
us --benchmark "$PRICES/SPY.csv" > bench-file.csv
"$numdiff" madj.csv bench-ticker.csv
cmp bench-ticker.csv bench-file.csv || fail "--benchmark TICKER and FILE differ"
us --benchmark "$PRICES/QQQ.csv" > bench-qqq.csv
cmp -s bench-qqq.csv bench-file.csv && fail "--benchmark QQQ gives SPY's numbers"
expect_error 2 "--benchmark is for --bhar-tests" \
  --events "$TOP_SRCDIR/datasets/releases.csv" --prices "$PRICES/NVDA.csv" --benchmark SPY
# A --benchmark that is neither a series of the study nor a file: exit 4,
# nothing written.
expect_error 4 "nosuch.csv: cannot read: No such file or directory" \
  --events "$TOP_SRCDIR/datasets/releases.csv" --prices "$PRICES/NVDA.csv" \
  --market "$PRICES/SPY.csv" --bhar-tests --benchmark nosuch.csv
