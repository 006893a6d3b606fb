## tests/intraday.mk -- included by Makefile.am.
## Intraday bars (issue 16): the importers over one fixture per vendor
## layout (tests/fixtures/bars/README.md cites each source), bad input,
## alignment of event instants to bars, DST, and the study on generated
## minute bars against tests/reference/intraday.py's committed results.

INTRADAY_TESTS = tests/intraday-import.sh tests/intraday-align.sh tests/intraday-study.sh \
	tests/intraday-hostile.sh tests/intraday-plot.sh tests/intraday-store.sh \
	tests/intraday-jobs.sh tests/intraday-log.sh \
	tests/intraday-table.sh tests/intraday-aggregate.sh tests/intraday-runs.sh \
	tests/intraday-migrate.sh tests/intraday-crash.sh
TESTS += $(INTRADAY_TESTS)
EXTRA_DIST += $(INTRADAY_TESTS) tests/fixtures/bars

# The seeded generator of minute bars (tests/bargen.c).
check_PROGRAMS += tests/bargen
tests_bargen_SOURCES = tests/bargen.c
tests_bargen_LDADD = $(EVS_LIBS)
EXTRA_DIST += tests/reference/intraday.py \
	tests/reference/expected/intraday-market-ar.csv \
	tests/reference/expected/intraday-market-car.csv \
	tests/reference/expected/intraday-mean-ar.csv \
	tests/reference/expected/intraday-mean-car.csv \
	tests/reference/expected/intraday-seasonal-market-ar.csv \
	tests/reference/expected/intraday-seasonal-market-car.csv \
	tests/reference/expected/intraday-seasonal-mean-ar.csv \
	tests/reference/expected/intraday-seasonal-mean-car.csv \
	tests/reference/expected/intraday-volume-ar.csv \
	tests/reference/expected/intraday-volume-car.csv \
	tests/reference/expected/intraday-log-market-ar.csv \
	tests/reference/expected/intraday-log-market-car.csv \
	tests/reference/expected/intraday-log-mean-ar.csv \
	tests/reference/expected/intraday-log-mean-car.csv \
	tests/reference/expected/intraday-aggregate.csv \
	tests/reference/expected/intraday-aggregate-ties.csv \
	tests/reference/expected/intraday-aggregate-volume.csv \
	tests/reference/expected/intraday-aggregate-seasonal.csv

# The bar importer's fuzz target (tests/fuzz/fuzz-bars.c, in fuzz.mk's
# FUZZ_TARGETS) replayed over its regression corpus and the fixtures.
check_PROGRAMS += tests/fuzz/replay-bars
tests_fuzz_replay_bars_SOURCES = tests/fuzz/fuzz-bars.c tests/fuzz/replay.c
tests_fuzz_replay_bars_LDADD = $(EVS_LIBS)
INTRADAY_TESTS += tests/intraday-fuzz-replay.sh
EXTRA_DIST += tests/fuzz/regress/bars

# The aggregate's battery on injected jumps and on null bars, and its
# residual cap (tests/intraday-battery.sh).
INTRADAY_TESTS += tests/intraday-battery.sh tests/intraday-text.sh tests/intraday-report.sh
