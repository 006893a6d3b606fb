## tests/fuzz.mk -- fuzz targets for libFuzzer (clang) and the replay of
## their regression corpus in `make check`.
##
##   make fuzz FUZZ_SECONDS=N   build the targets with clang and fuzz each
##                              for N seconds (default 60), seeded from
##                              ../shared/data and the test fixtures; any
##                              crashing input lands in fuzz-artifacts/:
##                              add it to tests/fuzz/regress/TARGET/.
##                              Targets: the importers (prices, events,
##                              factors), a study, the command line
##                              (cli, fuzz-cli.c), and the regressions'
##                              characteristics, formula and core (regress),
##                              intraday bars (bars) and damaged shard
##                              files (shard, fuzz-shard.c).

FUZZ_TARGETS = prices events study factors cli regress bars shard
FUZZ_SECONDS = 60
CLANG = clang
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_LIBSRC = $(filter %.c,$(libevstudy_a_SOURCES))
# The cli target runs the command layer in-process: evstudy's sources but
# main.c.  Its error paths leak by design (see fuzz-cli.c): no leak check.
FUZZ_CLISRC = $(filter-out %/main.c,$(filter %.c,$(evstudy_SOURCES)))
FUZZ_FLAGS_cli = -detect_leaks=0 -close_fd_mask=3
FUZZ_ENV_cli = ASAN_OPTIONS=detect_leaks=0

check_PROGRAMS += tests/fuzz/replay-prices tests/fuzz/replay-events tests/fuzz/replay-study \
	tests/fuzz/replay-factors tests/fuzz/replay-cli tests/fuzz/replay-regress tests/fuzz/replay-shard
tests_fuzz_replay_prices_SOURCES = tests/fuzz/fuzz-prices.c tests/fuzz/replay.c
tests_fuzz_replay_prices_LDADD = $(EVS_LIBS)
tests_fuzz_replay_events_SOURCES = tests/fuzz/fuzz-events.c tests/fuzz/replay.c
tests_fuzz_replay_events_LDADD = $(EVS_LIBS)
tests_fuzz_replay_study_SOURCES = tests/fuzz/fuzz-study.c tests/fuzz/replay.c
tests_fuzz_replay_study_LDADD = $(EVS_LIBS)
tests_fuzz_replay_factors_SOURCES = tests/fuzz/fuzz-factors.c tests/fuzz/replay.c
tests_fuzz_replay_factors_LDADD = $(EVS_LIBS)
tests_fuzz_replay_regress_SOURCES = tests/fuzz/fuzz-regress.c tests/fuzz/replay.c
tests_fuzz_replay_regress_LDADD = $(EVS_LIBS)
tests_fuzz_replay_shard_SOURCES = tests/fuzz/fuzz-shard.c tests/fuzz/replay.c tests/fuzz/walk.h
tests_fuzz_replay_shard_LDADD = $(EVS_LIBS)
tests_fuzz_replay_cli_SOURCES = tests/fuzz/fuzz-cli.c tests/fuzz/replay.c tests/fuzz/exit-hook.h \
	analyzer/cli.c analyzer/cmd-main.c analyzer/cmd-study.c analyzer/cmd-shard.c analyzer/cli-charts.c analyzer/cli-regress.c analyzer/cli-progress.c analyzer/cmd-store.c \
	analyzer/cmd-import.c analyzer/cmd-run.c analyzer/cmd-history.c analyzer/cmd-export.c \
	analyzer/cmd-intraday.c
tests_fuzz_replay_cli_LDADD = $(EVS_LIBS)
TESTS += tests/fuzz-replay.sh
EXTRA_DIST += tests/fuzz-replay.sh tests/fuzz/regress tests/fuzz/cli-seeds.sh

tests/fuzz/fuzz-%: tests/fuzz/fuzz-%.c $(FUZZ_LIBSRC)
	$(AM_V_CC)$(CLANG) $(FUZZ_CFLAGS) -DPKGDATADIR='"$(pkgdatadir)"' \
	  -I$(top_builddir) -I$(top_srcdir)/analyzer $(GSL_CFLAGS) -o $@ $^ \
	  $(CSV_LIBS) $(GSL_LIBS) $(SQLITE3_LIBS) -lm
tests/fuzz/fuzz-cli: tests/fuzz/fuzz-cli.c $(FUZZ_LIBSRC) $(FUZZ_CLISRC)
	$(AM_V_CC)$(CLANG) $(FUZZ_CFLAGS) -DPKGDATADIR='"$(pkgdatadir)"' \
	  -I$(top_builddir) -I$(top_srcdir)/analyzer $(GSL_CFLAGS) -o $@ $^ \
	  $(CSV_LIBS) $(GSL_LIBS) $(SQLITE3_LIBS) -lm

# fuzz-seed TARGET: a fresh seed corpus from the shared data and fixtures.
fuzz-seeds:
	rm -rf fuzz-corpus && mkdir -p $(FUZZ_TARGETS:%=fuzz-corpus/%)
	for f in $(SHARED_DATA)/prices/*.csv $(srcdir)/tests/fixtures/prices/*.csv; do \
	  { printf '\000'; head -n 60 "$$f"; } > fuzz-corpus/prices/$$(basename "$$f"); done
	for f in $(SHARED_DATA)/factors/*.csv; do \
	  { head -n 40 "$$f"; tail -n 5 "$$f"; } > fuzz-corpus/factors/$$(basename "$$f"); done
	cp $(srcdir)/datasets/releases.csv $(srcdir)/tests/fixtures/events/*.csv fuzz-corpus/events/
	for f in NVDA BABA 9988.HK HSI; do \
	  { cat $(srcdir)/datasets/releases.csv; printf '\000'; \
	    grep -m 40 -n '' $(SHARED_DATA)/prices/$$f.csv | grep -e '^1:' -e '2025-01' | cut -d: -f2-; \
	  } > fuzz-corpus/study/$$f; done
	$(SHELL) $(srcdir)/tests/fuzz/cli-seeds.sh $(SHARED_DATA) fuzz-corpus/cli
	cp $(srcdir)/tests/fuzz/regress/regress/* fuzz-corpus/regress/
	for f in $(srcdir)/tests/fixtures/bars/*.csv $(srcdir)/tests/fixtures/bars/*.txt; do \
	  { printf '\001'; cat "$$f"; } > fuzz-corpus/bars/$$(basename "$$f"); done

fuzz: fuzz-seeds $(FUZZ_TARGETS:%=tests/fuzz/fuzz-%)
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz-artifacts/$$t; \
	  flags= env=; [ $$t != cli ] || { flags='$(FUZZ_FLAGS_cli)'; env='$(FUZZ_ENV_cli)'; }; \
	  env $$env ./tests/fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 $$flags \
	    -timeout=10 -rss_limit_mb=2048 -artifact_prefix=fuzz-artifacts/$$t/ \
	    fuzz-corpus/$$t $(srcdir)/tests/fuzz/regress/$$t || exit 1; \
	done

clean-local: clean-fuzz
clean-fuzz:
	rm -rf fuzz-corpus fuzz-artifacts $(FUZZ_TARGETS:%=tests/fuzz/fuzz-%)
.PHONY: fuzz fuzz-seeds clean-fuzz
