## tests/intraday.mk -- included by Makefile.am.
## Intraday bars (issue 16): the importers over one fixture per vendor
## layout (tests/fixtures/bars/README.md cites each source), bad input,
## alignment of event instants to bars, DST, and the study on generated
## minute bars against tests/reference/intraday.py's committed results.

INTRADAY_TESTS = tests/intraday-import.sh tests/intraday-align.sh
TESTS += $(INTRADAY_TESTS)
EXTRA_DIST += $(INTRADAY_TESTS) tests/fixtures/bars
