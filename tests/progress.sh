#!/bin/sh
# Progress on a terminal only (issue 14): import and study print a
# one-line summary on stderr when it is a terminal, nothing more when it
# is not.  The terminal is script(1)'s pseudo-terminal (util-linux),
# skipped without it; the counts are those of the files given.
. "$TOP_SRCDIR/tests/setup"
need_shared

printf 'date,label\n2025-01-27,Selloff\n' > ev.csv
printf 'Date,Close\n2025-01-02,1\n2025-01-03,oops\n' > BAD.csv
# Not a terminal: only the error of the bad file.
set +e
evstudy import --db s.db "$PRICES/NVDA.csv" "$PRICES/SPY.csv" BAD.csv --events ev.csv \
  > out.txt 2> err.txt
set -e
printf "evstudy: BAD.csv:3:2: invalid price 'oops' in column 'Close'\n" > want.txt
test_cmp want.txt err.txt
evstudy --events ev.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" --format csv \
  > out.csv 2> err.txt
[ ! -s err.txt ] || { cat err.txt; fail "stderr not empty when it is not a terminal"; }

command -v script > /dev/null || { echo "SKIP: no script(1) for a terminal"; exit 77; }
# On a terminal: the summary line (script's typescript goes to a file).
rm -f s.db
script -qec "$EVSTUDY import --db s.db $PRICES/NVDA.csv $PRICES/SPY.csv BAD.csv --events ev.csv > out.txt" \
  typescript.txt > tty.txt 2>&1 || true
tr '\r' '\n' < tty.txt | sed 's/\x1b\[K//g' > tty-clean.txt
grep -q '^evstudy: import: 4 files, 3 imported, 1 failed, [0-9]*\.[0-9] s$' tty-clean.txt \
  || { cat tty-clean.txt; fail "no import summary on a terminal"; }
grep -q '^evstudy: import 1/4: ' tty-clean.txt || fail "no progress on a terminal"
grep -qx "evstudy: BAD.csv:3:2: invalid price 'oops' in column 'Close'" tty-clean.txt \
  || { cat tty-clean.txt; fail "the error shares a line with the progress"; }
script -qec "$EVSTUDY --events ev.csv --prices $PRICES/NVDA.csv --prices $PRICES/SPY.csv --format csv > out.csv" \
  typescript.txt > tty.txt 2>&1 || true
tr '\r' '\n' < tty.txt | sed 's/\x1b\[K//g' > tty-clean.txt
grep -q '^evstudy: study: 2 pairs, 2 estimated, 0 skipped, [0-9]*\.[0-9] s$' tty-clean.txt \
  || { cat tty-clean.txt; fail "no study summary on a terminal"; }
# The study's progress (its inputs, on the caller's thread), erased
# before the summary: the last count is of the 2 series studied.
grep -q '^evstudy: study 2/2 series$' tty-clean.txt \
  || { cat tty-clean.txt; fail "no study progress on a terminal"; }
