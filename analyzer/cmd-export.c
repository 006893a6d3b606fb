/* cmd-export.c -- evstudy export --db FILE --run N [--format FMT]
 * [--table NAME] [-o FILE]: the results of a recorded run, written by
 * the flag form's own writers from the numbers in the store, so the
 * bytes are the ones the run printed.  Since schema 4 the store keeps
 * what the cross-sectional aggregate reads of each pair (store-run.c,
 * pack_hist): the run's options are parsed again (study_cli_parse) and
 * the output written by study_cli_write, aggregate and tests included.
 * A run recorded before has no aggregate: its per-pair results only. */
#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd-store.h"
#include "cmd.h"
#include "factors.h"
#include "findings.h"
#include "output.h"

enum { OPT_DB = CHAR_MAX + 1, OPT_RUN, OPT_FORMAT, OPT_TABLE, OPT_WAIT };

static const struct option long_options[] = {
  { "db", required_argument, NULL, OPT_DB },
  { "run", required_argument, NULL, OPT_RUN },
  { "format", required_argument, NULL, OPT_FORMAT },
  { "table", required_argument, NULL, OPT_TABLE },
  { "output", required_argument, NULL, 'o' },
  { "wait", required_argument, NULL, OPT_WAIT },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 }
};

typedef struct export_args {
  const char *db, *output;
  long run;
  int wait_ms;
  enum output_format format;
  enum output_table table;
  bool table_given;
  const char *format_arg, *table_arg;
} export_args;

__attribute__ ((noreturn)) static void
usage (int status)
{
  if (status != EXIT_SUCCESS)
    {
      fputs ("Try 'evstudy export --help' for more information.\n", stderr);
      exit (status);
    }
  fputs ("\
Usage: evstudy export --db FILE --run N [--format FMT] [--table NAME] [-o FILE]\n\
Write the results of run N as the run wrote them, aggregate and tests\n\
included (runs recorded before evstudy stored them: the pairs only).\n\
\n\
  --db FILE              the store\n\
  --run N                the run (see evstudy history)\n\
  --format FMT           table (default), csv, json or text (plain sentences)\n\
  --table NAME           CSV and table: car (default), ar, car-path, aggregate\n\
                         or tests\n\
  -o, --output FILE      write to FILE instead of stdout (a regular file is\n\
                         replaced atomically, a device or FIFO written to)\n\
  --wait SECONDS         how long to wait for another writer (default 30)\n\
  -h, --help             show this help and exit\n", stdout);
  exit (EXIT_SUCCESS);
}

static void
parse (export_args *a, int argc, char **argv)
{
  int opt;
  memset (a, 0, sizeof *a);
  a->wait_ms = CMD_STORE_WAIT_S * 1000;
  while ((opt = getopt_long (argc, argv, "ho:", long_options, NULL)) != -1)
    switch (opt)
      {
      case OPT_DB: a->db = optarg; break;
      case OPT_RUN: a->run = cli_parse_long ("--run", optarg, 1, LONG_MAX); break;
      case OPT_FORMAT:
        if (!output_parse_format (optarg, &a->format))
          cli_usage_error ("invalid --format '%s': expected table, csv, json or text", optarg);
        a->format_arg = optarg;
        break;
      case OPT_TABLE:
        if (!output_parse_table (optarg, &a->table))
          cli_usage_error ("invalid --table '%s': expected car, ar, car-path, aggregate or tests",
                           optarg);
        a->table_given = true;
        a->table_arg = optarg;
        break;
      case 'o': a->output = optarg; break;
      case OPT_WAIT: a->wait_ms = cmd_store_wait (optarg); break;
      case 'h': usage (EXIT_SUCCESS);
      default: usage (EVS_EUSAGE);
      }
  if (optind < argc)
    cli_usage_error ("unexpected argument '%s'", argv[optind]);
  if (!a->db)
    cli_usage_error ("no --db given");
  if (!a->run)
    cli_usage_error ("no --run given");
  if (!a->table_given && a->format == OUTPUT_TABLE)
    a->table = OUTPUT_BOTH;   /* as the flag form's table */
}

struct write_ctx {
  const export_args *a;
  const evs_study *st;
};

static void
write_results (FILE *fp, const void *arg)
{
  const struct write_ctx *w = arg;
  if (w->a->format == OUTPUT_TEXT)
    findings_write (fp, w->st);
  else if (w->a->format == OUTPUT_JSON)
    output_json (fp, w->st);
  else if (w->a->format == OUTPUT_CSV)
    output_csv (fp, w->st, w->a->table);
  else
    output_table (fp, w->st, w->a->table);
}

/* Whether every estimated result of ST has what the aggregate reads. */
static bool
has_hist (const evs_study *st)
{
  for (size_t i = 0; i < st->n; i++)
    if (st->res[i].status == STUDY_OK && !st->res[i].hist_ar)
      return false;
  return true;
}

/* Whether every result of ST has its CAR path (study_has_path). */
static bool
has_paths (const evs_study *st)
{
  for (size_t i = 0; i < st->n; i++)
    if (!study_has_path (&st->res[i]))
      return false;
  return true;
}

