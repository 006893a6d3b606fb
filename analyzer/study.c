/* study.c -- run the event study over every (event, series) pair. */
#include <config.h>
#include "study.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
 * widest event window around I0, in the order of their day 0. */
static void
find_confounders (const study_opts *o, const evs_timeline *t,
                  const day0_entry *sorted, size_t nsorted, size_t e,
                  size_t i0, study_result *r)
{
  study_window span = study_span (o);
  long lo_day = (long) i0 + span.a, hi_day = (long) i0 + span.b;
  size_t lo = 0, hi = nsorted, cap = 0;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if ((long) sorted[mid].i0 < lo_day)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (size_t k = lo; k < nsorted && (long) sorted[k].i0 <= hi_day; k++)
    {
      if (sorted[k].event == e || r->nconf_total++ >= STUDY_MAX_CONFOUNDERS)
        continue;
      if (r->nconf == cap)
        {
          cap = cap ? 2 * cap : 4;
          r->conf = evs_xrealloc (r->conf, cap * sizeof *r->conf);
          r->conf_day = evs_xrealloc (r->conf_day, cap * sizeof *r->conf_day);
        }
      r->conf_day[r->nconf] = (int) ((long) sorted[k].i0 - (long) i0);
      r->conf[r->nconf++] = &t->v[sorted[k].event];
    }
}

static void
study_pair (const study_opts *o, const evs_timeline *t, const study_input *in,
            const evs_aligned *a, size_t i0, const day0_entry *sorted,
            size_t nsorted, size_t e, study_result *r)
{
  memset (r, 0, sizeof *r);
  r->event = &t->v[e];
  r->series = in->series;
  r->market = in->market;
  if (i0 == NO_DAY0)
    {
      char b[11];
      skip (r, "event after the last session of the data (%s)",
            date_format (a->n ? a->date[a->n - 1] : in->series->date[in->series->n - 1], b));
      return;
    }
  r->has_day0 = true;
  r->day0 = a->date[i0];
  find_confounders (o, t, sorted, nsorted, e, i0, r);
  if (!estimate (o, a, i0, r) || !windows_fit (o, a, i0, r))
    return;
  fill_days (o, a, i0, r);
  fill_cars (o, a, i0, r);
  fill_hist (a, i0, r);
}

/* What one input series needs while the study runs: its aligned returns,
 * the events that apply to it (ascending) with their day 0, and the same
 * sorted by day 0 for the confounder search.  Memory is proportional to
 * the pairs studied, not to events x series. */
typedef struct series_plan {
  evs_aligned a;
  size_t *events, *i0;
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

/* Aligns each input's returns, finds which events apply to it and their
 * day 0.  Returns the number of pairs. */
static size_t
make_plans (const study_opts *o, const evs_timeline *t, const study_input *in,
            size_t nin, const size_t *byname, size_t *buf, series_plan *plan)
{
  size_t pairs = 0;
  for (size_t e = 0; e < t->n; e++)
    {
      size_t n = applicable (&t->v[e], in, byname, nin, buf);
      for (size_t k = 0; k < n; k++)
        plan_add (&plan[buf[k]], e);
      pairs += n;
    }
  for (size_t s = 0; s < nin; s++)
    {
      series_plan *p = &plan[s];
      returns_align (in[s].series, in[s].market, o->returns, &p->a);
      p->i0 = evs_xmalloc ((p->n ? p->n : 1) * sizeof *p->i0);
      p->sorted = evs_xmalloc ((p->n ? p->n : 1) * sizeof *p->sorted);
      for (size_t k = 0; k < p->n; k++)
        {
          p->i0[k] = find_day0 (&in[s], &p->a, &t->v[p->events[k]]);
          if (p->i0[k] != NO_DAY0)
            p->sorted[p->nsorted++] = (day0_entry) { p->i0[k], p->events[k] };
        }
      qsort (p->sorted, p->nsorted, sizeof *p->sorted, cmp_day0);
    }
  return pairs;
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
  size_t pairs = make_plans (o, t, in, nin, byname, buf, plan);
  out->res = evs_xcalloc (pairs, sizeof *out->res);
  for (size_t e = 0; e < t->n; e++)
    {
      size_t n = applicable (&t->v[e], in, byname, nin, buf);
      for (size_t k = 0; k < n; k++)
        {
          series_plan *p = &plan[buf[k]];
          size_t c = p->cursor++;
          study_pair (o, t, &in[buf[k]], &p->a, p->i0[c], p->sorted, p->nsorted,
                      e, &out->res[out->n++]);
        }
    }
  for (size_t s = 0; s < nin; s++)
    {
      returns_release (&plan[s].a);
      free (plan[s].events);
      free (plan[s].i0);
      free (plan[s].sorted);
    }
  free (plan);
  free (byname);
  free (buf);
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
      free (st->res[i].conf_day);
      free (st->res[i].hist_ar);
      free (st->res[i].hist_se);
      free (st->res[i].hist_date);
    }
  free (st->res);
  memset (st, 0, sizeof *st);
}
