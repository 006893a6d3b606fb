#!/bin/sh
# Replays the store fuzz target's regression corpus (tests/fuzz/regress/
# store: hand-made damage and inputs that once failed) without libFuzzer,
# as tests/fuzz-replay.sh does for the other targets: passing means no
# crash, and under the sanitizer build no memory error.  `run --rerun`
# leaks on its error paths by design (fuzz-store.c): no leak check.
. "$TOP_SRCDIR/tests/setup"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
  $VALGRIND ${VALGRIND:+--leak-check=no} "$TOP_BUILDDIR/tests/fuzz/replay-store" \
  "$TOP_SRCDIR"/tests/fuzz/regress/store/* 2> /dev/null || fail "store"
