## tests/regress.mk -- included by Makefile.am.
## Cross-sectional regressions of CARs (issue 13): the regression core
## against R's lm/sandwich/lmtest (tests/reference/regress.R), the
## characteristics importer, the command line and its bad input.

check_PROGRAMS += tests/unit-regress
tests_unit_regress_SOURCES = tests/unit-regress.c tests/check.h
tests_unit_regress_LDADD = $(EVS_LIBS)
check_PROGRAMS += tests/unit-lbt
tests_unit_lbt_SOURCES = tests/unit-lbt.c tests/check.h
tests_unit_lbt_LDADD = $(EVS_LIBS)

REGRESS_TESTS = tests/unit-regress tests/unit-lbt tests/golden-regress.sh tests/regress-errors.sh tests/regress-hostile.sh tests/regress-run.sh tests/bhar-tests.sh tests/calendar-time.sh
TESTS += $(REGRESS_TESTS)

REGRESS_EXPECTED = \
	tests/reference/expected/regress-releases-classical.csv \
	tests/reference/expected/regress-releases-cluster-event.csv \
	tests/reference/expected/regress-releases-cluster-ticker-event.csv \
	tests/reference/expected/regress-releases-cluster-ticker.csv \
	tests/reference/expected/regress-releases-hc0.csv \
	tests/reference/expected/regress-releases-hc1.csv \
	tests/reference/expected/regress-releases-hc2.csv \
	tests/reference/expected/regress-releases-hc3.csv \
	tests/reference/expected/regress-releases-scar-bhar.csv \
	tests/reference/expected/regress-releases-wls.csv \
	tests/reference/expected/regress-calendar-ew.csv \
	tests/reference/expected/regress-calendar-ff3.csv \
	tests/reference/expected/regress-calendar-vw.csv \
	tests/reference/expected/regress-petersen.csv
EXTRA_DIST += tests/golden-regress.sh tests/calendar-time.sh tests/bhar-tests.sh tests/regress-errors.sh tests/regress-hostile.sh tests/regress-run.sh tests/reference/regress.R tests/fixtures/regress $(REGRESS_EXPECTED)

# Rewrite the expected files of the regressions and the Petersen fixture
# (needs Rscript with r-cran-sandwich and r-cran-lmtest); review the diff.
regress-regen:
	Rscript $(srcdir)/tests/reference/regress.R '$(SHARED_DATA)' \
	  $(srcdir)/tests/reference/expected
.PHONY: regress-regen
