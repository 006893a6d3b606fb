/* report.h -- the nightly report: a static HTML page (index.html) and the
 * same content as Markdown (report.md), with the charts beside them.
 *
 * Content, findings first (issue 14): what the run is (run number for a
 * store run, the last price date of each market as "data as of", the
 * import generation, the time written and the exact command); the
 * headlines, one sentence (findings.h) per result with p < 0.05; for a
 * store run what changed since the previous run of the same options (new
 * events, new prices, results whose significance changed); the summary
 * table of the main (first) event window, with a confounding marker
 * beside each starred result; one section per event with its charts and
 * tables; the cross-sectional CAAR chart; warnings (skipped pairs,
 * confounded events, missing data, charts not drawn); the parameters and
 * the versions of evstudy and gnuplot; the data and the price charts
 * last.  The page loads nothing from the
 * network and runs no script; text from the input is escaped for HTML and
 * Markdown.
 *
 * Writing is atomic.  report_begin makes a new directory (mode 0700)
 * beside DIR, everything is written there, and report_commit lists the
 * files in a marker, FSOUT_MARKER (fsout.h), gives the directory the mode
 * of the old DIR (or 0777 less the umask) and swaps it with DIR in one
 * rename (renameat2 RENAME_EXCHANGE when DIR exists), then removes from
 * the old report the files its marker lists, and the directory if that
 * empties it; a reader sees the old report or the new one, never half of
 * one, and a failed run (report_abort) leaves the previous report in
 * place.  An existing DIR is replaced only if it is an empty directory or
 * a marked report holding nothing but the files its marker lists, so
 * that a mistyped --report cannot touch a directory of other files.  A
 * symbolic link as DIR is refused, not followed.
 *
 * The section across events shows the CAAR chart and, from the aggregate
 * (aggregate.h), the CAAR of every window per group with the most used
 * tests.
 */
#ifndef EVS_REPORT_H
#define EVS_REPORT_H

#include "aggregate.h"
#include "bar_aggregate.h"
#include "error.h"
#include "events.h"
#include "plot.h"
#include "study.h"

/* New prices of one series since the previous run (store runs). */
typedef struct report_prices {
  const char *ticker;
  size_t added;               /* rows dated after the previous run's last */
  int32_t first, last;        /* their dates, when ADDED */
  size_t changed;             /* rows of earlier dates whose price changed */
} report_prices;

/* A run of the store (issue 14): its number and generation, and the
 * previous run of the same options to compare with. */
typedef struct report_run {
  int64_t id;                 /* the run's number */
  int64_t generation;         /* prices as of this import generation */
  int64_t prev_id;            /* the previous run, 0 if none */
  int64_t prev_generation;
  const evs_study *prev;      /* its results (store_run_load), or NULL */
  const evs_timeline *prev_events;
  const report_prices *prices;  /* per studied series, NPRICES of them */
  size_t nprices;
  const char *const *warnings;  /* more warnings for the report (a */
  size_t nwarnings;             /* series that was a market elsewhere) */
  int argc;                   /* the whole command, "run" first (shown */
  const char *const *argv;    /* after "evstudy"), or 0 and NULL */
} report_run;

typedef struct report_info {
  int argc;                   /* the command line, shown in the report */
  const char *const *argv;
  const char *gnuplot;        /* gnuplot's version line, or "" */
  const aggregate_run *agg;   /* the cross-sectional tests, or NULL */
  const report_run *run;      /* a store run, or NULL for files */
  int64_t written;            /* seconds since the epoch (0: now, or
                                 $SOURCE_DATE_EPOCH when set) */
} report_info;

/* Checks that DIR may become the report: missing (with a writable
 * parent), an empty directory, or a marked report with nothing else in
 * it.  EVS_EIO with ERR otherwise ("DIR: exists and is not an evstudy
 * report ...", "DIR: is a symbolic link ..."). */
int report_check (const char *dir, evs_error *err);

/* Checks DIR (report_check), removes stale working directories of
 * killed runs beside it (fsout_sweep), and creates the working directory
 * "DIR.evstudy-tmp.PID.XXXXXX", registered for removal on a signal in
 * *SLOT.  Returns its path (the caller frees it), or NULL with EVS_EIO
 * in ERR. */
char *report_begin (const char *dir, int *slot, evs_error *err);

/* Writes index.html and report.md into TMP for ST, with the charts of
 * CHARTS (already in TMP).  EVS_EIO on a write error. */
int report_write (const char *tmp, const report_info *info,
                  const evs_study *st, const evs_timeline *t,
                  const plot_set *charts, evs_error *err);

/* An intraday study for its report (issue 16): the pairs, the
 * aggregate's rows (NULL: none) and what the command wants said. */
typedef struct report_intraday {
  const bar_study_opts *so;
  const bar_result *res;
  size_t n;
  const bar_agg_row *agg;     /* --table aggregate's rows, or NULL */
  size_t nagg;
  const bar_agg_info *agg_info;
  size_t max_residuals;       /* --max-residuals */
  bool volume, log_returns;
  const char *events;         /* the events file, as given */
  const char *const *notes;   /* warnings of the command (a partial feed) */
  size_t nnotes;
} report_intraday;

/* Writes index.html and report.md of the intraday study X into TMP, with
 * the charts of CHARTS (bar_plot_write's, already in TMP), findings
 * first as the daily report: what the report is, the headlines (one
 * sentence per significant window, bar_findings.h), the main window of
 * every pair, the windows across pairs, a section per event with the
 * pairs' sentences and charts, warnings, parameters, the bar files.
 * EVS_EIO on a write error. */
int report_write_intraday (const char *tmp, const report_info *info,
                           const report_intraday *x, const plot_set *charts,
                           evs_error *err);

/* Writes the marker of TMP, checks DIR again, puts TMP in place of DIR
 * and removes the previous report's files (by its marker).  EVS_EIO if
 * that fails (TMP is then still there for report_abort). */
int report_commit (const char *tmp, int slot, const char *dir, evs_error *err);

/* Removes TMP and the files in it, and forgets SLOT. */
void report_abort (const char *tmp, int slot);

#endif
