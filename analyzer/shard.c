/* shard.c -- writing and reading shard files (see shard.h). */
#include <config.h>
#include "shard.h"

#include "date.h"
#include "pool.h"
#include "store.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

uint64_t
shard_hash (const char *ticker)
{
  /* FNV-1a 64: offset basis 14695981039346656037, prime 1099511628211. */
  uint64_t h = 14695981039346656037u;
  for (const unsigned char *p = (const unsigned char *) ticker; *p; p++)
    {
      unsigned char c = *p >= 'A' && *p <= 'Z' ? (unsigned char) (*p + 32) : *p;
      h ^= c;
      h *= 1099511628211u;
    }
  return h;
}

unsigned
shard_of (const char *ticker, unsigned n)
{
  return (unsigned) (shard_hash (ticker) % n);
}

/* ------------------------------------------------------------ hashing */

/* The checksum and the data hash: a 64-bit hash of 64-bit words, each
 * mixed in by h = (h ^ w) * 0x9E3779B97F4A7C15 (the golden ratio's
 * 64-bit fraction, Knuth's multiplicative hashing), then h ^= h >> 29,
 * so that every bit of every word reaches the whole state.  Values are
 * mixed as numbers (a double's IEEE bits, a date's day number), never
 * as memory, so the hash is the same on every machine.  It detects
 * damage and mismatched inputs, not tampering: it is not cryptographic,
 * and it is fast (SHA-256 of a 5,000-security run's data took seconds). */
static void
mix (uint64_t *h, uint64_t w)
{
  *h ^= w;
  *h *= 0x9E3779B97F4A7C15u;
  *h ^= *h >> 29;
}

/* The little-endian 64-bit word at B: one load where the machine is
 * little-endian (the decoding and checksum of a merge's pair blobs read
 * millions), else assembled byte by byte; the same number either way. */
static inline uint64_t
le64 (const unsigned char *b)
{
  uint64_t w = 0;
#if defined __BYTE_ORDER__ && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  memcpy (&w, b, 8);
#else
  for (int k = 0; k < 8; k++)
    w |= (uint64_t) b[k] << (8 * k);
#endif
  return w;
}

static inline uint32_t
le32 (const unsigned char *b)
{
  uint32_t w = 0;
#if defined __BYTE_ORDER__ && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  memcpy (&w, b, 4);
#else
  for (int k = 0; k < 4; k++)
    w |= (uint32_t) b[k] << (8 * k);
#endif
  return w;
}

/* BUF as little-endian words (the last one padded with zeros), then its
 * length. */
static void
mix_bytes (uint64_t *h, const unsigned char *b, size_t n)
{
  size_t i = 0;
  for (; i + 8 <= n; i += 8)
    mix (h, le64 (b + i));
  uint64_t w = 0;
  for (int k = 0; i + (size_t) k < n; k++)
    w |= (uint64_t) b[i + (size_t) k] << (8 * k);
  mix (h, w);
  mix (h, n);
}

/* A chain of parts: each part's hash mixed into the whole. */
typedef struct chain {
  uint64_t h;
} chain;

/* The hash of one part, which chain_add mixes into the whole: the
 * parts' hashes can be computed on several threads, then chained in
 * order. */
static uint64_t
part_hash (const void *buf, size_t len)
{
  uint64_t p = 0x243F6A8885A308D3u;   /* pi's fraction: any odd start */
  mix_bytes (&p, buf, len);
  return p;
}

static void
chain_add (chain *c, const void *buf, size_t len)
{
  mix (&c->h, part_hash (buf, len));
}

static void
chain_end (chain *c, char hex[SHA256_HEX_SIZE])
{
  snprintf (hex, SHA256_HEX_SIZE, "%016" PRIx64, c->h);
  c->h = 0;
}

/* ------------------------------------------------- little-endian bytes */

typedef struct buf {
  unsigned char *b;
  size_t n, cap;
} buf;

static void
put (buf *o, const void *p, size_t len)
{
  evs_grow ((void **) &o->b, &o->cap, o->n + len, 1);
  memcpy (o->b + o->n, p, len);
  o->n += len;
}

static void
put_u64 (buf *o, uint64_t v)
{
  unsigned char b[8];
  for (int k = 0; k < 8; k++)
    b[k] = (unsigned char) (v >> (8 * k));
  put (o, b, 8);
}

static void
put_i32 (buf *o, int32_t v)
{
  unsigned char b[4];
  uint32_t u = (uint32_t) v;
  for (int k = 0; k < 4; k++)
    b[k] = (unsigned char) (u >> (8 * k));
  put (o, b, 4);
}

static void
put_f64 (buf *o, double x)
{
  uint64_t u;
  memcpy (&u, &x, 8);
  put_u64 (o, u);
}

static void
put_f64s (buf *o, const double *x, size_t n)
{
  for (size_t i = 0; i < n; i++)
    put_f64 (o, x[i]);
}

/* A reader of such bytes: every get checks the length first. */
typedef struct rd {
  const unsigned char *b;
  size_t n, at;
  bool bad;
} rd;

static bool
has (rd *r, size_t len)
{
  if (r->bad || len > r->n - r->at)
    r->bad = true;
  return !r->bad;
}

static uint64_t
get_u64 (rd *r)
{
  if (!has (r, 8))
    return 0;
  uint64_t v = le64 (r->b + r->at);
  r->at += 8;
  return v;
}

static int32_t
get_i32 (rd *r)
{
  if (!has (r, 4))
    return 0;
  uint32_t v = le32 (r->b + r->at);
  r->at += 4;
  return (int32_t) v;
}

static double
get_f64 (rd *r)
{
  uint64_t u = get_u64 (r);
  double x;
  memcpy (&x, &u, 8);
  return x;
}

/* A count of items of SIZE bytes each that the rest can hold. */
static size_t
get_count (rd *r, size_t size)
{
  uint64_t v = get_u64 (r);
  if (r->bad || v > (r->n - r->at) / size)
    {
      r->bad = true;
      return 0;
    }
  return (size_t) v;
}

/* ------------------------------------------------- a result as bytes */

#define DAY_BYTES (8 + 7 * 8)
#define CAR_BYTES (16 + 6 * 8)


static void
put_fit (buf *o, const model_fit *f)
{
  put_u64 (o, (uint64_t) f->kind);
  put_u64 (o, f->T);
  put_u64 (o, f->k);
  put_u64 (o, f->iterations);
  double v[] = { f->alpha, f->beta, f->sigma, f->r2, f->df, f->c00, f->c01, f->c11 };
  put_f64s (o, v, 8);
  /* The model's k coefficients and their k x k covariance only. */
  size_t k = f->k <= MODEL_MAX_K ? f->k : MODEL_MAX_K;
  put_f64s (o, f->theta, k);
  for (size_t i = 0; i < k; i++)
    put_f64s (o, f->cov[i], k);
  double g[] = { f->omega, f->arch, f->garch, f->h_next, f->loglik };
  put_f64s (o, g, 5);
}

/* A result's head (the pairs' pair column): its event row and input,
 * status, warnings, reason, fit, CARs and confounders: all that a merge
 * copying the shards' CSV text reads. */
