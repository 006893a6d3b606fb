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

# now_ms: wall-clock milliseconds.
now_ms () { date +%s%3N; }
