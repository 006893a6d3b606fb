#!/bin/sh
# Issue 11, item 10: a run estimated to need more than --max-memory is
# refused before it starts (exit 3, nothing written, a message that says
# what to reduce) instead of ending in the kernel's OOM killer.  The
# estimate itself is compared with measured peaks by `make bench`
# (HACKING.md); here its size varies with the build (sanitizers hold
# more), so only its form is checked.
. "$TOP_SRCDIR/tests/setup"
need_shared
EV="$TOP_SRCDIR/datasets/releases.csv"
run () { evstudy --events "$EV" --prices "$PRICES/NVDA.csv" --prices "$PRICES/AMD.csv" \
  --market "$PRICES/SPY.csv" "$@"; }

# 9 events x 2 series = 18 pairs; 1 KiB is far too little.
set +e
run --max-memory 1K -o out.csv > stdout.txt 2> err.txt
status=$?
set -e
[ "$status" -eq 3 ] || fail "exit status $status, expected 3"
[ ! -s stdout.txt ] || fail "stdout not empty"
[ ! -e out.csv ] || fail "-o written although the run was refused"
grep -Eqx 'evstudy: the run would need about [0-9]+ (KiB|MiB|GiB) for 18 pairs, more than --max-memory 1 KiB: study fewer events or series, shorten --estimation or --ar-days, or raise --max-memory' err.txt \
  || { cat err.txt >&2; fail "message"; }

# The same run fits in 64 GiB (written as bytes, in G and in GiB), and
# the limit does not change what is written.
run --format csv > plain.csv
for size in 68719476736 64G 64GiB 0.5T; do
  run --max-memory $size --format csv > limited.csv
  test_cmp plain.csv limited.csv
done

# Malformed sizes are usage errors.
for size in 0 -1 1x 1KB2 G '' 1e30; do
  expect_error 2 "invalid --max-memory '$size': expected a size such as 4G, 512M or 1000000" \
    --events "$EV" --prices "$PRICES/NVDA.csv" --max-memory "$size"
done

# The store's run refuses the same way, and records nothing.
evstudy import --db s.db --events "$EV" "$PRICES/NVDA.csv" "$PRICES/AMD.csv" "$PRICES/SPY.csv" > /dev/null
set +e
evstudy run --db s.db --market SPY --max-memory 1K > stdout.txt 2> err.txt
status=$?
set -e
[ "$status" -eq 3 ] || fail "run: exit status $status, expected 3"
grep -q 'for 18 pairs, more than --max-memory 1 KiB' err.txt || fail "run: message"
evstudy history --db s.db > history.txt
! grep -q '^ *1 ' history.txt || { cat history.txt >&2; fail "a refused run was recorded"; }