static void
put_head (buf *o, size_t event_row, size_t input, const study_result *x)
{
  put_u64 (o, event_row);
  put_u64 (o, input);
  put_u64 (o, x->status == STUDY_OK);
  put_u64 (o, x->has_day0);
  int32_t d[] = { x->day0, x->est_first, x->est_last, (int32_t) x->warn, x->gap_day,
                  x->jump_day, x->gap_days, x->gap_date, x->jump_date };
  for (int i = 0; i < 9; i++)
    put_i32 (o, d[i]);
  put_f64 (o, x->jump);
  size_t rl = strlen (x->reason);
  put_u64 (o, rl);
  put (o, x->reason, rl);
  put_u64 (o, x->zero_n);
  put_i32 (o, x->zero_date);
  put_fit (o, &x->fit);
  put_u64 (o, x->ncars);
  for (size_t i = 0; i < x->ncars; i++)
    {
      const study_car *c = &x->cars[i];
      int32_t w[] = { c->w.a, c->w.b, c->first, c->last };
      for (int k = 0; k < 4; k++)
        put_i32 (o, w[k]);
      double v[] = { c->car, c->se, c->t, c->df, c->p, c->bhar };
      put_f64s (o, v, 6);
    }
  put_u64 (o, x->nconf_total);
  put_u64 (o, x->nconf);
  for (size_t i = 0; i < x->nconf; i++)
    {
      put_u64 (o, x->conf[i]->row);
      put_i32 (o, x->conf_day[i]);
    }
}

/* The rest of a result (the pairs' detail column): the reported days,
 * the history the aggregate reads, the estimation ARs and the CAR path. */
static void
put_detail (buf *o, const study_result *x)
{
  put_u64 (o, x->ndays);
  for (size_t i = 0; i < x->ndays; i++)
    {
      const study_day *y = &x->days[i];
      put_i32 (o, y->day);
      put_i32 (o, y->date);
      double v[] = { y->ret, y->mret, y->expected, y->ar, y->se, y->t, y->p };
      put_f64s (o, v, 7);
    }
  /* The history the aggregate reads (study.h): ARs, dates, se. */
  put_u64 (o, x->nhist);
  put_u64 (o, x->hist_i0);
  put_u64 (o, x->hist_se_from);
  put_i32 (o, x->est_a);
  put_f64s (o, x->hist_ar, x->nhist);
  for (size_t i = 0; i < x->nhist; i++)
    put_i32 (o, x->hist_date[i]);
  put_f64s (o, x->hist_se, x->nhist - x->hist_se_from);
  /* The estimation residuals: a slice of hist_ar (1, at an offset) or
   * their own (2), or none (0, a skipped pair). */
  bool ok = x->status == STUDY_OK && x->est_ar;
  bool slice = ok && x->est_ar >= x->hist_ar && x->est_ar + x->fit.T <= x->hist_ar + x->nhist;
  put_u64 (o, !ok ? 0 : slice ? 1 : 2);
  if (slice)
    put_u64 (o, (uint64_t) (x->est_ar - x->hist_ar));
  else if (ok)
    put_f64s (o, x->est_ar, x->fit.T);
  /* The CAR path (format 2): its CAR and se per day. */
  put_u64 (o, x->npath);
  for (size_t i = 0; i < x->npath; i++)
    {
      put_f64 (o, x->path[i].car);
      put_f64 (o, x->path[i].se);
    }
}

static bool
get_fit (rd *r, model_fit *f)
{
  uint64_t kind = get_u64 (r);
  f->kind = (enum model_kind) (kind <= MODEL_GARCH ? kind : 0);
  f->T = (size_t) get_u64 (r);
  f->k = (size_t) get_u64 (r);
  f->iterations = (size_t) get_u64 (r);
  double *v[] = { &f->alpha, &f->beta, &f->sigma, &f->r2, &f->df, &f->c00, &f->c01, &f->c11 };
  for (int i = 0; i < 8; i++)
    *v[i] = get_f64 (r);
  size_t k = f->k <= MODEL_MAX_K ? f->k : 0;
  for (size_t i = 0; i < k; i++)
    f->theta[i] = get_f64 (r);
  for (size_t i = 0; i < k; i++)
    for (size_t j = 0; j < k; j++)
      f->cov[i][j] = get_f64 (r);
  double *g[] = { &f->omega, &f->arch, &f->garch, &f->h_next, &f->loglik };
  for (int i = 0; i < 5; i++)
    *g[i] = get_f64 (r);
  return kind <= MODEL_GARCH && f->k <= MODEL_MAX_K && f->T < ((size_t) 1 << 31);
}

/* Relative days and windows as the command line allows (cli.c). */
#define WIN_LIMIT 100000

/* The day numbers of the first and last date evstudy accepts (date.h's
 * years), computed once: day_ok runs for every date of every pair. */
static int32_t day_lo, day_hi;
static pthread_once_t day_once = PTHREAD_ONCE_INIT;

static void
day_bounds (void)
{
  date_from_ymd (DATE_MIN_YEAR, 1, 1, &day_lo);
  date_from_ymd (DATE_MAX_YEAR, 12, 31, &day_hi);
}

/* DAY is a day number of a date evstudy accepts. */
static bool
day_ok (int32_t day)
{
  pthread_once (&day_once, day_bounds);
  return day >= day_lo && day <= day_hi;
}

static bool
get_days (rd *r, study_result *x)
{
  x->ndays = get_count (r, DAY_BYTES);
  x->days = evs_xcalloc (x->ndays + 1, sizeof *x->days);
  for (size_t i = 0; i < x->ndays && !r->bad; i++)
    {
      study_day *y = &x->days[i];
      y->day = get_i32 (r);
      y->date = get_i32 (r);
      double *v[] = { &y->ret, &y->mret, &y->expected, &y->ar, &y->se, &y->t, &y->p };
      for (int k = 0; k < 7; k++)
        *v[k] = get_f64 (r);
      if (y->day < -WIN_LIMIT || y->day > WIN_LIMIT || (i && y->day <= y[-1].day)
          || !day_ok (y->date))
        return false;
    }
  return !r->bad;
}

static bool
get_cars (rd *r, study_result *x)
{
  x->ncars = get_count (r, CAR_BYTES);
  x->cars = evs_xcalloc (x->ncars + 1, sizeof *x->cars);
  for (size_t i = 0; i < x->ncars && !r->bad; i++)
    {
      study_car *c = &x->cars[i];
      c->w.a = get_i32 (r);
      c->w.b = get_i32 (r);
      c->first = get_i32 (r);
      c->last = get_i32 (r);
      double *v[] = { &c->car, &c->se, &c->t, &c->df, &c->p, &c->bhar };
      for (int k = 0; k < 6; k++)
        *v[k] = get_f64 (r);
      if (c->w.a > c->w.b || c->w.a < -WIN_LIMIT || c->w.b > WIN_LIMIT
          || !day_ok (c->first) || !day_ok (c->last))
        return false;
    }
  return !r->bad;
}

/* Confounders: the event rows go to CONF_ROW (the merge points them at
 * its timeline), kept in x->conf as row numbers cast to pointers until
 * then would be fragile: they are stored in conf_day's companion. */
static bool
get_conf (rd *r, study_result *x, size_t **rows)
{
  x->nconf_total = (size_t) get_u64 (r);
  x->nconf = get_count (r, 12);
  if (x->nconf > STUDY_MAX_CONFOUNDERS || x->nconf > x->nconf_total)
    return false;
  *rows = evs_xcalloc (x->nconf + 1, sizeof **rows);
  x->conf = evs_xcalloc (x->nconf + 1, sizeof *x->conf);
  x->conf_day = evs_xcalloc (x->nconf + 1, sizeof *x->conf_day);
  for (size_t i = 0; i < x->nconf && !r->bad; i++)
    {
      (*rows)[i] = (size_t) get_u64 (r);
      x->conf_day[i] = get_i32 (r);
    }
  return !r->bad;
}

