## tests/trust-models.mk -- included by Makefile.am.
## Issue 11, the models: GSL errors as statuses (no abort), no non-finite
## number reported as a result, the importer's check of absurd returns,
## GARCH's global maximum, the factor models' standard errors.

TRUST_MODELS_TESTS = tests/garch-global.sh tests/nonfinite.sh tests/factor-coef.sh
TESTS += $(TRUST_MODELS_TESTS)
EXTRA_DIST += $(TRUST_MODELS_TESTS) tests/reference/expected/garch-cases.csv \
	tests/reference/expected/selloff-ff3-coef.csv tests/reference/expected/selloff-ff5-coef.csv

check_PROGRAMS += tests/unit-nonfinite
tests_unit_nonfinite_SOURCES = tests/unit-nonfinite.c
tests_unit_nonfinite_LDADD = $(EVS_LIBS)
TESTS += tests/unit-nonfinite
