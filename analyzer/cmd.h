/* cmd.h -- evstudy's commands.  Each takes main's argc/argv (argv[0] is
 * the command's name) and returns the exit status. */
#ifndef EVS_CMD_H
#define EVS_CMD_H

/* The flag form: evstudy --events FILE --prices FILE ... (cmd-study.c). */
int cmd_study (int argc, char **argv);

/* The flag form's pipeline, shared with `run` (defined in cmd-study.c). */
#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "aggregate.h"
#include "events.h"
#include "series.h"
#include "study.h"

typedef struct cli cli;

/* Parses the flag form's options (exits on a usage error).  FROM_STORE:
 * --events and --prices are optional names of stored events and series,
 * --ticker and --price-column are refused. */
cli *study_cli_parse (int argc, char **argv, bool from_store);
void study_cli_free (cli *c);

/* The --events argument, or NULL. */
const char *study_cli_events (const cli *c);

/* The --market (MARKETS) or --prices arguments into *NAMES (valid until
 * the next call); returns their number. */
size_t study_cli_names (const cli *c, bool markets, const char ***names);

/* Pairs each series of ALL that IS_MARKET does not mark with its exchange
 * and market as the flag form does, and runs the study into ST.
 * EVS_EUSAGE if nothing is left to study. */
int study_cli_run (const cli *c, const evs_timeline *events,
                   const evs_series_list *all, const bool *is_market,
                   evs_study *st, evs_error *err);

/* Fails with EVS_EUSAGE if the aggregate options do not fit EVENTS
 * (--group-by naming no column). */
int study_cli_check (const cli *c, const evs_timeline *events, evs_error *err);

/* The cross-sectional aggregate of ST (aggregate.h) into AGG; fails with
 * EVS_EUSAGE for a --group-by that names no column. */
int study_cli_aggregate (const cli *c, const evs_timeline *events,
                         const evs_study *st, aggregate_run *agg, evs_error *err);

/* Writes ST and AGG as study_cli_write does, then releases AGG. */
int study_cli_emit (const cli *c, const evs_timeline *events, const evs_study *st,
                    aggregate_run *agg, int *status, evs_error *err);

/* Writes ST in the --format and --table asked, with its cross-sectional
 * aggregate, to -o or stdout, then draws the charts and report asked
 * for; *STATUS is the exit status of that (EVS_ENOPLOT when charts were
 * not drawn).  Returns EVS_EIO with ERR on a write error. */
int study_cli_write (const cli *c, const evs_timeline *events, const evs_study *st,
                     int *status, evs_error *err);

/* The store commands (cmd-import.c, cmd-run.c, cmd-history.c,
 * cmd-export.c). */
int cmd_import (int argc, char **argv);
int cmd_run (int argc, char **argv);
int cmd_history (int argc, char **argv);
int cmd_export (int argc, char **argv);

/* Event studies on intraday bars (cmd-intraday.c). */
int cmd_intraday (int argc, char **argv);

#endif
