/* study.h -- the event study proper: for every (event, series) pair,
 * day 0, the estimation fit, abnormal returns and CARs with their tests.
 *
 * Windows are in sessions relative to day 0, counted on the dates the
 * series and its market share (see returns.h).  A pair that cannot be
 * estimated is kept with status STUDY_SKIPPED and a reason, so one bad
 * pair never stops a run.
 */
#ifndef EVS_STUDY_H
#define EVS_STUDY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "events.h"
#include "model.h"
#include "returns.h"
#include "series.h"

/* Confounders listed per pair: a timeline with hundreds of events a day
 * would otherwise need memory quadratic in its length. */
#define STUDY_MAX_CONFOUNDERS 50

/* Runs of at most this many pairs keep each pair's ARs over the whole
 * history (hist_*), which the placebo test of a single pair needs; larger
 * runs keep the estimation window and the event period only. */
#define STUDY_FULL_HISTORY 1000

/* The threshold in force: STUDY_FULL_HISTORY.  Only tests change it, to
 * run one study both ways and compare; set it before study_run. */
extern size_t study_full_history;

typedef struct study_window {
  int a, b;              /* first and last relative day, a <= b */
} study_window;

/* What is studied (issue 12).  STUDY_RETURN: returns (returns.h).
 * STUDY_VOLUME: log volume v_t = ln(1 + V_t) (returns_align_volume),
 * with the mean, market (OLS of v_t on the market's m_t = ln(1 + V_mt))
 * and market-adjusted (v_t - m_t) models; abnormal volume AV_t = v_t -
 * E[v_t] and its se, t, p, and CAV with Var = g'Vg, exactly as for
 * returns (Campbell & Wasley 1996; Ajinkya & Jain 1989).  Under volume a
 * study_day's ret, mret and expected hold v_t, m_t and E[v_t], its ar
 * AV_t; BHAR is undefined (NaN) and the gap and jump warnings, which are
 * about prices, are not set.
 * STUDY_VOLATILITY: returns, studied exactly as under STUDY_RETURN, with
 * Beaver (1968)'s U statistic derived from them (study_day_u,
 * study_car_u): nothing more is kept per pair. */
enum study_measure { STUDY_RETURN, STUDY_VOLUME, STUDY_VOLATILITY };

/* Name of a measure for output ("return", "volume"). */
const char *study_measure_name (enum study_measure m);

typedef struct study_opts {
  enum study_measure measure;  /* default STUDY_RETURN */
  enum model_kind model;
  enum returns_kind returns;
  study_window est;      /* estimation window, default -250:-11 */
  study_window *win;     /* event windows (borrowed) */
  size_t nwin;
  study_window ar;       /* days whose ARs are reported, default -10:10 */
  size_t min_est;        /* fewest estimation days accepted, default 120 */
  /* Factor models: the regressors are columns FCOL of FACTORS (x_t =
   * (1, f_1t, ..., f_mt)); RF_COL (or -1) is subtracted from the stock's
   * return; BETA_COL is the position in x_t of Mkt-RF (0: none). */
  const struct factors_set *factors;     /* borrowed; NULL without */
  size_t fcol[MODEL_MAX_K - 1];
  size_t nfcol;
  long rf_col;
  size_t beta_col;
  size_t dimson_lags;    /* K of the dimson model, default 1 */
  unsigned jobs;         /* threads (pool.h), default 1; no effect on results */
  int max_gap_days;      /* warn about a return spanning more calendar days, default 10 */
  /* Progress for a terminal (the command layer's, cli-progress.h): after
   * each input, study_run calls PROGRESS (PROGRESS_ARG, inputs done,
   * inputs) on the caller's thread only, so that the callback needs no
   * lock, and once more with all inputs done when they are; NULL for
   * none.  No effect on results. */
  void (*progress) (void *arg, size_t done, size_t total);
  void *progress_arg;
  /* The car chart's CAR path (plot.h: the car-EVENT chart starts at
   * --chart-from, else at the first window's start): when CHART_PATH is
   * set, each pair also keeps its CAR path cumulated from relative day
   * CHART_FROM (study_result chart), by the same sums as the CAR table,
   * so that the chart's band is the table's se.  Default false; no
   * effect on any table. */
  bool chart_path;
  int chart_from;
} study_opts;

