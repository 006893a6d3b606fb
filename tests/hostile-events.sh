#!/bin/sh
# Hostile events files, made here, and an unreadable file: the events
# timeline's side of tests/hostile.sh (price files) and
# tests/import-errors.sh.  Each gets a defined outcome: exit 3 with the
# file and line (and column, where a field is at fault), exit 4 for a
# file that cannot be read, or a successful run; never a crash.
# Faults the CSV reader finds (NUL byte, quotes, field limits) name the
# line and the number of the field at fault (csvread.h); the row and
# event limits name the line only.
. "$TOP_SRCDIR/tests/setup"
P="$FIXTURES/prices/gap.csv"
# bad FILE MESSAGE: evstudy fails on events FILE with exit 3 and MESSAGE.
bad () { expect_error 3 "$1$2" --events "$1" --prices "$P"; }

: > empty.csv
bad empty.csv ": empty file"
printf 'date,label\n' > header.csv
bad header.csv ": no events"
printf '\001\002\377\376,\033[31m\n' > garbage.csv
bad garbage.csv ":1: no 'date' column"
printf 'date,label\n2025-01-24,a\000b\n' > nul.csv
bad nul.csv ":2:2: NUL byte"
printf 'date,label\n2025-01-24,"open\n2025-01-27,x\n' > unbalanced.csv
bad unbalanced.csv ":2:2: unterminated quoted field"
printf 'date,label\n2025-01-24,a"b\n' > stray.csv
bad stray.csv ":2:2: misplaced quote"
# The limits of csvread.h and events.h (README, Limits).
{ printf 'date,label\n2025-01-24,'; head -c 10000000 /dev/zero | tr '\0' 7; echo; } > bigfield.csv
bad bigfield.csv ":2:2: field longer than 1048576 bytes"
awk 'BEGIN { printf "date"; for (i = 0; i < 1000000; i++) printf ",x"; print "" }' > wide.csv
bad wide.csv ":1:4097: more than 4096 fields in a row"
awk 'BEGIN { print "date,label"; for (i = 0; i <= 1000000; i++) print "2025-01-24,e" }' > million.csv
bad million.csv ":1000002: more than 1000000 events"
# A BOM in the middle is part of the date, not dropped.
printf 'date,label\n2025-01-24,a\n\357\273\2772025-01-27,b\n' > bommid.csv
bad bommid.csv ":3:1: invalid date '\\xef\\xbb\\xbf2025-01-27'"
for d in 2025-02-30 0000-01-01 9999-12-31; do
  printf 'date,label\n%s,x\n' "$d" > date.csv
  bad date.csv ":2:1: invalid date '$d'"
done
# Mixed CRLF and LF: both events are read (labels without a CR).
printf 'date,label\r\n2025-01-24,a\n2025-01-27,b\r\n' > mixed.csv
evstudy --events mixed.csv --prices "$P" --estimation -4:-2 --min-estimation 3 --window 0:0 \
  --ar-days 0:0 --format csv | cut -d, -f1-2 > got.txt
printf 'event,label\n1,a\n2,b\n' > want.txt
test_cmp want.txt got.txt
expect_error 4 "$FIXTURES: cannot read: Is a directory" --events "$FIXTURES" --prices "$P"

# An unreadable file.  Root reads everything, so as root the program runs
# as nobody (setpriv) on a file of mode 000; without setpriv or a nobody
# user the case is skipped with a warning.
printf 'Date,Close\n2025-01-24,1\n' > locked.csv
chmod 000 locked.csv
cp "$FIXTURES/events/min.csv" ev.csv
if [ "$(id -u)" -ne 0 ]; then
  expect_error 4 "locked.csv: cannot read: Permission denied" --events ev.csv --prices locked.csv
elif command -v setpriv > /dev/null && id nobody > /dev/null 2>&1; then
  chmod 711 .; chmod 644 ev.csv
  set +e
  setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
    $VALGRIND "$EVSTUDY" --events ev.csv --prices locked.csv > out.txt 2> err.txt
  status=$?
  set -e
  [ "$status" -eq 4 ] || { cat err.txt >&2; fail "unreadable file: exit $status"; }
  echo "evstudy: locked.csv: cannot read: Permission denied" > want_err.txt
  test_cmp want_err.txt err.txt
  [ ! -s out.txt ] || fail "unreadable file: stdout not empty"
else
  echo "WARNING: running as root without setpriv or user nobody: unreadable-file case skipped" >&2
fi
