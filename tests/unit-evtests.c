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
 */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <math.h>
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
  evtests_result r;
  for (int i = 0; i < 250; i++)
    x2[i] = sin ((i + 1) * 1.7) + 0.05;
  evtests_wilcoxon (x1, 12, &r);
  check ("wilcoxon exact W", r.stat, 54, 0);
  check ("wilcoxon exact p", r.p, 0.26611328125000022, 1e-12);
  evtests_wilcoxon (x2, 250, &r);
  check ("wilcoxon normal W", r.stat, 17409, 0);
  check ("wilcoxon normal p", r.p, 0.1326590186051009, 1e-12);
  evtests_wilcoxon (x3, 10, &r);
  check ("wilcoxon ties W", r.stat, 45, 0);
  check ("wilcoxon ties p", r.p, 0.082530963902202076, 1e-12);
}

static void
test_sign (void)
{
  double x[12];
  evtests_result r;
  for (int i = 0; i < 12; i++)
    x[i] = i < 9 ? 0.01 * (i + 1) : -0.01;
  evtests_sign (x, 12, &r);
  check ("sign p (binomial)", r.p, 0.14599609375000008, 1e-12);
  check ("sign z", r.stat, (9 - 6) / sqrt (3.0), 1e-15);
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
  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
