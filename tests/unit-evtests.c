/* unit-evtests.c -- evtests functions whose exact p-values the shell
 * tests do not reach (large or tied samples, adjustments), against R 4.2.2:
 * every expected number below was printed by this R code (base R only):
 *   x1 <- c(0.013, -0.021, 0.034, 0.0045, -0.0012, 0.027, 0.0151, -0.0088,
 *           0.0222, 0.0019, -0.0307, 0.0112)
 *   wilcox.test(x1, exact = TRUE)                  V = 54, p = 0.26611328125
 *   x2 <- sin((1:250) * 1.7) + 0.05
 *   wilcox.test(x2, exact = FALSE, correct = TRUE) V = 17409, p = 0.1326590186051009
 *   x3 <- c(1, -1, 2, 2, -3, 3, 4, -0.5, 5, 6)
 *   wilcox.test(x3, correct = TRUE)   (ties)       V = 45, p = 0.082530963902202076
 *   p.adjust(c(0.01, 0.04, 0.03, 0.2), "holm") and "BH"
 *   binom.test(9, 12, 0.5)$p.value                 0.14599609375
 * wilcoxon_z is the z behind R's normal p (tie and continuity corrected),
 * by hand: x2: n = 250, W = 17409, mean 250*251/4 = 15687.5, variance
 * 250*251*501/24 = 1309906.25, z = (17409 - 15687.5 - 0.5)/sqrt(1309906.25);
 * its p is R's 0.1326590186051009.  x1: n = 12, mean 39, variance
 * 12*13*25/24 = 162.5, z = (54 - 39 - 0.5)/sqrt(162.5).  x3 (ties): its
 * normal p is R's 0.082530963902202076.
 */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "evtests.h"

static int failures;

static void
check (const char *what, double got, double want, double rtol)
{
  if (!(fabs (got - want) <= rtol * fabs (want)))
    {
      printf ("FAIL %s: got %.17g, want %.17g\n", what, got, want);
      failures++;
    }
}

static void
test_wilcoxon (void)
{
  static const double x1[] = { 0.013, -0.021, 0.034, 0.0045, -0.0012, 0.027, 0.0151,
                               -0.0088, 0.0222, 0.0019, -0.0307, 0.0112 };
  static const double x3[] = { 1, -1, 2, 2, -3, 3, 4, -0.5, 5, 6 };
  double x2[250];
  evtests_result r, z;
  for (int i = 0; i < 250; i++)
    x2[i] = sin ((i + 1) * 1.7) + 0.05;
  evtests_wilcoxon (x1, 12, &r, &z);
  check ("wilcoxon exact W", r.stat, 54, 0);
  check ("wilcoxon exact p", r.p, 0.26611328125000022, 1e-12);
  check ("wilcoxon_z small", z.stat, 14.5 / sqrt (162.5), 1e-15);
  evtests_wilcoxon (x2, 250, &r, &z);
  check ("wilcoxon normal W", r.stat, 17409, 0);
  check ("wilcoxon normal p", r.p, 0.1326590186051009, 1e-12);
  check ("wilcoxon_z", z.stat, 1721.0 / sqrt (1309906.25), 1e-15);
  check ("wilcoxon_z p", z.p, 0.1326590186051009, 1e-12);
  evtests_wilcoxon (x3, 10, &r, &z);
  check ("wilcoxon ties W", r.stat, 45, 0);
  check ("wilcoxon ties p", r.p, 0.082530963902202076, 1e-12);
  check ("wilcoxon_z ties p", z.p, 0.082530963902202076, 1e-12);
}

static void
test_sign (void)
{
  double x[12];
  evtests_result r, z;
  for (int i = 0; i < 12; i++)
    x[i] = i < 9 ? 0.01 * (i + 1) : -0.01;
  evtests_sign (x, 12, &r, &z);
  check ("sign W", r.stat, 9, 0);
  check ("sign p (binomial)", r.p, 0.14599609375000008, 1e-12);
  check ("sign_z", z.stat, (9 - 6) / sqrt (3.0), 1e-15);
  check ("sign_z p (normal)", z.p, evtests_p_z ((9 - 6) / sqrt (3.0)), 1e-15);
}

