## tests/trust-scale.mk -- included by Makefile.am.
## Issue 11, the items about size: the data-row limit at its boundary
## (item 17), --ar-days far wider than the data (11), the memory
## estimate and --max-memory (10), and warnings about gaps and
## unadjusted splits in an event window (19).
check_PROGRAMS += tests/unit-scale
tests_unit_scale_SOURCES = tests/unit-scale.c tests/check.h
tests_unit_scale_LDADD = $(EVS_LIBS)
TESTS += tests/unit-scale
TESTS += tests/ar-days-wide.sh
EXTRA_DIST += tests/ar-days-wide.sh
TESTS += tests/max-memory.sh
EXTRA_DIST += tests/max-memory.sh
TESTS += tests/warn-gaps.sh
EXTRA_DIST += tests/warn-gaps.sh
