## tests/core.mk -- included by Makefile.am.
