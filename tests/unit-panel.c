/* unit-panel.c -- panel_ranks (merged mid-ranks) against mid-ranks counted
 * from their definition, and pool_for against a plain loop.
 *
 * The reference rank of a value x among the finite values S of a row is
 * #{s < x} + (#{s == x} + 1) / 2 (R's rank(ties = "average")), counted
 * here in O(m^2) without sorting; the median is the middle of the values
 * put in order by that count.  Rows are random, with NaNs, many ties
 * (values rounded to a few levels), -0.0 next to 0.0, and a divisor that
 * overflows or is zero, so that every branch of the merge is taken.  The
 * ranks are half-integers, so the comparison is exact.  panel_ranks_plus1
 * (a period plus one day, from the period's ranks) must give panel_ranks'
 * ranks and median for the same values, to the last bit.  The batch
 * kernels aggregate.c uses (panel_uniform_cols, panel_plus1_sums) must
 * give the sums of a loop over the rows of panel_ranks, to the last bit,
 * whatever the number of threads. */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel.h"
#include "pool.h"

static int failures;

static double
draw (unsigned *seed)
{
  *seed = *seed * 1103515245u + 12345u;
  unsigned r = (*seed >> 8) % 1000;
  if (r < 80)
    return NAN;
  if (r < 90)
    return r % 2 ? -0.0 : 0.0;
  if (r < 95)
    return r % 2 ? 1e308 : -1e308;
  return (double) ((int) (r % 23) - 11) / 7.0;   /* ties */
}

/* The rank of V among the finite values of X[0..n): from the definition. */
static double
ref_rank (double v, const double *x, size_t n)
{
  double less = 0, eq = 0;
  for (size_t i = 0; i < n; i++)
    if (isfinite (x[i]))
      {
        less += x[i] < v;
        eq += x[i] == v;
      }
  return less + (eq + 1) / 2;
}

static double
ref_median (const double *x, size_t n)
{
  size_t k = 0;
  double lo = NAN, hi = NAN;
  for (size_t i = 0; i < n; i++)
    if (isfinite (x[i]))
      k++;
  /* The values whose rank span covers positions k/2 and (k+1)/2 + ... */
  for (size_t i = 0; i < n; i++)
    {
      if (!isfinite (x[i]))
        continue;
      double less = ref_rank (x[i], x, n) * 2, eq;
      eq = 0;
      for (size_t j = 0; j < n; j++)
        eq += isfinite (x[j]) && x[j] == x[i];
      less = (less - eq - 1) / 2;         /* #{s < x} */
      size_t first = (size_t) less, last = first + (size_t) eq - 1;
      if (k % 2 && first <= k / 2 && k / 2 <= last)
        lo = hi = x[i];
      if (!(k % 2) && first <= k / 2 - 1 && k / 2 - 1 <= last)
        lo = x[i];
      if (!(k % 2) && first <= k / 2 && k / 2 <= last)
        hi = x[i];
    }
  return k ? (k % 2 ? lo : (lo + hi) / 2.0) : NAN;
}

