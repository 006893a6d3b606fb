/* cmd-history.c -- evstudy history --db FILE [--format table|csv]
 * [--check]: the runs recorded in a store, oldest first. */
#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bar_store.h"
#include "cli.h"
#include "cmd-store.h"
#include "cmd.h"
#include "text.h"

enum { OPT_DB = CHAR_MAX + 1, OPT_FORMAT, OPT_CHECK, OPT_WAIT };

static const struct option long_options[] = {
  { "db", required_argument, NULL, OPT_DB },
  { "format", required_argument, NULL, OPT_FORMAT },
  { "check", no_argument, NULL, OPT_CHECK },
  { "wait", required_argument, NULL, OPT_WAIT },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 }
};

__attribute__ ((noreturn)) static void
usage (int status)
{
  if (status != EXIT_SUCCESS)
    {
      fputs ("Try 'evstudy history --help' for more information.\n", stderr);
      exit (status);
    }
  fputs ("\
Usage: evstudy history --db FILE [--format table|csv] [--check]\n\
List the runs recorded in a store, oldest first.\n\
\n\
  --db FILE              the store\n\
  --format FMT           table (default) or csv\n\
  --check                check the store instead (PRAGMA integrity_check,\n\
                         foreign keys, complete runs, and every value that\n\
                         run, run --rerun and export read back: parameters,\n\
                         results and their blobs, price snapshots and rows,\n\
                         events, intraday bars and runs): prints ok, or the\n\
                         first problem and exits\n\
                         with 3\n\
  --wait SECONDS         how long to wait for another writer (default 30)\n\
  -h, --help             show this help and exit\n", stdout);
  exit (EXIT_SUCCESS);
}

/* RFC 4180 field. */
static void
csv_field (const char *s, const char *sep)
{
  if (!strpbrk (s, ",\"\r\n"))
    fputs (s, stdout);
  else
    {
      putchar ('"');
      for (; *s; s++)
        {
          if (*s == '"')
            putchar ('"');
          putchar (*s);
        }
      putchar ('"');
    }
  fputs (sep, stdout);
}

static void
print_csv (const store_history_row *h, size_t n)
{
  puts ("run,started,finished,status,evstudy,rerun_of,generation,event_set,events,"
        "model,results,ok,args");
  for (size_t i = 0; i < n; i++)
    {
      printf ("%lld,", (long long) h[i].id);
      csv_field (h[i].started, ",");
      csv_field (h[i].finished, ",");
      csv_field (h[i].status, ",");
      csv_field (h[i].version, ",");
      if (h[i].rerun_of)
        printf ("%lld", (long long) h[i].rerun_of);
      printf (",%lld,%lld,", (long long) h[i].generation, (long long) h[i].event_set);
      csv_field (h[i].events, ",");
      csv_field (h[i].model, ",");
      printf ("%lld,%lld,", (long long) h[i].nresults, (long long) h[i].nok);
      csv_field (h[i].args, "\n");
    }
}

/* The human table: the text columns made visible (text_visible), so that
 * a label in the args can neither break a row with a newline nor send
 * escape sequences to the terminal. */
static void
print_table (const store_history_row *h, size_t n)
{
  puts ("  run  started               status  results   ok  model            args");
  for (size_t i = 0; i < n; i++)
    {
      char *started = text_visible (h[i].started), *status = text_visible (h[i].status);
      char *model = text_visible (h[i].model), *args = text_visible (h[i].args);
      printf ("%5lld  %-20s  %-6s  %7lld %4lld  %-15s  %s", (long long) h[i].id,
              started, status, (long long) h[i].nresults, (long long) h[i].nok,
              model, args);
      free (started);
      free (status);
      free (model);
      free (args);
      if (h[i].rerun_of)
        printf (" (rerun of %lld)", (long long) h[i].rerun_of);
      putchar ('\n');
    }
}

static int
check (evs_store *s)
{
  bool ok;
  char msg[512];
  evs_error err;
  if (store_check (s, &ok, msg, sizeof msg, &err) != EVS_OK)
    cmd_store_die (&s, &err);
  /* The intraday bars and runs (schema 9): damage is EVS_EDATA. */
  if (ok && bar_store_check (s, &err) != EVS_OK)
    {
      if (err.code != EVS_EDATA)
        cmd_store_die (&s, &err);
      ok = false;
      snprintf (msg, sizeof msg, "%.500s", err.msg);
    }
  if (store_read_end (s, &err) != EVS_OK)
    cmd_store_die (&s, &err);
  puts (msg);
  return ok ? EXIT_SUCCESS : EVS_EDATA;
}

typedef struct history_args {
  const char *db;
  bool csv, check;
  int wait_ms;
} history_args;

static void
parse (history_args *a, int argc, char **argv)
{
  int opt;
  memset (a, 0, sizeof *a);
  a->wait_ms = CMD_STORE_WAIT_S * 1000;
  while ((opt = getopt_long (argc, argv, "h", long_options, NULL)) != -1)
    switch (opt)
      {
      case OPT_DB: a->db = optarg; break;
      case OPT_FORMAT:
        if (strcmp (optarg, "csv") && strcmp (optarg, "table"))
          cli_usage_error ("invalid --format '%s': expected table or csv", optarg);
        a->csv = strcmp (optarg, "csv") == 0;
        break;
      case OPT_CHECK: a->check = true; break;
      case OPT_WAIT: a->wait_ms = cmd_store_wait (optarg); break;
      case 'h': usage (EXIT_SUCCESS);
      default: usage (EVS_EUSAGE);
      }
  if (optind < argc)
    cli_usage_error ("unexpected argument '%s'", argv[optind]);
}

static int
history (evs_store *s, bool csv)
{
  store_history_row *h;
  size_t n;
  evs_error err;
  if (store_history (s, &h, &n, &err) != EVS_OK)
    cmd_store_die (&s, &err);
  if (store_read_end (s, &err) != EVS_OK)
    {
      store_history_release (h, n);
      cmd_store_die (&s, &err);
    }
  (csv ? print_csv : print_table) (h, n);
  store_history_release (h, n);
  return EXIT_SUCCESS;
}

int
cmd_history (int argc, char **argv)
{
  history_args a;
  parse (&a, argc, argv);
  evs_store *s = cmd_store_open (a.db, STORE_READONLY, a.wait_ms);
  int status = a.check ? check (s) : history (s, a.csv);
  store_close (&s);
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      perror ("evstudy: write error");
      return EVS_EIO;
    }
  return status;
}
