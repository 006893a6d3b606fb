/* store-run.c -- recording study runs in the store and rebuilding them.
 *
 * A run is written in one transaction (runs, run_args, run_windows,
 * results, cars, ars, confounders): a process killed while writing
 * leaves no trace of it.  store_run_load rebuilds an evs_study from those
 * rows so that the same output_* writers print it: export cannot drift
 * from the flag form's format, and every number is a stored double. */
#include <config.h>
#include "store.h"
#include "store-internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

static const char *const returns_names[] = { "simple", "log" };

/* The statements of one recording, prepared once. */
typedef struct rec {
  evs_store *s;
  int64_t run;
  sqlite3_stmt *res, *car, *conf;
} rec;

static int
insert_run (evs_store *s, const store_run_meta *m, const evs_study *st,
            int64_t *id, evs_error *err)
{
  sqlite3_stmt *q;
  char now[32];
  const study_opts *o = &st->opts;
  int rc = store_prep (s, "INSERT INTO runs (status, evstudy, started, finished, rerun_of,"
                       " generation, event_set, model, returns, est_start, est_end,"
                       " min_estimation, ar_start, ar_end, n_results) VALUES ('ok', ?1, ?2,"
                       " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", &q, err);
  if (rc != EVS_OK)
    return rc;
  store_now (now);
  store_bind_text (q, 1, PACKAGE_VERSION);
  store_bind_text (q, 2, m->started);
  store_bind_text (q, 3, now);
  if (m->rerun_of)
    sqlite3_bind_int64 (q, 4, m->rerun_of);
  sqlite3_bind_int64 (q, 5, m->generation);
  sqlite3_bind_int64 (q, 6, m->event_set);
  store_bind_text (q, 7, model_name (o->model));
  store_bind_text (q, 8, returns_names[o->returns]);
  int v[] = { o->est.a, o->est.b, (int) o->min_est, o->ar.a, o->ar.b };
  for (int i = 0; i < 5; i++)
    sqlite3_bind_int (q, 9 + i, v[i]);
  sqlite3_bind_int64 (q, 14, (sqlite3_int64) st->n);
  rc = store_step_done (s, q, err);
  sqlite3_finalize (q);
  *id = sqlite3_last_insert_rowid (s->db);
  return rc;
}

/* run_args and run_windows. */
static int
insert_args (evs_store *s, int64_t id, const store_run_meta *m,
             const study_opts *o, evs_error *err)
{
  sqlite3_stmt *a, *w;
  int rc = store_prep (s, "INSERT INTO run_args (run_id, pos, arg) VALUES (?1, ?2, ?3)",
                       &a, err);
  if (rc != EVS_OK)
    return rc;
  rc = store_prep (s, "INSERT INTO run_windows (run_id, pos, start, end)"
                   " VALUES (?1, ?2, ?3, ?4)", &w, err);
  for (size_t i = 0; rc == EVS_OK && i < m->nargs; i++)
    {
      sqlite3_bind_int64 (a, 1, id);
      sqlite3_bind_int64 (a, 2, (sqlite3_int64) i);
      store_bind_text (a, 3, m->args[i]);
      rc = store_step_done (s, a, err);
    }
  for (size_t i = 0; rc == EVS_OK && i < o->nwin; i++)
    {
      sqlite3_bind_int64 (w, 1, id);
      sqlite3_bind_int64 (w, 2, (sqlite3_int64) i);
      sqlite3_bind_int (w, 3, o->win[i].a);
      sqlite3_bind_int (w, 4, o->win[i].b);
      rc = store_step_done (s, w, err);
    }
  sqlite3_finalize (a);
  sqlite3_finalize (w);
  return rc;
}

static int
prep_rec (rec *r, evs_error *err)
{
  int rc = store_prep (r->s, "INSERT INTO results (run_id, pos, event_row, ticker, market,"
                       " day0, status, reason, est_first, est_last, n_est, alpha, beta,"
                       " sigma, r2, df, est_ar, n_conf, days) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                       " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
                       &r->res, err);
  if (rc == EVS_OK)
    rc = store_prep (r->s, "INSERT INTO cars (run_id, result_pos, pos, start, end, first,"
                     " last, car, se, t, df, p, bhar) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                     " ?8, ?9, ?10, ?11, ?12, ?13)", &r->car, err);
  if (rc == EVS_OK)
    rc = store_prep (r->s, "INSERT INTO confounders (run_id, result_pos, pos, event_row,"
                     " day) VALUES (?1, ?2, ?3, ?4, ?5)", &r->conf, err);
  return rc;
}

