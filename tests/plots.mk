## tests/plots.mk -- included by Makefile.am.
## Charts, report and injection tests (gnuplot at run time).

check_PROGRAMS += tests/unit-plot
tests_unit_plot_SOURCES = tests/unit-plot.c
tests_unit_plot_LDADD = $(EVS_LIBS)
TESTS += tests/unit-plot

PLOT_TESTS = \
	tests/plot-groups.sh \
	tests/plot-charts.sh \
	tests/plot-golden.sh \
	tests/plot-inject.sh \
	tests/plot-nognuplot.sh \
	tests/plot-measures.sh \
	tests/report.sh
TESTS += $(PLOT_TESTS)
EXTRA_DIST += $(PLOT_TESTS)

PLOT_EXPECTED = \
	tests/reference/expected/plots/ar-9-qwen-2-5-max-launched-on-NVDA.csv \
	tests/reference/expected/plots/ar-9-qwen-2-5-max-launched-on-BABA.csv \
	tests/reference/expected/plots/ar-9-qwen-2-5-max-launched-on-9988.HK.csv \
	tests/reference/expected/plots/car-9-qwen-2-5-max-launched-on.csv \
	tests/reference/expected/plots/caar.csv \
	tests/reference/expected/plots/summary.csv \
	tests/reference/expected/plots/price-NVDA.csv \
	tests/reference/expected/plots/price-NVDA.events.csv \
	tests/plots/expected/price-NVDA.gp \
	tests/plots/expected/ar-9-qwen-2-5-max-launched-on-NVDA.gp \
	tests/plots/expected/car-9-qwen-2-5-max-launched-on.gp \
	tests/plots/expected/caar.gp \
	tests/plots/expected/summary.gp
EXTRA_DIST += $(PLOT_EXPECTED) tests/reference/plots.R \
	tests/fixtures/events/inject.csv

# Rewrite the expected chart data from the shared data (needs Rscript);
# review the diff before committing.
plots-regen:
	Rscript $(srcdir)/tests/reference/plots.R '$(SHARED_DATA)' \
	  $(srcdir)/tests/reference/expected/plots $(srcdir)/datasets/releases.csv
.PHONY: plots-regen
EXTRA_DIST += doc/car-qwen-2.5-max.png
