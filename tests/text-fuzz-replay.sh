#!/bin/sh
# Replays the regression corpus of the text fuzz target
# (tests/fuzz/regress/text: seeds and inputs that once failed) through
# tests/fuzz/fuzz-text.c without libFuzzer: hostile labels, tickers and
# group values through the chart and report writers, with that target's
# checks (distinct chart names, clean UTF-8 scripts and reports, nothing
# raw inside gnuplot string literals).  Passing means no failed check
# and no crash; the sanitizer build in CI makes it mean no memory error.
. "$TOP_SRCDIR/tests/setup"
export TMPDIR="$tmp"
$VALGRIND "$TOP_BUILDDIR/tests/fuzz/replay-text" "$TOP_SRCDIR"/tests/fuzz/regress/text/* \
  || fail "text"
