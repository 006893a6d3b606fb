/* study.c -- run the event study over every (event, series) pair. */
#include <config.h>
#include "study.h"

#include <math.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "date.h"
#include "evtests.h"
#include "factors.h"
#include "garch.h"
#include "pool.h"

#define NO_DAY0 ((size_t) -1)
/* The series has no price on or before the event's date, or day 0's
 * session on the series precedes every date it shares with its market:
 * the first session after could be years later. */
#define NO_COMMON ((size_t) -2)

size_t study_full_history = STUDY_FULL_HISTORY;

/* One thread's workspace: the arena its pairs' results are taken from,
 * and scratch for the estimation, grown to the largest window seen, so
 * that the per-pair loop does not call malloc. */
typedef struct pair_ws {
  arena *mem;
  double *scratch;
  size_t cap;
} pair_ws;

/* N doubles of scratch (valid until the next call). */
static double *
scratch (pair_ws *w, size_t n)
{
  if (n > w->cap)
    {
      free (w->scratch);
      w->cap = n;
      w->scratch = evs_xmalloc (n * sizeof *w->scratch);
    }
  return w->scratch;
}

const char *
study_measure_name (enum study_measure m)
{
  return m == STUDY_VOLUME ? "volume" : m == STUDY_VOLATILITY ? "volatility" : "return";
}

void
study_opts_default (study_opts *o)
{
  memset (o, 0, sizeof *o);
  o->measure = STUDY_RETURN;
  o->model = MODEL_MEAN;
  o->returns = RETURNS_SIMPLE;
  o->est = (study_window) { -250, -11 };
  o->ar = (study_window) { -10, 10 };
  o->min_est = 120;
  o->rf_col = -1;
  o->dimson_lags = 1;
  o->jobs = 1;
  o->max_gap_days = 10;
}

study_window
study_span (const study_opts *o)
{
  study_window s = { 0, 0 };
  for (size_t w = 0; w < o->nwin; w++)
    {
      if (w == 0 || o->win[w].a < s.a)
        s.a = o->win[w].a;
      if (w == 0 || o->win[w].b > s.b)
        s.b = o->win[w].b;
    }
  return s;
}

__attribute__ ((format (printf, 2, 3))) static void
skip (study_result *r, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (r->reason, sizeof r->reason, fmt, ap);
  va_end (ap);
  r->status = STUDY_SKIPPED;
}

/* Index in A of day 0 of E for input IN, or NO_DAY0 (after the data) or
 * NO_COMMON (before the series' first price or the first shared date).  Day 0 is found on the
 * series' own sessions (K, from calendar_day0_date), then moved to the
 * first date the market shares with it. */
static size_t
find_day0 (const study_input *in, const evs_aligned *a, const evs_event *e, size_t k)
{
  const evs_series *s = in->series;
  if (k == s->n)
    return NO_DAY0;
  if ((k == 0 && s->date[0] > e->stamp.day) || (a->n && s->date[k] < a->date[0]))
    return NO_COMMON;
  size_t i0 = returns_lower_bound (a, s->date[k]);
  return i0 < a->n ? i0 : NO_DAY0;
}

/* The regressor row of return I: E[R_I] = *OFF + x' theta with X of
 * fit->k entries (see model.h).  False if a factor return is missing. */
static bool
xrow (const study_opts *o, const evs_aligned *a, size_t i, double *x, double *off)
{
  double rm = a->rm ? a->rm[i] : 0.0;
  *off = 0.0;
  x[0] = 1.0;
  if (model_uses_factors (o->model))
    {
      for (size_t j = 0; j < a->nf; j++)
        x[1 + j] = a->f[i * a->nf + j];
      *off = a->rf ? a->rf[i] : 0.0;
      bool ok = isfinite (*off);
      for (size_t j = 0; j < a->nf; j++)
        ok = ok && isfinite (x[1 + j]);
      return ok;
    }
  if (o->model == MODEL_MARKET_ADJUSTED)
    *off = rm;
  else
    x[1] = rm;
  return true;
}

/* Factor models: OLS of R - RF on (1, factors) over the returns LO..HI
 * whose factor returns exist (a missing factor day drops the return). */
static int
estimate_factors (const study_opts *o, const evs_aligned *a, long lo, long hi,
                  study_result *r, pair_ws *w, evs_error *err)
{
  size_t k = 1 + a->nf, T = 0, rows = (size_t) (hi - lo + 1);
  double *X = scratch (w, rows * (k + 1)), *y = X + rows * k;
  for (long i = lo; i <= hi; i++)
    {
      double off;
      if (!xrow (o, a, (size_t) i, X + T * k, &off))
        continue;
      y[T++] = a->r[i] - off;
    }
  int rc = T < o->min_est
    ? evs_fail (err, EVS_EDATA, "too few estimation days with factor returns (%zu < %zu)",
                T, o->min_est)
    : model_ols (o->model, y, X, T, k, o->beta_col, &r->fit, err);
  return rc;
}

static int
fit_window (const study_opts *o, const evs_aligned *a, long lo, long hi,
            study_result *r, pair_ws *w, evs_error *err)
{
  size_t T = (size_t) (hi - lo + 1);
  if (model_uses_factors (o->model))
    return estimate_factors (o, a, lo, hi, r, w, err);
  if (o->model == MODEL_SCHOLES_WILLIAMS || o->model == MODEL_DIMSON)
    return model_estimate_lagged (o->model, a->r + lo, a->rm + lo, T,
                                  o->model == MODEL_DIMSON ? o->dimson_lags : 1,
                                  &r->fit, err);
  if (o->model == MODEL_GARCH)
    return garch_estimate (a->r + lo, a->rm + lo, T, &r->fit, err);
  return model_estimate (o->model, a->r + lo, a->rm ? a->rm + lo : NULL, T,
                         &r->fit, err);
}

/* Market returns before and after the window that the model reads. */
static long
lags_needed (const study_opts *o)
{
  return o->model == MODEL_DIMSON ? (long) o->dimson_lags
         : o->model == MODEL_SCHOLES_WILLIAMS ? 1 : 0;
}

/* The estimation-window residuals R - E[R] (valid rows only), returns
 * LO..HI.  When every return of the window has one (fit.T = HI - LO + 1)
 * and the history kept (fill_hist) covers the window, they are that
 * slice of hist_ar, computed there the same way, instead of a copy. */
static void
keep_residuals (const study_opts *o, const evs_aligned *a, size_t i0, long lo,
                long hi, study_result *r, pair_ws *w)
{
  double x[MODEL_MAX_K], off;
  size_t n = 0;
  long h = lo - ((long) i0 - (long) r->hist_i0);
  if (r->fit.T == (size_t) (hi - lo + 1) && h >= 0 && h + (long) r->fit.T <= (long) r->nhist)
    {
      r->est_ar = r->hist_ar + h;
      return;
    }
  r->est_ar = arena_calloc (w->mem, r->fit.T, sizeof *r->est_ar);
  for (long i = lo; i <= hi && n < r->fit.T; i++)
    if (xrow (o, a, (size_t) i, x, &off))
      r->est_ar[n++] = a->r[i] - off - model_xtheta (&r->fit, x);
}

