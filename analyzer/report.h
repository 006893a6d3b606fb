/* report.h -- the nightly report: a static HTML page (index.html) and the
 * same content as Markdown (report.md), with the charts beside them.
 *
 * Content: the run's parameters and data ranges, a summary table of the
 * main (first) event window with significance, one section per event with
 * its charts and tables, the cross-sectional CAAR chart, warnings
 * (skipped pairs, confounded events, missing data, charts not drawn), and
 * the versions of evstudy and gnuplot.  The page loads nothing from the
 * network and runs no script; text from the input is escaped for HTML and
 * Markdown.
 *
 * Writing is atomic.  report_begin makes a new directory beside DIR,
 * everything is written there, and report_commit swaps it with DIR in one
 * rename (renameat2 RENAME_EXCHANGE when DIR exists), then removes the old
 * report; a reader sees the old report or the new one, never half of one,
 * and a failed run (report_abort) leaves the previous report in place.
 * An existing DIR is replaced only if it is empty or holds a report
 * (index.html and report.md), so that a mistyped --report cannot wipe a
 * directory of other files.
 *
 * The section across events shows the CAAR chart and, from the aggregate
 * (aggregate.h), the CAAR of every window per group with the most used
 * tests.
 */
#ifndef EVS_REPORT_H
#define EVS_REPORT_H

#include "aggregate.h"
#include "error.h"
#include "events.h"
#include "plot.h"
#include "study.h"

typedef struct report_info {
  int argc;                   /* the command line, shown in the report */
  const char *const *argv;
  const char *gnuplot;        /* gnuplot's version line, or "" */
  const aggregate_run *agg;   /* the cross-sectional tests, or NULL */
} report_info;

/* Creates the working directory "DIR.tmp-XXXXXX" beside DIR and returns
 * its path (the caller frees it), or NULL with EVS_EIO in ERR, also when
 * DIR exists and is neither empty nor a report. */
char *report_begin (const char *dir, evs_error *err);

/* Writes index.html and report.md into TMP for ST, with the charts of
 * CHARTS (already in TMP).  EVS_EIO on a write error. */
int report_write (const char *tmp, const report_info *info,
                  const evs_study *st, const evs_timeline *t,
                  const plot_set *charts, evs_error *err);

/* Puts TMP in place of DIR and removes the previous report.  EVS_EIO if
 * the rename fails (TMP is then still there for report_abort). */
int report_commit (const char *tmp, const char *dir, evs_error *err);

/* Removes TMP and the files in it. */
void report_abort (const char *tmp);

#endif
