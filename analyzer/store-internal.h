/* store-internal.h -- what store.c and store-run.c share: the handle and
 * the helpers around sqlite3's statements.  Not for the command layer. */
#ifndef EVS_STORE_INTERNAL_H
#define EVS_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct evs_store {
  sqlite3 *db;
  char *path;
  int64_t version;       /* PRAGMA user_version as opened (readers: as found) */
  bool readonly;         /* STORE_READONLY: never writes, never migrates */
  bool immutable;        /* read without locks (see store_open) ... */
  struct stat seen;      /* ... the file as it was before reading */
  bool load_volume;      /* store_load_series fills col[SERIES_VOLUME] */
  bool relaxed;          /* synchronous=NORMAL since a price import (store_sync) */
  bool legacy_rows;      /* EVSTUDY_STORE_ROWS=1: price imports write `prices`
                            rows as schema 7 and before did, not deltas (only
                            for tests that build stores of older schemas) */
};

/* Turns sqlite3 result RC into an evs_error: busy/locked -> EVS_EBUSY,
 * corrupt/not a database -> EVS_EDATA, I/O -> EVS_EIO. */
int store_sql_fail (evs_store *s, int rc, evs_error *err);
int store_exec (evs_store *s, const char *sql, evs_error *err);
int store_prep (evs_store *s, const char *sql, sqlite3_stmt **st, evs_error *err);
int store_step_done (evs_store *s, sqlite3_stmt *st, evs_error *err);
int store_step_row (evs_store *s, sqlite3_stmt *st, bool *row, evs_error *err);

void store_bind_text (sqlite3_stmt *st, int i, const char *v);   /* NULL -> NULL */
void store_bind_num (sqlite3_stmt *st, int i, double x);         /* NaN -> NULL */
void store_bind_date (sqlite3_stmt *st, int i, bool has, int32_t day);
double store_col_num (sqlite3_stmt *st, int i);                  /* NULL -> NaN */
const char *store_col_text (sqlite3_stmt *st, int i);            /* NULL -> "" */
/* A YYYY-MM-DD column (exactly that, years DATE_MIN_YEAR..DATE_MAX_YEAR)
 * into *DAY; false if NULL or damaged. */
bool store_col_date (sqlite3_stmt *st, int i, int32_t *day);

/* The checks of what is read back (see store_check): damaged data is
 * EVS_EDATA, never a crash, a huge allocation or a wrong number. */
/* An INTEGER column within LO..HI into *V; false if NULL, not an
 * integer or out of range. */
bool store_col_int (sqlite3_stmt *st, int i, int64_t lo, int64_t hi, int64_t *v);
/* A REAL column into *X, NULL as NaN; false if it holds text, a blob or
 * an infinity (NaN is stored as NULL, so a stored value is finite). */
bool store_col_real (sqlite3_stmt *st, int i, double *x);
/* DAY is a day number of a date evstudy accepts (date.h's years). */
bool store_day_valid (int32_t day);
/* Column I for a message: NULL, a number as sqlite prints it, or text
 * in '...' (quoted as error.h's evs_quote does); BUF of SIZE >= 16. */
const char *store_col_quote (sqlite3_stmt *st, int i, char *buf, size_t size);
/* Damaged data: "PATH: " and the printf-style message, EVS_EDATA. */
int store_bad (evs_store *s, evs_error *err, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));

/* The file name without its directory. */
const char *store_base_name (const char *path);
/* The whole file at PATH ("-": stdin) into *BUF (malloc'd), *LEN bytes. */
int store_read_file (const char *path, char **buf, size_t *len, evs_error *err);
/* Adds an imports row (a generation) of KIND for PATH and HASH into *ID. */
int store_add_import (evs_store *s, const char *kind, const char *path, const char *hash,
                      int64_t *id, evs_error *err);
/* history --check of the factor files stored at generation GEN
 * (store-factors.c): each parses, and its bytes have their hash. */
int store_check_factors (evs_store *s, int64_t gen, evs_error *err);

/* The store's byte order for blobs, whatever the machine's: N doubles
 * as 8-byte little-endian IEEE-754 values, N int32 as 4-byte
 * little-endian two's complement.  The packers' results are the
 * caller's to free. */
unsigned char *store_pack_doubles (const double *x, size_t n);
void store_put_doubles (unsigned char *b, const double *x, size_t n);
void store_put_int32 (unsigned char *b, const int32_t *x, size_t n);
void store_unpack_doubles (const unsigned char *b, size_t n, double *x);
unsigned char *store_pack_int32 (const int32_t *x, size_t n);
void store_unpack_int32 (const unsigned char *b, size_t n, int32_t *x);

/* Binds the parameters ?1..?6 that every INSERT INTO runs starts with
 * (store-run.c, bar_store.c): evstudy's version, M's start, now as the
 * finish, rerun_of (NULL for none), generation and event set. */
void store_bind_run_meta (sqlite3_stmt *q, const store_run_meta *m);

/* "PATH: run ID: " and the message, EVS_EDATA: a damaged run (store-run.c,
 * bar_store.c). */
__attribute__ ((format (printf, 4, 5)))
int store_bad_run (evs_store *s, int64_t id, evs_error *err, const char *fmt, ...);

/* BEGIN IMMEDIATE: the write lock now, or EVS_EBUSY after the timeout. */
int store_begin (evs_store *s, evs_error *err);
int store_commit (evs_store *s, evs_error *err);
void store_rollback (evs_store *s);

#endif