/* Residual standard deviations at or below this fraction of the root
 * mean square of the estimation-window dependent variable (R, or R - RF
 * for the factor models, R - Rm for market-adjusted) are rounding error:
 * the model explains it exactly (a constant price, a stock that is its
 * market), and every t statistic would be 0/0 or x/0. */
#define STUDY_MIN_REL_SIGMA 1e-10

/* Whether the fit of R over the estimation window LO..HI can standardise
 * anything: its coefficients, covariance and residual sd finite and the
 * sd not zero (relative to the returns' size).  Else skips R. */
static bool
fit_usable (const study_opts *o, const evs_aligned *a, long lo, long hi,
            study_result *r)
{
  const model_fit *f = &r->fit;
  bool finite = isfinite (f->sigma);
  for (size_t i = 0; i < f->k; i++)
    {
      finite = finite && isfinite (f->theta[i]);
      for (size_t j = 0; j < f->k; j++)
        finite = finite && isfinite (f->cov[i][j]);
    }
  if (!finite)
    {
      skip (r, "non-finite model fit over the estimation window");
      return false;
    }
  double ss = 0, x[MODEL_MAX_K], off;
  for (long i = lo; i <= hi; i++)
    if (xrow (o, a, (size_t) i, x, &off))
      ss += (a->r[i] - off) * (a->r[i] - off);
  double rms = sqrt (ss / (double) f->T);
  if (!(f->sigma > STUDY_MIN_REL_SIGMA * rms))
    {
      skip (r, "zero variance of estimation-window residuals");
      return false;
    }
  return true;
}

/* Why an estimation window was cut short into BUF: ": no prices of SPY
 * before 2021-01-04" when it was cut at the start of the data (BEFORE)
 * or "... after ..." at its end (AFTER), naming whichever of the series
 * and its market starts later (ends sooner); "" otherwise. */
static void
data_limit (const evs_aligned *a, bool before, bool after, const study_result *r,
            char *buf, size_t size)
{
  const evs_series *s = r->series, *m = r->market;
  char b[11];
  buf[0] = '\0';
  if (!a->n || !s->n || (m && !m->n))
    return;
  if (before)
    {
      const evs_series *x = m && m->date[0] > s->date[0] ? m : s;
      snprintf (buf, size, ": no prices of %s before %s", x->ticker, date_format (x->date[0], b));
    }
  else if (after)
    {
      const evs_series *x = m && m->date[m->n - 1] < s->date[s->n - 1] ? m : s;
      snprintf (buf, size, ": no prices of %s after %s", x->ticker,
                date_format (x->date[x->n - 1], b));
    }
}

/* Fits the model over the estimation window of day 0 = I0: returns
 * *LO..*HI. */
static bool
estimate (const study_opts *o, const evs_aligned *a, size_t i0, study_result *r,
          pair_ws *w, long *elo, long *ehi)
{
  long K = lags_needed (o);
  long lo = (long) i0 + o->est.a, hi = (long) i0 + o->est.b;
  if (lo < 1 + K)
    lo = 1 + K;
  if (hi > (long) a->n - 1 - K)
    hi = (long) a->n - 1 - K;
  size_t T = hi >= lo ? (size_t) (hi - lo + 1) : 0;
  if (T < o->min_est)
    {
      char cause[160];
      data_limit (a, (long) i0 + o->est.a < lo, (long) i0 + o->est.b > hi, r,
                  cause, sizeof cause);
      skip (r, "too few estimation days (%zu < %zu)%s", T, o->min_est, cause);
      return false;
    }
  evs_error err;
  if (fit_window (o, a, lo, hi, r, w, &err) != EVS_OK)
    {
      skip (r, "%s", err.msg);
      return false;
    }
  if (!fit_usable (o, a, lo, hi, r))
    return false;
  r->est_a = (int) (lo - (long) i0);
  r->est_first = a->date[lo];
  r->est_last = a->date[hi];
  r->cvar_first = (size_t) lo;   /* garch: h_t from the window's start */
  *elo = lo, *ehi = hi;
  return true;
}

/* GARCH: the conditional variances from the start of the estimation
 * window to return LAST: inside the window the h_t of the likelihood
 * (h_1 = mean e^2, garch.h), after it the recursion on the realised
 * residuals (garch_path), so that every reported day from the window's
 * start on has se_t = sqrt(h_t). */
static bool
garch_variances (const study_opts *o, const evs_aligned *a, size_t last,
                 study_result *r, pair_ws *w)
{
  if (o->model != MODEL_GARCH)
    return true;
  size_t T = r->fit.T;
  if (last < r->cvar_first + T)
    {
      skip (r, "the garch model needs the estimation window before the event windows");
      return false;
    }
  size_t n = last - r->cvar_first + 1;
  double *e = scratch (w, n), ss = 0;
  for (size_t j = 0; j < n; j++)
    {
      size_t i = r->cvar_first + j;
      e[j] = a->r[i] - r->fit.alpha - r->fit.beta * a->rm[i];
      ss += j < T ? e[j] * e[j] : 0.0;
    }
  r->cvar = arena_calloc (w->mem, n, sizeof *r->cvar);
  r->ncvar = n;
  r->cvar[0] = ss / (double) T;
  for (size_t j = 1; j < T; j++)
    r->cvar[j] = r->fit.omega + r->fit.arch * e[j - 1] * e[j - 1] + r->fit.garch * r->cvar[j - 1];
  garch_path (&r->fit, e + T, n - T, r->cvar + T);
  return true;
}

/* Checks that every event window lies inside the data. */
static bool
windows_fit (const study_opts *o, const evs_aligned *a, size_t i0, study_result *r)
{
  char b[11];
  for (size_t w = 0; w < o->nwin; w++)
    {
      long first = (long) i0 + o->win[w].a, last = (long) i0 + o->win[w].b;
      if (first < 1)
        {
          skip (r, "event window %d:%d starts before the data (first return %s)",
                o->win[w].a, o->win[w].b, date_format (a->date[a->n > 1], b));
          return false;
        }
      if (last > (long) a->n - 1)
        {
          skip (r, "event window %d:%d runs past the end of the data (last session %s)",
                o->win[w].a, o->win[w].b, date_format (a->date[a->n - 1], b));
          return false;
        }
      for (long i = first; i <= last; i++)
        {
          double x[MODEL_MAX_K], off;
          if (!xrow (o, a, (size_t) i, x, &off))
            {
              skip (r, "no factor returns for %s (event window %d:%d)",
                    date_format (a->date[i], b), o->win[w].a, o->win[w].b);
              return false;
            }
        }
    }
  return true;
}

