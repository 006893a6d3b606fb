/* bar_study.c -- the intraday event study of one pair (bar_study.h). */
#include <config.h>
#include "bar_study.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- windows ---- */

/* One end: a whole number, optionally with a unit; *UNIT 0 for bars. */
static bool
parse_end (const char *s, const char *end, long *v, int *unit)
{
  char *e;
  long x = strtol (s, &e, 10);
  if (e == s || x < -1000000 || x > 1000000)
    return false;
  *unit = 0;
  if (e < end)
    {
      if (e + 1 != end)
        return false;
      *unit = *e == 's' ? 1 : *e == 'm' ? 60 : *e == 'h' ? 3600 : -1;
      if (*unit < 0)
        return false;
    }
  *v = x;
  return true;
}

bool
bar_window_parse (const char *s, bar_window *w)
{
  const char *colon = strchr (s, ':');
  if (!colon || strlen (s) >= sizeof w->text)
    return false;
  long a, b;
  int ua, ub;
  if (!parse_end (s, colon, &a, &ua) || !parse_end (colon + 1, colon + 1 + strlen (colon + 1), &b, &ub))
    return false;
  if ((ua == 0) != (ub == 0))
    return false;
  w->clock = ua != 0;
  w->a = w->clock ? a * ua : a;
  w->b = w->clock ? b * ub : b;
  if (w->a > w->b)
    return false;
  snprintf (w->text, sizeof w->text, "%s", s);
  return true;
}

/* ---- the joined series ---- */

typedef struct joined {
  size_t n;
  int64_t *t;
  double *ps, *pm;      /* pm NULL without a market */
  int32_t *session;
} joined;

/* The times S and M (may be NULL) both have. */
static void
join (const bars_series *s, const bars_series *m, joined *j)
{
  size_t cap = s->n;
  j->t = evs_xmalloc ((cap ? cap : 1) * sizeof *j->t);
  j->ps = evs_xmalloc ((cap ? cap : 1) * sizeof *j->ps);
  j->pm = m ? evs_xmalloc ((cap ? cap : 1) * sizeof *j->pm) : NULL;
  j->session = evs_xmalloc ((cap ? cap : 1) * sizeof *j->session);
  size_t n = 0, k = 0;
  for (size_t i = 0; i < s->n; i++)
    {
      if (m)
        {
          while (k < m->n && m->t[k] < s->t[i])
            k++;
          if (k == m->n || m->t[k] != s->t[i])
            continue;
          j->pm[n] = m->close[k];
        }
      j->t[n] = s->t[i], j->ps[n] = s->close[i], j->session[n] = s->session[i];
      n++;
    }
  j->n = n;
}

static void
joined_release (joined *j)
{
  free (j->t);
  free (j->ps);
  free (j->pm);
  free (j->session);
}

