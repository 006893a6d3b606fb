/* unit-volatility.c -- how close is P(F(L, df) > Ubar), the p-value of
 * Beaver's (1968) U statistic (evtests_u_window), to the truth?  The
 * L prediction errors of a window share the estimated alpha and beta
 * (and s^2), so Ubar is not exactly F(L, df).  This simulates the null:
 * Rm_t ~ N(0, 0.01^2), R_t = 0.0005 + 1.3 Rm_t + e_t, e_t ~ N(0, 0.02^2),
 * T = 240 estimation days and an event window of L days right after,
 * the market model fitted by OLS and se_t from MacKinlay (1997, eq. 9),
 * for REPS seeded replications (gsl_rng_mt19937, seed 12), and checks
 *  - the rejection rates at 5% and 1% against nominal, within 4.5
 *    Monte-Carlo standard errors (sqrt(a (1 - a) / REPS));
 *  - the mean of Ubar against df/(df - 2), exact for every L since each
 *    AR_t / se_t is t(df) (within 4.5 standard errors of the mean);
 *  - the share of Ubar > 1 against P(F(L, df) > 1), the null share the
 *    sign test u_sign uses (within 4.5 standard errors).
 * The measured rates are printed; README ("Abnormal volatility") quotes
 * them.  L = 1 is exact (Ubar = t^2), a control of the simulation. */
#include <config.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include <math.h>
#include <stdio.h>

#include "evtests.h"

#define UNIT_NAME "unit-volatility"
#include "check.h"

#define CHECK(ok, ...) check_at (__LINE__, (ok), __VA_ARGS__)
#define T 240
#define REPS 20000
#define MAXL 21

/* One replication: Ubar over L days after T estimation days. */
static double
one (gsl_rng *rng, size_t L, double *p)
{
  double rm[T + MAXL], r[T + MAXL], ar[MAXL], se[MAXL];
  for (size_t t = 0; t < T + L; t++)
    {
      rm[t] = gsl_ran_gaussian (rng, 0.01);
      r[t] = 0.0005 + 1.3 * rm[t] + gsl_ran_gaussian (rng, 0.02);
    }
  double mx = 0, my = 0, sxx = 0, sxy = 0, ssr = 0;
  for (size_t t = 0; t < T; t++)
    mx += rm[t] / T, my += r[t] / T;
  for (size_t t = 0; t < T; t++)
    sxx += (rm[t] - mx) * (rm[t] - mx), sxy += (rm[t] - mx) * (r[t] - my);
  double b = sxy / sxx, a = my - b * mx;
  for (size_t t = 0; t < T; t++)
    ssr += (r[t] - a - b * rm[t]) * (r[t] - a - b * rm[t]);
  double s2 = ssr / (T - 2);
  for (size_t k = 0; k < L; k++)
    {
      double x = rm[T + k];
      ar[k] = r[T + k] - a - b * x;
      se[k] = sqrt (s2 * (1 + 1.0 / T + (x - mx) * (x - mx) / sxx));
    }
  return evtests_u_window (ar, se, L, T - 2, p);
}

static void
simulate (gsl_rng *rng, size_t L)
{
  double df = T - 2, rej5 = 0, rej1 = 0, sum = 0, sum2 = 0, above = 0;
  for (int i = 0; i < REPS; i++)
    {
      double p, u = one (rng, L, &p);
      rej5 += p < 0.05, rej1 += p < 0.01, above += u > 1;
      sum += u, sum2 += u * u;
    }
  double mean = sum / REPS, sd = sqrt ((sum2 - REPS * mean * mean) / (REPS - 1));
  double q = gsl_cdf_fdist_Q (1.0, (double) L, df);
  printf ("L = %2zu: rejection at 5%% %.4f, at 1%% %.4f; mean Ubar %.4f (df/(df-2) %.4f);"
          " share > 1 %.4f (P(F > 1) %.4f)\n", L, rej5 / REPS, rej1 / REPS, mean,
          df / (df - 2), above / REPS, q);
  double m5 = 4.5 * sqrt (0.05 * 0.95 / REPS), m1 = 4.5 * sqrt (0.01 * 0.99 / REPS);
  CHECK (fabs (rej5 / REPS - 0.05) < m5, "L = %zu: 5%% rate %.4f", L, rej5 / REPS);
  CHECK (fabs (rej1 / REPS - 0.01) < m1, "L = %zu: 1%% rate %.4f", L, rej1 / REPS);
  CHECK (fabs (mean - df / (df - 2)) < 4.5 * sd / sqrt (REPS), "L = %zu: mean %.4f", L, mean);
  CHECK (fabs (above / REPS - q) < 4.5 * sqrt (q * (1 - q) / REPS), "L = %zu: share > 1 %.4f",
         L, above / REPS);
}

int
main (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, 12);
  size_t Ls[] = { 1, 2, 3, 5, 11, 21 };
  for (size_t i = 0; i < sizeof Ls / sizeof *Ls; i++)
    simulate (rng, Ls[i]);
  gsl_rng_free (rng);
  printf ("%d checks, %d failed\n", n_checks, n_failed);
  return n_failed ? 1 : 0;
}