/* Kolari and Pynnönen (2010) adjustments, by hand: N = 5, rbar = 0.25, so
 * 1 + (N - 1) rbar = 2.  Patell: Z / sqrt(2) = 2 / sqrt(2) = sqrt(2) =
 * 1.4142135623730951 (no (1 - rbar) factor: Patell's variances are time
 * series ones).  BMP: t sqrt((1 - rbar) / 2) = 2 sqrt(0.375) =
 * 1.2247448713915890, df 4 as BMP's. */
static void
test_kp (void)
{
  evtests_result pt = { "patell", 2.0, NAN, 0, 0, 0 }, bmp = { "bmp", 2.0, 4, 0, 0, 0 }, r;
  evtests_kp_patell (&pt, 5, 0.25, &r);
  check ("patell_kp", r.stat, 1.4142135623730951, 1e-15);
  check ("patell_kp p", r.p, evtests_p_z (1.4142135623730951), 1e-15);
  evtests_kp_bmp (&bmp, 5, 0.25, &r);
  check ("bmp_kp", r.stat, 1.2247448713915890, 1e-15);
  check ("bmp_kp df", r.df, 4, 0);
  check ("bmp_kp p", r.p, evtests_p_t (1.2247448713915890, 4), 1e-15);
}

/* GRANK (Kolari and Pynnönen 2011) by hand: 2 pairs on 3 estimation days
 * and day 0, column sums of U 0.2, -0.4, 0.1, 0.6, so Ubar = 0.1, -0.2,
 * 0.05, 0.3.  T = 4 days (estimation days + the event observation):
 * S^2 = (0.01 + 0.04 + 0.0025 + 0.09) / 4 = 0.035625, Z^2 = 0.09 / S^2 =
 * 48/19, t = Z sqrt((T - 2)/(T - 1 - Z^2)) = sqrt(48/19 * 2/(9/19)) =
 * sqrt(32/3), df T - 2 = 2.  (With T = 3, the old count, T - 1 - Z^2 < 0.) */
static void
test_grank (void)
{
  static const double sum[] = { 0.2, -0.4, 0.1, 0.6 }, cnt[] = { 2, 2, 2, 2 };
  evtests_cols u = { 2, 4, sum, cnt };
  evtests_result z, t;
  evtests_grank (&u, &z, &t);
  check ("grank_z", z.stat, sqrt (48.0 / 19.0), 1e-14);
  check ("grank_t", t.stat, sqrt (32.0 / 3.0), 1e-14);
  check ("grank_t df", t.df, 2, 0);
  check ("grank_t p", t.p, evtests_p_t (sqrt (32.0 / 3.0), 2), 1e-14);
}

/* ---------------------------------------------- Kolari-Pynnönen rbar */

/* The pairwise definition evtests_kp_rbar must equal, as aggregate.c
 * computed it before the O(N T) sums: for every two pairs sharing day 0,
 * the Pearson correlation of their residuals on the dates both have
 * (evtests_correlation; NaN counts as 0); other pairs 0; the mean over all
 * N (N - 1) / 2 pairs of pairs. */
static double
pairwise_rbar (const evtests_kp_pair *p, size_t n, size_t *nclustered)
{
  double sum = 0, *x = malloc (1000 * sizeof *x), *y = malloc (1000 * sizeof *y);
  *nclustered = 0;
  for (size_t i = 0; i < n; i++)
    {
      bool shared = false;
      for (size_t j = 0; j < n; j++)
        shared |= j != i && p[j].day0 == p[i].day0;
      *nclustered += shared;
      for (size_t j = i + 1; j < n; j++)
        {
          if (p[i].day0 != p[j].day0)
            continue;
          size_t a = 0, b = 0, k = 0;
          while (a < p[i].T && b < p[j].T)
            if (p[i].date[a] < p[j].date[b])
              a++;
            else if (p[i].date[a] > p[j].date[b])
              b++;
            else
              {
                x[k] = p[i].res[a++];
                y[k++] = p[j].res[b++];
              }
          double r = evtests_correlation (x, y, k);
          sum += isfinite (r) ? r : 0.0;
        }
    }
  free (x);
  free (y);
  return sum / ((double) n * ((double) n - 1) / 2);
}

