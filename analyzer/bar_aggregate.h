/* bar_aggregate.h -- the intraday study across pairs: per window the
 * CAAR (mean CAR over the pairs with bars in it) and per relative bar the
 * AAR (mean AR over the pairs that have that bar), each with the tests of
 * evtests.c that need no estimation residuals: the cross-sectional t,
 * Boehmer, Musumeci & Poulsen's t on the standardised values (AR/se,
 * CAR/se, se with the forecast error), the sign test and Wilcoxon's
 * signed-rank test.  Skipped pairs take no part. */
#ifndef EVS_BAR_AGGREGATE_H
#define EVS_BAR_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>

#include "bar_study.h"
#include "evtests.h"

typedef struct bar_agg_row {
  const bar_window *w;       /* a window's row; NULL for a bar's */
  long day;                  /* the bar's row: relative bar */
  size_t n;                  /* pairs */
  double mean;               /* CAAR or AAR */
  evtests_result t, bmp, sign, sign_z, wilcoxon, wilcoxon_z;
} bar_agg_row;

/* The rows (owned, free()) into *ROWS: the windows of O first, in their
 * order, then the relative bars in ascending order; returns their
 * number. */
size_t bar_aggregate (const bar_study_opts *o, const bar_result *res, size_t nres,
                      bar_agg_row **rows);

#endif
