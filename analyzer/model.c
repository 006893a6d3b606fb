/* model.c -- normal-return models (see model.h for the formulas). */
#include <config.h>
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_statistics_double.h>

static const char *const names[] = {
  "mean", "market-adjusted", "market", "ff3", "ff5", "carhart", "factors",
  "scholes-williams", "dimson", "garch"
};
#define NMODELS (sizeof names / sizeof *names)

const char *
model_name (enum model_kind kind)
{
  return names[kind];
}

bool
model_parse (const char *name, enum model_kind *kind)
{
  for (size_t k = 0; k < NMODELS; k++)
    if (strcmp (name, names[k]) == 0)
      {
        *kind = (enum model_kind) k;
        return true;
      }
  return false;
}

bool
model_uses_factors (enum model_kind kind)
{
  return kind >= MODEL_FF3 && kind <= MODEL_FACTORS;
}

bool
model_needs_market (enum model_kind kind)
{
  return kind != MODEL_MEAN && !model_uses_factors (kind);
}

size_t
model_min_obs (enum model_kind kind)
{
  return kind == MODEL_MEAN || kind == MODEL_MARKET_ADJUSTED ? 2 : 3;
}

void
model_set_general (model_fit *f)
{
  f->k = f->kind == MODEL_MEAN ? 1 : f->kind == MODEL_MARKET_ADJUSTED ? 0 : 2;
  f->theta[0] = f->alpha;
  f->theta[1] = f->k == 2 ? f->beta : 0.0;
  f->cov[0][0] = f->c00;
  f->cov[0][1] = f->cov[1][0] = f->c01;
  f->cov[1][1] = f->c11;
}

/* OLS R = alpha + beta Rm with GSL; s^2 = SSR/(T-2) and the covariance
 * s^2 (X'X)^-1 come from gsl_fit_linear. */
static int
fit_market (const double *r, const double *rm, size_t T, model_fit *f,
            evs_error *err)
{
  double sumsq;
  if (gsl_stats_variance (rm, 1, T) == 0.0)
    return evs_fail (err, EVS_EDATA, "the market return is constant over the estimation window");
  if (gsl_fit_linear (rm, 1, r, 1, T, &f->alpha, &f->beta, &f->c00, &f->c01,
                      &f->c11, &sumsq) != GSL_SUCCESS)
    return evs_fail (err, EVS_EDATA, "the market model cannot be fitted over the estimation window");
  f->df = (double) T - 2;
  f->sigma = sqrt (sumsq / f->df);
  double sst = gsl_stats_tss (r, 1, T);
  f->r2 = sst > 0 ? 1.0 - sumsq / sst : NAN;
  return EVS_OK;
}

/* Constant mean: mu = mean R, s^2 the sample variance (T-1 df), and
 * Var(mu) = s^2 / T. */
static void
fit_mean (const double *r, size_t T, model_fit *f)
{
  f->alpha = gsl_stats_mean (r, 1, T);
  f->beta = NAN;
  f->df = (double) T - 1;
  f->sigma = gsl_stats_sd_m (r, 1, T, f->alpha);
  f->c00 = f->sigma * f->sigma / (double) T;
  f->r2 = NAN;
}

/* Market-adjusted: nothing estimated, s^2 is the sample variance of the
 * estimation-window R - Rm (T-1 df), as in Brown and Warner (1985). */
static void
fit_market_adjusted (const double *r, const double *rm, size_t T, model_fit *f)
{
  double mean = 0, ss = 0;
  for (size_t i = 0; i < T; i++)
    mean += r[i] - rm[i];
  mean /= (double) T;
  for (size_t i = 0; i < T; i++)
    ss += (r[i] - rm[i] - mean) * (r[i] - rm[i] - mean);
  f->alpha = 0.0;
  f->beta = 1.0;
  f->df = (double) T - 1;
  f->sigma = sqrt (ss / f->df);
  f->r2 = NAN;
}

int
model_estimate (enum model_kind kind, const double *r, const double *rm,
                size_t T, model_fit *fit, evs_error *err)
{
  memset (fit, 0, sizeof *fit);
  fit->kind = kind;
  fit->T = T;
  if (T < model_min_obs (kind))
    return evs_fail (err, EVS_EDATA, "%zu estimation days are too few for the %s model",
                     T, names[kind]);
  int rc = EVS_OK;
  if (kind == MODEL_MARKET || kind == MODEL_GARCH)
    rc = fit_market (r, rm, T, fit, err);
  else if (kind == MODEL_MEAN)
    fit_mean (r, T, fit);
  else if (kind == MODEL_MARKET_ADJUSTED)
    fit_market_adjusted (r, rm, T, fit);
  else
    rc = evs_fail (err, EVS_EINTERNAL, "model_estimate: %s needs another entry point",
                   names[kind]);
  model_set_general (fit);
  return rc;
}