static uint64_t rng_state = 88172645463325252u;

/* Roughly normal draws (sum of 4 xorshift uniforms, centred). */
static double
draw (void)
{
  double u = 0;
  for (int k = 0; k < 4; k++)
    {
      rng_state ^= rng_state << 13;
      rng_state ^= rng_state >> 7;
      rng_state ^= rng_state << 17;
      u += (double) (rng_state >> 11) / 9007199254740992.0;
    }
  return u - 2.0;
}

/* Pairs with a common factor on shared calendars, other calendars (a
 * missing day, a clipped window), a missing residual, a constant series,
 * other days 0 and singletons: the O(N T) rbar and the pairwise one agree
 * to 1e-12 relative, and so do the clustered counts. */
static void
test_kp_rbar (void)
{
  enum { NP = 160, TMAX = 300 };
  static int32_t date[NP][TMAX];
  static double res[NP][TMAX], factor[1000];
  evtests_kp_pair p[NP];
  for (int d = 0; d < 1000; d++)
    factor[d] = draw ();
  for (int i = 0; i < NP; i++)
    {
      int first = 1, T = 240, skip = -1;
      int32_t day0 = 500;
      if (i >= 100 && i < 115)
        skip = 50, T = 239;                 /* a day missing */
      else if (i >= 115 && i < 125)
        first = 60, T = 181;                /* clipped */
      else if (i >= 125 && i < 150)
        first = 101, day0 = 700;            /* another cluster */
      else if (i >= 150)
        first = 10 * i - 1400, day0 = 800 + i;  /* alone */
      double beta = 0.5 + 0.01 * (i % 37);
      for (int t = 0, d = first; t < T; d++)
        {
          if (d == skip)
            continue;
          date[i][t] = d;
          res[i][t++] = beta * factor[d] + draw ();
        }
      if (i == 7)
        res[i][30] = NAN;                   /* a missing residual */
      if (i == 8)
        for (int t = 0; t < T; t++)
          res[i][t] = 0.25;                 /* no variance */
      p[i] = (evtests_kp_pair) { day0, (size_t) T, date[i], res[i] };
    }
  size_t c1, c2;
  double fast = evtests_kp_rbar (p, NP, &c1), slow = pairwise_rbar (p, NP, &c2);
  check ("kp rbar against the pairwise sum", fast, slow, 1e-12);
  check ("kp clustered", (double) c1, (double) c2, 0);
  check ("kp clustered count", (double) c1, 150, 0);
  if (!(slow > 0.1))
    {
      printf ("FAIL kp rbar: the test data are not correlated (%g)\n", slow);
      failures++;
    }
  /* One pair: no pairs of pairs. */
  if (!isnan (evtests_kp_rbar (p, 1, &c1)) || c1 != 0)
    {
      puts ("FAIL kp rbar of one pair");
      failures++;
    }
}

/* The calendars evtests_kp_rbar handles apart, against the pairwise sum
 * (1e-12 relative).  Day 0 5000: three pairs on days 1..240 (one class),
 * three each missing a day, and twelve sparse pairs on every 12th day
 * over 2,880 days: their rows would span the union of all those dates,
 * so the classes are summed on their common dates (kp_cross).  Day 0
 * 6000: four pairs on days 1..240, three on days 1..100 and 100,000..
 * 100,139 (the union is sorted, not mapped day by day; fewer dates in
 * common than apart), one of them with a missing residual; then a cluster of the dense classes alone, whose
 * union and rows are the date axis's (kp_axis). */
