/* garch.c -- market model with GARCH(1,1) errors by maximum likelihood
 * (see garch.h for the likelihood, the parametrisation and the rules). */
#include <config.h>
#include "garch.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>

#define GARCH_NPAR 5
#define GARCH_MAX_ITER 50000
#define GARCH_SIZE_TOL 1e-9
#define GARCH_STALL 500
#define GARCH_FTOL 1e-14
/* Iterations of each scouting run from the grid, and how many of their
 * end points are polished to convergence. */
#define GARCH_SCOUT 200
#define GARCH_POLISH 3
/* -log L where it is not finite (see objective). */
#define GARCH_PENALTY 1e300
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

/* -log L at the transformed P; outside the region where it is finite
 * (h_t underflowing to 0, overflowing residuals) a large finite value,
 * so that the simplex moves away instead of failing (GSL stops on a
 * non-finite value). */
static double
objective (const gsl_vector *p, void *arg)
{
  const garch_ctx *c = arg;
  double q[GARCH_NPAR];
  untransform (c, p, q);
  double v = garch_nll (c->r, c->rm, c->T, q[0], q[1], q[2], q[3], q[4], NULL);
  return isfinite (v) ? v : GARCH_PENALTY;
}

/* One simplex run from X, at most BUDGET iterations; X and *FMIN get its
 * best point and value, *USED the iterations.  Returns GSL_SUCCESS when
 * it converged, GSL_CONTINUE when the budget ran out, or GSL's error
 * (an allocation failure, a non-finite start).  It converges when the
 * simplex is smaller than GARCH_SIZE_TOL or when its best value has
 * improved by less than GARCH_FTOL (relative) over the last GARCH_STALL
 * iterations: on a likelihood that is flat in one direction (a -> 0 and
 * the transformed a -> -infinity) the simplex never shrinks, yet the
 * maximum has been reached. */
static int
simplex_run (garch_ctx *c, gsl_vector *x, double *fmin, size_t budget,
             size_t *used)
{
  gsl_multimin_function fn = { objective, GARCH_NPAR, c };
  gsl_vector *step = gsl_vector_alloc (GARCH_NPAR);
  gsl_multimin_fminimizer *s
    = gsl_multimin_fminimizer_alloc (gsl_multimin_fminimizer_nmsimplex2, GARCH_NPAR);
  *used = 0;
  if (!step || !s)
    {
      gsl_multimin_fminimizer_free (s);
      gsl_vector_free (step);
      return GSL_ENOMEM;
    }
  gsl_vector_set_all (step, 0.5);
  int status = gsl_multimin_fminimizer_set (s, &fn, x, step);
  double mark = HUGE_VAL;
  if (status == GSL_SUCCESS)
    status = GSL_CONTINUE;
  while (status == GSL_CONTINUE && *used < budget)
    {
      ++*used;
      int it = gsl_multimin_fminimizer_iterate (s);
      if (it != GSL_SUCCESS)
        {
          status = it;
          break;
        }
      double f = gsl_multimin_fminimizer_minimum (s);
      status = gsl_multimin_test_size (gsl_multimin_fminimizer_size (s), GARCH_SIZE_TOL);
      if (*used % GARCH_STALL == 0)
        {
          if (mark - f <= GARCH_FTOL * fabs (f))
            status = GSL_SUCCESS;
          mark = f;
        }
    }
  if (status == GSL_SUCCESS || status == GSL_CONTINUE)
    {
      gsl_vector_memcpy (x, gsl_multimin_fminimizer_x (s));
      *fmin = gsl_multimin_fminimizer_minimum (s);
    }
  gsl_multimin_fminimizer_free (s);
  gsl_vector_free (step);
  return status;
}

/* Restarts the simplex from X until -log L stops improving, counting
 * the iterations into *ITERS. */
static int
polish (garch_ctx *c, gsl_vector *x, double *fmin, size_t *iters,
        evs_error *err)
{
  double prev = HUGE_VAL;
  for (;;)
    {
      size_t used;
      int st = simplex_run (c, x, fmin, GARCH_MAX_ITER - *iters, &used);
      *iters += used;
      if (st == GSL_ENOMEM)
        return evs_fail (err, EVS_EINTERNAL, "out of memory");
      if (st != GSL_SUCCESS || !(*fmin < GARCH_PENALTY))
        return evs_fail (err, EVS_EDATA, "the GARCH(1,1) likelihood did not converge in %d iterations (%s)",
                         GARCH_MAX_ITER, st == GSL_CONTINUE ? "iteration limit" : gsl_strerror (st));
      if (prev - *fmin <= GARCH_FTOL * fabs (*fmin))
        return EVS_OK;
      prev = *fmin;
    }
}

/* Sets X to the transformed start a, b with omega = s^2 (1 - a - b) (the
 * unconditional variance at the OLS one) and the OLS alpha, beta. */
