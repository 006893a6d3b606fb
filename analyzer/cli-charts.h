/* cli-charts.h -- the command layer of --plot and --report: draws the
 * charts and writes the report after the results, prints warnings, and
 * says with its return value whether everything was drawn.  Only the
 * command layer includes this. */
#ifndef EVS_CLI_CHARTS_H
#define EVS_CLI_CHARTS_H

#include <stdbool.h>

#include "aggregate.h"
#include "events.h"
#include "plot.h"
#include "report.h"
#include "study.h"

typedef struct cli_charts {
  const char *plot_dir;       /* --plot DIR, or NULL */
  const char *report_dir;     /* --report DIR, or NULL */
  enum plot_format format;    /* --plot-format, default png */
  bool format_given;
  const char *templates;      /* --plot-templates DIR, or NULL */
  const char *gnuplot;        /* --gnuplot PATH, or NULL */
  const char *const *argv;    /* the command line, for the report */
  int argc;
  const report_run *run;      /* `run`: the store run, for the report; else NULL */
  bool chart_from_given;      /* --chart-from A given */
  int chart_from;
} cli_charts;

/* Writes the charts (--plot) and the report (--report) of ST, the report
 * with the cross-sectional tests of AGG (NULL: none).  Returns
 * EVS_OK, EVS_ENOPLOT after printing a warning when charts were not
 * drawn, or exits through cli_die on an error (nothing half-written: a
 * failed report leaves the previous one in place). */
int cli_charts_run (const cli_charts *c, const evs_study *st,
                    const evs_timeline *t, const aggregate_run *agg);

#endif
