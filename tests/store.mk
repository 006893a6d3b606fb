## tests/store.mk -- the sqlite3 store: import, run, history, export,
## crash safety, concurrency, bad input and hostile text.
STORE_TESTS = \
	tests/store-run.sh \
	tests/store-update.sh \
	tests/store-snapshot.sh \
	tests/store-badrow.sh \
	tests/store-inject.sh \
	tests/store-errors.sh \
	tests/store-busy.sh \
	tests/store-crash.sh \
	tests/store-export.sh \
	tests/store-factors.sh \
	tests/store-deltas.sh
TESTS += $(STORE_TESTS)
check_PROGRAMS += tests/unit-sha256
tests_unit_sha256_SOURCES = tests/unit-sha256.c
tests_unit_sha256_LDADD = $(EVS_LIBS)
TESTS += tests/unit-sha256
check_PROGRAMS += tests/unit-store
tests_unit_store_SOURCES = tests/unit-store.c
tests_unit_store_LDADD = $(EVS_LIBS)
TESTS += tests/unit-store
EXTRA_DIST += $(STORE_TESTS) tests/store-lib.sh tests/store-gen.awk

# The crash test with many more kills (STORE_CRASH_ITERATIONS, default
# 20 in `make check`); minutes, not seconds.
check-crash:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS=tests/store-crash.sh STORE_CRASH_ITERATIONS=200
.PHONY: check-crash
