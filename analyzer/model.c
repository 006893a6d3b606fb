/* model.c -- normal-return models (see model.h for the formulas). */
#include <config.h>
#include "model.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_statistics_double.h>

static const char *const names[] = { "mean", "market-adjusted", "market" };

const char *
model_name (enum model_kind kind)
{
  return names[kind];
}

bool
model_parse (const char *name, enum model_kind *kind)
{
  for (int k = 0; k < 3; k++)
    if (strcmp (name, names[k]) == 0)
      {
        *kind = (enum model_kind) k;
        return true;
      }
  return false;
}

size_t
model_min_obs (enum model_kind kind)
{
  return kind == MODEL_MARKET ? 3 : 2;
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
  gsl_fit_linear (rm, 1, r, 1, T, &f->alpha, &f->beta, &f->c00, &f->c01,
                  &f->c11, &sumsq);
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
  if (kind == MODEL_MARKET)
    return fit_market (r, rm, T, fit, err);
  if (kind == MODEL_MEAN)
    fit_mean (r, T, fit);
  else
    fit_market_adjusted (r, rm, T, fit);
  return EVS_OK;
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
  if (f->kind != MODEL_MARKET)
    return s2 + f->c00;
  return s2 + f->c00 + 2.0 * rm * f->c01 + rm * rm * f->c11;
}

double
model_car_var (const model_fit *f, size_t L, double sum_rm)
{
  double s2 = f->sigma * f->sigma, l = (double) L;
  if (f->kind != MODEL_MARKET)
    return l * s2 + l * l * f->c00;
  return l * s2 + l * l * f->c00 + 2.0 * l * sum_rm * f->c01
         + sum_rm * sum_rm * f->c11;
}

double
model_p_two_sided (double t, double df)
{
  if (!isfinite (t) || !(df > 0))
    return NAN;
  return 2.0 * gsl_cdf_tdist_Q (fabs (t), df);
}
