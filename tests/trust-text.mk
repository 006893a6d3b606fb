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
	tests/text-names.sh
TESTS += $(TEXT_TESTS)
EXTRA_DIST += $(TEXT_TESTS)