/* Var(AR) of return I: h_I for garch, else s^2 + x' C x. */
static double
ar_var (const study_result *r, size_t i, const double *x)
{
  if (r->cvar)
    return i >= r->cvar_first && i - r->cvar_first < r->ncvar
           ? r->cvar[i - r->cvar_first] : NAN;
  return model_x_var (&r->fit, x);
}

static double
mret_at (const evs_aligned *a, size_t i)
{
  return a->rm ? a->rm[i] : NAN;
}

static void
fill_day (const study_opts *o, const study_result *r, const evs_aligned *a,
          size_t i, int k, study_day *d)
{
  double x[MODEL_MAX_K], off;
  bool ok = xrow (o, a, i, x, &off);
  d->day = k;
  d->date = a->date[i];
  d->ret = a->r[i];
  d->mret = mret_at (a, i);
  d->expected = ok ? off + model_xtheta (&r->fit, x) : NAN;
  d->ar = d->ret - d->expected;
  d->se = ok ? sqrt (ar_var (r, i, x)) : NAN;
  d->t = d->ar / d->se;
  d->p = model_p_two_sided (d->t, r->fit.df);
}

/* The reported days: those of o->ar that have a return (relative day K
 * is return I0 + K, 1 <= I0 + K <= n - 1).  Only these are allocated and
 * visited, so an --ar-days range far wider than the data costs what the
 * data do, not what the range does. */
static void
fill_days (const study_opts *o, const evs_aligned *a, size_t i0, study_result *r,
           pair_ws *w)
{
  long lo = o->ar.a, hi = o->ar.b;
  if ((long) i0 + lo < 1)
    lo = 1 - (long) i0;
  if ((long) i0 + hi > (long) a->n - 1)
    hi = (long) a->n - 1 - (long) i0;
  r->days = arena_calloc (w->mem, hi >= lo ? (size_t) (hi - lo + 1) : 0, sizeof *r->days);
  for (long k = lo; k <= hi; k++)
    {
      long i = (long) i0 + k;
      double x[MODEL_MAX_K], off;
      /* Days without factor returns, or (garch) before the estimation
       * window, where there is no conditional variance, have no AR or no
       * se: they are not listed. */
      if (!xrow (o, a, (size_t) i, x, &off) || (r->cvar && i < (long) r->cvar_first))
        continue;
      fill_day (o, r, a, (size_t) i, (int) k, &r->days[r->ndays++]);
    }
}

/* A CAR cumulated one return at a time: the sum of the ARs, u = the sum
 * of the regressor rows, the sum of garch's h_t, and the two products of
 * BHAR.  The CAR table (fill_car) and the CAR path (fill_path) both add
 * returns with car_add, so that the path's last day equals the table's
 * window bit for bit. */
typedef struct car_acc {
  double u[MODEL_MAX_K];
  double car, var, gr, ge;
  size_t L;
} car_acc;

static void
car_init (car_acc *c)
{
  memset (c, 0, sizeof *c);
  c->gr = c->ge = 1;
}

static void
car_add (const study_opts *o, const evs_aligned *a, size_t i, const study_result *r,
         car_acc *c)
{
  double x[MODEL_MAX_K], off;
  xrow (o, a, i, x, &off);
  double e = off + model_xtheta (&r->fit, x);
  c->car += a->r[i] - e;
  c->gr *= 1.0 + a->r[i];
  c->ge *= 1.0 + e;
  for (size_t j = 0; j < r->fit.k; j++)
    c->u[j] += x[j];
  if (r->cvar)
    c->var += ar_var (r, i, x);
  c->L++;
}

/* se of the CAR so far: Var(CAR) = g'Vg with V = s^2 (I + X*(X'X)^-1
 * X*'), g a vector of L ones, which is L s^2 + u' C u (C = s^2 (X'X)^-1,
 * u = X*'g the sum of the rows): MacKinlay (1997) eq. (15)-(16),
 * Campbell, Lo & MacKinlay (1997) ch. 4.  garch: the sum of the
 * conditional variances h_t (no estimation error). */
static double
car_se (const study_result *r, const car_acc *c)
{
  return sqrt (r->cvar ? c->var : model_u_var (&r->fit, c->L, c->u));
}

/* CAR, its se (car_se) and BHAR over the L returns from FIRST. */
static void
fill_car (const study_opts *o, const evs_aligned *a, size_t first, size_t L,
          study_result *r, study_car *c)
{
  car_acc acc;
  car_init (&acc);
  for (size_t i = first; i < first + L; i++)
    car_add (o, a, i, r, &acc);
  c->car = acc.car;
  c->se = car_se (r, &acc);
  c->bhar = o->returns == RETURNS_SIMPLE && o->measure != STUDY_VOLUME ? acc.gr - acc.ge : NAN;
}

/* A CAR path (study.h) into OUT: the reported days cumulated from
 * days[K0], while they are consecutive; returns its length. */
static size_t
cumulate (const study_opts *o, const evs_aligned *a, size_t i0, const study_result *r,
          size_t k0, study_path *out)
{
  car_acc acc;
  car_init (&acc);
  size_t n = 0;
  for (size_t k = k0; k < r->ndays && r->days[k].day == r->days[k0].day + (int) n; k++)
    {
      car_add (o, a, (size_t) ((long) i0 + r->days[k].day), r, &acc);
      out[n++] = (study_path) { acc.car, car_se (r, &acc) };
    }
  return n;
}

/* The CAR path (study.h) from the first reported day. */
static void
fill_path (const study_opts *o, const evs_aligned *a, size_t i0, study_result *r,
           pair_ws *w)
{
  r->path = arena_calloc (w->mem, r->ndays, sizeof *r->path);
  r->npath = cumulate (o, a, i0, r, 0, r->path);
}

/* The index in R's days of the first on or after relative day FROM. */
static size_t
first_day_from (const study_result *r, int from)
{
  size_t k = 0;
  while (k < r->ndays && r->days[k].day < from)
    k++;
  return k;
}

/* opts.chart_path: the CAR path from o->chart_from (study.h chart),
 * cumulated anew, by the same car_add and car_se, unless it starts
 * where the path does. */
static void
fill_chart (const study_opts *o, const evs_aligned *a, size_t i0, study_result *r,
            pair_ws *w)
{
  if (!o->chart_path)
    return;
  r->chart_k0 = first_day_from (r, o->chart_from);
  if (r->chart_k0 == 0)
    {
      r->chart = r->path;
      r->nchart = r->npath;
      return;
    }
  r->chart = arena_calloc (w->mem, r->ndays - r->chart_k0, sizeof *r->chart);
  r->nchart = cumulate (o, a, i0, r, r->chart_k0, r->chart);
}

static void
fill_cars (const study_opts *o, const evs_aligned *a, size_t i0, study_result *r,
           pair_ws *ws)
{
  r->cars = arena_calloc (ws->mem, o->nwin, sizeof *r->cars);
  r->ncars = o->nwin;
  for (size_t w = 0; w < o->nwin; w++)
    {
      study_car *c = &r->cars[w];
      size_t first = (size_t) ((long) i0 + o->win[w].a);
      size_t L = (size_t) (o->win[w].b - o->win[w].a + 1);
      c->w = o->win[w];
      c->first = a->date[first];
      c->last = a->date[first + L - 1];
      fill_car (o, a, first, L, r, c);
      c->t = c->car / c->se;
      c->df = r->fit.df;
      c->p = model_p_two_sided (c->t, c->df);
    }
}

