## tests/ux.mk -- issues 14 and 15, what a new user meets: no silent
## emptiness, stdin, help, suggestions, skip reasons, install, warnings.
TESTS += tests/ux-empty.sh tests/ux-stdin.sh tests/ux-help.sh tests/ux-suggest.sh tests/ux-skip.sh tests/ux-install.sh tests/ux-index.sh
EXTRA_DIST += tests/ux-empty.sh tests/ux-stdin.sh tests/ux-help.sh tests/ux-suggest.sh tests/ux-skip.sh tests/ux-install.sh tests/ux-index.sh
