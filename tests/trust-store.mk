## tests/trust-store.mk -- the store under attack (issue 11): damaged
## blobs and run parameters, read-only stores, and the store fuzz target.
TRUST_STORE_TESTS = tests/trust-store.sh tests/trust-readonly.sh
TESTS += $(TRUST_STORE_TESTS)
EXTRA_DIST += $(TRUST_STORE_TESTS)
