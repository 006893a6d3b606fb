/* unit-models.c -- the general k-regressor form of model.c and the GARCH
 * likelihood of garch.c on inputs small enough to work out by hand.
 *
 * Data (as in unit-model.c): Rm = (-1, 0, 1), R = (1, 2, 6).
 *  OLS on X = [1 Rm] (model_ols): alpha = 3, beta = 5/2, residuals
 *    (0.5, -1, 0.5), s^2 = 1.5/(3-2) = 1.5, (X'X)^-1 = diag(1/3, 1/2), so
 *    C = diag(0.5, 0.75); s^2 + x'Cx at x = (1, 2): 1.5 + 0.5 + 3 = 5;
 *    L s^2 + u'Cu at L = 2, u = (2, 1): 3 + 2 + 0.75 = 5.75 (the numbers of
 *    unit-model.c's market model, MacKinlay eq. 9, CLM 4.4.11).
 *  A third regressor equal to 2 Rm is collinear: EVS_EDATA.
 *  GARCH -log L at alpha = 3, beta = 2.5, omega = 0.1, a = 0.2, b = 0.4:
 *    e = (0.5, -1, 0.5), h1 = mean e^2 = 0.5, h2 = 0.1 + 0.2*0.25 + 0.4*0.5
 *    = 0.35, h3 = 0.1 + 0.2*1 + 0.4*0.35 = 0.44;
 *    -log L = 1/2 [3 ln(2 pi) + ln(0.5*0.35*0.44) + 0.25/0.5 + 1/0.35
 *    + 0.25/0.44].
 *  garch_path with h_next = 0.44 and residuals (1, -2): h = (0.44,
 *    0.1 + 0.2 + 0.176 = 0.476, 0.1 + 0.8 + 0.1904 = 1.0904).
 */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <math.h>
#include <stdio.h>

#include "garch.h"
#include "model.h"

static int failures;

static void
check (const char *what, double got, double want, double rtol)
{
  double err = fabs (got - want) / fmax (fabs (want), 1e-300);
  if (!(err <= rtol))
    {
      printf ("FAIL %s: got %.17g, want %.17g (rel err %.3g)\n", what, got, want, err);
      failures++;
    }
}

static void
test_ols (void)
{
  const double y[] = { 1, 2, 6 };
  const double X[] = { 1, -1, 1, 0, 1, 1 };
  const double X3[] = { 1, -1, -2, 1, 0, 0, 1, 1, 2 };
  model_fit f;
  evs_error err;
  check ("ols status", model_ols (MODEL_FACTORS, y, X, 3, 2, 1, &f, &err), EVS_OK, 0);
  check ("ols alpha", f.alpha, 3, 1e-14);
  check ("ols beta", f.beta, 2.5, 1e-14);
  check ("ols sigma", f.sigma, sqrt (1.5), 1e-14);
  check ("ols df", f.df, 1, 0);
  check ("ols C00", f.cov[0][0], 0.5, 1e-14);
  check ("ols C11", f.cov[1][1], 0.75, 1e-14);
  const double x[] = { 1, 2 }, u[] = { 2, 1 };
  check ("ols expected", model_xtheta (&f, x), 8, 1e-14);
  check ("ols Var(AR)", model_x_var (&f, x), 5, 1e-14);
  check ("ols Var(CAR)", model_u_var (&f, 2, u), 5.75, 1e-14);
  check ("collinear", model_ols (MODEL_FACTORS, y, X3, 3, 3, 1, &f, &err), EVS_EDATA, 0);
  check ("too few", model_ols (MODEL_FACTORS, y, X, 2, 2, 1, &f, &err), EVS_EDATA, 0);
}

static void
test_garch (void)
{
  const double r[] = { 1, 2, 6 }, rm[] = { -1, 0, 1 };
  double h_last;
  double want = 0.5 * (3 * log (2 * M_PI) + log (0.5 * 0.35 * 0.44) + 0.25 / 0.5
                       + 1 / 0.35 + 0.25 / 0.44);
  check ("garch nll", garch_nll (r, rm, 3, 3, 2.5, 0.1, 0.2, 0.4, &h_last), want, 1e-14);
  check ("garch h_T", h_last, 0.44, 1e-14);
  model_fit f = { .omega = 0.1, .arch = 0.2, .garch = 0.4, .h_next = 0.44 };
  const double e[] = { 1, -2 };
  double h[3];
  garch_path (&f, e, 3, h);
  check ("garch path 0", h[0], 0.44, 0);
  check ("garch path 1", h[1], 0.476, 1e-14);
  check ("garch path 2", h[2], 1.0904, 1e-14);
}

int
main (void)
{
  /* GSL reports through return codes; its default handler aborts. */
  gsl_set_error_handler_off ();
  test_ols ();
  test_garch ();
  if (failures)
    printf ("%d failures\n", failures);
  return failures ? 1 : 0;
}