static void
check_row (const panel *p, size_t i, bool scaled, double div, const double *ev,
           size_t L, panel_ws *ws)
{
  size_t m = p->m_est + L;
  double *all = malloc (m * sizeof *all), *rank = malloc (m * sizeof *rank), med;
  for (size_t t = 0; t < p->m_est; t++)
    all[t] = scaled ? p->est[i * p->m_est + t] / div : p->est[i * p->m_est + t];
  memcpy (all + p->m_est, ev, L * sizeof *ev);
  size_t k = panel_ranks (p, i, scaled, ev, L, rank, &med, ws), want_k = 0;
  for (size_t t = 0; t < m; t++)
    {
      double want = isfinite (all[t]) ? ref_rank (all[t], all, m) : NAN;
      want_k += isfinite (all[t]);
      if (!(rank[t] == want || (isnan (rank[t]) && isnan (want))))
        {
          printf ("FAIL row %zu div %g column %zu: rank %g, want %g\n", i, div, t, rank[t], want);
          failures++;
        }
    }
  double want_med = ref_median (all, m);
  if (k != want_k || !(med == want_med || (isnan (med) && isnan (want_med))))
    {
      printf ("FAIL row %zu div %g: %zu values median %g, want %zu and %g\n",
              i, div, k, med, want_k, want_med);
      failures++;
    }
  /* panel_ranks_few: the same ranks, count and median (in value). */
  if (L <= PANEL_FEW)
    {
      double *got = malloc (m * sizeof *got), gmed = NAN;
      size_t k2 = panel_ranks_few (p, i, scaled, ev, L, got, scaled ? NULL : &gmed);
      for (size_t t = 0; t < m; t++)
        if (!(got[t] == rank[t] || (isnan (got[t]) && isnan (rank[t]))))
          {
            printf ("FAIL few row %zu column %zu: rank %g, want %g\n", i, t, got[t], rank[t]);
            failures++;
          }
      if (k2 != k || (!scaled && !(gmed == med || (isnan (gmed) && isnan (med)))))
        {
          printf ("FAIL few row %zu: %zu values median %g, want %zu and %g\n", i, k2,
                  gmed, k, med);
          failures++;
        }
      free (got);
    }
  /* panel_ranks_plus1: the first L - 1 values ranked by panel_ranks_mid,
   * the last added; the same ranks and median as panel_ranks above
   * (checked against the definition). */
  if (L >= 1)
    {
      double *base = malloc (m * sizeof *base), *got = malloc (m * sizeof *got);
      float *fbase = malloc (m * sizeof *fbase);
      double bmed, mid[3], gmed;
      size_t M = panel_ranks_mid (p, i, scaled, ev, L - 1, base, &bmed, mid, ws);
      for (size_t t = 0; t + 1 < m; t++)
        fbase[t] = (float) base[t];
      size_t k2 = panel_ranks_plus1 (p, i, scaled, ev, L - 1, fbase, M, bmed, mid,
                                     ev[L - 1], got, &gmed);
      for (size_t t = 0; t < m; t++)
        if (!(got[t] == rank[t] || (isnan (got[t]) && isnan (rank[t]))))
          {
            printf ("FAIL plus1 row %zu column %zu: rank %g, want %g\n", i, t, got[t], rank[t]);
            failures++;
          }
      if (k2 != k || !(gmed == med || (isnan (gmed) && isnan (med))))
        {
          printf ("FAIL plus1 row %zu: %zu values median %g, want %zu and %g\n",
                  i, k2, gmed, k, med);
          failures++;
        }
      free (base);
      free (got);
      free (fbase);
    }
  free (all);
  free (rank);
}

static void
test_ranks (void)
{
  enum { N = 300, M = 40, L = 9 };
  unsigned seed = 12345;
  panel p;
  panel_ws ws;
  static const double divs[] = { 1.0, 0.37, 3.5, 1e-300, 0.0, INFINITY };
  panel_init (&p, N, M);
  panel_ws_init (&ws, M, L);
  for (size_t i = 0; i < N; i++)
    {
      double *row = panel_row (&p, i);
      for (size_t t = 0; t < M; t++)
        row[t] = i % 50 == 7 ? NAN : draw (&seed);   /* some rows empty */
      panel_sort_row (&p, i, divs[i % 6], &ws);
    }
  for (size_t i = 0; i < N; i++)
    {
      double ev[L];
      size_t len = i % (L + 1);      /* 0..L event values */
      for (size_t t = 0; t < len; t++)
        ev[t] = draw (&seed);
      check_row (&p, i, false, divs[i % 6], ev, len, &ws);
      check_row (&p, i, true, divs[i % 6], ev, len, &ws);
    }
  /* Short windows (panel_ranks_few's case) many times over. */
  for (size_t rep = 0; rep < 8; rep++)
    for (size_t i = 0; i < N; i++)
      {
        double ev[PANEL_FEW];
        size_t len = 1 + (i + rep) % PANEL_FEW;
        for (size_t t = 0; t < len; t++)
          ev[t] = draw (&seed);
        check_row (&p, i, false, divs[i % 6], ev, len, &ws);
        check_row (&p, i, true, divs[i % 6], ev, len, &ws);
      }
  panel_ws_release (&ws);
  panel_release (&p);
}

/* panel_add_uniform1 against the column sums of U = K / (M + 1) - 1/2
 * from panel_ranks (itself checked against the definition above): equal
 * to the last bit, since each column gets one addition per row. */
static void
test_uniform1 (void)
{
  enum { N = 400, M = 30 };
  unsigned seed = 777;
  panel p;
  panel_ws ws;
  panel_init (&p, N, M);
  panel_ws_init (&ws, M, 1);
  double want[M + 1] = { 0 }, wcnt[M + 1] = { 0 }, got[M + 1] = { 0 }, gcnt[M + 1] = { 0 };
  static const double divs[] = { 1.0, 0.37, 3.5, 1e-300, 0.0, INFINITY, 2.0 };
  for (size_t i = 0; i < N; i++)
    {
      double *row = panel_row (&p, i), rank[M + 1], g = draw (&seed);
      for (size_t t = 0; t < M; t++)
        row[t] = i % 60 == 11 ? NAN : draw (&seed);
      double div = divs[i % 7];
      bool scaled = i % 3 != 0;
      panel_sort_row (&p, i, div, &ws);
      size_t k = panel_ranks (&p, i, scaled, &g, 1, rank, NULL, &ws);
      for (size_t t = 0; t <= M; t++)
        {
          double u = rank[t] / ((double) k + 1.0) - 0.5;
          if (isfinite (u))
            want[t] += u, wcnt[t]++;
        }
      panel_add_uniform1 (&p, i, scaled, g, got, gcnt, &ws);
    }
  for (size_t t = 0; t <= M; t++)
    if (memcmp (&got[t], &want[t], sizeof got[t]) != 0 || gcnt[t] != wcnt[t])
      {
        printf ("FAIL uniform1 column %zu: sum %.17g count %g, want %.17g and %g\n",
                t, got[t], gcnt[t], want[t], wcnt[t]);
        failures++;
      }
  panel_ws_release (&ws);
  panel_release (&p);
}

