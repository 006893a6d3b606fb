## tests/stats.mk -- included by Makefile.am.
## Aggregation (AAR, CAAR, groups) and the event-study tests, against the
## peer estudy2 and an independent base-R reference (tests/reference/tests.R).
STATS_TESTS =
TESTS += $(STATS_TESTS)
STATS_TESTS += tests/stats-estudy2.sh
EXTRA_DIST += tests/stats-estudy2.sh
