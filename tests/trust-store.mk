## tests/trust-store.mk -- the store under attack (issue 11): damaged
## blobs and run parameters, read-only stores, and the store fuzz target.
##
##   make fuzz-store FUZZ_SECONDS=N   the store target alone (also run by
##                                    `make fuzz`); crashing inputs land in
##                                    fuzz-artifacts/store/: add them to
##                                    tests/fuzz/regress/store/.
TRUST_STORE_TESTS = tests/trust-store.sh tests/trust-readonly.sh tests/trust-store-replay.sh
TESTS += $(TRUST_STORE_TESTS)
EXTRA_DIST += $(TRUST_STORE_TESTS) tests/fuzz/regress/store

# fuzz-store.c runs `run --rerun` through the command layer in-process:
# evstudy's sources but main.c, as the cli target.  Its error paths leak
# by design (see fuzz-store.c): no leak check.
check_PROGRAMS += tests/fuzz/replay-store
tests_fuzz_replay_store_SOURCES = tests/fuzz/fuzz-store.c tests/fuzz/replay.c tests/fuzz/exit-hook.h tests/fuzz/walk.h \
	analyzer/cli.c analyzer/cmd-main.c analyzer/cmd-study.c analyzer/cmd-shard.c analyzer/cli-charts.c analyzer/cli-regress.c analyzer/cli-progress.c analyzer/cmd-store.c \
	analyzer/cmd-import.c analyzer/cmd-run.c analyzer/cmd-history.c analyzer/cmd-export.c \
	analyzer/cmd-intraday.c
tests_fuzz_replay_store_LDADD = $(EVS_LIBS)

tests/fuzz/fuzz-store: tests/fuzz/fuzz-store.c $(FUZZ_LIBSRC) $(FUZZ_CLISRC)
	$(AM_V_CC)$(CLANG) $(FUZZ_CFLAGS) -DPKGDATADIR='"$(pkgdatadir)"' \
	  -I$(top_builddir) -I$(top_srcdir)/analyzer $(GSL_CFLAGS) -o $@ $^ \
	  $(CSV_LIBS) $(GSL_LIBS) $(SQLITE3_LIBS) -lm

# Seeds: the regression corpus (hand-made edits and past findings).
# Each input copies the store and a rerun commits with synchronous=FULL:
# on tmpfs (FUZZ_TMPDIR, default /dev/shm) that costs no fsync.  An edit
# is 4 bytes and its payload: -len_control=0 lets inputs hold several.
fuzz-store: tests/fuzz/fuzz-store
	mkdir -p fuzz-corpus/store fuzz-artifacts/store
	TMPDIR=$${FUZZ_TMPDIR:-/dev/shm} ASAN_OPTIONS=detect_leaks=0 ./tests/fuzz/fuzz-store \
	  -max_total_time=$(FUZZ_SECONDS) -max_len=512 -len_control=0 -detect_leaks=0 \
	  -close_fd_mask=3 -timeout=10 -rss_limit_mb=2048 \
	  -artifact_prefix=fuzz-artifacts/store/ fuzz-corpus/store $(srcdir)/tests/fuzz/regress/store
fuzz: fuzz-store

clean-local: clean-fuzz-store
clean-fuzz-store:
	rm -f tests/fuzz/fuzz-store
.PHONY: fuzz-store clean-fuzz-store
