#!/bin/sh
# --report DIR: index.html and report.md with the charts beside them,
# self-contained (no script, nothing from the network), with every section
# of the issue; replaced atomically, a failed run leaves the previous
# report, and a directory that is not a report is never replaced.
. "$TOP_SRCDIR/tests/setup"
need_shared
command -v gnuplot >/dev/null || { echo "SKIP: gnuplot not installed"; exit 77; }
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"

run () {
  evstudy --events "$TOP_SRCDIR/datasets/releases.csv" \
    --prices "$PRICES/NVDA.csv" --prices "$PRICES/BABA.csv" \
    --prices "$PRICES/9988.HK.csv" \
    --market "$PRICES/SPY.csv" --market "$PRICES/HSI.csv" --format csv "$@"
}

run --report rep > out.csv
[ -s rep/index.html ] && [ -s rep/report.md ] || fail "report files missing"
version=$(evstudy --version | sed 's/^evstudy //')
for f in rep/index.html rep/report.md; do
  for s in 'Parameters' 'Data' 'Summary: CAR over the main window -1:1' \
           'Event 9: Qwen 2.5-Max launched on the first day of the Lunar New Year' \
           'Across events' 'Warnings' "evstudy $version" 'gnuplot 5'; do
    grep -qF "$s" "$f" || fail "$f lacks '$s'"
  done
done
# Every confounded pair is listed: DeepSeek-R1 and Kimi k1.5 share day 0.
grep -qF 'event 5 (DeepSeek-R1 released) on NVDA is confounded by: event 6 (Kimi k1.5 released), event 7' rep/report.md \
  || fail "confounded events not in the warnings"
# The aggregate tests are in the report with the statistic and p-value
# that --table tests prints (the cross-sectional t of window -1:1, rounded
# as the report rounds it).
run --table tests | awk -F, '$1 == "" && $2 == "all" && $3 == "window" && $5 == -1 && $6 == 1 && $9 == "t" {
  printf "| \\[-1, +1\\] | %d | %.2f | %.2f (%.4f)", $7, 100 * $8, $10, $12 }' > want-row.txt
[ -s want-row.txt ] || fail "no t test for window -1:1"
grep -qF "$(cat want-row.txt)" rep/report.md || fail "report lacks the aggregate row '$(cat want-row.txt)'"
# Self-contained: no script, no remote resource; every image is a file
# beside the page, non-empty, in SVG (the report's default).
! grep -qi '<script' rep/index.html || fail "script in the report"
! grep -qiE '(src|href)="[a-z]+:' rep/index.html || fail "remote resource in the report"
sed -n 's/.*<img src="\([^"]*\)".*/\1/p' rep/index.html > imgs.txt
[ "$(wc -l < imgs.txt)" -eq 68 ] || fail "expected 68 charts in the report (41 and 27 actual), got $(wc -l < imgs.txt)"
while read -r i; do
  case $i in *.svg) ;; *) fail "chart $i is not SVG" ;; esac
  head -c 400 "rep/$i" | grep -q '<svg' || fail "rep/$i is not an SVG image"
done < imgs.txt
! grep -qil '<script' rep/*.svg || fail "script in a chart of the report"
grep -c '^!\[' rep/report.md > n.txt
[ "$(cat n.txt)" -eq 68 ] || fail "expected 68 charts in report.md"

# PNG on request.
run --report rep-png --plot-format png > /dev/null
grep -q '<img src="summary.png"' rep-png/index.html || fail "no PNG chart with --plot-format png"

# Skipped pairs and their reasons are warnings.
evstudy --events "$FIXTURES/events/hostile.csv" --prices "$PRICES/NVDA.csv" \
  --market "$PRICES/SPY.csv" --format csv --report rep2 > /dev/null
grep -qF 'skipped: event 2 (After the data) on NVDA: event after the last session of the data' rep2/report.md \
  || fail "skipped pair not in the warnings"

# A new run replaces the report as a whole ...
cp rep/index.html first.html
run --report rep --window 0:1 > /dev/null
! cmp -s first.html rep/index.html || fail "report not replaced"
[ -s rep/.evstudy-report ] || fail "no marker in the report"
# ... and a failed one leaves it in place, with no temporary directory.
cp rep/index.html before.html
expect_error 4 "nowhere: no chart templates (price.gp) in this directory" \
  --events "$TOP_SRCDIR/datasets/releases.csv" --prices "$PRICES/NVDA.csv" \
  --format csv -o results.csv --report rep --plot-templates nowhere
test_cmp before.html rep/index.html
[ -z "$(ls -d rep.evstudy-tmp.* 2>/dev/null)" ] || fail "temporary report directory left"

# A directory of other files is not replaced.
mkdir notes
echo keep > notes/precious.txt
expect_error 4 "notes: exists and is not an evstudy report (no .evstudy-report listing its files): not replaced" \
  --events "$TOP_SRCDIR/datasets/releases.csv" --prices "$PRICES/NVDA.csv" \
  --format csv -o results.csv --report notes
[ "$(cat notes/precious.txt)" = keep ] || fail "a directory of other files was touched"
