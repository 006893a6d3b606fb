#!/bin/sh
# No run aborts and no number that is not finite is reported as a result
# (issue 11, items 2 and 6).
#  - HALT.csv: NVDA's dates with a constant price from 2024-01-02 to
#    2025-01-10, so every estimation return of the 2025-01-27 event
#    (-250:-11, 2024-01-24 .. 2025-01-08) is 0 and the event windows
#    (from day -5, 2025-01-17) are NVDA's own.  Before: --model garch
#    aborted in GSL's handler (simplex2.c: non-finite function value, exit
#    134); the other models printed t = -nan with status ok, and the
#    pairs entered the aggregate tests.  Now every model that fits the
#    stock's returns skips the pair: "zero variance of estimation-window
#    residuals".  market-adjusted has nothing to fit: its residual is
#    R - Rm = -Rm, of SPY's variance, and it stays ok.
#  - The aggregate of 5 real stocks and 5 halted copies is the aggregate
#    of the 5 real stocks, byte for byte (before, the sign test gave
#    p = 0.021 from 10 pairs).
#  - ILLIQ.csv: NVDA's price held for 20 sessions at a time (a return
#    every 20th day, zeros between): no abort, no non-finite number.
#  - A price of 1e-300 followed by 1e300 is refused by the importer,
#    naming the file, line and column (tests/unit-nonfinite.c covers the
#    study's own check when such returns reach it another way).
. "$TOP_SRCDIR/tests/setup"
need_shared
FF3="$SHARED_DATA/factors/F-F_Research_Data_Factors_daily.csv"
FF5="$SHARED_DATA/factors/F-F_Research_Data_5_Factors_2x3_daily.csv"
printf 'date,label\n2025-01-27,Nvidia selloff\n' > ev.csv
awk -F, 'NR == 1 { print; next }
  $1 >= "2024-01-02" && $1 <= "2025-01-10" { print $1 ",100,100,100,100,1000"; next }
  { print }' "$PRICES/NVDA.csv" > HALT.csv
awk -F, 'NR == 1 { print; next } (NR - 2) % 20 == 0 { p = $2 } { print $1 "," p ",1,1,1,1" }' \
  "$PRICES/NVDA.csv" > ILLIQ.csv

# finite FILE: no nan or inf as a value (table, CSV or JSON).
finite () {
  if grep -Eiq '(^|[][ ,:(])[-+]?(nan|inf)([][ ,}:)]|$)' "$1"; then
    grep -Ein '(^|[][ ,:(])[-+]?(nan|inf)([][ ,}:)]|$)' "$1" | head -5 >&2
    fail "non-finite number in $1"
  fi
}

for model in mean market market-adjusted scholes-williams dimson garch ff3 ff5; do
  set -- --model "$model"
  case $model in
    ff3) set -- "$@" --factors "$FF3" ;;
    ff5) set -- "$@" --factors "$FF5" ;;
  esac
  for stock in HALT ILLIQ; do
    for format in table csv json; do
      # HALT is skipped by most models: the run measured nothing.
      evstudy --events ev.csv --prices "$stock.csv" --market "$PRICES/SPY.csv" "$@" \
        --allow-empty --format "$format" > "$stock-$model.$format" \
        || fail "$stock --model $model --format $format: exit $?"
      finite "$stock-$model.$format"
    done
    evstudy --events ev.csv --prices "$stock.csv" --market "$PRICES/SPY.csv" "$@" \
      --allow-empty --format csv --table ar > "$stock-$model-ar.csv" || fail "$stock $model ar"
    finite "$stock-$model-ar.csv"
  done
  status=$(jq -r '.results[0] | .status + ":" + (.reason // "")' "HALT-$model.json")
  case $model in
    market-adjusted) want="ok:" ;;
    *) want="skipped:zero variance of estimation-window residuals" ;;
  esac
  [ "$status" = "$want" ] || fail "HALT --model $model: '$status', expected '$want'"
done

real="--prices $PRICES/NVDA.csv --prices $PRICES/AMD.csv --prices $PRICES/AVGO.csv
  --prices $PRICES/TSM.csv --prices $PRICES/MSFT.csv"
for k in 1 2 3 4 5; do cp HALT.csv "H$k.csv"; done
# shellcheck disable=SC2086
evstudy --events ev.csv $real --market "$PRICES/SPY.csv" --model market --format json \
  | jq -S .aggregate > want.json
# shellcheck disable=SC2086
evstudy --events ev.csv $real --prices H1.csv --prices H2.csv --prices H3.csv \
  --prices H4.csv --prices H5.csv --market "$PRICES/SPY.csv" --model market --format json \
  > all.json
jq -S .aggregate all.json > got.json
test_cmp want.json got.json
[ "$(jq '[.results[] | select(.status == "skipped")] | length' all.json)" = 5 ] \
  || fail "the 5 halted pairs are not skipped"

# Overflow: 1e-300 on 2024-06-03 (line 3629), 1e300 on 2024-06-04.
awk -F, 'NR == 1 { print; next }
  $1 == "2024-06-03" { print $1 ",1e-300,1,1,1,1"; next }
  $1 == "2024-06-04" { print $1 ",1e300,1,1,1,1"; next } { print }' "$PRICES/NVDA.csv" > OVF.csv
line=$(grep -n '^2024-06-03,' OVF.csv | cut -d: -f1)
prev=$(sed -n "$((line - 1))p" OVF.csv | cut -d, -f1)
expect_error 3 "OVF.csv:$line:2: absurd return: price '1e-300' after '$(sed -n "$((line - 1))p" OVF.csv | cut -d, -f2 | awk '{ printf "%.10g", $1 }')' ($prev, line $((line - 1))), a ratio of $(sed -n "$((line - 1))p" OVF.csv | cut -d, -f2 | awk '{ printf "%.3g", 1e-300 / $1 }') (at most 1e+06 either way)" \
  --events ev.csv --prices OVF.csv --market "$PRICES/SPY.csv" --model garch
# The same file as the market.
expect_error 3 "OVF.csv:$line:2: absurd return: price '1e-300' after '$(sed -n "$((line - 1))p" OVF.csv | cut -d, -f2 | awk '{ printf "%.10g", $1 }')' ($prev, line $((line - 1))), a ratio of $(sed -n "$((line - 1))p" OVF.csv | cut -d, -f2 | awk '{ printf "%.3g", 1e-300 / $1 }') (at most 1e+06 either way)" \
  --events ev.csv --prices "$PRICES/MSFT.csv" --market OVF.csv --model market

# Reported days without factor returns (the 5-factor file ends on
# 2025-07-31; event 2025-07-25, days -10:10) have no expected return: they
# are not listed (before: empty cells, nan in the table), and the pair,
# whose windows have factor returns, stays ok.
printf 'date,label\n2025-07-25,late\n' > late.csv
evstudy --events late.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --model ff5 --factors "$FF5" --window -1:1 --format json > late.json
finite late.json
jq -c '.results[0] | [.status, (.ar | map(.day))]' late.json > got.txt
echo '["ok",[-10,-9,-8,-7,-6,-5,-4,-3,-2,-1,0,1,2,3,4]]' > want.txt
test_cmp want.txt got.txt
evstudy --events late.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --model ff5 --factors "$FF5" --window -1:1 --table ar > late.txt
finite late.txt
