## tests/pparse.mk -- included by Makefile.am.
## One long CSV parsed on --jobs threads (issue 15): the cuts and line
## counts of csvread (unit test, hand-counted), and the flag form's
## output and errors on --jobs 2/3/4 against --jobs 1 (pparse.sh).

check_PROGRAMS += tests/unit-pparse
tests_unit_pparse_SOURCES = tests/unit-pparse.c tests/check.h
tests_unit_pparse_LDADD = $(EVS_LIBS)
TESTS += tests/unit-pparse tests/pparse.sh
EXTRA_DIST += tests/pparse.sh
