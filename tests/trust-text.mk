## tests/trust-text.mk -- included by Makefile.am.
## Text from the input on its way to charts, reports and terminals
## (issue 11: quoting for gnuplot, UTF-8, chart names, headings,
## Markdown autolinks, control characters in tables), and the fuzz
## target that sends fuzzed labels, tickers and group values through the
## chart and report writers.

check_PROGRAMS += tests/unit-text
tests_unit_text_SOURCES = tests/unit-text.c
tests_unit_text_LDADD = $(EVS_LIBS)
TESTS += tests/unit-text

# Items 1 and 7: apostrophes in labels and tickers (heap overflow in
# gp_array, gnuplot failing on doubled quotes); generated hostile labels
# through the real gnuplot.
check_PROGRAMS += tests/text-labels
tests_text_labels_SOURCES = tests/text-labels.c
TEXT_TESTS = \
	tests/text-quotes.sh \
	tests/text-gnuplot.sh \
	tests/text-names.sh \
	tests/text-report.sh \
	tests/text-terminal.sh
TESTS += $(TEXT_TESTS)
EXTRA_DIST += $(TEXT_TESTS)

# The fuzz target of chart and report text (tests/fuzz/fuzz-text.c):
# part of `make fuzz` (FUZZ_TARGETS, tests/fuzz.mk), its regression
# corpus replayed by tests/text-fuzz-replay.sh.  It finds the chart
# templates in the source tree; under `make fuzz` one input in
# FUZZ_TEXT_GNUPLOT is also drawn with the real gnuplot (EVS_FUZZ_GNUPLOT
# in the environment overrides it; 0: never).
FUZZ_TARGETS += text
FUZZ_TEXT_GNUPLOT = 500
check_PROGRAMS += tests/fuzz/replay-text
tests_fuzz_replay_text_SOURCES = tests/fuzz/fuzz-text.c tests/fuzz/replay.c
tests_fuzz_replay_text_CPPFLAGS = $(AM_CPPFLAGS) -DEVS_FUZZ_PLOTS='"$(abs_top_srcdir)/plots"'
tests_fuzz_replay_text_LDADD = $(EVS_LIBS)
TESTS += tests/text-fuzz-replay.sh
EXTRA_DIST += tests/text-fuzz-replay.sh tests/fuzz/regress/text

tests/fuzz/fuzz-text: tests/fuzz/fuzz-text.c $(FUZZ_LIBSRC)
	$(AM_V_CC)$(CLANG) $(FUZZ_CFLAGS) -DPKGDATADIR='"$(pkgdatadir)"' \
	  -DEVS_FUZZ_PLOTS='"$(abs_top_srcdir)/plots"' -DEVS_FUZZ_GNUPLOT=$(FUZZ_TEXT_GNUPLOT) \
	  -I$(top_builddir) -I$(top_srcdir)/analyzer $(GSL_CFLAGS) -o $@ $^ \
	  $(CSV_LIBS) $(GSL_LIBS) $(SQLITE3_LIBS) -lm
