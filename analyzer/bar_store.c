/* bar_store.c -- the compact store of intraday bars (bar_store.h). */
#include <config.h>
#include "bar_store.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "calendar.h"
#include "date.h"

#define APP_ID 1163281490   /* "EVBR" */
#define BAR_BYTES 20

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS bar_series ("
  " id INTEGER PRIMARY KEY, ticker TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  " exchange TEXT NOT NULL, layout TEXT NOT NULL, source TEXT NOT NULL,"
  " len INTEGER NOT NULL, n INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS bar_session ("
  " series INTEGER NOT NULL REFERENCES bar_series(id) ON DELETE CASCADE,"
  " day INTEGER NOT NULL, start INTEGER NOT NULL, n INTEGER NOT NULL,"
  " data BLOB NOT NULL, PRIMARY KEY (series, day)) WITHOUT ROWID;";

static int
fail_db (sqlite3 *db, const char *path, evs_error *err)
{
  int code = sqlite3_errcode (db);
  return evs_fail (err, code == SQLITE_BUSY || code == SQLITE_LOCKED ? EVS_EBUSY : EVS_EIO,
                   "%s: %s", path, db ? sqlite3_errmsg (db) : "cannot open");
}

/* Opens PATH (creating it when CREATE) and checks or sets its
 * application_id. */
static int
open_store (const char *path, bool create, int wait_ms, sqlite3 **db, evs_error *err)
{
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2 (path, db, flags, NULL) != SQLITE_OK)
    {
      int rc = fail_db (*db, path, err);
      sqlite3_close (*db);
      *db = NULL;
      return rc;
    }
  sqlite3_busy_timeout (*db, wait_ms);
  sqlite3_stmt *st;
  int app = -1, tables = 0;
  if (sqlite3_prepare_v2 (*db, "PRAGMA application_id", -1, &st, NULL) == SQLITE_OK
      && sqlite3_step (st) == SQLITE_ROW)
    app = sqlite3_column_int (st, 0);
  sqlite3_finalize (st);
  if (sqlite3_prepare_v2 (*db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) == SQLITE_OK
      && sqlite3_step (st) == SQLITE_ROW)
    tables = sqlite3_column_int (st, 0);
  sqlite3_finalize (st);
  if (app < 0)
    return fail_db (*db, path, err);
  if (app != APP_ID && (app != 0 || tables != 0))
    return evs_fail (err, EVS_EIO, "%s: not a store of intraday bars", path);
  if (sqlite3_exec (*db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
    return fail_db (*db, path, err);
  return EVS_OK;
}

static void
put_le32 (unsigned char *p, uint32_t v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (unsigned char) (v >> (8 * i));
}

static void
put_le64 (unsigned char *p, double d)
{
  uint64_t v;
  memcpy (&v, &d, 8);
  for (int i = 0; i < 8; i++)
    p[i] = (unsigned char) (v >> (8 * i));
}

static uint32_t
get_le32 (const unsigned char *p)
{
  uint32_t v = 0;
  for (int i = 3; i >= 0; i--)
    v = v << 8 | p[i];
  return v;
}

static double
get_le64 (const unsigned char *p)
{
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--)
    v = v << 8 | p[i];
  double d;
  memcpy (&d, &v, 8);
  return d;
}

/* Inserts the sessions of S (series row ID) with statement ST. */
static int
put_sessions (sqlite3_stmt *st, sqlite3_int64 id, const bars_series *s)
{
  unsigned char *buf = evs_xmalloc ((s->n ? s->n : 1) * BAR_BYTES);
  int rc = SQLITE_DONE;
  for (size_t i = 0; i < s->n && rc == SQLITE_DONE;)
    {
      size_t k = i;
      while (k < s->n && s->session[k] == s->session[i])
        {
          unsigned char *p = buf + (k - i) * BAR_BYTES;
          put_le32 (p, (uint32_t) (s->t[k] - s->t[i]));
          put_le64 (p + 4, s->close[k]);
          put_le64 (p + 12, s->volume[k]);
          k++;
        }
      sqlite3_reset (st);
      sqlite3_bind_int64 (st, 1, id);
      sqlite3_bind_int64 (st, 2, s->session[i]);
      sqlite3_bind_int64 (st, 3, s->t[i]);
      sqlite3_bind_int64 (st, 4, (sqlite3_int64) (k - i));
      sqlite3_bind_blob (st, 5, buf, (int) ((k - i) * BAR_BYTES), SQLITE_TRANSIENT);
      rc = sqlite3_step (st);
      i = k;
    }
  free (buf);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
put_series (sqlite3 *db, const bars_series *s)
{
  sqlite3_stmt *del = NULL, *ins = NULL, *ses = NULL;
  int rc = sqlite3_prepare_v2 (db, "DELETE FROM bar_series WHERE ticker = ?1", -1, &del, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO bar_series (ticker, exchange, layout, source, len, n)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &ins, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO bar_session (series, day, start, n, data)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)", -1, &ses, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (del, 1, s->ticker, -1, SQLITE_STATIC);
      rc = sqlite3_step (del) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (ins, 1, s->ticker, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins, 2, s->x->code, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins, 3, s->layout, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins, 4, s->source, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (ins, 5, s->len);
      sqlite3_bind_int64 (ins, 6, (sqlite3_int64) s->n);
      rc = sqlite3_step (ins) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
  if (rc == SQLITE_OK)
    rc = put_sessions (ses, sqlite3_last_insert_rowid (db), s);
  sqlite3_finalize (del);
  sqlite3_finalize (ins);
  sqlite3_finalize (ses);
  return rc;
}

int
bar_store_put (const char *path, const bars_list *l, int wait_ms, evs_error *err)
{
  sqlite3 *db;
  int rc = open_store (path, true, wait_ms, &db, err);
  if (rc)
    {
      sqlite3_close (db);
      return rc;
    }
  bool ok = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
  if (ok)
    {
      char sql[64];
      snprintf (sql, sizeof sql, "PRAGMA application_id = %d", APP_ID);
      ok = sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK
           && sqlite3_exec (db, schema, NULL, NULL, NULL) == SQLITE_OK;
      for (size_t i = 0; ok && i < l->n; i++)
        ok = put_series (db, &l->v[i]) == SQLITE_OK;
      ok = ok && sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
    }
  if (!ok)
    {
      rc = fail_db (db, path, err);
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
    }
  sqlite3_close (db);
  return rc;
}

/* Unpacks one session's blob into S; false if it is damaged. */
static bool
get_session (bars_series *s, sqlite3_int64 start, sqlite3_int64 n, const unsigned char *p,
             int bytes)
{
  if (n <= 0 || bytes != n * BAR_BYTES)
    return false;
  int64_t prev = -1;
  for (sqlite3_int64 k = 0; k < n; k++, p += BAR_BYTES)
    {
      int64_t off = get_le32 (p);
      double c = get_le64 (p + 4), v = get_le64 (p + 12);
      if (off <= prev || off > 86400 || !isfinite (c) || !(c > 0) || (!isnan (v) && !(v >= 0)))
        return false;
      prev = off;
      bars_push (s, start + off, c, v, 0);
    }
  return true;
}

static int
get_series (sqlite3 *db, const char *path, const char *ticker, bars_series *s,
            evs_error *err)
{
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2 (db, "SELECT id, ticker, exchange, layout, source, n FROM bar_series"
                          " WHERE ticker = ?1", -1, &st, NULL) != SQLITE_OK)
    return fail_db (db, path, err);
  sqlite3_bind_text (st, 1, ticker, -1, SQLITE_STATIC);
  int rc = sqlite3_step (st);
  if (rc != SQLITE_ROW)
    {
      sqlite3_finalize (st);
      if (rc != SQLITE_DONE)
        return fail_db (db, path, err);
      char q[96];
      return evs_fail (err, EVS_EUSAGE, "%s: no stored bars for '%s'", path,
                       evs_quote (q, sizeof q, ticker, strlen (ticker)));
    }
  sqlite3_int64 id = sqlite3_column_int64 (st, 0);
  const char *code = (const char *) sqlite3_column_text (st, 2);
  s->ticker = evs_xstrdup ((const char *) sqlite3_column_text (st, 1));
  s->layout = evs_xstrdup ((const char *) sqlite3_column_text (st, 3));
  s->source = evs_xstrdup (path);
  s->x = code ? calendar_by_code (code) : NULL;
  /* The bars the series says it has, reserved at once: a year of minute
   * bars would otherwise be copied by doubling seven times.  Only a hint
   * (the sessions are checked as read), so a damaged count is capped. */
  sqlite3_int64 n = sqlite3_column_int64 (st, 5);
  if (n > 0 && n <= 100000000)
    {
      s->t = evs_xmalloc ((size_t) n * sizeof *s->t);
      s->close = evs_xmalloc ((size_t) n * sizeof *s->close);
      s->volume = evs_xmalloc ((size_t) n * sizeof *s->volume);
      s->line = evs_xmalloc ((size_t) n * sizeof *s->line);
      s->cap = (size_t) n;
    }
  sqlite3_finalize (st);
  if (!s->x)
    return evs_fail (err, EVS_EDATA, "%s: %s: unknown exchange", path, s->ticker);
  if (sqlite3_prepare_v2 (db, "SELECT day, start, n, data FROM bar_session WHERE series = ?1"
                          " ORDER BY day", -1, &st, NULL) != SQLITE_OK)
    return fail_db (db, path, err);
  sqlite3_bind_int64 (st, 1, id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    if (!get_session (s, sqlite3_column_int64 (st, 1), sqlite3_column_int64 (st, 2),
                      sqlite3_column_blob (st, 3), sqlite3_column_bytes (st, 3)))
      {
        char d[11];
        int32_t day = (int32_t) sqlite3_column_int64 (st, 0);
        sqlite3_finalize (st);
        return evs_fail (err, EVS_EDATA, "%s: %s: session %s: damaged bars", path,
                         s->ticker, day > -100000 && day < 200000 ? date_format (day, d) : "?");
      }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    return fail_db (db, path, err);
  return EVS_OK;
}

int
bar_store_read (const char *path, const char *ticker, int wait_ms, bars_series *s,
                evs_error *err)
{
  sqlite3 *db;
  int rc = open_store (path, false, wait_ms, &db, err);
  /* Blobs read through a map of the file, not copied page by page. */
  if (rc == EVS_OK)
    sqlite3_exec (db, "PRAGMA mmap_size = 4294967296", NULL, NULL, NULL);
  bars_init (s);
  if (rc == EVS_OK)
    rc = get_series (db, path, ticker, s, err);
  sqlite3_close (db);
  if (rc != EVS_OK)
    bars_release (s);
  return rc;
}

int
bar_store_get (const char *path, const char *ticker, int wait_ms, bars_list *out,
               evs_error *err)
{
  bars_series s;
  int rc = bar_store_read (path, ticker, wait_ms, &s, err);
  /* Stored bars were finished once: this sorts nothing and drops
   * nothing, and sets sessions, minutes and the bar length again. */
  if (rc == EVS_OK && (rc = bars_finish (&s, 1, err)) != EVS_OK)
    bars_release (&s);
  if (rc == EVS_OK)
    *bars_list_add (out) = s;
  return rc;
}
