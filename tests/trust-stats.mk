## tests/trust-stats.mk -- included by Makefile.am.
## Issue 11, the statistics part: the ranking period fixed by the study,
## not by --ar-days.
TESTS += tests/trust-stats.sh
EXTRA_DIST += tests/trust-stats.sh
