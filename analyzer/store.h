/* store.h -- a durable sqlite3 store of prices, events and study runs:
 * import once, study many times.
 *
 * Contract:
 * - sqlite3 through its C API; every value goes through a bound parameter,
 *   never into SQL text, so tickers and labels are stored as written.
 * - WAL journal, synchronous=FULL (a commit survives a power loss;
 *   except price imports, which commit with NORMAL and are made durable
 *   together by store_sync before `import` reports success), busy_timeout, and BEGIN IMMEDIATE for every writer: a writer that
 *   cannot get the lock in time fails with EVS_EBUSY, never half-done.
 * - The schema version is PRAGMA user_version; each numbered migration
 *   runs in its own transaction.
 * - One price file is imported in one transaction (all of it or none),
 *   one run is recorded in one transaction (an interrupted run is absent).
 * - Price rows are versioned by import: a row a newer download changes is
 *   closed (last_import) and a new one added, so a run reads the prices
 *   "as of" an import generation and can be re-run with identical numbers.
 *   Intraday bars (bar_store.h, schema 9) are versioned the same way, per
 *   session, and intraday runs are runs of kind 'intraday'.
 *
 * Ownership: strings and arrays handed out by store_* belong to the
 * caller and are freed with the matching *_release.  Functions return
 * EVS_OK or an evs_error code: EVS_EBUSY (database busy), EVS_EIO (cannot
 * open or write), EVS_EDATA (bad input file, or not an evstudy
 * database), EVS_EUSAGE (no such run or events), EVS_EINTERNAL.
 */
#ifndef EVS_STORE_H
#define EVS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "events.h"
#include "series.h"
#include "study.h"

typedef struct evs_store evs_store;

enum store_flags {
  STORE_CREATE = 1,     /* create the database if it does not exist */
  STORE_READONLY = 2    /* a reader: open read-only, never migrate */
};

/* The schema version this evstudy writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 9

/* Opens (and with STORE_CREATE creates) the database at PATH, sets WAL,
 * synchronous=FULL and a busy timeout of WAIT_MS milliseconds, and runs
 * the migrations it lacks.  NULL on failure with ERR set.
 *
 * With STORE_READONLY (history, export) the file is opened read-only and
 * never changed: no migration (a store of schema 1 or 2 is read with its
 * own layout; an empty database is refused with EVS_EDATA).  A WAL
 * database is read through its -shm file, which sqlite creates beside
 * it if it can; where it cannot (a read-only directory, or a store
 * owned by another user in a directory this user cannot write) and no
 * -wal file exists, every commit is in the database file itself and it
 * is opened with sqlite's immutable=1: read without locks, so
 * store_read_end must confirm afterwards that no writer changed it. */
evs_store *store_open (const char *path, int flags, int wait_ms, evs_error *err);

/* After a reader has read what it needs from S: EVS_OK, or EVS_EBUSY if
 * S was read without locks (immutable, see store_open) and its file
 * changed meanwhile, so that what was read may mix two versions. */
int store_read_end (evs_store *s, evs_error *err);

/* Closes *S (may be NULL) and sets it to NULL. */
void store_close (evs_store **s);

/* Makes every import this connection committed durable (fsync of the
 * write-ahead log).  Price imports commit with synchronous=NORMAL, so
 * that a nightly import of thousands of files does not wait for the disk
 * after each one: a power loss during the command can lose the last files
 * (the store stays consistent: each file all or none), never once this
 * has returned EVS_OK.  EVS_EIO if the log cannot be synced. */
int store_sync (evs_store *s, evs_error *err);

/* The current UTC time as 2026-01-02T03:04:05Z into BUF. */
void store_now (char buf[32]);

/* ------------------------------------------------------------ factors */

struct factors_set;

/* Stores the Ken French factor file at PATH ("-": stdin) under its file
 * name, as a new version when its bytes differ from the latest stored
 * (*CHANGED then true; an import generation of kind 'factors').  It is
 * parsed first (factors.h): a bad file is EVS_EDATA and nothing is
 * stored. */
int store_import_factors (evs_store *s, const char *path, bool *changed, evs_error *err);

/* Reads into FS (factors_load_buffer, joined by date) the factor files
 * stored as of generation GEN: the NAMES (N of them, file names) in that
 * order, or with N 0 the one stored file.  EVS_EUSAGE when there is
 * none, a name is not stored, or N is 0 and several are stored. */
int store_load_factors (evs_store *s, int64_t gen, const char *const *names, size_t n,
                        struct factors_set *fs, evs_error *err);

/* ------------------------------------------------------------ imports */

enum store_change { STORE_NEW, STORE_UPDATED, STORE_UNCHANGED };

/* What importing one series did. */
#define STORE_TYPO_FACTOR 1.5

typedef struct store_series_report {
  char *ticker;
  enum store_change change;
  size_t added;          /* dates the store did not have */
  size_t changed;        /* dates whose values differ (old row kept, closed) */
  size_t kept;           /* stored dates the file no longer has (kept) */
  int32_t first_changed, last_changed;  /* range of changed dates */
  char *price_column;      /* the file's column used as price */
  char *price_column_was;  /* the one before, if it was another */
  /* Changed prices that no adjustment explains (issue 14): a row whose
   * new/old ratio differs by STORE_TYPO_FACTOR or more from the ratio of
   * the stored rows on both sides (a dividend or split moves every
   * earlier row by the same ratio; one row moving 10x is a typo).  The
   * first of them: its date, line in the file, old and new price. */
  size_t suspect;
  int32_t suspect_date;
  uint32_t suspect_line;
  double suspect_old, suspect_new;
} store_series_report;

