/* bar_aggregate.h -- the intraday study across pairs: per window the
 * CAAR (mean CAR over the pairs with bars in it) and per relative bar the
 * AAR (mean AR over the pairs that have that bar), each with the battery
 * of evtests.c: the cross-sectional t, Patell, BMP, their Kolari-Pynnonen
 * (2010) adjustments, the skewness-adjusted t's, the sign, generalized
 * sign and Corrado-Zivney sign tests, Corrado's rank test, the
 * Corrado-Zivney rank test, GRANK and Wilcoxon's signed-rank test.
 * Skipped pairs take no part.
 *
 * Memory.  The tests that compare the event bars with the estimation
 * bars see every pair's ~4,000 estimation residuals, which a run of
 * 500,000 pairs cannot keep (15 GB).  So each pair's worker reduces its
 * own (bar_agg_reduce): its count of positive residuals (generalized
 * sign), its Corrado ranks and Corrado-Zivney signs over its estimation
 * and event bars (the estimation bars' added to the worker's column sums,
 * exact integers, so that the sums do not depend on --jobs; the event
 * bars' kept, a few per pair).  The Corrado-Zivney rank test and GRANK
 * standardise the event bars by their cross-sectional sd, and the
 * Kolari-Pynnonen rbar correlates the pairs' residuals, so they need the
 * residuals themselves: those are kept up to BAR_AGG_MAX_EST residuals
 * in all (28 bytes each); beyond, these tests are left empty
 * (bar_agg_info.kept false) and the command says so.
 *
 * Columns (evtests.h): the rank and sign tests' columns are the
 * relative bars, the estimation bars' (from the earliest of any pair to
 * -1) then the event bars' (the span of the pairs' ARs).  A pair is
 * ranked once, over its estimation bars and all its reported bars (the
 * windows' span), whatever row is tested; a window's columns run from
 * the earliest first to the latest last bar of the pairs in it.
 */
#ifndef EVS_BAR_AGGREGATE_H
#define EVS_BAR_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bar_study.h"
#include "evtests.h"

/* 2^23 residuals: about 230 MB, e.g. 2,150 pairs of 3,900 bars. */
#define BAR_AGG_MAX_EST ((size_t) 1 << 23)

typedef struct bar_agg_row {
  const bar_window *w;       /* a window's row; NULL for a bar's */
  long day;                  /* the bar's row: relative bar */
  size_t n;                  /* pairs */
  double mean;               /* CAAR or AAR */
  evtests_result t, patell, patell_kp, bmp, bmp_kp, skew_t, hall_t, sign, sign_z, gsign,
    csign, rank, czrank, grank_t, grank_z, wilcoxon, wilcoxon_z;
} bar_agg_row;

/* One pair's reduction (bar_agg_reduce). */
typedef struct bar_agg_pair {
  size_t T, pos;             /* estimation residuals, positive ones */
  double *rank;              /* per AR of the pair: K - (M + 1)/2 */
  signed char *sign;         /* per AR: sign (AR - median) */
  size_t nest;               /* the residuals kept (or 0): */
  int64_t *est_t;            /* owned block, as bar_result's est_* */
  int32_t *est_rel;
  double *est_ar, *est_sar;
} bar_agg_pair;

/* One worker's sums over the estimation columns: index -rel - 1. */
typedef struct bar_agg_cols {
  size_t n;
  int64_t *rank2;            /* sum of 2 K - (M + 1) */
  int64_t *sign;             /* sum of the signs */
  int64_t *cnt;              /* pairs with the bar */
} bar_agg_cols;

typedef struct bar_agg {
  size_t npairs;
  bar_agg_pair *pair;        /* one per result */
  unsigned nworkers;
  bar_agg_cols *cols;        /* one per worker */
  size_t cap;                /* residuals kept at most */
  size_t total;              /* estimation residuals of all pairs (atomic) */
} bar_agg;

typedef struct bar_agg_info {
  bool kept;                 /* residuals kept: czrank, grank, KP computed */
  size_t residuals;          /* estimation residuals of all pairs */
  size_t clustered;          /* pairs sharing bar 0's instant with another */
  double rbar;               /* Kolari-Pynnonen mean residual correlation */
} bar_agg_info;

/* For NPAIRS results studied with keep_est on NWORKERS threads. */
void bar_agg_init (bar_agg *a, size_t npairs, unsigned nworkers, size_t cap);

/* Reduces result R (slot SLOT) on worker WORKER: takes over R's est_*
 * (R keeps none).  Pairs on different workers may run at once. */
void bar_agg_reduce (bar_agg *a, unsigned worker, size_t slot, bar_result *r);

void bar_agg_release (bar_agg *a);

/* The rows (owned, free()) into *ROWS: the windows of O first, in their
 * order, then the relative bars in ascending order; returns their
 * number.  A (NULL: the tests that need it are NaN) holds the pairs'
 * reductions; *INFO (may be NULL) what the residual tests saw. */
size_t bar_aggregate (const bar_study_opts *o, const bar_result *res, size_t nres,
                      const bar_agg *a, bar_agg_row **rows, bar_agg_info *info);

#endif