double
model_expected (const model_fit *f, double rm)
{
  return f->kind == MODEL_MEAN ? f->alpha : f->alpha + f->beta * rm;
}

double
model_ar_var (const model_fit *f, double rm)
{
  double s2 = f->sigma * f->sigma;
  if (f->k < 2)
    return s2 + f->c00;
  return s2 + f->c00 + 2.0 * rm * f->c01 + rm * rm * f->c11;
}

double
model_p_two_sided (double t, double df)
{
  if (!isfinite (t) || !(df > 0))
    return NAN;
  return 2.0 * gsl_cdf_tdist_Q (fabs (t), df);
}

/* ------------------------------------------------ k regressors (OLS) */

/* Copies the T x K row-major X and Y into GSL objects. */
static void
to_gsl (const double *y, const double *X, size_t T, size_t K, gsl_matrix *gx,
        gsl_vector *gy)
{
  for (size_t t = 0; t < T; t++)
    {
      gsl_vector_set (gy, t, y[t]);
      for (size_t j = 0; j < K; j++)
        gsl_matrix_set (gx, t, j, X[t * K + j]);
    }
}

/* Copies GSL's answer into F: theta, C (gsl_multifit_linear's cov is
 * already SSR/(T-K) (X'X)^-1), s, df, R^2 and the (alpha, beta) view. */
static void
ols_store (model_fit *f, const gsl_vector *c, const gsl_matrix *cov, double ssr,
           const double *y, size_t T, size_t K, size_t beta_col)
{
  f->k = K;
  for (size_t i = 0; i < K; i++)
    {
      f->theta[i] = gsl_vector_get (c, i);
      for (size_t j = 0; j < K; j++)
        f->cov[i][j] = gsl_matrix_get (cov, i, j);
    }
  f->df = (double) (T - K);
  f->sigma = sqrt (ssr / f->df);
  double sst = gsl_stats_tss (y, 1, T);
  f->r2 = sst > 0 ? 1.0 - ssr / sst : NAN;
  f->alpha = f->theta[0];
  f->beta = beta_col ? f->theta[beta_col] : NAN;
  f->c00 = f->cov[0][0];
  f->c01 = beta_col ? f->cov[0][beta_col] : 0.0;
  f->c11 = beta_col ? f->cov[beta_col][beta_col] : 0.0;
}

int
model_ols (enum model_kind kind, const double *y, const double *X, size_t T,
           size_t K, size_t beta_col, model_fit *f, evs_error *err)
{
  memset (f, 0, sizeof *f);
  f->kind = kind;
  f->T = T;
  if (K > MODEL_MAX_K || T <= K)
    return evs_fail (err, EVS_EDATA, "%zu estimation days are too few for the %zu regressors of the %s model",
                     T, K, names[kind]);
  for (size_t i = 0; i < T * K; i++)
    if (!isfinite (X[i]) || (i < T && !isfinite (y[i])))
      return evs_fail (err, EVS_EDATA, "non-finite return in the estimation window of the %s model",
                       names[kind]);
  gsl_matrix *gx = gsl_matrix_alloc (T, K), *cov = gsl_matrix_alloc (K, K);
  gsl_vector *gy = gsl_vector_alloc (T), *c = gsl_vector_alloc (K);
  gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc (T, K);
  double ssr;
  int rc, st = GSL_ENOMEM;
  if (gx && cov && gy && c && w)
    {
      to_gsl (y, X, T, K, gx, gy);
      st = gsl_multifit_linear (gx, gy, c, cov, &ssr, w);
    }
  /* GSL solves by SVD and returns a minimum-norm answer for collinear
   * regressors: refuse those rather than print arbitrary coefficients. */
  if (st == GSL_ENOMEM)
    rc = evs_fail (err, EVS_EINTERNAL, "out of memory");
  else if (st != GSL_SUCCESS)
    rc = evs_fail (err, EVS_EDATA, "the %s model cannot be fitted over the estimation window (%s)",
                   names[kind], gsl_strerror (st));
  else if (!(gsl_multifit_linear_rcond (w) >= 1e-10))
    rc = evs_fail (err, EVS_EDATA, "the regressors of the %s model are collinear over the estimation window",
                   names[kind]);
  else
    {
      ols_store (f, c, cov, ssr, y, T, K, beta_col);
      rc = EVS_OK;
    }
  if (w)
    gsl_multifit_linear_free (w);
  gsl_vector_free (c);
  gsl_vector_free (gy);
  gsl_matrix_free (cov);
  gsl_matrix_free (gx);
  return rc;
}

double
model_xtheta (const model_fit *f, const double *x)
{
  double s = 0;
  for (size_t j = 0; j < f->k; j++)
    s += x[j] * f->theta[j];
  return s;
}