/* Length of the output option at ARGV[I] (1 or 2 words), or 0: the
 * stored options that say where and how the run wrote, which export
 * replaces with its own. */
static int
output_option (int argc, char *const *argv, int i)
{
  static const char *const names[] = { "--format", "--table", "--output", "-o", "--report",
                                       "--plot", "--plot-format", "--plot-templates",
                                       "--gnuplot" };
  return cmd_store_output_option (argc, argv, i, names, sizeof names / sizeof *names);
}

/* Writes run R (META its options) as study_cli_write does: the run's
 * options less its output options, then export's.  Returns the exit
 * status. */
static int
write_as_run (const export_args *a, const store_run_meta *m, store_run *r, evs_store **s)
{
  char **v = evs_xcalloc (m->nargs + 8, sizeof *v);
  int n = 0;
  evs_error err;
  v[n++] = (char *) "evstudy";
  for (int i = 0; i < (int) m->nargs; i++)
    {
      int k = output_option ((int) m->nargs, m->args, i);
      if (k)
        i += k - 1;
      else
        v[n++] = m->args[i];
    }
  if (a->format_arg)
    v[n++] = (char *) "--format", v[n++] = (char *) a->format_arg;
  if (a->table_arg)
    v[n++] = (char *) "--table", v[n++] = (char *) a->table_arg;
  if (a->output)
    v[n++] = (char *) "--output", v[n++] = (char *) a->output;
  optind = 0;     /* a new parse (GNU getopt: reinitialised) */
  cli *c = study_cli_parse (n, v, true);
  /* A factor model's coefficients are printed by name: the names of the
   * factor files the run read (run --factors), as of its data. */
  factors_set fs;
  factors_init (&fs);
  study_opts *o = &r->st.opts;
  const char *const *names;
  size_t nf = study_cli_factor_names (c, &names);
  int frc = model_uses_factors (o->model)
            ? store_load_factors (*s, m->generation, names, nf, &fs, &err) : EVS_EUSAGE;
  /* EVS_EUSAGE: no stored factor files (a run recorded before schema 6):
   * the run is written without its coefficients' names, as it was. */
  if ((frc != EVS_OK && frc != EVS_EUSAGE)
      || (frc == EVS_OK && store_read_end (*s, &err) != EVS_OK))
    {
      store_run_release (r);
      cmd_store_die (s, &err);
    }
  if (frc == EVS_OK)
    {
      study_cli_use_factors (c, &fs);
      const study_opts *co = study_cli_opts (c);
      o->factors = co->factors;
      o->nfcol = co->nfcol;
      memcpy (o->fcol, co->fcol, sizeof o->fcol);
      o->rf_col = co->rf_col;
      o->beta_col = co->beta_col;
    }
  store_close (s);
  int status = EXIT_SUCCESS;
  int rc = study_cli_write (c, &r->events, &r->st, &status, &err);
  study_cli_free (c);
  factors_release (&fs);
  free (v);
  store_run_release (r);
  if (rc != EVS_OK)
    cli_die (&err);
  return status == EVS_EEMPTY ? EXIT_SUCCESS : status;
}

int
cmd_export (int argc, char **argv)
{
  export_args a;
  store_run r;
  evs_error err;
  parse (&a, argc, argv);
  cli_check_outputs (a.output, NULL, NULL);
  evs_store *s = cmd_store_open (a.db, STORE_READONLY, a.wait_ms);
  store_run_meta m;
  if (store_run_load (s, a.run, &r, &err) != EVS_OK)
    cmd_store_die (&s, &err);
  if (store_run_meta_load (s, a.run, &m, &err) != EVS_OK)
    {
      store_run_release (&r);
      cmd_store_die (&s, &err);
    }
  if (store_read_end (s, &err) != EVS_OK)
    {
      store_run_release (&r);
      cmd_store_die (&s, &err);
    }
  if (a.table == OUTPUT_CAR_PATH && (a.format == OUTPUT_CSV || a.format == OUTPUT_TABLE)
      && !has_paths (&r.st))
    {
      store_close (&s);
      store_run_meta_release (&m);
      store_run_release (&r);
      cli_usage_error ("run %ld was recorded before evstudy stored CAR paths:"
                       " evstudy run --rerun %ld recomputes it", a.run, a.run);
    }
  if (has_hist (&r.st))
    {
      int status = write_as_run (&a, &m, &r, &s);
      store_run_meta_release (&m);
      return status;
    }
  store_close (&s);
  store_run_meta_release (&m);
  if (a.table > OUTPUT_AR && a.table != OUTPUT_BOTH)
    {
      store_run_release (&r);
      cli_usage_error ("run %ld was recorded before evstudy stored what the aggregate needs:"
                       " evstudy run --rerun %ld recomputes it", a.run, a.run);
    }
  struct write_ctx w = { &a, &r.st };
  int rc = cli_write_output (a.output, write_results, &w, &err);
  store_run_release (&r);
  if (rc != EVS_OK)
    cli_die (&err);
  return EXIT_SUCCESS;
}
