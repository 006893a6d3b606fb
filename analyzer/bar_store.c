/* bar_store.c -- intraday bars and runs in the store (bar_store.h). */
#include <config.h>
#include "bar_store.h"
#include "store-internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "date.h"
#include "sha256.h"

#define BAR_BYTES 20

/* ------------------------------------------------------ byte packing */

static void
put_u32 (unsigned char *p, uint32_t v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (unsigned char) (v >> (8 * i));
}

static void
put_u64 (unsigned char *p, uint64_t v)
{
  for (int i = 0; i < 8; i++)
    p[i] = (unsigned char) (v >> (8 * i));
}

static void
put_f64 (unsigned char *p, double d)
{
  uint64_t v;
  memcpy (&v, &d, 8);
  put_u64 (p, v);
}

static uint32_t
get_u32 (const unsigned char *p)
{
  uint32_t v = 0;
  for (int i = 3; i >= 0; i--)
    v = v << 8 | p[i];
  return v;
}

static uint64_t
get_u64 (const unsigned char *p)
{
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--)
    v = v << 8 | p[i];
  return v;
}

static double
get_f64 (const unsigned char *p)
{
  uint64_t v = get_u64 (p);
  double d;
  memcpy (&d, &v, 8);
  return d;
}

/* A ticker read back, for a message: its bytes made harmless. */
static const char *
visible (char *buf, size_t size, const char *ticker)
{
  return evs_quote (buf, size, ticker, strlen (ticker));
}

/* ----------------------------------------------------------- storing */

/* Packs bars [I, K) of S (one session) into BUF. */
static void
pack_session (const bars_series *s, size_t i, size_t k, unsigned char *buf)
{
  for (size_t j = i; j < k; j++)
    {
      unsigned char *p = buf + (j - i) * BAR_BYTES;
      put_u32 (p, (uint32_t) (s->t[j] - s->t[i]));
      put_f64 (p + 4, s->close[j]);
      put_f64 (p + 12, s->volume[j]);
    }
}

/* The UTC offset of S's session [I, K): local minus UTC seconds, such
 * that every bar's local date is the session and its local minute
 * S->minute (bars_finish set both in the exchange's zone); false if no
 * single offset does (a DST change inside trading hours: no exchange of
 * calendar.c has one). */
static bool
session_offset (const bars_series *s, size_t i, size_t k, int64_t *off)
{
  int64_t sec = (s->t[i] % 60 + 60) % 60;
  *off = (int64_t) s->session[i] * 86400 + s->minute[i] * 60 + sec - s->t[i];
  for (size_t j = i; j < k; j++)
    {
      int64_t lt = s->t[j] + *off, d = lt >= 0 ? lt / 86400 : -((-lt + 86399) / 86400);
      if (d != s->session[j] || (lt - d * 86400) / 60 != s->minute[j])
        return false;
    }
  return true;
}

typedef struct put_stmts {
  sqlite3_stmt *find, *add, *cur, *ins, *ver, *count;
} put_stmts;

static void
put_finalize (put_stmts *p)
{
  sqlite3_finalize (p->find);
  sqlite3_finalize (p->add);
  sqlite3_finalize (p->cur);
  sqlite3_finalize (p->ins);
  sqlite3_finalize (p->ver);
  sqlite3_finalize (p->count);
}

