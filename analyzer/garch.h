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
 * puts every coordinate on a scale of about one.
 *
 * The likelihood often has several local maxima (a high-b and a near
 * ARCH(1) one, or the degenerate edge a -> 0), and one simplex run finds
 * the one whose basin it starts in.  So the search is global: OLS alpha
 * and beta with every (a, b) of the grid a in {0.02, 0.05, 0.1, 0.2,
 * 0.35} x b in {0.01, 0.3, 0.6, 0.8, 0.9, 0.95} with a + b <= 0.98 (22
 * starts; omega = s_ols^2 (1 - a - b), the OLS variance as unconditional
 * one), 200 simplex iterations from each; the 3 best end points are then
 * polished: the simplex is run to a size of 1e-9 (or until its best value
 * improves by less than 1e-14, relative, over 500 iterations) and
 * restarted from its best point until a restart improves -log L by less
 * than 1e-14 (relative); the best polished point is the fit.  A polish
 * that would take the iterations of the whole search past 50000 is
 * dropped, and the fit fails if no polish converges.  So does a
 * degenerate maximum:
 * a < 1e-6 (no ARCH effect: b is then hardly identified and h_t only
 * decays from h_1) or a + b > 0.9999 (integrated); the pair is skipped
 * with that reason.  Where -log L is not finite (h_t underflowing, an
 * overflowing residual) the simplex sees 1e300, and GSL errors are
 * returned as statuses, never passed to GSL's error handler.
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
 * df = T - 5; c00, c01, c11 the OLS ones (unused by the ARs); r2 NaN (no
 * R^2 is defined for a GARCH fit: it is reported as null).  EVS_EDATA
 * with a reason if T < 10, the market is constant, the OLS residuals
 * have zero variance or are not finite, the minimiser does not converge
 * or the maximum is degenerate; EVS_EINTERNAL if GSL cannot allocate. */
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
