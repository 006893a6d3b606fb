/* cli-charts.c -- --plot and --report for the study command. */
#include <config.h>
#include "cli-charts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fsout.h"
#include "report.h"

/* Writes and draws the charts of ST into DIR (called SHOWN in messages,
 * if not NULL) in FORMAT, listed in SET.
 * Returns EVS_OK, EVS_ENOPLOT (warning printed; SET still to release),
 * or another code with ERR set (SET released). */
static int
draw (const cli_charts *c, const char *dir, const char *shown, enum plot_format format,
      const evs_study *st, const aggregate_run *agg, plot_set *set, evs_error *err)
{
  plot_opts po = { dir, format, c->templates, c->gnuplot, shown, c->chart_from_given,
                   c->chart_from };
  if (plot_write (&po, st, agg, set, err) != EVS_OK)
    return err->code;
  if (plot_render (&po, set, err) != EVS_OK)
    {
      fprintf (stderr, "evstudy: %s\n", err->msg);
      return EVS_ENOPLOT;
    }
  return EVS_OK;
}

/* The charts are drawn in a new directory inside DIR and renamed into
 * DIR, so that neither evstudy nor gnuplot writes through a symbolic link
 * that DIR already holds: rename replaces the link itself. */
static int
run_plot (const cli_charts *c, const evs_study *st, const aggregate_run *agg)
{
  plot_set set;
  evs_error err;
  char *tmp = NULL, *inside;
  int slot = -1;
  if (fsout_make_dir (c->plot_dir, &err) != EVS_OK)
    cli_die (&err);
  size_t n = strlen (c->plot_dir) + 2;
  inside = evs_xmalloc (n);
  snprintf (inside, n, "%s/", c->plot_dir);
  fsout_sweep (c->plot_dir, "");
  if (fsout_temp (inside, true, &tmp, &slot) < 0)
    {
      evs_fail (&err, EVS_EIO, "%s: cannot write: %s", c->plot_dir, strerror (errno));
      free (inside);
      cli_die (&err);
    }
  free (inside);
  int rc = draw (c, tmp, c->plot_dir, c->format, st, agg, &set, &err);
  if (rc == EVS_OK || rc == EVS_ENOPLOT)
    {
      plot_set_release (&set);
      if (fsout_move_all (tmp, c->plot_dir, c->plot_dir, &err) != EVS_OK)
        rc = err.code;
    }
  fsout_remove_temp_dir (tmp, slot);
  free (tmp);
  if (rc != EVS_OK && rc != EVS_ENOPLOT)
    cli_die (&err);
  return rc;
}

/* The report is built in a new directory beside its target and swapped
 * in at the end (report.h); on any error the new directory is removed
 * and the previous report stays. */
static int
run_report (const cli_charts *c, const evs_study *st, const evs_timeline *t,
            const aggregate_run *agg)
{
  evs_error err;
  int slot;
  char *tmp = report_begin (c->report_dir, &slot, &err);
  if (!tmp)
    cli_die (&err);
  /* A browser shows SVG and PNG, not PDF. */
  enum plot_format f = c->format == PLOT_PDF || !c->format_given ? PLOT_SVG : c->format;
  plot_set set;
  int drawn = draw (c, tmp, c->report_dir, f, st, agg, &set, &err);
  int rc = drawn;
  if (drawn == EVS_OK || drawn == EVS_ENOPLOT)
    {
      report_info info = { c->argc, c->argv, set.gnuplot_version, agg, c->run, 0 };
      rc = report_write (tmp, &info, st, t, &set, &err);
      if (rc == EVS_OK)
        rc = report_commit (tmp, slot, c->report_dir, &err);
      plot_set_release (&set);
    }
  if (rc != EVS_OK)
    {
      report_abort (tmp, slot);
      free (tmp);
      cli_die (&err);
    }
  free (tmp);
  return drawn;
}

int
cli_charts_run (const cli_charts *c, const evs_study *st, const evs_timeline *t,
                const aggregate_run *agg)
{
  int rc = EVS_OK;
  if (c->plot_dir)
    rc = run_plot (c, st, agg);
  if (c->report_dir && run_report (c, st, t, agg) != EVS_OK)
    rc = EVS_ENOPLOT;
  return rc;
}