static void
bind_key (sqlite3_stmt *q, const rec *r, size_t pos)
{
  sqlite3_bind_int64 (q, 1, r->run);
  sqlite3_bind_int64 (q, 2, (sqlite3_int64) pos);
}

/* A result's reported days as one blob (schema 3): for each day its
 * relative day and date (int32), then return, market return, expected
 * return, AR, se, t and p (doubles), little-endian: 64 bytes a day. */
#define DAY_BYTES 64

static unsigned char *
pack_days (const study_result *x)
{
  unsigned char *b = evs_xmalloc (DAY_BYTES * x->ndays + 1);
  for (size_t i = 0; i < x->ndays; i++)
    {
      const study_day *d = &x->days[i];
      int32_t k[] = { d->day, d->date };
      double v[] = { d->ret, d->mret, d->expected, d->ar, d->se, d->t, d->p };
      store_put_int32 (b + DAY_BYTES * i, k, 2);
      store_put_doubles (b + DAY_BYTES * i + 8, v, 7);
    }
  return b;
}

/* The days of blob B (LEN bytes) into X; false if its length is wrong. */
static bool
unpack_days (const unsigned char *b, size_t len, size_t max, study_result *x)
{
  size_t n = len / DAY_BYTES;
  if (len % DAY_BYTES || n > max)
    return false;
  x->days = evs_xcalloc (max ? max : 1, sizeof *x->days);
  for (size_t i = 0; i < n; i++)
    {
      study_day *d = &x->days[i];
      int32_t k[2];
      double v[7];
      store_unpack_int32 (b + DAY_BYTES * i, 2, k);
      store_unpack_doubles (b + DAY_BYTES * i + 8, 7, v);
      d->day = k[0], d->date = k[1];
      d->ret = v[0], d->mret = v[1], d->expected = v[2], d->ar = v[3];
      d->se = v[4], d->t = v[5], d->p = v[6];
    }
  x->ndays = n;
  return true;
}

static int
insert_result (const rec *r, size_t pos, const study_result *x, evs_error *err)
{
  sqlite3_stmt *q = r->res;
  bool ok = x->status == STUDY_OK;
  bind_key (q, r, pos);
  sqlite3_bind_int64 (q, 3, (sqlite3_int64) x->event->row);
  store_bind_text (q, 4, x->series->ticker);
  store_bind_text (q, 5, x->market ? x->market->ticker : NULL);
  store_bind_date (q, 6, x->has_day0, x->day0);
  store_bind_text (q, 7, ok ? "ok" : "skipped");
  store_bind_text (q, 8, x->reason);
  store_bind_date (q, 9, ok, x->est_first);
  store_bind_date (q, 10, ok, x->est_last);
  if (ok)
    sqlite3_bind_int64 (q, 11, (sqlite3_int64) x->fit.T);
  double v[] = { x->fit.alpha, x->fit.beta, x->fit.sigma, x->fit.r2, x->fit.df };
  for (int i = 0; i < 5; i++)
    store_bind_num (q, 12 + i, ok ? v[i] : NAN);
  if (ok && x->est_ar)
    sqlite3_bind_blob64 (q, 17, store_pack_doubles (x->est_ar, x->fit.T),
                         8 * (sqlite3_uint64) x->fit.T, free);
  sqlite3_bind_int64 (q, 18, (sqlite3_int64) x->nconf_total);
  if (x->ndays)
    sqlite3_bind_blob64 (q, 19, pack_days (x), DAY_BYTES * (sqlite3_uint64) x->ndays, free);
  else
    sqlite3_bind_null (q, 19);
  return store_step_done (r->s, q, err);
}

static int
insert_cars (const rec *r, size_t pos, const study_result *x, evs_error *err)
{
  int rc = EVS_OK;
  for (size_t i = 0; rc == EVS_OK && i < x->ncars; i++)
    {
      const study_car *c = &x->cars[i];
      bind_key (r->car, r, pos);
      sqlite3_bind_int64 (r->car, 3, (sqlite3_int64) i);
      sqlite3_bind_int (r->car, 4, c->w.a);
      sqlite3_bind_int (r->car, 5, c->w.b);
      store_bind_date (r->car, 6, true, c->first);
      store_bind_date (r->car, 7, true, c->last);
      double v[] = { c->car, c->se, c->t, c->df, c->p, c->bhar };
      for (int k = 0; k < 6; k++)
        store_bind_num (r->car, 8 + k, v[k]);
      rc = store_step_done (r->s, r->car, err);
    }
  return rc;
}

