#!/bin/sh
# One long CSV parsed on --jobs threads (issue 15): the flag form cuts
# the rows after the header at line ends outside quotes, one piece per
# thread.  The expected output of every run is the one-thread run's:
# `--jobs 2/3/4` must give the same bytes on stdout, the same message on
# stderr and the same exit status as `--jobs 1`, for good files and for
# files with an error in a later piece.  EVSTUDY_SPLIT_MIN=1 splits these
# small files (the default keeps files under 4 MiB on one thread).
#
# The files are hostile to a cut: every ticker but two is quoted, three
# hold commas, doubled quotes and line ends; a fourth column holds notes
# of random length with the same characters, so that the cuts (at fixed
# fractions of the file) land in and around quoted line ends, at many
# offsets as the jobs vary; rows of all tickers are interleaved, so
# each ticker's rows are in every piece, and one ticker first appears
# late (its series comes last).  Variants: CRLF, no final line end, a
# BOM, missing prices, and errors: bad prices in the middle and near the
# end (the earliest is reported), a duplicate date of a ticker with the
# two rows far apart, a misplaced quote, a short row.
. "$TOP_SRCDIR/tests/setup"

# gen VARIANT: Date,ticker,price,note; 7 tickers x 420 weekdays.
gen () {
  awk -v v="$1" 'BEGIN {
    srand (11); eol = (v == "crlf") ? "\r\n" : "\n"
    if (v == "bom") printf "\357\273\277"
    printf "Date,ticker,price,note%s", eol
    tk[1] = "MKT"; tk[2] = "\"Q,1" eol "\"\"x\"\"\""; tk[3] = "AA"
    tk[4] = "\"B" eol eol ",b\""; tk[5] = "\"C\""; tk[6] = "\"d d\""
    tk[7] = "\"E,,\"\"" eol "\""
    for (k = 1; k <= 7; k++) p[k] = 20 * k
    nd = 420; n = 0; total = nd * 7 - 100 * 1
    for (i = 0; i < nd; i++) {
      d = int (i / 5) * 7 + i % 5
      for (j = 0; j < 7; j++) {
        k = (i * 3 + j) % 7 + 1
        if (k == 7 && i < 100) continue      # E starts late
        p[k] *= 1 + (rand () - 0.5) / 25; px = sprintf ("%.4f", p[k])
        n++
        if (v == "gaps" && n % 37 == 0) px = "null"
        if (v == "bad" && (n == int (total * 0.45) || n == int (total * 0.9))) px = "1.2.3"
        if (v == "fields" && n == int (total * 0.6)) { printf "%s,%s%s", date(d), tk[k], eol; continue }
        note = ""
        if (v == "quote" && n == int (total * 0.7)) note = "ab\"c"
        else if (rand () < 0.8) note = "\"" text() "\""
        ds = date(d)
        if (v == "dup" && k == 3 && i == nd - 5) ds = date(2)  # AA, near the end
        printf "%s,%s,%s,%s%s", ds, tk[k], px, note, (v == "notrail" && i == nd - 1 && j == 6) ? "" : eol
      }
    }
  }
  function text (  s, m, r) {
    s = ""; m = int (rand () * 60)
    while (length (s) < m) {
      r = rand ()
      s = s (r < 0.1 ? eol : r < 0.2 ? "," : r < 0.25 ? "\"\"" : "a")
    }
    return s
  }
  function date (n,   y, m, dm, leap) {
    y = 2001
    for (;;) { leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
      if (n < 365 + leap) break; n -= 365 + leap; y++ }
    split ("31 28 31 30 31 30 31 31 30 31 30 31", dm, " "); dm[2] += leap
    for (m = 1; n >= dm[m]; m++) n -= dm[m]
    return sprintf ("%04d-%02d-%02d", y, m, n + 1)
  }'
}

# Event on weekday 380 (2002-06-17 is weekday 380 from 2001-01-01), for
# every series (no tickers).
printf 'date,label,tickers\n2002-06-17,All,\n' > ev.csv

# run FILE JOBS: out.JOBS, err.JOBS, rc.JOBS
run () {
  set +e
  EVSTUDY_SPLIT_MIN=1 evstudy --events ev.csv --prices "$1" --market MKT \
    --format csv --jobs "$2" > "out.$2" 2> "err.$2"
  echo $? > "rc.$2"
  set -e
}

