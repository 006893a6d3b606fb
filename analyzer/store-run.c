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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

static const char *const returns_names[] = { "simple", "log" };

/* The statements of one recording, prepared once. */
typedef struct rec {
  evs_store *s;
  int64_t run;
  const study_opts *opts;
  sqlite3_stmt *res, *car, *conf;
} rec;

void
store_bind_run_meta (sqlite3_stmt *q, const store_run_meta *m)
{
  char now[32];
  store_now (now);
  store_bind_text (q, 1, PACKAGE_VERSION);
  store_bind_text (q, 2, m->started);
  store_bind_text (q, 3, now);
  if (m->rerun_of)
    sqlite3_bind_int64 (q, 4, m->rerun_of);
  sqlite3_bind_int64 (q, 5, m->generation);
  sqlite3_bind_int64 (q, 6, m->event_set);
}

static int
insert_run (evs_store *s, const store_run_meta *m, const evs_study *st,
            int64_t *id, evs_error *err)
{
  sqlite3_stmt *q;
  const study_opts *o = &st->opts;
  int rc = store_prep (s, "INSERT INTO runs (status, evstudy, started, finished, rerun_of,"
                       " generation, event_set, model, returns, est_start, est_end,"
                       " min_estimation, ar_start, ar_end, n_results, measure) VALUES ('ok', ?1,"
                       " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", &q, err);
  if (rc != EVS_OK)
    return rc;
  store_bind_run_meta (q, m);
  store_bind_text (q, 7, model_name (o->model));
  store_bind_text (q, 8, returns_names[o->returns]);
  int v[] = { o->est.a, o->est.b, (int) o->min_est, o->ar.a, o->ar.b };
  for (int i = 0; i < 5; i++)
    sqlite3_bind_int (q, 9 + i, v[i]);
  sqlite3_bind_int64 (q, 14, (sqlite3_int64) st->n);
  store_bind_text (q, 15, study_measure_name (o->measure));
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
                       " sigma, r2, df, est_ar, n_conf, days, hist, fit, path) VALUES (?1, ?2, ?3,"
                       " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
                       " ?20, ?21, ?22)",
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

static unsigned char *pack_days (const study_result *x);

/* results.fit (schema 6): what output.c prints of a fit beyond alpha,
 * beta, sigma, r2 and df: k and the iterations (little-endian int32),
 * then the k coefficients, the k variances on the diagonal of their
 * covariance (the coefficient tests' se), and garch's omega, arch, garch
 * and log-likelihood (little-endian doubles), so that export prints a
 * factor or garch run as it was printed. */
#define FIT_EXTRA 4
static unsigned char *
pack_fit (const model_fit *f, size_t *len)
{
  size_t k = f->k <= MODEL_MAX_K ? f->k : MODEL_MAX_K;
  double v[2 * MODEL_MAX_K + FIT_EXTRA];
  for (size_t j = 0; j < k; j++)
    {
      v[j] = f->theta[j];
      v[k + j] = f->cov[j][j];
    }
  double g[FIT_EXTRA] = { f->omega, f->arch, f->garch, f->loglik };
  memcpy (v + 2 * k, g, sizeof g);
  int32_t h[2] = { (int32_t) k, (int32_t) (f->iterations < INT32_MAX ? f->iterations : INT32_MAX) };
  *len = 8 + 8 * (2 * k + FIT_EXTRA);
  unsigned char *b = evs_xmalloc (*len);
  store_put_int32 (b, h, 2);
  store_put_doubles (b + 8, v, 2 * k + FIT_EXTRA);
  return b;
}

/* Unpacks results.fit into F; false if B is not such a blob. */
static bool
unpack_fit (const unsigned char *b, size_t len, model_fit *f)
{
  int32_t h[2];
  double v[2 * MODEL_MAX_K + FIT_EXTRA];
  if (len < 8)
    return false;
  store_unpack_int32 (b, 2, h);
  if (h[0] < 0 || h[0] > MODEL_MAX_K || h[1] < 0
      || len != 8 + 8 * (2 * (size_t) h[0] + FIT_EXTRA))
    return false;
  size_t k = (size_t) h[0];
  store_unpack_doubles (b + 8, 2 * k + FIT_EXTRA, v);
  f->k = k;
  f->iterations = (size_t) h[1];
  for (size_t j = 0; j < k; j++)
    {
      f->theta[j] = v[j];
      f->cov[j][j] = v[k + j];
    }
  f->omega = v[2 * k];
  f->arch = v[2 * k + 1];
  f->garch = v[2 * k + 2];
  f->loglik = v[2 * k + 3];
  return true;
}
#define DAY_BYTES 64

/* results.path (schema 7): the CAR path (study.h), for each of its days
 * the CAR and its se (little-endian doubles); its days are the first
 * npath of the days blob. */
#define PATH_BYTES 16
static unsigned char *
pack_path (const study_result *x)
{
  unsigned char *b = evs_xmalloc (PATH_BYTES * x->npath + 1);
  for (size_t i = 0; i < x->npath; i++)
    {
      double v[] = { x->path[i].car, x->path[i].se };
      store_put_doubles (b + PATH_BYTES * i, v, 2);
    }
  return b;
}


static unsigned char *pack_hist (const study_opts *o, const study_result *x, size_t *len);

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
  size_t hl;
  if (ok && x->hist_ar)
    {
      unsigned char *hb = pack_hist (r->opts, x, &hl);
      sqlite3_bind_blob64 (q, 20, hb, hl, free);
    }
  else
    sqlite3_bind_null (q, 20);
  if (ok)
    {
      size_t fl;
      unsigned char *fb = pack_fit (&x->fit, &fl);
      sqlite3_bind_blob64 (q, 21, fb, fl, free);
    }
  else
    sqlite3_bind_null (q, 21);
  if (ok && x->npath)
    sqlite3_bind_blob64 (q, 22, pack_path (x), PATH_BYTES * (sqlite3_uint64) x->npath, free);
  else
    sqlite3_bind_null (q, 22);
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
  rec r = { .s = s, .opts = &st->opts };
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

/* Everything read back is checked before it is used (store_check runs
 * the same code on every run): damage is EVS_EDATA naming the file, the
 * run and the result, never a crash, a huge allocation or a number the
 * run did not print.  The limits are the command line's (cli.c). */
#define WIN_LIMIT 100000          /* |A|, |B| of --estimation, --window, --ar-days */
#define MAX_WINDOWS 256           /* --window options */

static int
no_run (evs_store *s, int64_t id, evs_error *err)
{
  return evs_fail (err, EVS_EUSAGE, "%s: no run %lld (see evstudy history)", s->path,
                   (long long) id);
}

int
store_bad_run (evs_store *s, int64_t id, evs_error *err, const char *fmt, ...)
{
  char what[800];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (what, sizeof what, fmt, ap);
  va_end (ap);
  return store_bad (s, err, "run %lld: %s", (long long) id, what);
}

/* A row id Q's column I refers to exists in TABLE (constant SQL). */
static int
row_exists (evs_store *s, const char *sql, int64_t id, bool *found, evs_error *err)
{
  sqlite3_stmt *q;
  int rc = store_prep (s, sql, &q, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (q, 1, id);
  rc = store_step_row (s, q, found, err);
  sqlite3_finalize (q);
  return rc;
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
      if (sqlite3_column_type (q, 0) != SQLITE_TEXT)
        {
          rc = store_bad_run (s, id, err, "argument %zu is not text", m->nargs + 1);
          break;
        }
      evs_grow ((void **) &m->args, &cap, m->nargs + 1, sizeof *m->args);
      m->args[m->nargs++] = evs_xstrdup (store_col_text (q, 0));
    }
  sqlite3_finalize (q);
  return rc;
}

/* The references of a run's meta: its import generation, event set and
 * the run it repeated exist. */
static int
check_meta (evs_store *s, int64_t id, const store_run_meta *m, evs_error *err)
{
  bool found;
  int rc = row_exists (s, "SELECT 1 FROM imports WHERE id = ?1", m->generation, &found, err);
  if (rc == EVS_OK && !found)
    return store_bad_run (s, id, err, "generation %lld is not an import of this store",
                    (long long) m->generation);
  if (rc == EVS_OK)
    rc = row_exists (s, "SELECT 1 FROM event_sets WHERE id = ?1", m->event_set, &found, err);
  if (rc == EVS_OK && !found)
    return store_bad_run (s, id, err, "event set %lld does not exist", (long long) m->event_set);
  if (rc == EVS_OK && m->rerun_of)
    rc = row_exists (s, "SELECT 1 FROM runs WHERE id = ?1", m->rerun_of, &found, err);
  if (rc == EVS_OK && m->rerun_of && (!found || m->rerun_of >= id))
    return store_bad_run (s, id, err, "repeats run %lld, which is not an earlier run",
                    (long long) m->rerun_of);
  return rc;
}

int
store_run_meta_load (evs_store *s, int64_t id, store_run_meta *m, evs_error *err)
{
  sqlite3_stmt *q;
  bool row;
  char b[64];
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
      if (sqlite3_column_type (q, 0) == SQLITE_NULL)
        m->rerun_of = 0;
      else if (!store_col_int (q, 0, 1, INT64_MAX, &m->rerun_of))
        rc = store_bad_run (s, id, err, "rerun_of %s is not a run", store_col_quote (q, 0, b, sizeof b));
      if (rc == EVS_OK && !store_col_int (q, 1, 1, INT64_MAX, &m->generation))
        rc = store_bad_run (s, id, err, "generation %s is not an import",
                      store_col_quote (q, 1, b, sizeof b));
      if (rc == EVS_OK && !store_col_int (q, 2, 1, INT64_MAX, &m->event_set))
        rc = store_bad_run (s, id, err, "event set %s is not an id", store_col_quote (q, 2, b, sizeof b));
      snprintf (m->started, sizeof m->started, "%s", store_col_text (q, 3));
    }
  sqlite3_finalize (q);
  if (rc == EVS_OK)
    rc = check_meta (s, id, m, err);
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

/* What reading one run needs: the run, its rebuilt study, the error. */
typedef struct loader {
  evs_store *s;
  int64_t id;
  store_run *r;
  evs_error *err;
  study_day *buf;          /* ars rows of the result being read */
  size_t nbuf, cap;
  int64_t buf_pos;
} loader;

/* Window A:B from columns I, I + 1 of Q; false if damaged. */
static bool
col_window (sqlite3_stmt *q, int i, study_window *w)
{
  int64_t a, b;
  if (!store_col_int (q, i, -WIN_LIMIT, WIN_LIMIT, &a)
      || !store_col_int (q, i + 1, -WIN_LIMIT, WIN_LIMIT, &b) || a > b)
    return false;
  *w = (study_window) { (int) a, (int) b };
  return true;
}

/* The run's parameters (columns 1.. of load_opts' query) into O. */
static int
read_opts (loader *l, sqlite3_stmt *q, study_opts *o)
{
  char b[64];
  int64_t v;
  if (sqlite3_column_type (q, 1) != SQLITE_TEXT || !model_parse (store_col_text (q, 1), &o->model))
    return store_bad_run (l->s, l->id, l->err, "unknown model %s", store_col_quote (q, 1, b, sizeof b));
  if (strcmp (store_col_text (q, 2), "simple") && strcmp (store_col_text (q, 2), "log"))
    return store_bad_run (l->s, l->id, l->err, "unknown returns %s", store_col_quote (q, 2, b, sizeof b));
  o->returns = strcmp (store_col_text (q, 2), "log") == 0 ? RETURNS_LOG : RETURNS_SIMPLE;
  const char *m = store_col_text (q, 10);
  if (strcmp (m, "return") && strcmp (m, "volume") && strcmp (m, "volatility"))
    return store_bad_run (l->s, l->id, l->err, "unknown measure %s", store_col_quote (q, 10, b, sizeof b));
  o->measure = !strcmp (m, "volume") ? STUDY_VOLUME
               : !strcmp (m, "volatility") ? STUDY_VOLATILITY : STUDY_RETURN;
  if (!col_window (q, 3, &o->est))
    return store_bad_run (l->s, l->id, l->err, "estimation window is not A:B with -%d <= A <= B <= %d",
                    WIN_LIMIT, WIN_LIMIT);
  if (!store_col_int (q, 5, 0, o->est.b - o->est.a + 1, &v))
    return store_bad_run (l->s, l->id, l->err, "min_estimation %s is not 0..%d (the estimation window)",
                    store_col_quote (q, 5, b, sizeof b), o->est.b - o->est.a + 1);
  o->min_est = (size_t) v;
  if (!col_window (q, 6, &o->ar))
    return store_bad_run (l->s, l->id, l->err, "ar_start %s, ar_end %s: not A:B with -%d <= A <= B <= %d",
                    store_col_quote (q, 6, b, 32), store_col_quote (q, 7, b + 32, 32),
                    WIN_LIMIT, WIN_LIMIT);
  return EVS_OK;
}

/* The options of the run (model, returns, windows) into R->st.opts, its
 * event set into *SET, and the results array at the run's size. */
static int
load_opts (loader *l, int64_t *set)
{
  sqlite3_stmt *q;
  bool row;
  char b[64];
  store_run *r = l->r;
  /* A store a reader did not migrate (before schema 4) has no measure
   * column: its runs studied returns. */
  int rc = store_prep (l->s, l->s->version >= 4
                       ? "SELECT event_set, model, returns, est_start, est_end,"
                         " min_estimation, ar_start, ar_end, n_results, (SELECT count (*)"
                         " FROM results WHERE run_id = ?1), measure FROM runs WHERE id = ?1"
                       : "SELECT event_set, model, returns, est_start, est_end,"
                         " min_estimation, ar_start, ar_end, n_results, (SELECT count (*)"
                         " FROM results WHERE run_id = ?1), 'return' FROM runs WHERE id = ?1",
                       &q, l->err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (q, 1, l->id);
  rc = store_step_row (l->s, q, &row, l->err);
  if (rc == EVS_OK && !row)
    rc = no_run (l->s, l->id, l->err);
  if (rc == EVS_OK && !store_col_int (q, 0, 1, INT64_MAX, set))
    rc = store_bad_run (l->s, l->id, l->err, "event set %s is not an id",
                  store_col_quote (q, 0, b, sizeof b));
  if (rc == EVS_OK)
    rc = read_opts (l, q, &r->st.opts);
  int64_t n = sqlite3_column_int64 (q, 9), said;
  if (rc == EVS_OK && (!store_col_int (q, 8, 0, INT64_MAX, &said) || said != n))
    rc = store_bad_run (l->s, l->id, l->err, "has %lld results, not %s", (long long) n,
                  store_col_quote (q, 8, b, sizeof b));
  if (rc == EVS_OK)
    {
      /* Allocated once, at the number of rows there are: the results
       * point into STUBS. */
      r->cap = (size_t) n;
      r->st.res = evs_xcalloc (r->cap + 1, sizeof *r->st.res);
      r->stubs = evs_xcalloc (2 * r->cap + 1, sizeof *r->stubs);
    }
  sqlite3_finalize (q);
  return rc;
}

static int
load_windows (loader *l)
{
  sqlite3_stmt *q;
  bool row;
  size_t cap = 0;
  store_run *r = l->r;
  int rc = store_prep (l->s, "SELECT pos, start, end FROM run_windows WHERE run_id = ?1"
                       " ORDER BY pos", &q, l->err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (q, 1, l->id);
  while ((rc = store_step_row (l->s, q, &row, l->err)) == EVS_OK && row)
    {
      size_t k = r->st.opts.nwin;
      int64_t pos;
      study_window w;
      if (k == MAX_WINDOWS || !store_col_int (q, 0, (int64_t) k, (int64_t) k, &pos)
          || !col_window (q, 1, &w))
        {
          rc = store_bad_run (l->s, l->id, l->err, "window %zu is not A:B with -%d <= A <= B <= %d"
                        " (at most %d windows, numbered from 0)", k, WIN_LIMIT, WIN_LIMIT,
                        MAX_WINDOWS);
          break;
        }
      evs_grow ((void **) &r->win, &cap, k + 1, sizeof *r->win);
      r->win[r->st.opts.nwin++] = w;
    }
  r->st.opts.win = r->win;
  sqlite3_finalize (q);
  if (rc == EVS_OK && r->st.opts.nwin == 0)
    rc = store_bad_run (l->s, l->id, l->err, "has no windows");
  return rc;
}

/* A stub series that only names TICKER (the writers print nothing else). */
static const evs_series *
stub (store_run *r, const char *ticker)
{
  evs_series *x = &r->stubs[r->nstubs++];
  x->ticker = evs_xstrdup (ticker);
  return x;
}

/* "PATH: run ID: result POS: " and the message, EVS_EDATA. */
__attribute__ ((format (printf, 3, 4))) static int
bad_result (loader *l, size_t pos, const char *fmt, ...)
{
  char what[700];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (what, sizeof what, fmt, ap);
  va_end (ap);
  return store_bad_run (l->s, l->id, l->err, "result %zu: %s", pos, what);
}

/* One reported day: relative day in the run's --ar-days, after the
 * previous day, on a valid date after the previous one. */
static int
check_day (loader *l, size_t pos, const char *where, size_t i, const study_day *d,
           const study_day *prev)
{
  const study_window *ar = &l->r->st.opts.ar;
  if (d->day < ar->a || d->day > ar->b || (prev && d->day <= prev->day))
    return bad_result (l, pos, "%s: day %zu: relative day %d is not in %d:%d after the"
                       " previous one", where, i, d->day, ar->a, ar->b);
  if (!store_day_valid (d->date) || (prev && d->date <= prev->date))
    return bad_result (l, pos, "%s: day %zu: date %ld is not a date after the previous one",
                       where, i, (long) d->date);
  return EVS_OK;
}

/* A result's reported days as one blob (schema 3): for each day its
 * relative day and date (int32), then return, market return, expected
 * return, AR, se, t and p (doubles), little-endian: 64 bytes a day. */
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

/* The days blob of result POS (LEN bytes at B) into X: at most one a
 * day of --ar-days, each checked (NaN is a value not defined that day;
 * an infinity is damage). */
static int
unpack_days (loader *l, size_t pos, const unsigned char *b, size_t len, study_result *x)
{
  const study_window *ar = &l->r->st.opts.ar;
  size_t max = (size_t) (ar->b - ar->a + 1), n = len / DAY_BYTES;
  if (len % DAY_BYTES || n > max)
    return bad_result (l, pos, "days blob has %zu bytes, expected a multiple of %d up to %zu",
                       len, DAY_BYTES, DAY_BYTES * max);
  x->days = evs_xcalloc (n + 1, sizeof *x->days);
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
      x->ndays = i + 1;
      int rc = check_day (l, pos, "days blob", i, d, i ? d - 1 : NULL);
      for (int j = 0; rc == EVS_OK && j < 7; j++)
        if (isinf (v[j]))
          rc = bad_result (l, pos, "days blob: day %zu: value %d is infinite", i, j + 1);
      if (rc != EVS_OK)
        return rc;
    }
  return EVS_OK;
}

/* The path blob of result POS into X, whose days are read: one CAR and
 * se for each of its first days, which are consecutive (study.h); NaN
 * is a value not defined, an infinity damage. */
static int
unpack_path (loader *l, size_t pos, const unsigned char *b, size_t len, study_result *x)
{
  size_t n = len / PATH_BYTES;
  if (len % PATH_BYTES || n > x->ndays || !n)
    return bad_result (l, pos, "path blob has %zu bytes, expected a multiple of %d from %d"
                       " to %zu (its %zu days)", len, PATH_BYTES, PATH_BYTES,
                       PATH_BYTES * x->ndays, x->ndays);
  x->path = evs_xcalloc (n, sizeof *x->path);
  x->npath = n;
  for (size_t i = 0; i < n; i++)
    {
      double v[2];
      store_unpack_doubles (b + PATH_BYTES * i, 2, v);
      x->path[i] = (study_path) { v[0], v[1] };
      if (x->days[i].day != x->days[0].day + (int) i)
        return bad_result (l, pos, "path blob: day %zu: relative day %d does not follow the"
                           " path's first day %d", i, x->days[i].day, x->days[0].day);
      if (isinf (v[0]) || isinf (v[1]))
        return bad_result (l, pos, "path blob: day %zu: a value is infinite", i);
    }
  return EVS_OK;
}

/* A result's history as one blob (schema 4): ten int32 (the number of
 * days kept N, hist_i0, the first day S with a se, est_a, and the
 * warnings: warn, gap_day, jump_day, gap_days, gap_date, jump_date), the
 * double jump, then N doubles (the ARs, NaN where none), N int32 (their
 * dates) and N - S doubles (their se).  The se is kept from the event
 * period on (the reported days and the windows), all that the aggregate
 * reads of it (aggregate.c ar_at): S is at least that day's index. */
#define HIST_HEAD (10 * 4 + 8)

static size_t
hist_se_start (const study_opts *o, const study_result *x)
{
  study_window span = study_span (o);
  int first = o->ar.a < span.a ? o->ar.a : span.a;
  long s = (long) x->hist_i0 + (first < 0 ? first : 0);
  s = s < (long) x->hist_se_from ? (long) x->hist_se_from : s;
  return s > (long) x->nhist ? x->nhist : (size_t) s;
}

static unsigned char *
pack_hist (const study_opts *o, const study_result *x, size_t *len)
{
  size_t n = x->nhist, s = hist_se_start (o, x);
  *len = HIST_HEAD + 12 * n + 8 * (n - s);
  unsigned char *b = evs_xmalloc (*len + 1);
  int32_t h[] = { (int32_t) n, (int32_t) x->hist_i0, (int32_t) s, x->est_a, (int32_t) x->warn,
                  x->gap_day, x->jump_day, x->gap_days, x->gap_date, x->jump_date };
  store_put_int32 (b, h, 10);
  store_put_doubles (b + 40, &x->jump, 1);
  store_put_doubles (b + HIST_HEAD, x->hist_ar, n);
  store_put_int32 (b + HIST_HEAD + 8 * n, x->hist_date, n);
  store_put_doubles (b + HIST_HEAD + 12 * n, x->hist_se + (s - x->hist_se_from), n - s);
  return b;
}

/* The hist blob of result POS into X, checked: its lengths add up, the
 * estimation window lies inside it (the aggregate reads its dates there)
 * and every date is a date in order. */
static int
unpack_hist (loader *l, size_t pos, const unsigned char *b, size_t len, study_result *x)
{
  int32_t h[10];
  if (len < HIST_HEAD)
    return bad_result (l, pos, "hist blob has %zu bytes, less than its header", len);
  store_unpack_int32 (b, 10, h);
  size_t n = (size_t) (uint32_t) h[0], s = (size_t) (uint32_t) h[2];
  long e0 = (long) h[1] + h[3];
  if (h[0] < 0 || h[1] < 0 || h[2] < 0 || s > n || (len - HIST_HEAD) / 12 < n
      || len != HIST_HEAD + 12 * n + 8 * (n - s) || e0 < 0 || (size_t) e0 + x->fit.T > n
      || h[3] < -WIN_LIMIT || h[3] > WIN_LIMIT || (unsigned) h[4] > 3u)
    return bad_result (l, pos, "hist blob of %zu bytes does not hold the history of its"
                       " estimation window", len);
  x->nhist = n;
  x->hist_i0 = (size_t) h[1];
  x->hist_se_from = s;
  x->est_a = h[3];
  x->warn = (unsigned) h[4];
  x->gap_day = h[5], x->jump_day = h[6], x->gap_days = h[7];
  x->gap_date = h[8], x->jump_date = h[9];
  store_unpack_doubles (b + 40, 1, &x->jump);
  x->hist_ar = evs_xmalloc ((n + 1) * sizeof *x->hist_ar);
  x->hist_date = evs_xmalloc ((n + 1) * sizeof *x->hist_date);
  x->hist_se = evs_xmalloc ((n - s + 1) * sizeof *x->hist_se);
  store_unpack_doubles (b + HIST_HEAD, n, x->hist_ar);
  store_unpack_int32 (b + HIST_HEAD + 8 * n, n, x->hist_date);
  store_unpack_doubles (b + HIST_HEAD + 12 * n, n - s, x->hist_se);
  for (size_t i = 0; i < n; i++)
    if (!store_day_valid (x->hist_date[i]) || (i && x->hist_date[i] <= x->hist_date[i - 1])
        || isinf (x->hist_ar[i]))
      return bad_result (l, pos, "hist blob: day %zu: not a date after the previous one,"
                         " or an infinite AR", i);
  return EVS_OK;
}

/* The estimation-window residuals: n_est finite doubles. */
static int
read_est_ar (loader *l, sqlite3_stmt *q, size_t pos, study_result *x)
{
  const unsigned char *b = sqlite3_column_blob (q, 15);
  size_t len = (size_t) sqlite3_column_bytes (q, 15);
  if (sqlite3_column_type (q, 15) != SQLITE_BLOB || len != 8 * x->fit.T || !b)
    return bad_result (l, pos, "est_ar blob has %zu bytes, expected %zu (n_est %zu)", len,
                       8 * x->fit.T, x->fit.T);
  x->est_ar = evs_xmalloc (x->fit.T * sizeof *x->est_ar);
  store_unpack_doubles (b, x->fit.T, x->est_ar);
  for (size_t i = 0; i < x->fit.T; i++)
    if (!isfinite (x->est_ar[i]))
      return bad_result (l, pos, "est_ar value %zu is not finite", i + 1);
  return EVS_OK;
}

/* What an ok result holds beyond a skipped one: the estimation window,
 * its n, the fit, the residuals and the days. */
static int
read_fit (loader *l, sqlite3_stmt *q, size_t pos, study_result *x)
{
  static const char *const names[] = { "alpha", "beta", "sigma", "r2", "df" };
  double *v[] = { &x->fit.alpha, &x->fit.beta, &x->fit.sigma, &x->fit.r2, &x->fit.df };
  const study_opts *o = &l->r->st.opts;
  char b[64];
  int64_t n;
  if (!x->has_day0)
    return bad_result (l, pos, "ok without a day 0");
  if (!store_col_date (q, 7, &x->est_first) || !store_col_date (q, 8, &x->est_last)
      || x->est_first > x->est_last)
    return bad_result (l, pos, "estimation window %s..%s is not two dates in order",
                       store_col_quote (q, 7, b, 32), store_col_quote (q, 8, b + 32, 32));
  if (!store_col_int (q, 9, 1, o->est.b - o->est.a + 1, &n))
    return bad_result (l, pos, "n_est %s is not 1..%d (the estimation window %d:%d)",
                       store_col_quote (q, 9, b, sizeof b), o->est.b - o->est.a + 1,
                       o->est.a, o->est.b);
  x->fit.T = (size_t) n;
  for (int i = 0; i < 5; i++)
    if (!store_col_real (q, 10 + i, v[i]))
      return bad_result (l, pos, "%s %s is not a finite number", names[i],
                         store_col_quote (q, 10 + i, b, sizeof b));
  int rc = read_est_ar (l, q, pos, x);
  /* The days: a blob since schema 3, else rows of ars (read_day). */
  if (rc == EVS_OK && sqlite3_column_type (q, 17) != SQLITE_NULL)
    rc = sqlite3_column_type (q, 17) != SQLITE_BLOB
         ? bad_result (l, pos, "days is not a blob")
         : unpack_days (l, pos, sqlite3_column_blob (q, 17),
                        (size_t) sqlite3_column_bytes (q, 17), x);
  /* What the aggregate reads: since schema 4 (else none, see has_hist). */
  if (rc == EVS_OK && sqlite3_column_type (q, 18) != SQLITE_NULL)
    rc = sqlite3_column_type (q, 18) != SQLITE_BLOB
         ? bad_result (l, pos, "hist is not a blob")
         : unpack_hist (l, pos, sqlite3_column_blob (q, 18),
                        (size_t) sqlite3_column_bytes (q, 18), x);
  /* The coefficients and garch's parameters: since schema 6. */
  if (rc == EVS_OK && sqlite3_column_type (q, 19) != SQLITE_NULL
      && (sqlite3_column_type (q, 19) != SQLITE_BLOB
          || !unpack_fit (sqlite3_column_blob (q, 19), (size_t) sqlite3_column_bytes (q, 19),
                          &x->fit)))
    rc = bad_result (l, pos, "fit is not a blob of coefficients");
  /* The CAR path: since schema 7 (else none, study_has_path). */
  if (rc == EVS_OK && sqlite3_column_type (q, 20) != SQLITE_NULL)
    rc = sqlite3_column_type (q, 20) != SQLITE_BLOB
         ? bad_result (l, pos, "path is not a blob")
         : unpack_path (l, pos, sqlite3_column_blob (q, 20),
                        (size_t) sqlite3_column_bytes (q, 20), x);
  return rc;
}

/* One results row (see load_results' query) into X, at position POS. */
static int
read_result (loader *l, sqlite3_stmt *q, size_t pos, study_result *x)
{
  store_run *r = l->r;
  char b[64];
  int64_t row, nconf;
  if (!store_col_int (q, 1, 1, (int64_t) r->events.n, &row))
    return bad_result (l, pos, "event row %s is not in its event set (%zu events)",
                       store_col_quote (q, 1, b, sizeof b), r->events.n);
  x->event = &r->events.v[row - 1];
  if (sqlite3_column_type (q, 2) != SQLITE_TEXT
      || (sqlite3_column_type (q, 3) != SQLITE_NULL && sqlite3_column_type (q, 3) != SQLITE_TEXT))
    return bad_result (l, pos, "ticker or market is not text");
  x->series = stub (r, store_col_text (q, 2));
  x->market = sqlite3_column_type (q, 3) == SQLITE_NULL ? NULL : stub (r, store_col_text (q, 3));
  x->has_day0 = store_col_date (q, 4, &x->day0);
  if (!x->has_day0 && sqlite3_column_type (q, 4) != SQLITE_NULL)
    return bad_result (l, pos, "day0 %s is not a date", store_col_quote (q, 4, b, sizeof b));
  const char *status = store_col_text (q, 5);
  if (strcmp (status, "ok") && strcmp (status, "skipped"))
    return bad_result (l, pos, "unknown status %s", store_col_quote (q, 5, b, sizeof b));
  x->status = strcmp (status, "ok") == 0 ? STUDY_OK : STUDY_SKIPPED;
  snprintf (x->reason, sizeof x->reason, "%s", store_col_text (q, 6));
  x->fit.kind = r->st.opts.model;
  if (!store_col_int (q, 16, 0, INT64_MAX, &nconf))
    return bad_result (l, pos, "n_conf %s is not a count", store_col_quote (q, 16, b, sizeof b));
  x->nconf_total = (size_t) nconf;
  x->fit.alpha = x->fit.beta = x->fit.sigma = x->fit.r2 = x->fit.df = NAN;
  return x->status == STUDY_OK ? read_fit (l, q, pos, x) : EVS_OK;
}

static int
load_results (loader *l)
{
  sqlite3_stmt *q;
  bool row;
  evs_store *s = l->s;
  store_run *r = l->r;
  /* A reader of a store older than schema 3 (never migrated) has no
   * days column: every result's days are rows of ars; nor the columns
   * of later schemas (NULL: not kept). */
  char sql[512];
  snprintf (sql, sizeof sql, "SELECT pos, event_row, ticker, market, day0, status, reason,"
            " est_first, est_last, n_est, alpha, beta, sigma, r2, df, est_ar, n_conf, %s, %s,"
            " %s, %s FROM results WHERE run_id = ?1 ORDER BY pos",
            s->version >= 3 ? "days" : "NULL", s->version >= 5 ? "hist" : "NULL",
            s->version >= 6 ? "fit" : "NULL", s->version >= 7 ? "path" : "NULL");
  int rc = store_prep (s, sql, &q, l->err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (q, 1, l->id);
  while ((rc = store_step_row (s, q, &row, l->err)) == EVS_OK && row)
    {
      size_t n = r->st.n;
      int64_t pos;
      if (n == r->cap || !store_col_int (q, 0, (int64_t) n, (int64_t) n, &pos))
        rc = bad_result (l, n, "missing (results are numbered from 0)");
      else
        rc = read_result (l, q, n, &r->st.res[r->st.n++]);
      if (rc != EVS_OK)
        break;
    }
  sqlite3_finalize (q);
  return rc;
}

/* The position in column 0 of Q as a result of the run, or an error. */
static int
result_at (loader *l, sqlite3_stmt *q, const char *table, study_result **x)
{
  int64_t pos;
  char b[64];
  if (!store_col_int (q, 0, 0, (int64_t) l->r->st.n - 1, &pos))
    return store_bad_run (l->s, l->id, l->err, "%s row of result %s, which does not exist",
                    table, store_col_quote (q, 0, b, sizeof b));
  *x = &l->r->st.res[pos];
  return EVS_OK;
}

static int
read_car (loader *l, sqlite3_stmt *q)
{
  static const char *const names[] = { "car", "se", "t", "df", "p", "bhar" };
  study_result *x;
  study_window w;
  char b[64];
  int64_t pos;
  const study_opts *o = &l->r->st.opts;
  int rc = result_at (l, q, "cars", &x);
  if (rc != EVS_OK)
    return rc;
  size_t k = x->ncars, rp = (size_t) (x - l->r->st.res);
  if (k == o->nwin || !store_col_int (q, 1, (int64_t) k, (int64_t) k, &pos)
      || !col_window (q, 2, &w) || w.a != o->win[k].a || w.b != o->win[k].b)
    return bad_result (l, rp, "car %zu is not the run's window %zu", k, k);
  if (!x->cars)
    x->cars = evs_xcalloc (o->nwin, sizeof *x->cars);
  study_car *c = &x->cars[x->ncars++];
  c->w = w;
  if (!store_col_date (q, 4, &c->first) || !store_col_date (q, 5, &c->last)
      || c->first > c->last)
    return bad_result (l, rp, "car %zu: %s..%s is not two dates in order", k,
                       store_col_quote (q, 4, b, 32), store_col_quote (q, 5, b + 32, 32));
  double *v[] = { &c->car, &c->se, &c->t, &c->df, &c->p, &c->bhar };
  for (int i = 0; i < 6; i++)
    if (!store_col_real (q, 6 + i, v[i]))
      return bad_result (l, rp, "car %zu: %s %s is not a finite number", k, names[i],
                         store_col_quote (q, 6 + i, b, sizeof b));
  return EVS_OK;
}

/* Hands the ars rows gathered for one result to it. */
static int
flush_days (loader *l)
{
  if (!l->nbuf)
    return EVS_OK;
  study_result *x = &l->r->st.res[l->buf_pos];
  if (x->ndays || x->status != STUDY_OK)
    return bad_result (l, (size_t) l->buf_pos, "days both in its blob and in ars,"
                       " or for a skipped result");
  x->days = l->buf;
  x->ndays = l->nbuf;
  l->buf = NULL;
  l->nbuf = l->cap = 0;
  return EVS_OK;
}

/* One row of ars (runs recorded before schema 3). */
static int
read_day (loader *l, sqlite3_stmt *q)
{
  study_result *x;
  int64_t day;
  char b[64];
  int rc = result_at (l, q, "ars", &x);
  if (rc != EVS_OK)
    return rc;
  size_t rp = (size_t) (x - l->r->st.res);
  if (l->nbuf && (int64_t) rp != l->buf_pos && (rc = flush_days (l)) != EVS_OK)
    return rc;
  l->buf_pos = (int64_t) rp;
  if (!store_col_int (q, 1, -WIN_LIMIT, WIN_LIMIT, &day))
    return bad_result (l, rp, "ars: day %s is not a relative day",
                       store_col_quote (q, 1, b, sizeof b));
  evs_grow ((void **) &l->buf, &l->cap, l->nbuf + 1, sizeof *l->buf);
  study_day *d = memset (&l->buf[l->nbuf++], 0, sizeof *l->buf);
  d->day = (int) day;
  if (!store_col_date (q, 2, &d->date))
    d->date = INT32_MIN;
  rc = check_day (l, rp, "ars", l->nbuf - 1, d, l->nbuf > 1 ? d - 1 : NULL);
  double *v[] = { &d->ret, &d->mret, &d->expected, &d->ar, &d->se, &d->t, &d->p };
  for (int k = 0; rc == EVS_OK && k < 7; k++)
    if (!store_col_real (q, 3 + k, v[k]))
      rc = bad_result (l, rp, "ars: day %d: value %d is not a finite number", d->day, k + 1);
  return rc;
}

static int
read_conf (loader *l, sqlite3_stmt *q)
{
  study_result *x;
  int64_t row, day;
  char b[64];
  int rc = result_at (l, q, "confounders", &x);
  if (rc != EVS_OK)
    return rc;
  size_t rp = (size_t) (x - l->r->st.res);
  if (x->nconf == STUDY_MAX_CONFOUNDERS || x->nconf == x->nconf_total)
    return bad_result (l, rp, "more confounders than n_conf %zu (at most %d listed)",
                       x->nconf_total, STUDY_MAX_CONFOUNDERS);
  if (!store_col_int (q, 1, 1, (int64_t) l->r->events.n, &row))
    return bad_result (l, rp, "confounder event row %s is not in its event set",
                       store_col_quote (q, 1, b, sizeof b));
  if (!store_col_int (q, 2, INT32_MIN, INT32_MAX, &day))
    return bad_result (l, rp, "confounder day %s is not a relative day",
                       store_col_quote (q, 2, b, sizeof b));
  x->conf = evs_xrealloc (x->conf, (x->nconf + 1) * sizeof *x->conf);
  x->conf_day = evs_xrealloc (x->conf_day, (x->nconf + 1) * sizeof *x->conf_day);
  x->conf_day[x->nconf] = (int) day;
  x->conf[x->nconf++] = &l->r->events.v[row - 1];
  return EVS_OK;
}

/* Runs QUERY (run id as ?1) and hands each row to READ. */
static int
load_rows (loader *l, const char *query, int (*read) (loader *, sqlite3_stmt *))
{
  sqlite3_stmt *q;
  bool row;
  int rc = store_prep (l->s, query, &q, l->err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (q, 1, l->id);
  while ((rc = store_step_row (l->s, q, &row, l->err)) == EVS_OK && row)
    if ((rc = read (l, q)) != EVS_OK)
      break;
  sqlite3_finalize (q);
  return rc;
}

/* An ok result has a CAR for every window of the run (or none). */
static int
check_cars (loader *l)
{
  for (size_t i = 0; i < l->r->st.n; i++)
    {
      const study_result *x = &l->r->st.res[i];
      if (x->ncars && x->ncars != l->r->st.opts.nwin)
        return bad_result (l, i, "has %zu CARs, the run %zu windows", x->ncars,
                           l->r->st.opts.nwin);
    }
  return EVS_OK;
}

int
store_run_load (evs_store *s, int64_t id, store_run *r, evs_error *err)
{
  int64_t set;
  loader l = { .s = s, .id = id, .r = r, .err = err };
  memset (r, 0, sizeof *r);
  bool intraday = false;
  int rc = s->version >= 9 ? row_exists (s, "SELECT 1 FROM runs WHERE id = ?1"
                                         " AND kind = 'intraday'", id, &intraday, err) : EVS_OK;
  if (rc == EVS_OK && intraday)   /* bar_store.h's */
    return evs_fail (err, EVS_EUSAGE, "run %lld is an intraday run: evstudy intraday --db %s"
                     " --rerun %lld repeats it, evstudy export writes it", (long long) id,
                     s->path, (long long) id);
  if (rc == EVS_OK)
    rc = load_opts (&l, &set);
  if (rc == EVS_OK)
    rc = load_windows (&l);
  if (rc == EVS_OK && (rc = store_load_events (s, set, &r->events, err)) == EVS_EUSAGE)
    rc = store_bad_run (s, id, err, "event set %lld does not exist", (long long) set);
  if (rc == EVS_OK)
    rc = load_results (&l);
  if (rc == EVS_OK)
    rc = load_rows (&l, "SELECT result_pos, pos, start, end, first, last, car, se, t, df, p,"
                    " bhar FROM cars WHERE run_id = ?1 ORDER BY result_pos, pos", read_car);
  if (rc == EVS_OK)
    rc = check_cars (&l);
  if (rc == EVS_OK)
    rc = load_rows (&l, "SELECT result_pos, day, date, return, market_return, expected, ar,"
                    " se, t, p FROM ars WHERE run_id = ?1 ORDER BY result_pos, day", read_day);
  if (rc == EVS_OK)
    rc = flush_days (&l);
  free (l.buf);
  if (rc == EVS_OK)
    rc = load_rows (&l, "SELECT result_pos, event_row, day FROM confounders"
                    " WHERE run_id = ?1 ORDER BY result_pos, pos", read_conf);
  if (rc == EVS_OK && r->st.n != r->cap)
    rc = store_bad_run (s, id, err, "has %zu results, not %zu", r->st.n, r->cap);
  if (rc != EVS_OK)
    store_run_release (r);
  else
    r->st.events = &r->events;
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
  /* The model, followed by the measure when not returns ("market
   * (volume)"); a store before schema 4 (not migrated by a reader) has
   * only returns. */
  char sql[1024];
  /* Schema 9: an intraday run counts its bar_results and says so
   * ("intraday market"). */
  bool v9 = s->version >= 9;
  snprintf (sql, sizeof sql, "SELECT r.id, coalesce (r.rerun_of, 0), r.generation, r.event_set,"
            " r.n_results, (SELECT count (*) FROM results x WHERE x.run_id = r.id"
            " AND x.status = 'ok')%s, r.status, r.evstudy, r.started, r.finished,"
            " e.source, %sr.model%s, (SELECT group_concat (arg, ' ') FROM"
            " (SELECT arg FROM run_args a WHERE a.run_id = r.id ORDER BY pos))"
            " FROM runs r LEFT JOIN event_sets e ON e.id = r.event_set"
            " ORDER BY r.id",
            v9 ? " + (SELECT coalesce (sum (ok), 0) FROM bar_results b WHERE b.run_id = r.id)" : "",
            v9 ? "CASE r.kind WHEN 'intraday' THEN 'intraday ' ELSE '' END || " : "",
            s->version >= 4 ? " || CASE r.measure WHEN 'return' THEN ''"
            " ELSE ' (' || r.measure || ')' END" : "");
  int rc = store_prep (s, sql, &q, err);
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
