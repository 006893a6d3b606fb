/* bar_study.h -- the intraday event study of one (event, series) pair:
 * returns between bars, day 0 at bar resolution, the mean or market
 * model over an estimation window of sessions, abnormal returns per bar
 * and cumulative ones per window.
 *
 * Returns are computed on the times that the stock and its market both
 * have (the stock's own times for the mean model): a bar missing from
 * either (Polygon and Databento write no row for a minute without a
 * trade) is a gap that the next return spans, as a missing day does in
 * the daily study.  The return of bar k is P_k / P_{k-1} - 1 (or, with
 * LOG_RETURNS, ln (P_k / P_{k-1})) and belongs to bar k; the first bar of a session carries the overnight return.
 *
 * Relative days count bars of that joined series: day 0 is the first bar
 * beginning at or after the event instant (BARS_ALIGN_START) or ending
 * after it (BARS_ALIGN_END), bars_day0.
 *
 * Estimation: the bars from the first of the EST_SESSIONS sessions
 * before day 0's session up to the last bar ending at least EST_GAP
 * seconds before bar 0 begins, leaving out any bar of a window and
 * first-of-session (overnight) returns unless OVERNIGHT.  The normal
 * models and variances are model.c's: MacKinlay (1997) and Campbell, Lo
 * & MacKinlay (1997) eq. (4.4.7)-(4.4.8) and (4.4.11), with bars in place
 * of days; the intraday sigma is used for every bar, the overnight one
 * included, unless SEASONAL: then returns are standardised per
 * time-of-day bin (bar_study.c, deseason) and each bar's AR and variance
 * scaled back by its bin's standard deviation.
 */
#ifndef EVS_BAR_STUDY_H
#define EVS_BAR_STUDY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bars.h"
#include "error.h"
#include "events.h"
#include "model.h"

/* A window of bars [A, B] relative to day 0 or, CLOCK, of the bars that
 * begin between A and B seconds (inclusive) from bar 0's start. */
typedef struct bar_window {
  bool clock;
  long a, b;
  char text[40];        /* as given, e.g. "-30m:2h" */
} bar_window;

typedef struct bar_study_opts {
  enum bars_align align;
  enum model_kind model;     /* MODEL_MEAN or MODEL_MARKET */
  const bar_window *windows;
  size_t nwindows;
  int est_sessions;          /* default 10 */
  int64_t est_gap;           /* seconds; default 1800 */
  bool overnight;            /* estimation keeps first-of-session returns */
  size_t min_est;            /* fewest estimation returns; default 100 */
  int seasonal;              /* time-of-day bin in minutes; 0: none */
  bool no_ars;               /* leave out the per-bar ARs (nars 0): the CAR
                                table needs none, and at 91 bars a pair they
                                are most of a large run's time and memory */
  bool log_returns;          /* R_k = ln (P_k / P_{k-1}) (--returns log) */
  bool keep_est;             /* fill the result's est_* (the aggregate's
                                rank, sign and correlation tests) */
} bar_study_opts;

/* A series joined with its market on the times both have, and its
 * returns: made once per (series, market) and shared by every event of
 * the series (bar_study_joined), as study.c aligns returns once per
 * series.  Read-only once made, so pairs on several threads share it. */
typedef struct bar_joined {
  size_t n;
  const int64_t *t;
  const double *ps, *pm;     /* pm NULL without a market */
  const int32_t *session;
  const int16_t *minute;     /* local minute of each bar's start */
  double *r, *rm;            /* r[k] = ps[k] / ps[k-1] - 1 (r[0] unused);
                                rm likewise, NULL without a market; r NULL
                                for volume */
  uint32_t *sstart;          /* the first bar of each bar's session */
  /* Prefix sums over the returns an estimation keeps (k >= 1, and not
   * first of its session unless OVERNIGHT): cnt[k] of them before k, and
   * of r, rm, r^2, rm^2, r rm in long double (NULL for volume and
   * --seasonal, which standardise per bin first). */
  uint32_t *cnt;
  long double *sum[5];
  bool overnight;            /* which returns the prefix sums keep */
  void *own[5];              /* what release frees (arrays not borrowed
                                from the series) */
} bar_joined;