/* --measure volume: STUDY_WARN_ZERO from the estimation window and the
 * widest event window (v = ln(1 + 0) = 0 exactly only for a zero). */
static void
find_zero_volumes (const study_opts *o, const evs_aligned *a, size_t i0, study_result *r)
{
  study_window span = study_span (o);
  long lo[] = { (long) i0 + r->est_a, (long) i0 + span.a };
  long hi[] = { (long) i0 + r->est_a + (long) r->fit.T - 1, (long) i0 + span.b };
  for (int w = 0; w < 2; w++)
    for (long i = lo[w] < 1 ? 1 : lo[w]; i <= hi[w] && i < (long) a->n; i++)
      if (a->r[i] == 0 && !(w == 1 && i >= lo[0] && i <= hi[0]))
        {
          if (!r->zero_n || a->date[i] < r->zero_date)
            r->zero_date = a->date[i];
          r->zero_n++;
          r->warn |= STUDY_WARN_ZERO;
        }
}

/* Sets R's warnings (study.h) from the returns of the widest event
 * window around I0 (inside the data: windows_fit).  A log return is
 * compared as the simple return it stands for. */
static void
find_warnings (const study_opts *o, const evs_aligned *a, size_t i0, study_result *r)
{
  study_window span = study_span (o);
  if (o->measure == STUDY_VOLUME)
    {
      find_zero_volumes (o, a, i0, r);
      return;
    }
  for (long k = span.a; k <= span.b; k++)
    {
      size_t i = (size_t) ((long) i0 + k);
      int32_t gap = a->date[i] - a->date[i - 1];
      if (gap > o->max_gap_days && gap > r->gap_days)
        {
          r->warn |= STUDY_WARN_GAP;
          r->gap_days = gap, r->gap_day = (int) k, r->gap_date = a->date[i];
        }
      double R = o->returns == RETURNS_LOG ? expm1 (a->r[i]) : a->r[i];
      double Rm = !a->rm ? 0 : o->returns == RETURNS_LOG ? expm1 (a->rm[i]) : a->rm[i];
      if (fabs (R) > STUDY_JUMP && fabs (Rm) < STUDY_JUMP_MARKET && fabs (R) > fabs (r->jump))
        {
          r->warn |= STUDY_WARN_JUMP;
          r->jump = R, r->jump_day = (int) k, r->jump_date = a->date[i];
        }
    }
}

size_t
study_index_stocks (const evs_study *st, const evs_series **out, size_t max)
{
  size_t n = 0;
  for (size_t i = 0; i < st->n; i++)
    {
      const evs_series *s = st->res[i].series;
      if (s->ticker[0] != '^')
        continue;
      bool seen = false;
      for (size_t j = 0; j < n && !seen; j++)
        seen = out[j] == s;
      if (!seen && n < max)
        out[n++] = s;
    }
  return n;
}

size_t
study_foreign_markets (const evs_study *st, const study_result **out, size_t max)
{
  size_t n = 0;
  for (size_t i = 0; i < st->n; i++)
    {
      const study_result *r = &st->res[i];
      if (!r->market || !r->exchange
          || calendar_for_ticker (r->market->ticker) == r->exchange)
        continue;
      bool seen = false;
      for (size_t j = 0; j < n && !seen; j++)
        seen = out[j]->series == r->series && out[j]->market == r->market;
      if (!seen && n < max)
        out[n++] = r;
    }
  return n;
}

const char *
study_foreign_text (const study_result *r, char *buf, size_t size)
{
  const calendar_exchange *m = calendar_for_ticker (r->market->ticker);
  snprintf (buf, size, "%s (exchange %s) is measured against %s, a market of another "
            "exchange (%s): give a market of %s with --market, or "
            "--exchange if %s trades elsewhere", r->series->ticker, r->exchange->code,
            r->market->ticker, m->code, r->exchange->code, r->series->ticker);
  return buf;
}

const char *
study_index_text (const evs_series *s, char *buf, size_t size)
{
  snprintf (buf, size, "%s is studied as a stock, but its ticker starts with '^' (an index): "
            "give it with --market to use it as a market", s->ticker);
  return buf;
}

const char *
study_empty_text (const evs_study *st, char *buf, size_t size)
{
  for (size_t i = 0; i < st->n; i++)
    if (st->res[i].status == STUDY_OK)
      return NULL;
  if (!st->n)
    snprintf (buf, size, "nothing studied: no event applies to any studied series "
              "(check the events' tickers)");
  else
    snprintf (buf, size, "nothing studied: every pair was skipped (%zu pair%s; first %s "
              "event %zu: %s)", st->n, st->n > 1 ? "s" : "", st->res[0].series->ticker,
              st->res[0].event->row, st->res[0].reason);
  return buf;
}

char *
study_warnings_text (const study_result *r, char *buf, size_t size)
{
  char d[11];
  int n = 0;
  buf[0] = '\0';
  if (r->warn & STUDY_WARN_GAP)
    n = snprintf (buf, size, "a return spanning %d calendar days on day %+d (%s)",
                  (int) r->gap_days, r->gap_day, date_format (r->gap_date, d));
  if (n < 0 || (size_t) n >= size)
    return buf;
  if (r->warn & STUDY_WARN_JUMP)
    snprintf (buf + n, size - (size_t) n,
              "%sa return of %+.1f%% on day %+d (%s) that the market does not share",
              n ? "; " : "", 100 * r->jump, r->jump_day, date_format (r->jump_date, d));
  if (r->warn & STUDY_WARN_ZERO)
    snprintf (buf, size, "%zu zero volume%s in the estimation and event windows (first %s),"
              " each a value v = 0", r->zero_n, r->zero_n > 1 ? "s" : "",
              date_format (r->zero_date, d));
  return buf;
}

/* An event's day 0 for one series, for finding neighbours by day. */
typedef struct day0_entry {
  size_t i0;
  size_t event;
} day0_entry;

static int
cmp_day0 (const void *a, const void *b)
{
  const day0_entry *x = a, *y = b;
  if (x->i0 != y->i0)
    return x->i0 < y->i0 ? -1 : 1;
  return x->event < y->event ? -1 : x->event > y->event;
}

/* The AR and its se on the dates of A, for the tests (aggregate.h),
 * computed as fill_day does so that every model (factors, garch) gives
 * the same ARs here as in the per-day table.  NaN on the first date, which
 * has no return, on days without factor returns, and for garch outside the
 * span its conditional variances cover.  With FULL, every date of A (the
 * placebo test of a single pair tiles the whole history); else only the
 * estimation window and the event period, so that memory stays
 * proportional to the windows, not to the history, in large runs. */
