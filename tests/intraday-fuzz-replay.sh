#!/bin/sh
# Replays tests/fuzz/regress/bars (inputs that once crashed the bar
# importer's fuzz target, and seeds) and the bar fixtures through
# fuzz-bars.c without libFuzzer: passing means no crash (and, in the
# sanitizer build, no memory error).
. "$TOP_SRCDIR/tests/setup"
$VALGRIND "$TOP_BUILDDIR/tests/fuzz/replay-bars" "$TOP_SRCDIR"/tests/fuzz/regress/bars/* \
  "$FIXTURES"/bars/*.csv "$FIXTURES"/bars/*.txt || fail "bars"