/* x' C x over the fit's k regressors. */
static double
quad (const model_fit *f, const double *x)
{
  double q = 0;
  for (size_t i = 0; i < f->k; i++)
    for (size_t j = 0; j < f->k; j++)
      q += x[i] * f->cov[i][j] * x[j];
  return q;
}

double
model_x_var (const model_fit *f, const double *x)
{
  return f->sigma * f->sigma + quad (f, x);
}

double
model_u_var (const model_fit *f, size_t L, const double *u)
{
  return (double) L * f->sigma * f->sigma + quad (f, u);
}

/* ------------------------------------------- thin trading: SW, Dimson */

/* OLS slope of Y on X over T points into *B (NaN if GSL fails). */
static void
slope (const double *x, const double *y, size_t T, double *b)
{
  double c0, c00, c01, c11, ss;
  if (gsl_fit_linear (x, 1, y, 1, T, &c0, b, &c00, &c01, &c11, &ss) != GSL_SUCCESS)
    *b = NAN;
}

/* Scholes & Williams (1977): beta from the lagged, synchronous and
 * leading slopes, corrected by the market's autocorrelation. */
static int
fit_scholes_williams (const double *r, const double *rm, size_t T,
                      model_fit *f, evs_error *err)
{
  int rc = fit_market (r, rm, T, f, err);   /* b0 and the OLS (X'X)^-1 */
  if (rc != EVS_OK)
    return rc;
  double b0 = f->beta, bm, bp;
  slope (rm - 1, r, T, &bm);
  slope (rm + 1, r, T, &bp);
  double rho = gsl_stats_correlation (rm, 1, rm - 1, 1, T);
  if (!isfinite (bm) || !isfinite (bp) || !isfinite (rho))
    return evs_fail (err, EVS_EDATA, "non-finite lagged or leading market slope over the estimation window");
  if (!(fabs (1.0 + 2.0 * rho) > 1e-8))
    return evs_fail (err, EVS_EDATA, "the market's autocorrelation makes 1 + 2 rho zero");
  double s2ols = f->sigma * f->sigma;
  f->beta = (bm + b0 + bp) / (1.0 + 2.0 * rho);
  f->alpha = gsl_stats_mean (r, 1, T) - f->beta * gsl_stats_mean (rm, 1, T);
  double ss = 0;
  for (size_t t = 0; t < T; t++)
    ss += (r[t] - f->alpha - f->beta * rm[t]) * (r[t] - f->alpha - f->beta * rm[t]);
  f->sigma = sqrt (ss / f->df);
  /* Rescale the OLS (X'X)^-1 from the OLS s^2 to this one. */
  double scale = s2ols > 0 ? f->sigma * f->sigma / s2ols : 0.0;
  f->c00 *= scale, f->c01 *= scale, f->c11 *= scale;
  double sst = gsl_stats_tss (r, 1, T);
  f->r2 = sst > 0 ? 1.0 - ss / sst : NAN;
  return EVS_OK;
}

/* Dimson (1979): OLS on 2K+1 lags and leads; beta = their sum. */
static int
fit_dimson (const double *r, const double *rm, size_t T, size_t K,
            model_fit *f, evs_error *err)
{
  size_t k = 2 * K + 2;
  double *X = evs_xmalloc (T * k * sizeof *X);
  for (size_t t = 0; t < T; t++)
    {
      X[t * k] = 1.0;
      for (size_t j = 0; j <= 2 * K; j++)
        X[t * k + 1 + j] = rm[(long) t - (long) K + (long) j];
    }
  int rc = model_ols (MODEL_DIMSON, r, X, T, k, 0, f, err);
  free (X);
  if (rc != EVS_OK)
    return rc;
  f->beta = 0, f->c01 = 0, f->c11 = 0;
  for (size_t i = 1; i < k; i++)
    {
      f->beta += f->theta[i];
      f->c01 += f->cov[0][i];
      for (size_t j = 1; j < k; j++)
        f->c11 += f->cov[i][j];
    }
  return EVS_OK;
}

int
model_estimate_lagged (enum model_kind kind, const double *r, const double *rm,
                       size_t T, size_t K, model_fit *fit, evs_error *err)
{
  memset (fit, 0, sizeof *fit);
  fit->kind = kind;
  fit->T = T;
  if (T < 2 * K + 3 || 2 * K + 2 > MODEL_MAX_K)
    return evs_fail (err, EVS_EDATA, "%zu estimation days are too few for the %s model",
                     T, names[kind]);
  int rc = kind == MODEL_DIMSON ? fit_dimson (r, rm, T, K, fit, err)
                                : fit_scholes_williams (r, rm, T, fit, err);
  model_set_general (fit);   /* predictions use x_t = (1, Rm_t) and (alpha, beta) */
  return rc;
}