static void
fill_hist (const study_opts *o, const evs_aligned *a, size_t i0, bool full,
           study_result *r, pair_ws *w)
{
  long lo = 0, hi = (long) a->n - 1;
  if (!full)
    {
      study_window span = study_span (o);
      /* Day 0, the estimation window (before or after the event), the
       * event windows and the reported days. */
      int first = 0, last = 0;
      int lo_day[] = { o->est.a, o->ar.a, span.a }, hi_day[] = { o->est.b, o->ar.b, span.b };
      for (int k = 0; k < 3; k++)
        {
          first = lo_day[k] < first ? lo_day[k] : first;
          last = hi_day[k] > last ? hi_day[k] : last;
        }
      lo = (long) i0 + first < 1 ? 1 : (long) i0 + first;
      lo = lo > (long) i0 ? (long) i0 : lo;
      hi = (long) i0 + last < hi ? (long) i0 + last : hi;
    }
  r->nhist = (size_t) (hi - lo + 1);
  r->hist_i0 = i0 - (size_t) lo;
  /* The tests read the se of the event period only (the reported days
   * and the windows), so a large run keeps none before it. */
  long se_lo = lo;
  if (!full)
    {
      study_window span = study_span (o);
      int first = o->ar.a < span.a ? o->ar.a : span.a;
      se_lo = (long) i0 + (first < 0 ? first : 0);
      se_lo = se_lo < lo ? lo : se_lo > hi + 1 ? hi + 1 : se_lo;
    }
  r->hist_se_from = (size_t) (se_lo - lo);
  r->hist_ar = arena_calloc (w->mem, r->nhist, sizeof *r->hist_ar);
  r->hist_se = arena_calloc (w->mem, r->nhist - r->hist_se_from, sizeof *r->hist_se);
  r->hist_date = arena_calloc (w->mem, r->nhist, sizeof *r->hist_date);
  for (size_t k = 0; k < r->nhist; k++)
    {
      size_t i = (size_t) lo + k;
      double x[MODEL_MAX_K], off;
      bool ok = i > 0 && xrow (o, a, i, x, &off);
      double ar = ok ? a->r[i] - off - model_xtheta (&r->fit, x) : NAN;
      /* What is not finite is missing (NaN) for the tests: an AR never
       * an infinity, a standard error never 0 or an infinity. */
      r->hist_ar[k] = isfinite (ar) ? ar : NAN;
      if (k >= r->hist_se_from)
        {
          double se = ok ? sqrt (ar_var (r, i, x)) : NAN;
          r->hist_se[k - r->hist_se_from] = isfinite (se) && se > 0 ? se : NAN;
        }
      r->hist_date[k] = a->date[i];
    }
}

/* Lists the other events whose day 0 for this series falls inside the
 * widest event window around I0, in the order of their day 0. */
static void
find_confounders (const study_opts *o, const evs_timeline *t,
                  const day0_entry *sorted, size_t nsorted, size_t e,
                  size_t i0, study_result *r, pair_ws *w)
{
  study_window span = study_span (o);
  long lo_day = (long) i0 + span.a, hi_day = (long) i0 + span.b;
  size_t lo = 0, hi = nsorted;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if ((long) sorted[mid].i0 < lo_day)
        lo = mid + 1;
      else
        hi = mid;
    }
  size_t end = lo;
  while (end < nsorted && (long) sorted[end].i0 <= hi_day)
    end++;
  size_t self = 0;           /* the event itself, if its day 0 is in range */
  for (size_t k = lo; k < end; k++)
    self += sorted[k].event == e;
  r->nconf_total = end - lo - self;
  size_t cap = r->nconf_total < STUDY_MAX_CONFOUNDERS ? r->nconf_total : STUDY_MAX_CONFOUNDERS;
  r->conf = arena_calloc (w->mem, cap, sizeof *r->conf);
  r->conf_day = arena_calloc (w->mem, cap, sizeof *r->conf_day);
  for (size_t k = lo; k < end && r->nconf < cap; k++)
    if (sorted[k].event != e)
      {
        r->conf_day[r->nconf] = (int) ((long) sorted[k].i0 - (long) i0);
        r->conf[r->nconf++] = &t->v[sorted[k].event];
      }
}

/* Every number a pair reports is finite (an overflowing return in an
 * event window, a zero conditional variance); else the pair is skipped
 * with the first such number, and nothing of it is reported. */
static bool
results_finite (const study_opts *o, study_result *r)
{
  char b[11];
  const char *what = NULL;
  for (size_t k = 0; k < r->ndays && !what; k++)
    {
      const study_day *d = &r->days[k];
      what = !isfinite (d->ret) ? "return" : !isfinite (d->expected) ? "expected return"
             : !isfinite (d->ar) ? "abnormal return" : !(isfinite (d->se) && d->se > 0) ? "standard error"
             : !isfinite (d->t) || !isfinite (d->p) ? "t statistic" : NULL;
      if (what)
        skip (r, "non-finite %s on day %d (%s)", what, d->day, date_format (d->date, b));
    }
  for (size_t w = 0; w < r->ncars && !what; w++)
    {
      const study_car *c = &r->cars[w];
      what = !isfinite (c->car) ? "CAR" : !(isfinite (c->se) && c->se > 0) ? "standard error of the CAR"
             : !isfinite (c->t) || !isfinite (c->p) ? "t statistic of the CAR"
             : o->returns == RETURNS_SIMPLE && o->measure != STUDY_VOLUME
               && !isfinite (c->bhar) ? "BHAR" : NULL;
      if (what)
        skip (r, "non-finite %s over event window %d:%d", what, c->w.a, c->w.b);
    }
  if (!what)
    return true;
  r->ndays = r->ncars = r->npath = r->nchart = 0;
  return false;
}

/* Skips R, whose event precedes its series' first price, or whose day 0
 * on its series precedes every date the series shares with its market,
 * naming the series lacking data and its first price. */
static void
no_common (const study_input *in, const evs_aligned *a, const evs_event *e, size_t k,
           study_result *r)
{
  char b0[11], b1[11];
  const evs_series *s = in->series, *m = in->market;
  if (k == 0 && s->date[0] > e->stamp.day)
    skip (r, "no prices of %s before %s (the event is on %s)", s->ticker,
          date_format (s->date[0], b0), date_format (e->stamp.day, b1));
  else if (m && m->n && m->date[0] > s->date[k])
    skip (r, "no prices of %s before %s (the event's day 0 on %s is %s)", m->ticker,
          date_format (m->date[0], b0), s->ticker, date_format (s->date[k], b1));
  else
    skip (r, "no dates shared by %s and %s before %s (the event's day 0 on %s is %s)",
          s->ticker, m ? m->ticker : "its market", date_format (a->date[0], b0),
          s->ticker, date_format (s->date[k], b1));
}