/* panel_uniform_cols (K extra values a row, column blocks on threads)
 * against a loop over the rows and the K values of panel_ranks on the
 * row's event values followed by the extra one, each rank's U added as
 * aggregate.c's add_std adds it: the same sums to the last bit, for 1,
 * 2, 3 and 7 threads; rows of N and of 1, extra values missing (NaN) or
 * tied with the row's. */
typedef struct ucols_ctx {
  panel *p;
  const double *ev;         /* L a row */
  const float *base;        /* M + L a row */
  const size_t *nb;
  size_t L;
} ucols_ctx;

static void
ucols_row (void *ctx, size_t a, const double **v1, const double **v2,
           const float **r, size_t *m)
{
  const ucols_ctx *c = ctx;
  *v1 = c->p->scaled + a * c->p->m_est;
  *v2 = c->ev + a * c->L;
  *r = c->base + a * (c->p->m_est + c->L);
  *m = c->nb[a];
}

static void
test_uniform_cols (size_t N)
{
  enum { M = 30, L = 6, K = 5, C = M + L + 1 };
  unsigned seed = 4242 + (unsigned) N;
  panel p;
  panel_ws ws;
  panel_init (&p, N, M);
  panel_ws_init (&ws, M, L + 1);
  static const double divs[] = { 1.0, 0.37, 3.5, 1e-300, 0.0, INFINITY, 2.0 };
  double *ev = malloc (N * L * sizeof *ev), *e = malloc (N * K * sizeof *e);
  float *base = malloc (N * (M + L) * sizeof *base);
  size_t *nb = malloc (N * sizeof *nb);
  double want[K][C] = { { 0 } }, wcnt[K][C] = { { 0 } }, rank[C], mid[3], med;
  for (size_t i = 0; i < N; i++)
    {
      double *row = panel_row (&p, i);
      for (size_t t = 0; t < M; t++)
        row[t] = i % 60 == 11 ? NAN : draw (&seed);
      panel_sort_row (&p, i, divs[i % 7], &ws);
      for (size_t t = 0; t < L; t++)
        ev[i * L + t] = draw (&seed);
      for (size_t j = 0; j < K; j++)
        e[i * K + j] = draw (&seed);
      nb[i] = panel_ranks_mid (&p, i, true, ev + i * L, L, rank, &med, mid, &ws);
      for (size_t t = 0; t < M + L; t++)
        base[i * (M + L) + t] = (float) rank[t];
    }
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < K; j++)
      {
        double v[L + 1];
        memcpy (v, ev + i * L, L * sizeof *v);
        v[L] = e[i * K + j];
        size_t k = panel_ranks (&p, i, true, v, L + 1, rank, NULL, &ws);
        const double *u = panel_utab (&ws, k + 1);
        for (size_t t = 0; t < C; t++)
          if (isfinite (rank[t]))
            want[j][t] += u[(size_t) (2.0 * rank[t])], wcnt[j][t]++;
      }
  ucols_ctx ctx = { &p, ev, base, nb, L };
  static const unsigned jobs[] = { 1, 2, 3, 7 };
  for (size_t jb = 0; jb < sizeof jobs / sizeof *jobs; jb++)
    {
      double got[K][C], gcnt[K][C];
      panel_uniform_cols (N, M + L, M, K, ucols_row, &ctx, e, &got[0][0], &gcnt[0][0],
                          jobs[jb]);
      for (size_t j = 0; j < K; j++)
        for (size_t t = 0; t < C; t++)
          if (memcmp (&got[j][t], &want[j][t], sizeof got[j][t]) != 0
              || gcnt[j][t] != wcnt[j][t])
            {
              printf ("FAIL uniform_cols rows %zu jobs %u value %zu column %zu: sum %.17g "
                      "count %g, want %.17g and %g\n", N, jobs[jb], j, t, got[j][t],
                      gcnt[j][t], want[j][t], wcnt[j][t]);
              failures++;
              j = K;
              break;
            }
    }
  free (ev);
  free (e);
  free (base);
  free (nb);
  panel_ws_release (&ws);
  panel_release (&p);
}

