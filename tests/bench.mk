## tests/bench.mk -- `make bench`: the benchmark harness (tests/bench).
## BENCH_SCALE=N runs the workloads at N% of their size (default 100);
## BENCH_JOBS=N sets --jobs (default: every processor).

EXTRA_PROGRAMS = tests/bench/gen tests/bench/measure tests/bench/bars
tests_bench_gen_SOURCES = tests/bench/gen.c
tests_bench_gen_LDADD = $(EVS_LIBS)
tests_bench_measure_SOURCES = tests/bench/measure.c
tests_bench_bars_SOURCES = tests/bench/bars.c
tests_bench_bars_LDADD = $(EVS_LIBS)
EXTRA_DIST += tests/bench/run.sh tests/bench/shard.sh tests/bench/import.sh tests/bench/intraday.sh
BENCH_SCALE = 100
BENCH_JOBS =

bench: evstudy tests/bench/gen tests/bench/measure tests/bench/bars
	EVSTUDY=$(abs_top_builddir)/evstudy GEN=$(abs_top_builddir)/tests/bench/gen \
	BARS=$(abs_top_builddir)/tests/bench/bars \
	MEASURE=$(abs_top_builddir)/tests/bench/measure BENCH_DATA=$(abs_top_builddir)/bench-data \
	BENCH_SCALE=$(BENCH_SCALE) BENCH_JOBS=$(BENCH_JOBS) $(SHELL) $(srcdir)/tests/bench/run.sh

clean-local: clean-bench
clean-bench:
	rm -rf bench-data
	rm -f $(EXTRA_PROGRAMS)
.PHONY: bench clean-bench
