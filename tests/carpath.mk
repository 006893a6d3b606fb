## tests/carpath.mk -- included by Makefile.am.
## --table car-path (issue 15): the numbers against the independent
## numpy/scipy reference tests/reference/carpath.py (goldens committed),
## the CAR table's last day, the store's export and hostile text.
CARPATH_TESTS = \
	tests/golden-carpath.sh \
	tests/store-carpath.sh \
	tests/trust-carpath.sh
TESTS += $(CARPATH_TESTS)
EXTRA_DIST += $(CARPATH_TESTS) tests/reference/carpath.py \
	tests/reference/expected/selloff-market-car-path.csv \
	tests/reference/expected/selloff-ff5-car-path.csv
