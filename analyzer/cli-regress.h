/* cli-regress.h -- the command layer of the cross-sectional regressions
 * (issue 13): --regress, --regress-weights, --vcov, --characteristics
 * and --table regress, shared by the flag form and `run`.  Only the
 * command layer includes this. */
#ifndef EVS_CLI_REGRESS_H
#define EVS_CLI_REGRESS_H

#include <stdbool.h>
#include <stdio.h>

#include "charac.h"
#include "events.h"
#include "ctport.h"
#include "formula.h"
#include "lbt.h"
#include "plot.h"
#include "series.h"
#include "study.h"
#include "xsreg.h"

#define CLI_REGRESS_MAX 32

typedef struct cli_regress {
  formula f[CLI_REGRESS_MAX];   /* the --regress formulas, parsed */
  size_t n;
  bool inverse_variance;        /* --regress-weights inverse-variance */
  enum regress_vcov_kind vcov;  /* --vcov, default hc3 */
  char cluster[2][128];
  size_t ncluster;
  const char *characteristics;  /* --characteristics FILE, or NULL */
  charac_table ch;              /* loaded by cli_regress_load */
  bool loaded;
  bool table;                   /* --table regress */
  xsreg_result *res;            /* cli_regress_run's, one per formula */
  bool bhar_tests;              /* --bhar-tests */
  bool bhar_table;              /* --table bhar */
  unsigned long seed;           /* --seed, for the BHAR bootstrap */
  const char *benchmark;        /* --benchmark FILE|TICKER, or NULL */
  evs_series_list bench;        /* a --benchmark file, loaded */
  lbt_result *lbt;              /* cli_regress_run's, one per window */
  size_t nlbt;
  bool ct;                      /* --calendar-time A:B */
  study_window ct_hold;
  size_t ct_min;                /* --ct-min, default 1 */
  const char *ct_weights;       /* --ct-weights COLUMN of --characteristics */
  bool ct_table;                /* --table calendar */
  ctport_result ctr;            /* cli_regress_run's */
} cli_regress;

/* The options; each exits with a usage error on a bad value. */
void cli_regress_add (cli_regress *r, const char *formula);
void cli_regress_set_vcov (cli_regress *r, const char *s);
void cli_regress_set_weights (cli_regress *r, const char *s);

/* After the other options: adds the formulas' windows to the study's
 * windows (WIN, *NWIN of at most MAX), and refuses a window that
 * overlaps the estimation window, inverse-variance weights of anything
 * but car, and the regression options without --regress. */
void cli_regress_check (cli_regress *r, const study_opts *o, study_window *win,
                        size_t *nwin, size_t max);

/* Loads --characteristics and checks every formula's columns against it
 * and EVENTS; exits (cli_die, cli_usage_error) on an error. */
void cli_regress_load (cli_regress *r, const evs_timeline *events);

/* Fits every formula on ST into r->res, runs the BHAR tests of every
 * window (--bhar-tests) into r->lbt and the calendar-time portfolio
 * (--calendar-time) into r->ctr; exits on an error (a singular
 * design, too few pairs), before anything is written.  Prints one
 * warning per regression that left pairs out. */
void cli_regress_run (cli_regress *r, const evs_study *st, const evs_timeline *events);

/* The writers, after cli_regress_run.  cli_regress_write_only: with
 * --table regress, bhar or calendar, writes that table alone (CSV when
 * CSV, else text) and returns true; else false.  cli_regress_json: the
 * JSON members of what was asked, to follow output_json_begin;
 * cli_regress_any says whether there are any.  cli_regress_table: the
 * text blocks after the study's table. */
bool cli_regress_write_only (const cli_regress *r, FILE *fp, bool csv);
bool cli_regress_any (const cli_regress *r);
void cli_regress_json (const cli_regress *r, FILE *fp);
void cli_regress_table (const cli_regress *r, FILE *fp);

/* With --calendar-time and --plot DIR: writes calendar-time.dat (date,
 * ar, cumulative ar, holdings) and calendar-time.gp (plots/calendar.gp)
 * into DIR and runs gnuplot on it, as plot.h does its charts.  Returns
 * EVS_OK, or EVS_ENOPLOT after a warning when it was not drawn; exits on
 * an error writing the files. */
int cli_regress_chart (const cli_regress *r, const char *dir, enum plot_format format,
                       const char *templates, const char *gnuplot, const char *model);

void cli_regress_free (cli_regress *r);

#endif
