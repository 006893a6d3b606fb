/* lbt.c -- Lyon, Barber & Tsai (1999) tests of mean BHARs (lbt.h). */
#include <config.h>

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "evtests.h"
#include "lbt.h"
#include "series.h"

/* Mean, sample sd (n - 1) and LBT's gamma = sum (x - xbar)^3 / (n s^3),
 * for the report (the tests come from evtests.h). */
static void
moments (const double *x, size_t n, double *mean, double *sd, double *skew)
{
  double m = 0, s2 = 0, s3 = 0;
  for (size_t i = 0; i < n; i++)
    m += x[i];
  m /= (double) n;
  for (size_t i = 0; i < n; i++)
    {
      double d = x[i] - m;
      s2 += d * d;
      s3 += d * d * d;
    }
  *mean = m;
  *sd = n > 1 ? sqrt (s2 / (double) (n - 1)) : NAN;
  *skew = s3 / ((double) n * *sd * *sd * *sd);
}

/* The bootstrap p of T (lbt.h), or NaN.  Each resample is centred on
 * the sample mean MEAN before evtests_skew_t (the aggregate's skew_t:
 * LBT eq. 5, S and gamma with the n - 1 sd), which gives t_sa^b with
 * S^b = (xbar^b - xbar) / s^b since s^b and gamma^b do not move with a
 * shift. */
static double
boot_p (const double *x, size_t n, double mean, double t, size_t nb, size_t nboot,
        unsigned long seed)
{
  if (nb < 3 || nboot == 0 || !isfinite (t))
    return NAN;
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, seed);
  double *y = evs_xmalloc (nb * sizeof *y);
  size_t lo = 0, hi = 0, done = 0;
  for (size_t b = 0; b < nboot; b++)
    {
      evtests_result r;
      size_t tries = 0;
      do
        {
          for (size_t i = 0; i < nb; i++)
            y[i] = x[gsl_rng_uniform_int (rng, n)] - mean;
          evtests_skew_t (y, nb, &r);
        }
      while (!isfinite (r.stat) && ++tries < 100);
      if (!isfinite (r.stat))
        break;
      lo += r.stat <= t;
      hi += r.stat >= t;
      done++;
    }
  free (y);
  gsl_rng_free (rng);
  if (done < nboot)
    return NAN;
  double p = 2 * (double) (lo < hi ? lo : hi) / (double) nboot;
  return p > 1 ? 1 : p;
}

void
lbt_test (const double *x, size_t n, size_t nboot, unsigned long seed, lbt_result *o)
{
  study_window w = o->w;
  memset (o, 0, sizeof *o);
  o->w = w;
  o->n = n;
  o->mean = o->sd = o->skew = o->t = o->p = o->t_sa = o->p_boot = NAN;
  o->df = n > 1 ? (double) (n - 1) : NAN;
  o->nb = n / 4;
  o->nboot = nboot;
  if (n < 2)
    {
      if (n == 1)
        o->mean = x[0];
      return;
    }
  moments (x, n, &o->mean, &o->sd, &o->skew);
  if (!(o->sd > 0))
    return;
  evtests_result r;
  evtests_cs_t (x, n, &r);
  o->t = r.stat;
  o->p = r.p;
  evtests_skew_t (x, n, &r);
  o->t_sa = r.stat;
  o->p_boot = boot_p (x, n, o->mean, o->t_sa, o->nb, nboot, seed);
}

/* A 64-bit mix (splitmix64, Steele et al. 2014) of the seed and the
 * window's index: well-separated streams per window. */
static unsigned long
window_seed (unsigned long seed, size_t w)
{
  uint64_t z = (uint64_t) seed + 0x9e3779b97f4a7c15u * ((uint64_t) w + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return (unsigned long) ((z ^ (z >> 31)) & 0xffffffffu);
}

/* The price of S on its latest session on or before DAY, or NaN. */
static double
price_on (const evs_series *s, int32_t day, bool exact)
{
  size_t j = series_lower_bound (s, day);
  if (j < s->n && s->date[j] == day)
    return s->price[j];
  return !exact && j > 0 ? s->price[j - 1] : NAN;
}

double
lbt_bench_bhar (const study_result *r, size_t w, const evs_series *bench)
{
  const study_car *c = &r->cars[w];
  long k = (long) r->hist_i0 + c->w.a - 1;        /* the base session */
  if (k < 0 || (size_t) k >= r->nhist)
    return NAN;
  int32_t base = r->hist_date[k];
  double gr = price_on (r->series, c->last, true) / price_on (r->series, base, true);
  double gb = price_on (bench, c->last, false) / price_on (bench, base, false);
  return gr - gb;
}

void
lbt_windows (const evs_study *st, const evs_series *bench, unsigned long seed,
             lbt_result *out)
{
  double *x = evs_xmalloc ((st->n + 1) * sizeof *x);
  for (size_t w = 0; w < st->opts.nwin; w++)
    {
      size_t n = 0;
      for (size_t i = 0; i < st->n; i++)
        {
          const study_result *r = &st->res[i];
          if (r->status != STUDY_OK || w >= r->ncars)
            continue;
          double b = bench ? lbt_bench_bhar (r, w, bench) : r->cars[w].bhar;
          if (isfinite (b))
            x[n++] = b;
        }
      out[w].w = st->opts.win[w];
      lbt_test (x, n, LBT_BOOTSTRAP, window_seed (seed, w), &out[w]);
    }
  free (x);
}
