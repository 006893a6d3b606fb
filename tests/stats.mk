## tests/stats.mk -- included by Makefile.am.
## Aggregation (AAR, CAAR, groups) and the event-study tests, against the
## peer estudy2 and an independent base-R reference (tests/reference/tests.R).
STATS_TESTS =
TESTS += $(STATS_TESTS)
STATS_TESTS += tests/stats-estudy2.sh
EXTRA_DIST += tests/stats-estudy2.sh
STATS_TESTS += tests/stats-reference.sh
STATS_EXPECTED = \
	tests/reference/expected/stats-five-tests.csv \
	tests/reference/expected/stats-nvda-tests.csv \
	tests/reference/expected/stats-groups-tests.csv \
	tests/reference/expected/stats-clipped-tests.csv \
	tests/reference/expected/stats-five-adjust-holm.csv \
	tests/reference/expected/stats-five-adjust-bh.csv \
	tests/reference/expected/stats-volume-five-tests.csv
EXTRA_DIST += tests/stats-reference.sh $(STATS_EXPECTED) \
	tests/reference/tests.R tests/fixtures/events/stats-groups.csv \
	tests/fixtures/events/stats-clipped.csv

# Rewrite the stats expected files (needs Rscript); review the diff.
stats-regen:
	Rscript $(srcdir)/tests/reference/tests.R '$(SHARED_DATA)' $(builddir)/stats-regen.tmp
	for f in five-tests nvda-tests groups-tests clipped-tests five-adjust-holm five-adjust-bh \
	  volume-five-tests; do \
	  cp $(builddir)/stats-regen.tmp/$$f.csv $(srcdir)/tests/reference/expected/stats-$$f.csv; done
	rm -rf $(builddir)/stats-regen.tmp
.PHONY: stats-regen
STATS_TESTS += tests/stats-resampling.sh tests/stats-cli.sh
EXTRA_DIST += tests/stats-resampling.sh tests/stats-cli.sh
check_PROGRAMS += tests/unit-evtests
tests_unit_evtests_SOURCES = tests/unit-evtests.c
tests_unit_evtests_LDADD = $(EVS_LIBS)
TESTS += tests/unit-evtests
# --measure volatility: the size of Beaver's F approximation, simulated.
check_PROGRAMS += tests/unit-volatility
tests_unit_volatility_SOURCES = tests/unit-volatility.c tests/check.h
tests_unit_volatility_LDADD = $(EVS_LIBS)
TESTS += tests/unit-volatility
