/* garch.c -- market model with GARCH(1,1) errors by maximum likelihood
 * (see garch.h for the likelihood, the parametrisation and the rules). */
#include <config.h>
#include "garch.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_multimin.h>

#define GARCH_NPAR 5
#define GARCH_MAX_ITER 50000
#define GARCH_SIZE_TOL 1e-9
#define GARCH_STALL 500
#define GARCH_FTOL 1e-14
/* A fit with a below this (the ARCH term gone) or a + b above the next
 * (integrated) is not a GARCH(1,1) the ARs can be standardised by. */
#define GARCH_MIN_ARCH 1e-6
#define GARCH_MAX_PERSIST 0.9999

/* The data and the scales of the transformed parameters. */
typedef struct garch_ctx {
  const double *r, *rm;
  size_t T;
  double alpha0, beta0, sa, sb, s2;
} garch_ctx;

double
garch_nll (const double *r, const double *rm, size_t T, double alpha,
           double beta, double omega, double a, double b, double *h_last)
{
  double ss = 0;
  for (size_t t = 0; t < T; t++)
    {
      double e = r[t] - alpha - beta * rm[t];
      ss += e * e;
    }
  double h = ss / (double) T, nll = 0, e_prev = 0;
  for (size_t t = 0; t < T; t++)
    {
      double e = r[t] - alpha - beta * rm[t];
      if (t > 0)
        h = omega + a * e_prev * e_prev + b * h;
      nll += 0.5 * (log (2.0 * M_PI) + log (h) + e * e / h);
      e_prev = e;
    }
  if (h_last)
    *h_last = h;
  return nll;
}

/* Transformed vector P -> (alpha, beta, omega, a, b). */
static void
untransform (const garch_ctx *c, const gsl_vector *p, double *q)
{
  double e3 = exp (gsl_vector_get (p, 3)), e4 = exp (gsl_vector_get (p, 4));
  q[0] = c->alpha0 + c->sa * gsl_vector_get (p, 0);
  q[1] = c->beta0 + c->sb * gsl_vector_get (p, 1);
  q[2] = c->s2 * exp (gsl_vector_get (p, 2));
  q[3] = e3 / (1.0 + e3 + e4);
  q[4] = e4 / (1.0 + e3 + e4);
}

static double
objective (const gsl_vector *p, void *arg)
{
  const garch_ctx *c = arg;
  double q[GARCH_NPAR];
  untransform (c, p, q);
  double v = garch_nll (c->r, c->rm, c->T, q[0], q[1], q[2], q[3], q[4], NULL);
  return isfinite (v) ? v : HUGE_VAL;
}

/* One simplex run from X; returns the iterations used (0: failure).
 * It stops when the simplex is smaller than GARCH_SIZE_TOL or when its
 * best value has improved by less than GARCH_FTOL (relative) over the
 * last GARCH_STALL iterations: on a likelihood that is flat in one
 * direction (a -> 0 and the transformed a -> -infinity) the simplex
 * never shrinks, yet the maximum has been reached. */
static size_t
simplex_run (garch_ctx *c, gsl_vector *x, double *fmin, size_t budget)
{
  gsl_multimin_function fn = { objective, GARCH_NPAR, c };
  gsl_vector *step = gsl_vector_alloc (GARCH_NPAR);
  gsl_vector_set_all (step, 0.5);
  gsl_multimin_fminimizer *s
    = gsl_multimin_fminimizer_alloc (gsl_multimin_fminimizer_nmsimplex2, GARCH_NPAR);
  gsl_multimin_fminimizer_set (s, &fn, x, step);
  size_t it = 0;
  double mark = HUGE_VAL;
  int status = GSL_CONTINUE;
  while (status == GSL_CONTINUE && it < budget)
    {
      it++;
      if (gsl_multimin_fminimizer_iterate (s))
        break;
      double f = gsl_multimin_fminimizer_minimum (s);
      status = gsl_multimin_test_size (gsl_multimin_fminimizer_size (s), GARCH_SIZE_TOL);
      if (it % GARCH_STALL == 0)
        {
          if (mark - f <= GARCH_FTOL * fabs (f))
            status = GSL_SUCCESS;
          mark = f;
        }
    }
  gsl_vector_memcpy (x, gsl_multimin_fminimizer_x (s));
  *fmin = gsl_multimin_fminimizer_minimum (s);
  gsl_multimin_fminimizer_free (s);
  gsl_vector_free (step);
  return status == GSL_SUCCESS ? it : 0;
}

/* Restarts the simplex until -log L stops improving. */
static int
minimise (garch_ctx *c, gsl_vector *x, double *fmin, size_t *iters,
          evs_error *err)
{
  double prev = HUGE_VAL;
  *iters = 0;
  for (;;)
    {
      size_t it = simplex_run (c, x, fmin, GARCH_MAX_ITER - *iters);
      if (it == 0 || !isfinite (*fmin))
        return evs_fail (err, EVS_EDATA, "the GARCH(1,1) likelihood did not converge in %d iterations",
                         GARCH_MAX_ITER);
      *iters += it;
      if (prev - *fmin <= GARCH_FTOL * fabs (*fmin))
        return EVS_OK;
      prev = *fmin;
    }
}

int
garch_estimate (const double *r, const double *rm, size_t T, model_fit *f,
                evs_error *err)
{
  if (T < 10)
    return evs_fail (err, EVS_EDATA, "%zu estimation days are too few for the garch model", T);
  int rc = model_estimate (MODEL_GARCH, r, rm, T, f, err);
  if (rc != EVS_OK)
    return rc;
  garch_ctx c = { r, rm, T, f->alpha, f->beta, sqrt (f->c00), sqrt (f->c11),
                  f->sigma * f->sigma };
  const double start[GARCH_NPAR] = { 0, 0, log (0.1), log (0.05 / 0.10), log (0.85 / 0.10) };
  gsl_vector *x = gsl_vector_alloc (GARCH_NPAR);
  for (size_t i = 0; i < GARCH_NPAR; i++)
    gsl_vector_set (x, i, start[i]);
  double fmin, q[GARCH_NPAR], h_last;
  rc = minimise (&c, x, &fmin, &f->iterations, err);
  untransform (&c, x, q);
  gsl_vector_free (x);
  if (rc != EVS_OK)
    return rc;
  if (q[3] < GARCH_MIN_ARCH || q[3] + q[4] > GARCH_MAX_PERSIST)
    return evs_fail (err, EVS_EDATA, "GARCH(1,1) degenerate over the estimation window "
                     "(a = %.3g, b = %.3g): no conditional heteroskedasticity to model", q[3], q[4]);
  f->alpha = f->theta[0] = q[0];
  f->beta = f->theta[1] = q[1];
  f->omega = q[2], f->arch = q[3], f->garch = q[4];
  f->loglik = -garch_nll (r, rm, T, q[0], q[1], q[2], q[3], q[4], &h_last);
  double e = r[T - 1] - q[0] - q[1] * rm[T - 1];
  f->h_next = q[2] + q[3] * e * e + q[4] * h_last;
  f->sigma = sqrt (q[2] / (1.0 - q[3] - q[4]));
  f->df = (double) T - 5;
  f->r2 = NAN;
  return EVS_OK;
}

void
garch_path (const model_fit *f, const double *e, size_t n, double *h)
{
  if (n == 0)
    return;
  h[0] = f->h_next;
  for (size_t j = 1; j < n; j++)
    h[j] = f->omega + f->arch * e[j - 1] * e[j - 1] + f->garch * h[j - 1];
}
