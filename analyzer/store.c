/* store.c -- the sqlite3 store: opening, migrations, imports and reads.
 * Recording and rebuilding runs is in store-run.c; both share
 * store-internal.h.  Every value is a bound parameter (see store.h). */
#include <config.h>
#include "store.h"
#include "store-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "calendar.h"
#include "date.h"
#include "price_import.h"
#include "sha256.h"

/* PRAGMA application_id of an evstudy store: "EVST". */
#define STORE_APP_ID 0x45565354

/* ------------------------------------------------------------ helpers */

int
store_sql_fail (evs_store *s, int rc, evs_error *err)
{
  const char *msg = sqlite3_errmsg (s->db);
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return evs_fail (err, EVS_EBUSY,
                       "%s: database busy: another evstudy is writing it; try again later",
                       s->path);
    case SQLITE_NOMEM:
      return evs_fail (err, EVS_EINTERNAL, "%s: out of memory", s->path);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return evs_fail (err, EVS_EDATA, "%s: not an evstudy database, or damaged: %s",
                       s->path, msg);
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return evs_fail (err, EVS_EIO, "%s: %s", s->path, msg);
    default:
      return evs_fail (err, EVS_EINTERNAL, "%s: sqlite3: %s", s->path, msg);
    }
}

/* Runs constant SQL (never text from a file). */
int
store_exec (evs_store *s, const char *sql, evs_error *err)
{
  int rc = sqlite3_exec (s->db, sql, NULL, NULL, NULL);
  return rc == SQLITE_OK ? EVS_OK : store_sql_fail (s, rc, err);
}

int
store_prep (evs_store *s, const char *sql, sqlite3_stmt **st, evs_error *err)
{
  int rc = sqlite3_prepare_v2 (s->db, sql, -1, st, NULL);
  return rc == SQLITE_OK ? EVS_OK : store_sql_fail (s, rc, err);
}

/* Steps a statement that returns no row, and resets it for reuse. */
int
store_step_done (evs_store *s, sqlite3_stmt *st, evs_error *err)
{
  int rc = sqlite3_step (st);
  int code = rc == SQLITE_DONE ? EVS_OK : store_sql_fail (s, rc, err);
  sqlite3_reset (st);
  sqlite3_clear_bindings (st);
  return code;
}

/* SQLITE_ROW: a row; SQLITE_DONE: none left; else an error in ERR. */
int
store_step_row (evs_store *s, sqlite3_stmt *st, bool *row, evs_error *err)
{
  int rc = sqlite3_step (st);
  *row = rc == SQLITE_ROW;
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? EVS_OK : store_sql_fail (s, rc, err);
}

