/* model.h -- normal-return models: estimation, expected returns and the
 * variances of abnormal returns.
 *
 * MacKinlay (1997), "Event Studies in Economics and Finance", J. Econ.
 * Lit. 35(1), sections 4-5; Campbell, Lo & MacKinlay (1997), The
 * Econometrics of Financial Markets, ch. 4.
 *
 * Every model is written as R_t = x_t' theta + e_t with x_t = (1, Rm_t)
 * and estimated theta having covariance C = s^2 (X'X)^-1 (zero for the
 * parts that are fixed rather than estimated).  Then for the event
 * window design X* (rows x_t'), CLM eq. (4.4.7)-(4.4.8):
 *   V = s^2 I + X* C X*'          covariance of the abnormal returns
 *   Var(AR_t) = s^2 + x_t' C x_t  (prediction-error variance)
 *   Var(CAR)  = g'Vg = L s^2 + u' C u,  u = X*' g = (L, sum Rm_t)
 * which covers:
 *   mean             theta = (mu, 0), s^2 with T-1 df, C = diag(s^2/T, 0)
 *   market-adjusted  theta = (0, 1) fixed, s^2 = sample variance of the
 *                    estimation-window R - Rm (T-1 df), C = 0
 *   market           OLS (alpha, beta) with GSL, s^2 = SSR/(T-2), C from OLS
 */
#ifndef EVS_MODEL_H
#define EVS_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

enum model_kind { MODEL_MEAN, MODEL_MARKET_ADJUSTED, MODEL_MARKET };

typedef struct model_fit {
  enum model_kind kind;
  size_t T;             /* estimation observations */
  double alpha, beta;   /* beta is NaN for the mean model */
  double sigma;         /* residual standard deviation */
  double r2;            /* NaN where not defined */
  double df;            /* T-2 (market) or T-1 */
  double c00, c01, c11; /* covariance of (alpha, beta) estimates */
} model_fit;

/* Name of a model for output ("mean", "market-adjusted", "market"). */
const char *model_name (enum model_kind kind);
/* Parses a model name; false if unknown. */
bool model_parse (const char *name, enum model_kind *kind);

/* Number of estimation days the model needs at the very least (it has
 * degrees of freedom for s^2 only above it). */
size_t model_min_obs (enum model_kind kind);

/* Estimates KIND over R[0..T) and market RM[0..T) (RM unused by the mean
 * model).  Returns EVS_EDATA with a reason in ERR if T is too small or the
 * market has no variance. */
int model_estimate (enum model_kind kind, const double *r, const double *rm,
                    size_t T, model_fit *fit, evs_error *err);

/* Expected (normal) return given the market return RM. */
double model_expected (const model_fit *fit, double rm);

/* Var(AR_t) for a day with market return RM, as above. */
double model_ar_var (const model_fit *fit, double rm);

/* Var(CAR) over L days whose market returns sum to SUM_RM. */
double model_car_var (const model_fit *fit, size_t L, double sum_rm);

/* Two-sided p-value of a t statistic with DF degrees of freedom. */
double model_p_two_sided (double t, double df);

#endif