/* Warnings about a pair's event windows (the widest span of them), which
 * a price file can cause without being wrong (issue 11):
 * STUDY_WARN_GAP   a return spans more than opts.max_gap_days calendar
 *                  days (a gap in the data: the AR is the whole gap's);
 * STUDY_WARN_JUMP  a simple return beyond +-STUDY_JUMP (50%) while the
 *                  market's is within +-STUDY_JUMP_MARKET (10%), or there
 *                  is no market: an unadjusted split looks like this. */
#define STUDY_WARN_GAP  1u
#define STUDY_WARN_JUMP 2u
/* STUDY_WARN_ZERO  (--measure volume) zero volumes in the estimation or
 *                  event windows: a zero is a value (v = 0, some 17
 *                  log points below a large stock's normal), but Yahoo
 *                  writes 0 on Hong Kong's half-day sessions too
 *                  (9988.HK: O = H = L = C, volume 0), where it is not. */
#define STUDY_WARN_ZERO 4u
#define STUDY_JUMP 0.5
#define STUDY_JUMP_MARKET 0.1

/* One reported day.  Var(AR) is the prediction-error variance,
 * MacKinlay (1997) eq. (9): s^2 (1 + 1/T + (Rm_t - mean Rm)^2 / Sxx) for
 * the market model; t = AR/se with the model's df, two-sided p. */
typedef struct study_day {
  int day;
  int32_t date;
  double ret, mret, expected, ar, se, t, p;
} study_day;

/* One event window: CAR = sum of ARs, Var(CAR) = g'Vg with
 * V = s^2 (I + X*(X'X)^-1 X*'), Campbell, Lo & MacKinlay (1997) ch. 4. */
/* BHAR = prod(1 + R_t) - prod(1 + E[R_t]) over the window (Barber & Lyon
 * 1997; Lyon, Barber & Tsai 1999), simple returns only (NaN with log). */
typedef struct study_car {
  study_window w;
  int32_t first, last;
  double car, se, t, df, p;
  double bhar;
} study_car;

/* One day of a pair's CAR path (--table car-path): CAR(a, k), the sum of
 * the ARs from the first day a of the reported days (opts.ar) to day k,
 * and its se, computed as a study_car of window a:k is (fill_car, the
 * same sums in the same order: Var(CAR) = g'Vg, MacKinlay 1997 eq. (15)-
 * (16); garch the sum of the h_t), so that the path's day b is bit for
 * bit the CAR table's window a:b.  t = car / se and p (two-sided, the
 * fit's df) are derived when printed, as the CAR table's are computed. */
typedef struct study_path {
  double car, se;
} study_path;

enum study_status { STUDY_OK, STUDY_SKIPPED };

