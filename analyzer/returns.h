/* returns.h -- a series' returns, aligned with its market's.
 *
 * Returns are computed on the dates both series have, each spanning from
 * the previous common date, so that a day missing from either file lumps
 * into the next return instead of being invented (estudy2's multi_day).
 */
#ifndef EVS_RETURNS_H
#define EVS_RETURNS_H

#include <stddef.h>
#include <stdint.h>

#include "series.h"

enum returns_kind { RETURNS_SIMPLE, RETURNS_LOG };

typedef struct evs_aligned {
  size_t n;          /* common dates */
  int32_t *date;     /* date[i]: return i spans date[i-1] .. date[i] */
  double *r;         /* r[i], i >= 1, the series' return; r[0] is NaN */
  double *rm;        /* the market's, or NULL without a market */
  /* Factor returns over the same spans (factors_align), for the factor
   * models; filled by the study, freed by returns_release. */
  size_t nf;         /* factor columns */
  double *f;         /* f[i * nf + j], or NULL */
  double *rf;        /* the risk-free return RF, or NULL */
} evs_aligned;

/* Aligns S with market M (NULL: S alone) into OUT (initialised here).
 * Simple returns P1/P0 - 1; log returns ln(P1/P0). */
void returns_align (const evs_series *s, const evs_series *m,
                    enum returns_kind kind, evs_aligned *out);

void returns_release (evs_aligned *a);

/* First index i with a->date[i] >= DAY, or a->n. */
size_t returns_lower_bound (const evs_aligned *a, int32_t day);

#endif