static void
study_pair (const study_opts *o, const evs_timeline *t, const study_input *in,
            const evs_aligned *a, size_t i0, size_t k0, const day0_entry *sorted,
            size_t nsorted, size_t e, bool full_hist, study_result *r,
            pair_ws *w)
{
  memset (r, 0, sizeof *r);
  r->event = &t->v[e];
  r->series = in->series;
  r->market = in->market;
  r->exchange = in->exchange;
  if (i0 == NO_COMMON)
    {
      no_common (in, a, &t->v[e], k0, r);
      return;
    }
  if (i0 == NO_DAY0)
    {
      char b[11];
      skip (r, "event after the last session of the data (%s)",
            date_format (a->n ? a->date[a->n - 1] : in->series->date[in->series->n - 1], b));
      return;
    }
  r->has_day0 = true;
  r->day0 = a->date[i0];
  find_confounders (o, t, sorted, nsorted, e, i0, r, w);
  long elo, ehi;
  if (!estimate (o, a, i0, r, w, &elo, &ehi) || !windows_fit (o, a, i0, r))
    return;
  study_window span = study_span (o);
  long last = (long) i0 + (span.b > o->ar.b ? span.b : o->ar.b);
  if (!garch_variances (o, a, (size_t) (last < (long) a->n - 1 ? last : (long) a->n - 1), r, w))
    return;
  fill_days (o, a, i0, r, w);
  fill_cars (o, a, i0, r, w);
  fill_path (o, a, i0, r, w);
  fill_chart (o, a, i0, r, w);
  if (!results_finite (o, r))
    return;
  find_warnings (o, a, i0, r);
  fill_hist (o, a, i0, full_hist, r, w);
  keep_residuals (o, a, i0, elo, ehi, r, w);
}

/* What one input series needs while the study runs: its aligned returns,
 * the events that apply to it (ascending) with their day 0, and the same
 * sorted by day 0 for the confounder search.  Memory is proportional to
 * the pairs studied, not to events x series. */
typedef struct series_plan {
  evs_aligned a;
  size_t *events, *i0;
  size_t *k0;                   /* day 0 of each pair on the series' own dates */
  size_t *slot;                 /* where each pair's result goes */
  size_t n, cap, cursor;
  day0_entry *sorted;
  size_t nsorted;
} series_plan;

static const study_input *sort_inputs;

static int
cmp_input (const void *a, const void *b)
{
  size_t i = *(const size_t *) a, j = *(const size_t *) b;
  int c = strcasecmp (sort_inputs[i].series->ticker, sort_inputs[j].series->ticker);
  return c ? c : (i > j) - (i < j);
}

static int
cmp_size (const void *a, const void *b)
{
  size_t i = *(const size_t *) a, j = *(const size_t *) b;
  return (i > j) - (i < j);
}

/* The inputs that event E applies to, ascending and without repeats, in
 * OUT (room for NIN); BYNAME is the inputs sorted by ticker.  Returns
 * their number. */
static size_t
applicable (const evs_event *e, const study_input *in, const size_t *byname,
            size_t nin, size_t *out)
{
  size_t n = 0;
  if (e->ntickers == 0)
    {
      for (size_t s = 0; s < nin; s++)
        out[n++] = s;
      return n;
    }
  for (size_t k = 0; k < e->ntickers; k++)
    {
      size_t lo = 0, hi = nin;
      while (lo < hi)
        {
          size_t mid = lo + (hi - lo) / 2;
          if (strcasecmp (in[byname[mid]].series->ticker, e->tickers[k]) < 0)
            lo = mid + 1;
          else
            hi = mid;
        }
      for (; lo < nin && strcasecmp (in[byname[lo]].series->ticker, e->tickers[k]) == 0; lo++)
        out[n++] = byname[lo];
    }
  qsort (out, n, sizeof *out, cmp_size);
  size_t u = 0;
  for (size_t k = 0; k < n; k++)
    if (u == 0 || out[k] != out[u - 1])
      out[u++] = out[k];
  return u;
}

static void
plan_add (series_plan *p, size_t e)
{
  if (p->n == p->cap)
    {
      p->cap = p->cap ? 2 * p->cap : 8;
      p->events = evs_xrealloc (p->events, p->cap * sizeof *p->events);
    }
  p->events[p->n++] = e;
}

/* Factor models: the factor returns over the spans of A's returns. */
static void
align_factors (const study_opts *o, evs_aligned *a)
{
  if (!model_uses_factors (o->model) || !o->factors)
    return;
  a->nf = o->nfcol;
  a->f = evs_xmalloc ((a->n ? a->n : 1) * (o->nfcol ? o->nfcol : 1) * sizeof *a->f);
  factors_align (o->factors, a->date, a->n, o->fcol, o->nfcol, a->f);
  if (o->rf_col < 0)
    return;
  size_t rf = (size_t) o->rf_col;
  a->rf = evs_xmalloc ((a->n ? a->n : 1) * sizeof *a->rf);
  factors_align (o->factors, a->date, a->n, &rf, 1, a->rf);
}

/* Finds which events apply to each input.  Returns the number of pairs. */
static size_t
make_plans (const evs_timeline *t, const study_input *in, size_t nin,
            const size_t *byname, size_t *buf, series_plan *plan)
{
  size_t pairs = 0;
  for (size_t e = 0; e < t->n; e++)
    {
      size_t n = applicable (&t->v[e], in, byname, nin, buf);
      for (size_t k = 0; k < n; k++)
        plan_add (&plan[buf[k]], e);
      pairs += n;
    }
  return pairs;
}

/* The date on or after which day 0 of each event falls on each exchange
 * of the inputs (calendar_day0_date), found before the threads start: a
 * conversion switches the process's TZ, which threads must not do at
 * once (calendar.h), and costs tens of microseconds. */
typedef struct day0_dates {
  const calendar_exchange **x;  /* the inputs' distinct exchanges */
  size_t nx;
  int32_t *date;                /* [event * nx + exchange] */
  bool *ok;                     /* false: the time zone cannot be used */
} day0_dates;

static void
day0_dates_build (const evs_timeline *t, const study_input *in, size_t nin, day0_dates *d)
{
  d->x = evs_xmalloc ((nin ? nin : 1) * sizeof *d->x);
  d->nx = 0;
  for (size_t s = 0; s < nin; s++)
    {
      size_t j = 0;
      while (j < d->nx && d->x[j] != in[s].exchange)
        j++;
      if (j == d->nx)
        d->x[d->nx++] = in[s].exchange;
    }
  size_t n = t->n * d->nx;
  d->date = evs_xmalloc ((n ? n : 1) * sizeof *d->date);
  d->ok = evs_xmalloc (n ? n : 1);
  for (size_t e = 0; e < t->n; e++)
    for (size_t j = 0; j < d->nx; j++)
      {
        const evs_event *v = &t->v[e];
        d->ok[e * d->nx + j] = calendar_day0_date (d->x[j], v->has_instant, v->instant,
                                                   v->stamp.day, &d->date[e * d->nx + j]);
      }
}

static void
day0_dates_release (day0_dates *d)
{
  free (d->x);
  free (d->date);
  free (d->ok);
}