/* bars_day0 over the joined times. */
static size_t
day0 (const joined *j, int64_t instant, int32_t len, enum bars_align a)
{
  int64_t key = a == BARS_ALIGN_START ? instant : instant - len + 1;
  size_t lo = 0, hi = j->n;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (j->t[mid] < key)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static double
ret (const double *p, size_t k)
{
  return p[k] / p[k - 1] - 1;
}

/* The first index of J whose time is >= KEY. */
static long
lower (const joined *j, int64_t key)
{
  size_t lo = 0, hi = j->n;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (j->t[mid] < key)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (long) lo;
}

/* The bars (indices of J, >= 1: each has a return) window W holds
 * around K0: [*LO, *HI], empty if *LO > *HI. */
static void
window_range (const joined *j, size_t k0, const bar_window *w, long *lo, long *hi)
{
  if (!w->clock)
    *lo = (long) k0 + w->a, *hi = (long) k0 + w->b;
  else
    {
      *lo = lower (j, j->t[k0] + w->a);
      *hi = lower (j, j->t[k0] + w->b + 1) - 1;
    }
  if (*lo < 1)
    *lo = 1;
  if (*hi > (long) j->n - 1)
    *hi = (long) j->n - 1;
}

/* Estimation returns into R and RM (arrays of J->n); returns T. */
static size_t
estimation (const bar_study_opts *o, const joined *j, size_t k0, int32_t len,
            long first_window, double *r, double *rm, bar_result *out)
{
  /* The first bar of the est_sessions-th session before day 0's. */
  size_t lo = k0;
  int seen = 0;
  while (lo > 0)
    {
      if (j->session[lo - 1] != j->session[lo] && ++seen > o->est_sessions)
        break;
      lo--;
    }
  if (seen <= o->est_sessions)
    lo = 0;
  size_t T = 0;
  for (size_t k = lo > 0 ? lo : 1; k < k0; k++)
    {
      if (j->t[k] + len > j->t[k0] - o->est_gap)
        break;
      /* A window's bar is never its own estimation data. */
      if ((long) k >= first_window)
        continue;
      if (!o->overnight && j->session[k] != j->session[k - 1])
        continue;
      r[T] = ret (j->ps, k);
      rm[T] = j->pm ? ret (j->pm, k) : 0;
      if (T == 0)
        out->est_first = j->t[k];
      out->est_last = j->t[k];
      T++;
    }
  return T;
}

/* Marks OUT skipped for REASON (cut to fit). */
static void
skip (bar_result *out, const char *reason)
{
  out->ok = false;
  size_t n = strlen (reason);
  if (n >= sizeof out->reason)
    n = sizeof out->reason - 1;
  memcpy (out->reason, reason, n);
  out->reason[n] = '\0';
}

static void
fill_ars (const joined *j, size_t k0, int32_t len, long lo, long hi, bar_result *out)
{
  out->ars = evs_xmalloc ((size_t) (hi - lo + 1) * sizeof *out->ars);
  for (long k = lo; k <= hi; k++)
    {
      bar_ar *a = &out->ars[out->nars++];
      a->rel = k - (long) k0;
      a->t = j->t[k], a->from = j->t[k - 1] + len;
      a->overnight = j->session[k] != j->session[k - 1];
      a->r = ret (j->ps, (size_t) k);
      a->rm = j->pm ? ret (j->pm, (size_t) k) : NAN;
      a->expected = model_expected (&out->fit, j->pm ? a->rm : 0);
      a->ar = a->r - a->expected;
      /* Var(AR_t) = s^2 + x_t' C x_t, CLM (4.4.8) */
      a->se = sqrt (model_ar_var (&out->fit, j->pm ? a->rm : 0));
      a->t_stat = a->ar / a->se;
      a->p = model_p_two_sided (a->t_stat, out->fit.df);
    }
}

static void
fill_cars (const bar_study_opts *o, const joined *j, size_t k0, bar_result *out)
{
  out->cars = evs_xcalloc (o->nwindows ? o->nwindows : 1, sizeof *out->cars);
  for (size_t w = 0; w < o->nwindows; w++)
    {
      bar_car *c = &out->cars[out->ncars++];
      long lo, hi;
      window_range (j, k0, &o->windows[w], &lo, &hi);
      c->w = &o->windows[w];
      c->df = out->fit.df;
      if (lo > hi)
        {
          c->car = c->se = c->t_stat = c->p = NAN;
          continue;
        }
      double sum_ar = 0, sum_rm = 0;
      for (long k = lo; k <= hi; k++)
        {
          double rm = j->pm ? ret (j->pm, (size_t) k) : 0;
          sum_ar += ret (j->ps, (size_t) k) - model_expected (&out->fit, rm);
          sum_rm += rm;
        }
      c->first = lo - (long) k0, c->last = hi - (long) k0;
      c->t_first = j->t[lo], c->t_last = j->t[hi];
      c->L = (size_t) (hi - lo + 1);
      c->car = sum_ar;
      /* Var(CAR) = L s^2 + u' C u, CLM (4.4.11) */
      c->se = sqrt (model_car_var (&out->fit, c->L, sum_rm));
      c->t_stat = c->car / c->se;
      c->p = model_p_two_sided (c->t_stat, c->df);
    }
}

/* The reported bars: the union of the windows. */
static void
ar_range (const bar_study_opts *o, const joined *j, size_t k0, long *lo, long *hi)
{
  *lo = LONG_MAX, *hi = LONG_MIN;
  for (size_t w = 0; w < o->nwindows; w++)
    {
      long a, b;
      window_range (j, k0, &o->windows[w], &a, &b);
      if (a <= b)
        *lo = a < *lo ? a : *lo, *hi = b > *hi ? b : *hi;
    }
}

void
bar_study_pair (const bar_study_opts *o, const evs_event *e, const bars_series *s,
                const bars_series *m, bar_result *out)
{
  memset (out, 0, sizeof *out);
  out->event = e, out->s = s, out->m = m;
  out->ok = true;
  joined j;
  join (s, m, &j);
  size_t k0 = day0 (&j, e->instant, s->len, o->align);
  if (m && j.n == 0)
    skip (out, "no bar time shared with the market");
  else if (!e->has_instant)
    skip (out, "the event has no time: give it one (date with time and offset, or time and timezone)");
  else if (k0 == j.n)
    skip (out, "the event is after the data");
  else if (k0 == 0)
    skip (out, "no bar before day 0");
  if (!out->ok)
    {
      joined_release (&j);
      return;
    }
  out->t0 = j.t[k0];
  long lo, hi;
  ar_range (o, &j, k0, &lo, &hi);
  double *r = evs_xmalloc (j.n * sizeof *r), *rm = evs_xmalloc (j.n * sizeof *rm);
  size_t T = estimation (o, &j, k0, s->len, lo, r, rm, out);
  out->n_est = T;
  evs_error err;
  char why[96];
  snprintf (why, sizeof why, "%zu estimation returns, fewer than --min-estimation (%zu)",
            T, o->min_est);
  if (T < o->min_est)
    skip (out, why);
  else if (model_estimate (o->model, r, rm, T, &out->fit, &err))
    skip (out, err.msg);
  if (out->ok && lo <= hi)
    fill_ars (&j, k0, s->len, lo, hi, out);
  if (out->ok)
    fill_cars (o, &j, k0, out);
  free (r);
  free (rm);
  joined_release (&j);
}

void
bar_result_release (bar_result *r)
{
  free (r->ars);
  free (r->cars);
  memset (r, 0, sizeof *r);
}
