/* cmd.h -- evstudy's commands.  Each takes main's argc/argv (argv[0] is
 * the command's name) and returns the exit status. */
#ifndef EVS_CMD_H
#define EVS_CMD_H

/* Runs the command ARGV[1] names (study, import, run, history, export,
 * merge, intraday), or the flag form when ARGV[1] starts with a dash; returns the
 * exit status (main's whole work, callable in-process by the fuzz
 * targets).  cmd-main.c. */
int cmd_main (int argc, char **argv);

/* The flag form: evstudy --events FILE --prices FILE ... (cmd-study.c). */
int cmd_study (int argc, char **argv);

/* The flag form's pipeline, shared with `run` (defined in cmd-study.c). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "aggregate.h"
#include "events.h"
#include "factors.h"
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

/* Whether C's --measure needs the series' volumes (issue 12). */
bool study_cli_wants_volume (const cli *c);

/* The cross-sectional aggregate of ST (aggregate.h) into AGG; fails with
 * EVS_EUSAGE for a --group-by that names no column. */
int study_cli_aggregate (const cli *c, const evs_timeline *events,
                         const evs_study *st, aggregate_run *agg, evs_error *err);

/* The store run that the report describes (report.h), or NULL: set by
 * `run` around study_cli_emit. */
struct report_run;
void study_cli_set_run (cli *c, const struct report_run *run);

/* Writes ST and AGG as study_cli_write does, then releases AGG. */
int study_cli_emit (const cli *c, const evs_timeline *events, const evs_study *st,
                    aggregate_run *agg, int *status, evs_error *err);

/* Writes ST in the --format and --table asked, with its cross-sectional
 * aggregate, to -o or stdout, then draws the charts and report asked
 * for; *STATUS is the exit status of that (EVS_ENOPLOT when charts were
 * not drawn).  Returns EVS_EIO with ERR on a write error. */
int study_cli_write (const cli *c, const evs_timeline *events, const evs_study *st,
                     int *status, evs_error *err);

/* The --factors names of C into *NAMES (valid while C is); returns their
 * number.  run reads the stored factor files of these names, or all of
 * them (store_load_factors). */
size_t study_cli_factor_names (const cli *c, const char *const **names);

/* Picks the --model's factor columns in FS (which must outlive the
 * study), or exits with a usage error naming a missing column; run calls
 * it with the factor files read from the store. */
struct factors_set;
void study_cli_use_factors (cli *c, const struct factors_set *fs);

/* Accessors for the shard files (cmd-shard.c): --shard I/N (*N 0
 * without), the canonical options (see cmd-study.c add_canonical), -o,
 * the study options, and whether the writers read the series' prices
 * (--plot, --report, --calendar-time, --benchmark), which a merge must
 * then load again. */
void study_cli_shard (const cli *c, unsigned *i, unsigned *n);
size_t study_cli_canon (const cli *c, char *const **args);
const char *study_cli_output (const cli *c);
const study_opts *study_cli_opts (const cli *c);
bool study_cli_needs_prices (const cli *c);
/* Whether the output C writes copies each pair's text of KIND as
 * output_pair_text formats it (the CSV car table, the JSON document), so
 * that a merge reads the shards' text of that kind. */
bool study_cli_wants_text (const cli *c, enum study_text_kind kind);
/* The exchange of series S: its --exchange, else its ticker's suffix. */
const struct calendar_exchange *study_cli_exchange (const cli *c, const evs_series *s);

/* Loads the --factors files the model needs into FS and, with PRICES,
 * the --prices and --market files into ALL (*IS_MARKET marking the
 * markets) paired into *IN, *NIN as the flag form does; exits on an
 * error.  The caller releases ALL, FS and frees *IS_MARKET and *IN. */
void study_cli_load (cli *c, bool prices, evs_series_list *all, bool **is_market,
                     factors_set *fs, study_input **in, size_t *nin);

/* Shard files and their merge (cmd-shard.c). */
/* Parses "I/N" of --shard (0 <= I < N <= SHARD_MAX), or exits. */
void study_cli_parse_shard (const char *s, unsigned *i, unsigned *n);
/* Keeps in IN those of its NIN inputs in shard I/N, in order, and
 * returns their number; *POS (the caller frees it) gets each one's
 * place among the NIN, *PAIRS the pairs of the whole run.  A run of
 * more than study_full_history pairs keeps the shorter history in every
 * shard, as the unsharded run does. */
size_t shard_cli_select (const cli *c, const evs_timeline *t, study_input *in,
                         size_t nin, size_t **pos, uint64_t *pairs);
/* Writes the shard file of ST to -o; FROM_STORE (or NULL) names the
 * store, generation and event set of `run --shard`. */
struct shard_meta;
int shard_cli_write (const cli *c, const evs_timeline *t, const evs_series_list *all,
                     const factors_set *fs, const evs_study *st, const study_input *in,
                     size_t nin, const size_t *pos, size_t nall, uint64_t pairs,
                     const struct shard_meta *from_store, evs_error *err);
/* `run --shard`: pairs ALL as study_cli_run does, studies this shard's
 * series and writes the shard file (nothing is recorded in the store). */
int study_cli_run_shard (const cli *c, const evs_timeline *events, const evs_series_list *all,
                         const bool *is_market, const struct shard_meta *from_store,
                         evs_error *err);
int cmd_merge (int argc, char **argv);

/* The store commands (cmd-import.c, cmd-run.c, cmd-history.c,
 * cmd-export.c). */
int cmd_import (int argc, char **argv);
int cmd_run (int argc, char **argv);
int cmd_history (int argc, char **argv);
int cmd_export (int argc, char **argv);

/* Event studies on intraday bars (cmd-intraday.c). */
int cmd_intraday (int argc, char **argv);
/* export of intraday run RUN from the store *S at DB (closed here): the run's
 * options, then FORMAT, TABLE and OUTPUT (each NULL: the default), written
 * by evstudy intraday's writers from the recorded results.  Returns the
 * exit status. */
struct evs_store;
int cmd_intraday_export (struct evs_store **s, const char *db, int64_t run,
                         const char *format, const char *table, const char *output);

#endif
