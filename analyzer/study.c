/* study.c -- run the event study over every (event, series) pair. */
#include <config.h>
#include "study.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

#define NO_DAY0 ((size_t) -1)

void
study_opts_default (study_opts *o)
{
  memset (o, 0, sizeof *o);
  o->model = MODEL_MEAN;
  o->returns = RETURNS_SIMPLE;
  o->est = (study_window) { -250, -11 };
  o->ar = (study_window) { -10, 10 };
  o->min_est = 120;
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

/* Index in A of day 0 of E for input IN, or NO_DAY0.  Day 0 is found on
 * the series' own sessions (calendar_day0), then moved to the first date
 * the market shares with it. */
static size_t
find_day0 (const study_input *in, const evs_aligned *a, const evs_event *e)
{
  const evs_series *s = in->series;
  size_t k = calendar_day0 (in->exchange, e->has_instant, e->instant,
                            e->stamp.day, s->date, s->n);
  if (k == s->n)
    return NO_DAY0;
  size_t i0 = returns_lower_bound (a, s->date[k]);
  return i0 < a->n ? i0 : NO_DAY0;
}

/* Fits the model over the estimation window of day 0 = I0. */
static bool
estimate (const study_opts *o, const evs_aligned *a, size_t i0, study_result *r)
{
  long lo = (long) i0 + o->est.a, hi = (long) i0 + o->est.b;
  if (lo < 1)
    lo = 1;
  if (hi > (long) a->n - 1)
    hi = (long) a->n - 1;
  size_t T = hi >= lo ? (size_t) (hi - lo + 1) : 0;
  if (T < o->min_est)
    {
      skip (r, "too few estimation days (%zu < %zu)", T, o->min_est);
      return false;
    }
  evs_error err;
  if (model_estimate (o->model, a->r + lo, a->rm ? a->rm + lo : NULL, T,
                      &r->fit, &err) != EVS_OK)
    {
      skip (r, "%s", err.msg);
      return false;
    }
  r->est_a = (int) (lo - (long) i0);
  r->est_first = a->date[lo];
  r->est_last = a->date[hi];
  r->est_ar = evs_xmalloc (T * sizeof *r->est_ar);
  for (size_t i = 0; i < T; i++)
    r->est_ar[i] = a->r[lo + i] - model_expected (&r->fit, a->rm ? a->rm[lo + i] : 0.0);
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
    }
  return true;
}

static double
mret_at (const evs_aligned *a, size_t i)
{
  return a->rm ? a->rm[i] : NAN;
}

static void
fill_day (const model_fit *f, const evs_aligned *a, size_t i, int k, study_day *d)
{
  double rm = mret_at (a, i);
  d->day = k;
  d->date = a->date[i];
  d->ret = a->r[i];
  d->mret = rm;
  d->expected = model_expected (f, a->rm ? rm : 0.0);
  d->ar = d->ret - d->expected;
  d->se = sqrt (model_ar_var (f, a->rm ? rm : 0.0));
  d->t = d->ar / d->se;
  d->p = model_p_two_sided (d->t, f->df);
}

static void
fill_days (const study_opts *o, const evs_aligned *a, size_t i0, study_result *r)
{
  r->days = evs_xcalloc ((size_t) (o->ar.b - o->ar.a + 1), sizeof *r->days);
  for (int k = o->ar.a; k <= o->ar.b; k++)
    {
      long i = (long) i0 + k;
      if (i >= 1 && i <= (long) a->n - 1)
        fill_day (&r->fit, a, (size_t) i, k, &r->days[r->ndays++]);
    }
}

static void
fill_cars (const study_opts *o, const evs_aligned *a, size_t i0, study_result *r)
{
  r->cars = evs_xcalloc (o->nwin, sizeof *r->cars);
  r->ncars = o->nwin;
  for (size_t w = 0; w < o->nwin; w++)
    {
      study_car *c = &r->cars[w];
      size_t first = (size_t) ((long) i0 + o->win[w].a);
      size_t L = (size_t) (o->win[w].b - o->win[w].a + 1);
      double car = 0, sum_rm = 0;
      for (size_t i = first; i < first + L; i++)
        {
          double rm = a->rm ? a->rm[i] : 0.0;
          car += a->r[i] - model_expected (&r->fit, rm);
          sum_rm += rm;
        }
      c->w = o->win[w];
      c->first = a->date[first];
      c->last = a->date[first + L - 1];
      c->car = car;
      c->se = sqrt (model_car_var (&r->fit, L, sum_rm));
      c->t = car / c->se;
      c->df = r->fit.df;
      c->p = model_p_two_sided (c->t, c->df);
    }
}

