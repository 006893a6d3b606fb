## tests/trust-paths.mk -- included by Makefile.am.
## Output paths under attack (issue 11, items 3, 4, 5, 18): -o to
## devices, FIFOs, links and read-only directories; --report and --plot
## against links, foreign directories and a full disk; the output plan
## checked before anything is written; temporaries removed on signals and
## after kill -9.
TESTS += tests/hostile-fs.sh tests/signals.sh
EXTRA_DIST += tests/hostile-fs.sh tests/signals.sh
check_PROGRAMS += tests/unit-fsout
tests_unit_fsout_SOURCES = tests/unit-fsout.c
tests_unit_fsout_LDADD = $(EVS_LIBS)
TESTS += tests/unit-fsout
