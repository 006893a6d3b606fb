#!/bin/sh
# SQL injection: tickers, labels and file names such as
# x'); DROP TABLE prices;-- are data: stored and printed as written, in
# run, export and history, and the tables are still there.  The expected
# output is the flag form's on the same files.
. "$TOP_SRCDIR/tests/setup"
. "$TOP_SRCDIR/tests/store-lib.sh"
need_sqlite3
evil="x'); DROP TABLE prices;--"
# A long file: the hostile ticker, and O'Brien"s as a second ticker.
big_prices p.csv 2 400 1
sed "s/,T00,/,$evil,/; s/,T01,/,O'Brien\"\"s,/" p.csv \
  | awk -F, -v OFS=, 'NR > 1 { $2 = "\"" $2 "\"" } { print }' > "it's.csv"
cat > "ev'; DELETE FROM runs;--.csv" <<EOT
date,label,company
2001-03-01,"$evil",Robert'); DROP TABLE series;--
2001-04-02,"say ""hi""; DROP TABLE events",x
EOT
ev="ev'; DELETE FROM runs;--.csv"
evstudy import --db m.db "it's.csv" --events "$ev" > out.txt
printf '%s\n' "it's.csv: $evil: new, 400 rows" "it's.csv: O'Brien\"s: new, 400 rows" \
  "$ev: 2 events (event set 1)" > want.txt
test_cmp want.txt out.txt

evstudy --events "$ev" --prices "it's.csv" --format csv --estimation -120:-11 --min-estimation 100 > flag.csv
grep -F "$evil" flag.csv > /dev/null || fail "flag form lost the label"
evstudy run --db m.db --events "$ev" --format csv --estimation -120:-11 --min-estimation 100 > run.csv
test_cmp flag.csv run.csv
evstudy export --db m.db --run 1 --format csv > export.csv
test_cmp flag.csv export.csv
evstudy --events "$ev" --prices "it's.csv" --format json --estimation -120:-11 --min-estimation 100 > flag.json
evstudy export --db m.db --run 1 --format json > export.json
# export holds the per-pair results; the aggregate comes from run --rerun.
jq -S 'del(.aggregate, .adjust)' flag.json > a.json
jq -S 'del(.aggregate, .adjust)' export.json > b.json
test_cmp a.json b.json
# Selecting the hostile series by its name, and using it as market.
evstudy run --db m.db --prices "$evil" --format csv --estimation -120:-11 --min-estimation 100 > one.csv
[ "$(grep -c "O'Brien" one.csv)" = 0 ] || fail "--prices selected the other series"
[ "$(grep -cF "$evil" one.csv)" -gt 4 ] || fail "--prices lost the series"
evstudy run --db m.db --market "$evil" --format csv --estimation -120:-11 --min-estimation 100 > mk.csv
evstudy history --db m.db --format csv > history.csv
grep -F -- "--prices $evil --format" history.csv > /dev/null || fail "history lost the args"

# The tables are all there, with the text as written.
[ "$(sql m.db 'SELECT sum(n) FROM price_deltas')" = 800 ] || fail "prices"
[ "$(sql m.db 'SELECT count(*) FROM runs')" = 3 ] || fail "runs"
[ "$(sql m.db "SELECT ticker FROM series WHERE id = 1")" = "$evil" ] || fail "ticker"
[ "$(sql m.db "SELECT label FROM events WHERE row = 1")" = "$evil" ] || fail "label"
[ "$(sql m.db "SELECT company FROM events WHERE row = 1")" = "Robert'); DROP TABLE series;--" ] || fail "company"
[ "$(sql m.db "SELECT source FROM series WHERE id = 1")" = "it's.csv" ] || fail "source"
[ "$(evstudy history --db m.db --check)" = ok ] || fail "check"
