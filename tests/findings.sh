#!/bin/sh
# --format text (issue 14): one sentence per pair and window.
# Expected text: tests/reference/expected/findings-nvda-baba-9988.txt,
# written by tests/reference/findings.py from the numbers of the
# independent base-R reference (study.R's nvda-baba-9988-{car,ar}.csv):
# returns and expected returns summed from R's daily rows, R's CAR, t, p,
# and the other events counted from R's day-0 dates.
. "$TOP_SRCDIR/tests/setup"
need_shared
expected="$TOP_SRCDIR/tests/reference/expected"

run () {
  evstudy --events "$TOP_SRCDIR/datasets/releases.csv" \
    --prices "$PRICES/NVDA.csv" --prices "$PRICES/BABA.csv" \
    --prices "$PRICES/9988.HK.csv" \
    --market "$PRICES/SPY.csv" --market "$PRICES/HSI.csv" "$@"
}

run --format text > text.txt
test_cmp "$expected/findings-nvda-baba-9988.txt" text.txt
# The sentence of the issue, whole.
grep -qF "  [0, 0] NVDA fell 16.97% on 2025-01-27; the market model expected −3.64%; the −13.33% abnormal return is 5.1 standard errors from zero (p < 0.001). No other event falls in this window, but four fall in the [−5, +5] span around it." text.txt \
  || fail "the NVDA sentence"
# -o writes the same bytes.
run --format text -o out.txt
test_cmp text.txt out.txt

# The store: export --format text of a run gives the same sentences.
evstudy import --db s.db "$PRICES/NVDA.csv" "$PRICES/BABA.csv" "$PRICES/9988.HK.csv" \
  "$PRICES/SPY.csv" "$PRICES/HSI.csv" --events "$TOP_SRCDIR/datasets/releases.csv" > /dev/null 2>&1
evstudy run --db s.db --market SPY --market '^HSI' --format text > run.txt
test_cmp text.txt run.txt
evstudy export --db s.db --run 1 --format text > export.txt
test_cmp text.txt export.txt

# A skipped pair says why, in a sentence (2010-01-20 leaves no estimation
# window: the data start on 2010-01-04).
printf 'date,label\n2010-01-20,Too early\n' > early.csv
evstudy --events early.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --format text --allow-empty > skip.txt 2> err.txt
sed -n 2p skip.txt | grep -q '^  NVDA was not measured: .*\.$' || { cat skip.txt; fail "skipped sentence"; }

# Log returns say "log return", not "fell".
printf 'date,label\n2025-01-27,Selloff\n' > ev.csv
evstudy --events ev.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" --returns log \
  --window 0:0 --format text > log.txt
grep -q "^  \[0, 0\] NVDA's log return on 2025-01-27 was −18\.59%" log.txt \
  || { cat log.txt; fail "log return wording"; }
# ln(118.38121 / 142.57329) = -0.185946 (NVDA.csv, 2025-01-24 and 27).

# Hostile labels: control characters are made visible (text_visible), one
# subject line per pair, nothing executed or interpreted.
printf 'date,label\n2025-01-27,"a ""quoted"" `id` $(id) <script>alert(1)</script>\nsecond line \033[2J end"\n' > hostile.csv
evstudy --events hostile.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --window 0:0 --format text > h.txt
[ "$(wc -l < h.txt)" -eq 4 ] || { cat h.txt; fail "hostile label broke the lines"; }
grep -qF 'NVDA, event 1 (2025-01-27): a "quoted" `id` $(id) <script>alert(1)</script>\nsecond line \x1b[2J end' h.txt \
  || { cat h.txt; fail "hostile label not shown visibly"; }
! grep -q "$(printf '\033')" h.txt || fail "a raw escape reached the terminal"

# Usage: an unknown format names text among the choices.
expect_error 2 "invalid --format 'words': expected table, csv, json or text" \
  --events ev.csv --prices "$PRICES/NVDA.csv" --format words
