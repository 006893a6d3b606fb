/* xsreg.h -- cross-sectional regressions of a study's CARs, SCARs or
 * BHARs on firm characteristics (issue 13): the design built from the
 * pairs of an evs_study, fitted by regress.h.
 *
 * Y of a pair is its window's CAR, CAR/se (scar) or BHAR; the window must
 * be among the study's windows (the command line adds the windows the
 * formulas name).  A regressor NAME is looked up in turn as: `beta` (the
 * pair's market beta under its model; missing for the mean model), a
 * column of --characteristics (the ticker's latest row on or before the
 * event's date), a column of the events file.  C(NAME) makes one dummy
 * per level of a text column but the first (levels sorted bytewise, as R
 * in the C locale; every level without an intercept, as R does for the
 * first factor).  Clusters: `event`, `ticker`, `day0` or any column.  A
 * pair skipped by the study, with a Y that is not finite, or with a
 * regressor, weight or cluster missing is left out with its reason.
 */
#ifndef EVS_XSREG_H
#define EVS_XSREG_H

#include <stdbool.h>
#include <stddef.h>

#include "charac.h"
#include "error.h"
#include "events.h"
#include "formula.h"
#include "regress.h"
#include "study.h"

typedef struct xsreg_spec {
  const formula *f;              /* borrowed */
  bool inverse_variance;         /* WLS with w = 1 / se(CAR)^2 */
  enum regress_vcov_kind vcov;
  const char *cluster[2];        /* REGRESS_CLUSTER: 1 or 2 names */
  size_t ncluster;
} xsreg_spec;

typedef struct xsreg_left_out {
  const study_result *r;
  char reason[256];
} xsreg_left_out;

typedef struct xsreg_result {
  const formula *f;
  char vcov[160];                /* "hc3", "cluster:ticker", ... */
  bool weighted;
  size_t k;
  char **names;                  /* the K column names */
  regress_fit fit;
  xsreg_left_out *out;           /* the pairs left out, in study order */
  size_t nout;
} xsreg_result;

/* Checks SPEC's names against the inputs before the study runs:
 * EVS_EUSAGE "position N: no column 'x' in ..." for a regressor or
 * cluster that names no column, "... is in both ..." for a name in both
 * files; EVS_EDATA (file:line:field) for a non-numeric value in a column
 * used as a number.  CH may be NULL. */
int xsreg_check (const xsreg_spec *spec, const evs_timeline *ev,
                 const charac_table *ch, evs_error *err);

/* Builds and fits the regression of SPEC on ST into OUT (initialised
 * here; xsreg_release frees it).  Errors: as xsreg_check, and EVS_EDATA
 * from regress_fit_run (too few pairs, a singular design naming its
 * columns). */
int xsreg_run (const xsreg_spec *spec, const evs_study *st, const evs_timeline *ev,
               const charac_table *ch, xsreg_result *out, evs_error *err);

void xsreg_release (xsreg_result *out);

#endif