for v in plain crlf notrail bom gaps bad dup quote fields; do
  gen "$v" > "$v.csv"
  run "$v.csv" 1
  case $v in
    bad|dup|quote|fields)
      [ "$(cat rc.1)" -eq 3 ] || fail "$v: exit $(cat rc.1), expected 3"
      grep -q "^evstudy: $v.csv:[0-9]*:" err.1 || fail "$v: no FILE:LINE in: $(cat err.1)" ;;
    *)
      [ "$(cat rc.1)" -eq 0 ] || fail "$v: exit $(cat rc.1): $(cat err.1)"
      # Every ticker studied: 7 series, the market among them.
      [ "$(awk -F, 'NR > 1' out.1 | wc -l)" -ge 6 ] || fail "$v: too few rows" ;;
  esac
  for j in 2 3 4; do
    run "$v.csv" "$j"
    cmp -s rc.1 "rc.$j" || fail "$v: --jobs $j exit $(cat "rc.$j"), --jobs 1 $(cat rc.1)"
    test_cmp err.1 "err.$j"
    test_cmp out.1 "out.$j"
  done
done

# Files with nothing to join: a JSON body (how Alpha Vantage reports
# errors) and a header followed by blank lines only.  The messages are
# one thread's ("no price rows" and the body's note).
{ printf '{\n  "Note": "Thank you for using Alpha Vantage"'
  i=0; while [ $i -lt 300 ]; do printf ',\n  "k%d": "v"' $i; i=$((i + 1)); done
  printf '\n}\n'; } > json.csv
{ printf 'Date,ticker,price,note\n'; i=0
  while [ $i -lt 300 ]; do printf '\r\n  \n'; i=$((i + 1)); done; } > blank.csv
for f in json blank; do
  run "$f.csv" 1
  [ "$(cat rc.1)" -eq 3 ] || fail "$f: exit $(cat rc.1), expected 3"
  for j in 2 4; do
    run "$f.csv" "$j"
    cmp -s rc.1 "rc.$j" || fail "$f: --jobs $j exit $(cat "rc.$j")"
    test_cmp err.1 "err.$j"
  done
done

# The cuts fall at fixed fractions of the file's size: blanks after the
# header's last name (dropped when read) move them through the rows, so
# that, over the pads, they land at many more places relative to the
# quoted line ends and the CRLFs.
gen crlf > crlf.csv
for pad in 1 2 3 5 8 13 21 34 55 89 144 233; do
  { head -c 22 crlf.csv; printf '%*s' "$pad" ''; tail -c +23 crlf.csv; } > pad.csv
  [ "$(head -c 22 pad.csv)" = "Date,ticker,price,note" ] || fail "header moved"
  run pad.csv 1
  [ "$(cat rc.1)" -eq 0 ] || fail "pad $pad: exit $(cat rc.1): $(cat err.1)"
  for j in 2 4; do
    run pad.csv "$j"
    cmp -s rc.1 "rc.$j" || fail "pad $pad: --jobs $j exit $(cat "rc.$j")"
    test_cmp out.1 "out.$j"
  done
done

# Another program truncating the file while it is read in pieces: the
# mapped pages past the new end fault (SIGBUS); the program says which
# file changed and exits 4 with nothing written (-o names a file that
# must not appear).  EVSTUDY_TEST_TRUNCATE truncates the file to half
# its size right after it is mapped (price_import.c).
gen plain > cut.csv
[ "$(wc -c < cut.csv)" -gt 65536 ] || fail "cut.csv too small to lose pages"
set +e
EVSTUDY_SPLIT_MIN=1 EVSTUDY_TEST_TRUNCATE=1 evstudy --events ev.csv --prices cut.csv \
  --market MKT --format csv --jobs 2 -o cut.out 2> err.cut
status=$?
set -e
[ "$status" -eq 4 ] || fail "truncated while read: exit $status: $(cat err.cut)"
grep -qxF 'evstudy: cut.csv: the file was cut short while it was read (another program changed it)' err.cut \
  || fail "truncated while read: $(cat err.cut)"
[ ! -e cut.out ] || fail "truncated while read: an output was written"
