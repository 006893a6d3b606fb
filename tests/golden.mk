## tests/golden.mk -- included by Makefile.am.
