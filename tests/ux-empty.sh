#!/bin/sh
# No silent emptiness (issue 14): a run that measured nothing warns on
# stderr, says so in the report, and exits 7 unless --allow-empty; an
# aggregate over no pairs is null (JSON) or empty (CSV), never 0.
. "$TOP_SRCDIR/tests/setup"
# The chart templates of the source tree (a build outside it has none).
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"
need_shared

# The events name a ticker that no --prices file has (a typo of NVDA).
printf 'date,label,tickers\n2025-01-27,Selloff,NVDAA\n' > typo.csv
nomatch="evstudy: warning: nothing studied: no event applies to any studied series (check the events' tickers)"
set +e
evstudy --events typo.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --format json > out.json 2> err.txt
status=$?
set -e
[ "$status" -eq 7 ] || fail "exit status $status, expected 7"
echo "$nomatch" > want.txt
test_cmp want.txt err.txt
grep -q '"results": \[\]' out.json || fail "no empty results in the JSON"
# Every cell of the aggregate is over no pairs: null, never 0.
[ "$(grep -c '"n": 0, "mean": null, "clustered": 0, "kp_rbar": null' out.json)" -eq 4 ] \
  || fail "aggregate over no pairs is not null"
! grep -q '"mean": 0' out.json || fail "a CAAR of 0 over no pairs"

# --allow-empty: the same warning, exit 0.
evstudy --events typo.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --allow-empty --format csv --table aggregate > out.csv 2> err.txt
test_cmp want.txt err.txt
cat > want.csv <<'EOT'
group_by,group,kind,day,window_start,window_end,n,mean,clustered,kp_rbar
,all,window,,-1,1,0,,0,
,all,window,,0,0,0,,0,
,all,window,,0,1,0,,0,
,all,window,,-5,5,0,,0,
EOT
test_cmp want.csv out.csv

# Every pair skipped: an event after the data's last session
# (NVDA.csv ends on 2025-12-30).
printf 'date,label\n2030-01-02,Later\n' > late.csv
set +e
evstudy --events late.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --table car > out.txt 2> err.txt
status=$?
set -e
[ "$status" -eq 7 ] || fail "exit status $status, expected 7 (every pair skipped)"
echo "evstudy: warning: nothing studied: every pair was skipped (1 pair; first NVDA event 1: event after the last session of the data (2025-12-30))" > want.txt
test_cmp want.txt err.txt
grep -q 'skipped' out.txt || fail "the skipped pair is not in the table"

# The report says it too (its Warnings section), and the status is 7
# whether or not the charts were drawn.
set +e
evstudy --events typo.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --report rep --gnuplot /nonexistent/gnuplot > out.txt 2> err.txt
status=$?
set -e
[ "$status" -eq 7 ] || fail "exit status $status, expected 7 with --report"
grep -qF "nothing studied: no event applies to any studied series" rep/report.md \
  || fail "report.md does not say that nothing was studied"
grep -qF "nothing studied: no event applies to any studied series" rep/index.html \
  || fail "index.html does not say that nothing was studied"

# A run that measured something is unchanged: exit 0, no such warning.
printf 'date,label\n2025-01-27,Selloff\n' > ok.csv
evstudy --events ok.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --format json > out.json 2> err.txt
[ ! -s err.txt ] || fail "a warning on a run that measured something"
grep -q '"n": 1, "mean": -0.09' out.json || fail "the CAAR of one pair is missing"
