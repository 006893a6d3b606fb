#!/bin/sh
# Hostile output paths (issue 11, items 3, 4 and 18; README "Output files
# and directories"): -o to a device node, a FIFO, a symbolic link,
# /dev/stdout through a pipe and a read-only directory; --report to a
# symbolic link, a directory of someone's files and a full tmpfs; --plot
# into a directory holding links.  After every refusal a listing of the
# whole scratch directory (type, mode, owner, link target, checksum) is
# compared with one taken before: nothing outside evstudy's own files is
# changed or deleted.
#
# Parts that need root (mknod, mount, running as nobody) are skipped with
# a warning otherwise.  The system's /dev/null is never used as root: a
# regression would replace it.
. "$TOP_SRCDIR/tests/setup"
need_shared
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"
EV="$FIXTURES/events/min.csv"
root=false; [ "$(id -u)" -ne 0 ] || root=true

run () {
  evstudy --events "$EV" --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
    --format csv "$@"
}
# charts ARGS...: run with --plot or --report; without gnuplot the charts
# are not drawn (exit 5) but every file evstudy writes is.
charts () {
  set +e
  run "$@" > out.txt 2> err.txt
  st=$?
  set -e
  [ "$st" -eq 0 ] || { [ "$st" -eq 5 ] && ! command -v gnuplot > /dev/null; } \
    || fail "exit status $st for: $*: $(cat err.txt)"
}
# snap FILE: everything in the scratch directory but the test's own
# files, with type, mode, owner, link target and checksum.
snap () {
  { find . -mindepth 1 ! -name 'snap-*' ! -name out.txt ! -name err.txt \
      ! -name want_err.txt -printf '%y %m %u %p -> %l\n'
    find . -type f ! -name 'snap-*' ! -name out.txt ! -name err.txt \
      ! -name want_err.txt -exec cksum {} +
  } | LC_ALL=C sort > "$1"
}
# unchanged: nothing changed since `snap snap-before`.
unchanged () { snap snap-after; test_cmp snap-before snap-after; }
no_temps () {
  [ -z "$(find . -name '*.evstudy-tmp.*' -print)" ] || fail "temporaries left: $(find . -name '*.evstudy-tmp.*')"
}
mode () { stat -c %a "$1"; }

run > want.csv
[ -s want.csv ] || fail "no output"

## -o ##################################################################

# A device node: written in place, still a device.  (Root makes its own
# node with the numbers of /dev/null; others may use /dev/null itself.)
if $root; then
  if mknod null c 1 3 2> /dev/null && : > null 2> /dev/null; then
    run -o null
    [ -c null ] || fail "-o to a device node replaced it: $(ls -l null)"
    [ "$(stat -c %t:%T null)" = 1:3 ] || fail "device numbers changed"
  else
    echo "WARNING: cannot make or open a device node here (nodev?): device case skipped" >&2
  fi
else
  run -o /dev/null
  [ -c /dev/null ] || fail "/dev/null is no longer a device"
fi
no_temps

# A FIFO: its reader receives the bytes, and it stays a FIFO.
mkfifo fifo
cat fifo > from-fifo.csv &
reader=$!
run -o fifo
wait "$reader"
[ -p fifo ] || fail "-o to a FIFO replaced it"
test_cmp want.csv from-fifo.csv

# /dev/stdout through a pipe.
run -o /dev/stdout | cat > piped.csv
test_cmp want.csv piped.csv

# A symbolic link to a regular file: the target is replaced atomically
# with its mode, the link stays.
echo old > real.csv
chmod 640 real.csv
ln -s real.csv link.csv
run -o link.csv
[ -L link.csv ] && [ "$(readlink link.csv)" = real.csv ] || fail "-o replaced the link"
test_cmp want.csv real.csv
[ "$(mode real.csv)" = 640 ] || fail "mode of the replaced file: $(mode real.csv), expected 640"