static void
test_kp_rbar_far (void)
{
  enum { NP = 26, TMAX = 240 };
  static int32_t date[NP][TMAX];
  static double res[NP][TMAX], factor[3000];
  evtests_kp_pair p[NP];
  for (int d = 0; d < 3000; d++)
    factor[d] = draw ();
  for (int i = 0; i < NP; i++)
    {
      int32_t day0 = i < 18 ? 5000 : 6000;
      double beta = 0.4 + 0.03 * i;
      for (int t = 0, d = 1; t < TMAX; d++)
        {
          if ((i == 3 && d == 17) || (i == 4 && d == 100) || (i == 5 && d == 239))
            continue;                       /* a day missing */
          if (i >= 6 && i < 18 && (d - 1 - (i - 6)) % 12 != 0)
            continue;                       /* sparse */
          if (i >= 22 && d == 101)
            d = 100000;                     /* far */
          date[i][t] = d;
          res[i][t++] = beta * factor[d % 3000] + draw ();
        }
      if (i == 24)
        res[i][50] = NAN;
      p[i] = (evtests_kp_pair) { day0, TMAX, date[i], res[i] };
    }
  size_t c1, c2;
  double fast = evtests_kp_rbar (p, NP, &c1), slow = pairwise_rbar (p, NP, &c2);
  check ("kp rbar, far calendars", fast, slow, 1e-12);
  check ("kp clustered, far calendars", (double) c1, (double) c2, 0);
  fast = evtests_kp_rbar (p + 18, 8, &c1), slow = pairwise_rbar (p + 18, 8, &c2);
  check ("kp rbar, a far cluster alone", fast, slow, 1e-12);
  fast = evtests_kp_rbar (p, 6, &c1), slow = pairwise_rbar (p, 6, &c2);
  check ("kp rbar, the dense classes", fast, slow, 1e-12);
  if (!(slow > 0.05))
    {
      printf ("FAIL kp rbar far: the test data are not correlated (%g)\n", slow);
      failures++;
    }
}

/* Skewness-adjusted t, by hand for x = 1, 2, 6: mean 3, deviations -2,
 * -1, 3, sd^2 = 14/2 = 7, S = 3/sqrt(7), g = (-8 - 1 + 27)/(3 * 7^1.5) =
 * 6/7^1.5.  skew_t = sqrt(3) (S + g S^2/3 + g/18) (Lyon, Barber and Tsai
 * 1999, eq. 5); hall_t adds sqrt(3) g^2 S^3 / 27 (Hall 1992).  With
 * S = 3/sqrt(7), g = 6/(7 sqrt(7)): g S^2/3 = 18/(49 sqrt(7)),
 * g/18 = 1/(21 sqrt(7)), g^2 S^3/27 = (36/343) (27/(7 sqrt(7))) / 27 =
 * 36/(2401 sqrt(7)). */
static void
test_skew (void)
{
  static const double x[] = { 1, 2, 6 };
  double r7 = sqrt (7.0), base = 3 / r7 + 18 / (49 * r7) + 1 / (21 * r7);
  evtests_result r;
  evtests_skew_t (x, 3, &r);
  check ("skew_t", r.stat, sqrt (3.0) * base, 1e-14);
  check ("skew_t df", r.df, 2, 0);
  evtests_hall_t (x, 3, &r);
  check ("hall_t", r.stat, sqrt (3.0) * (base + 36 / (2401 * r7)), 1e-14);
  check ("hall_t df", r.df, 2, 0);
}

static void
test_adjust (void)
{
  static const double holm[] = { 0.04, 0.09, 0.09, 0.2 };
  static const double bh[] = { 0.04, 0.05333333333333333, 0.05333333333333333, 0.2 };
  double p[5] = { 0.01, 0.04, 0.03, 0.2, NAN }, q[5] = { 0.01, 0.04, 0.03, 0.2, NAN };
  evtests_adjust (p, 5, false);
  evtests_adjust (q, 5, true);
  for (int i = 0; i < 4; i++)
    {
      check ("holm", p[i], holm[i], 1e-15);
      check ("bh", q[i], bh[i], 1e-15);
    }
  if (!isnan (p[4]) || !isnan (q[4]))
    {
      puts ("FAIL adjust: NaN not left out");
      failures++;
    }
}

int
main (void)
{
  /* GSL reports through return codes; its default handler aborts. */
  gsl_set_error_handler_off ();
  test_wilcoxon ();
  test_sign ();
  test_adjust ();
  test_kp ();
  test_grank ();
  test_kp_rbar ();
  test_kp_rbar_far ();
  test_skew ();
  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