static void
set_start (gsl_vector *x, double a, double b)
{
  double c = 1.0 - a - b;
  gsl_vector_set (x, 0, 0);
  gsl_vector_set (x, 1, 0);
  gsl_vector_set (x, 2, log (c));
  gsl_vector_set (x, 3, log (a / c));
  gsl_vector_set (x, 4, log (b / c));
}

/* The starting grid in (a, b): every pair with a + b <= 0.98.  The
 * likelihood of a GARCH(1,1) often has several local maxima (a high-b
 * one and a near-ARCH(1) one, or a degenerate a -> 0 edge), and one
 * simplex run finds the one whose basin it starts in. */
static const double start_a[] = { 0.02, 0.05, 0.10, 0.20, 0.35 };
static const double start_b[] = { 0.01, 0.30, 0.60, 0.80, 0.90, 0.95 };
#define NA (sizeof start_a / sizeof *start_a)
#define NB (sizeof start_b / sizeof *start_b)

/* Global search: a short simplex run (GARCH_SCOUT iterations) from every
 * grid start, then the GARCH_POLISH best end points polished to
 * convergence; X gets the best of those. */
static int
minimise (garch_ctx *c, gsl_vector *x, double *fmin, size_t *iters,
          evs_error *err)
{
  double best[GARCH_POLISH][GARCH_NPAR + 1];
  size_t nbest = 0;
  *iters = 0;
  for (size_t i = 0; i < NA; i++)
    for (size_t j = 0; j < NB; j++)
      {
        if (start_a[i] + start_b[j] > 0.98)
          continue;
        set_start (x, start_a[i], start_b[j]);
        double f = HUGE_VAL;
        size_t used;
        int st = simplex_run (c, x, &f, GARCH_SCOUT, &used);
        *iters += used;
        if (st == GSL_ENOMEM)
          return evs_fail (err, EVS_EINTERNAL, "out of memory");
        if ((st != GSL_SUCCESS && st != GSL_CONTINUE) || !(f < GARCH_PENALTY))
          continue;
        /* Insert into the sorted list of the best end points. */
        size_t k = nbest < GARCH_POLISH ? nbest++ : GARCH_POLISH;
        if (k == GARCH_POLISH && !(f < best[k - 1][GARCH_NPAR]))
          continue;
        if (k == GARCH_POLISH)
          k--;
        for (; k > 0 && f < best[k - 1][GARCH_NPAR]; k--)
          memcpy (best[k], best[k - 1], sizeof best[k]);
        for (size_t m = 0; m < GARCH_NPAR; m++)
          best[k][m] = gsl_vector_get (x, m);
        best[k][GARCH_NPAR] = f;
      }
  if (nbest == 0)
    return evs_fail (err, EVS_EDATA, "the GARCH(1,1) likelihood is not finite from any starting point");
  double xb[GARCH_NPAR];
  int rc = EVS_OK;
  bool any = false;
  *fmin = HUGE_VAL;
  for (size_t k = 0; k < nbest; k++)
    {
      double f;
      for (size_t m = 0; m < GARCH_NPAR; m++)
        gsl_vector_set (x, m, best[k][m]);
      /* A candidate that does not converge is dropped; the fit fails only
       * if none does. */
      if ((rc = polish (c, x, &f, iters, err)) != EVS_OK)
        continue;
      any = true;
      if (f < *fmin)
        {
          *fmin = f;
          for (size_t m = 0; m < GARCH_NPAR; m++)
            xb[m] = gsl_vector_get (x, m);
        }
    }
  if (!any)
    return rc;
  for (size_t m = 0; m < GARCH_NPAR; m++)
    gsl_vector_set (x, m, xb[m]);
  return EVS_OK;
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
  if (!isfinite (f->alpha) || !isfinite (f->beta) || !isfinite (f->sigma)
      || !isfinite (f->c00) || !isfinite (f->c11))
    return evs_fail (err, EVS_EDATA, "non-finite market-model fit over the estimation window");
  if (!(f->sigma > 0) || !(f->c00 > 0) || !(f->c11 > 0))
    return evs_fail (err, EVS_EDATA, "zero variance of estimation-window residuals");
  garch_ctx c = { r, rm, T, f->alpha, f->beta, sqrt (f->c00), sqrt (f->c11),
                  f->sigma * f->sigma };
  gsl_vector *x = gsl_vector_alloc (GARCH_NPAR);
  if (!x)
    return evs_fail (err, EVS_EINTERNAL, "out of memory");
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
  if (!isfinite (f->loglik) || !isfinite (f->h_next) || !(f->h_next > 0) || !isfinite (f->sigma))
    return evs_fail (err, EVS_EDATA, "non-finite GARCH(1,1) fit over the estimation window");
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
