/* aggregate.h -- cross-sectional aggregation of a study: AAR per relative
 * day and CAAR per window, over all estimated (event, series) pairs and by
 * group, each with the battery of tests of evtests.h.
 *
 * Pairs are aligned in event time (relative days), so events may have a
 * different day 0 per series and a series may appear in several events.
 * Pairs whose day 0 is the same calendar date are "clustered": their
 * abnormal returns are cross-correlated, which the Kolari-Pynnönen (2010)
 * adjusted tests take into account through rbar, the mean correlation of
 * the estimation-window residuals of pairs sharing a day 0 (pairs with
 * different days 0 count as uncorrelated).
 *
 * Each cell's bootstrap draws from its own generator, seeded from the
 * seed, the group and the cell (aggregate.c cell_seed), so the cells run
 * in parallel and the results are the same whatever the number of jobs.
 *
 * aggregate_build allocates everything in the aggregate_run; release it
 * with aggregate_release.  The study and timeline are borrowed and must
 * outlive the run.
 */
#ifndef EVS_AGGREGATE_H
#define EVS_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "events.h"
#include "evtests.h"
#include "study.h"

enum aggregate_adjust { AGGREGATE_ADJUST_NONE, AGGREGATE_ADJUST_HOLM, AGGREGATE_ADJUST_BH };

typedef struct aggregate_opts {
  const char *group_by;     /* NULL, "ticker", "event", "company" or a column */
  size_t bootstrap;         /* wild-bootstrap replications, 0 for none */
  unsigned long seed;       /* seed of the bootstrap's gsl_rng_mt19937 */
  enum aggregate_adjust adjust;
  unsigned jobs;            /* threads (pool.h); results do not depend on it */
} aggregate_opts;

#define AGGREGATE_MAX_TESTS 32      /* 24 used at most: 22 of returns, 2 of volatility */

/* One relative day (AAR) or one window (CAAR) of a group. */
typedef struct aggregate_cell {
  bool is_window;
  int day;                  /* relative day, for a day */
  study_window w;           /* for a window */
  size_t n;                 /* pairs with data */
  double mean;              /* AAR or CAAR */
  evtests_result tests[AGGREGATE_MAX_TESTS];
  double p_adj[AGGREGATE_MAX_TESTS];  /* NaN without --adjust */
  size_t ntests;
  /* --measure volatility, windows only (else NaN): the mean over the
   * pairs of Beaver's Ubar (study_car_u), the share of pairs with Ubar
   * > 1 and its null expectation; the tests "u_t" and "u_sign"
   * (evtests.h) follow the battery in tests[]. */
  double u_mean, u_share, u_expect;
} aggregate_cell;

typedef struct aggregate_group {
  const char *by;           /* NULL for the whole run */
  char *name;               /* "all", or the group's value */
  size_t *pairs;            /* indices of estimated results in the study */
  size_t npairs;
  size_t nclustered;        /* pairs sharing their day 0 with another */
  double rbar;              /* Kolari-Pynnönen mean residual correlation */
  aggregate_cell *days, *wins;
  size_t ndays, nwins;
} aggregate_group;

typedef struct aggregate_run {
  aggregate_group *g;
  size_t n;
  enum aggregate_adjust adjust;
  enum study_measure measure;   /* the study's: volatility adds u_* */
} aggregate_run;

/* Name of an adjustment ("none", "holm", "bh"); false if unknown. */
bool aggregate_parse_adjust (const char *s, enum aggregate_adjust *a);
const char *aggregate_adjust_name (enum aggregate_adjust a);

/* Fails with EVS_EUSAGE if O->group_by names no column of T: what
 * aggregate_build checks first, for callers that must know before the
 * study (a `run` is recorded before its aggregate). */
int aggregate_check (const evs_timeline *t, const aggregate_opts *o, evs_error *err);

/* Builds the groups of ST (timeline T) and runs every test.  Fails with
 * EVS_EUSAGE if O->group_by names no column of the events file. */
int aggregate_build (const evs_study *st, const evs_timeline *t,
                     const aggregate_opts *o, aggregate_run *out,
                     evs_error *err);

void aggregate_release (aggregate_run *a);

/* The test called NAME in CELL, or NULL. */
const evtests_result *aggregate_test (const aggregate_cell *cell,
                                      const char *name, double *p_adj);

#endif