/* The index of day 0 of event E on input IN's own dates: its first date
 * on or after calendar_day0_date's, N when there is none. */
static size_t
series_day0 (const day0_dates *d, const study_input *in, size_t e)
{
  const evs_series *s = in->series;
  size_t j = 0;
  while (j < d->nx && d->x[j] != in->exchange)
    j++;
  if (j == d->nx || !d->ok[e * d->nx + j])
    return s->n;
  return date_lower_bound (s->date, s->n, d->date[e * d->nx + j]);
}

/* Aligns input IN's returns and finds the day 0 of its events, on the
 * thread that studies it (run_series), which releases the returns when
 * its pairs are done: so they are made in parallel, and a thread's
 * next input reuses their memory instead of faulting in fresh pages
 * for every input at once. */
static void
plan_align (const study_opts *o, const evs_timeline *t, const study_input *in,
            const day0_dates *d0, series_plan *p)
{
  if (o->measure == STUDY_VOLUME)
    returns_align_volume (in->series, in->market, &p->a);
  else
    returns_align (in->series, in->market, o->returns, &p->a);
  align_factors (o, &p->a);
  p->i0 = evs_xmalloc ((p->n ? p->n : 1) * sizeof *p->i0);
  p->k0 = evs_xmalloc ((p->n ? p->n : 1) * sizeof *p->k0);
  p->sorted = evs_xmalloc ((p->n ? p->n : 1) * sizeof *p->sorted);
  for (size_t k = 0; k < p->n; k++)
    {
      p->k0[k] = series_day0 (d0, in, p->events[k]);
      p->i0[k] = find_day0 (in, &p->a, &t->v[p->events[k]], p->k0[k]);
      if (p->i0[k] < p->a.n)
        p->sorted[p->nsorted++] = (day0_entry) { p->i0[k], p->events[k] };
    }
  qsort (p->sorted, p->nsorted, sizeof *p->sorted, cmp_day0);
}


/* Everything the threads of study_run share (read-only but OUT's slots). */
typedef struct run_ctx {
  const study_opts *o;
  const evs_timeline *t;
  const study_input *in;
  series_plan *plan;
  bool full_hist;
  pair_ws *ws;
  evs_study *out;
  size_t nin;
  atomic_size_t done;   /* inputs done, for o->progress */
  const day0_dates *d0;
} run_ctx;

/* Item S: every pair of input S, each into its own slot of the results. */
static void
run_series (void *ctx, size_t s, unsigned worker)
{
  run_ctx *c = ctx;
  series_plan *p = &c->plan[s];
  plan_align (c->o, c->t, &c->in[s], c->d0, p);
  for (size_t k = 0; k < p->n; k++)
    study_pair (c->o, c->t, &c->in[s], &p->a, p->i0[k], p->k0[k], p->sorted, p->nsorted,
                p->events[k], c->full_hist, &c->out->res[p->slot[k]], &c->ws[worker]);
  returns_release (&p->a);
  size_t done = atomic_fetch_add (&c->done, 1) + 1;
  /* The caller's thread (pool.h) shows the count; study_run shows the
   * last one, since another thread may finish the last input. */
  if (worker == 0 && c->o->progress && done < c->nin)
    c->o->progress (c->o->progress_arg, done, c->nin);
}

/* The slot of every pair: results are ordered by event, then input. */
static size_t
assign_slots (const evs_timeline *t, const study_input *in, size_t nin,
              const size_t *byname, size_t *buf, series_plan *plan)
{
  size_t next = 0;
  for (size_t s = 0; s < nin; s++)
    plan[s].slot = evs_xmalloc ((plan[s].n ? plan[s].n : 1) * sizeof *plan[s].slot);
  for (size_t e = 0; e < t->n; e++)
    {
      size_t n = applicable (&t->v[e], in, byname, nin, buf);
      for (size_t k = 0; k < n; k++)
        {
          series_plan *p = &plan[buf[k]];
          p->slot[p->cursor++] = next++;
        }
    }
  return next;
}

void
study_run (const study_opts *o, const evs_timeline *t, const study_input *in,
           size_t nin, evs_study *out)
{
  series_plan *plan = evs_xcalloc (nin, sizeof *plan);
  size_t *byname = evs_xmalloc ((nin ? nin : 1) * sizeof *byname);
  size_t *buf = evs_xmalloc ((nin ? nin : 1) * sizeof *buf);
  for (size_t s = 0; s < nin; s++)
    byname[s] = s;
  sort_inputs = in;
  qsort (byname, nin, sizeof *byname, cmp_input);
  memset (out, 0, sizeof *out);
  out->opts = *o;
  out->events = t;
  size_t pairs = make_plans (t, in, nin, byname, buf, plan);
  out->n = assign_slots (t, in, nin, byname, buf, plan);
  out->res = evs_xcalloc (pairs, sizeof *out->res);
  out->narenas = pool_workers (nin, o->jobs);
  out->arenas = evs_xcalloc (out->narenas, sizeof *out->arenas);
  pair_ws *ws = evs_xcalloc (out->narenas, sizeof *ws);
  for (unsigned j = 0; j < out->narenas; j++)
    {
      arena_init (&out->arenas[j]);
      ws[j].mem = &out->arenas[j];
    }
  day0_dates d0;
  day0_dates_build (t, in, nin, &d0);
  run_ctx c = { o, t, in, plan, pairs <= study_full_history, ws, out, nin, 0, &d0 };
  pool_for (nin, out->narenas, run_series, &c);
  day0_dates_release (&d0);
  if (o->progress)
    o->progress (o->progress_arg, nin, nin);
  for (unsigned j = 0; j < out->narenas; j++)
    free (ws[j].scratch);
  free (ws);
  for (size_t s = 0; s < nin; s++)
    {
      returns_release (&plan[s].a);
      free (plan[s].events);
      free (plan[s].i0);
      free (plan[s].k0);
      free (plan[s].slot);
      free (plan[s].sorted);
    }
  free (plan);
  free (byname);
  free (buf);
}

void
study_release (evs_study *st)
{
  /* A study from study_run holds its results' arrays in arenas; one
   * built elsewhere (store_run_load) owns them one by one. */
  for (unsigned j = 0; j < st->narenas; j++)
    arena_release (&st->arenas[j]);
  free (st->arenas);
  for (size_t i = 0; i < st->n && !st->narenas; i++)
    {
      free (st->res[i].est_ar);
      free (st->res[i].days);
      free (st->res[i].cars);
      free (st->res[i].path);
      free (st->res[i].conf);
      free (st->res[i].conf_day);
      free (st->res[i].hist_ar);
      free (st->res[i].hist_se);
      free (st->res[i].hist_date);
      free (st->res[i].cvar);
      if (st->res[i].chart != st->res[i].path)
        free (st->res[i].chart);
    }
  free (st->res);
  memset (st, 0, sizeof *st);
}

/* Days of the window W clamped to the L returns of a series. */
static double
days_in (study_window w, size_t L)
{
  double d = (double) w.b - (double) w.a + 1;
  return d < (double) L ? d : (double) L;
}

