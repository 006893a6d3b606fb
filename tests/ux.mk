## tests/ux.mk -- issues 14 and 15, what a new user meets: no silent
## emptiness, stdin, help, suggestions, skip reasons, install, warnings.
TESTS += tests/ux-empty.sh tests/ux-stdin.sh tests/ux-help.sh tests/ux-suggest.sh tests/ux-skip.sh tests/ux-install.sh tests/ux-index.sh tests/ux-man.sh tests/ux-event-columns.sh
EXTRA_DIST += tests/ux-empty.sh tests/ux-stdin.sh tests/ux-help.sh tests/ux-suggest.sh tests/ux-skip.sh tests/ux-install.sh tests/ux-index.sh tests/ux-man.sh tests/ux-event-columns.sh

# Issue 15: every CSV and JSON output of the suite against the schema.
# The wrapper of tests/setup collects them in $(EVS_OUTPUTS);
# schema-outputs.test checks them after every other test: its log depends
# on theirs ($(TESTS:.sh=.log) leaves it and the C tests' names as they
# are).
EVS_OUTPUTS = $(abs_top_builddir)/tests/outputs
AM_TESTS_ENVIRONMENT += EVS_OUTPUTS='$(EVS_OUTPUTS)'; export EVS_OUTPUTS;
TEST_EXTENSIONS += .test
TEST_LOG_COMPILER = $(SHELL)
TESTS += tests/schema-outputs.test
EXTRA_DIST += tests/schema-outputs.test tests/schema-check.py
tests/schema-outputs.log: $(TESTS:.sh=.log)
clean-local: clean-schema-outputs
clean-schema-outputs:
	rm -rf tests/outputs
.PHONY: clean-schema-outputs