/* panel_plus1_sums against the sign and rank transforms that
 * aggregate.c's add_raw adds from panel_ranks (ranks and median) of the
 * row's event values followed by E, less the base's rank transform
 * before E's column: the same sums and counts to the last bit, E missing
 * (NaN), tied or not. */
static void
test_plus1_sums (void)
{
  enum { N = 300, M = 30, L = 5, C = M + L + 1 };
  unsigned seed = 999;
  panel p;
  panel_ws ws;
  panel_init (&p, N, M);
  panel_ws_init (&ws, M, L + 1);
  double want[2][C] = { { 0 } }, wcnt[2][C] = { { 0 } };
  double got[2][C] = { { 0 } }, gcnt[2][C] = { { 0 } };
  double *gs[2] = { got[0], got[1] }, *gc[2] = { gcnt[0], gcnt[1] };
  for (size_t i = 0; i < N; i++)
    {
      double *row = panel_row (&p, i), ev[L + 1], rank[C], mid[3], bmed, med;
      float base[M + L];
      for (size_t t = 0; t < M; t++)
        row[t] = i % 60 == 11 ? NAN : draw (&seed);
      panel_sort_row (&p, i, 1.0, &ws);
      for (size_t t = 0; t <= L; t++)
        ev[t] = draw (&seed);
      size_t bm = panel_ranks_mid (&p, i, false, ev, L, rank, &bmed, mid, &ws);
      for (size_t t = 0; t < M + L; t++)
        base[t] = (float) rank[t];
      size_t k = panel_ranks (&p, i, false, ev, L + 1, rank, &med, &ws);
      for (size_t t = 0; t < C; t++)
        {
          /* Before the last column, the rank transform's change from the
           * base's, uncounted. */
          double v = t < M ? row[t] : ev[t - M];
          double was = t < C - 1 ? (double) base[t] - ((double) bm + 1.0) / 2.0 : 0;
          if (isfinite (v))
            want[0][t] += (double) ((v > med) - (v < med)), wcnt[0][t] += t == C - 1;
          if (isfinite (rank[t]))
            want[1][t] += rank[t] - ((double) k + 1.0) / 2.0 - was, wcnt[1][t] += t == C - 1;
        }
      panel_plus1_sums (&p, i, ev, L, base, bm, bmed, mid, ev[L], gs, gc);
    }
  for (int s = 0; s < 2; s++)
    for (size_t t = 0; t < C; t++)
      if (memcmp (&got[s][t], &want[s][t], sizeof got[s][t]) != 0 || gcnt[s][t] != wcnt[s][t])
        {
          printf ("FAIL plus1_sums %s column %zu: sum %.17g count %g, want %.17g and %g\n",
                  s ? "rank" : "sign", t, got[s][t], gcnt[s][t], want[s][t], wcnt[s][t]);
          failures++;
        }
  panel_ws_release (&ws);
  panel_release (&p);
}

/* pool_for: every item runs exactly once, on a worker index in range,
 * for 1, 2 and more threads than items. */
typedef struct count_ctx {
  int *hits;
  unsigned jobs;
  int bad;
} count_ctx;

static void
count_item (void *ctx, size_t item, unsigned worker)
{
  count_ctx *c = ctx;
  c->hits[item]++;
  if (worker >= c->jobs)
    c->bad = 1;
}

static void
test_pool (void)
{
  static const unsigned jobs[] = { 1, 2, 3, 64 };
  for (size_t j = 0; j < sizeof jobs / sizeof *jobs; j++)
    {
      int hits[37] = { 0 };
      count_ctx c = { hits, jobs[j], 0 };
      pool_for (37, jobs[j], count_item, &c);
      for (size_t i = 0; i < 37; i++)
        if (hits[i] != 1 || c.bad)
          {
            printf ("FAIL pool_for jobs %u: item %zu ran %d times\n", jobs[j], i, hits[i]);
            failures++;
            break;
          }
    }
  if (pool_workers (5, 64) != 5 || pool_workers (0, 4) != 1 || pool_default_jobs () < 1)
    {
      puts ("FAIL pool_workers");
      failures++;
    }
}

int
main (void)
{
  /* GSL reports through return codes; its default handler aborts. */
  gsl_set_error_handler_off ();
  test_ranks ();
  test_uniform1 ();
  test_uniform_cols (400);
  test_uniform_cols (1);
  test_plus1_sums ();
  test_pool ();
  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
