## tests/models.mk -- included by Makefile.am.
## The factor, thin-trading and GARCH models and BHAR: the factor importer
## (unit test), the options (shell test) and the numbers against the
## independent reference tests/reference/models.R (golden test).

check_PROGRAMS += tests/unit-factors tests/unit-models
tests_unit_factors_SOURCES = tests/unit-factors.c
tests_unit_factors_LDADD = $(EVS_LIBS)
tests_unit_models_SOURCES = tests/unit-models.c
tests_unit_models_LDADD = $(EVS_LIBS)

MODELS_TESTS = tests/unit-factors tests/unit-models tests/models-cli.sh tests/golden-models.sh
TESTS += $(MODELS_TESTS)

MODELS_EXPECTED = \
	tests/reference/expected/selloff-ff3-car.csv \
	tests/reference/expected/selloff-ff3-ar.csv \
	tests/reference/expected/selloff-ff5-car.csv \
	tests/reference/expected/selloff-ff5-ar.csv \
	tests/reference/expected/selloff-join-car.csv \
	tests/reference/expected/selloff-join-ar.csv \
	tests/reference/expected/nvda-gap-ff3-car.csv \
	tests/reference/expected/nvda-gap-ff3-ar.csv \
	tests/reference/expected/selloff-sw-car.csv \
	tests/reference/expected/selloff-sw-ar.csv \
	tests/reference/expected/selloff-dimson2-car.csv \
	tests/reference/expected/selloff-dimson2-ar.csv \
	tests/reference/expected/selloff-garch-car.csv \
	tests/reference/expected/selloff-garch-ar.csv \
	tests/reference/expected/selloff-garch-params.csv

EXTRA_DIST += tests/models-cli.sh tests/golden-models.sh \
	tests/reference/models.R $(MODELS_EXPECTED)

# Rewrite the expected files of the models (needs Rscript); review the diff.
models-regen:
	Rscript $(srcdir)/tests/reference/models.R '$(SHARED_DATA)' \
	  $(srcdir)/tests/reference/expected
.PHONY: models-regen