/* The AR and its se on every date of A (NaN on the first, which has no
 * return), for the tests. */
static void
fill_hist (const evs_aligned *a, size_t i0, study_result *r)
{
  r->nhist = a->n;
  r->hist_i0 = i0;
  r->hist_ar = evs_xmalloc (r->nhist * sizeof *r->hist_ar);
  r->hist_se = evs_xmalloc (r->nhist * sizeof *r->hist_se);
  r->hist_date = evs_xmalloc (r->nhist * sizeof *r->hist_date);
  for (size_t i = 0; i < r->nhist; i++)
    {
      double rm = a->rm ? a->rm[i] : 0.0;
      r->hist_ar[i] = i ? a->r[i] - model_expected (&r->fit, rm) : NAN;
      r->hist_se[i] = sqrt (model_ar_var (&r->fit, i ? rm : 0.0));
      r->hist_date[i] = a->date[i];
    }
}

/* Lists the other events whose day 0 for this series falls inside the
 * widest event window around I0. */
static void
find_confounders (const study_opts *o, const evs_timeline *t, const size_t *day0,
                  size_t e, size_t i0, study_result *r)
{
  study_window span = study_span (o);
  for (size_t j = 0; j < t->n; j++)
    {
      if (j == e || day0[j] == NO_DAY0)
        continue;
      long d = (long) day0[j] - (long) i0;
      if (d >= span.a && d <= span.b)
        {
          r->conf = evs_xrealloc (r->conf, (r->nconf + 1) * sizeof *r->conf);
          r->conf[r->nconf++] = &t->v[j];
        }
    }
}

static void
study_pair (const study_opts *o, const evs_timeline *t, const study_input *in,
            const evs_aligned *a, const size_t *day0, size_t e, study_result *r)
{
  memset (r, 0, sizeof *r);
  r->event = &t->v[e];
  r->series = in->series;
  r->market = in->market;
  size_t i0 = day0[e];
  if (i0 == NO_DAY0)
    {
      char b[11];
      skip (r, "event after the last session of the data (%s)",
            date_format (a->n ? a->date[a->n - 1] : in->series->date[in->series->n - 1], b));
      return;
    }
  r->has_day0 = true;
  r->day0 = a->date[i0];
  find_confounders (o, t, day0, e, i0, r);
  if (!estimate (o, a, i0, r) || !windows_fit (o, a, i0, r))
    return;
  fill_days (o, a, i0, r);
  fill_cars (o, a, i0, r);
  fill_hist (a, i0, r);
}

void
study_run (const study_opts *o, const evs_timeline *t, const study_input *in,
           size_t nin, evs_study *out)
{
  evs_aligned *al = evs_xcalloc (nin, sizeof *al);
  size_t *day0 = evs_xcalloc (nin * t->n, sizeof *day0);
  memset (out, 0, sizeof *out);
  out->opts = *o;
  out->res = evs_xcalloc (nin * t->n, sizeof *out->res);
  for (size_t s = 0; s < nin; s++)
    {
      returns_align (in[s].series, in[s].market, o->returns, &al[s]);
      for (size_t e = 0; e < t->n; e++)
        day0[s * t->n + e] = events_applies (&t->v[e], in[s].series->ticker)
                             ? find_day0 (&in[s], &al[s], &t->v[e]) : NO_DAY0;
    }
  for (size_t e = 0; e < t->n; e++)
    for (size_t s = 0; s < nin; s++)
      if (events_applies (&t->v[e], in[s].series->ticker))
        study_pair (o, t, &in[s], &al[s], day0 + s * t->n, e, &out->res[out->n++]);
  for (size_t s = 0; s < nin; s++)
    returns_release (&al[s]);
  free (al);
  free (day0);
}

void
study_release (evs_study *st)
{
  for (size_t i = 0; i < st->n; i++)
    {
      free (st->res[i].est_ar);
      free (st->res[i].days);
      free (st->res[i].cars);
      free (st->res[i].conf);
      free (st->res[i].hist_ar);
      free (st->res[i].hist_se);
      free (st->res[i].hist_date);
    }
  free (st->res);
  memset (st, 0, sizeof *st);
}
