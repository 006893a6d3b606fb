## tests/store.mk -- the sqlite3 store (import, run, history, export).
