# tests/store-lib.sh -- sourced by the store tests after tests/setup.
#
# The checks read the database with the sqlite3 command-line tool
# (Debian package sqlite3), independently of evstudy's own code.

need_sqlite3 () {
  command -v sqlite3 >/dev/null 2>&1 \
    || { echo "SKIP: no sqlite3 command-line tool (Debian package sqlite3)"; exit 77; }
}

# sql DB SQL...: runs SQL on DB with the sqlite3 tool, stopping on error.
sql () { sqlite3 -batch -bail "$@"; }

# big_prices FILE NT ND SCALE: writes a long layout file (Date,ticker,price)
# of NT tickers T00.. with ND weekdays each.
big_prices () {
  awk -v nt="$2" -v nd="$3" -v scale="$4" -f "$TOP_SRCDIR/tests/store-gen.awk" > "$1"
}

# nvda_downloads: an old and a newer download of NVDA, old/NVDA.csv and
# new/NVDA.csv.  The old one ends at line 3000; the new one at 3400 (400
# more sessions), with Close (the price) of lines 2..2000 times 0.99, as
# after a dividend.
nvda_downloads () {
  mkdir old new
  head -n 3000 "$PRICES/NVDA.csv" > old/NVDA.csv
  head -n 3400 "$PRICES/NVDA.csv" \
    | awk -F, -v OFS=, 'NR >= 2 && NR <= 2000 { $2 = sprintf("%.10f", $2 * 0.99) } { print }' \
    > new/NVDA.csv
}

# now_ms: wall-clock milliseconds.
now_ms () { date +%s%3N; }