static bool
get_hist (rd *r, study_result *x)
{
  x->nhist = get_count (r, 12);
  x->hist_i0 = (size_t) get_u64 (r);
  x->hist_se_from = (size_t) get_u64 (r);
  x->est_a = get_i32 (r);
  if (r->bad || x->hist_se_from > x->nhist || x->hist_i0 > ((size_t) 1 << 40)
      || x->est_a < -WIN_LIMIT || x->est_a > WIN_LIMIT)
    return false;
  x->hist_ar = evs_xcalloc (x->nhist + 1, sizeof *x->hist_ar);
  x->hist_date = evs_xcalloc (x->nhist + 1, sizeof *x->hist_date);
  x->hist_se = evs_xcalloc (x->nhist - x->hist_se_from + 1, sizeof *x->hist_se);
  for (size_t i = 0; i < x->nhist; i++)
    x->hist_ar[i] = get_f64 (r);
  for (size_t i = 0; i < x->nhist; i++)
    x->hist_date[i] = get_i32 (r);
  for (size_t i = 0; i < x->nhist - x->hist_se_from; i++)
    x->hist_se[i] = get_f64 (r);
  for (size_t i = 0; i < x->nhist && !r->bad; i++)
    if (!day_ok (x->hist_date[i]))
      return false;
  /* An ok pair's estimation window lies inside its history (the
   * aggregate reads its dates there, aggregate.c kp_rbar). */
  long e0 = (long) x->hist_i0 + x->est_a;
  if (x->status == STUDY_OK && (e0 < 0 || (size_t) e0 + x->fit.T > x->nhist))
    return false;
  return !r->bad;
}

static bool
get_est (rd *r, study_result *x)
{
  uint64_t mode = get_u64 (r);
  size_t T = x->fit.T;
  if (mode == 0)
    return !r->bad && x->status != STUDY_OK;
  if (x->status != STUDY_OK || T < 2 || mode > 2)
    return false;
  x->est_ar = evs_xcalloc (T, sizeof *x->est_ar);
  if (mode == 1)
    {
      uint64_t off = get_u64 (r);
      if (r->bad || off > x->nhist || T > x->nhist - off)
        return false;
      memcpy (x->est_ar, x->hist_ar + off, T * sizeof *x->est_ar);
    }
  else if (has (r, 8 * T))
    for (size_t i = 0; i < T; i++)
      x->est_ar[i] = get_f64 (r);
  return !r->bad;
}

/* The CAR path: at most one a reported day, over consecutive days
 * (study.h). */
static bool
get_path (rd *r, study_result *x)
{
  x->npath = get_count (r, 16);
  if (r->bad || x->npath > x->ndays)
    return false;
  x->path = evs_xcalloc (x->npath + 1, sizeof *x->path);
  for (size_t i = 0; i < x->npath; i++)
    {
      x->path[i].car = get_f64 (r);
      x->path[i].se = get_f64 (r);
      if (x->days[i].day != x->days[0].day + (int) i)
        return false;
    }
  return !r->bad;
}

/* Reads one pair's head (put_head) into P; false if it is damaged. */
static bool
get_head (rd *r, shard_pair *p, size_t **conf_rows)
{
  study_result *x = &p->r;
  p->event_row = (size_t) get_u64 (r);
  p->input = (size_t) get_u64 (r);
  uint64_t ok = get_u64 (r), day0 = get_u64 (r);
  x->status = ok ? STUDY_OK : STUDY_SKIPPED;
  x->has_day0 = day0 != 0;
  int32_t *d[] = { &x->day0, &x->est_first, &x->est_last, NULL, &x->gap_day,
                   &x->jump_day, &x->gap_days, &x->gap_date, &x->jump_date };
  for (int i = 0; i < 9; i++)
    {
      int32_t v = get_i32 (r);
      if (d[i])
        *d[i] = v;
      else
        x->warn = (unsigned) v;
    }
  x->jump = get_f64 (r);
  size_t rl = get_count (r, 1);
  if (r->bad || rl >= sizeof x->reason || ok > 1 || day0 > 1
      || x->warn > (STUDY_WARN_GAP | STUDY_WARN_JUMP | STUDY_WARN_ZERO)
      || (x->has_day0 && !day_ok (x->day0))
      || (ok && (!day_ok (x->est_first) || !day_ok (x->est_last)))
      || ((x->warn & STUDY_WARN_GAP) && !day_ok (x->gap_date))
      || ((x->warn & STUDY_WARN_JUMP) && !day_ok (x->jump_date)))
    return false;
  memcpy (x->reason, r->b + r->at, rl);
  x->reason[rl] = '\0';
  r->at += rl;
  x->zero_n = (size_t) get_u64 (r);
  x->zero_date = get_i32 (r);
  if (r->bad || ((x->warn & STUDY_WARN_ZERO) && (!day_ok (x->zero_date) || !x->zero_n)))
    return false;
  if (!get_fit (r, &x->fit) || !get_cars (r, x) || !get_conf (r, x, conf_rows))
    return false;
  return r->at == r->n;
}

/* A result's detail (put_detail), after its head. */
static bool
get_detail (rd *r, study_result *x)
{
  if (!get_days (r, x) || !get_hist (r, x) || !get_est (r, x) || !get_path (r, x))
    return false;
  return r->at == r->n;
}

/* ------------------------------------------------------------ writing */

static const char schema[] =
  "PRAGMA page_size = 65536;"
  "PRAGMA application_id = 1163285352;"
  "PRAGMA user_version = 3;"
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE args (pos INTEGER PRIMARY KEY, arg TEXT NOT NULL);"
  "CREATE TABLE inputs (pos INTEGER PRIMARY KEY, ticker TEXT NOT NULL,"
  "  source TEXT NOT NULL, market TEXT, n_gaps INTEGER NOT NULL);"
  "CREATE TABLE pairs (pos INTEGER PRIMARY KEY, event_row INTEGER NOT NULL,"
  "  input INTEGER NOT NULL, ticker TEXT NOT NULL, status TEXT NOT NULL,"
  "  pair BLOB NOT NULL, detail BLOB NOT NULL);"
  "CREATE TABLE texts (kind TEXT NOT NULL, first INTEGER NOT NULL, lens BLOB NOT NULL,"
  "  bytes BLOB NOT NULL, PRIMARY KEY (kind, first));";

/* The kinds of text (study.h study_text) by their name in the texts
 * table and the meta key of their checksum. */
static const char *const text_kind[STUDY_TEXT_KINDS] = { "csv-car", "json" };
static const char *const text_sum[STUDY_TEXT_KINDS] = { "checksum.csv-car", "checksum.json" };

/* Pairs a row of the texts table holds: a chunk of about 2 MB of JSON. */
enum { TEXT_CHUNK = 256 };

static int
sql_fail (sqlite3 *db, const char *what, evs_error *err)
{
  return evs_fail (err, EVS_EINTERNAL, "shard file: %s: %s", what, sqlite3_errmsg (db));
}

static bool
step (sqlite3_stmt *q)
{
  int rc = sqlite3_step (q);
  sqlite3_reset (q);
  sqlite3_clear_bindings (q);
  return rc == SQLITE_DONE;
}

