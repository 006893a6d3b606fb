## tests/import.mk -- included by Makefile.am.
## CSV reading and price import: a C unit test over hand-made fixtures
## (one per vendor layout and one per kind of bad input) and, when
## SHARED_DATA is there, over every file of $(SHARED_DATA)/prices.

check_PROGRAMS += tests/unit-import
tests_unit_import_SOURCES = tests/unit-import.c tests/check.h
tests_unit_import_LDADD = $(EVS_LIBS)
TESTS += tests/unit-import

EXTRA_DIST += \
	tests/fixtures/prices/all-gaps.csv \
	tests/fixtures/prices/alphavantage-adjusted.csv \
	tests/fixtures/prices/alphavantage-error.csv \
	tests/fixtures/prices/alphavantage-info.csv \
	tests/fixtures/prices/alphavantage-note.csv \
	tests/fixtures/prices/alphavantage.csv \
	tests/fixtures/prices/bad-date.csv \
	tests/fixtures/prices/bad-duplicate-date.csv \
	tests/fixtures/prices/bad-header.csv \
	tests/fixtures/prices/bad-no-price.csv \
	tests/fixtures/prices/bad-nul.csv \
	tests/fixtures/prices/bad-price-negative.csv \
	tests/fixtures/prices/bad-price-text.csv \
	tests/fixtures/prices/bad-short-row.csv \
	tests/fixtures/prices/bad-unterminated.csv \
	tests/fixtures/prices/bad-yfinance3-two-tickers.csv \
	tests/fixtures/prices/crlf.csv \
	tests/fixtures/prices/empty.csv \
	tests/fixtures/prices/header-only.csv \
	tests/fixtures/prices/ib-timestamp.csv \
	tests/fixtures/prices/ib.csv \
	tests/fixtures/prices/investing.csv \
	tests/fixtures/prices/long-symbol.csv \
	tests/fixtures/prices/nasdaq.csv \
	tests/fixtures/prices/stooq-index.csv \
	tests/fixtures/prices/tiingo.csv \
	tests/fixtures/prices/yahoo-null.csv \
	tests/fixtures/prices/yfinance3.csv

# The bounded-memory import (issue 15): price_stream with a budget of a
# few rows against price_import_buffer, and a store filled through it.
check_PROGRAMS += tests/unit-stream
tests_unit_stream_SOURCES = tests/unit-stream.c tests/check.h
tests_unit_stream_LDADD = $(EVS_LIBS)
TESTS += tests/unit-stream
