/* cmd-export.c -- evstudy export --db FILE --run N [--format FMT]
 * [--table car|ar] [-o FILE]: the results of a recorded run, written by
 * the flag form's own writers from the numbers in the store, so the
 * per-pair results are the bytes the run printed.  The cross-sectional
 * aggregate is not exported: it needs every pair's whole AR history,
 * which the store does not keep; `run --rerun N` recomputes it exactly. */
#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd-store.h"
#include "cmd.h"
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
Usage: evstudy export --db FILE --run N [--format FMT] [--table car|ar] [-o FILE]\n\
Write the results of run N as the flag form wrote them.\n\
\n\
  --db FILE              the store\n\
  --run N                the run (see evstudy history)\n\
  --format FMT           table (default), csv, json or text (plain sentences)\n\
  --table car|ar         CSV and table: CARs per window (default) or ARs per day\n\
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
        break;
      case OPT_TABLE:
        if (!output_parse_table (optarg, &a->table) || a->table > OUTPUT_AR)
          cli_usage_error ("invalid --table '%s': expected car or ar"
                           " (the aggregate: evstudy run --rerun N)", optarg);
        a->table_given = true;
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

int
cmd_export (int argc, char **argv)
{
  export_args a;
  store_run r;
  evs_error err;
  parse (&a, argc, argv);
  cli_check_outputs (a.output, NULL, NULL);
  evs_store *s = cmd_store_open (a.db, STORE_READONLY, a.wait_ms);
  if (store_run_load (s, a.run, &r, &err) != EVS_OK)
    cmd_store_die (&s, &err);
  if (store_read_end (s, &err) != EVS_OK)
    {
      store_run_release (&r);
      cmd_store_die (&s, &err);
    }
  store_close (&s);
  struct write_ctx w = { &a, &r.st };
  int rc = cli_write_output (a.output, write_results, &w, &err);
  store_run_release (&r);
  if (rc != EVS_OK)
    cli_die (&err);
  return EXIT_SUCCESS;
}
