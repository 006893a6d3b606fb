/* unit-lbt.c -- the long-horizon BHAR tests (lbt.h).
 *
 * 1. A hand computation: x = (0.10, -0.05, 0.30, -0.20, 0.02), so xbar =
 *    0.17 / 5 = 0.034, deviations (0.066, -0.084, 0.266, -0.234, -0.014),
 *    sum d^2 = 0.13712, sum d^3 = 0.00570024 (each cube written out in
 *    the test); s = sqrt(0.13712 / 4), gamma = 0.00570024 / (5 s^3),
 *    t = xbar / (s / sqrt 5), t_sa = sqrt 5 (S + gamma S^2 / 3 +
 *    gamma / 30) with S = xbar / s (Lyon, Barber & Tsai 1999, eq. 5).
 *    n_b = 1 < 2: no bootstrap p.
 * 2. The bootstrap p: the same seed gives the same p, another seed a
 *    p within Monte Carlo error of it.
 * 3. Size (a seeded Monte Carlo, documented in HACKING.md): 1,000 samples
 *    of n = 200 null BHARs from a right-skewed population with mean 0,
 *    x = exp(z) - exp(sigma^2 / 2), z ~ N(0, 0.6^2) (skewness about 2.3,
 *    like the long-run BHARs of LBT's random samples); the bootstrapped
 *    skewness-adjusted test at 5% must reject within the binomial band
 *    0.05 +- 2.576 sqrt(0.05 0.95 / 1000) = [0.0322, 0.0678] (99%).
 *    The conventional t's rejection rate is printed for comparison.
 */
#define UNIT_NAME "unit-lbt"
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "check.h"
#include "lbt.h"

static bool
rel_ok (double got, double want, double tol)
{
  return fabs (got - want) <= tol * fabs (want);
}

static void
test_hand (void)
{
  const double x[] = { 0.10, -0.05, 0.30, -0.20, 0.02 };
  double d2 = 0.004356 + 0.007056 + 0.070756 + 0.054756 + 0.000196;
  double d3 = 0.000287496 - 0.000592704 + 0.018821096 - 0.012812904 - 0.000002744;
  double s = sqrt (d2 / 4), gamma = d3 / (5 * s * s * s), S = 0.034 / s;
  double t = 0.034 / (s / sqrt (5.0)), tsa = sqrt (5.0) * (S + gamma * S * S / 3 + gamma / 30);
  lbt_result r = { 0 };
  lbt_test (x, 5, LBT_BOOTSTRAP, 1, &r);
  CHECK (rel_ok (r.mean, 0.034, 1e-14), "mean %.17g", r.mean);
  CHECK (rel_ok (r.sd, s, 1e-13), "sd %.17g, hand %.17g", r.sd, s);
  CHECK (rel_ok (r.skew, gamma, 1e-11), "gamma %.17g, hand %.17g", r.skew, gamma);
  CHECK (rel_ok (r.t, t, 1e-13), "t %.17g, hand %.17g", r.t, t);
  CHECK (rel_ok (r.t_sa, tsa, 1e-12), "t_sa %.17g, hand %.17g", r.t_sa, tsa);
  CHECK (r.df == 4 && r.nb == 1 && isnan (r.p_boot), "df 4, n_b 1, no bootstrap p");
}

/* Null BHARs: exp(z) - exp(sigma^2 / 2). */
static void
draw (gsl_rng *g, double *x, size_t n)
{
  for (size_t i = 0; i < n; i++)
    x[i] = exp (gsl_ran_gaussian (g, 0.6)) - exp (0.18);
}

static void
test_seed (void)
{
  gsl_rng *g = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (g, 7);
  double x[200];
  draw (g, x, 200);
  for (size_t i = 0; i < 200; i++)
    x[i] += 0.02;             /* a little abnormal return */
  lbt_result a = { 0 }, b = { 0 }, c = { 0 };
  lbt_test (x, 200, LBT_BOOTSTRAP, 5, &a);
  lbt_test (x, 200, LBT_BOOTSTRAP, 5, &b);
  lbt_test (x, 200, LBT_BOOTSTRAP, 6, &c);
  CHECK (a.p_boot == b.p_boot, "same seed, same p: %.17g %.17g", a.p_boot, b.p_boot);
  CHECK (a.nb == 50 && a.p_boot >= 0 && a.p_boot <= 1, "p in [0, 1]: %g", a.p_boot);
  /* Two seeds: the p differ by Monte Carlo error only (sd of a share of
   * 1,000 at most 0.016 each). */
  CHECK (fabs (a.p_boot - c.p_boot) < 0.1, "seeds 5 and 6: %g vs %g", a.p_boot, c.p_boot);
  gsl_rng_free (g);
}

static void
test_size (void)
{
  enum { REPS = 1000, N = 200 };
  gsl_rng *g = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (g, 20260101);
  double x[N];
  size_t rej_sa = 0, rej_t = 0;
  for (size_t r = 0; r < REPS; r++)
    {
      draw (g, x, N);
      lbt_result o = { 0 };
      lbt_test (x, N, LBT_BOOTSTRAP, 1000 + r, &o);
      rej_sa += o.p_boot < 0.05;
      rej_t += o.p < 0.05;
    }
  double rate = (double) rej_sa / REPS;
  printf ("unit-lbt: size at 5%%: bootstrapped t_sa %.3f, conventional t %.3f (%d samples of %d)\n",
          rate, (double) rej_t / REPS, REPS, N);
  CHECK (rate >= 0.0322 && rate <= 0.0678, "bootstrap size %.3f outside [0.0322, 0.0678]", rate);
  gsl_rng_free (g);
}

int
main (void)
{
  gsl_set_error_handler_off ();
  test_hand ();
  test_seed ();
  test_size ();
  printf ("unit-lbt: %d checks, %d failed\n", n_checks, n_failed);
  return n_failed ? 1 : 0;
}
