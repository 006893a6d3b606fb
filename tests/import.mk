## tests/import.mk -- included by Makefile.am.
