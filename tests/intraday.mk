## tests/intraday.mk -- included by Makefile.am.
## Intraday bars (issue 16): the importers over one fixture per vendor
## layout (tests/fixtures/bars/README.md cites each source), bad input,
## alignment of event instants to bars, DST, and the study on generated
## minute bars against tests/reference/intraday.py's committed results.

INTRADAY_TESTS = tests/intraday-import.sh tests/intraday-align.sh tests/intraday-study.sh
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
	tests/reference/expected/intraday-mean-car.csv
