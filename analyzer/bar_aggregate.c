/* bar_aggregate.c -- the intraday study across pairs (bar_aggregate.h). */
#include <config.h>
#include "bar_aggregate.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "error.h"

/* The tests of one row on the values X and the standardised values SX
 * (N of each). */
static void
test_row (bar_agg_row *r, const double *x, const double *sx, size_t n)
{
  double s = 0;
  for (size_t i = 0; i < n; i++)
    s += x[i];
  r->n = n;
  r->mean = n ? s / (double) n : NAN;
  /* t = mean / (sd / sqrt N), N - 1 df (Brown & Warner 1985) */
  evtests_cs_t (x, n, &r->t);
  /* BMP (1991, eq. 5): the same on the standardised values */
  evtests_bmp (sx, n, &r->bmp);
  evtests_sign (x, n, &r->sign, &r->sign_z);
  evtests_wilcoxon (x, n, &r->wilcoxon, &r->wilcoxon_z);
}

size_t
bar_aggregate (const bar_study_opts *o, const bar_result *res, size_t nres,
               bar_agg_row **rows)
{
  long lo = LONG_MAX, hi = LONG_MIN;
  for (size_t i = 0; i < nres; i++)
    if (res[i].ok && res[i].nars)
      {
        lo = res[i].ars[0].rel < lo ? res[i].ars[0].rel : lo;
        hi = res[i].ars[res[i].nars - 1].rel > hi ? res[i].ars[res[i].nars - 1].rel : hi;
      }
  size_t ndays = lo <= hi ? (size_t) (hi - lo + 1) : 0;
  bar_agg_row *v = evs_xcalloc (o->nwindows + ndays + 1, sizeof *v);
  double *x = evs_xmalloc ((nres ? nres : 1) * sizeof *x);
  double *sx = evs_xmalloc ((nres ? nres : 1) * sizeof *sx);
  size_t nr = 0;
  for (size_t w = 0; w < o->nwindows; w++)
    {
      size_t n = 0;
      for (size_t i = 0; i < nres; i++)
        if (res[i].ok && w < res[i].ncars && res[i].cars[w].L)
          x[n] = res[i].cars[w].car, sx[n++] = res[i].cars[w].car / res[i].cars[w].se;
      v[nr].w = &o->windows[w];
      test_row (&v[nr++], x, sx, n);
    }
  /* ARs are in ascending relative bar per pair: a cursor each */
  size_t *cur = evs_xcalloc (nres ? nres : 1, sizeof *cur);
  for (size_t d = 0; d < ndays; d++)
    {
      long rel = lo + (long) d;
      size_t n = 0;
      for (size_t i = 0; i < nres; i++)
        {
          const bar_result *r = &res[i];
          if (!r->ok)
            continue;
          while (cur[i] < r->nars && r->ars[cur[i]].rel < rel)
            cur[i]++;
          if (cur[i] < r->nars && r->ars[cur[i]].rel == rel)
            x[n] = r->ars[cur[i]].ar, sx[n++] = r->ars[cur[i]].ar / r->ars[cur[i]].se;
        }
      v[nr].day = rel;
      test_row (&v[nr++], x, sx, n);
    }
  free (cur);
  free (x);
  free (sx);
  *rows = v;
  return nr;
}
