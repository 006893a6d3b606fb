#!/bin/sh
# The command line: usage errors, bad event files, output handling.  Each
# error case checks the exit status, the exact message and an empty stdout.
. "$TOP_SRCDIR/tests/setup"
need_shared
E="$FIXTURES/events"
NVDA="$PRICES/NVDA.csv"
SPY="$PRICES/SPY.csv"

evstudy --help > help.txt
grep -q '^Usage: evstudy --events FILE --prices FILE' help.txt || fail "--help"
evstudy --version | grep -q '^evstudy [0-9]' || fail "--version"

# Usage errors: exit 2.
expect_error 2 "no --events file given" --prices "$NVDA"
expect_error 2 "no --prices file given" --events "$E/min.csv"
expect_error 2 "invalid --window '1:-1': start after end" --events "$E/min.csv" --prices "$NVDA" --window 1:-1
expect_error 2 "invalid --estimation 'x': expected A:B, e.g. -1:1" --events "$E/min.csv" --prices "$NVDA" --estimation x
expect_error 2 "invalid --model 'capm': expected mean, market-adjusted, market, ff3, ff5, carhart, factors, scholes-williams, dimson or garch" --events "$E/min.csv" --prices "$NVDA" --model capm
expect_error 2 "--model market needs --market" --events "$E/min.csv" --prices "$NVDA" --model market
expect_error 2 "invalid --format 'xml': expected table, csv, json or text" --events "$E/min.csv" --prices "$NVDA" --format xml
expect_error 2 "estimation window -250:-1 overlaps the event windows (-5:5)" --events "$E/min.csv" --prices "$NVDA" --estimation -250:-1
expect_error 2 "--min-estimation 300 is longer than the estimation window -250:-11" --events "$E/min.csv" --prices "$NVDA" --min-estimation 300
expect_error 2 "unknown exchange 'XX' (known: US HK SS SZ T L DE PA TO)" --events "$E/min.csv" --prices "$NVDA" --exchange NVDA=XX
expect_error 2 "--ticker 'A' is not followed by a --prices file" --events "$E/min.csv" --prices "$NVDA" --ticker X --ticker A
expect_error 2 "unexpected argument 'stray'" --events "$E/min.csv" --prices "$NVDA" stray

# Bad event files: exit 3, with file, line and column.
expect_error 3 "$E/bad-date.csv:3:1: invalid date '2025-13-01'" --events "$E/bad-date.csv" --prices "$NVDA"
expect_error 3 "$E/no-date.csv:1: no 'date' column" --events "$E/no-date.csv" --prices "$NVDA"
expect_error 3 "$E/no-label.csv:1: no 'label' column (also accepted: event, title, name)" --events "$E/no-label.csv" --prices "$NVDA"
expect_error 3 "$E/no-tz.csv:2:2: time without a timezone (add a timezone column or an offset)" --events "$E/no-tz.csv" --prices "$NVDA"
expect_error 3 "$E/bad-tz.csv:2:3: unknown timezone 'Mars/Olympus'" --events "$E/bad-tz.csv" --prices "$NVDA"
expect_error 3 "$E/empty-label.csv:2:2: empty label" --events "$E/empty-label.csv" --prices "$NVDA"
expect_error 3 "$E/header-only.csv: no events" --events "$E/header-only.csv" --prices "$NVDA"
expect_error 3 "$E/extra-field.csv:2: expected 2 fields, found 3" --events "$E/extra-field.csv" --prices "$NVDA"
expect_error 4 "no-such.csv: cannot read: No such file or directory" --events no-such.csv --prices "$NVDA"

# Hostile text is data: printed as written, nothing executed; events
# outside the data are skipped with a reason, and the others still run.
evstudy --events "$E/hostile.csv" --prices "$NVDA" --market "$SPY" --format json > out.json
[ ! -e pwned ] || fail "a label was executed"
jq -e '.results[0].label == "`touch pwned` $(touch pwned), \"quoted\", and a\nnewline"' out.json > /dev/null || fail "label not kept as written"
jq -e '.results[1].status == "skipped" and (.results[1].reason | startswith("event after the last session of the data"))' out.json > /dev/null || fail "event after data"
jq -e '.results[2].status == "skipped" and .results[2].reason == "no prices of SPY before 2021-01-04 (the event'"'"'s day 0 on NVDA is 2010-03-01)"' out.json > /dev/null || fail "event before data: $(jq .results[2].reason out.json)"
evstudy --events "$E/hostile.csv" --prices "$NVDA" --market "$SPY" --format csv > out.csv
head -n 3 out.csv | tail -n 2 | head -n 1 | grep -q '^1,"`touch pwned` \$(touch pwned), ""quoted"", and a$' || fail "CSV quoting"

# --output writes atomically and stays empty-handed on error.
evstudy --events "$E/min.csv" --prices "$NVDA" --market "$SPY" --format csv -o res.csv
[ -s res.csv ] && [ "$(ls | grep -c '^res.csv.tmp')" -eq 0 ] || fail "--output"
cp res.csv before.csv
expect_error 3 "$E/bad-date.csv:3:1: invalid date '2025-13-01'" --events "$E/bad-date.csv" --prices "$NVDA" -o res.csv
test_cmp before.csv res.csv

# A full disk is an I/O error, not a silent success.
if [ -w /dev/full ]; then
  set +e; evstudy --events "$E/min.csv" --prices "$NVDA" --format json > /dev/full 2> err.txt; st=$?; set -e
  [ $st -eq 4 ] || fail "/dev/full: exit $st"
  grep -q '^evstudy: write error: No space left on device$' err.txt || fail "/dev/full message: $(cat err.txt)"
fi

# JSON: the documented structure, nulls where undefined (mean model: no
# beta, no R^2, no market return).
evstudy --events "$E/min.csv" --prices "$NVDA" --format json > mean.json
jq -e '.model == "mean" and .returns == "simple" and .estimation == [-250, -11]
  and .windows == [[-1,1],[0,0],[0,1],[-5,5]] and (.results | length) == 1
  and (.results[0] | .event == 1 and .ticker == "NVDA" and .market == null
       and .day0 == "2025-01-27" and .status == "ok" and .reason == null
       and .estimation.n_est == 240 and .estimation.beta == null and .estimation.r2 == null
       and (.ar | length) == 21 and .ar[10].day == 0 and .ar[10].market_return == null
       and (.car | map([.window_start, .window_end])) == [[-1,1],[0,0],[0,1],[-5,5]] and .car[0].df == 239)' \
  mean.json > /dev/null || fail "JSON structure"

# --ticker names the file before it; --exchange moves a series to another
# calendar: 9988.HK's file renamed ALIBABA is a US series unless told, so
# an event at 17:00 in Hong Kong on Friday 2025-01-24 (04:00 in New York)
# gets day 0 2025-01-24 on the US clock, but 2025-01-27 on Hong Kong's,
# where it came after the 16:00 close.
printf 'date,label\n2025-01-24T17:00+08:00,After the Hong Kong close\n' > ev.csv
day0 () { evstudy --events ev.csv --prices "$PRICES/9988.HK.csv" --ticker ALIBABA "$@" \
  --format csv | awk -F, 'NR == 2 { print $3, $5 }'; }
[ "$(day0)" = "ALIBABA 2025-01-24" ] || fail "--ticker: $(day0)"
[ "$(day0 --exchange ALIBABA=HKEX)" = "ALIBABA 2025-01-27" ] || fail "--exchange: $(day0 --exchange ALIBABA=HKEX)"