typedef struct store_import_report {
  bool unchanged;        /* same bytes as already imported: nothing written */
  int64_t import_id;     /* the generation written, 0 if none */
  store_series_report *v;
  size_t n;
} store_import_report;

void store_import_report_release (store_import_report *r);

/* Imports the price file PATH (any layout price_import reads; PRICE_COLUMN
 * as --price-column, or NULL) in one transaction.  Series are keyed by
 * (ticker, base name of PATH).  On a data error the file is rolled back
 * whole and ERR names file, line and column. */
int store_import_prices (evs_store *s, const char *path, const char *price_column,
                         store_import_report *out, evs_error *err);

/* Imports the events timeline PATH as an immutable event set; the same
 * bytes again are recognised.  *SET_ID is the set's id, *IS_NEW whether
 * it was added now. */
int store_import_events (evs_store *s, const char *path, int64_t *set_id,
                         bool *is_new, size_t *nevents, evs_error *err);

/* ------------------------------------------------------------- reading */

/* The latest import generation (0 for an empty store). */
int store_generation (evs_store *s, int64_t *gen, evs_error *err);

/* The latest event set whose source (as given, or its base name) is NAME,
 * or the latest of all if NAME is NULL.  EVS_EUSAGE if there is none. */
int store_find_events (evs_store *s, const char *name, int64_t *set_id,
                       evs_error *err);

/* Loads event set SET_ID into OUT (initialised here), exactly as
 * events_load read it at import time. */
int store_load_events (evs_store *s, int64_t set_id, evs_timeline *out,
                       evs_error *err);

/* Appends to OUT, in import order, the series whose ticker or source base
 * name is NAME (case-insensitive), or all series if NAME is NULL, with
 * their prices as of generation GEN.  *FOUND counts them. */
int store_load_series (evs_store *s, int64_t gen, const char *name,
                       evs_series_list *out, size_t *found, evs_error *err);

/* With ON, store_load_series also fills each series' volume column
 * (col[SERIES_VOLUME], NaN where a row has none), for --measure volume
 * (issue 12): the price snapshots hold dates and prices only, so the
 * volumes are read from the price rows as of the same generation. */
void store_set_load_volume (evs_store *s, bool on);

/* For a NAME that store_load_series does not find: the first stored
 * ticker that differs from it only by a leading '^', case or an exchange
 * suffix (HSI and ^HSI, nvda and NVDA, 9988 and 9988.HK) into BUF (SIZE
 * bytes), *FOUND true; else *FOUND false. */
int store_suggest_series (evs_store *s, const char *name, char *buf, size_t size,
                          bool *found /* out */, evs_error *err);

/* ----------------------------------------------------------------- runs */

/* What a run was asked to do, recorded with its results. */
typedef struct store_run_meta {
  int64_t rerun_of;      /* run repeated, or 0 */
  int64_t generation;    /* prices as of this import */
  int64_t event_set;
  char **args;           /* the study options as given (for --rerun) */
  size_t nargs;
  char started[32];      /* UTC, ISO 8601 */
} store_run_meta;

/* Records META and every number of ST (results per event, series and
 * window; per-day ARs; confounders; estimation-window residuals) in one
 * transaction; *RUN_ID is the new run. */
int store_record_run (evs_store *s, const store_run_meta *meta,
                      const evs_study *st, int64_t *run_id, evs_error *err);

/* Reads the meta of run ID (args, generation, event set) into OUT; free
 * it with store_run_meta_release. */
int store_run_meta_load (evs_store *s, int64_t id, store_run_meta *out,
                         evs_error *err);
void store_run_meta_release (store_run_meta *m);

/* A recorded run rebuilt from the store: ST points into EVENTS, STUBS
 * (series holding only a ticker) and WIN, all owned here. */
typedef struct store_run {
  evs_timeline events;
  evs_series *stubs;
  size_t nstubs, cap;
  study_window *win;
  evs_study st;
} store_run;

/* Rebuilds run ID so that the output_* writers print what the run
 * printed: every field of every study_result comes back as recorded,
 * the estimation-window residuals (est_ar) included, except the fit's
 * parameter covariance (c00, c01, c11), which no output prints.
 * EVS_EUSAGE if there is no such run. */
int store_run_load (evs_store *s, int64_t id, store_run *out, evs_error *err);
void store_run_release (store_run *r);

/* One line of the history. */
typedef struct store_history_row {
  int64_t id, rerun_of, generation, event_set, nresults, nok;
  char *status, *version, *started, *finished, *events, *model, *args;
} store_history_row;

/* Every run, oldest first; free with store_history_release. */
int store_history (evs_store *s, store_history_row **rows, size_t *n,
                   evs_error *err);
void store_history_release (store_history_row *rows, size_t n);

/* PRAGMA integrity_check and foreign_key_check: *OK, and the first
 * problem into MSG (SIZE bytes) when not ok. */
int store_check (evs_store *s, bool *ok, char *msg, size_t size, evs_error *err);

/* PATH as a file: URI for sqlite3_open_v2 (bytes other than letters,
 * digits and "/-._~" percent-encoded) with QUERY appended; the caller
 * frees it. */
char *store_file_uri (const char *path, const char *query);

#endif