# A dangling link is refused and creates nothing.
ln -s missing.csv dangling.csv
snap snap-before
expect_error 4 "dangling.csv: cannot write: dangling symbolic link" \
  --events "$EV" --prices "$PRICES/NVDA.csv" -o dangling.csv
unchanged
[ ! -e missing.csv ] || fail "dangling link followed"

# A directory is refused.
mkdir adir
expect_error 4 "adir: cannot write: Is a directory" --events "$EV" --prices "$PRICES/NVDA.csv" -o adir

# Modes follow the umask (issue 14): 0666 and 0777 less it.
(umask 027 && charts -o new.csv --report new-report)
[ "$(mode new.csv)" = 640 ] || fail "new -o file mode $(mode new.csv), expected 640"
[ "$(mode new-report)" = 750 ] || fail "new report mode $(mode new-report), expected 750"
(umask 002 && run -o new2.csv)
[ "$(mode new2.csv)" = 664 ] || fail "new -o file mode $(mode new2.csv), expected 664"
# A replaced file keeps its mode (and, for root, its owner).
chmod 604 new2.csv
if $root && id nobody > /dev/null 2>&1; then chown nobody new2.csv; fi
owner=$(stat -c %U new2.csv)
run -o new2.csv --window 0:1
[ "$(mode new2.csv)" = 604 ] && [ "$(stat -c %U new2.csv)" = "$owner" ] \
  || fail "replaced file: $(ls -l new2.csv), expected mode 604 and owner $owner"
no_temps

# A read-only directory: refused before anything is read (the plan is
# checked first), nothing written.  Root writes anywhere, so as root the
# program runs as nobody (setpriv), as tests/hostile-events.sh does.
mkdir ro
chmod 555 ro
if ! $root; then
  expect_error 4 "ro/out.csv: cannot write: Permission denied" \
    --events "$EV" --prices "$PRICES/NVDA.csv" -o ro/out.csv
elif command -v setpriv > /dev/null && id nobody > /dev/null 2>&1; then
  chmod 711 .
  set +e
  setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
    "$EVSTUDY" --events "$EV" --prices "$PRICES/NVDA.csv" -o ro/out.csv > out.txt 2> err.txt
  status=$?
  set -e
  [ "$status" -eq 4 ] || fail "read-only directory as nobody: exit $status"
  echo "evstudy: ro/out.csv: cannot write: Permission denied" > want_err.txt
  test_cmp want_err.txt err.txt
  [ ! -s out.txt ] || fail "stdout not empty"
else
  echo "WARNING: root without setpriv or user nobody: read-only directory case skipped" >&2
fi
[ -z "$(ls -A ro)" ] || fail "something written into the read-only directory"

## --report ############################################################

# A symbolic link to a directory of the user's files is refused, not
# followed: before the fix the old report's cleanup deleted them.
mkdir userdir
echo keep > userdir/precious.txt
echo '<html>mine</html>' > userdir/index.html
echo mine > userdir/report.md
ln -s userdir replink
snap snap-before
expect_error 4 "replink: is a symbolic link: not replaced (name the directory it points to)" \
  --events "$EV" --prices "$PRICES/NVDA.csv" --report replink
unchanged
# The same once a report was written there: swapping in the link.
charts --report rep
[ -s rep/.evstudy-report ] || fail "no marker"
mv rep rep-real
ln -s userdir rep
snap snap-before
expect_error 4 "rep: is a symbolic link: not replaced (name the directory it points to)" \
  --events "$EV" --prices "$PRICES/NVDA.csv" --report rep
unchanged
rm rep
mv rep-real rep

# A foreign directory (index.html and report.md are not enough) and a
# report with a file of the user's added: refused, untouched.
snap snap-before
expect_error 4 "userdir: exists and is not an evstudy report (no .evstudy-report listing its files): not replaced" \
  --events "$EV" --prices "$PRICES/NVDA.csv" --report userdir