static int
put_prepare (evs_store *s, put_stmts *p, evs_error *err)
{
  memset (p, 0, sizeof *p);
  int rc = store_prep (s, "SELECT id, exchange FROM bar_series WHERE ticker = ?1", &p->find, err);
  if (rc == EVS_OK)
    rc = store_prep (s, "INSERT INTO bar_series (ticker, exchange) VALUES (?1, ?2)", &p->add, err);
  if (rc == EVS_OK)
    rc = store_prep (s, "SELECT start, utc_offset, data FROM bar_sessions WHERE series_id = ?1"
                     " AND day = ?2 ORDER BY generation DESC LIMIT 1", &p->cur, err);
  if (rc == EVS_OK)
    rc = store_prep (s, "INSERT INTO bar_sessions (series_id, day, generation, start,"
                     " utc_offset, n, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &p->ins, err);
  if (rc == EVS_OK)
    rc = store_prep (s, "INSERT INTO bar_versions (series_id, generation, layout, source, bars)"
                     " VALUES (?1, ?2, ?3, ?4, ?5)", &p->ver, err);
  /* The series' bars as of now: per session its latest version. */
  if (rc == EVS_OK)
    rc = store_prep (s, "SELECT coalesce (sum (n), 0) FROM bar_sessions b WHERE series_id = ?1"
                     " AND generation = (SELECT max (generation) FROM bar_sessions"
                     " WHERE series_id = ?1 AND day = b.day)", &p->count, err);
  return rc;
}

/* The id of S's series row, added if new (*FRESH); its exchange must be
 * S's. */
static int
series_id (evs_store *st, put_stmts *p, const char *path, const bars_series *s,
           int64_t *id, bool *fresh, evs_error *err)
{
  bool row;
  *fresh = false;
  sqlite3_reset (p->find);
  store_bind_text (p->find, 1, s->ticker);
  int rc = store_step_row (st, p->find, &row, err);
  if (rc == EVS_OK && row)
    {
      *id = sqlite3_column_int64 (p->find, 0);
      char code[16];
      snprintf (code, sizeof code, "%s", store_col_text (p->find, 1));
      sqlite3_reset (p->find);
      if (strcmp (code, s->x->code) != 0)
        {
          char q[96];
          return evs_fail (err, EVS_EDATA, "%s: '%s' is stored with exchange %s, these bars"
                           " are exchange %s's: give them another --ticker", path,
                           evs_quote (q, sizeof q, s->ticker, strlen (s->ticker)), code,
                           s->x->code);
        }
      return EVS_OK;
    }
  if (rc != EVS_OK)
    return rc;
  sqlite3_reset (p->add);
  store_bind_text (p->add, 1, s->ticker);
  store_bind_text (p->add, 2, s->x->code);
  rc = store_step_done (st, p->add, err);
  *id = sqlite3_last_insert_rowid (st->db);
  *fresh = true;
  return rc;
}

/* Whether session [I, K) of S (packed in BUF, START, OFF) is the latest
 * stored version of session DAY of series ID, byte for byte; *HAS
 * whether any version is stored. */
static int
same_as_stored (evs_store *st, put_stmts *p, int64_t id, int32_t day, int64_t start,
                int64_t off, const unsigned char *buf, size_t bytes, bool *has, bool *same,
                evs_error *err)
{
  sqlite3_reset (p->cur);
  sqlite3_bind_int64 (p->cur, 1, id);
  sqlite3_bind_int64 (p->cur, 2, day);
  int rc = store_step_row (st, p->cur, has, err);
  *same = false;
  if (rc == EVS_OK && *has)
    *same = sqlite3_column_int64 (p->cur, 0) == start
            && sqlite3_column_int64 (p->cur, 1) == off
            && (size_t) sqlite3_column_bytes (p->cur, 2) == bytes
            && memcmp (sqlite3_column_blob (p->cur, 2), buf, bytes) == 0;
  sqlite3_reset (p->cur);
  return rc;
}

/* Stores the sessions of S that changed, and a version row if any did. */
static int
put_series (evs_store *st, put_stmts *p, const char *path, const bars_series *s, int64_t gen,
            bar_store_change *ch, evs_error *err)
{
  int64_t id;
  bool fresh;
  memset (ch, 0, sizeof *ch);
  int rc = series_id (st, p, path, s, &id, &fresh, err);
  unsigned char *buf = evs_xmalloc ((s->n ? s->n : 1) * BAR_BYTES);
  for (size_t i = 0; rc == EVS_OK && i < s->n;)
    {
      size_t k = i + 1;
      while (k < s->n && s->session[k] == s->session[i])
        k++;
      int64_t off;
      if (!session_offset (s, i, k, &off))
        {
          char d[11];
          rc = evs_fail (err, EVS_EDATA, "%s: %s: session %s: its UTC offset changes during"
                         " trading hours", path, s->ticker, date_format (s->session[i], d));
          break;
        }
      pack_session (s, i, k, buf);
      /* A series added now has no stored session to compare with. */
      bool has = false, same = false;
      if (!fresh)
        rc = same_as_stored (st, p, id, s->session[i], s->t[i], off, buf, (k - i) * BAR_BYTES,
                             &has, &same, err);
      if (rc == EVS_OK && !same)
        {
          sqlite3_reset (p->ins);
          sqlite3_bind_int64 (p->ins, 1, id);
          sqlite3_bind_int64 (p->ins, 2, s->session[i]);
          sqlite3_bind_int64 (p->ins, 3, gen);
          sqlite3_bind_int64 (p->ins, 4, s->t[i]);
          sqlite3_bind_int64 (p->ins, 5, off);
          sqlite3_bind_int64 (p->ins, 6, (sqlite3_int64) (k - i));
          sqlite3_bind_blob (p->ins, 7, buf, (int) ((k - i) * BAR_BYTES), SQLITE_STATIC);
          rc = store_step_done (st, p->ins, err);
        }
      if (same)
        ch->same++;
      else if (has)
        ch->changed++;
      else
        ch->added++;
      i = k;
    }
  free (buf);
  if (rc != EVS_OK || (!ch->added && !ch->changed))
    return rc;
  bool row = false;
  int64_t bars = (int64_t) s->n;     /* a new series: its bars are all */
  if (!fresh)
    {
      sqlite3_reset (p->count);
      sqlite3_bind_int64 (p->count, 1, id);
      if ((rc = store_step_row (st, p->count, &row, err)) != EVS_OK)
        return rc;
      bars = row ? sqlite3_column_int64 (p->count, 0) : 0;
      sqlite3_reset (p->count);
    }
  sqlite3_reset (p->ver);
  sqlite3_bind_int64 (p->ver, 1, id);
  sqlite3_bind_int64 (p->ver, 2, gen);
  store_bind_text (p->ver, 3, s->layout);
  store_bind_text (p->ver, 4, store_base_name (s->source));
  sqlite3_bind_int64 (p->ver, 5, bars);
  return store_step_done (st, p->ver, err);
}

static int
need_v9 (evs_store *s, evs_error *err)
{
  if (s->version >= 9)
    return EVS_OK;
  return evs_fail (err, EVS_EUSAGE, "%s: a store of schema %lld holds no intraday bars"
                   " (evstudy intraday --db with --prices stores them)", s->path,
                   (long long) s->version);
}

int
bar_store_import (evs_store *s, const char *path, const char *hash, const bars_series *v,
                  size_t n, bar_store_change *ch, int64_t *gen, evs_error *err)
{
  *gen = 0;
  put_stmts p;
  int rc = need_v9 (s, err);
  if (rc != EVS_OK || (rc = store_begin (s, err)) != EVS_OK)
    return rc;
  int64_t g = 0;
  bool any = false;
  char hex[SHA256_HEX_SIZE];
  if (!hash)
    {
      char *buf;
      size_t len;
      evs_error e;
      hash = "-";
      if (strcmp (path, "-") != 0 && store_read_file (path, &buf, &len, &e) == EVS_OK)
        {
          hash = sha256_hex (buf, len, hex);
          free (buf);
        }
    }
  rc = store_add_import (s, "bars", store_base_name (path), hash, &g, err);
  if (rc == EVS_OK)
    rc = put_prepare (s, &p, err);
  for (size_t i = 0; rc == EVS_OK && i < n; i++)
    {
      rc = put_series (s, &p, path, &v[i], g, &ch[i], err);
      any = any || ch[i].added || ch[i].changed;
    }
  put_finalize (&p);
  if (rc == EVS_OK && any && (rc = store_commit (s, err)) == EVS_OK)
    *gen = g;
  store_rollback (s);   /* an error, or nothing changed: nothing written */
  return rc;
}

/* ----------------------------------------------------------- reading */

/* A read-only connection of its own to PATH (bar_store_read runs on
 * worker threads). */
static int
open_reader (const char *path, sqlite3 **db, evs_error *err)
{
  if (sqlite3_open_v2 (path, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK)
    {
      sqlite3_busy_timeout (*db, 30000);
      /* Blobs read through a map of the file, not copied page by page. */
      sqlite3_exec (*db, "PRAGMA mmap_size = 4294967296", NULL, NULL, NULL);
      return EVS_OK;
    }
  int rc = evs_fail (err, EVS_EIO, "%s: cannot open the database: %s", path,
                     *db ? sqlite3_errmsg (*db) : "out of memory");
  sqlite3_close (*db);
  *db = NULL;
  return rc;
}

static int
db_fail (sqlite3 *db, const char *path, evs_error *err)
{
  int code = sqlite3_errcode (db) & 0xff;
  return evs_fail (err, code == SQLITE_BUSY || code == SQLITE_LOCKED ? EVS_EBUSY
                   : code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? EVS_EDATA : EVS_EIO,
                   "%s: %s", path, sqlite3_errmsg (db));
}

/* Checks one session's blob (N bars, BYTES) and, with S, appends its bars
 * (S's arrays have room) with session DAY and their local minutes;
 * false if it is damaged.  *PREV is the last bar's start before it. */
static bool
get_session (bars_series *s, int64_t day, int64_t start, int64_t off, int64_t n,
             const unsigned char *p, int bytes, int64_t *prev)
{
  if (n <= 0 || n > 86400 || bytes != n * BAR_BYTES || off < -86400 || off > 86400
      || !store_day_valid ((int32_t) day) || start <= *prev)
    return false;
  int64_t last = -1;
  for (int64_t k = 0; k < n; k++, p += BAR_BYTES)
    {
      int64_t o = get_u32 (p), t = start + o, l = t + off - day * 86400;
      double c = get_f64 (p + 4), v = get_f64 (p + 12);
      if (o <= last || (k == 0 && o != 0) || l < 0 || l >= 86400 || !isfinite (c)
          || !(c > 0) || (!isnan (v) && !(v >= 0)))
        return false;
      last = o;
      if (s)
        {
          size_t i = s->n++;
          s->t[i] = t, s->close[i] = c, s->volume[i] = v;
          s->session[i] = (int32_t) day, s->minute[i] = (int16_t) (l / 60);
        }
    }
  *prev = start + last;
  return true;
}

/* The version of series TICKER as of GEN on DB: *ID, exchange, layout,
 * source, bars into S (strings owned). */
static int
read_version (sqlite3 *db, const char *path, const char *ticker, int64_t gen, int64_t *id,
              int64_t *bars, bars_series *s, evs_error *err)
{
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2 (db, "SELECT s.id, s.ticker, s.exchange, v.layout, v.source, v.bars"
                          " FROM bar_series s JOIN bar_versions v ON v.series_id = s.id"
                          " WHERE s.ticker = ?1 AND v.generation <= ?2"
                          " ORDER BY v.generation DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK)
    return db_fail (db, path, err);
  sqlite3_bind_text (st, 1, ticker, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 2, gen);
  int rc = sqlite3_step (st);
  if (rc != SQLITE_ROW)
    {
      sqlite3_finalize (st);
      if (rc != SQLITE_DONE)
        return db_fail (db, path, err);
      char q[96];
      return evs_fail (err, EVS_EUSAGE, "%s: no stored bars for '%s'", path,
                       evs_quote (q, sizeof q, ticker, strlen (ticker)));
    }
  *id = sqlite3_column_int64 (st, 0);
  *bars = sqlite3_column_int64 (st, 5);
  const char *code = (const char *) sqlite3_column_text (st, 2);
  s->ticker = evs_xstrdup ((const char *) sqlite3_column_text (st, 1));
  s->layout = evs_xstrdup ((const char *) sqlite3_column_text (st, 3));
  s->source = evs_xstrdup ((const char *) sqlite3_column_text (st, 4));
  s->x = code ? calendar_by_code (code) : NULL;
  sqlite3_finalize (st);
  char q[96];
  if (!s->x)
    return evs_fail (err, EVS_EDATA, "%s: %s: unknown exchange", path,
                     visible (q, sizeof q, s->ticker));
  if (*bars < 1 || *bars > 100000000)
    return evs_fail (err, EVS_EDATA, "%s: %s: damaged bar count %lld", path,
                     visible (q, sizeof q, s->ticker), (long long) *bars);
  return EVS_OK;
}

/* The sessions of series ID as of GEN, per session its latest version. */
#define SESSIONS_AS_OF \
  "SELECT day, start, utc_offset, n, data FROM bar_sessions b WHERE series_id = ?1" \
  " AND generation = (SELECT max (generation) FROM bar_sessions WHERE series_id = ?1" \
  " AND day = b.day AND generation <= ?2) ORDER BY day"

static int
damaged (const char *path, const char *ticker, int64_t day, evs_error *err)
{
  char d[11], q[96];
  return evs_fail (err, EVS_EDATA, "%s: %s: session %s: damaged bars", path,
                   visible (q, sizeof q, ticker),
                   store_day_valid ((int32_t) day) ? date_format ((int32_t) day, d) : "?");
}

static int
read_sessions (sqlite3 *db, const char *path, int64_t id, int64_t gen, int64_t bars,
               bars_series *s, evs_error *err)
{
  size_t cap = (size_t) bars;
  s->t = evs_xmalloc (cap * sizeof *s->t);
  s->close = evs_xmalloc (cap * sizeof *s->close);
  s->volume = evs_xmalloc (cap * sizeof *s->volume);
  s->session = evs_xmalloc (cap * sizeof *s->session);
  s->minute = evs_xmalloc (cap * sizeof *s->minute);
  s->cap = cap;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2 (db, SESSIONS_AS_OF, -1, &st, NULL) != SQLITE_OK)
    return db_fail (db, path, err);
  sqlite3_bind_int64 (st, 1, id);
  sqlite3_bind_int64 (st, 2, gen);
  int rc;
  int64_t prev = INT64_MIN;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      int64_t day = sqlite3_column_int64 (st, 0), n = sqlite3_column_int64 (st, 3);
      /* The count is checked before the blob is unpacked into arrays of
       * the version's size. */
      if (n < 1 || (uint64_t) n > cap - s->n
          || !get_session (s, day, sqlite3_column_int64 (st, 1), sqlite3_column_int64 (st, 2),
                           n, sqlite3_column_blob (st, 4), sqlite3_column_bytes (st, 4), &prev))
        {
          sqlite3_finalize (st);
          return damaged (path, s->ticker, day, err);
        }
    }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    return db_fail (db, path, err);
  char q[96];
  if (s->n != cap)
    return evs_fail (err, EVS_EDATA, "%s: %s: %zu bars stored, its version says %lld", path,
                     visible (q, sizeof q, s->ticker), s->n, (long long) bars);
  /* The bar length as bars_finish sets it: the smallest step between two
   * bars of one session, 60 s if no session has two. */
  int64_t len = 0;
  for (size_t i = 1; i < s->n; i++)
    if (s->session[i] == s->session[i - 1] && (len == 0 || s->t[i] - s->t[i - 1] < len))
      len = s->t[i] - s->t[i - 1];
  s->len = len > 0 && len <= 86400 ? (int32_t) len : 60;
  return EVS_OK;
}

/* TICKER's version as of GEN from the store at PATH on a connection of
 * its own, with its sessions' bars when SESSIONS (else the stub). */
static int
read_series (const char *path, const char *ticker, int64_t gen, bool sessions,
             bars_series *s, evs_error *err)
{
  sqlite3 *db;
  bars_init (s);
  int rc = open_reader (path, &db, err);
  int64_t id, bars;
  if (rc == EVS_OK)
    rc = read_version (db, path, ticker, gen, &id, &bars, s, err);
  if (rc == EVS_OK && sessions)
    rc = read_sessions (db, path, id, gen, bars, s, err);
  sqlite3_close (db);
  if (rc != EVS_OK)
    bars_release (s);
  return rc;
}

int
bar_store_read (const char *path, const char *ticker, int64_t gen, bars_series *s,
                evs_error *err)
{
  return read_series (path, ticker, gen, true, s, err);
}

int
bar_store_read_stub (const char *path, const char *ticker, int64_t gen, bars_series *s,
                     evs_error *err)
{
  return read_series (path, ticker, gen, false, s, err);
}

int
bar_store_stub (evs_store *s, const char *ticker, int64_t gen, bars_series *out,
                evs_error *err)
{
  int64_t id, bars;
  bars_init (out);
  int rc = need_v9 (s, err);
  if (rc == EVS_OK)
    rc = read_version (s->db, s->path, ticker, gen, &id, &bars, out, err);
  if (rc != EVS_OK)
    bars_release (out);
  return rc;
}

/* TICKER without a leading '^' and up to the first '.'. */
static size_t
bare (const char *t, const char **from)
{
  *from = t + (*t == '^');
  const char *dot = strchr (*from, '.');
  return dot ? (size_t) (dot - *from) : strlen (*from);
}

void
bar_store_suggest (evs_store *s, const char *ticker, char *buf, size_t size)
{
  sqlite3_stmt *st;
  *buf = '\0';
  if (s->version < 9 || store_prep (s, "SELECT ticker FROM bar_series ORDER BY id", &st, NULL))
    return;
  const char *a, *b;
  size_t na = bare (ticker, &a);
  while (sqlite3_step (st) == SQLITE_ROW && !*buf)
    {
      const char *t = store_col_text (st, 0);
      size_t nb = bare (t, &b);
      if (na == nb && strncasecmp (a, b, na) == 0)
        snprintf (buf, size, "%s", t);
    }
  sqlite3_finalize (st);
}

/* -------------------------------------------------------------- runs */

/* A result packed: int32 position in the run's output, event index,
 * market (series index, -1 none), window count, ok, reason length, then
 * the reason's bytes; int64 t0, n_est, est_first, est_last, fit.T; the
 * fit's doubles (FIT_DOUBLES); int32 nars, then per AR int32 rel,
 * overnight, int64 t, from, and seven doubles; int32 ncars, then per CAR
 * int32 window, first, last, int64 L, t_first, t_last, and five
 * doubles.  Little-endian, doubles bit for bit. */
#define FIT_DOUBLES 9
#define HEAD_BYTES (6 * 4 + 5 * 8 + FIT_DOUBLES * 8 + 4)
#define AR_BYTES (2 * 4 + 2 * 8 + 7 * 8)
#define CAR_BYTES (3 * 4 + 3 * 8 + 5 * 8 + 4)

typedef bar_packed packer;

static unsigned char *
room (packer *p, size_t k)
{
  if (p->n + k > p->cap)
    {
      p->cap = p->cap * 2 > p->n + k ? p->cap * 2 : p->n + k + 4096;
      p->b = evs_xrealloc (p->b, p->cap);
    }
  unsigned char *at = p->b + p->n;
  p->n += k;
  return at;
}

static void
pack_i32 (packer *p, int64_t v)
{
  put_u32 (room (p, 4), (uint32_t) (int32_t) v);
}

static void
pack_i64 (packer *p, int64_t v)
{
  put_u64 (room (p, 8), (uint64_t) v);
}

static void
pack_f64 (packer *p, double x)
{
  put_f64 (room (p, 8), x);
}

static void
fit_doubles (const model_fit *f, double *x)
{
  double v[FIT_DOUBLES] = { f->alpha, f->beta, f->sigma, f->r2, f->df, f->c00, f->c01,
                            f->c11, (double) f->kind };
  memcpy (x, v, sizeof v);
}

static void
pack_result (packer *p, size_t pos, const bar_result *r, const evs_event *events,
             const bars_series *series, const bar_window *win)
{
  size_t rl = strlen (r->reason);
  pack_i32 (p, (int64_t) pos);
  pack_i32 (p, r->event - events);
  pack_i32 (p, r->m ? r->m - series : -1);
  pack_i32 (p, 0);
  pack_i32 (p, r->ok);
  pack_i32 (p, (int64_t) rl);
  memcpy (room (p, rl), r->reason, rl);
  int64_t h[] = { r->t0, (int64_t) r->n_est, r->est_first, r->est_last, (int64_t) r->fit.T };
  for (int i = 0; i < 5; i++)
    pack_i64 (p, h[i]);
  double f[FIT_DOUBLES];
  fit_doubles (&r->fit, f);
  for (int i = 0; i < FIT_DOUBLES; i++)
    pack_f64 (p, f[i]);
  pack_i32 (p, (int64_t) r->nars);
  for (size_t d = 0; d < r->nars; d++)
    {
      const bar_ar *a = &r->ars[d];
      pack_i32 (p, a->rel);
      pack_i32 (p, a->overnight);
      pack_i64 (p, a->t);
      pack_i64 (p, a->from);
      double v[] = { a->r, a->rm, a->expected, a->ar, a->se, a->t_stat, a->p };
      for (int i = 0; i < 7; i++)
        pack_f64 (p, v[i]);
    }
  pack_i32 (p, (int64_t) r->ncars);
  for (size_t w = 0; w < r->ncars; w++)
    {
      const bar_car *c = &r->cars[w];
      pack_i32 (p, c->w - win);
      pack_i32 (p, c->first);
      pack_i32 (p, c->last);
      pack_i64 (p, (int64_t) c->L);
      pack_i64 (p, c->t_first);
      pack_i64 (p, c->t_last);
      double v[] = { c->car, c->se, c->t_stat, c->df, c->p };
      for (int i = 0; i < 5; i++)
        pack_f64 (p, v[i]);
      pack_i32 (p, 0);
    }
}

static int
insert_bar_run (evs_store *s, const store_run_meta *m, const char *model, const char *measure,
                bool ars, size_t nres, int64_t *id, evs_error *err)
{
  sqlite3_stmt *q;
  int rc = store_prep (s, "INSERT INTO runs (status, evstudy, started, finished, rerun_of,"
                       " generation, event_set, model, returns, est_start, est_end,"
                       " min_estimation, ar_start, ar_end, n_results, measure, kind, bar_ars)"
                       " VALUES ('ok', ?1, ?2, ?3, ?4, ?5, ?6, ?7, 'simple', 0, 0, 0, 0, 0,"
                       " ?8, ?9, 'intraday', ?10)", &q, err);
  if (rc != EVS_OK)
    return rc;
  store_bind_run_meta (q, m);
  store_bind_text (q, 7, model);
  sqlite3_bind_int64 (q, 8, (sqlite3_int64) nres);
  store_bind_text (q, 9, measure);
  sqlite3_bind_int (q, 10, ars);
  rc = store_step_done (s, q, err);
  sqlite3_finalize (q);
  *id = sqlite3_last_insert_rowid (s->db);
  if (rc != EVS_OK)
    return rc;
  rc = store_prep (s, "INSERT INTO run_args (run_id, pos, arg) VALUES (?1, ?2, ?3)", &q, err);
  for (size_t i = 0; rc == EVS_OK && i < m->nargs; i++)
    {
      sqlite3_reset (q);
      sqlite3_bind_int64 (q, 1, *id);
      sqlite3_bind_int64 (q, 2, (sqlite3_int64) i);
      store_bind_text (q, 3, m->args[i]);
      rc = store_step_done (s, q, err);
    }
  sqlite3_finalize (q);
  return rc;
}

void
bar_packed_add (bar_packed *p, size_t pos, const bar_result *r, const evs_event *events,
                const bars_series *series, const bar_window *win)
{
  pack_result (p, pos, r, events, series, win);
  p->pairs++;
  p->ok += r->ok;
}

int
bar_store_record_run (evs_store *s, const store_run_meta *m, const char *model,
                      const char *measure, bool ars, const bars_series *series,
                      const bool *is_market, size_t n, const evs_event *events,
                      const bar_window *win, size_t nwin, const bar_result *res,
                      size_t nres, int64_t *run_id, evs_error *err)
{
  (void) nwin;
  bar_packed *packs = evs_xcalloc (n ? n : 1, sizeof *packs);
  for (size_t i = 0; i < nres; i++)
    bar_packed_add (&packs[res[i].s - series], i, &res[i], events, series, win);
  int rc = bar_store_record_packed (s, m, model, measure, ars, series, is_market, n, packs,
                                    nres, run_id, err);
  for (size_t k = 0; k < n; k++)
    free (packs[k].b);
  free (packs);
  return rc;
}

int
bar_store_record_packed (evs_store *s, const store_run_meta *m, const char *model,
                         const char *measure, bool ars, const bars_series *series,
                         const bool *is_market, size_t n, const bar_packed *packs,
                         size_t nres, int64_t *run_id, evs_error *err)
{
  *run_id = 0;
  int rc = need_v9 (s, err);
  if (rc != EVS_OK || (rc = store_begin (s, err)) != EVS_OK)
    return rc;
  int64_t id = 0;
  rc = insert_bar_run (s, m, model, measure, ars, nres, &id, err);
  sqlite3_stmt *q = NULL;
  if (rc == EVS_OK)
    rc = store_prep (s, "INSERT INTO bar_results (run_id, pos, ticker, market, pairs, ok, data)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &q, err);
  for (size_t k = 0; rc == EVS_OK && k < n; k++)
    {
      sqlite3_bind_int64 (q, 1, id);
      sqlite3_bind_int64 (q, 2, (sqlite3_int64) k);
      store_bind_text (q, 3, series[k].ticker);
      sqlite3_bind_int (q, 4, is_market[k]);
      sqlite3_bind_int64 (q, 5, (sqlite3_int64) packs[k].pairs);
      sqlite3_bind_int64 (q, 6, (sqlite3_int64) packs[k].ok);
      sqlite3_bind_blob (q, 7, packs[k].b ? (const void *) packs[k].b : "", (int) packs[k].n,
                         SQLITE_STATIC);
      rc = store_step_done (s, q, err);
    }
  sqlite3_finalize (q);
  if (rc == EVS_OK && (rc = store_commit (s, err)) == EVS_OK)
    *run_id = id;
  store_rollback (s);
  return rc;
}

int
bar_store_is_intraday (evs_store *s, int64_t id, bool *intraday, evs_error *err)
{
  sqlite3_stmt *q;
  bool row;
  *intraday = false;
  int rc = store_prep (s, s->version >= 9 ? "SELECT kind = 'intraday' FROM runs WHERE id = ?1"
                       : "SELECT 0 FROM runs WHERE id = ?1", &q, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (q, 1, id);
  rc = store_step_row (s, q, &row, err);
  if (rc == EVS_OK && !row)
    rc = evs_fail (err, EVS_EUSAGE, "%s: no run %lld (see evstudy history)", s->path,
                   (long long) id);
  if (rc == EVS_OK)
    *intraday = sqlite3_column_int (q, 0) != 0;
  sqlite3_finalize (q);
  return rc;
}

/* Unpacking one series' blob, each value checked: damage is EVS_EDATA,
 * never a read past the blob, a huge allocation or a wild pointer. */
typedef struct unpacker {
  const unsigned char *b;
  size_t n, at;
  bool bad;
} unpacker;

static const unsigned char *
take (unpacker *u, size_t k)
{
  if (u->bad || k > u->n - u->at)
    {
      u->bad = true;
      return NULL;
    }
  const unsigned char *p = u->b + u->at;
  u->at += k;
  return p;
}

static int64_t
take_i32 (unpacker *u)
{
  const unsigned char *p = take (u, 4);
  return p ? (int64_t) (int32_t) get_u32 (p) : 0;
}

static int64_t
take_i64 (unpacker *u)
{
  const unsigned char *p = take (u, 8);
  return p ? (int64_t) get_u64 (p) : 0;
}

static double
take_f64 (unpacker *u)
{
  const unsigned char *p = take (u, 8);
  return p ? get_f64 (p) : NAN;
}

/* Where the unpacked results go; NULL arrays: only checked. */
typedef struct run_shape {
  const bars_series *series;
  size_t n;
  const evs_event *events;
  size_t nevents;
  const bar_window *win;
  size_t nwin;
  bar_result *res;       /* NRES slots, or NULL */
  bool *filled;
  size_t nres;
} run_shape;

/* The rest of a result at output position POS (read) of series K from U
 * into R; KEEP: R's arrays kept (else released: a check). */
static bool unpack_body (unpacker *u, const run_shape *sh, size_t k, bar_result *r, bool keep);

/* One result of series K from U into its slot. */
static bool
unpack_result (unpacker *u, const run_shape *sh, size_t k)
{
  int64_t pos = take_i32 (u);
  if (u->bad || pos < 0 || (size_t) pos >= sh->nres || sh->filled[pos])
    return false;
  sh->filled[pos] = true;
  bar_result tmp;
  return unpack_body (u, sh, k, sh->res ? &sh->res[pos] : &tmp, sh->res != NULL);
}

static bool
unpack_body (unpacker *u, const run_shape *sh, size_t k, bar_result *r, bool keep)
{
  int64_t ev = take_i32 (u), m = take_i32 (u);
  take_i32 (u);
  int64_t ok = take_i32 (u), rl = take_i32 (u);
  memset (r, 0, sizeof *r);
  if (u->bad || ev < 0 || (size_t) ev >= sh->nevents || m < -1 || m >= (int64_t) sh->n
      || (ok != 0 && ok != 1) || rl < 0 || rl >= 200)
    return false;
  const unsigned char *reason = take (u, (size_t) rl);
  if (reason)
    memcpy (r->reason, reason, (size_t) rl);
  r->event = sh->events ? &sh->events[ev] : NULL;
  r->s = sh->series ? &sh->series[k] : NULL;
  r->m = m >= 0 && sh->series ? &sh->series[m] : NULL;
  r->ok = ok;
  r->t0 = take_i64 (u);
  r->n_est = (size_t) take_i64 (u);
  r->est_first = take_i64 (u);
  r->est_last = take_i64 (u);
  r->fit.T = (size_t) take_i64 (u);
  double f[FIT_DOUBLES];
  for (int i = 0; i < FIT_DOUBLES; i++)
    f[i] = take_f64 (u);
  r->fit.alpha = f[0], r->fit.beta = f[1], r->fit.sigma = f[2], r->fit.r2 = f[3];
  r->fit.df = f[4], r->fit.c00 = f[5], r->fit.c01 = f[6], r->fit.c11 = f[7];
  r->fit.kind = f[8] == MODEL_MARKET ? MODEL_MARKET : MODEL_MEAN;
  int64_t nars = take_i32 (u);
  if (u->bad || nars < 0 || (uint64_t) nars > (u->n - u->at) / AR_BYTES)
    return false;
  r->nars = (size_t) nars;
  r->ars = keep && nars ? evs_xcalloc ((size_t) nars, sizeof *r->ars) : NULL;
  long prev_rel = 0;
  for (int64_t d = 0; d < nars; d++)
    {
      bar_ar a;
      a.rel = (long) take_i32 (u);
      a.overnight = take_i32 (u) != 0;
      a.t = take_i64 (u);
      a.from = take_i64 (u);
      double *v[] = { &a.r, &a.rm, &a.expected, &a.ar, &a.se, &a.t_stat, &a.p };
      for (int i = 0; i < 7; i++)
        *v[i] = take_f64 (u);
      if (d && a.rel <= prev_rel)
        {
          bar_result_release (r);
          return false;
        }
      prev_rel = a.rel;
      if (r->ars)
        r->ars[d] = a;
    }
  int64_t ncars = take_i32 (u);
  if (u->bad || ncars < 0 || (uint64_t) ncars > (u->n - u->at) / CAR_BYTES)
    {
      bar_result_release (r);
      return false;
    }
  r->ncars = (size_t) ncars;
  r->cars = keep && ncars ? evs_xcalloc ((size_t) ncars, sizeof *r->cars) : NULL;
  for (int64_t w = 0; w < ncars; w++)
    {
      bar_car c;
      int64_t wi = take_i32 (u);
      if (wi < 0 || (size_t) wi >= sh->nwin)
        {
          bar_result_release (r);
          return false;
        }
      c.w = sh->win ? &sh->win[wi] : NULL;
      c.first = (long) take_i32 (u);
      c.last = (long) take_i32 (u);
      c.L = (size_t) take_i64 (u);
      c.t_first = take_i64 (u);
      c.t_last = take_i64 (u);
      double *v[] = { &c.car, &c.se, &c.t_stat, &c.df, &c.p };
      for (int i = 0; i < 5; i++)
        *v[i] = take_f64 (u);
      take_i32 (u);
      if (r->cars)
        r->cars[w] = c;
    }
  if (!keep || u->bad)
    bar_result_release (r);
  return !u->bad;
}

bool
bar_packed_next (const bar_packed *p, size_t *at, const bars_series *series, size_t n,
                 size_t k, const evs_event *events, size_t nevents, const bar_window *win,
                 size_t nwin, bar_result *r, size_t *pos)
{
  unpacker u = { p->b, p->n, *at, false };
  int64_t want = take_i32 (&u);
  run_shape sh = { series, n, events, nevents, win, nwin, NULL, NULL, 0 };
  if (u.bad || want < 0 || !unpack_body (&u, &sh, k, r, true))
    return false;
  *pos = (size_t) want;
  *at = u.at;
  return true;
}

/* Unpacks run ID's bar_results rows into SH. */
static int
unpack_run (evs_store *s, int64_t id, run_shape *sh, evs_error *err)
{
  sqlite3_stmt *q;
  bool row;
  int rc = store_prep (s, "SELECT pos, ticker, pairs, ok, data FROM bar_results"
                       " WHERE run_id = ?1 ORDER BY pos", &q, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (q, 1, id);
  size_t k = 0;
  while ((rc = store_step_row (s, q, &row, err)) == EVS_OK && row)
    {
      int64_t pairs;
      if (sqlite3_column_int64 (q, 0) != (int64_t) k || k >= sh->n
          || !store_col_int (q, 2, 0, (int64_t) sh->nres, &pairs)
          || sqlite3_column_type (q, 4) != SQLITE_BLOB)
        {
          rc = store_bad_run (s, id, err, "result row %zu is damaged", k);
          break;
        }
      if (sh->series && strcmp (store_col_text (q, 1), sh->series[k].ticker) != 0)
        {
          char t[96];
          rc = store_bad_run (s, id, err, "result row %zu is not series %s's", k,
                            visible (t, sizeof t, sh->series[k].ticker));
          break;
        }
      unpacker u = { sqlite3_column_blob (q, 4), (size_t) sqlite3_column_bytes (q, 4), 0,
                     false };
      char t[96];
      visible (t, sizeof t, store_col_text (q, 1));
      for (int64_t j = 0; j < pairs && rc == EVS_OK; j++)
        if (!unpack_result (&u, sh, k))
          rc = store_bad_run (s, id, err, "series %zu (%s): result %lld is damaged", k, t,
                            (long long) j);
      if (rc == EVS_OK && u.at != u.n)
        rc = store_bad_run (s, id, err, "series %zu (%s): %zu bytes after its results", k, t,
                          u.n - u.at);
      if (rc != EVS_OK)
        break;
      k++;
    }
  sqlite3_finalize (q);
  if (rc == EVS_OK && k != sh->n)
    rc = store_bad_run (s, id, err, "%zu result rows for %zu series", k, sh->n);
  for (size_t i = 0; rc == EVS_OK && i < sh->nres; i++)
    if (!sh->filled[i])
      rc = store_bad_run (s, id, err, "result %zu is missing", i);
  return rc;
}

/* The count of results of run ID (runs.n_results) and whether they hold
 * ARs (runs.bar_ars), checked. */
static int
run_count (evs_store *s, int64_t id, size_t *nres, bool *ars, evs_error *err)
{
  sqlite3_stmt *q;
  bool row;
  int64_t n = 0, a = 0;
  int rc = store_prep (s, "SELECT n_results, bar_ars FROM runs WHERE id = ?1", &q, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (q, 1, id);
  rc = store_step_row (s, q, &row, err);
  if (rc == EVS_OK && (!row || !store_col_int (q, 0, 0, 100000000, &n)
                       || !store_col_int (q, 1, 0, 1, &a)))
    rc = store_bad_run (s, id, err, "damaged result count");
  sqlite3_finalize (q);
  *nres = (size_t) n;
  *ars = a != 0;
  return rc;
}

int
bar_store_load_results (evs_store *s, int64_t id, const bars_series *series, size_t n,
                        const evs_event *events, size_t nevents, const bar_window *win,
                        size_t nwin, bool *ars, bar_result **res, size_t *nres,
                        evs_error *err)
{
  *res = NULL;
  *nres = 0;
  size_t m;
  int rc = run_count (s, id, &m, ars, err);
  if (rc != EVS_OK)
    return rc;
  run_shape sh = { series, n, events, nevents, win, nwin,
                   evs_xcalloc (m ? m : 1, sizeof (bar_result)),
                   evs_xcalloc (m ? m : 1, sizeof (bool)), m };
  rc = unpack_run (s, id, &sh, err);
  free (sh.filled);
  if (rc != EVS_OK)
    {
      for (size_t i = 0; i < m; i++)
        bar_result_release (&sh.res[i]);
      free (sh.res);
      return rc;
    }
  *res = sh.res;
  *nres = m;
  return EVS_OK;
}

/* history --check of intraday run ID: its results unpack against its
 * event set's size and its series count. */
static int
check_run (evs_store *s, int64_t id, evs_error *err)
{
  sqlite3_stmt *q;
  bool row;
  size_t m;
  bool ars;
  int64_t nev = 0, ns = 0;
  int rc = run_count (s, id, &m, &ars, err);
  if (rc == EVS_OK)
    rc = store_prep (s, "SELECT (SELECT count (*) FROM events e WHERE e.set_id = r.event_set),"
                     " (SELECT count (*) FROM bar_results b WHERE b.run_id = r.id)"
                     " FROM runs r WHERE r.id = ?1", &q, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (q, 1, id);
  if ((rc = store_step_row (s, q, &row, err)) == EVS_OK && row)
    nev = sqlite3_column_int64 (q, 0), ns = sqlite3_column_int64 (q, 1);
  sqlite3_finalize (q);
  if (rc != EVS_OK)
    return rc;
  run_shape sh = { NULL, (size_t) ns, NULL, (size_t) nev, NULL, 64, NULL,
                   evs_xcalloc (m ? m : 1, sizeof (bool)), m };
  rc = unpack_run (s, id, &sh, err);
  free (sh.filled);
  return rc;
}

/* history --check of every stored session: it decodes. */
static int
check_sessions (evs_store *s, evs_error *err)
{
  sqlite3_stmt *q;
  bool row;
  int rc = store_prep (s, "SELECT b.series_id, s.ticker, b.day, b.start, b.utc_offset, b.n,"
                       " b.data FROM bar_sessions b JOIN bar_series s ON s.id = b.series_id"
                       " ORDER BY b.series_id, b.day, b.generation", &q, err);
  if (rc != EVS_OK)
    return rc;
  while ((rc = store_step_row (s, q, &row, err)) == EVS_OK && row)
    {
      int64_t prev = INT64_MIN;
      if (sqlite3_column_type (q, 6) != SQLITE_BLOB
          || !get_session (NULL, sqlite3_column_int64 (q, 2), sqlite3_column_int64 (q, 3),
                           sqlite3_column_int64 (q, 4), sqlite3_column_int64 (q, 5),
                           sqlite3_column_blob (q, 6), sqlite3_column_bytes (q, 6), &prev))
        {
          rc = damaged (s->path, store_col_text (q, 1), sqlite3_column_int64 (q, 2), err);
          break;
        }
    }
  sqlite3_finalize (q);
  return rc;
}

int
bar_store_check (evs_store *s, evs_error *err)
{
  if (s->version < 9)
    return EVS_OK;
  int rc = check_sessions (s, err);
  sqlite3_stmt *q = NULL;
  bool row;
  /* Each version's count is its sessions' as of it (bar_store_read
   * relies on it to size its arrays). */
  if (rc == EVS_OK)
    rc = store_prep (s, "SELECT s.ticker, v.generation, v.bars, (SELECT coalesce (sum (n), 0)"
                     " FROM bar_sessions b WHERE b.series_id = v.series_id AND b.generation ="
                     " (SELECT max (generation) FROM bar_sessions WHERE series_id = v.series_id"
                     " AND day = b.day AND generation <= v.generation)) AS n FROM bar_versions v"
                     " JOIN bar_series s ON s.id = v.series_id WHERE v.bars IS NOT n LIMIT 1",
                     &q, err);
  char t[96];
  if (rc == EVS_OK && (rc = store_step_row (s, q, &row, err)) == EVS_OK && row)
    rc = store_bad (s, err, "%s: version of import %lld says %lld bars, its sessions hold %lld",
                    visible (t, sizeof t, store_col_text (q, 0)),
                    (long long) sqlite3_column_int64 (q, 1),
                    (long long) sqlite3_column_int64 (q, 2),
                    (long long) sqlite3_column_int64 (q, 3));
  sqlite3_finalize (q);
  q = NULL;
  if (rc == EVS_OK)
    rc = store_prep (s, "SELECT id FROM runs WHERE kind = 'intraday' ORDER BY id", &q, err);
  while (rc == EVS_OK && (rc = store_step_row (s, q, &row, err)) == EVS_OK && row)
    rc = check_run (s, sqlite3_column_int64 (q, 0), err);
  sqlite3_finalize (q);
  return rc;
}
