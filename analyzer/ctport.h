/* ctport.h -- calendar-time portfolios (issue 13; Jaffe 1974, Fama 1998,
 * Mitchell & Stafford 2000).
 *
 * Each estimated (event, series) pair is held from session day0 + A to
 * day0 + B of its own series (--calendar-time A:B); its return on a held
 * session i is the simple return P_i / P_{i-1} - 1 on the series.  On
 * each calendar date the portfolio's return R_p is the mean of the held
 * pairs' returns, equal-weighted or weighted by a per-pair value
 * (--ct-weights); dates with fewer than --ct-min pairs are left out, and
 * so are dates without the regressors.  The portfolio's excess return is
 * regressed on the factors of the study's model by OLS:
 *   market           R_p - R_f on R_m - R_f, R_m the simple return of the
 *                    pairs' market on its own sessions, R_f = 0 (the
 *                    market model takes no --factors file)
 *   ff3, ff5, carhart, factors
 *                    R_p - RF on the model's factor columns on that date
 * The intercept is the daily abnormal return (alpha), with classical and
 * heteroskedasticity-consistent se (regress.h); annualised as 252 alpha.
 * Other models (mean, market-adjusted, ...) are refused by the command
 * line.
 */
#ifndef EVS_CTPORT_H
#define EVS_CTPORT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "factors.h"
#include "regress.h"
#include "study.h"

typedef struct ctport_opts {
  study_window hold;           /* A:B */
  size_t min_hold;             /* --ct-min, default 1 */
  enum regress_vcov_kind hc;   /* the HC covariance reported beside the classical */
  const double *weight;        /* per pair of the study (NaN: leave out), or NULL */
} ctport_opts;

typedef struct ctport_result {
  size_t n;                    /* sessions kept */
  int32_t *date;               /* the n dates */
  double *rp;                  /* portfolio return */
  double *excess;              /* R_p - R_f */
  double *ar;                  /* abnormal return: alpha + residual */
  size_t *held;                /* pairs held */
  size_t k;                    /* regressors, the intercept first */
  char names[8][16];
  regress_fit classical, hc;
  const char *hc_name;         /* "hc3", ... */
  double alpha_annual;         /* 252 alpha */
  double mean_held;
  size_t max_held, pairs;      /* most pairs on a session; pairs used */
} ctport_result;

/* Builds the portfolio of ST and regresses it into OUT (initialised
 * here).  Errors: EVS_EDATA "calendar-time portfolio: ..." when pairs
 * use different markets, when fewer sessions than regressors are left,
 * or as regress_fit_run. */
int ctport_run (const ctport_opts *o, const evs_study *st, ctport_result *out, evs_error *err);

void ctport_release (ctport_result *out);

#endif