unchanged
echo notes > rep/my-notes.txt
snap snap-before
expect_error 4 "rep: exists and is not an evstudy report (no .evstudy-report listing its files): not replaced" \
  --events "$EV" --prices "$PRICES/NVDA.csv" --report rep
unchanged
rm rep/my-notes.txt
# A marker listing a file outside the directory names no file there: the
# old report's cleanup unlinks names inside it only.
echo '../userdir/precious.txt' >> rep/.evstudy-report
charts --report rep --window 0:1
[ "$(cat userdir/precious.txt)" = keep ] || fail "a listed name reached outside the report"
no_temps

# --plot never writes through a link already in the directory.
mkdir charts
echo secret > secret.txt
for f in summary.png summary.dat summary.gp caar.dat; do ln -s ../secret.txt "charts/$f"; done
charts --plot charts
[ "$(cat secret.txt)" = secret ] || fail "--plot wrote through a link"
[ -f charts/summary.dat ] && [ ! -L charts/summary.dat ] || fail "charts/summary.dat not replaced"
no_temps

## The plan is checked before anything is written (item 18) ###########
here=$(pwd -P)
snap snap-before
expect_error 2 "--plot and --report name the same directory '$here/D'" \
  --events "$EV" --prices "$PRICES/NVDA.csv" -o plan.csv --plot D --report D/
expect_error 2 "--output '$here/rep/x.csv' is inside the --report directory '$here/rep'" \
  --events "$EV" --prices "$PRICES/NVDA.csv" -o rep/x.csv --report rep
expect_error 2 "--plot '$here/rep/charts' is inside the --report directory '$here/rep'" \
  --events "$EV" --prices "$PRICES/NVDA.csv" -o plan.csv --plot rep/charts --report rep
expect_error 4 "userdir: exists and is not an evstudy report (no .evstudy-report listing its files): not replaced" \
  --events "$EV" --prices "$PRICES/NVDA.csv" -o plan.csv --plot plan-charts --report userdir
expect_error 4 "nodir/x.csv: cannot write: No such file or directory" \
  --events "$EV" --prices "$PRICES/NVDA.csv" -o nodir/x.csv --plot plan-charts
expect_error 4 "nodir/charts: cannot create directory: No such file or directory" \
  --events "$EV" --prices "$PRICES/NVDA.csv" -o plan.csv --plot nodir/charts
unchanged

## A full disk (root: a 2 MB tmpfs) ####################################
if $root && mkdir full && mount -t tmpfs -o size=2m evstudy-test full 2> /dev/null; then
  trap 'umount "$tmp/full" 2> /dev/null || :; rm -rf "$tmp"' EXIT
  charts --report full/rep
  run -o full/out.csv
  avail=$(df -k full | awk 'NR == 2 { print $4 }')
  head -c $(( (avail - 40) * 1024 )) /dev/zero > full/filler
  snap snap-before
  set +e
  run --report full/rep > out.txt 2> err.txt
  status=$?
  set -e
  [ "$status" -eq 4 ] || fail "report on a full disk: exit $status"
  grep -Eqx 'evstudy: full/rep\.evstudy-tmp\.[0-9]+\.[A-Za-z0-9]{6}/[^:/]+: (write error|cannot write): No space left on device' err.txt \
    || fail "report on a full disk: $(cat err.txt)"
  [ "$(wc -l < err.txt)" -eq 1 ] || fail "more than one message: $(cat err.txt)"
  unchanged
  no_temps
  # -o on the full disk: the old file stays, no temporary is left.
  head -c 1m /dev/zero > full/filler2 2> /dev/null || :
  snap snap-before
  expect_error 4 "full/out.csv: write error: No space left on device" \
    --events "$EV" --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" --format csv \
    -o full/out.csv --window 0:1
  unchanged
  no_temps
  umount full || { echo "umount failed: $?" >&2; fuser -vm full >&2 || :; exit 1; }
else
  echo "WARNING: not root or no tmpfs mount allowed: full-disk case skipped" >&2
fi