static int
insert_confounders (const rec *r, size_t pos, const study_result *x, evs_error *err)
{
  int rc = EVS_OK;
  for (size_t i = 0; rc == EVS_OK && i < x->nconf; i++)
    {
      bind_key (r->conf, r, pos);
      sqlite3_bind_int64 (r->conf, 3, (sqlite3_int64) i);
      sqlite3_bind_int64 (r->conf, 4, (sqlite3_int64) x->conf[i]->row);
      sqlite3_bind_int (r->conf, 5, x->conf_day[i]);
      rc = store_step_done (r->s, r->conf, err);
    }
  return rc;
}

static int
insert_results (rec *r, const evs_study *st, evs_error *err)
{
  int rc = prep_rec (r, err);
  for (size_t i = 0; rc == EVS_OK && i < st->n; i++)
    {
      rc = insert_result (r, i, &st->res[i], err);
      if (rc == EVS_OK)
        rc = insert_cars (r, i, &st->res[i], err);
      if (rc == EVS_OK)
        rc = insert_confounders (r, i, &st->res[i], err);
    }
  sqlite3_finalize (r->res);
  sqlite3_finalize (r->car);
  sqlite3_finalize (r->conf);
  return rc;
}

int
store_record_run (evs_store *s, const store_run_meta *m, const evs_study *st,
                  int64_t *run_id, evs_error *err)
{
  rec r = { .s = s };
  int rc = store_begin (s, err);
  if (rc != EVS_OK)
    return rc;
  rc = insert_run (s, m, st, &r.run, err);
  if (rc == EVS_OK)
    rc = insert_args (s, r.run, m, &st->opts, err);
  if (rc == EVS_OK)
    rc = insert_results (&r, st, err);
  if (rc == EVS_OK)
    rc = store_commit (s, err);
  store_rollback (s);
  *run_id = rc == EVS_OK ? r.run : 0;
  return rc;
}

/* ------------------------------------------------------------ reading */

static int
no_run (evs_store *s, int64_t id, evs_error *err)
{
  return evs_fail (err, EVS_EUSAGE, "%s: no run %lld (see evstudy history)", s->path,
                   (long long) id);
}