typedef struct study_result {
  const evs_event *event;
  const evs_series *series;
  const evs_series *market;     /* NULL without one */
  const calendar_exchange *exchange;  /* the series' (study_input); NULL
                                         when rebuilt from the store */
  enum study_status status;
  char reason[256];             /* why skipped; "" when ok */
  bool has_day0;
  int32_t day0;
  model_fit fit;
  int32_t est_first, est_last;
  double *est_ar;               /* the fit.T estimation-window residuals */
  study_day *days;
  size_t ndays;
  study_car *cars;              /* one per opts.win, same order */
  /* STUDY_WARN_* found, with the longest gap (calendar days, and the
   * relative day of the return spanning it) and the largest unshared
   * simple return (and its day); 0 when no flag. */
  unsigned warn;
  int gap_day, jump_day;
  int32_t gap_days, gap_date, jump_date;
  double jump;
  size_t zero_n;                /* STUDY_WARN_ZERO: how many, the first */
  int32_t zero_date;
  size_t ncars;
  /* The CAR path: path[i] is day days[i].day, for i < npath <= ndays.
   * It is cumulated from the first reported day (opts.ar.a, or the
   * first day with an AR when the data start later) over consecutive
   * days (days[i].day == days[0].day + i), ending before the first day
   * without an AR (no factor returns).  npath is at least 1 when ndays
   * is, but 0 in a run loaded from a store recorded before schema 7
   * (study_has_path). */
  study_path *path;
  size_t npath;
  /* opts.chart_path: the CAR path cumulated from the first reported day
   * on or after opts.chart_from, days[chart_k0], over consecutive days as
   * path is: chart[i] is day days[chart_k0 + i].day, for i < nchart.
   * It is path itself when chart_k0 is 0.  NULL otherwise (a run loaded
   * from a store or a shard, or a study without charts). */
  study_path *chart;
  size_t nchart, chart_k0;
  const evs_event **conf;       /* other events in the widest window, */
  int *conf_day;                /* ... the relative day of each, */
  size_t nconf;                 /* ... at most STUDY_MAX_CONFOUNDERS, */
  size_t nconf_total;           /* ... of this many in all */
  /* For the cross-sectional tests (aggregate.h): the AR, its standard
   * error and date under the fitted model on every return of the series
   * (runs of at most STUDY_FULL_HISTORY pairs; else the estimation window
   * and event period only); relative day k is index hist_i0 + k, which
   * may be negative or past nhist for days not kept; est_ar[0] is
   * relative day est_a. */
  double *hist_ar, *hist_se;
  int32_t *hist_date;
  size_t nhist, hist_i0;
  /* hist_se[i - hist_se_from] is the se of hist_ar[i] for i >=
   * hist_se_from; before it (the estimation window of a run of more
   * than STUDY_FULL_HISTORY pairs) no se is kept: the tests use the
   * estimation ARs, never their se.  est_ar may point into hist_ar. */
  size_t hist_se_from;
  int est_a;
  double *cvar;                 /* garch: h_t of return index cvar_first + j */
  size_t cvar_first, ncvar;
} study_result;

/* What to study: a series, its market (or NULL) and its exchange. */
typedef struct study_input {
  const evs_series *series;
  const evs_series *market;
  const calendar_exchange *exchange;
} study_input;

/* A pair's rows as an output writes them (output_pair_text), formatted
 * where the pair was studied: a merge (cmd-shard.c) copies the shards'
 * text instead of formatting 20,000 pairs again (issue 17). */
enum study_text_kind { STUDY_TEXT_CSV_CAR, STUDY_TEXT_JSON, STUDY_TEXT_KINDS };

typedef struct study_text {
  const char *b;
  size_t n;
} study_text;

typedef struct evs_study {
  study_opts opts;
  study_result *res;            /* ordered by event, then input */
  size_t n;
  /* The events the results point into (borrowed): output carries its
   * file name and extra columns into every per-pair row. */
  const evs_timeline *events;
  /* study_run: the results' arrays, one arena per thread (arena.h);
   * NULL when each result owns its arrays (store_run_load). */
  struct arena *arenas;
  unsigned narenas;
  /* Borrowed, NULL when absent: text[k][i] is pair i's text of kind K,
   * which the outputs write as it is (study_release leaves it). */
  const study_text *text[STUDY_TEXT_KINDS];
} evs_study;

/* Fills OPTS with the defaults above (windows: none; the caller adds
 * -1:1, 0:0, 0:1, -5:5 or the user's). */
void study_opts_default (study_opts *opts);

/* Runs the study of every event of T that applies to each input, the
 * inputs on opts->jobs threads (the results do not depend on it).
 * Never fails: unestimable pairs are skipped with a reason. */
void study_run (const study_opts *opts, const evs_timeline *t,
                const study_input *in, size_t nin, evs_study *out);

void study_release (evs_study *st);

/* How many pairs study_run would make of T and IN, and an upper
 * estimate of the bytes that it and aggregate_build will hold at their
 * peak (the loaded inputs excluded), from the options, the number of
 * pairs and the length of the longest series: per pair its result
 * (sizeof study_result), reported days, windows, listed confounders,
 * kept history and, for the aggregate, its estimation row in the rank
 * panel and its share of the period and cell workspaces of o->jobs
 * threads; per series its aligned returns.  HACKING.md compares it with
 * measured peaks.  Never fails. */
void study_estimate_memory (const study_opts *o, const evs_timeline *t,
                            const study_input *in, size_t nin,
                            size_t *pairs /* out */, double *bytes /* out */);

