/* regress.h -- cross-sectional least squares: OLS and WLS with the
 * standard errors referees ask for (issue 13).
 *
 * y = X b + e over N observations and K columns.  WLS with weights w_i
 * is OLS of sqrt(w_i) y_i on sqrt(w_i) x_i (as R's lm: residuals, hat
 * values and the sandwich are those of the transformed problem).  The
 * fit is by Householder QR (GSL), so a near-singular design loses no
 * more digits than the problem's condition demands.
 *
 * Covariance estimators (B = (X'X)^-1, e the residuals, h_i the hat
 * values x_i' B x_i):
 *   classical  s^2 B, s^2 = e'e / (N - K)
 *   hc0        B (sum e_i^2 x_i x_i') B                White (1980)
 *   hc1        hc0 * N / (N - K)                       MacKinnon & White (1985)
 *   hc2        e_i^2 / (1 - h_i) in the meat           MacKinnon & White (1985)
 *   hc3        e_i^2 / (1 - h_i)^2 in the meat         MacKinnon & White (1985);
 *                                                      Long & Ervin (2000)
 *   cluster    B (sum_g u_g u_g') B * G/(G-1) * (N-1)/(N-K), u_g = sum over
 *              cluster g of e_i x_i: Stata's small-sample factor (R's
 *              sandwich::vcovCL, type "HC1", cadjust TRUE), t with G - 1 df
 *   two-way    V_A + V_B - V_{A and B}, each one-way as above with its own
 *              G/(G-1) and the common (N-1)/(N-K): Cameron, Gelbach &
 *              Miller (2011) eq. (2.11), as sandwich::vcovCL with two
 *              clusters; t with min(G_A, G_B) - 1 df.
 * The t of every other estimator has N - K df.
 */
#ifndef EVS_REGRESS_H
#define EVS_REGRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

enum regress_vcov_kind {
  REGRESS_CLASSICAL, REGRESS_HC0, REGRESS_HC1, REGRESS_HC2, REGRESS_HC3,
  REGRESS_CLUSTER
};

/* The data of one regression (borrowed by regress_fit).  X is N rows of
 * K values, row-major; NAMES the K column names, for messages.  W (or
 * NULL for OLS) the N positive weights.  With REGRESS_CLUSTER, CLUSTER[d]
 * (d < NCLUSTER, 1 or 2) gives each observation's group as a number in
 * 0..NGROUPS[d]-1. */
typedef struct regress_data {
  size_t n, k;
  const double *y, *x, *w;
  const char *const *names;
  enum regress_vcov_kind vcov;
  size_t ncluster;
  const size_t *cluster[2];
  size_t ngroups[2];
} regress_data;

/* What regress_fit finds; the arrays hold K values each and belong to
 * the fit (regress_fit_release). */
typedef struct regress_fit {
  size_t n, k;
  double *b, *se, *t, *p, *lo, *hi;   /* estimate, se, t, two-sided p, 95% interval */
  double *V;                          /* K x K covariance, row-major */
  double df;                          /* df of the t: N - K, or G - 1 clustered */
  double sigma;                       /* sqrt(e'e / (N - K)) */
  double r2, adj_r2;                  /* centred when the design has an intercept */
  bool intercept;                     /* a column of ones among X */
  /* Wald F of every coefficient but the intercept with the chosen
   * covariance, F = b' V^-1 b / q, on (q, df) degrees of freedom; the
   * classical covariance gives the usual F of R^2.  NaN when q = 0. */
  double F, F_df1, F_df2, F_p;
  size_t groups[2];                   /* G per cluster dimension, else 0 */
  /* Two-way only: coefficients whose variance came out negative, with
   * se, t, p and interval NaN (the F is NaN too). */
  size_t undefined;
} regress_fit;

/* Parses classical, hc0..hc3 (lower case); false otherwise. */
bool regress_parse_vcov (const char *s, enum regress_vcov_kind *kind);
const char *regress_vcov_name (enum regress_vcov_kind kind);

/* Fits D into FIT (initialised here).  Errors (FIT left empty):
 * EVS_EDATA "N observations for K regressors" when N <= K (or G < 2 for
 * a cluster dimension), "singular design: column 'NAME' is constant and
 * collinear with the intercept" / "... is a linear combination of
 * 'A', 'B'" naming the first dependent column and the earlier columns
 * that span it, a weight that is not finite and positive, a leverage of
 * 1 under hc2/hc3 ("observation I has leverage 1"), a two-way variance
 * that is not positive but under two-way clustering (regress_fit.undefined). */
int regress_fit_run (const regress_data *d, regress_fit *fit, evs_error *err);

void regress_fit_release (regress_fit *fit);

#endif
