## tests/plots.mk -- included by Makefile.am.
## Charts, report and injection tests (gnuplot at run time).

check_PROGRAMS += tests/unit-plot
tests_unit_plot_SOURCES = tests/unit-plot.c
tests_unit_plot_LDADD = $(EVS_LIBS)
TESTS += tests/unit-plot

PLOT_TESTS = \
	tests/plot-charts.sh \
	tests/plot-golden.sh \
	tests/plot-inject.sh \
	tests/plot-nognuplot.sh \
	tests/report.sh
TESTS += $(PLOT_TESTS)
EXTRA_DIST += $(PLOT_TESTS)
