/* evtests.h -- the event-study significance tests, one small function per
 * test, on plain arrays.
 *
 * Each test fills an evtests_result: the statistic, its degrees of freedom
 * (NaN where the reference distribution has none) and the exact two-sided
 * p-value from GSL (Student t, standard normal, binomial or the exact
 * signed-rank distribution).  A test that cannot be computed (too few
 * observations, zero variance) gives NaN statistic and p.  Missing values
 * are NaN and are skipped.  Nothing here allocates in a way the caller
 * must free, prints or exits; the papers and formulas are in evtests.c
 * and in the README ("Tests").
 *
 * Columns: the rank and sign tests that compare the event period with
 * the estimation period see the panel of N (event, series) pairs by M
 * relative days (the estimation days, then the event period) through the
 * column sums of a per-pair transform of it: SUM[t] adds the transformed
 * values of the pairs present on day t, in pair order, CNT[t] counts them.
 * The transforms, K_it being the mid-rank of x_it among the M_i values
 * pair i has (panel.h computes them without re-sorting per day):
 *   csign:          G_it = sign(x_it - median_i)
 *   rank:           K_it - (M_i + 1) / 2
 *   czrank, grank:  U_it = K_it / (M_i + 1) - 1/2
 * Columns C0..C1 (inclusive) are the day or window tested.
 */
#ifndef EVS_EVTESTS_H
#define EVS_EVTESTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

typedef struct evtests_result {
  const char *name;
  double stat, df, p;
  size_t k, nref;        /* placebo only: k of nref windows as large */
} evtests_result;

typedef struct evtests_cols {
  size_t n, m;           /* pairs, columns */
  const double *sum;     /* m column sums of the transform (borrowed) */
  const double *cnt;     /* m counts of the pairs present (borrowed) */
} evtests_cols;

/* Two-sided p-values. */
double evtests_p_t (double t, double df);
double evtests_p_z (double z);

/* Parametric tests. */
void evtests_cs_t (const double *x, size_t n, evtests_result *r);
void evtests_skew_t (const double *x, size_t n, evtests_result *r);
void evtests_hall_t (const double *x, size_t n, evtests_result *r);
void evtests_bw1980 (double mean, size_t len, const double *var, size_t n,
                     double df, evtests_result *r);
/* S of the crude dependence adjustment: the sd of the daily mean of the
 * N x M estimation ARs X (row-major, NaN missing) over the *DAYS days
 * that have any. */
double evtests_portfolio_sd (const double *x, size_t n, size_t m, size_t *days);
void evtests_bw1985 (double mean, size_t len, double S, size_t days,
                     evtests_result *r);
void evtests_lamb (const double *aar, const double *c, size_t len, double S,
                   evtests_result *r);
void evtests_patell (const double *csar, const double *df, size_t len,
                     size_t n, evtests_result *r);
void evtests_bmp (const double *sar, size_t n, evtests_result *r);
/* The Kolari-Pynnönen (2010) adjustments of a Patell and a BMP result
 * IN for N pairs of mean residual correlation RBAR. */
void evtests_kp_patell (const evtests_result *in, size_t n, double rbar,
                        evtests_result *out);
void evtests_kp_bmp (const evtests_result *in, size_t n, double rbar,
                     evtests_result *out);
/* Pearson correlation of X and Y over the indices where both are finite;
 * NaN with fewer than 3 such or no variance. */
double evtests_correlation (const double *x, const double *y, size_t n);

/* One (event, series) pair for the Kolari-Pynnönen rbar: its day 0 and
 * its T estimation residuals RES on the ascending dates DATE (borrowed). */
typedef struct evtests_kp_pair {
  int32_t day0;
  size_t T;
  const int32_t *date;
  const double *res;
} evtests_kp_pair;

/* Kolari and Pynnönen (2010) rbar of the N pairs P: the mean over all
 * pairs of pairs of the correlation of their residuals on their common
 * dates when they share day 0, else 0 (NaN for N < 2), in O(N T) when the
 * pairs of a day 0 share their estimation dates.  *NCLUSTERED gets the
 * number of pairs sharing their day 0 with another. */
double evtests_kp_rbar (const evtests_kp_pair *p, size_t n, size_t *nclustered);

/* Non-parametric tests. */
/* Sign test: R the count of positives with its exact binomial p, RZ its
 * normal approximation. */
void evtests_sign (const double *x, size_t n, evtests_result *r,
                   evtests_result *rz);
void evtests_gsign (const double *x, size_t n, double phat, evtests_result *r);
/* Signed-rank test: R the raw W+ with its p, RZ its normal approximation. */
void evtests_wilcoxon (const double *x, size_t n, evtests_result *r,
                       evtests_result *rz);
void evtests_csign (const evtests_cols *g, size_t c0, size_t c1,
                    evtests_result *r);
void evtests_rank (const evtests_cols *k, size_t c0, size_t c1,
                   evtests_result *r);
void evtests_czrank (const evtests_cols *u, size_t c0, size_t c1,
                     evtests_result *r);
/* GRANK: U columns of the estimation days and, last, the event day. */
void evtests_grank (const evtests_cols *u, evtests_result *z,
                    evtests_result *t);

/* Resampling. */
void evtests_bootstrap (const double *x, size_t n, size_t reps, gsl_rng *rng,
                        evtests_result *r);

/* Placebo: how many of the non-overlapping windows of LEN days tiled over
 * the allowed stretches of AR (ALLOWED[i] false where the estimation or
 * event windows are) have |CAR| >= |CAR0|; *K of *N, p = (K + 1)/(N + 1). */
void evtests_placebo (const double *ar, const bool *allowed, size_t nar,
                      size_t len, double car0, size_t *k, size_t *n,
                      evtests_result *r);

/* Adjusts P[0..n) in place: "holm" (Holm 1979) or "bh" (Benjamini and
 * Hochberg 1995); NaN entries are left out. */
void evtests_adjust (double *p, size_t n, bool bh);

/* Abnormal volatility (issue 12), Beaver (1968)'s U statistic: with
 * AR_t and se_t of a pair's L window days, U_t = (AR_t / se_t)^2 and
 * Ubar = mean U_t, P(F(L, DF) > Ubar) into *P (NaN when a day is
 * missing or DF <= 0).  Returns Ubar. */
double evtests_u_window (const double *ar, const double *se, size_t L, double df,
                         double *p);

/* Across N pairs with window means UBAR[i] (NaN: missing) of L days and
 * residual df DF[i]: "u_t", the cross-sectional t of Ubar_i - df_i /
 * (df_i - 2) (the null mean of F(L, df_i)), N - 1 df; and "u_sign", the
 * count of Ubar_i > 1 against its null distribution, the Poisson
 * binomial of P(F(L, df_i) > 1) (exact, two-sided by doubling the
 * smaller tail).  *SHARE is the share of pairs with Ubar_i > 1, *EXPECT
 * its null mean.  DEV is N doubles of workspace. */
void evtests_u_t (const double *ubar, const double *df, size_t n, double *dev,
                  evtests_result *r);
void evtests_u_sign (const double *ubar, const double *df, size_t n, size_t L,
                     double *share, double *expect, evtests_result *r);

#endif