void
study_estimate_memory (const study_opts *o, const evs_timeline *t,
                       const study_input *in, size_t nin, size_t *pairs,
                       double *bytes)
{
  size_t *byname = evs_xmalloc ((nin ? nin : 1) * sizeof *byname);
  size_t *buf = evs_xmalloc ((nin ? nin : 1) * sizeof *buf);
  size_t n = 0, L = 0;
  double series = 0;
  for (size_t s = 0; s < nin; s++)
    {
      byname[s] = s;
      L = in[s].series->n > L ? in[s].series->n : L;
      /* Aligned dates, returns, market returns, factors. */
      series += (double) in[s].series->n * (4 + 8 + 8 + 8 * (1 + (double) o->nfcol));
    }
  sort_inputs = in;
  qsort (byname, nin, sizeof *byname, cmp_input);
  for (size_t e = 0; e < t->n; e++)
    n += applicable (&t->v[e], in, byname, nin, buf);
  free (byname);
  free (buf);
  study_window span = study_span (o), all = o->est, period = o->ar;
  period.a = span.a < period.a ? span.a : period.a;
  period.b = span.b > period.b ? span.b : period.b;
  period.a = period.a > 0 ? 0 : period.a;
  period.b = period.b < 0 ? 0 : period.b;
  all.a = period.a < all.a ? period.a : all.a;
  all.b = period.b > all.b ? period.b : all.b;
  double T = days_in (o->est, L), P = days_in (period, L);
  bool full = n <= study_full_history;
  double H = full ? (double) L : days_in (all, L);
  /* The result, its days, windows and confounders; the history (AR and
   * date, se over the event period or all of it); residuals of their own
   * (factor models, whose windows may miss factor days); garch's h_t;
   * the plan's per-pair entries (event, day 0, slot, sorted entry); the
   * chart path (opts.chart_path). */
  double pair = (double) sizeof (study_result)
    + days_in (o->ar, L) * (sizeof (study_day) + (o->chart_path ? 2 : 1) * sizeof (study_path))
    + (double) o->nwin * sizeof (study_car) + STUDY_MAX_CONFOUNDERS * (sizeof (void *) + sizeof (int))
    + H * (8 + 4) + (full ? H : P) * 8 + (model_uses_factors (o->model) ? T * 8 : 0)
    + (o->model == MODEL_GARCH ? P * 8 : 0) + 8 * 5;
  /* The aggregate of the largest group (all pairs): the estimation panel
   * (value, scaled value, order), the group's index and KP arrays, and
   * per thread the cell workspace and a period's raw and standardized
   * event values. */
  double jobs = o->jobs ? o->jobs : 1;
  double agg = T * (8 + 8 + 4) + 8 * 8 + jobs * (4 * 8 + 2 * 8 * P);
  *pairs = n;
  *bytes = series + (double) n * (pair + agg);
}


bool
study_has_path (const study_result *r)
{
  return r->status != STUDY_OK || r->npath || !r->ndays;
}

double
study_path_t (const study_result *r, size_t i, double *p)
{
  double t = r->path[i].car / r->path[i].se;
  *p = model_p_two_sided (t, r->fit.df);
  return t;
}

const study_path *
study_path_from (const study_opts *o, const study_result *r, int from, size_t *k0,
                 size_t *n)
{
  *k0 = first_day_from (r, from);
  *n = 0;
  if (*k0 == 0)
    {
      *n = r->npath;
      return r->path;
    }
  if (!o->chart_path || o->chart_from != from || !r->chart)
    return NULL;
  *n = r->nchart;
  return r->chart;
}

/* Copies the chart path of FROM (a result of study_run) into R, which
 * owns its arrays. */
static void
copy_chart (const study_result *from, study_result *r)
{
  r->chart_k0 = from->chart_k0;
  if (from->chart_k0 == 0)
    {
      r->chart = r->path;
      r->nchart = r->npath;
      return;
    }
  r->nchart = from->nchart;
  r->chart = evs_xcalloc (from->nchart + 1, sizeof *r->chart);
  memcpy (r->chart, from->chart, from->nchart * sizeof *r->chart);
}

void
study_add_chart_paths (const study_opts *o, const evs_timeline *t, const study_input *in,
                       size_t nin, evs_study *st)
{
  if (!o->chart_path || st->narenas)
    return;
  evs_study again;
  study_run (o, t, in, nin, &again);
  /* Both are ordered by event, then input: one pass, with a search
   * from the start should the orders differ. */
  for (size_t i = 0, j = 0; i < st->n; i++)
    {
      study_result *r = &st->res[i];
      if (r->status != STUDY_OK || r->chart)
        continue;
      size_t k = j;
      while (k < again.n && !(again.res[k].event == r->event
                              && again.res[k].series == r->series))
        k++;
      for (k = k < again.n ? k : 0; k < again.n; k++)
        if (again.res[k].event == r->event && again.res[k].series == r->series)
          break;
      if (k == again.n || again.res[k].status != STUDY_OK)
        continue;
      copy_chart (&again.res[k], r);
      j = k + 1;
    }
  study_release (&again);
}

/* ------------------------------------------------------- volatility */

double
study_day_u (const study_day *d)
{
  double z = d->ar / d->se;
  return z * z;
}

/* Fills AR and SE with the L days of window C from the reported days;
 * false if one is not reported. */
static bool
window_from_days (const study_result *r, const study_car *c, double *ar, double *se)
{
  size_t L = (size_t) (c->w.b - c->w.a + 1), got = 0;
  for (size_t i = 0; i < r->ndays; i++)
    {
      const study_day *d = &r->days[i];
      if (d->day < c->w.a || d->day > c->w.b)
        continue;
      ar[d->day - c->w.a] = d->ar;
      se[d->day - c->w.a] = d->se;
      got++;
    }
  return got == L;
}

/* The same from the kept history (hist_ar, hist_se). */
static bool
window_from_hist (const study_result *r, const study_car *c, double *ar, double *se)
{
  if (!r->hist_ar || !r->hist_se)
    return false;
  for (int k = c->w.a; k <= c->w.b; k++)
    {
      long i = (long) r->hist_i0 + k;
      if (i < (long) r->hist_se_from || i >= (long) r->nhist)
        return false;
      ar[k - c->w.a] = r->hist_ar[i];
      se[k - c->w.a] = r->hist_se[i - (long) r->hist_se_from];
    }
  return true;
}

double
study_car_u (const study_result *r, const study_car *c, double *p)
{
  size_t L = (size_t) (c->w.b - c->w.a + 1);
  double *ar = evs_xmalloc (2 * L * sizeof *ar), *se = ar + L, u = NAN;
  *p = NAN;
  if (r->status == STUDY_OK
      && (window_from_days (r, c, ar, se) || window_from_hist (r, c, ar, se)))
    u = evtests_u_window (ar, se, L, c->df, p);
  free (ar);
  return u;
}