/* Joins S with M (NULL: S alone) for the study under O (its --overnight
 * and --seasonal decide the prefix sums).  Borrows S's arrays (and M's
 * closes) when nothing is dropped: S and M must outlive J. */
void bar_join (const bar_study_opts *o, const bars_series *s, const bars_series *m,
               bar_joined *j);

/* S's bars with a volume, v = ln(1 + V) in ps, for bar_study_volume_joined. */
void bar_join_volume (const bars_series *s, bar_joined *j);

void bar_joined_release (bar_joined *j);

typedef struct bar_ar {
  long rel;                  /* bar relative to day 0 */
  int64_t t;                 /* its start */
  int64_t from;              /* when the price the return starts from was
                                set: the end of the bar before */
  bool overnight;            /* first bar of its session */
  double r, rm, expected, ar, se, t_stat, p;
} bar_ar;

typedef struct bar_car {
  const bar_window *w;
  long first, last;          /* bars (relative) the window holds */
  int64_t t_first, t_last;
  size_t L;
  double car, se, t_stat, df, p;
} bar_car;

typedef struct bar_result {
  const evs_event *event;
  const bars_series *s, *m;  /* m NULL for the mean model */
  bool ok;
  char reason[200];          /* why the pair was skipped */
  int64_t t0;                /* bar 0's start */
  size_t n_est;
  int64_t est_first, est_last;
  model_fit fit;
  bar_ar *ars;
  size_t nars;
  bar_car *cars;
  size_t ncars;
  /* With keep_est, the n_est estimation bars in time order: their start,
   * bar relative to day 0, residual AR (as the event bars' AR) and
   * standardised residual AR / (sd_b s), sd_b the bin's scale under
   * --seasonal, else 1.  Owned (one block at est_t), NULL otherwise. */
  int64_t *est_t;
  int32_t *est_rel;
  double *est_ar, *est_sar;
} bar_result;

/* Parses a window: "A:B" in bars, or with units on both ends, "s", "m",
 * "h" ("-30m:2h"), into *W.  False on anything else or A > B. */
bool bar_window_parse (const char *s, bar_window *w);

/* Studies event E on S against market M (NULL: mean model) into OUT
 * (owned; bar_result_release).  A pair that cannot be studied (the
 * event after the data, no bar before day 0, too few estimation
 * returns, a market without variance) is OUT->ok = false with a reason,
 * not an error.  Errors: none but memory (which aborts). */
void bar_study_pair (const bar_study_opts *o, const evs_event *e,
                     const bars_series *s, const bars_series *m,
                     bar_result *out);

/* bar_study_pair on J = bar_join (S, M): the same result, bit for bit. */
void bar_study_joined (const bar_study_opts *o, const evs_event *e,
                       const bars_series *s, const bars_series *m,
                       const bar_joined *j, bar_result *out);

/* Abnormal log volume of S around E: v = ln(1 + V) on the bars with a
 * volume; the benchmark is the mean of v over the estimation bars in the
 * same time-of-day bin (width o->seasonal minutes, else 30; the first
 * bar of a session a bin of its own; first bars are kept); AV = v -
 * mean_b with variance sd_b^2 (1 + 1/n_b), t with n_b - 1 df; a window's
 * CAV has variance sum sd_b^2 + sum_b c_b^2 sd_b^2 / n_b (c_b of its bars
 * in bin b) and T - (bins with data) df.  In OUT the ARs hold v in r,
 * the bin mean in expected and AV in ar; fit holds T and that df only.
 * Skips as bar_study_pair, and when S has no volume. */
void bar_study_volume (const bar_study_opts *o, const evs_event *e,
                       const bars_series *s, bar_result *out);

/* bar_study_volume on J = bar_join_volume (S). */
void bar_study_volume_joined (const bar_study_opts *o, const evs_event *e,
                              const bars_series *s, const bar_joined *j,
                              bar_result *out);

void bar_result_release (bar_result *r);

#endif
