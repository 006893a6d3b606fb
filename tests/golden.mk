## tests/golden.mk -- included by Makefile.am.
## Golden numeric tests: evstudy's CSV output against expected files made
## by an independent R script (tests/reference/study.R) and against the
## peer results of estudy2 in ../shared/reference, compared by numdiff.

check_PROGRAMS += tests/numdiff
tests_numdiff_SOURCES = tests/numdiff.c
tests_numdiff_LDADD = $(CSV_LIBS)

GOLDEN_TESTS = \
	tests/golden-market.sh \
	tests/golden-mean.sh \
	tests/golden-madj-log.sh \
	tests/golden-windows.sh \
	tests/golden-volume.sh \
	tests/golden-volatility.sh \
	tests/golden-estudy2.sh
TESTS += $(GOLDEN_TESTS)

GOLDEN_EXPECTED = \
	tests/reference/expected/nvda-baba-9988-car.csv \
	tests/reference/expected/nvda-baba-9988-ar.csv \
	tests/reference/expected/nvda-mean-car.csv \
	tests/reference/expected/baba-madj-log-car.csv \
	tests/reference/expected/baba-madj-log-ar.csv \
	tests/reference/expected/nvda-windows-car.csv \
	tests/reference/expected/nvda-volume-mean-car.csv \
	tests/reference/expected/nvda-volume-mean-ar.csv \
	tests/reference/expected/nvda-volume-market-car.csv \
	tests/reference/expected/nvda-volume-market-ar.csv \
	tests/reference/expected/nvda-volume-madj-car.csv \
	tests/reference/expected/nvda-volume-madj-ar.csv \
	tests/reference/expected/baba-9988-volume-car.csv \
	tests/reference/expected/baba-9988-volume-ar.csv \
	tests/reference/expected/baba-9988-volume-mean-car.csv \
	tests/reference/expected/baba-9988-volume-mean-ar.csv \
	tests/reference/expected/baba-9988-volume-madj-car.csv \
	tests/reference/expected/baba-9988-volume-madj-ar.csv \
	tests/reference/expected/volatility-market-ar.csv \
	tests/reference/expected/volatility-market-car.csv \
	tests/reference/expected/volatility-market-agg.csv \
	tests/reference/expected/volatility-ff5-ar.csv \
	tests/reference/expected/volatility-ff5-car.csv \
	tests/reference/expected/volatility-garch-ar.csv \
	tests/reference/expected/volatility-garch-car.csv \
	tests/reference/expected/volatility-garch-params.csv

EXTRA_DIST += $(GOLDEN_TESTS) $(GOLDEN_EXPECTED) \
	tests/reference/study.R \
	tests/reference/volume.R \
	tests/reference/volatility.py \
	tests/fixtures/events/qwen-max.csv \
	tests/reference/README.md \
	tests/fixtures/events/selloff.csv

# Rewrite the expected files from the shared data (needs Rscript); review
# the diff before committing.
golden-regen:
	Rscript $(srcdir)/tests/reference/study.R '$(SHARED_DATA)' \
	  $(srcdir)/tests/reference/expected $(srcdir)/datasets/releases.csv
	Rscript $(srcdir)/tests/reference/volume.R '$(SHARED_DATA)' \
	  $(srcdir)/tests/reference/expected
	python3 $(srcdir)/tests/reference/volatility.py '$(SHARED_DATA)' \
	  $(srcdir)/tests/reference/expected
.PHONY: golden-regen
