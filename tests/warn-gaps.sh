#!/bin/sh
# Issue 11, item 19: a gap in the data or an unadjusted split inside an
# event window is warned about (the warnings field of JSON, the last CSV
# column of the CAR table, a note under the pair's table, the report's
# event section and warnings, and one line on stderr) instead of passing
# as an abnormal return.  Fixtures are built here for the purpose: a
# market M with every weekday of 2023 and stocks whose prices are made
# so that each case's return and gap are known by construction; the
# expected calendar days come from GNU date, not from evstudy.
. "$TOP_SRCDIR/tests/setup"

# Weekdays of 2023 with their index; prices move a little every day.
seq 0 364 | sed 's/.*/2023-01-02 + & days/' | date -f - '+%F %u' \
  | awk '$2 < 6 { print $1 }' > days
# Stocks move a little apart from their market (the cos term), so that
# the market model does not fit them exactly (a zero residual variance
# is skipped, item 6).
mk () { case $1 in M*) own=0 ;; *) own=1 ;; esac
  awk -v skip="$2" -v sd="$3" -v crash="${4:-}" -v own="$own" '
  BEGIN { print "Date,Close" }
  { p = 100 + (NR % 3) + 0.5 * sin(NR) + own * 0.3 * cos(1.7 * NR)
    if (sd != "" && $1 >= sd) p = p / 10
    if (crash != "" && $1 >= crash) p = p * 0.4
    n = split(skip, s, " "); drop = 0
    for (k = 1; k <= n; k += 2) if ($1 >= s[k] && $1 <= s[k + 1]) drop = 1
    if (!drop) print $1 "," p }' days > "$1"; }
mk M.csv "" ""
mk M2.csv "" "" 2023-08-15
# GAP: no prices from June to September (a 4-month hole).
mk GAP.csv "2023-06-01 2023-09-30" ""
# SPLIT: an unadjusted 10:1 split on 2023-08-15 (every later price / 10).
mk SPLIT.csv "" 2023-08-15
# CRASH: falls 60% on 2023-08-15 with its market M2: shared, no warning.
mk CRASH.csv "" "" 2023-08-15
# TEN and ELEVEN: a week missing, the next return spans 10 calendar
# days (2023-08-04 to 08-14: no warning), or one more day missing: 11.
mk TEN.csv "2023-08-07 2023-08-11" ""
mk ELEVEN.csv "2023-08-07 2023-08-14" ""
printf 'date,label,tickers\n2023-07-15,In the gap,GAP\n2023-08-14,Before the split,SPLIT\n2023-08-14,Crash,CRASH\n2023-08-14,Ten,TEN\n2023-08-14,Eleven,ELEVEN\n' > ev.csv

days_between () { echo $(( ($(date -d "$2" +%s) - $(date -d "$1" +%s)) / 86400 )); }
gap=$(days_between 2023-05-31 2023-10-02)       # 124: Wed 31 May to Mon 2 Oct
# The split day's return from the fixture itself: p(08-15)/p(08-14) - 1.
jump=$(awk -F, '$1 == "2023-08-14" { p0 = $2 } $1 == "2023-08-15" { printf "%+.1f%%", 100 * ($2 / p0 - 1) }' SPLIT.csv)
eleven=$(days_between 2023-08-04 2023-08-15)    # 11
[ "$(days_between 2023-08-04 2023-08-14)" -eq 10 ] || fail "fixture: ten days"

study () {
  evstudy --events ev.csv --prices GAP.csv --prices SPLIT.csv --prices TEN.csv \
    --prices ELEVEN.csv --market M.csv --estimation -60:-11 --min-estimation 30 "$@"
}
study --format json > out.json 2> err.txt
# Each event names its ticker: four pairs.  The gap's day 0 is
# 2023-10-02, the first session after the event; SPLIT's day 0 is
# 2023-08-14 and the split day +1 ($jump); ELEVEN has no 2023-08-14, so
# its day 0 is 2023-08-15, whose return spans 11 days; TEN's day-0
# return (2023-08-14) spans 10, which is no gap.
jq -r '.results[] | "\(.ticker)|\(.status)|\(.warnings | join(" / "))"' out.json > got.txt
cat > want.txt <<EOT
GAP|ok|a return spanning $gap calendar days on day +0 (2023-10-02)
SPLIT|ok|a return of $jump on day +1 (2023-08-15) that the market does not share
TEN|ok|
ELEVEN|ok|a return spanning $eleven calendar days on day +0 (2023-08-15)
EOT
test_cmp want.txt got.txt

# stderr: one line for the three pairs, naming the first.
printf '%s\n' "evstudy: warning: 3 pairs with a gap or an unshared jump in an event window (see warnings in the output), first GAP event 1: a return spanning $gap calendar days on day +0 (2023-10-02)" > want-err.txt
test_cmp want-err.txt err.txt

# CSV: the warnings column (20th) of the CAR table, on every window row of the pair.
study --format csv 2> /dev/null > out.csv
head -1 out.csv | grep -q ',bhar,warnings,' || fail "CSV header"
grep -c ",a return of $jump on day +1 (2023-08-15) that the market does not share,M," out.csv > n.txt \
  || true
echo 4 > want-n.txt
test_cmp want-n.txt n.txt
awk -F, '$3 == "TEN" && $20 != ""' out.csv > ten.txt
[ ! -s ten.txt ] || fail "TEN has a warning"

# The table: a note under the pair's CAR table.
study 2> /dev/null > out.txt
grep -qxF "  warning: a return spanning $gap calendar days on day +0 (2023-10-02)" out.txt \
  || fail "table note"

# --max-gap-days: a wider tolerance drops the gap warnings, not the jump.
study --max-gap-days $gap --format json 2> err.txt > out.json
jq -r '.results[] | select(.warnings != []) | .ticker' out.json > got.txt
echo SPLIT > want.txt
test_cmp want.txt got.txt
expect_error 2 "invalid --max-gap-days '0': expected a number from 1 to 100000" \
  --events ev.csv --prices GAP.csv --max-gap-days 0

# A fall the market shares (M2 falls 60% with CRASH) is no warning.
evstudy --events ev.csv --prices CRASH.csv --market M2.csv --estimation -60:-11 \
  --min-estimation 30 --format json 2> err.txt > out.json
[ ! -s err.txt ] || fail "a shared fall was warned about: $(cat err.txt)"
jq -e '.results[0].warnings == [] and .results[0].status == "ok"' out.json > /dev/null \
  || fail "CRASH warnings"
# Without a market the same fall is unshared.
crash=$(awk -F, '$1 == "2023-08-14" { p0 = $2 } $1 == "2023-08-15" { printf "%+.1f%%", 100 * ($2 / p0 - 1) }' CRASH.csv)
evstudy --events ev.csv --prices CRASH.csv --estimation -60:-11 --min-estimation 30 \
  --format json 2> /dev/null > out.json
jq -r '.results[0].warnings[]' out.json > got.txt
echo "a return of $crash on day +1 (2023-08-15) that the market does not share" > want.txt
test_cmp want.txt got.txt

# The report: a line in the event's section and in the warnings.
if command -v gnuplot > /dev/null; then
  export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"
  set +e
  study --format csv --report rep > /dev/null 2>&1
  set -e
  for f in rep/report.md rep/index.html; do
    grep -qF "Warning, SPLIT: a return of $jump on day +1 (2023-08-15) that the market does not share." "$f" \
      || fail "$f: event section"
    grep -qF "event 1 (In the gap) on GAP: a return spanning $gap calendar days" "$f" \
      || fail "$f: warnings section"
  done
fi