/* The hashed text of an input row (its part of the checksum). */
static void
input_text (buf *o, const shard_input *x)
{
  char n[64];
  snprintf (n, sizeof n, "%zu\n%zu\n", x->pos, x->n_gaps);
  put (o, n, strlen (n));
  put (o, x->ticker, strlen (x->ticker) + 1);
  put (o, x->source, strlen (x->source) + 1);
  put (o, x->market ? x->market : "", strlen (x->market ? x->market : "") + 1);
}

static bool
write_inputs (sqlite3 *db, const shard_input *in, size_t nin, chain *ck)
{
  sqlite3_stmt *q;
  bool ok = sqlite3_prepare_v2 (db, "INSERT INTO inputs VALUES (?1, ?2, ?3, ?4, ?5)", -1,
                                &q, NULL) == SQLITE_OK;
  for (size_t i = 0; ok && i < nin; i++)
    {
      buf t = { 0 };
      input_text (&t, &in[i]);
      chain_add (ck, t.b, t.n);
      free (t.b);
      sqlite3_bind_int64 (q, 1, (sqlite3_int64) in[i].pos);
      sqlite3_bind_text (q, 2, in[i].ticker, -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 3, in[i].source, -1, SQLITE_STATIC);
      if (in[i].market)
        sqlite3_bind_text (q, 4, in[i].market, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (q, 5, (sqlite3_int64) in[i].n_gaps);
      ok = step (q);
    }
  sqlite3_finalize (q);
  return ok;
}

/* The pairs: their heads chained into CK (the checksum of the inputs
 * and heads), their details into DK (meta "checksum.detail"), so that a
 * merge that reads only the heads can check them. */
static bool
write_pairs (sqlite3 *db, const evs_study *st, const size_t *input_of, chain *ck, chain *dk)
{
  sqlite3_stmt *q;
  bool ok = sqlite3_prepare_v2 (db, "INSERT INTO pairs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                -1, &q, NULL) == SQLITE_OK;
  for (size_t i = 0; ok && i < st->n; i++)
    {
      const study_result *x = &st->res[i];
      buf b = { 0 }, d = { 0 };
      put_head (&b, x->event->row, input_of[i], x);
      put_detail (&d, x);
      chain_add (ck, b.b, b.n);
      chain_add (dk, d.b, d.n);
      sqlite3_bind_blob64 (q, 7, d.b, d.n, free);
      sqlite3_bind_int64 (q, 1, (sqlite3_int64) i);
      sqlite3_bind_int64 (q, 2, (sqlite3_int64) x->event->row);
      sqlite3_bind_int64 (q, 3, (sqlite3_int64) input_of[i]);
      sqlite3_bind_text (q, 4, x->series->ticker, -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 5, x->status == STUDY_OK ? "ok" : "skipped", -1, SQLITE_STATIC);
      sqlite3_bind_blob64 (q, 6, b.b, b.n, free);
      ok = step (q);
    }
  sqlite3_finalize (q);
  return ok;
}

/* The N pairs' texts of each kind in chunks of TEXT_CHUNK: their lengths
 * (32-bit little-endian) and their bytes, each kind's chunks chained
 * into its own checksum SUM[kind], so that a merge reads and checks only
 * the kind it writes. */
static bool
write_texts (sqlite3 *db, const study_text *const *text, size_t n,
             char sum[STUDY_TEXT_KINDS][SHA256_HEX_SIZE])
{
  sqlite3_stmt *q;
  bool ok = sqlite3_prepare_v2 (db, "INSERT INTO texts VALUES (?1, ?2, ?3, ?4)", -1, &q,
                                NULL) == SQLITE_OK;
  for (int k = 0; ok && k < STUDY_TEXT_KINDS; k++)
    {
      chain ck = { 0 };
      for (size_t first = 0; ok && first < n; first += TEXT_CHUNK)
        {
          size_t c = n - first < TEXT_CHUNK ? n - first : TEXT_CHUNK;
          buf lens = { 0 }, bytes = { 0 };
          for (size_t i = first; i < first + c; i++)
            {
              unsigned char l[4];
              for (int j = 0; j < 4; j++)
                l[j] = (unsigned char) (text[k][i].n >> (8 * j));
              put (&lens, l, 4);
              put (&bytes, text[k][i].b, text[k][i].n);
            }
          chain_add (&ck, lens.b, lens.n);
          chain_add (&ck, bytes.b ? bytes.b : (unsigned char *) "", bytes.n);
          sqlite3_bind_text (q, 1, text_kind[k], -1, SQLITE_STATIC);
          sqlite3_bind_int64 (q, 2, (sqlite3_int64) first);
          sqlite3_bind_blob64 (q, 3, lens.b, lens.n, free);
          sqlite3_bind_blob64 (q, 4, bytes.b ? (void *) bytes.b : "", bytes.n,
                               bytes.b ? free : SQLITE_STATIC);
          ok = step (q);
        }
      chain_end (&ck, sum[k]);
    }
  sqlite3_finalize (q);
  return ok;
}

static bool
write_meta (sqlite3 *db, const shard_meta *m, const char *checksum, const char *detail,
            char tsum[STUDY_TEXT_KINDS][SHA256_HEX_SIZE])
{
  char v[5][32];
  snprintf (v[0], 32, "%u", m->index);
  snprintf (v[1], 32, "%u", m->count);
  snprintf (v[2], 32, "%" PRIu64, m->pairs);
  snprintf (v[3], 32, "%" PRIu64, m->inputs);
  snprintf (v[4], 32, "%" PRIu64, m->nevents);
  const char *kv[][2] = {
    { "format", "evstudy shard 3" }, { "evstudy", m->version }, { "index", v[0] },
    { "count", v[1] }, { "events_sha256", m->events_hash }, { "data_hash", m->data_hash },
    { "pairs", v[2] }, { "inputs", v[3] }, { "events", v[4] }, { "checksum", checksum },
    { "checksum.detail", detail }, { text_sum[0], tsum[0] }, { text_sum[1], tsum[1] } };
  sqlite3_stmt *q;
  bool ok = sqlite3_prepare_v2 (db, "INSERT INTO meta VALUES (?1, ?2)", -1, &q, NULL) == SQLITE_OK;
  for (size_t i = 0; ok && i < sizeof kv / sizeof *kv; i++)
    {
      sqlite3_bind_text (q, 1, kv[i][0], -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 2, kv[i][1], -1, SQLITE_STATIC);
      ok = step (q);
    }
  sqlite3_finalize (q);
  if (ok && m->store)
    {
      char g[2][32];
      snprintf (g[0], 32, "%" PRId64, m->generation);
      snprintf (g[1], 32, "%" PRId64, m->event_set);
      const char *sv[][2] = { { "store", m->store }, { "store_generation", g[0] },
                              { "store_event_set", g[1] } };
      ok = sqlite3_prepare_v2 (db, "INSERT INTO meta VALUES (?1, ?2)", -1, &q, NULL) == SQLITE_OK;
      for (size_t i = 0; ok && i < 3; i++)
        {
          sqlite3_bind_text (q, 1, sv[i][0], -1, SQLITE_STATIC);
          sqlite3_bind_text (q, 2, sv[i][1], -1, SQLITE_STATIC);
          ok = step (q);
        }
      sqlite3_finalize (q);
    }
  if (!ok || sqlite3_prepare_v2 (db, "INSERT INTO args VALUES (?1, ?2)", -1, &q, NULL) != SQLITE_OK)
    return false;
  for (size_t i = 0; ok && i < m->nargs; i++)
    {
      sqlite3_bind_int64 (q, 1, (sqlite3_int64) i);
      sqlite3_bind_text (q, 2, m->args[i], -1, SQLITE_STATIC);
      ok = step (q);
    }
  sqlite3_finalize (q);
  return ok;
}

int
shard_build (const shard_meta *m, const evs_study *st, const size_t *input_of,
             const shard_input *in, size_t nin, const study_text *const *text,
             unsigned char **bytes, size_t *len, evs_error *err)
{
  sqlite3 *db;
  chain ck = { 0 }, dk = { 0 };
  char sum[SHA256_HEX_SIZE], dsum[SHA256_HEX_SIZE], tsum[STUDY_TEXT_KINDS][SHA256_HEX_SIZE];
  if (sqlite3_open (":memory:", &db) != SQLITE_OK)
    {
      sqlite3_close (db);
      return evs_fail (err, EVS_EINTERNAL, "shard file: cannot open an in-memory database");
    }
  int rc = EVS_OK;
  if (sqlite3_exec (db, schema, NULL, NULL, NULL) != SQLITE_OK
      || sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK
      || !write_inputs (db, in, nin, &ck) || !write_pairs (db, st, input_of, &ck, &dk)
      || !write_texts (db, text, st->n, tsum))
    rc = sql_fail (db, "cannot write", err);
  chain_end (&ck, sum);
  chain_end (&dk, dsum);
  if (rc == EVS_OK && (!write_meta (db, m, sum, dsum, tsum)
                       || sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK))
    rc = sql_fail (db, "cannot write", err);
  sqlite3_int64 size = 0;
  *bytes = rc == EVS_OK ? sqlite3_serialize (db, "main", &size, 0) : NULL;
  if (rc == EVS_OK && !*bytes)
    rc = sql_fail (db, "cannot serialize", err);
  *len = (size_t) size;
  sqlite3_close (db);
  return rc;
}

void
shard_bytes_free (unsigned char *bytes)
{
  sqlite3_free (bytes);
}

/* ------------------------------------------------------------ reading */

/* "PATH: not an evstudy shard file (WHY)", EVS_EDATA. */
static int
not_shard (const char *path, const char *why, evs_error *err)
{
  char q[512];
  return evs_fail (err, EVS_EDATA, "%s: not an evstudy shard file (%s)",
                   evs_quote (q, sizeof q, path, strlen (path)), why);
}

static int
damaged (const char *path, const char *what, evs_error *err)
{
  char q[512];
  return evs_fail (err, EVS_EDATA, "%s: damaged shard file: %s",
                   evs_quote (q, sizeof q, path, strlen (path)), what);
}

/* Asks for transparent huge pages over the 2 MB pages inside B[0..N):
 * a 104 MB shard read into 4 KB pages took 25,000 page faults, a tenth of
 * a merge's CPU.  Only advice: nothing changes where it is refused. */
static void
huge_pages (void *b, size_t n)
{
#ifdef MADV_HUGEPAGE
  const uintptr_t huge = (uintptr_t) 1 << 21;
  uintptr_t lo = ((uintptr_t) b + huge - 1) & ~(huge - 1), hi = ((uintptr_t) b + n) & ~(huge - 1);
  if (hi > lo)
    madvise ((void *) lo, hi - lo, MADV_HUGEPAGE);
#else
  (void) b;
  (void) n;
#endif
}

/* The whole file at PATH into *B (allocated by sqlite3_malloc64, for
 * sqlite3_deserialize; free with sqlite3_free), *N; EVS_EIO naming it.
 * A regular file is read into a buffer of its size at once. */
static int
slurp (const char *path, unsigned char **b, size_t *n, evs_error *err)
{
  char q[512];
  FILE *fp = fopen (path, "rb");
  struct stat sb;
  size_t cap = 0;
  *b = NULL;
  *n = 0;
  if (!fp)
    return evs_fail (err, EVS_EIO, "%s: cannot read: %s",
                     evs_quote (q, sizeof q, path, strlen (path)), strerror (errno));
  if (fstat (fileno (fp), &sb) == 0 && S_ISREG (sb.st_mode) && sb.st_size > 0)
    cap = (size_t) sb.st_size + 1;
  for (;;)
    {
      if (*n == cap)
        {
          cap = cap ? 2 * cap : 65536;
          unsigned char *g = sqlite3_realloc64 (*b, cap);
          if (!g)
            {
              fclose (fp);
              sqlite3_free (*b);
              *b = NULL;
              return evs_fail (err, EVS_EINTERNAL, "out of memory");
            }
          *b = g;
        }
      else if (!*b && !(*b = sqlite3_malloc64 (cap)))
        {
          fclose (fp);
          return evs_fail (err, EVS_EINTERNAL, "out of memory");
        }
      else if (*n == 0)
        huge_pages (*b, cap);
      size_t k = fread (*b + *n, 1, cap - *n, fp);
      *n += k;
      if (k == 0)
        break;
    }
  int bad = ferror (fp);
  fclose (fp);
  if (bad)
    {
      sqlite3_free (*b);
      *b = NULL;
    }
  if (bad)
    return evs_fail (err, EVS_EIO, "%s: cannot read: %s",
                     evs_quote (q, sizeof q, path, strlen (path)), strerror (EIO));
  return EVS_OK;
}

static const char *
meta_text (sqlite3 *db, const char *key, char *out, size_t size)
{
  sqlite3_stmt *q;
  const char *r = NULL;
  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = ?1", -1, &q, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (q, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (q) == SQLITE_ROW && sqlite3_column_type (q, 0) == SQLITE_TEXT)
    {
      snprintf (out, size, "%s", (const char *) sqlite3_column_text (q, 0));
      r = out;
    }
  sqlite3_finalize (q);
  return r;
}

static bool
meta_num (sqlite3 *db, const char *key, uint64_t max, uint64_t *v)
{
  char t[64], *end;
  if (!meta_text (db, key, t, sizeof t) || t[0] < '0' || t[0] > '9')
    return false;
  errno = 0;
  unsigned long long x = strtoull (t, &end, 10);
  if (*end || errno || x > max)
    return false;
  *v = x;
  return true;
}

static int
read_meta (const char *path, sqlite3 *db, shard_meta *m, char *sum, evs_error *err)
{
  char fmt[64];
  uint64_t idx, cnt;
  if (!meta_text (db, "format", fmt, sizeof fmt) || strcmp (fmt, "evstudy shard 3"))
    return not_shard (path, "no shard format 3 in its meta table", err);
  if (!meta_text (db, "evstudy", m->version, sizeof m->version)
      || !meta_text (db, "events_sha256", m->events_hash, SHA256_HEX_SIZE)
      || !meta_text (db, "data_hash", m->data_hash, SHA256_HEX_SIZE)
      || !meta_text (db, "checksum", sum, SHA256_HEX_SIZE)
      || !meta_num (db, "count", SHARD_MAX, &cnt) || cnt < 1
      || !meta_num (db, "index", cnt - 1, &idx)
      || !meta_num (db, "pairs", UINT64_MAX, &m->pairs)
      || !meta_num (db, "inputs", (uint64_t) 1 << 26, &m->inputs)
      || !meta_num (db, "events", (uint64_t) 1 << 32, &m->nevents))
    return damaged (path, "its meta table lacks a value or holds a bad one", err);
  m->index = (unsigned) idx;
  m->count = (unsigned) cnt;
  char st[4096];
  uint64_t g, e;
  if (meta_text (db, "store", st, sizeof st))
    {
      if (!meta_num (db, "store_generation", INT64_MAX, &g)
          || !meta_num (db, "store_event_set", INT64_MAX, &e))
        return damaged (path, "its meta table names a store without its generation and event set", err);
      m->store = evs_xstrdup (st);
      m->generation = (int64_t) g;
      m->event_set = (int64_t) e;
    }
  sqlite3_stmt *q;
  size_t cap = 0;
  if (sqlite3_prepare_v2 (db, "SELECT pos, arg FROM args ORDER BY pos", -1, &q, NULL) != SQLITE_OK)
    return damaged (path, "no args table", err);
  int rc = EVS_OK;
  while (rc == EVS_OK && sqlite3_step (q) == SQLITE_ROW)
    if (sqlite3_column_int64 (q, 0) != (sqlite3_int64) m->nargs
        || sqlite3_column_type (q, 1) != SQLITE_TEXT)
      rc = damaged (path, "its args are not numbered from 0, or not text", err);
    else
      {
        evs_grow ((void **) &m->args, &cap, m->nargs + 1, sizeof *m->args);
        m->args[m->nargs++] = evs_xstrdup ((const char *) sqlite3_column_text (q, 1));
      }
  sqlite3_finalize (q);
  return rc;
}

static char *
col_dup (sqlite3_stmt *q, int i)
{
  const unsigned char *t = sqlite3_column_text (q, i);
  return evs_xstrdup (t ? (const char *) t : "");
}

static int
read_inputs (const char *path, sqlite3 *db, shard_file *f, chain *ck, evs_error *err)
{
  sqlite3_stmt *q;
  size_t cap = 0;
  if (sqlite3_prepare_v2 (db, "SELECT pos, ticker, source, market, n_gaps FROM inputs"
                          " ORDER BY pos", -1, &q, NULL) != SQLITE_OK)
    return damaged (path, "no inputs table", err);
  int rc = EVS_OK;
  while (rc == EVS_OK && sqlite3_step (q) == SQLITE_ROW)
    {
      sqlite3_int64 pos = sqlite3_column_int64 (q, 0), gaps = sqlite3_column_int64 (q, 4);
      if (pos < 0 || (uint64_t) pos >= f->m.inputs || gaps < 0
          || sqlite3_column_type (q, 1) != SQLITE_TEXT || sqlite3_column_type (q, 2) != SQLITE_TEXT)
        {
          rc = damaged (path, "an input row is out of range", err);
          break;
        }
      evs_grow ((void **) &f->in, &cap, f->nin + 1, sizeof *f->in);
      shard_input *x = &f->in[f->nin++];
      x->pos = (size_t) pos;
      x->n_gaps = (size_t) gaps;
      x->ticker = col_dup (q, 1);
      x->source = col_dup (q, 2);
      x->market = sqlite3_column_type (q, 3) == SQLITE_NULL ? NULL : col_dup (q, 3);
      buf t = { 0 };
      input_text (&t, x);
      chain_add (ck, t.b, t.n);
      free (t.b);
    }
  sqlite3_finalize (q);
  return rc;
}

/* The input of F at position POS, or NULL. */
static const shard_input *
find_input (const shard_file *f, size_t pos)
{
  size_t lo = 0, hi = f->nin;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (f->in[mid].pos < pos)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < f->nin && f->in[lo].pos == pos ? &f->in[lo] : NULL;
}

/* One pair's head and detail blobs copied out of the database, decoded
 * by a worker. */
typedef struct raw_pair {
  unsigned char *b[2];      /* NULL: the row had no blob (or LIGHT) */
  size_t n[2];
  uint64_t hash[2];         /* their parts of the checksums */
  bool ok;
} raw_pair;

typedef struct decode_job {
  shard_file *f;
  raw_pair *raw;            /* the batch's pairs, from pair FIRST on */
  size_t first;
  bool light;               /* shard_read_pairs' LIGHT */
} decode_job;

/* Item K: decodes the batch's pair K and checks what it refers to (the
 * confounders' and its event rows, its input), writing only its slots. */
static void
decode_pair (void *ctx, size_t k, unsigned worker)
{
  (void) worker;
  decode_job *j = ctx;
  shard_file *f = j->f;
  raw_pair *w = &j->raw[k];
  shard_pair *p = &f->p[j->first + k];
  rd r = { w->b[0], w->n[0], 0, false }, d = { w->b[1], w->n[1], 0, false };
  size_t *rows = NULL;
  bool ok = w->b[0] && get_head (&r, p, &rows);
  if (ok && !j->light)
    ok = w->b[1] && get_detail (&d, &p->r);
  /* Confounder rows are kept in conf until the merge points them at
   * its events (the row numbers are checked there). */
  for (size_t i = 0; ok && i < p->r.nconf; i++)
    {
      if (rows[i] < 1 || rows[i] > f->m.nevents)
        ok = false;
      else
        p->r.conf[i] = (const evs_event *) (uintptr_t) rows[i];
    }
  free (rows);
  if (ok && (p->event_row < 1 || p->event_row > f->m.nevents || !find_input (f, p->input)))
    ok = false;
  w->ok = ok;
  for (int c = 0; c < 2; c++)
    {
      if (ok && w->b[c])
        w->hash[c] = part_hash (w->b[c], w->n[c]);
      free (w->b[c]);
      w->b[c] = NULL;
    }
}

/* Pairs copied out of the database at a time: the copies of one batch
 * reuse the memory of the last one's. */
enum { PAIR_BATCH = 1024 };

/* Decodes the batch of pairs [FIRST, N) of JOB on JOBS threads, then
 * chains their hashes into CK in order; false (*BAD the first damaged
 * pair) if one is damaged. */
static bool
decode_batch (decode_job *job, size_t first, size_t n, unsigned jobs, chain *ck, chain *dk,
              size_t *bad)
{
  job->first = first;
  pool_for (n - first, jobs, decode_pair, job);
  for (size_t k = first; k < n; k++)
    if (!job->raw[k - first].ok)
      {
        *bad = k;
        return false;
      }
    else
      {
        mix (&ck->h, job->raw[k - first].hash[0]);
        mix (&dk->h, job->raw[k - first].hash[1]);
      }
  return true;
}

/* The pairs: copied out of the database in order a batch at a time,
 * decoded and hashed on JOBS threads (the decoding of a 20,000-pair shard
 * was most of a merge's reading), then chained into the checksum in
 * order. */
static int
read_pairs (const char *path, sqlite3 *db, shard_file *f, unsigned jobs, bool light,
            chain *ck, chain *dk, evs_error *err)
{
  sqlite3_stmt *q;
  size_t cap = 0, n = 0, first = 0, bad = 0;
  char what[128];
  raw_pair raw[PAIR_BATCH];
  bool order = true, ok = true;
  /* LIGHT: the details' pages are not even read. */
  if (sqlite3_prepare_v2 (db, light ? "SELECT pos, pair FROM pairs ORDER BY pos"
                          : "SELECT pos, pair, detail FROM pairs ORDER BY pos", -1, &q, NULL)
      != SQLITE_OK)
    return damaged (path, "no pairs table", err);
  decode_job job = { f, raw, 0, light };
  while (ok && order && sqlite3_step (q) == SQLITE_ROW)
    {
      evs_grow ((void **) &f->p, &cap, n + 1, sizeof *f->p);
      memset (&f->p[n], 0, sizeof *f->p);
      raw_pair *w = memset (&raw[n - first], 0, sizeof *raw);
      order = sqlite3_column_int64 (q, 0) == (sqlite3_int64) n;
      for (int c = 0; c < (light ? 1 : 2); c++)
        {
          const void *b = sqlite3_column_blob (q, 1 + c);
          w->n[c] = (size_t) sqlite3_column_bytes (q, 1 + c);
          if (b && order)
            w->b[c] = memcpy (evs_xmalloc (w->n[c] + 1), b, w->n[c]);
        }
      f->np = ++n;
      if (n - first == PAIR_BATCH)
        {
          ok = decode_batch (&job, first, n, jobs, ck, dk, &bad);
          first = n;
        }
    }
  sqlite3_finalize (q);
  if (ok && n > first)
    ok = decode_batch (&job, first, n, jobs, ck, dk, &bad);
  if (ok)
    return EVS_OK;
  snprintf (what, sizeof what, "pair %zu is damaged", bad);
  return damaged (path, what, err);
}

static const char sqlite_magic[] = "SQLite format 3";

/* Opens a regular file PATH of SIZE bytes in place, read-only and
 * immutable (no locks, no journal: a shard file is written once). */
static int
open_in_place (const char *path, off_t size, sqlite3 **db, evs_error *err)
{
  char q[512], head[sizeof sqlite_magic];
  FILE *fp = fopen (path, "rb");
  if (!fp)
    return evs_fail (err, EVS_EIO, "%s: cannot read: %s",
                     evs_quote (q, sizeof q, path, strlen (path)), strerror (errno));
  size_t k = fread (head, 1, sizeof head, fp);
  fclose (fp);
  if (size < 512 || k != sizeof head || memcmp (head, sqlite_magic, sizeof head) != 0)
    return not_shard (path, "not a sqlite3 database", err);
  char *uri = store_file_uri (path, "?mode=ro&immutable=1");
  int rc = sqlite3_open_v2 (uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
  free (uri);
  if (rc != SQLITE_OK)
    {
      sqlite3_close (*db);
      *db = NULL;
      return not_shard (path, "not a sqlite3 database", err);
    }
  return EVS_OK;
}

/* Reads PATH (a pipe, say) into memory and opens the copy. */
static int
open_copy (const char *path, sqlite3 **db, evs_error *err)
{
  unsigned char *b;
  size_t n;
  *db = NULL;
  int rc = slurp (path, &b, &n, err);
  if (rc != EVS_OK)
    return rc;
  if (n < 512 || memcmp (b, sqlite_magic, sizeof sqlite_magic) != 0)
    {
      sqlite3_free (b);
      return not_shard (path, "not a sqlite3 database", err);
    }
  if (sqlite3_open (":memory:", db) != SQLITE_OK)
    {
      sqlite3_close (*db);
      *db = NULL;
      sqlite3_free (b);
      return evs_fail (err, EVS_EINTERNAL, "cannot open an in-memory database");
    }
  if (sqlite3_deserialize (*db, "main", b, (sqlite3_int64) n, (sqlite3_int64) n,
                           SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY)
      != SQLITE_OK)
    {
      sqlite3_close (*db);
      *db = NULL;
      return not_shard (path, "not a sqlite3 database", err);
    }
  return EVS_OK;
}

/* F's database: the file at PATH opened again in place, or the copy a
 * pipe's bytes were read into (kept open). */
static int
open_db (const char *path, shard_file *f, sqlite3 **db, evs_error *err)
{
  struct stat sb;
  if (f->db)
    {
      *db = f->db;
      return EVS_OK;
    }
  if (stat (path, &sb) == 0 && S_ISREG (sb.st_mode))
    return open_in_place (path, sb.st_size, db, err);
  int rc = open_copy (path, db, err);
  f->db = *db;
  return rc;
}

static void
close_db (shard_file *f, sqlite3 *db)
{
  if (db != f->db)
    sqlite3_close (db);
}

int
shard_open (const char *path, shard_file *f, evs_error *err)
{
  memset (f, 0, sizeof *f);
  sqlite3 *db;
  int rc = open_db (path, f, &db, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_stmt *q;
  sqlite3_int64 app = 0, ver = 0;
  if (sqlite3_prepare_v2 (db, "PRAGMA application_id", -1, &q, NULL) == SQLITE_OK
      && sqlite3_step (q) == SQLITE_ROW)
    app = sqlite3_column_int64 (q, 0);
  sqlite3_finalize (q);
  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK
      && sqlite3_step (q) == SQLITE_ROW)
    ver = sqlite3_column_int64 (q, 0);
  sqlite3_finalize (q);
  chain ck = { 0 };
  if (app != SHARD_APP_ID)
    rc = not_shard (path, "a sqlite3 database of another kind", err);
  else if (ver != SHARD_FORMAT)
    rc = not_shard (path, "a shard format this evstudy does not read", err);
  else
    rc = read_meta (path, db, &f->m, f->sum, err);
  if (rc == EVS_OK)
    rc = read_inputs (path, db, f, &ck, err);
  f->ck = ck.h;
  close_db (f, db);
  if (rc != EVS_OK)
    shard_file_release (f);
  return rc;
}

static int read_text (const char *path, sqlite3 *db, shard_file *f,
                      enum study_text_kind kind, unsigned jobs, evs_error *err);

int
shard_read_pairs (const char *path, shard_file *f, unsigned jobs, bool light,
                  const bool texts[STUDY_TEXT_KINDS], evs_error *err)
{
  char got[SHA256_HEX_SIZE], dgot[SHA256_HEX_SIZE], dsum[SHA256_HEX_SIZE];
  chain ck = { f->ck }, dk = { 0 };
  sqlite3 *db;
  int rc = open_db (path, f, &db, err);
  if (rc != EVS_OK)
    return rc;
  if (!meta_text (db, "checksum.detail", dsum, sizeof dsum))
    rc = damaged (path, "its meta table lacks a value or holds a bad one", err);
  if (rc == EVS_OK)
    rc = read_pairs (path, db, f, jobs, light, &ck, &dk, err);
  chain_end (&ck, got);
  chain_end (&dk, dgot);
  if (rc == EVS_OK && (strcmp (got, f->sum) != 0 || (!light && strcmp (dgot, dsum) != 0)))
    rc = damaged (path, "its checksum does not match its contents", err);
  for (int k = 0; k < STUDY_TEXT_KINDS && rc == EVS_OK; k++)
    if (texts[k])
      rc = read_text (path, db, f, (enum study_text_kind) k, jobs, err);
  close_db (f, db);
  return rc;
}

/* One row of the texts table copied out: N pair lengths, then BYTES. */
typedef struct text_chunk {
  unsigned char *lens, *bytes;
  size_t n, nbytes, first;
  uint64_t hash[2];
  bool ok;
} text_chunk;

typedef struct text_job {
  text_chunk *c;
  study_text *text;
} text_job;

/* Item K: chunk K's hashes, and its lengths checked to add up to its
 * bytes, pointing its pairs' texts into them. */
static void
text_check (void *ctx, size_t k, unsigned worker)
{
  (void) worker;
  text_job *j = ctx;
  text_chunk *c = &j->c[k];
  size_t at = 0;
  c->ok = true;
  for (size_t i = 0; i < c->n && c->ok; i++)
    {
      size_t len = le32 (c->lens + 4 * i);
      c->ok = len <= c->nbytes - at;
      j->text[c->first + i] = (study_text) { (const char *) c->bytes + at, len };
      at += c->ok ? len : 0;
    }
  c->ok = c->ok && at == c->nbytes;
  c->hash[0] = part_hash (c->lens, 4 * c->n);
  c->hash[1] = part_hash (c->nbytes ? c->bytes : (const unsigned char *) "", c->nbytes);
}

/* The pairs' text of KIND into F->text[KIND], checked against its
 * checksum and its lengths. */
static int
read_text (const char *path, sqlite3 *db, shard_file *f, enum study_text_kind kind,
           unsigned jobs, evs_error *err)
{
  char sum[SHA256_HEX_SIZE], got[SHA256_HEX_SIZE];
  sqlite3_stmt *q;
  if (!meta_text (db, text_sum[kind], sum, sizeof sum))
    return damaged (path, "its meta table lacks the texts' checksum", err);
  if (sqlite3_prepare_v2 (db, "SELECT first, lens, bytes FROM texts WHERE kind = ?1"
                          " ORDER BY first", -1, &q, NULL) != SQLITE_OK)
    return damaged (path, "no texts table", err);
  sqlite3_bind_text (q, 1, text_kind[kind], -1, SQLITE_STATIC);
  text_chunk *c = NULL;
  size_t nc = 0, cap = 0, next = 0;
  bool ok = true;
  while (ok && sqlite3_step (q) == SQLITE_ROW)
    {
      size_t nl = (size_t) sqlite3_column_bytes (q, 1), nb = (size_t) sqlite3_column_bytes (q, 2);
      const void *l = sqlite3_column_blob (q, 1), *b = sqlite3_column_blob (q, 2);
      ok = sqlite3_column_int64 (q, 0) == (sqlite3_int64) next && l && nl % 4 == 0
           && nl / 4 <= f->np - next;
      if (!ok)
        break;
      evs_grow ((void **) &c, &cap, nc + 1, sizeof *c);
      unsigned char *m = evs_xmalloc (nl + nb + 1);
      memcpy (m, l, nl);
      if (nb)
        memcpy (m + nl, b, nb);
      c[nc++] = (text_chunk) { m, m + nl, nl / 4, nb, next, { 0, 0 }, false };
      next += nl / 4;
      ok = nl > 0;
    }
  sqlite3_finalize (q);
  ok = ok && next == f->np;
  f->text[kind] = evs_xcalloc (f->np + 1, sizeof *f->text[kind]);
  f->chunk[kind] = evs_xmalloc ((nc + 1) * sizeof *f->chunk[kind]);
  f->nchunk[kind] = nc;
  for (size_t k = 0; k < nc; k++)
    f->chunk[kind][k] = c[k].lens;
  if (ok)
    {
      text_job j = { c, f->text[kind] };
      pool_for (nc, jobs, text_check, &j);
    }
  chain ck = { 0 };
  for (size_t k = 0; ok && k < nc; k++)
    {
      ok = c[k].ok;
      mix (&ck.h, c[k].hash[0]);
      mix (&ck.h, c[k].hash[1]);
    }
  free (c);
  chain_end (&ck, got);
  if (ok && strcmp (got, sum) == 0)
    return EVS_OK;
  free (f->text[kind]);
  f->text[kind] = NULL;
  return damaged (path, ok ? "its texts' checksum does not match them"
                  : "its texts table does not fit its pairs", err);
}

int
shard_check_pairs (const char *path, const shard_file *f, const study_opts *o,
                   evs_error *err)
{
  char what[160];
  for (size_t i = 0; i < f->np; i++)
    {
      const study_result *x = &f->p[i].r;
      bool ok = x->ncars == 0 || x->ncars == o->nwin;
      if (x->status == STUDY_OK)
        ok = ok && x->ncars == o->nwin && x->fit.kind == o->model;
      for (size_t k = 0; ok && k < x->ncars; k++)
        ok = x->cars[k].w.a == o->win[k].a && x->cars[k].w.b == o->win[k].b;
      for (size_t k = 0; ok && k < x->ndays; k++)
        ok = x->days[k].day >= o->ar.a && x->days[k].day <= o->ar.b;
      if (!ok)
        {
          snprintf (what, sizeof what, "pair %zu does not fit the run's options (its model,"
                    " windows or --ar-days)", i);
          return damaged (path, what, err);
        }
    }
  return EVS_OK;
}

void
shard_file_release (shard_file *f)
{
  for (size_t i = 0; i < f->m.nargs; i++)
    free (f->m.args[i]);
  free (f->m.args);
  free (f->m.store);
  for (size_t i = 0; i < f->nin; i++)
    {
      free (f->in[i].ticker);
      free (f->in[i].source);
      free (f->in[i].market);
    }
  free (f->in);
  for (size_t i = 0; i < f->np; i++)
    {
      study_result *x = &f->p[i].r;
      free (x->est_ar);
      free (x->days);
      free (x->cars);
      free (x->path);
      free (x->conf);
      free (x->conf_day);
      free (x->hist_ar);
      free (x->hist_se);
      free (x->hist_date);
    }
  free (f->p);
  for (int k = 0; k < STUDY_TEXT_KINDS; k++)
    {
      for (size_t c = 0; c < f->nchunk[k]; c++)
        free (f->chunk[k][c]);
      free (f->chunk[k]);
      free (f->text[k]);
    }
  sqlite3_close (f->db);
  memset (f, 0, sizeof *f);
}

/* ------------------------------------------------------- input hashes */

int
shard_file_hash (const char *path, char hex[SHA256_HEX_SIZE], evs_error *err)
{
  unsigned char *b;
  size_t n;
  int rc = slurp (path, &b, &n, err);
  if (rc == EVS_OK)
    sha256_hex (b ? (const void *) b : "", n, hex);
  sqlite3_free (b);
  return rc;
}

void
shard_data_hash (const evs_series_list *all, const factors_set *fs,
                 char hex[SHA256_HEX_SIZE])
{
  uint64_t h = 0x243F6A8885A308D3u, u;
  for (size_t i = 0; i < all->n; i++)
    {
      const evs_series *s = &all->v[i];
      const double *vol = s->col[SERIES_VOLUME];
      mix_bytes (&h, (const unsigned char *) s->ticker, strlen (s->ticker));
      mix (&h, s->n);
      mix (&h, s->n_gaps);
      for (size_t k = 0; k < s->n; k++)
        {
          mix (&h, (uint32_t) s->date[k]);
          memcpy (&u, &s->price[k], 8);
          mix (&h, u);
          if (vol)
            {
              memcpy (&u, &vol[k], 8);
              mix (&h, u);
            }
        }
    }
  if (fs && fs->n)
    {
      for (size_t j = 0; j < fs->m; j++)
        mix_bytes (&h, (const unsigned char *) fs->name[j], strlen (fs->name[j]));
      for (size_t k = 0; k < fs->n; k++)
        mix (&h, (uint32_t) fs->date[k]);
      for (size_t k = 0; k < fs->n * fs->m; k++)
        {
          memcpy (&u, &fs->v[k], 8);
          mix (&h, u);
        }
    }
  snprintf (hex, SHA256_HEX_SIZE, "%016" PRIx64, h);
}