static int
load_args (evs_store *s, int64_t id, store_run_meta *m, evs_error *err)
{
  sqlite3_stmt *q;
  bool row;
  size_t cap = 0;
  int rc = store_prep (s, "SELECT arg FROM run_args WHERE run_id = ?1 ORDER BY pos",
                       &q, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (q, 1, id);
  while ((rc = store_step_row (s, q, &row, err)) == EVS_OK && row)
    {
      evs_grow ((void **) &m->args, &cap, m->nargs + 1, sizeof *m->args);
      m->args[m->nargs++] = evs_xstrdup (store_col_text (q, 0));
    }
  sqlite3_finalize (q);
  return rc;
}

int
store_run_meta_load (evs_store *s, int64_t id, store_run_meta *m, evs_error *err)
{
  sqlite3_stmt *q;
  bool row;
  memset (m, 0, sizeof *m);
  int rc = store_prep (s, "SELECT rerun_of, generation, event_set, started FROM runs"
                       " WHERE id = ?1", &q, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (q, 1, id);
  rc = store_step_row (s, q, &row, err);
  if (rc == EVS_OK && !row)
    rc = no_run (s, id, err);
  if (rc == EVS_OK)
    {
      m->rerun_of = sqlite3_column_int64 (q, 0);
      m->generation = sqlite3_column_int64 (q, 1);
      m->event_set = sqlite3_column_int64 (q, 2);
      snprintf (m->started, sizeof m->started, "%s", store_col_text (q, 3));
    }
  sqlite3_finalize (q);
  if (rc == EVS_OK)
    rc = load_args (s, id, m, err);
  if (rc != EVS_OK)
    store_run_meta_release (m);
  return rc;
}

void
store_run_meta_release (store_run_meta *m)
{
  for (size_t i = 0; i < m->nargs; i++)
    free (m->args[i]);
  free (m->args);
  m->args = NULL;
  m->nargs = 0;
}

/* The options of run ID (model, returns, windows) into R->st.opts, and
 * its event set into *SET. */
static int
load_opts (evs_store *s, int64_t id, store_run *r, int64_t *set, evs_error *err)
{
  sqlite3_stmt *q;
  bool row;
  study_opts *o = &r->st.opts;
  int rc = store_prep (s, "SELECT event_set, model, returns, est_start, est_end,"
                       " min_estimation, ar_start, ar_end, n_results FROM runs WHERE id = ?1",
                       &q, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (q, 1, id);
  rc = store_step_row (s, q, &row, err);
  if (rc == EVS_OK && !row)
    rc = no_run (s, id, err);
  if (rc == EVS_OK)
    {
      *set = sqlite3_column_int64 (q, 0);
      if (!model_parse (store_col_text (q, 1), &o->model))
        rc = evs_fail (err, EVS_EDATA, "%s: run %lld: unknown model", s->path, (long long) id);
      o->returns = strcmp (store_col_text (q, 2), "log") == 0 ? RETURNS_LOG : RETURNS_SIMPLE;
      o->est = (study_window) { sqlite3_column_int (q, 3), sqlite3_column_int (q, 4) };
      o->min_est = (size_t) sqlite3_column_int64 (q, 5);
      o->ar = (study_window) { sqlite3_column_int (q, 6), sqlite3_column_int (q, 7) };
      /* Allocated once: the results point into STUBS. */
      r->cap = (size_t) sqlite3_column_int64 (q, 8);
      r->st.res = evs_xcalloc (r->cap, sizeof *r->st.res);
      r->stubs = evs_xcalloc (2 * r->cap, sizeof *r->stubs);
    }
  sqlite3_finalize (q);
  return rc;
}

static int
load_windows (evs_store *s, int64_t id, store_run *r, evs_error *err)
{
  sqlite3_stmt *q;
  bool row;
  size_t cap = 0;
  int rc = store_prep (s, "SELECT start, end FROM run_windows WHERE run_id = ?1"
                       " ORDER BY pos", &q, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (q, 1, id);
  while ((rc = store_step_row (s, q, &row, err)) == EVS_OK && row)
    {
      evs_grow ((void **) &r->win, &cap, r->st.opts.nwin + 1, sizeof *r->win);
      r->win[r->st.opts.nwin++] = (study_window) { sqlite3_column_int (q, 0),
                                                   sqlite3_column_int (q, 1) };
    }
  r->st.opts.win = r->win;
  sqlite3_finalize (q);
  return rc;
}

static int
damaged (evs_store *s, const char *table, evs_error *err)
{
  return evs_fail (err, EVS_EDATA, "%s: damaged run data in %s", s->path, table);
}

/* A stub series that only names TICKER (the writers print nothing else). */
static const evs_series *
stub (store_run *r, const char *ticker)
{
  evs_series *x = &r->stubs[r->nstubs++];
  x->ticker = evs_xstrdup (ticker);
  return x;
}

/* One results row (see load_results' query) into X. */
static bool
read_result (store_run *r, sqlite3_stmt *q, study_result *x)
{
  int64_t row = sqlite3_column_int64 (q, 1);
  if (row < 1 || (size_t) row > r->events.n)
    return false;
  x->event = &r->events.v[row - 1];
  x->series = stub (r, store_col_text (q, 2));
  x->market = sqlite3_column_type (q, 3) == SQLITE_NULL ? NULL : stub (r, store_col_text (q, 3));
  x->has_day0 = store_col_date (q, 4, &x->day0);
  x->status = strcmp (store_col_text (q, 5), "ok") == 0 ? STUDY_OK : STUDY_SKIPPED;
  snprintf (x->reason, sizeof x->reason, "%s", store_col_text (q, 6));
  x->fit.kind = r->st.opts.model;
  x->fit.T = (size_t) sqlite3_column_int64 (q, 9);
  x->fit.alpha = store_col_num (q, 10);
  x->fit.beta = store_col_num (q, 11);
  x->fit.sigma = store_col_num (q, 12);
  x->fit.r2 = store_col_num (q, 13);
  x->fit.df = store_col_num (q, 14);
  x->nconf_total = (size_t) sqlite3_column_int64 (q, 16);
  if (x->status != STUDY_OK)
    return true;
  /* The days: a blob since schema 3, else rows of ars (load_rows). */
  size_t max = (size_t) (r->st.opts.ar.b - r->st.opts.ar.a + 1);
  if (sqlite3_column_type (q, 17) != SQLITE_NULL
      && !unpack_days (sqlite3_column_blob (q, 17), (size_t) sqlite3_column_bytes (q, 17),
                       max, x))
    return false;
  const unsigned char *b = sqlite3_column_blob (q, 15);
  if (b && (size_t) sqlite3_column_bytes (q, 15) == 8 * x->fit.T)
    {
      x->est_ar = evs_xmalloc (x->fit.T * sizeof *x->est_ar);
      store_unpack_doubles (b, x->fit.T, x->est_ar);
    }
  return x->est_ar && store_col_date (q, 7, &x->est_first)
         && store_col_date (q, 8, &x->est_last);
}

static int
load_results (evs_store *s, int64_t id, store_run *r, evs_error *err)
{
  sqlite3_stmt *q;
  bool row;
  /* A reader of a store older than schema 3 (never migrated) has no
   * days column: every result's days are rows of ars. */
  int rc = store_prep (s, s->version >= 3
                       ? "SELECT pos, event_row, ticker, market, day0, status, reason,"
                         " est_first, est_last, n_est, alpha, beta, sigma, r2, df, est_ar, n_conf,"
                         " days FROM results WHERE run_id = ?1 ORDER BY pos"
                       : "SELECT pos, event_row, ticker, market, day0, status, reason,"
                         " est_first, est_last, n_est, alpha, beta, sigma, r2, df, est_ar, n_conf,"
                         " NULL FROM results WHERE run_id = ?1 ORDER BY pos", &q, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (q, 1, id);
  while ((rc = store_step_row (s, q, &row, err)) == EVS_OK && row)
    {
      size_t n = r->st.n;
      if (n == r->cap || sqlite3_column_int64 (q, 0) != (int64_t) n
          || !read_result (r, q, &r->st.res[r->st.n++]))
        {
          rc = damaged (s, "results", err);
          break;
        }
    }
  sqlite3_finalize (q);
  return rc;
}

/* The study_result of results row POS, if the row is in range. */
static study_result *
result_at (store_run *r, sqlite3_stmt *q)
{
  int64_t pos = sqlite3_column_int64 (q, 0);
  return pos >= 0 && (size_t) pos < r->st.n ? &r->st.res[pos] : NULL;
}

static bool
read_car (store_run *r, sqlite3_stmt *q)
{
  study_result *x = result_at (r, q);
  if (!x || x->ncars == r->st.opts.nwin)
    return false;
  if (!x->cars)
    x->cars = evs_xcalloc (r->st.opts.nwin, sizeof *x->cars);
  study_car *c = &x->cars[x->ncars++];
  c->w = (study_window) { sqlite3_column_int (q, 1), sqlite3_column_int (q, 2) };
  c->car = store_col_num (q, 5);
  c->se = store_col_num (q, 6);
  c->t = store_col_num (q, 7);
  c->df = store_col_num (q, 8);
  c->p = store_col_num (q, 9);
  c->bhar = store_col_num (q, 10);
  return store_col_date (q, 3, &c->first) && store_col_date (q, 4, &c->last);
}

static bool
read_day (store_run *r, sqlite3_stmt *q)
{
  study_result *x = result_at (r, q);
  size_t max = (size_t) (r->st.opts.ar.b - r->st.opts.ar.a + 1);
  if (!x || x->ndays == max)
    return false;
  if (!x->days)
    x->days = evs_xcalloc (max, sizeof *x->days);
  study_day *d = &x->days[x->ndays++];
  d->day = sqlite3_column_int (q, 1);
  double *v[] = { &d->ret, &d->mret, &d->expected, &d->ar, &d->se, &d->t, &d->p };
  for (int k = 0; k < 7; k++)
    *v[k] = store_col_num (q, 3 + k);
  return store_col_date (q, 2, &d->date);
}

static bool
read_conf (store_run *r, sqlite3_stmt *q)
{
  study_result *x = result_at (r, q);
  int64_t row = sqlite3_column_int64 (q, 1);
  if (!x || row < 1 || (size_t) row > r->events.n)
    return false;
  x->conf = evs_xrealloc (x->conf, (x->nconf + 1) * sizeof *x->conf);
  x->conf_day = evs_xrealloc (x->conf_day, (x->nconf + 1) * sizeof *x->conf_day);
  x->conf_day[x->nconf] = sqlite3_column_int (q, 2);
  x->conf[x->nconf++] = &r->events.v[row - 1];
  return true;
}

/* Runs QUERY (run id as ?1) and hands each row to READ. */
static int
load_rows (evs_store *s, int64_t id, store_run *r, const char *table,
           const char *query, bool (*read) (store_run *, sqlite3_stmt *),
           evs_error *err)
{
  sqlite3_stmt *q;
  bool row;
  int rc = store_prep (s, query, &q, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (q, 1, id);
  while ((rc = store_step_row (s, q, &row, err)) == EVS_OK && row)
    if (!read (r, q))
      {
        rc = damaged (s, table, err);
        break;
      }
  sqlite3_finalize (q);
  return rc;
}

int
store_run_load (evs_store *s, int64_t id, store_run *r, evs_error *err)
{
  int64_t set;
  memset (r, 0, sizeof *r);
  int rc = load_opts (s, id, r, &set, err);
  if (rc == EVS_OK)
    rc = load_windows (s, id, r, err);
  if (rc == EVS_OK)
    rc = store_load_events (s, set, &r->events, err);
  if (rc == EVS_OK)
    rc = load_results (s, id, r, err);
  if (rc == EVS_OK)
    rc = load_rows (s, id, r, "cars", "SELECT result_pos, start, end, first, last, car, se,"
                    " t, df, p, bhar FROM cars WHERE run_id = ?1 ORDER BY result_pos, pos",
                    read_car, err);
  if (rc == EVS_OK)
    rc = load_rows (s, id, r, "ars", "SELECT result_pos, day, date, return, market_return,"
                    " expected, ar, se, t, p FROM ars WHERE run_id = ?1"
                    " ORDER BY result_pos, day", read_day, err);
  if (rc == EVS_OK)
    rc = load_rows (s, id, r, "confounders", "SELECT result_pos, event_row, day FROM confounders"
                    " WHERE run_id = ?1 ORDER BY result_pos, pos", read_conf, err);
  if (rc == EVS_OK && r->st.n != r->cap)
    rc = damaged (s, "results", err);
  if (rc != EVS_OK)
    store_run_release (r);
  return rc;
}

void
store_run_release (store_run *r)
{
  study_release (&r->st);
  for (size_t i = 0; i < r->nstubs; i++)
    series_release (&r->stubs[i]);
  free (r->stubs);
  free (r->win);
  events_release (&r->events);
  memset (r, 0, sizeof *r);
}

/* ------------------------------------------------------------ history */

static void
read_history (sqlite3_stmt *q, store_history_row *h)
{
  int64_t *n[] = { &h->id, &h->rerun_of, &h->generation, &h->event_set, &h->nresults, &h->nok };
  char **t[] = { &h->status, &h->version, &h->started, &h->finished, &h->events,
                 &h->model, &h->args };
  for (int i = 0; i < 6; i++)
    *n[i] = sqlite3_column_int64 (q, i);
  for (int i = 0; i < 7; i++)
    *t[i] = evs_xstrdup (store_col_text (q, 6 + i));
}

int
store_history (evs_store *s, store_history_row **rows, size_t *n, evs_error *err)
{
  sqlite3_stmt *q;
  bool row;
  size_t cap = 0;
  *rows = NULL;
  *n = 0;
  int rc = store_prep (s, "SELECT r.id, coalesce (r.rerun_of, 0), r.generation, r.event_set,"
                       " r.n_results, (SELECT count (*) FROM results x WHERE x.run_id = r.id"
                       " AND x.status = 'ok'), r.status, r.evstudy, r.started, r.finished,"
                       " e.source, r.model, (SELECT group_concat (arg, ' ') FROM"
                       " (SELECT arg FROM run_args a WHERE a.run_id = r.id ORDER BY pos))"
                       " FROM runs r LEFT JOIN event_sets e ON e.id = r.event_set"
                       " ORDER BY r.id", &q, err);
  if (rc != EVS_OK)
    return rc;
  while ((rc = store_step_row (s, q, &row, err)) == EVS_OK && row)
    {
      evs_grow ((void **) rows, &cap, *n + 1, sizeof **rows);
      read_history (q, &(*rows)[(*n)++]);
    }
  sqlite3_finalize (q);
  return rc;
}

void
store_history_release (store_history_row *rows, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      char *t[] = { rows[i].status, rows[i].version, rows[i].started, rows[i].finished,
                    rows[i].events, rows[i].model, rows[i].args };
      for (int k = 0; k < 7; k++)
        free (t[k]);
    }
  free (rows);
}
