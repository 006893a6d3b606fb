#!/bin/sh
# nightly.sh -- evstudy's nightly job (README, "A nightly report from
# cron"): import every price file that imports, study on that data,
# publish the CSV and the report, and print a mail only when something
# was not updated, saying what was and what was not.
#
#   crontab:  PATH=/usr/local/bin:/usr/bin:/bin
#             30 22 * * 1-5  /srv/evstudy/nightly.sh
#
# EVSTUDY_HOME (default: this script's directory) holds market.db,
# data/prices/*.csv, datasets/releases.csv; log/ and out/ are created.
# One market per exchange: SPY for New York, ^HSI (HSI.csv) for Hong
# Kong, so that 9988.HK is never measured against the S&P 500.
set -u
PATH=/usr/local/bin:/usr/bin:/bin:$PATH   # cron's PATH lacks /usr/local/bin
cd "${EVSTUDY_HOME:-$(dirname "$0")}" || exit 1
mkdir -p log out || exit 1
day=$(date -u +%Y-%m-%d)

# Each file on its own, so that one bad file stops nothing but itself.
updated='' failed=''
for f in data/prices/*.csv; do
  if evstudy import --db market.db "$f" > log/last-import.txt 2> log/last-import.err; then
    grep -v ': unchanged' log/last-import.txt | sed "s|^|  |" >> log/updated.txt
    updated="$updated $(basename "$f")"
  else
    failed="$failed
  $(basename "$f"): $(tail -1 log/last-import.err)"
  fi
  cat log/last-import.txt log/last-import.err >> "log/import-$day.log"
done
events_ok=yes
evstudy import --db market.db --events datasets/releases.csv >> "log/import-$day.log" 2>&1 \
  || events_ok=no

# Study and publish on whatever imported.
evstudy run --db market.db --market SPY --market '^HSI' --format csv \
  -o out/car.csv --report out/report > log/run.txt 2> log/run.err
run=$?

if [ -n "$failed" ] || [ "$events_ok" = no ] || [ "$run" -ne 0 ]; then
  echo "evstudy nightly $day: NOT everything was updated."
  [ -z "$failed" ] || printf 'Not imported (the previous data of these series were used):%s\n' "$failed"
  [ "$events_ok" = yes ] || echo "The events file did not import (the previous events were used): $(tail -1 "log/import-$day.log")"
  if [ -s log/updated.txt ]; then echo "Updated:"; cat log/updated.txt; else echo "Updated: nothing new."; fi
  case $run in
    0) echo "Published: out/car.csv and out/report (run $(sed -n 's/^- Run \([0-9]*\) .*/\1/p' out/report/report.md))." ;;
    5) echo "Published out/car.csv and out/report, but some charts were not drawn:"; cat log/run.err ;;
    7) echo "Published, but the run measured nothing:"; cat log/run.err ;;
    *) echo "NOT published (evstudy run exited $run); the previous report stays:"; cat log/run.err ;;
  esac
fi
if [ -z "$failed" ] && [ "$events_ok" = yes ] && [ "$run" -eq 0 ] && [ -s log/run.err ]; then
  echo "evstudy nightly $day: published, with warnings:"
  cat log/run.err
fi
rm -f log/updated.txt log/last-import.txt log/last-import.err
[ "$run" -eq 0 ] || [ "$run" -eq 5 ] || exit "$run"
[ -z "$failed" ] && [ "$events_ok" = yes ]
