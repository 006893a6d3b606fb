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

/* Abnormal volume (Campbell & Wasley 1996; Ajinkya & Jain 1989): the
 * same layout with r[i] = v_i = ln(1 + V_i), V_i the share volume of S
 * (s->col[SERIES_VOLUME], which must not be NULL), and rm[i] = ln(1 +
 * Vm_i) of market M, on the dates where S has a volume and, with M, M has
 * one too.  A missing volume (NaN) is a gap: that date is left out, no
 * value is invented; a zero volume is a value (v = 0).  M without a
 * volume column (col NULL) counts as having none.  As with returns, the
 * first date only opens the series: r[0] and rm[0] are NaN, so relative
 * days count the same way for both measures. */
void returns_align_volume (const evs_series *s, const evs_series *m,
                           evs_aligned *out);

void returns_release (evs_aligned *a);

/* First index i with a->date[i] >= DAY, or a->n. */
size_t returns_lower_bound (const evs_aligned *a, int32_t day);

#endif
