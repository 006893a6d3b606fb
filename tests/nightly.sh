#!/bin/sh
# The README's nightly recipe, doc/nightly.sh (issue 14), run as cron
# would: three times in one home directory,
#   1. on the data (five price files, one market per exchange): silent;
#   2. after a new NVDA price row: silent, and the report's "since the
#      previous run" lists the new row;
#   3. with a bad price file beside the good ones and one more new row:
#      the mail (stdout) says what was not imported and what was, and
#      the results are published on the data that imported.
# Also: log/ and out/ are created, cron's PATH is extended to
# /usr/local/bin, and no series is measured against another exchange's
# market.  Dates are the last rows of the files (read with sed here).
. "$TOP_SRCDIR/tests/setup"
need_shared
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"
export SOURCE_DATE_EPOCH=1700000000

# evstudy on PATH as an installed program would be, beside the system's
# directories only (gnuplot from /usr/bin when installed; without it the
# charts are not drawn, exit 5, which the recipe reports).
mkdir bin home
ln -s "$EVSTUDY" bin/evstudy
mkdir -p home/data/prices home/datasets
cp "$TOP_SRCDIR/datasets/releases.csv" home/datasets/
# NVDA up to 2025-02-05 (line 3798), then one row more per run.
head -n 3798 "$PRICES/NVDA.csv" > home/data/prices/NVDA.csv
for f in BABA 9988.HK SPY HSI; do cp "$PRICES/$f.csv" home/data/prices/; done
cp "$TOP_SRCDIR/doc/nightly.sh" home/
job () {
  env -i HOME="$tmp" PATH="$tmp/bin:/usr/bin:/bin" EVSTUDY_PLOTS="$EVSTUDY_PLOTS" \
    SOURCE_DATE_EPOCH=1700000000 sh home/nightly.sh > mail.txt 2> stderr.txt
}

# 1. First night: exit 0 or 5 (no gnuplot here); log/ and out/ made.
set +e; job; st=$?; set -e
[ -d home/log ] && [ -d home/out ] || fail "log/ or out/ not created"
[ -s home/out/car.csv ] && [ -s home/out/report/report.md ] || fail "nothing published"
grep -qxF -- "- Run 1 of the store, on prices as of import generation 6" home/out/report/report.md \
  || fail "run 1 (five files and the events: generation 6)"
! grep -q 'measured against' stderr.txt mail.txt home/out/report/report.md \
  || fail "a series measured against another exchange's market"
if command -v gnuplot > /dev/null; then
  [ ! -s mail.txt ] || { cat mail.txt; fail "a mail on a night when all went well"; }
fi

# 2. A new row (2025-02-06).
head -n 3799 "$PRICES/NVDA.csv" > home/data/prices/NVDA.csv
set +e; job; set -e
grep -qxF -- "- NVDA: 1 new price, 2025-02-06 to 2025-02-06" home/out/report/report.md \
  || { sed -n '/Since/,/Summary/p' home/out/report/report.md; fail "new row not in the report"; }
grep -qxF "Compared with run 1 (prices as of import generation 6)." home/out/report/report.md \
  || fail "not compared with run 1"

# 3. A bad file and one more row (2025-02-07).
head -n 3800 "$PRICES/NVDA.csv" > home/data/prices/NVDA.csv
printf 'Date,Close\n2025-01-02,12.5\n2025-01-03,oops\n' > home/data/prices/BAD.csv
set +e; job; st=$?; set -e
[ "$st" -ne 0 ] || fail "a bad file, yet exit 0"
grep -q '^evstudy nightly .*: NOT everything was updated\.$' mail.txt || { cat mail.txt; fail "no mail"; }
grep -q '^  BAD.csv: evstudy: .*BAD.csv:3.*oops' mail.txt || { cat mail.txt; fail "the bad file is not named with its line"; }
grep -qF '  data/prices/NVDA.csv: NVDA: 1 rows added, 0 changed' mail.txt || { cat mail.txt; fail "NVDA's update not in the mail"; }
grep -q '^Published' mail.txt || { cat mail.txt; fail "not published"; }
grep -q -- "^- Run 3 of the store" home/out/report/report.md \
  || { grep "^- Run" home/out/report/report.md; fail "run 3 not published"; }
grep -qxF -- "- NVDA: 1 new price, 2025-02-07 to 2025-02-07" home/out/report/report.md \
  || fail "the row of night 3 not in the report"
# The published CSV holds every pair: a header, 9 events x 3 series x
# 4 windows.
[ "$(wc -l < home/out/car.csv)" -eq 109 ] || fail "car.csv rows"
