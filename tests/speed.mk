## tests/speed.mk -- included by Makefile.am.
## The parallel and merged-rank machinery of the speed work (issue 6):
## exact against definitions and independent of the number of threads.
check_PROGRAMS += tests/unit-panel
tests_unit_panel_SOURCES = tests/unit-panel.c
tests_unit_panel_LDADD = $(EVS_LIBS)
TESTS += tests/unit-panel tests/jobs.sh
EXTRA_DIST += tests/jobs.sh
check_PROGRAMS += tests/unit-numbers
tests_unit_numbers_SOURCES = tests/unit-numbers.c
tests_unit_numbers_LDADD = $(EVS_LIBS)
TESTS += tests/unit-numbers
