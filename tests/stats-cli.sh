#!/bin/sh
# Command line of the aggregate: options, errors, output layouts.
. "$TOP_SRCDIR/tests/setup"
need_shared
P=$PRICES
E="$FIXTURES/events"
THREE="--prices $P/NVDA.csv --prices $P/AMD.csv --prices $P/MSFT.csv --market $P/SPY.csv"

expect_error 2 "invalid --group-by 'nosuch': expected ticker, event, company or a column of $E/stats-groups.csv" \
  --events "$E/stats-groups.csv" $THREE --group-by nosuch
expect_error 2 "invalid --adjust 'bonferroni': expected holm or bh" \
  --events "$E/selloff.csv" $THREE --adjust bonferroni
expect_error 2 "invalid --table 'foo': expected car, ar, car-path, aggregate, aggregate-days, aggregate-windows or tests" \
  --events "$E/selloff.csv" $THREE --table foo
expect_error 2 "invalid --bootstrap '0': expected a number from 1 to 10000000" \
  --events "$E/selloff.csv" $THREE --bootstrap 0
expect_error 2 "invalid --seed 'x': expected a number from 0 to 4294967295" \
  --events "$E/selloff.csv" $THREE --seed x

# --group-by: the whole run, then each value in order of appearance.
for by in ticker event company type; do
  evstudy --events "$E/stats-groups.csv" $THREE --group-by $by --format csv \
    --table aggregate > agg-$by.csv
done
printf '%s\n' 'group_by,group,kind,day,window_start,window_end,n,mean,clustered,kp_rbar' > want.txt
head -n 1 agg-type.csv > got.txt
test_cmp want.txt got.txt
# 6 pairs: the selloff for all three, the May results for NVDA and AMD,
# the November results for NVDA (fixture's tickers column).
awk -F, '$3 == "window" && $5 == 0 && $6 == 0 { print $1 "|" $2 "|" $7 "|" $9 }' agg-type.csv > got.txt
printf '%s\n' '|all|6|5' 'type|shock|3|3' 'type|earnings|3|2' > want.txt
test_cmp want.txt got.txt
awk -F, '$3 == "window" && $5 == 0 && $6 == 0 { print $2 "|" $7 }' agg-ticker.csv > got.txt
printf '%s\n' 'all|6' 'NVDA|3' 'AMD|2' 'MSFT|1' > want.txt
test_cmp want.txt got.txt
# The fixture has no company column: one group with the empty value.
awk -F, '$3 == "window" && $5 == 0 && $6 == 0 { print $2 "|" $7 }' agg-company.csv > got.txt
printf '%s\n' 'all|6' '|6' > want.txt
test_cmp want.txt got.txt
# The group's AAR on day 0 is the mean of its pairs' ARs (--table ar).
evstudy --events "$E/stats-groups.csv" $THREE --format csv --table ar > ar.csv
awk -F, '$4 == 0 { s += $9; n++ } END { printf "%.12g\n", s / n }' ar.csv > want.txt
awk -F, '$2 == "all" && $3 == "day" && $4 == 0 { printf "%.12g\n", $8 }' agg-type.csv > got.txt
test_cmp want.txt got.txt

# JSON: a top-level "aggregate" list of {group, kind, window_start and
# window_end | day, n, mean, tests: [{test, statistic, df, p}]}.
evstudy --events "$E/stats-groups.csv" $THREE --group-by type --adjust holm --format json > out.json
jq -e '.adjust == "holm" and (.aggregate | length) == 3 * (21 + 4)' out.json > /dev/null || fail "aggregate length"
jq -e '[.aggregate[] | has("mean") and ((.kind == "window" and has("window_start") and has("window_end")) or (.kind == "day" and has("day")))] | all' out.json > /dev/null \
  || fail "cells without kind, window_start/window_end or day, mean"
jq -e '[.aggregate[].tests[] | has("test") and has("statistic") and has("df") and has("p") and has("p_adj")] | all' out.json > /dev/null \
  || fail "tests without test, statistic, df, p"
jq -e '[.aggregate[0].tests[].test] == ["t","bw1980","bw1985","patell","patell_kp","bmp","bmp_kp","skew_t","hall_t","lamb","sign","sign_z","gsign","csign","rank","czrank","grank_t","grank_z","wilcoxon","wilcoxon_z"]' out.json > /dev/null \
  || fail "test list: $(jq -c '[.aggregate[0].tests[].test]' out.json)"
jq -e '[.aggregate[] | select(.group == "shock")][0] | .clustered == 3 and .kp_rbar > 0' out.json > /dev/null \
  || fail "clustering not reported"

# The default table shows the aggregate when there are several pairs and
# says when the Kolari-Pynnonen adjustment applies.
evstudy --events "$E/selloff.csv" $THREE > table.txt
grep -q '^aggregate all: 3 pairs$' table.txt || fail "no aggregate block"
grep -q '^  3 pairs share a day 0: Kolari-Pynnonen adjustment applied' table.txt || fail "no KP note"

# Skipped pairs are left out of the aggregate; a hostile label is a group
# name like any other (kept as written, quoted in CSV, escaped in JSON).
evstudy --events "$E/hostile.csv" --prices "$P/NVDA.csv" --market "$P/SPY.csv" \
  --group-by event --format json > hostile.json
jq -e '[.results[].status] == ["ok", "skipped", "skipped"]' hostile.json > /dev/null || fail "hostile statuses"
jq -e '[.aggregate[] | select(.window_start == 0 and .window_end == 0) | [.group, .n]]
       == [["all", 1], [.results[0].label, 1]]' hostile.json > /dev/null \
  || fail "hostile groups: $(jq -c '[.aggregate[] | select(.window_start == 0 and .window_end == 0) | [.group, .n]]' hostile.json)"
[ ! -e pwned ] || fail "a label was executed"
evstudy --events "$E/hostile.csv" --prices "$P/NVDA.csv" --market "$P/SPY.csv" \
  --group-by event --format csv --table aggregate > hostile.csv
# 2 groups x (21 days + 4 windows) records plus the header: numdiff parses
# the RFC 4180 quoting (the label holds commas, quotes and a newline).
"$TOP_BUILDDIR/tests/numdiff" hostile.csv hostile.csv
[ "$(grep -c '^event,"`touch pwned` $(touch pwned), ""quoted"", and a$' hostile.csv)" -eq 25 ] \
  || fail "hostile label not quoted as RFC 4180"
