## tests/hostile.mk -- included by Makefile.am.
## Hostile input beyond tests/hostile.sh (price files): events files,
## the events limit, an unreadable file.

TESTS += tests/hostile-events.sh
EXTRA_DIST += tests/hostile-events.sh