void
store_bind_text (sqlite3_stmt *st, int i, const char *v)
{
  if (v)
    sqlite3_bind_text (st, i, v, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (st, i);
}

/* Non-finite numbers are NULL: output writes them as empty or null. */
void
store_bind_num (sqlite3_stmt *st, int i, double x)
{
  if (isfinite (x))
    sqlite3_bind_double (st, i, x);
  else
    sqlite3_bind_null (st, i);
}

void
store_bind_date (sqlite3_stmt *st, int i, bool has, int32_t day)
{
  char b[11];
  store_bind_text (st, i, has ? date_format (day, b) : NULL);
}

double
store_col_num (sqlite3_stmt *st, int i)
{
  return sqlite3_column_type (st, i) == SQLITE_NULL ? NAN : sqlite3_column_double (st, i);
}

const char *
store_col_text (sqlite3_stmt *st, int i)
{
  const unsigned char *t = sqlite3_column_text (st, i);
  return t ? (const char *) t : "";
}

bool
store_col_date (sqlite3_stmt *st, int i, int32_t *day)
{
  const char *t = (const char *) sqlite3_column_text (st, i);
  date_stamp ds;
  if (sqlite3_column_type (st, i) != SQLITE_TEXT || !t || strlen (t) != 10
      || !date_parse_iso (t, 10, &ds))
    return false;
  *day = ds.day;
  return true;
}

bool
store_col_int (sqlite3_stmt *st, int i, int64_t lo, int64_t hi, int64_t *v)
{
  if (sqlite3_column_type (st, i) != SQLITE_INTEGER)
    return false;
  *v = sqlite3_column_int64 (st, i);
  return *v >= lo && *v <= hi;
}

bool
store_col_real (sqlite3_stmt *st, int i, double *x)
{
  int type = sqlite3_column_type (st, i);
  *x = type == SQLITE_NULL ? NAN : sqlite3_column_double (st, i);
  return type == SQLITE_NULL || ((type == SQLITE_FLOAT || type == SQLITE_INTEGER)
                                 && isfinite (*x));
}

bool
store_day_valid (int32_t day)
{
  int32_t lo, hi;
  date_from_ymd (DATE_MIN_YEAR, 1, 1, &lo);
  date_from_ymd (DATE_MAX_YEAR, 12, 31, &hi);
  return day >= lo && day <= hi;
}

const char *
store_col_quote (sqlite3_stmt *st, int i, char *buf, size_t size)
{
  if (sqlite3_column_type (st, i) == SQLITE_NULL)
    {
      snprintf (buf, size, "NULL");
      return buf;
    }
  int type = sqlite3_column_type (st, i);
  const char *t = (const char *) sqlite3_column_text (st, i);
  if (type == SQLITE_INTEGER || type == SQLITE_FLOAT)
    {
      snprintf (buf, size, "%s", t ? t : "");
      return buf;
    }
  buf[0] = '\'';
  evs_quote (buf + 1, size - 2, t ? t : "", (size_t) sqlite3_column_bytes (st, i));
  strcat (buf, "'");
  return buf;
}

int
store_bad (evs_store *s, evs_error *err, const char *fmt, ...)
{
  char what[900];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (what, sizeof what, fmt, ap);
  va_end (ap);
  return evs_fail (err, EVS_EDATA, "%s: %s", s->path, what);
}

int
store_begin (evs_store *s, evs_error *err)
{
  return store_exec (s, "BEGIN IMMEDIATE", err);
}

void
store_rollback (evs_store *s)
{
  if (!sqlite3_get_autocommit (s->db))
    sqlite3_exec (s->db, "ROLLBACK", NULL, NULL, NULL);
}

int
store_commit (evs_store *s, evs_error *err)
{
  int rc = store_exec (s, "COMMIT", err);
  if (rc != EVS_OK)
    store_rollback (s);
  return rc;
}

void
store_now (char buf[32])
{
  time_t t = time (NULL);
  struct tm tm;
  gmtime_r (&t, &tm);
  strftime (buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The file name without its directory. */
const char *
store_base_name (const char *path)
{
  const char *b = strrchr (path, '/');
  return b ? b + 1 : path;
}

/* -------------------------------------------------------- migrations */

/* The index of the current price rows (schema_v1; since schema 8 no
 * import writes rows, see schema_v8). */
#define PRICES_CURRENT \
  "CREATE UNIQUE INDEX prices_current ON prices (series_id, date)" \
  "  WHERE last_import IS NULL"

/* Migration 1: the first schema.  Dates are YYYY-MM-DD text so that a
 * notebook reads them as written; numbers are REAL (IEEE doubles, so
 * they come back bit for bit); NULL where a value is undefined. */
static const char schema_v1[] =
  "PRAGMA application_id = 1163285332;"  /* STORE_APP_ID */
  /* One row per import that wrote something: the generation counter. */
  "CREATE TABLE imports (id INTEGER PRIMARY KEY, kind TEXT NOT NULL"
  "  CHECK (kind IN ('prices', 'events', 'factors')), source TEXT NOT NULL,"
  "  hash TEXT NOT NULL, imported TEXT NOT NULL, evstudy TEXT NOT NULL);"
  "CREATE TABLE series (id INTEGER PRIMARY KEY,"
  "  ticker TEXT NOT NULL COLLATE NOCASE, source TEXT NOT NULL,"
  "  exchange TEXT NOT NULL, layout TEXT NOT NULL, price_column TEXT NOT NULL,"
  "  price_option TEXT NOT NULL, hash TEXT NOT NULL,"
  "  import_id INTEGER NOT NULL REFERENCES imports (id), UNIQUE (ticker, source));"
  /* A row is current while last_import is NULL; a newer download that
   * changes it closes it and adds a new one. */
  "CREATE TABLE prices (series_id INTEGER NOT NULL REFERENCES series (id),"
  "  date TEXT NOT NULL, price REAL NOT NULL, open REAL, high REAL, low REAL,"
  "  close REAL, adj_close REAL, volume REAL,"
  "  first_import INTEGER NOT NULL REFERENCES imports (id),"
  "  last_import INTEGER REFERENCES imports (id),"
  "  PRIMARY KEY (series_id, date, first_import)) WITHOUT ROWID;"
  PRICES_CURRENT ";"
  "CREATE TABLE factors (source TEXT NOT NULL, date TEXT NOT NULL,"
  "  name TEXT NOT NULL, value REAL,"
  "  import_id INTEGER NOT NULL REFERENCES imports (id),"
  "  PRIMARY KEY (source, date, name)) WITHOUT ROWID;"
  "CREATE TABLE event_sets (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
  "  source TEXT NOT NULL, hash TEXT NOT NULL,"
  "  import_id INTEGER NOT NULL REFERENCES imports (id), UNIQUE (name, hash));"
  "CREATE TABLE event_columns (set_id INTEGER NOT NULL REFERENCES event_sets (id),"
  "  pos INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (set_id, pos));"
  "CREATE TABLE events (set_id INTEGER NOT NULL REFERENCES event_sets (id),"
  "  row INTEGER NOT NULL, line INTEGER NOT NULL, date_text TEXT NOT NULL,"
  "  label TEXT NOT NULL, company TEXT NOT NULL, source TEXT NOT NULL,"
  "  tickers TEXT NOT NULL, day TEXT NOT NULL, minute INTEGER,"
  "  offset_min INTEGER, instant INTEGER, PRIMARY KEY (set_id, row));"
  "CREATE TABLE event_extras (set_id INTEGER NOT NULL, row INTEGER NOT NULL,"
  "  pos INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (set_id, row, pos),"
  "  FOREIGN KEY (set_id, row) REFERENCES events (set_id, row));"
  "CREATE TABLE runs (id INTEGER PRIMARY KEY, status TEXT NOT NULL"
  "  CHECK (status IN ('ok', 'failed')), evstudy TEXT NOT NULL,"
  "  started TEXT NOT NULL, finished TEXT NOT NULL,"
  "  rerun_of INTEGER REFERENCES runs (id), generation INTEGER NOT NULL,"
  "  event_set INTEGER NOT NULL REFERENCES event_sets (id), model TEXT NOT NULL,"
  "  returns TEXT NOT NULL, est_start INTEGER NOT NULL, est_end INTEGER NOT NULL,"
  "  min_estimation INTEGER NOT NULL, ar_start INTEGER NOT NULL,"
  "  ar_end INTEGER NOT NULL, n_results INTEGER NOT NULL);"
  "CREATE TABLE run_args (run_id INTEGER NOT NULL REFERENCES runs (id),"
  "  pos INTEGER NOT NULL, arg TEXT NOT NULL, PRIMARY KEY (run_id, pos));"
  "CREATE TABLE run_windows (run_id INTEGER NOT NULL REFERENCES runs (id),"
  "  pos INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
  "  PRIMARY KEY (run_id, pos));"
  /* One row per (run, event, series): day 0, the fit, status. */
  "CREATE TABLE results (run_id INTEGER NOT NULL REFERENCES runs (id),"
  "  pos INTEGER NOT NULL, event_row INTEGER NOT NULL, ticker TEXT NOT NULL,"
  "  market TEXT, day0 TEXT, status TEXT NOT NULL, reason TEXT NOT NULL,"
  "  est_first TEXT, est_last TEXT, n_est INTEGER, alpha REAL, beta REAL,"
  "  sigma REAL, r2 REAL, df REAL,"
  /* The n_est estimation-window residuals (for cross-sectional tests):
   * IEEE-754 doubles, 8 bytes each, little-endian. */
  "  est_ar BLOB, n_conf INTEGER, PRIMARY KEY (run_id, pos)) WITHOUT ROWID;"
  /* One row per (run, event, series, window). */
  "CREATE TABLE cars (run_id INTEGER NOT NULL, result_pos INTEGER NOT NULL,"
  "  pos INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
  "  first TEXT NOT NULL, last TEXT NOT NULL, car REAL, se REAL, t REAL,"
  "  df REAL, p REAL, bhar REAL, PRIMARY KEY (run_id, result_pos, pos),"
  "  FOREIGN KEY (run_id, result_pos) REFERENCES results (run_id, pos)) WITHOUT ROWID;"
  /* One row per (run, event, series, day). */
  "CREATE TABLE ars (run_id INTEGER NOT NULL, result_pos INTEGER NOT NULL,"
  "  day INTEGER NOT NULL, date TEXT NOT NULL, return REAL, market_return REAL,"
  "  expected REAL, ar REAL, se REAL, t REAL, p REAL,"
  "  PRIMARY KEY (run_id, result_pos, day),"
  "  FOREIGN KEY (run_id, result_pos) REFERENCES results (run_id, pos)) WITHOUT ROWID;"
  "CREATE TABLE confounders (run_id INTEGER NOT NULL, result_pos INTEGER NOT NULL,"
  "  pos INTEGER NOT NULL, event_row INTEGER NOT NULL, day INTEGER,"
  "  PRIMARY KEY (run_id, result_pos, pos),"
  "  FOREIGN KEY (run_id, result_pos) REFERENCES results (run_id, pos)) WITHOUT ROWID;";

/* Version 2: a packed copy of each series' prices as of every import
 * that touched it (dates as int32 day numbers, prices as doubles, see
 * store_pack_*), written in the same transaction as the rows.  A run
 * reads one blob per series instead of a row per price: the prices as of
 * generation G are the series' snapshot with the greatest generation <=
 * G, since only an import of a series changes its rows.  Series imported
 * before version 2 get a snapshot as of their last import (older
 * generations are read from the rows). */
static const char schema_v2[] =
  "CREATE TABLE price_snapshots (series_id INTEGER NOT NULL REFERENCES series (id),"
  "  generation INTEGER NOT NULL REFERENCES imports (id), n INTEGER NOT NULL,"
  "  dates BLOB NOT NULL, prices BLOB NOT NULL,"
  "  PRIMARY KEY (series_id, generation)) WITHOUT ROWID;";

/* Version 3: each result's per-day ARs as one blob on its results row
 * (store-run.c, pack_days) instead of a row per day in ars: recording a
 * market of 20,000 pairs wrote 420,000 ars rows.  Runs recorded before
 * keep their ars rows, which are still read. */
static const char schema_v3[] =
  "ALTER TABLE results ADD COLUMN days BLOB;";

/* Version 4 (issue 12): the measure a run studied (--measure); the runs
 * before it studied returns. */
static const char schema_v4[] =
  "ALTER TABLE runs ADD COLUMN measure TEXT NOT NULL DEFAULT 'return'"
  "  CHECK (measure IN ('return', 'volume', 'volatility'));";

/* Version 5 (issue 15, export): what the cross-sectional aggregate reads of each estimated
 * result beyond its days and CARs (store-run.c, pack_hist): its ARs and
 * their dates over the history kept (study.h hist_*), their se over the
 * event period, and its warnings, so that export gives the aggregate and
 * every test as the run printed them.  NULL in runs recorded before. */
static const char schema_v5[] =
  "ALTER TABLE results ADD COLUMN hist BLOB;";

static int snapshot_all (evs_store *s, evs_error *err);
static int write_snapshot (evs_store *s, int64_t id, int64_t gen, evs_error *err);
static int put_snapshot (evs_store *s, int64_t id, int64_t gen, const int32_t *date,
                         const double *price, size_t n, evs_error *err);

/* Version 6 (issue 15): Ken French factor files as imported (import
 * --factors), one row per file and import that changed it, holding the
 * file's bytes: a run parses the versions as of its generation with the
 * same reader as the flag form's --factors, so the numbers are the
 * same.  (The factors table of version 1 was never written.) */
static const char schema_v6[] =
  "CREATE TABLE factor_files (source TEXT NOT NULL,"
  "  generation INTEGER NOT NULL REFERENCES imports (id), hash TEXT NOT NULL,"
  "  content BLOB NOT NULL, PRIMARY KEY (source, generation)) WITHOUT ROWID;"
  /* And each result's coefficients (store-run.c, pack_fit), which export
   * prints for the factor models and garch. */
  "ALTER TABLE results ADD COLUMN fit BLOB;";

/* Version 7 (issue 15, --table car-path): each estimated result's CAR
 * path (store-run.c, pack_path), which export cannot recompute (a
 * factor model's regressors are not stored).  NULL in runs recorded
 * before: their export has no car-path table. */
static const char schema_v7[] =
  "ALTER TABLE results ADD COLUMN path BLOB;";

/* Version 8 (issue 15, import speed): the price rows of an import as
 * packed blobs per series, instead of a row of `prices` per price (the
 * store wrote twice the bytes of the sqlite3 shell's .import).  A delta
 * holds, in date order, the N rows an import of the series added or
 * changed (BASE 0), or every current row of the series (BASE 1: its
 * first import, and every 16th after, so that reading never applies
 * more than 15 deltas); dates as int32 day numbers, prices and the
 * columns marked in KEPT (bit c: series_col c; those absent from the
 * file are not stored) as doubles, column after column, NaN where a
 * row has none (store_pack_*).  The rows of a series as of generation G
 * are its latest base at or before G with the later deltas up to G
 * applied, a delta's row replacing the row of its date; before its first
 * base they are the `prices` rows as of G, which stores written before
 * version 8 hold and which are still read (no row is written or closed
 * since).  The snapshots are written as before. */
static const char schema_v8[] =
  "CREATE TABLE price_deltas (series_id INTEGER NOT NULL REFERENCES series (id),"
  "  generation INTEGER NOT NULL REFERENCES imports (id), base INTEGER NOT NULL,"
  "  n INTEGER NOT NULL, kept INTEGER NOT NULL, dates BLOB NOT NULL,"
  "  prices BLOB NOT NULL, cols BLOB NOT NULL,"
  "  PRIMARY KEY (series_id, generation)) WITHOUT ROWID;";

/* Version 9 (issue 16): intraday bars in the store, versioned as prices
 * are, and intraday runs recorded beside the daily ones.
 * - imports gets the kind 'bars' (the table is made again with the new
 *   CHECK, sqlite's documented way for a changed constraint, with the
 *   foreign keys off for that migration: see migrate).
 * - bar_series: one row per ticker (ASCII case ignored) and its exchange.
 * - bar_versions: a series as of each import that changed it: the
 *   file's layout and name, its bars in all as of then.
 * - bar_sessions: one row per (series, session, import that changed the
 *   session): the session's bars packed in one blob (bar_store.c), with
 *   the exchange's UTC offset at its first bar, so that a reader needs no
 *   time zone.  The bars as of generation G are, per session, the row
 *   with the greatest generation <= G: a re-import that changes a session
 *   adds a row and keeps the old one.
 * - runs.kind: 'intraday' for `evstudy intraday` runs, whose results are
 *   bar_results rows (one per series: its pairs packed in one blob);
 *   runs.bar_ars: 1 when they hold the per-bar ARs (a run that wrote the
 *   CAR table computes none). */
static const char schema_v9[] =
  "CREATE TABLE imports_v9 (id INTEGER PRIMARY KEY, kind TEXT NOT NULL"
  "  CHECK (kind IN ('prices', 'events', 'factors', 'bars')), source TEXT NOT NULL,"
  "  hash TEXT NOT NULL, imported TEXT NOT NULL, evstudy TEXT NOT NULL);"
  "INSERT INTO imports_v9 SELECT id, kind, source, hash, imported, evstudy FROM imports;"
  "DROP TABLE imports;"
  "ALTER TABLE imports_v9 RENAME TO imports;"
  "ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'daily'"
  "  CHECK (kind IN ('daily', 'intraday'));"
  "ALTER TABLE runs ADD COLUMN bar_ars INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE bar_series (id INTEGER PRIMARY KEY,"
  "  ticker TEXT NOT NULL UNIQUE COLLATE NOCASE, exchange TEXT NOT NULL);"
  "CREATE TABLE bar_versions (series_id INTEGER NOT NULL REFERENCES bar_series (id),"
  "  generation INTEGER NOT NULL REFERENCES imports (id), layout TEXT NOT NULL,"
  "  source TEXT NOT NULL, bars INTEGER NOT NULL,"
  "  PRIMARY KEY (series_id, generation)) WITHOUT ROWID;"
  "CREATE TABLE bar_sessions (series_id INTEGER NOT NULL REFERENCES bar_series (id),"
  "  day INTEGER NOT NULL, generation INTEGER NOT NULL REFERENCES imports (id),"
  "  start INTEGER NOT NULL, utc_offset INTEGER NOT NULL, n INTEGER NOT NULL,"
  "  data BLOB NOT NULL, PRIMARY KEY (series_id, day, generation)) WITHOUT ROWID;"
  "CREATE TABLE bar_results (run_id INTEGER NOT NULL REFERENCES runs (id),"
  "  pos INTEGER NOT NULL, ticker TEXT NOT NULL, market INTEGER NOT NULL,"
  "  pairs INTEGER NOT NULL, ok INTEGER NOT NULL, data BLOB NOT NULL,"
  "  PRIMARY KEY (run_id, pos)) WITHOUT ROWID;";

static const struct migration {
  const char *sql;
  int (*fill) (evs_store *s, evs_error *err);   /* then, or NULL */
} migrations[STORE_SCHEMA_VERSION] = {
  { schema_v1, NULL },
  { schema_v2, snapshot_all },
  { schema_v3, NULL },
  { schema_v4, NULL },
  { schema_v5, NULL },
  { schema_v6, NULL },
  { schema_v7, NULL },
  { schema_v8, NULL },
  { schema_v9, NULL },
};

/* ------------------------------------------------------ blob packing */

void
store_put_doubles (unsigned char *b, const double *x, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      uint64_t u;
      memcpy (&u, &x[i], 8);
      for (int k = 0; k < 8; k++)
        b[8 * i + k] = (unsigned char) (u >> (8 * k));
    }
}

unsigned char *
store_pack_doubles (const double *x, size_t n)
{
  unsigned char *b = evs_xmalloc (8 * n + 1);
  store_put_doubles (b, x, n);
  return b;
}

void
store_unpack_doubles (const unsigned char *b, size_t n, double *x)
{
  for (size_t i = 0; i < n; i++)
    {
      uint64_t u = 0;
      for (int k = 0; k < 8; k++)
        u |= (uint64_t) b[8 * i + k] << (8 * k);
      memcpy (&x[i], &u, 8);
    }
}

void
store_put_int32 (unsigned char *b, const int32_t *x, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      uint32_t u = (uint32_t) x[i];
      for (int k = 0; k < 4; k++)
        b[4 * i + k] = (unsigned char) (u >> (8 * k));
    }
}

unsigned char *
store_pack_int32 (const int32_t *x, size_t n)
{
  unsigned char *b = evs_xmalloc (4 * n + 1);
  store_put_int32 (b, x, n);
  return b;
}

void
store_unpack_int32 (const unsigned char *b, size_t n, int32_t *x)
{
  for (size_t i = 0; i < n; i++)
    {
      uint32_t u = 0;
      for (int k = 0; k < 4; k++)
        u |= (uint32_t) b[4 * i + k] << (8 * k);
      x[i] = (int32_t) u;
    }
}

/* Reads an integer PRAGMA (user_version, application_id). */
static int
pragma_int (evs_store *s, const char *sql, int64_t *v, evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  int rc = store_prep (s, sql, &st, err);
  if (rc == EVS_OK && (rc = store_step_row (s, st, &row, err)) == EVS_OK)
    *v = row ? sqlite3_column_int64 (st, 0) : 0;
  sqlite3_finalize (st);
  return rc;
}

/* Refuses a database that another program made, or a newer evstudy. */
static int
check_version (evs_store *s, int64_t v, evs_error *err)
{
  int64_t app, ntables;
  int rc = pragma_int (s, "PRAGMA application_id", &app, err);
  if (rc == EVS_OK)
    rc = pragma_int (s, "SELECT count(*) FROM sqlite_master", &ntables, err);
  if (rc != EVS_OK)
    return rc;
  if ((v > 0 || ntables > 0) && app != STORE_APP_ID)
    return evs_fail (err, EVS_EDATA, "%s: not an evstudy database", s->path);
  if (v > STORE_SCHEMA_VERSION)
    return evs_fail (err, EVS_EDATA,
                     "%s: schema version %lld is newer than this evstudy's (%d): upgrade evstudy",
                     s->path, (long long) v, STORE_SCHEMA_VERSION);
  return EVS_OK;
}

/* After a migration made a table again with the foreign keys off: none
 * of its references may dangle (EVS_EDATA naming the table). */
static int
fk_clean (evs_store *s, evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  int rc = store_prep (s, "SELECT \"table\" FROM pragma_foreign_key_check LIMIT 1", &st, err);
  if (rc == EVS_OK && (rc = store_step_row (s, st, &row, err)) == EVS_OK && row)
    rc = evs_fail (err, EVS_EDATA, "%s: foreign key violation in %s: not migrated",
                   s->path, store_col_text (st, 0));
  sqlite3_finalize (st);
  return rc;
}

/* Brings the schema up to STORE_SCHEMA_VERSION, one migration per
 * transaction; the version is read again under the write lock, since
 * another process may have migrated meanwhile. */
static int
migrate (evs_store *s, evs_error *err)
{
  for (;;)
    {
      int64_t v;
      int rc = pragma_int (s, "PRAGMA user_version", &v, err);
      if (rc == EVS_OK)
        rc = check_version (s, v, err);
      s->version = v;
      if (rc != EVS_OK || v == STORE_SCHEMA_VERSION)
        return rc;
      /* sqlite's way to change a table others refer to: make it again
       * with the foreign keys off, which cannot change inside a
       * transaction (the migration's own foreign_key_check follows). */
      bool no_fk = migrations[v].sql == schema_v9;   /* remakes imports */
      if (no_fk && (rc = store_exec (s, "PRAGMA foreign_keys = OFF", err)) != EVS_OK)
        return rc;
      if ((rc = store_begin (s, err)) != EVS_OK)
        {
          if (no_fk)
            store_exec (s, "PRAGMA foreign_keys = ON", err);
          return rc;
        }
      rc = pragma_int (s, "PRAGMA user_version", &v, err);
      if (rc == EVS_OK && v < STORE_SCHEMA_VERSION)
        {
          char sql[64];
          snprintf (sql, sizeof sql, "PRAGMA user_version = %d", (int) v + 1);
          rc = store_exec (s, migrations[v].sql, err);
          if (rc == EVS_OK && migrations[v].fill)
            rc = migrations[v].fill (s, err);
          if (rc == EVS_OK && no_fk)
            rc = fk_clean (s, err);
          if (rc == EVS_OK)
            rc = store_exec (s, sql, err);
        }
      if (rc == EVS_OK)
        rc = store_commit (s, err);
      if (rc != EVS_OK)
        store_rollback (s);
      if (no_fk)
        {
          evs_error e2;
          int rc2 = store_exec (s, "PRAGMA foreign_keys = ON", &e2);
          if (rc == EVS_OK && rc2 != EVS_OK)
            *err = e2, rc = rc2;
        }
      if (rc != EVS_OK)
        return rc;
    }
}

/* A reader's schema version: any this evstudy can read (1 to
 * STORE_SCHEMA_VERSION), never migrated. */
static int
read_version (evs_store *s, evs_error *err)
{
  int rc = pragma_int (s, "PRAGMA user_version", &s->version, err);
  if (rc == EVS_OK)
    rc = check_version (s, s->version, err);
  if (rc == EVS_OK && s->version == 0)
    rc = evs_fail (err, EVS_EDATA, "%s: not an evstudy database: nothing was imported into it",
                   s->path);
  return rc;
}

/* Switches to WAL.  On a new database this takes the lock of the old
 * rollback journal, where sqlite3 answers "busy" at once, without the
 * busy handler, to a process that read first (deadlock avoidance): two
 * jobs creating the store together meet that, so it is retried here
 * until WAIT_MS have passed. */
static int
set_wal (evs_store *s, int wait_ms, evs_error *err)
{
  for (int waited = 0;; waited += 10)
    {
      sqlite3_stmt *st;
      bool row;
      int rc = store_prep (s, "PRAGMA journal_mode = WAL", &st, err);
      if (rc == EVS_OK && (rc = store_step_row (s, st, &row, err)) == EVS_OK
          && (!row || strcmp (store_col_text (st, 0), "wal") != 0))
        rc = evs_fail (err, EVS_EIO, "%s: cannot use a write-ahead log here", s->path);
      sqlite3_finalize (st);
      if (rc != EVS_EBUSY || waited >= wait_ms)
        return rc;
      sqlite3_sleep (10);
    }
}

/* WAL so that readers never block the writer; synchronous=FULL so that a
 * commit survives a power loss, not only a crash of the process. */
static int
configure (evs_store *s, int wait_ms, evs_error *err)
{
  sqlite3_busy_timeout (s->db, wait_ms);
  int rc = set_wal (s, wait_ms, err);
  if (rc == EVS_OK)
    rc = store_exec (s, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                     /* A run or an import writes one large transaction:
                      * a 64 MiB page cache keeps it from spilling pages to
                      * the WAL before the commit. */
                     " PRAGMA cache_size = -65536", err);
  return rc;
}

static int
open_db (evs_store *s, const char *name, int oflags, evs_error *err)
{
  int rc = sqlite3_open_v2 (name, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    return EVS_OK;
  evs_fail (err, EVS_EIO, "%s: cannot open the database: %s", s->path,
            s->db ? sqlite3_errmsg (s->db) : "out of memory");
  sqlite3_close (s->db);
  s->db = NULL;
  return EVS_EIO;
}

/* store.h */
char *
store_file_uri (const char *path, const char *query)
{
  size_t n = strlen (path);
  char *u = evs_xmalloc (3 * n + strlen (query) + 16), *p = u;
  p += sprintf (p, path[0] == '/' ? "file://" : "file:");
  for (const unsigned char *c = (const unsigned char *) path; *c; c++)
    if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')
        || strchr ("/-._~", *c))
      *p++ = (char) *c;
    else
      p += sprintf (p, "%%%02X", *c);
  strcpy (p, query);
  return u;
}

static bool
same_file (const struct stat *a, const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size
         && a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec
         && a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* Opens S->path for reading.  sqlite reads a WAL database through its
 * -shm index, creating the -shm and -wal files if they are missing:
 * where this user cannot create them (read-only directory, someone
 * else's store) the first read fails with SQLITE_READONLY or
 * SQLITE_CANTOPEN.  If then no -wal file exists, the last writer has
 * checkpointed and removed it, so the database file holds every commit:
 * it is opened immutable (no -shm, no locks), and store_read_end checks
 * that the file did not change while it was read. */
static int
open_reader (evs_store *s, int wait_ms, evs_error *err)
{
  if (open_db (s, s->path, SQLITE_OPEN_READONLY, err) != EVS_OK)
    return EVS_EIO;
  sqlite3_busy_timeout (s->db, wait_ms);
  int rc = sqlite3_exec (s->db, "SELECT count (*) FROM sqlite_master", NULL, NULL, NULL);
  if ((rc & 0xff) != SQLITE_READONLY && (rc & 0xff) != SQLITE_CANTOPEN)
    return rc == SQLITE_OK ? EVS_OK : store_sql_fail (s, rc, err);
  size_t n = strlen (s->path);
  char *wal = evs_xmalloc (n + 5);
  memcpy (wal, s->path, n);
  memcpy (wal + n, "-wal", 5);
  struct stat sb;
  bool has_wal = lstat (wal, &sb) == 0;
  free (wal);
  if (has_wal)
    return evs_fail (err, EVS_EIO, "%s: cannot read it here: its write-ahead log (%s-wal)"
                     " may hold commits, and this user cannot create its -shm index in this"
                     " directory: try again when the writer has finished", s->path, s->path);
  sqlite3_close (s->db);
  s->db = NULL;
  if (stat (s->path, &s->seen) != 0)
    return evs_fail (err, EVS_EIO, "%s: cannot open the database: %s", s->path,
                     strerror (errno));
  char *uri = store_file_uri (s->path, "?mode=ro&immutable=1");
  rc = open_db (s, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, err);
  free (uri);
  s->immutable = rc == EVS_OK;
  return rc;
}

int
store_read_end (evs_store *s, evs_error *err)
{
  struct stat now;
  if (!s->immutable || (stat (s->path, &now) == 0 && same_file (&s->seen, &now)))
    return EVS_OK;
  return evs_fail (err, EVS_EBUSY, "%s: changed while it was read (read-only directory,"
                   " read without locks): try again", s->path);
}

evs_store *
store_open (const char *path, int flags, int wait_ms, evs_error *err)
{
  struct stat sb;
  if (!(flags & STORE_CREATE) && stat (path, &sb) != 0)
    {
      evs_fail (err, EVS_EIO, "%s: cannot open the database: %s", path, strerror (errno));
      return NULL;
    }
  evs_store *s = evs_xcalloc (1, sizeof *s);
  s->path = evs_xstrdup (path);
  const char *rows = getenv ("EVSTUDY_STORE_ROWS");
  s->legacy_rows = rows && strcmp (rows, "1") == 0;
  s->readonly = (flags & STORE_READONLY) != 0;
  int rc = s->readonly ? open_reader (s, wait_ms, err)
           : open_db (s, path, SQLITE_OPEN_READWRITE
                      | (flags & STORE_CREATE ? SQLITE_OPEN_CREATE : 0), err);
  if (rc == EVS_OK && !s->readonly)
    rc = configure (s, wait_ms, err);
  if (rc == EVS_OK)
    rc = s->readonly ? read_version (s, err) : migrate (s, err);
  if (rc != EVS_OK)
    store_close (&s);
  return s;
}

void
store_close (evs_store **sp)
{
  evs_store *s = *sp;
  if (!s)
    return;
  sqlite3_close (s->db);
  free (s->path);
  free (s);
  *sp = NULL;
}

int
store_sync (evs_store *s, evs_error *err)
{
  if (!s->relaxed)
    return EVS_OK;
  size_t n = strlen (s->path) + 5;
  char *wal = evs_xmalloc (n);
  snprintf (wal, n, "%s-wal", s->path);
  int fd = open (wal, O_RDONLY | O_CLOEXEC);
  int rc = EVS_OK;
  /* No log: the last checkpoint, which syncs the database, emptied it. */
  if (fd < 0 && errno != ENOENT)
    rc = evs_fail (err, EVS_EIO, "%s: cannot sync: %s", wal, strerror (errno));
  else if (fd >= 0 && fsync (fd) != 0)
    rc = evs_fail (err, EVS_EIO, "%s: cannot sync: %s", wal, strerror (errno));
  if (fd >= 0)
    close (fd);
  free (wal);
  return rc;
}

/* ------------------------------------------------------ price imports */

int
store_read_file (const char *path, char **buf, size_t *len, evs_error *err)
{
  bool in = strcmp (path, "-") == 0;    /* stdin */
  FILE *fp = in ? stdin : fopen (path, "rb");
  size_t cap = 1 << 16, n = 0;
  if (!fp)
    return evs_fail (err, EVS_EIO, "%s: cannot read: %s", path, strerror (errno));
  char *b = evs_xmalloc (cap);
  size_t got;
  while ((got = fread (b + n, 1, cap - n, fp)) > 0)
    if ((n += got) == cap)
      b = evs_xrealloc (b, cap *= 2);
  int bad = ferror (fp);
  if (!in)
    fclose (fp);
  if (bad)
    {
      free (b);
      return evs_fail (err, EVS_EIO, "%s: cannot read: %s", path, strerror (errno));
    }
  *buf = b;
  *len = n;
  return EVS_OK;
}

/* True if these bytes were already imported from a file of that name
 * with the same --price-column. */
static int
prices_unchanged (evs_store *s, const char *base, const char *hash,
                  const char *opt, bool *same, evs_error *err)
{
  sqlite3_stmt *st;
  int rc = store_prep (s, "SELECT 1 FROM series WHERE source = ?1 AND hash = ?2"
                       " AND price_option = ?3 LIMIT 1", &st, err);
  if (rc != EVS_OK)
    return rc;
  store_bind_text (st, 1, base);
  store_bind_text (st, 2, hash);
  store_bind_text (st, 3, opt);
  rc = store_step_row (s, st, same, err);
  sqlite3_finalize (st);
  return rc;
}

int
store_add_import (evs_store *s, const char *kind, const char *path, const char *hash,
            int64_t *id, evs_error *err)
{
  sqlite3_stmt *st;
  char now[32];
  int rc = store_prep (s, "INSERT INTO imports (kind, source, hash, imported, evstudy)"
                       " VALUES (?1, ?2, ?3, ?4, ?5)", &st, err);
  if (rc != EVS_OK)
    return rc;
  store_now (now);
  store_bind_text (st, 1, kind);
  store_bind_text (st, 2, path);
  store_bind_text (st, 3, hash);
  store_bind_text (st, 4, now);
  store_bind_text (st, 5, PACKAGE_VERSION);
  rc = store_step_done (s, st, err);
  sqlite3_finalize (st);
  *id = sqlite3_last_insert_rowid (s->db);
  return rc;
}

/* The file's identity of one series being imported. */
typedef struct file_key {
  const char *base, *hash, *opt;
  int64_t gen;
} file_key;

/* Id of the series (TICKER, BASE), or 0, and its price column
 * (allocated) into *COLUMN. */
static int
find_series (evs_store *s, const char *ticker, const char *base, int64_t *id,
             char **column, evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  int rc = store_prep (s, "SELECT id, price_column FROM series WHERE ticker = ?1"
                       " AND source = ?2", &st, err);
  if (rc != EVS_OK)
    return rc;
  store_bind_text (st, 1, ticker);
  store_bind_text (st, 2, base);
  rc = store_step_row (s, st, &row, err);
  *id = row ? sqlite3_column_int64 (st, 0) : 0;
  *column = row ? evs_xstrdup (store_col_text (st, 1)) : NULL;
  sqlite3_finalize (st);
  return rc;
}

/* Finds or adds the row of series SER and records the file it now comes
 * from; *ID, whether it is new, and in R the price column it had if that
 * changed (another --price-column). */
static int
upsert_series (evs_store *s, const file_key *k, const evs_series *ser,
               int64_t *id, bool *is_new, store_series_report *r, evs_error *err)
{
  int rc = find_series (s, ser->ticker, k->base, id, &r->price_column_was, err);
  if (rc != EVS_OK)
    return rc;
  *is_new = *id == 0;
  if (r->price_column_was && ser->price_column
      && strcmp (r->price_column_was, ser->price_column) == 0)
    {
      free (r->price_column_was);
      r->price_column_was = NULL;
    }
  sqlite3_stmt *st;
  rc = store_prep (s, *is_new
                   ? "INSERT INTO series (ticker, source, exchange, layout, price_column,"
                     " price_option, hash, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                   : "UPDATE series SET layout = ?4, price_column = ?5, price_option = ?6,"
                     " hash = ?7, import_id = ?8 WHERE id = ?9", &st, err);
  if (rc != EVS_OK)
    return rc;
  if (*is_new)
    {
      store_bind_text (st, 1, ser->ticker);
      store_bind_text (st, 2, k->base);
      store_bind_text (st, 3, calendar_for_ticker (ser->ticker)->code);
    }
  else
    sqlite3_bind_int64 (st, 9, *id);
  store_bind_text (st, 4, ser->layout ? ser->layout : "");
  store_bind_text (st, 5, ser->price_column ? ser->price_column : "");
  store_bind_text (st, 6, k->opt);
  store_bind_text (st, 7, k->hash);
  sqlite3_bind_int64 (st, 8, k->gen);
  rc = store_step_done (s, st, err);
  sqlite3_finalize (st);
  if (*is_new)
    *id = sqlite3_last_insert_rowid (s->db);
  return rc;
}

/* Rows of a series in date order: the price, then the series_col
 * columns (NaN where a row has none). */
typedef struct cur_rows {
  size_t n, cap;
  int32_t *date;
  double (*v)[SERIES_NCOLS + 1];
} cur_rows;

static void
cur_push (cur_rows *c, int32_t day, const double *v)
{
  size_t cap = c->cap;
  evs_grow ((void **) &c->date, &cap, c->n + 1, sizeof *c->date);
  evs_grow ((void **) &c->v, &c->cap, c->n + 1, sizeof *c->v);
  c->date[c->n] = day;
  memcpy (c->v[c->n++], v, sizeof *c->v);
}

static void
cur_free (cur_rows *c)
{
  free (c->date);
  free (c->v);
  memset (c, 0, sizeof *c);
}

/* The `prices` rows of series ID as of generation GEN (INT64_MAX: the
 * current ones) into C: stores written before version 8. */
static int
load_rows_as_of (evs_store *s, int64_t id, int64_t gen, cur_rows *c, evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  int rc = store_prep (s, "SELECT date, price, open, high, low, close, adj_close, volume"
                       " FROM prices WHERE series_id = ?1 AND first_import <= ?2"
                       " AND (last_import IS NULL OR last_import > ?2) ORDER BY date", &st, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (st, 1, id);
  sqlite3_bind_int64 (st, 2, gen);
  while ((rc = store_step_row (s, st, &row, err)) == EVS_OK && row)
    {
      int32_t day;
      double v[SERIES_NCOLS + 1];
      if (!store_col_date (st, 0, &day))
        {
          rc = evs_fail (err, EVS_EDATA, "%s: damaged date in prices", s->path);
          break;
        }
      for (int k = 0; k <= SERIES_NCOLS; k++)
        v[k] = store_col_num (st, 1 + k);
      cur_push (c, day, v);
    }
  sqlite3_finalize (st);
  return rc;
}

/* C with the rows of delta D applied: D's row replaces the row of its
 * date, or is added. */
static void
apply_delta (cur_rows *c, const cur_rows *d)
{
  cur_rows o = { 0 };
  size_t i = 0, j = 0;
  while (i < c->n || j < d->n)
    if (j == d->n || (i < c->n && c->date[i] < d->date[j]))
      cur_push (&o, c->date[i], c->v[i]), i++;
    else
      {
        if (i < c->n && c->date[i] == d->date[j])
          i++;
        cur_push (&o, d->date[j], d->v[j]), j++;
      }
  cur_free (c);
  *c = o;
}

static int
bad_delta (evs_store *s, int64_t id, int64_t gen, const char *what, evs_error *err)
{
  return store_bad (s, err, "damaged price delta of series %lld at import %lld: %s",
                    (long long) id, (long long) gen, what);
}

/* Unpacks the delta in the current row of ST (generation, base, n,
 * kept, dates, prices, cols) of series ID into D: blobs of the lengths
 * n and kept say, dates valid and ascending, prices finite and
 * positive; anything else is damage. */
static int
unpack_delta (evs_store *s, int64_t id, sqlite3_stmt *st, cur_rows *d, evs_error *err)
{
  int64_t gen = sqlite3_column_int64 (st, 0), n, kept;
  memset (d, 0, sizeof *d);
  if (!store_col_int (st, 2, 0, INT32_MAX, &n) || !store_col_int (st, 3, 0, 63, &kept))
    return bad_delta (s, id, gen, "n or kept out of range", err);
  size_t nk = (size_t) __builtin_popcountll ((unsigned long long) kept), rows = (size_t) n;
  const unsigned char *db = sqlite3_column_blob (st, 4), *pb = sqlite3_column_blob (st, 5),
                      *cb = sqlite3_column_blob (st, 6);
  if ((size_t) sqlite3_column_bytes (st, 4) != 4 * rows
      || (size_t) sqlite3_column_bytes (st, 5) != 8 * rows
      || (size_t) sqlite3_column_bytes (st, 6) != 8 * rows * nk
      || (rows && (!db || !pb || (nk && !cb))))
    return bad_delta (s, id, gen, "blobs of the wrong length", err);
  d->n = d->cap = rows;
  d->date = evs_xmalloc (rows * sizeof *d->date + 1);
  d->v = evs_xmalloc (rows * sizeof *d->v + 1);
  store_unpack_int32 (db, rows, d->date);
  double *x = evs_xmalloc ((rows + 1) * sizeof *x);
  store_unpack_doubles (pb, rows, x);
  for (size_t i = 0; i < rows; i++)
    {
      d->v[i][0] = x[i];
      for (int k = 0; k < SERIES_NCOLS; k++)
        d->v[i][1 + k] = NAN;
    }
  size_t at = 0;
  for (int k = 0; k < SERIES_NCOLS; k++)
    if (kept & (1 << k))
      {
        store_unpack_doubles (cb + 8 * rows * at++, rows, x);
        for (size_t i = 0; i < rows; i++)
          d->v[i][1 + k] = x[i];
      }
  free (x);
  for (size_t i = 0; i < rows; i++)
    if (!store_day_valid (d->date[i]) || (i && d->date[i] <= d->date[i - 1]))
      return bad_delta (s, id, gen, "a date not after the previous one", err);
    else if (!isfinite (d->v[i][0]) || !(d->v[i][0] > 0))
      return bad_delta (s, id, gen, "a price that is not a positive number", err);
  return EVS_OK;
}

/* The rows of series ID as of generation GEN (INT64_MAX: now) into C,
 * initialised here: its latest base delta with the later deltas
 * applied, or the `prices` rows with every delta applied; *SINCE the
 * deltas applied after the base (after the rows if none). */
static int
load_as_of (evs_store *s, int64_t id, int64_t gen, cur_rows *c, int *since, evs_error *err)
{
  memset (c, 0, sizeof *c);
  *since = 0;
  if (s->version < 8)
    return load_rows_as_of (s, id, gen, c, err);
  sqlite3_stmt *st;
  bool row, first = true;
  int rc = store_prep (s, "SELECT generation, base, n, kept, dates, prices, cols"
                       " FROM price_deltas WHERE series_id = ?1 AND generation <= ?2"
                       " AND generation >= coalesce ((SELECT max (generation) FROM price_deltas"
                       " WHERE series_id = ?1 AND generation <= ?2 AND base = 1), 0)"
                       " ORDER BY generation", &st, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (st, 1, id);
  sqlite3_bind_int64 (st, 2, gen);
  while ((rc = store_step_row (s, st, &row, err)) == EVS_OK && row)
    {
      cur_rows d;
      bool base = sqlite3_column_int64 (st, 1) != 0;
      if (first && !base && (rc = load_rows_as_of (s, id, gen, c, err)) != EVS_OK)
        break;
      first = false;
      if ((rc = unpack_delta (s, id, st, &d, err)) != EVS_OK)
        {
          cur_free (&d);
          break;
        }
      if (base)
        cur_free (c), *c = d;
      else
        {
          apply_delta (c, &d);
          cur_free (&d);
          ++*since;
        }
    }
  sqlite3_finalize (st);
  if (rc == EVS_OK && first)
    rc = load_rows_as_of (s, id, gen, c, err);
  return rc;
}

/* Values of row I of SER: price, then the kept columns (NaN if absent). */
static void
row_values (const evs_series *ser, size_t i, double v[SERIES_NCOLS + 1])
{
  v[0] = ser->price[i];
  for (int k = 0; k < SERIES_NCOLS; k++)
    v[1 + k] = ser->col[k] ? ser->col[k][i] : NAN;
}

/* Equal as stored: the same doubles, NaN (NULL) equal to NaN. */
static bool
same_values (const double *a, const double *b)
{
  for (int k = 0; k <= SERIES_NCOLS; k++)
    if (!(a[k] == b[k] || (isnan (a[k]) && isnan (b[k]))))
      return false;
  return true;
}

/* Writes the rows R of series ID as the delta of generation GEN. */
static int
put_delta (evs_store *s, int64_t id, int64_t gen, bool base, const cur_rows *r, evs_error *err)
{
  size_t n = r->n, nk = 0;
  int kept = 0;
  for (int k = 0; k < SERIES_NCOLS; k++)
    for (size_t i = 0; i < n; i++)
      if (!isnan (r->v[i][1 + k]))
        {
          kept |= 1 << k, nk++;
          break;
        }
  unsigned char *db = evs_xmalloc (4 * n + 1), *pb = evs_xmalloc (8 * n + 1),
                *cb = evs_xmalloc (8 * n * nk + 1);
  double *x = evs_xmalloc ((n + 1) * sizeof *x);
  store_put_int32 (db, r->date, n);
  for (size_t i = 0; i < n; i++)
    x[i] = r->v[i][0];
  store_put_doubles (pb, x, n);
  size_t at = 0;
  for (int k = 0; k < SERIES_NCOLS; k++)
    if (kept & (1 << k))
      {
        for (size_t i = 0; i < n; i++)
          x[i] = r->v[i][1 + k];
        store_put_doubles (cb + 8 * n * at++, x, n);
      }
  free (x);
  sqlite3_stmt *st = NULL;
  int rc = store_prep (s, "INSERT INTO price_deltas (series_id, generation, base, n, kept,"
                       " dates, prices, cols) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st, err);
  if (rc == EVS_OK)
    {
      sqlite3_bind_int64 (st, 1, id);
      sqlite3_bind_int64 (st, 2, gen);
      sqlite3_bind_int (st, 3, base);
      sqlite3_bind_int64 (st, 4, (sqlite3_int64) n);
      sqlite3_bind_int (st, 5, kept);
      sqlite3_bind_blob64 (st, 6, db, 4 * n, free);
      sqlite3_bind_blob64 (st, 7, pb, 8 * n, free);
      sqlite3_bind_blob64 (st, 8, cb, 8 * n * nk, free);
      rc = store_step_done (s, st, err);
    }
  else
    free (db), free (pb), free (cb);
  sqlite3_finalize (st);
  return rc;
}

static void
note_change (store_series_report *r, int32_t day)
{
  if (r->changed++ == 0)
    r->first_changed = day;
  r->last_changed = day;
}

/* True if ratio B is STORE_TYPO_FACTOR or more away from A. */
static bool
ratio_far (double a, double b)
{
  double q = a > b ? a / b : b / a;
  return !(q < STORE_TYPO_FACTOR);
}

/* The changed rows of R's dates D[0..N) (new/old price ratios Q, file
 * lines L, old prices OLD) that no adjustment explains: a ratio far from
 * both neighbours' (ratio_far), or from the one neighbour at an end.  An
 * adjustment is a step, shared by every earlier row: a row on either
 * side of it shares its neighbour's ratio.  Notes the first in R. */
static void
find_suspects (const int32_t *d, const double *q, const uint32_t *l, const double *old,
               size_t n, store_series_report *r)
{
  for (size_t i = 0; i < n; i++)
    {
      if (q[i] == 1 || n < 2)
        continue;
      bool left = i == 0 || ratio_far (q[i - 1], q[i]);
      bool right = i + 1 == n || ratio_far (q[i + 1], q[i]);
      if (!left || !right)
        continue;
      if (r->suspect++ == 0)
        {
          r->suspect_date = d[i];
          r->suspect_line = l[i];
          r->suspect_old = old[i];
          r->suspect_new = old[i] * q[i];
        }
    }
}

/* Merges the sorted rows of SER into the current rows C: the rows after
 * the merge go to O (every current row, in date order), the rows added
 * or changed to D (the delta). */
static void
merge_rows (const evs_series *ser, const cur_rows *c, store_series_report *r, cur_rows *o,
            cur_rows *d)
{
  size_t i = 0, j = 0, nq = 0;
  double v[SERIES_NCOLS + 1];
  /* The price ratio new/old of every stored date the file has. */
  int32_t *qd = evs_xmalloc ((c->n + 1) * sizeof *qd);
  double *q = evs_xmalloc ((c->n + 1) * sizeof *q), *qo = evs_xmalloc ((c->n + 1) * sizeof *qo);
  uint32_t *ql = evs_xmalloc ((c->n + 1) * sizeof *ql);
  for (; i < ser->n; i++)
    {
      for (; j < c->n && c->date[j] < ser->date[i]; j++, r->kept++)
        cur_push (o, c->date[j], c->v[j]);
      row_values (ser, i, v);
      cur_push (o, ser->date[i], v);
      if (j < c->n && c->date[j] == ser->date[i])
        {
          qd[nq] = ser->date[i];
          qo[nq] = c->v[j][0];
          ql[nq] = ser->line[i];
          q[nq++] = v[0] / c->v[j][0];
          if (!same_values (v, c->v[j]))
            {
              note_change (r, ser->date[i]);
              cur_push (d, ser->date[i], v);
            }
          j++;
        }
      else
        {
          r->added++;
          cur_push (d, ser->date[i], v);
        }
    }
  r->kept += c->n - j;
  for (; j < c->n; j++)
    cur_push (o, c->date[j], c->v[j]);
  if (r->changed)
    find_suspects (qd, q, ql, qo, nq, r);
  free (qd);
  free (q);
  free (qo);
  free (ql);
}

/* The rows of delta D as `prices` rows, the layout of schema 7 and
 * before (s->legacy_rows): a row of a date already current is closed
 * (last_import) and the new one added. */
static int
put_legacy_rows (evs_store *s, int64_t id, int64_t gen, const cur_rows *d, evs_error *err)
{
  sqlite3_stmt *ins = NULL, *close = NULL;
  int rc = store_prep (s, "INSERT INTO prices (series_id, date, price, open, high, low,"
                       " close, adj_close, volume, first_import)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", &ins, err);
  if (rc == EVS_OK)
    rc = store_prep (s, "UPDATE prices SET last_import = ?1 WHERE series_id = ?2"
                     " AND date = ?3 AND last_import IS NULL", &close, err);
  for (size_t i = 0; rc == EVS_OK && i < d->n; i++)
    {
      sqlite3_bind_int64 (close, 1, gen);
      sqlite3_bind_int64 (close, 2, id);
      store_bind_date (close, 3, true, d->date[i]);
      if ((rc = store_step_done (s, close, err)) != EVS_OK)
        break;
      sqlite3_bind_int64 (ins, 1, id);
      store_bind_date (ins, 2, true, d->date[i]);
      for (int k = 0; k <= SERIES_NCOLS; k++)
        store_bind_num (ins, 3 + k, d->v[i][k]);
      sqlite3_bind_int64 (ins, 10, gen);
      rc = store_step_done (s, ins, err);
    }
  sqlite3_finalize (ins);
  sqlite3_finalize (close);
  return rc;
}

/* Deltas after a base before the next base (load_as_of applies them). */
#define DELTAS_PER_BASE 15

/* Writes the snapshot of the merged rows O. */
static int
snapshot_rows (evs_store *s, int64_t id, int64_t gen, const cur_rows *o, evs_error *err)
{
  double *p = evs_xmalloc ((o->n + 1) * sizeof *p);
  for (size_t i = 0; i < o->n; i++)
    p[i] = o->v[i][0];
  int rc = put_snapshot (s, id, gen, o->date, p, o->n, err);
  free (p);
  return rc;
}

static int
import_series (evs_store *s, const file_key *k, const evs_series *ser,
               store_series_report *r, evs_error *err)
{
  cur_rows c = { 0 }, o = { 0 }, d = { 0 };
  bool is_new = false;
  int64_t id = 0;
  int since = 0;
  r->ticker = evs_xstrdup (ser->ticker);
  r->price_column = evs_xstrdup (ser->price_column ? ser->price_column : "");
  int rc = upsert_series (s, k, ser, &id, &is_new, r, err);
  if (rc == EVS_OK && !is_new)
    rc = load_as_of (s, id, INT64_MAX, &c, &since, err);
  if (rc == EVS_OK)
    {
      merge_rows (ser, &c, r, &o, &d);
      bool base = is_new || since >= DELTAS_PER_BASE;
      if (s->legacy_rows)
        rc = put_legacy_rows (s, id, k->gen, &d, err);
      else if (base || d.n)
        rc = put_delta (s, id, k->gen, base, base ? &o : &d, err);
    }
  /* The snapshot from the merge. */
  if (rc == EVS_OK)
    rc = snapshot_rows (s, id, k->gen, &o, err);
  cur_free (&c);
  cur_free (&o);
  cur_free (&d);
  r->change = is_new ? STORE_NEW : r->added || r->changed ? STORE_UPDATED : STORE_UNCHANGED;
  return rc;
}

/* Writes the series of one file in one transaction, one series in
 * memory at a time. */
static int
import_stream (evs_store *s, const char *path, file_key *k,
               price_stream *ps, store_import_report *out, evs_error *err)
{
  bool same;
  int rc = EVS_OK;
  /* A commit without its fsync: store_sync makes them durable at the
   * end (a nightly import of 5,000 files spent a third of its time in
   * fsync of the log). */
  if (!s->relaxed && (rc = store_exec (s, "PRAGMA synchronous = NORMAL", err)) == EVS_OK)
    s->relaxed = true;
  if (rc == EVS_OK)
    rc = store_begin (s, err);
  if (rc != EVS_OK)
    return rc;
  rc = prices_unchanged (s, k->base, k->hash, k->opt, &same, err);
  if (rc == EVS_OK && same)
    {
      store_rollback (s);
      out->unchanged = true;
      return EVS_OK;
    }
  if (rc == EVS_OK)
    rc = store_add_import (s, "prices", path, k->hash, &k->gen, err);
  out->v = evs_xcalloc (price_stream_series (ps), sizeof *out->v);
  while (rc == EVS_OK)
    {
      evs_series ser;
      bool got;
      if ((rc = price_stream_next (ps, &ser, &got, err)) != EVS_OK || !got)
        break;
      rc = import_series (s, k, &ser, &out->v[out->n++], err);
      series_release (&ser);
    }
  if (rc == EVS_OK)
    rc = store_commit (s, err);
  if (rc != EVS_OK)
    store_rollback (s);
  out->import_id = rc == EVS_OK ? k->gen : 0;
  return rc;
}

/* A regular file of at most this many bytes is read whole (and hashed)
 * before it is parsed, so that one imported already costs no parsing;
 * a larger one, or stdin, is parsed as it is read (price_stream), so
 * that memory stays bounded whatever its size. */
#define SLURP_BYTES ((off_t) 16 << 20)

/* True if series were imported from a file of that base name with that
 * --price-column: then a large file is hashed before it is parsed, since
 * it may be the same bytes again. */
static int
source_known (evs_store *s, const file_key *k, bool *known, evs_error *err)
{
  sqlite3_stmt *st;
  int rc = store_prep (s, "SELECT 1 FROM series WHERE source = ?1 AND price_option = ?2"
                       " LIMIT 1", &st, err);
  if (rc != EVS_OK)
    return rc;
  store_bind_text (st, 1, k->base);
  store_bind_text (st, 2, k->opt);
  rc = store_step_row (s, st, known, err);
  sqlite3_finalize (st);
  return rc;
}

/* SHA-256 of the file at PATH, read in pieces. */
static int
hash_file (const char *path, char hash[SHA256_HEX_SIZE], evs_error *err)
{
  FILE *fp = fopen (path, "rb");
  if (!fp)
    return evs_fail (err, EVS_EIO, "%s: cannot read: %s", path, strerror (errno));
  enum { PIECE = 1 << 20 };
  char *b = evs_xmalloc (PIECE);
  sha256_ctx c;
  size_t got;
  sha256_init (&c);
  while ((got = fread (b, 1, PIECE, fp)) > 0)
    sha256_update (&c, b, got);
  int bad = ferror (fp);
  fclose (fp);
  free (b);
  if (bad)
    return evs_fail (err, EVS_EIO, "%s: cannot read: %s", path, strerror (errno));
  sha256_final (&c, hash);
  return EVS_OK;
}

/* Reads a small regular file whole into *BUF, or hashes a large one the
 * store has seen, into HASH ("" when not known yet). */
static int
pre_read (evs_store *s, const char *path, const file_key *k, char **buf, size_t *len,
          char hash[SHA256_HEX_SIZE], evs_error *err)
{
  struct stat sb;
  bool known = false;
  *buf = NULL, *len = 0, hash[0] = '\0';
  if (strcmp (path, "-") == 0 || stat (path, &sb) != 0 || !S_ISREG (sb.st_mode))
    return EVS_OK;
  if (sb.st_size <= SLURP_BYTES)
    {
      int rc = store_read_file (path, buf, len, err);
      if (rc == EVS_OK)
        sha256_hex (*buf, *len, hash);
      return rc;
    }
  int rc = source_known (s, k, &known, err);
  return rc == EVS_OK && known ? hash_file (path, hash, err) : rc;
}

int
store_import_prices (evs_store *s, const char *path, const char *price_column,
                     store_import_report *out, evs_error *err)
{
  char *buf, hash[SHA256_HEX_SIZE];
  size_t len;
  bool same = false;
  memset (out, 0, sizeof *out);
  file_key k = { store_base_name (path), hash, price_column ? price_column : "", 0 };
  int rc = pre_read (s, path, &k, &buf, &len, hash, err);
  if (rc == EVS_OK && hash[0])
    rc = prices_unchanged (s, k.base, hash, k.opt, &same, err);
  if (rc != EVS_OK || same)
    {
      out->unchanged = same;
      free (buf);
      return rc;
    }
  price_stream *ps;
  price_import_opts po = { price_column, NULL, true, 0, false };
  rc = price_stream_open (path, buf, len, &po, &ps, err);
  free (buf);
  if (rc != EVS_OK)
    return rc;
  memcpy (hash, price_stream_hash (ps), SHA256_HEX_SIZE);
  if ((rc = prices_unchanged (s, k.base, hash, k.opt, &same, err)) == EVS_OK)
    {
      if (same)
        out->unchanged = true;
      else
        rc = import_stream (s, path, &k, ps, out, err);
    }
  price_stream_close (&ps);
  return rc;
}

void
store_import_report_release (store_import_report *r)
{
  for (size_t i = 0; i < r->n; i++)
    {
      free (r->v[i].ticker);
      free (r->v[i].price_column);
      free (r->v[i].price_column_was);
    }
  free (r->v);
  memset (r, 0, sizeof *r);
}

/* ------------------------------------------------------------- events */

static int
find_set (evs_store *s, const char *base, const char *hash, int64_t *id,
          evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  int rc = store_prep (s, "SELECT id FROM event_sets WHERE name = ?1 AND hash = ?2",
                       &st, err);
  if (rc != EVS_OK)
    return rc;
  store_bind_text (st, 1, base);
  store_bind_text (st, 2, hash);
  rc = store_step_row (s, st, &row, err);
  *id = row ? sqlite3_column_int64 (st, 0) : 0;
  sqlite3_finalize (st);
  return rc;
}

/* The tickers of an event as one field: they never hold spaces, since
 * the events file separates them by spaces (events_load). */
static char *
join_tickers (const evs_event *e)
{
  size_t len = 1;
  for (size_t i = 0; i < e->ntickers; i++)
    len += strlen (e->tickers[i]) + 1;
  char *s = evs_xcalloc (len, 1);
  for (size_t i = 0; i < e->ntickers; i++)
    {
      if (i)
        strcat (s, " ");
      strcat (s, e->tickers[i]);
    }
  return s;
}

static void
bind_event (sqlite3_stmt *st, int64_t set, const evs_event *e)
{
  char *tickers = join_tickers (e);
  sqlite3_bind_int64 (st, 1, set);
  sqlite3_bind_int64 (st, 2, (sqlite3_int64) e->row);
  sqlite3_bind_int64 (st, 3, e->line);
  store_bind_text (st, 4, e->date_text);
  store_bind_text (st, 5, e->label);
  store_bind_text (st, 6, e->company);
  store_bind_text (st, 7, e->source);
  store_bind_text (st, 8, tickers);
  store_bind_date (st, 9, true, e->stamp.day);
  if (e->stamp.has_time)
    sqlite3_bind_int (st, 10, e->stamp.minute);
  if (e->stamp.has_offset)
    sqlite3_bind_int (st, 11, e->stamp.offset_min);
  if (e->has_instant)
    sqlite3_bind_int64 (st, 12, e->instant);
  free (tickers);
}

static int
insert_extras (evs_store *s, int64_t set, const evs_timeline *t, evs_error *err)
{
  sqlite3_stmt *col, *val;
  int rc = store_prep (s, "INSERT INTO event_columns (set_id, pos, name) VALUES (?1, ?2, ?3)",
                       &col, err);
  if (rc != EVS_OK)
    return rc;
  rc = store_prep (s, "INSERT INTO event_extras (set_id, row, pos, value)"
                   " VALUES (?1, ?2, ?3, ?4)", &val, err);
  for (size_t c = 0; rc == EVS_OK && c < t->nextra; c++)
    {
      sqlite3_bind_int64 (col, 1, set);
      sqlite3_bind_int64 (col, 2, (sqlite3_int64) c);
      store_bind_text (col, 3, t->extra_names[c]);
      rc = store_step_done (s, col, err);
      for (size_t i = 0; rc == EVS_OK && i < t->n; i++)
        {
          sqlite3_bind_int64 (val, 1, set);
          sqlite3_bind_int64 (val, 2, (sqlite3_int64) t->v[i].row);
          sqlite3_bind_int64 (val, 3, (sqlite3_int64) c);
          store_bind_text (val, 4, t->v[i].extra[c]);
          rc = store_step_done (s, val, err);
        }
    }
  sqlite3_finalize (col);
  sqlite3_finalize (val);
  return rc;
}

static int
insert_events (evs_store *s, int64_t set, const evs_timeline *t, evs_error *err)
{
  sqlite3_stmt *st;
  int rc = store_prep (s, "INSERT INTO events (set_id, row, line, date_text, label,"
                       " company, source, tickers, day, minute, offset_min, instant)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                       &st, err);
  for (size_t i = 0; rc == EVS_OK && i < t->n; i++)
    {
      bind_event (st, set, &t->v[i]);
      rc = store_step_done (s, st, err);
    }
  sqlite3_finalize (st);
  return rc == EVS_OK ? insert_extras (s, set, t, err) : rc;
}

static int
add_set (evs_store *s, const char *path, const char *hash, const evs_timeline *t,
         int64_t *set, evs_error *err)
{
  int64_t gen;
  sqlite3_stmt *st;
  int rc = store_add_import (s, "events", path, hash, &gen, err);
  if (rc == EVS_OK)
    rc = store_prep (s, "INSERT INTO event_sets (name, source, hash, import_id)"
                     " VALUES (?1, ?2, ?3, ?4)", &st, err);
  if (rc != EVS_OK)
    return rc;
  store_bind_text (st, 1, store_base_name (path));
  store_bind_text (st, 2, path);
  store_bind_text (st, 3, hash);
  sqlite3_bind_int64 (st, 4, gen);
  rc = store_step_done (s, st, err);
  sqlite3_finalize (st);
  *set = sqlite3_last_insert_rowid (s->db);
  return rc == EVS_OK ? insert_events (s, *set, t, err) : rc;
}

int
store_import_events (evs_store *s, const char *path, int64_t *set_id,
                     bool *is_new, size_t *nevents, evs_error *err)
{
  char *buf, hash[SHA256_HEX_SIZE];
  size_t len;
  evs_timeline t;
  int rc = store_read_file (path, &buf, &len, err);
  if (rc != EVS_OK)
    return rc;
  sha256_hex (buf, len, hash);
  /* The bytes hashed are the bytes read: one read, so that stdin ("-")
   * works and a file rewritten meanwhile cannot be stored under the
   * other version's hash. */
  rc = events_load_buffer (path, buf, len, &t, err);
  free (buf);
  if (rc != EVS_OK)
    return rc;
  *nevents = t.n;
  rc = store_begin (s, err);
  if (rc == EVS_OK)
    rc = find_set (s, store_base_name (path), hash, set_id, err);
  *is_new = rc == EVS_OK && *set_id == 0;
  if (*is_new)
    rc = add_set (s, path, hash, &t, set_id, err);
  if (rc == EVS_OK)
    rc = *is_new ? store_commit (s, err) : EVS_OK;
  store_rollback (s);
  events_release (&t);
  return rc;
}

int
store_find_events (evs_store *s, const char *name, int64_t *set_id,
                   evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  int rc = store_prep (s, "SELECT id FROM event_sets WHERE ?1 IS NULL OR name = ?2"
                       " OR source = ?1 ORDER BY id DESC LIMIT 1", &st, err);
  if (rc != EVS_OK)
    return rc;
  store_bind_text (st, 1, name);
  store_bind_text (st, 2, name ? store_base_name (name) : NULL);
  rc = store_step_row (s, st, &row, err);
  *set_id = row ? sqlite3_column_int64 (st, 0) : 0;
  sqlite3_finalize (st);
  if (rc == EVS_OK && !row)
    rc = name ? evs_fail (err, EVS_EUSAGE, "%s: no events '%s' in the store (import them with evstudy import --events)", s->path, name)
              : evs_fail (err, EVS_EUSAGE, "%s: no events in the store (import them with evstudy import --events)", s->path);
  return rc;
}

/* One events row (the columns of load_events' query) into E. */
static bool
read_event (sqlite3_stmt *st, evs_event *e, size_t nextra)
{
  e->row = (size_t) sqlite3_column_int64 (st, 0);
  e->line = (uint32_t) sqlite3_column_int64 (st, 1);
  e->date_text = evs_xstrdup (store_col_text (st, 2));
  e->label = evs_xstrdup (store_col_text (st, 3));
  e->company = evs_xstrdup (store_col_text (st, 4));
  e->source = evs_xstrdup (store_col_text (st, 5));
  events_split_tickers (e, store_col_text (st, 6));
  e->extra = evs_xcalloc (nextra, sizeof *e->extra);
  e->stamp.has_time = sqlite3_column_type (st, 8) != SQLITE_NULL;
  e->stamp.minute = sqlite3_column_int (st, 8);
  e->stamp.has_offset = sqlite3_column_type (st, 9) != SQLITE_NULL;
  e->stamp.offset_min = sqlite3_column_int (st, 9);
  e->has_instant = sqlite3_column_type (st, 10) != SQLITE_NULL;
  e->instant = sqlite3_column_int64 (st, 10);
  /* Damage: a time of day or UTC offset outside a day, an instant
   * outside the years of date.h. */
  int64_t v, lo = -(int64_t) 200 * 366 * 86400, hi = (int64_t) 230 * 366 * 86400;
  return store_col_date (st, 7, &e->stamp.day)
         && (!e->stamp.has_time || store_col_int (st, 8, 0, 24 * 60 - 1, &v))
         && (!e->stamp.has_offset || store_col_int (st, 9, -24 * 60, 24 * 60, &v))
         && (!e->has_instant || store_col_int (st, 10, lo, hi, &v));
}

static int
load_columns (evs_store *s, int64_t set, evs_timeline *t, evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  int rc = store_prep (s, "SELECT name FROM event_columns WHERE set_id = ?1 ORDER BY pos",
                       &st, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (st, 1, set);
  size_t cap = 0;
  while ((rc = store_step_row (s, st, &row, err)) == EVS_OK && row)
    {
      evs_grow ((void **) &t->extra_names, &cap, t->nextra + 1, sizeof *t->extra_names);
      t->extra_names[t->nextra++] = evs_xstrdup (store_col_text (st, 0));
    }
  sqlite3_finalize (st);
  return rc;
}

static int
load_extras (evs_store *s, int64_t set, evs_timeline *t, evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  int rc = store_prep (s, "SELECT row, pos, value FROM event_extras WHERE set_id = ?1",
                       &st, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (st, 1, set);
  while ((rc = store_step_row (s, st, &row, err)) == EVS_OK && row)
    {
      int64_t r = sqlite3_column_int64 (st, 0), c = sqlite3_column_int64 (st, 1);
      if (r < 1 || (size_t) r > t->n || c < 0 || (size_t) c >= t->nextra)
        {
          rc = store_bad (s, err, "event set %lld: damaged event_extras", (long long) set);
          break;
        }
      free (t->v[r - 1].extra[c]);
      t->v[r - 1].extra[c] = evs_xstrdup (store_col_text (st, 2));
    }
  sqlite3_finalize (st);
  return rc;
}

/* The events rows of SET, in row order; rows are 1..n. */
static int
load_rows (evs_store *s, int64_t set, evs_timeline *t, evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  int rc = store_prep (s, "SELECT row, line, date_text, label, company, source, tickers,"
                       " day, minute, offset_min, instant FROM events WHERE set_id = ?1"
                       " ORDER BY row", &st, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (st, 1, set);
  while ((rc = store_step_row (s, st, &row, err)) == EVS_OK && row)
    {
      evs_grow ((void **) &t->v, &t->cap, t->n + 1, sizeof *t->v);
      evs_event *e = memset (&t->v[t->n++], 0, sizeof *t->v);
      if (!read_event (st, e, t->nextra) || e->row != t->n)
        {
          rc = store_bad (s, err, "event set %lld: event %zu is damaged (its row, date, time,"
                          " offset or instant)", (long long) set, t->n);
          break;
        }
    }
  sqlite3_finalize (st);
  return rc;
}

int
store_load_events (evs_store *s, int64_t set, evs_timeline *t, evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  memset (t, 0, sizeof *t);
  int rc = store_prep (s, "SELECT source FROM event_sets WHERE id = ?1", &st, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (st, 1, set);
  rc = store_step_row (s, st, &row, err);
  if (rc == EVS_OK && !row)
    rc = evs_fail (err, EVS_EUSAGE, "%s: no event set %lld", s->path, (long long) set);
  t->source = evs_xstrdup (rc == EVS_OK ? store_col_text (st, 0) : "");
  sqlite3_finalize (st);
  if (rc == EVS_OK)
    rc = load_columns (s, set, t, err);
  if (rc == EVS_OK)
    rc = load_rows (s, set, t, err);
  if (rc == EVS_OK)
    rc = load_extras (s, set, t, err);
  if (rc != EVS_OK)
    events_release (t);
  return rc;
}

/* ------------------------------------------------------------- series */

int
store_generation (evs_store *s, int64_t *gen, evs_error *err)
{
  return pragma_int (s, "SELECT coalesce (max (id), 0) FROM imports", gen, err);
}

/* The prices of series ID as of generation GEN into SER, from the rows. */
static int
load_price_rows (evs_store *s, int64_t id, int64_t gen, evs_series *ser, evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  int rc = store_prep (s, "SELECT date, price FROM prices WHERE series_id = ?1"
                       " AND first_import <= ?2 AND (last_import IS NULL OR last_import > ?2)"
                       " ORDER BY date", &st, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (st, 1, id);
  sqlite3_bind_int64 (st, 2, gen);
  while ((rc = store_step_row (s, st, &row, err)) == EVS_OK && row)
    {
      int32_t day;
      double price;
      char b[64];
      if (!store_col_date (st, 0, &day) || (ser->n && day <= ser->date[ser->n - 1]))
        {
          rc = store_bad (s, err, "prices of series %lld: date %s is not a date after the"
                          " previous one", (long long) id, store_col_quote (st, 0, b, sizeof b));
          break;
        }
      if (!store_col_real (st, 1, &price) || !(price > 0))
        {
          rc = store_bad (s, err, "prices of series %lld on %s: price %s is not a positive"
                          " number", (long long) id, store_col_text (st, 0),
                          store_col_quote (st, 1, b, sizeof b));
          break;
        }
      series_push (ser, day, price, 0, NULL);
    }
  sqlite3_finalize (st);
  return rc;
}

/* Writes the snapshot of series ID as of generation GEN: its N dates
 * DATE and prices PRICE. */
static int
put_snapshot (evs_store *s, int64_t id, int64_t gen, const int32_t *date,
              const double *price, size_t n, evs_error *err)
{
  sqlite3_stmt *st = NULL;
  int rc = store_prep (s, "INSERT OR REPLACE INTO price_snapshots (series_id, generation,"
                       " n, dates, prices) VALUES (?1, ?2, ?3, ?4, ?5)", &st, err);
  if (rc == EVS_OK)
    {
      sqlite3_bind_int64 (st, 1, id);
      sqlite3_bind_int64 (st, 2, gen);
      sqlite3_bind_int64 (st, 3, (sqlite3_int64) n);
      sqlite3_bind_blob64 (st, 4, store_pack_int32 (date, n), 4 * n, free);
      sqlite3_bind_blob64 (st, 5, store_pack_doubles (price, n), 8 * n, free);
      rc = store_step_done (s, st, err);
    }
  sqlite3_finalize (st);
  return rc;
}

/* Writes the snapshot of series ID as of generation GEN (its rows). */
static int
write_snapshot (evs_store *s, int64_t id, int64_t gen, evs_error *err)
{
  evs_series ser;
  series_init (&ser);
  int rc = load_price_rows (s, id, gen, &ser, err);
  if (rc == EVS_OK)
    rc = put_snapshot (s, id, gen, ser.date, ser.price, ser.n, err);
  series_release (&ser);
  return rc;
}

/* Migration to version 2: every series' snapshot as of its last import. */
static int
snapshot_all (evs_store *s, evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  int rc = store_prep (s, "SELECT id, import_id FROM series ORDER BY id", &st, err);
  while (rc == EVS_OK && (rc = store_step_row (s, st, &row, err)) == EVS_OK && row)
    rc = write_snapshot (s, sqlite3_column_int64 (st, 0), sqlite3_column_int64 (st, 1), err);
  sqlite3_finalize (st);
  return rc;
}

/* Unpacks the snapshot in the current row of ST (n, dates, prices,
 * series_id, generation) into SER (which has no prices yet): blobs of
 * the length n says, dates valid and strictly ascending, prices finite
 * and positive, as series.h promises; anything else is damage. */
static int
unpack_snapshot (evs_store *s, sqlite3_stmt *st, evs_series *ser, evs_error *err)
{
  int64_t n;
  long long id = sqlite3_column_int64 (st, 3), gen = sqlite3_column_int64 (st, 4);
  const unsigned char *d = sqlite3_column_blob (st, 1), *p = sqlite3_column_blob (st, 2);
  size_t nd = (size_t) sqlite3_column_bytes (st, 1), np = (size_t) sqlite3_column_bytes (st, 2);
  if (!store_col_int (st, 0, 0, INT32_MAX, &n) || nd != 4 * (size_t) n || np != 8 * (size_t) n
      || (n > 0 && (!d || !p)))
    return store_bad (s, err, "damaged price snapshot of series %lld at import %lld: n %lld,"
                      " %zu bytes of dates, %zu bytes of prices", id, gen,
                      (long long) sqlite3_column_int64 (st, 0), nd, np);
  free (ser->date);
  free (ser->price);
  free (ser->line);
  ser->date = evs_xmalloc ((size_t) n * sizeof *ser->date + 1);
  ser->price = evs_xmalloc ((size_t) n * sizeof *ser->price + 1);
  ser->line = evs_xcalloc ((size_t) n + 1, sizeof *ser->line);
  store_unpack_int32 (d, (size_t) n, ser->date);
  store_unpack_doubles (p, (size_t) n, ser->price);
  ser->n = ser->cap = (size_t) n;
  for (size_t i = 0; i < ser->n; i++)
    {
      if (!store_day_valid (ser->date[i]) || (i && ser->date[i] <= ser->date[i - 1]))
        return store_bad (s, err, "damaged price snapshot of series %lld at import %lld:"
                          " date %zu (%ld) is not a date after the previous one", id, gen,
                          i + 1, (long) ser->date[i]);
      if (!isfinite (ser->price[i]) || !(ser->price[i] > 0))
        return store_bad (s, err, "damaged price snapshot of series %lld at import %lld:"
                          " price %zu is not a positive number", id, gen, i + 1);
    }
  return EVS_OK;
}

/* The prices of series ID as of generation GEN into SER: from its latest
 * snapshot at or before GEN, else from the rows. */
static int
load_prices (evs_store *s, int64_t id, int64_t gen, evs_series *ser, evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  int rc = store_prep (s, "SELECT n, dates, prices, series_id, generation FROM price_snapshots"
                       " WHERE series_id = ?1 AND generation <= ?2"
                       " ORDER BY generation DESC LIMIT 1", &st, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (st, 1, id);
  sqlite3_bind_int64 (st, 2, gen);
  rc = store_step_row (s, st, &row, err);
  if (rc == EVS_OK && row)
    rc = unpack_snapshot (s, st, ser, err);
  sqlite3_finalize (st);
  return rc != EVS_OK || row ? rc : load_price_rows (s, id, gen, ser, err);
}

void
store_set_load_volume (evs_store *s, bool on)
{
  s->load_volume = on;
}

/* The volumes of series ID as of generation GEN into SER's volume
 * column, on SER's dates (NaN where a row has none, as the importer's
 * empty cell: a gap for --measure volume). */
static int
load_volumes (evs_store *s, int64_t id, int64_t gen, evs_series *ser, evs_error *err)
{
  cur_rows c;
  int since;
  int rc = load_as_of (s, id, gen, &c, &since, err);
  if (rc != EVS_OK)
    {
      cur_free (&c);
      return rc;
    }
  double *v = evs_xmalloc ((ser->n + 1) * sizeof *v);
  size_t j = 0;
  for (size_t i = 0; i < ser->n; i++)
    {
      v[i] = NAN;
      while (j < c.n && c.date[j] < ser->date[i])
        j++;
      if (j < c.n && c.date[j] == ser->date[i])
        {
          double x = c.v[j][1 + SERIES_VOLUME];
          v[i] = isfinite (x) && x >= 0 ? x : NAN;
        }
    }
  cur_free (&c);
  /* A series imported from a file without volumes has none: its column
   * stays NULL, as the importer leaves it, for the usage error. */
  bool any = false;
  for (size_t k = 0; k < ser->n && !any; k++)
    any = !isnan (v[k]);
  free (ser->col[SERIES_VOLUME]);
  ser->col[SERIES_VOLUME] = any ? v : NULL;
  if (any)
    ser->kept |= 1u << SERIES_VOLUME;
  else
    free (v);
  return rc;
}

/* Adds the series of the current row of ST (id, ticker, source, layout,
 * price_column) to OUT if it has prices as of GEN. */
static int
add_series (evs_store *s, sqlite3_stmt *st, int64_t gen, evs_series_list *out,
            size_t *found, evs_error *err)
{
  evs_series *ser = series_list_add (out);
  ser->ticker = evs_xstrdup (store_col_text (st, 1));
  ser->source = evs_xstrdup (store_col_text (st, 2));
  ser->layout = evs_xstrdup (store_col_text (st, 3));
  ser->price_column = evs_xstrdup (store_col_text (st, 4));
  int rc = load_prices (s, sqlite3_column_int64 (st, 0), gen, ser, err);
  if (rc == EVS_OK && ser->n && s->load_volume)
    rc = load_volumes (s, sqlite3_column_int64 (st, 0), gen, ser, err);
  if (rc != EVS_OK || ser->n == 0)
    {
      series_release (ser);
      out->n--;
      return rc;
    }
  ++*found;
  return EVS_OK;
}

int
store_load_series (evs_store *s, int64_t gen, const char *name,
                   evs_series_list *out, size_t *found, evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  *found = 0;
  int rc = store_prep (s, "SELECT id, ticker, source, layout, price_column FROM series"
                       " WHERE ?1 IS NULL OR ticker = ?1 OR source = ?2 COLLATE NOCASE"
                       " ORDER BY id", &st, err);
  if (rc != EVS_OK)
    return rc;
  store_bind_text (st, 1, name);
  store_bind_text (st, 2, name ? store_base_name (name) : NULL);
  while ((rc = store_step_row (s, st, &row, err)) == EVS_OK && row)
    if ((rc = add_series (s, st, gen, out, found, err)) != EVS_OK)
      break;
  sqlite3_finalize (st);
  return rc;
}

int
store_suggest_series (evs_store *s, const char *name, char *buf, size_t size,
                      bool *found, evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  *found = false;
  int rc = store_prep (s, "SELECT ticker FROM series ORDER BY id", &st, err);
  if (rc != EVS_OK)
    return rc;
  while (!*found && (rc = store_step_row (s, st, &row, err)) == EVS_OK && row)
    {
      const char *t = store_col_text (st, 0);
      if (series_ticker_near (name, t))
        {
          snprintf (buf, size, "%s", t);
          *found = true;
        }
    }
  sqlite3_finalize (st);
  return rc;
}

/* -------------------------------------------------------------- check */

/* The first row of a check query into MSG, "ok" style: *OK stays true
 * only if the query returns no row, or one equal to "ok". */
static int
check_query (evs_store *s, const char *sql, bool *ok, char *msg, size_t size,
             evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  int rc = store_prep (s, sql, &st, err);
  if (rc == EVS_OK && (rc = store_step_row (s, st, &row, err)) == EVS_OK && row
      && strcmp (store_col_text (st, 0), "ok") != 0 && *ok)
    {
      *ok = false;
      snprintf (msg, size, "%s", store_col_text (st, 0));
    }
  sqlite3_finalize (st);
  return rc;
}

/* A failure of a loader run by the check: damage (EVS_EDATA) is the
 * check's answer, its message without the "PATH: " prefix; anything else
 * is an error of the check itself. */
static int
check_loaded (evs_store *s, int rc, const evs_error *e, bool *ok, char *msg, size_t size,
              evs_error *err)
{
  if (rc == EVS_OK)
    return EVS_OK;
  if (rc != EVS_EDATA)
    {
      *err = *e;
      return rc;
    }
  size_t n = strlen (s->path);
  const char *m = strncmp (e->msg, s->path, n) == 0 && strncmp (e->msg + n, ": ", 2) == 0
                  ? e->msg + n + 2 : e->msg;
  *ok = false;
  snprintf (msg, size, "%s", m);
  return EVS_OK;
}

/* Every price snapshot unpacked and checked as a run reads it. */
static int
check_snapshots (evs_store *s, bool *ok, char *msg, size_t size, evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  evs_error e;
  int rc = store_prep (s, "SELECT n, dates, prices, series_id, generation FROM price_snapshots"
                       " ORDER BY series_id, generation", &st, err);
  while (rc == EVS_OK && *ok && (rc = store_step_row (s, st, &row, err)) == EVS_OK && row)
    {
      evs_series ser;
      series_init (&ser);
      rc = check_loaded (s, unpack_snapshot (s, st, &ser, &e), &e, ok, msg, size, err);
      series_release (&ser);
    }
  sqlite3_finalize (st);
  return rc;
}

/* The snapshot in the current row of ST (n, dates, prices, series_id,
 * generation) against the rows its deltas give as of its generation:
 * the same dates and prices. */
static int
check_delta_snapshot (evs_store *s, sqlite3_stmt *st, bool *ok, char *msg, size_t size,
                      evs_error *err)
{
  evs_series ser;
  cur_rows c;
  evs_error e;
  int since;
  int64_t id = sqlite3_column_int64 (st, 3), gen = sqlite3_column_int64 (st, 4);
  series_init (&ser);
  int rc = check_loaded (s, unpack_snapshot (s, st, &ser, &e), &e, ok, msg, size, err);
  if (rc == EVS_OK && *ok)
    rc = check_loaded (s, load_as_of (s, id, gen, &c, &since, &e), &e, ok, msg, size, err);
  else
    memset (&c, 0, sizeof c);
  if (rc == EVS_OK && *ok)
    {
      bool same = c.n == ser.n;
      for (size_t i = 0; same && i < c.n; i++)
        same = c.date[i] == ser.date[i] && c.v[i][0] == ser.price[i];
      if (!same)
        {
          *ok = false;
          snprintf (msg, size, "price snapshot of series %lld at import %lld has %zu prices,"
                    " its rows %zu%s", (long long) id, (long long) gen, ser.n, c.n,
                    c.n == ser.n ? ", which differ" : "");
        }
    }
  cur_free (&c);
  series_release (&ser);
  return rc;
}

/* Every snapshot of a series with deltas at or before it (schema 8). */
static int
check_deltas (evs_store *s, bool *ok, char *msg, size_t size, evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  int rc = store_prep (s, "SELECT n, dates, prices, series_id, generation FROM price_snapshots p"
                       " WHERE EXISTS (SELECT 1 FROM price_deltas d WHERE d.series_id = p.series_id"
                       " AND d.generation <= p.generation) ORDER BY series_id, generation",
                       &st, err);
  while (rc == EVS_OK && *ok && (rc = store_step_row (s, st, &row, err)) == EVS_OK && row)
    rc = check_delta_snapshot (s, st, ok, msg, size, err);
  sqlite3_finalize (st);
  return rc;
}

/* Each id of QUERY handed to LOAD, until one fails. */
static int
check_each (evs_store *s, const char *query, int (*load) (evs_store *, int64_t, evs_error *),
            bool *ok, char *msg, size_t size, evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  evs_error e;
  int rc = store_prep (s, query, &st, err);
  while (rc == EVS_OK && *ok && (rc = store_step_row (s, st, &row, err)) == EVS_OK && row)
    rc = check_loaded (s, load (s, sqlite3_column_int64 (st, 0), &e), &e, ok, msg, size, err);
  sqlite3_finalize (st);
  return rc;
}

static int
load_event_set (evs_store *s, int64_t id, evs_error *err)
{
  evs_timeline t;
  int rc = store_load_events (s, id, &t, err);
  if (rc == EVS_OK)
    events_release (&t);
  return rc;
}

/* A run as `run --rerun` reads it (its meta) and as `export` does. */
static int
load_run (evs_store *s, int64_t id, evs_error *err)
{
  store_run_meta m;
  store_run r;
  int rc = store_run_meta_load (s, id, &m, err);
  if (rc == EVS_OK)
    store_run_meta_release (&m);
  if (rc == EVS_OK && (rc = store_run_load (s, id, &r, err)) == EVS_OK)
    store_run_release (&r);
  return rc;
}

int
store_check (evs_store *s, bool *ok, char *msg, size_t size, evs_error *err)
{
  *ok = true;
  snprintf (msg, size, "ok");
  int rc = check_query (s, "PRAGMA integrity_check", ok, msg, size, err);
  if (rc == EVS_OK)
    rc = check_query (s, "SELECT 'foreign key violation in ' || \"table\""
                      " FROM pragma_foreign_key_check", ok, msg, size, err);
  if (rc == EVS_OK)
    rc = check_query (s, s->version >= 9   /* intraday runs: bar_store_check */
                      ? "SELECT 'run ' || id || ' has ' || (SELECT count (*) FROM results"
                      " WHERE run_id = runs.id) || ' results, not ' || n_results FROM runs"
                      " WHERE kind = 'daily' AND n_results IS NOT (SELECT count (*) FROM results"
                      " WHERE run_id = runs.id)"
                      : "SELECT 'run ' || id || ' has ' || (SELECT count (*) FROM results"
                      " WHERE run_id = runs.id) || ' results, not ' || n_results FROM runs"
                      " WHERE n_results IS NOT (SELECT count (*) FROM results"
                      " WHERE run_id = runs.id)", ok, msg, size, err);
  /* Snapshots of series without deltas against the rows (those with
   * deltas: check_deltas). */
  if (rc == EVS_OK && s->version >= 2)   /* a reader of schema 1: no snapshots */
    rc = check_query (s, s->version >= 8
                      ? "SELECT 'price snapshot of series ' || series_id || ' at import '"
                        " || generation || ' has ' || n || ' prices, its rows ' || (SELECT"
                        " count (*) FROM prices WHERE prices.series_id = price_snapshots.series_id"
                        " AND first_import <= generation AND (last_import IS NULL"
                        " OR last_import > generation)) FROM price_snapshots WHERE n IS NOT (SELECT"
                        " count (*) FROM prices WHERE prices.series_id = price_snapshots.series_id"
                        " AND first_import <= generation AND (last_import IS NULL"
                        " OR last_import > generation)) AND NOT EXISTS (SELECT 1 FROM price_deltas d"
                        " WHERE d.series_id = price_snapshots.series_id"
                        " AND d.generation <= price_snapshots.generation)"
                      : "SELECT 'price snapshot of series ' || series_id || ' at import '"
                        " || generation || ' has ' || n || ' prices, its rows ' || (SELECT"
                        " count (*) FROM prices WHERE prices.series_id = price_snapshots.series_id"
                        " AND first_import <= generation AND (last_import IS NULL"
                        " OR last_import > generation)) FROM price_snapshots WHERE n IS NOT (SELECT"
                        " count (*) FROM prices WHERE prices.series_id = price_snapshots.series_id"
                        " AND first_import <= generation AND (last_import IS NULL"
                        " OR last_import > generation))", ok, msg, size, err);
  if (rc == EVS_OK && *ok && s->version >= 8)
    rc = check_deltas (s, ok, msg, size, err);
  /* The price rows a run reads where a generation has no snapshot. */
  if (rc == EVS_OK)
    rc = check_query (s, "SELECT 'prices of series ' || series_id || ' on ' || quote (date)"
                      " || ': not a date, or price ' || quote (price) || ' not a positive number'"
                      " FROM prices WHERE typeof (date) != 'text' OR length (date) != 10"
                      " OR date (date) IS NOT date OR date < '1800-01-01' OR date > '2199-12-31'"
                      " OR typeof (price) NOT IN ('real', 'integer') OR NOT price > 0"
                      " OR price >= 9e999 LIMIT 1", ok, msg, size, err);
  if (rc == EVS_OK && *ok && s->version >= 2)
    rc = check_snapshots (s, ok, msg, size, err);
  if (rc == EVS_OK && *ok)
    rc = check_each (s, "SELECT id FROM event_sets ORDER BY id", load_event_set, ok, msg,
                     size, err);
  if (rc == EVS_OK && *ok && s->version >= 6)
    rc = check_each (s, "SELECT DISTINCT generation FROM factor_files ORDER BY generation",
                     store_check_factors, ok, msg, size, err);
  if (rc == EVS_OK && *ok)
    rc = check_each (s, s->version >= 9 ? "SELECT id FROM runs WHERE kind = 'daily' ORDER BY id"
                     : "SELECT id FROM runs ORDER BY id", load_run, ok, msg, size, err);
  return rc;
}
