/* lbt.h -- long-horizon tests of the mean buy-and-hold abnormal return
 * across pairs (issue 13): the conventional t and the skewness-adjusted
 * t of Lyon, Barber & Tsai (1999), with the paper's bootstrap p-value.
 *
 * For the n BHARs x_i of a window:
 *   t     = xbar / (s / sqrt(n)), t(n - 1), s the sample sd (n - 1)
 *   t_sa  = sqrt(n) (S + gamma S^2 / 3 + gamma / (6 n)),       LBT eq. (5)
 *           S = xbar / s, gamma = sum (x_i - xbar)^3 / (n s^3)
 * with s the sample standard deviation (n - 1) in both S and gamma, as
 * LBT define them (Stata's skewt, Hall 1992's moment skewness with the
 * n-divisor sd, differs in gamma; we follow the paper).
 * Bootstrap (LBT sec. III.B): 1,000 resamples of n_b = floor(n / 4)
 * BHARs drawn with replacement; in each, t_sa^b as above with S^b =
 * (xbar^b - xbar) / s^b (centred on the sample mean: the null holds in
 * the resampling population) and n_b for n.  The two-sided p is twice
 * the smaller tail share of the t_sa^b at the sample's t_sa, capped at 1;
 * LBT's test (reject when t_sa is outside the alpha/2 and 1 - alpha/2
 * quantiles of the t_sa^b) rejects exactly when p < alpha.  A resample
 * with s^b = 0 is drawn again (at most 100 times, then p is undefined).
 * t and t_sa are evtests_cs_t and evtests_skew_t (the aggregate's t and
 * skew_t), so the formulas live in one place; n_b must be at least 3.
 * The draws come from one MT19937 stream per window seeded from --seed
 * and the window's index, so results do not depend on --jobs.
 */
#ifndef EVS_LBT_H
#define EVS_LBT_H

#include <stddef.h>

#include "study.h"

#define LBT_BOOTSTRAP 1000

typedef struct lbt_result {
  study_window w;
  size_t n;              /* pairs with a finite BHAR */
  double mean, sd, skew; /* xbar, s (n - 1), gamma as above */
  double t, df, p;       /* conventional t, n - 1, two-sided p */
  double t_sa;           /* skewness-adjusted t */
  double p_boot;         /* bootstrap p of t_sa; NaN when n_b < 3 */
  size_t nb, nboot;      /* resample size n_b and number of resamples */
} lbt_result;

/* The tests of X[0..N) into OUT (NaN where undefined: n < 2 or s = 0),
 * NBOOT resamples from a generator seeded with SEED.  Never fails. */
void lbt_test (const double *x, size_t n, size_t nboot, unsigned long seed, lbt_result *out);

/* lbt_test of every window of ST over the pairs with a finite BHAR,
 * into OUT[0..st->opts.nwin), window w seeded from SEED and w.  With
 * BENCH (or NULL), each pair's BHAR is taken against it instead of the
 * model (--benchmark, Barber & Lyon 1997's reference-portfolio BHAR):
 *   BHAR = P(last) / P(base) - B(last) / B(base),
 * P the pair's price, B the benchmark's on its latest session on or
 * before the date, last the window's last session and base the session
 * before its first (the study's sessions: the returns the CAR sums
 * compound to P(last) / P(base)).  A benchmark without a session on or
 * before base leaves the pair out. */
void lbt_windows (const evs_study *st, const evs_series *bench, unsigned long seed,
                  lbt_result *out);

/* The benchmark BHAR of pair R over window W (NaN when undefined). */
double lbt_bench_bhar (const study_result *r, size_t w, const evs_series *bench);

#endif
