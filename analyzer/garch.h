/* garch.h -- the market model with GARCH(1,1) errors, by maximum
 * likelihood (Bollerslev 1986; in event studies, Corhay & Tourani Rad
 * 1996, Savickas 2003).
 *
 *   R_t = alpha + beta Rm_t + e_t,   e_t | past ~ N(0, h_t),
 *   h_t = omega + a e_{t-1}^2 + b h_{t-1},   h_1 = sum e_t^2 / T,
 *   log L = -1/2 sum_t [ln(2 pi) + ln h_t + e_t^2 / h_t].
 *
 * The five parameters are found by minimising -log L with GSL's
 * Nelder-Mead simplex (gsl_multimin_fminimizer_nmsimplex2) over
 *   p = ((alpha - alpha_ols)/se_alpha, (beta - beta_ols)/se_beta,
 *        ln(omega / s_ols^2), ln(a / c), ln(b / c)),  c = 1 - a - b,
 * which keeps omega > 0, a > 0, b > 0 and a + b < 1 (stationarity) and
 * puts every coordinate on a scale of about one.  Start: OLS alpha and
 * beta, omega = 0.1 s_ols^2, a = 0.05, b = 0.85.  The simplex is run to a
 * size of 1e-9 and restarted from its best point until a restart improves
 * -log L by less than 1e-12 (relative); more than 50000 iterations in all
 * is a failure.  So is a degenerate maximum: a < 1e-6 (no ARCH effect:
 * b is then hardly identified and h_t only decays from h_1) or
 * a + b > 0.9999 (integrated); the pair is skipped with that reason.
 *
 * Abnormal returns are standardised by the conditional standard
 * deviation: the recursion for h_t goes on past the estimation window
 * with the realised residuals R_t - alpha - beta Rm_t (garch_path).
 */
#ifndef EVS_GARCH_H
#define EVS_GARCH_H

#include <stddef.h>

#include "error.h"
#include "model.h"

/* Estimates the model over R[0..T), RM[0..T) into FIT (kind MODEL_GARCH):
 * alpha, beta (theta), omega, arch = a, garch = b, h_next = h_{T+1},
 * loglik, iterations; sigma = the unconditional sd sqrt(omega/(1-a-b));
 * df = T - 5; c00, c01, c11 the OLS ones (unused by the ARs).  EVS_EDATA
 * with a reason if T < 10, the market is constant, or the minimiser does
 * not converge. */
int garch_estimate (const double *r, const double *rm, size_t T,
                    model_fit *fit, evs_error *err);

/* Conditional variances after the window: H[0] = fit->h_next and
 * H[j] = omega + a E[j-1]^2 + b H[j-1] for 0 < j < N, where E[j] is the
 * residual of the j-th return after the window. */
void garch_path (const model_fit *fit, const double *e, size_t n, double *h);

/* -log L at alpha, beta, omega, a, b (for tests). */
double garch_nll (const double *r, const double *rm, size_t T, double alpha,
                  double beta, double omega, double a, double b,
                  double *h_last);

#endif
