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
 *
 * and generalises to k regressors x_t = (1, f_1t, ..., f_mt) for the
 * factor models (Fama & French 1993, 2015; Carhart 1997), estimated by OLS
 * on excess returns with gsl_multifit_linear: theta = (X'X)^-1 X'y,
 * s^2 = SSR/(T-k), C = s^2 (X'X)^-1, df = T-k; then
 *   Var(AR_t) = s^2 + x_t' C x_t,  Var(CAR) = L s^2 + u' C u,  u = sum x_t.
 *
 * The thin-trading betas keep the prediction x_t = (1, Rm_t):
 *   scholes-williams  beta = (b- + b0 + b+)/(1 + 2 rho_m), Scholes &
 *                     Williams (1977), see model_estimate_lagged
 *   dimson            beta = sum of the lag/lead slopes, Dimson (1979)
 * and garch (garch.h) the market model with GARCH(1,1) errors.
 */
#ifndef EVS_MODEL_H
#define EVS_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

enum model_kind { MODEL_MEAN, MODEL_MARKET_ADJUSTED, MODEL_MARKET,
                  MODEL_FF3, MODEL_FF5, MODEL_CARHART, MODEL_FACTORS,
                  MODEL_SCHOLES_WILLIAMS, MODEL_DIMSON, MODEL_GARCH };

/* Most regressors a model may have, the constant included. */
#define MODEL_MAX_K 16

typedef struct model_fit {
  enum model_kind kind;
  size_t T;             /* estimation observations */
  double alpha, beta;   /* beta is NaN for the mean model */
  double sigma;         /* residual standard deviation */
  double r2;            /* NaN where not defined */
  double df;            /* T-2 (market) or T-1 */
  double c00, c01, c11; /* covariance of (alpha, beta) estimates */
  /* The general form R_t = off_t + x_t' theta + e_t (off_t = RF_t for the
   * factor models, Rm_t for market-adjusted, else 0). */
  size_t k;             /* regressors in x_t: 0 (market-adjusted), 1 (mean),
                           2 (market, scholes-williams, dimson, garch),
                           1 + factors (factor models) */
  double theta[MODEL_MAX_K];
  double cov[MODEL_MAX_K][MODEL_MAX_K];  /* C, k x k */
  /* GARCH(1,1), garch.h: h_t = omega + arch e_{t-1}^2 + garch h_{t-1}. */
  double omega, arch, garch;
  double h_next;        /* h of the first return after the window */
  double loglik;        /* maximised Gaussian log-likelihood */
  size_t iterations;    /* minimiser iterations */
} model_fit;

/* Name of a model for output ("mean", "market-adjusted", "market"). */
const char *model_name (enum model_kind kind);
/* Parses a model name; false if unknown. */
bool model_parse (const char *name, enum model_kind *kind);

/* Copies (alpha, beta) and their covariance into the general form
 * (k, theta, cov) with x_t = (1, Rm_t), or (1) for the mean model and ()
 * for market-adjusted, by F's kind: for a fit made outside model.c (the
 * intraday study's). */
void model_set_general (model_fit *f);

/* True for ff3, ff5, carhart and factors: regressors from --factors. */
bool model_uses_factors (enum model_kind kind);

/* True if the model needs a --market series. */
bool model_needs_market (enum model_kind kind);

/* Number of estimation days the model needs at the very least (it has
 * degrees of freedom for s^2 only above it). */
size_t model_min_obs (enum model_kind kind);

/* Estimates KIND over R[0..T) and market RM[0..T) (RM unused by the mean
 * model).  Returns EVS_EDATA with a reason in ERR if T is too small or the
 * market has no variance. */
int model_estimate (enum model_kind kind, const double *r, const double *rm,
                    size_t T, model_fit *fit, evs_error *err);

/* Scholes-Williams and Dimson: as model_estimate, but RM must be readable
 * from RM[-K] to RM[T-1+K] (the market returns just before and after the
 * window).  K is 1 for scholes-williams and the number of lags and leads
 * for dimson (1 <= K, 2K + 2 <= MODEL_MAX_K).
 *   scholes-williams: b-, b0, b+ are the OLS slopes of R_t on Rm_{t-1},
 *     Rm_t, Rm_{t+1} over the T days; rho_m the correlation of
 *     (Rm_t, Rm_{t-1}) over the T days; beta = (b- + b0 + b+)/(1 + 2 rho_m);
 *     alpha = mean R - beta mean Rm (Scholes & Williams 1977, eq. 15);
 *     s^2 = sum (R - alpha - beta Rm)^2/(T-2), df = T-2, and C is taken
 *     as the OLS s^2 (X'X)^-1 of X = (1, Rm) (an approximation: the
 *     estimator's own variance is not the OLS one).
 *   dimson: OLS of R_t on (1, Rm_{t-K}, ..., Rm_{t+K}); beta = sum of the
 *     2K+1 slopes (Dimson 1979, eq. 9); alpha = the intercept;
 *     s^2 = SSR/(T-2K-2), df = T-2K-2; C of (alpha, beta) = A C_ols A'
 *     with A = [1 0...0; 0 1...1] (exact for these linear combinations).
 * Abnormal returns then use R_t - alpha - beta Rm_t for both. */
int model_estimate_lagged (enum model_kind kind, const double *r,
                           const double *rm, size_t T, size_t K,
                           model_fit *fit, evs_error *err);

/* General OLS of Y[0..T) on the T x K row-major design X (a constant
 * column included by the caller), with gsl_multifit_linear: theta, C =
 * s^2 (X'X)^-1, s^2 = SSR/(T-K), df = T-K, R^2 = 1 - SSR/SST; alpha =
 * theta[0]; beta = theta[BETA_COL] (NaN if BETA_COL is 0).  EVS_EDATA if
 * T <= K or the regressors are collinear (reciprocal condition number of
 * X below 1e-10). */
int model_ols (enum model_kind kind, const double *y, const double *X,
               size_t T, size_t K, size_t beta_col, model_fit *fit,
               evs_error *err);

/* x' theta for a row X of fit->k regressors. */
double model_xtheta (const model_fit *fit, const double *x);

/* s^2 + x' C x: Var(AR_t) for the regressor row X (CLM eq. 4.4.8). */
double model_x_var (const model_fit *fit, const double *x);

/* L s^2 + u' C u: Var(CAR) over L days whose rows sum to U (CLM 4.4.11). */
double model_u_var (const model_fit *fit, size_t L, const double *u);

/* Expected (normal) return given the market return RM. */
double model_expected (const model_fit *fit, double rm);

/* Var(AR_t) for a day with market return RM, as above. */
double model_ar_var (const model_fit *fit, double rm);

/* Two-sided p-value of a t statistic with DF degrees of freedom. */
double model_p_two_sided (double t, double df);

#endif