/* R's warnings as text, "" when none: "a return spanning 126 calendar
 * days on day +0 (2024-06-03)" and/or "a return of -90.0% on day +2
 * (2024-06-10) that the market does not share", joined by "; ".  Writes
 * at most SIZE bytes to BUF; returns BUF. */
char *study_warnings_text (const study_result *r, char *buf, size_t size);
#define STUDY_WARNINGS_MAX 256     /* a BUF that always holds both */

/* When ST measured nothing, why, as one sentence for a warning (into
 * BUF of SIZE bytes, returned): "no event applies to any studied
 * series (check the events' tickers)" when there is no pair, "every
 * pair was skipped (2 pairs; first NVDA event 1: ...)" when none was
 * estimated.  NULL when at least one pair was estimated. */
const char *study_empty_text (const evs_study *st, char *buf, size_t size);
#define STUDY_EMPTY_MAX 512        /* a BUF that always holds it */

/* The series of ST studied as stocks whose ticker starts with '^' (an
 * index, by Yahoo's convention), each once, in the order of their first
 * pair, into OUT; returns their number, at most MAX. */
size_t study_index_stocks (const evs_study *st, const evs_series **out, size_t max);

/* The warning about such a series S, into BUF of SIZE bytes (returned):
 * "^HSI is studied as a stock, but its ticker starts with '^' (an index):
 * give it with --market to use it as a market". */
const char *study_index_text (const evs_series *s, char *buf, size_t size);

/* --measure volatility: U_t = (AR_t / se_t)^2 of day D (NaN without an
 * se), Beaver (1968). */
double study_day_u (const study_day *d);

/* --measure volatility: Ubar, the mean U_t over the L days of window C
 * of R, and *P = P(F(L, df) > Ubar) (evtests_u_window), derived from the
 * ARs and se kept (hist_ar and hist_se, else the reported days): NaN
 * when a day of the window is not kept (a run loaded from the store
 * whose --ar-days do not cover the window). */
double study_car_u (const study_result *r, const study_car *c, double *p);

/* The pairs of ST whose market is of another exchange than the series
 * (the market's exchange from its ticker, calendar_for_ticker: ^HSI is
 * HK, SPY US), each (series, market) once, into OUT; returns their
 * number, at most MAX (issue 14: a cron recipe measured 9988.HK against
 * SPY without a word). */
size_t study_foreign_markets (const evs_study *st, const study_result **out, size_t max);

/* The warning about such a pair R, into BUF of SIZE bytes (returned):
 * "9988.HK (exchange HK) is measured against SPY, a market of another
 * exchange (US): ...". */
const char *study_foreign_text (const study_result *r, char *buf, size_t size);

/* Whether R's CAR path was computed (false for an estimated pair of a
 * run recorded in the store before schema 7, which kept none): true for
 * a skipped pair (no path), or one with a path or without reported days. */
bool study_has_path (const study_result *r);

/* t and p of day I of R's CAR path: car / se and the two-sided p with
 * the fit's df, as the CAR table's (study.c fill_cars). */
double study_path_t (const study_result *r, size_t i, double *p);

/* The CAR path of R from relative day FROM, cumulated by the CAR
 * table's sums (the CAR table's window from:k is its day k): *K0 the
 * index in R's days of its first day (the first on or after FROM) and
 * *N its length.  It is R's path when FROM is on or before the first
 * reported day, its chart path (opts.chart_path) when O asked for one
 * from FROM; otherwise none is kept: NULL, *N 0. */
const study_path *study_path_from (const study_opts *o, const study_result *r, int from,
                                   size_t *k0, size_t *n);

/* Gives the results of ST, built from shard files (each result owning
 * its arrays), the chart paths that O asks for (opts.chart_path), which
 * shard files do not carry (the shards do not know the merge's
 * --chart-from): the study of T and IN, which the caller checked are
 * the shards' data, is run again and each pair's chart path copied, so
 * that the merge's car charts are the unsharded run's.  Nothing when O
 * does not ask for chart paths. */
void study_add_chart_paths (const study_opts *o, const evs_timeline *t,
                            const study_input *in, size_t nin, evs_study *st);

/* Widest span covered by the event windows. */
study_window study_span (const study_opts *opts);

#endif
