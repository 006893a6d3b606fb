#!/bin/sh
# Replays every input of the fuzz regression corpus (tests/fuzz/regress:
# inputs that once crashed or hung a target, and seeds), plus the fixtures,
# through each fuzz target without libFuzzer.  Passing means no crash; the
# sanitizer build in CI makes it mean no memory error either.
. "$TOP_SRCDIR/tests/setup"
R="$TOP_SRCDIR/tests/fuzz/regress"
B="$TOP_BUILDDIR/tests/fuzz"
$VALGRIND "$B/replay-prices" "$R"/prices/* "$FIXTURES"/prices/*.csv || fail "prices"
$VALGRIND "$B/replay-events" "$R"/events/* "$FIXTURES"/events/*.csv || fail "events"
$VALGRIND "$B/replay-study" "$R"/study/* || fail "study"
$VALGRIND "$B/replay-factors" "$R"/factors/* || fail "factors"
$VALGRIND "$B/replay-regress" "$R"/regress/* || fail "regress"
$VALGRIND "$B/replay-shard" "$R"/shard/* || fail "shard"
# The cli target's error paths longjmp out of the command layer, leaving
# its memory to the exit() they replace (fuzz-cli.c): no leak check for it,
# under valgrind or LeakSanitizer (the suite's own runs of evstudy check
# the leaks).  Its seeds are synthetic (random-walk prices and factors);
# the other inputs end in errors, through cli_exit_hook.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
  $VALGRIND ${VALGRIND:+--leak-check=no} "$B/replay-cli" "$R"/cli/* || fail "cli"
