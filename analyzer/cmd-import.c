/* cmd-import.c -- evstudy import --db FILE [--events FILE] [--factors
 * FILE]... PRICEFILE...: put price files, an events timeline and Ken
 * French factor files into the store, each file in one transaction,
 * saying what changed. */
#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli-progress.h"
#include "cmd-store.h"
#include "cmd.h"
#include "date.h"

enum { OPT_DB = CHAR_MAX + 1, OPT_EVENTS, OPT_PRICE_COLUMN, OPT_WAIT, OPT_FACTORS };

/* The most --factors files of one import. */
#define MAX_FACTOR_FILES 8

static const struct option long_options[] = {
  { "db", required_argument, NULL, OPT_DB },
  { "events", required_argument, NULL, OPT_EVENTS },
  { "price-column", required_argument, NULL, OPT_PRICE_COLUMN },
  { "factors", required_argument, NULL, OPT_FACTORS },
  { "wait", required_argument, NULL, OPT_WAIT },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 }
};

typedef struct import_args {
  const char *db, *events, *price_column;
  const char *factors[MAX_FACTOR_FILES];
  size_t nfactors;
  int wait_ms;
} import_args;

__attribute__ ((noreturn)) static void
usage (int status)
{
  if (status != EXIT_SUCCESS)
    {
      fputs ("Try 'evstudy import --help' for more information.\n", stderr);
      exit (status);
    }
  fputs ("\
Usage: evstudy import --db FILE [--events FILE] [--factors FILE]... [PRICEFILE]...\n\
Import price files and an events timeline into a store (sqlite3).\n\
Each file is imported in one transaction: all of it or none of it.  The\n\
same file again changes nothing; a newer download updates only the rows\n\
that changed (and says so: adjusted prices move when a dividend is paid).\n\
A FILE or PRICEFILE '-' is stdin (once; prices need a ticker column).\n\
\n\
  --db FILE              the store (created if missing)\n\
  --events FILE          an events timeline to store\n\
  --factors FILE         a Ken French factor file to store (repeatable), for\n\
                         evstudy run --model ff3, ff5, carhart or factors\n\
  --price-column NAME    price column to use (default: adjusted close, else close)\n\
  --wait SECONDS         how long to wait for another writer (default 30)\n\
  -h, --help             show this help and exit\n\
\n\
Exit status: 0 success; 2 usage; 3 bad data in a file (that file is not\n\
imported, the others are); 4 a file or the store cannot be read or\n\
written; 6 database busy (another evstudy kept it locked).\n", stdout);
  exit (EXIT_SUCCESS);
}

static void
parse (import_args *a, int argc, char **argv)
{
  int opt;
  memset (a, 0, sizeof *a);
  a->wait_ms = CMD_STORE_WAIT_S * 1000;
  while ((opt = getopt_long (argc, argv, "h", long_options, NULL)) != -1)
    switch (opt)
      {
      case OPT_DB: a->db = optarg; break;
      case OPT_EVENTS: a->events = optarg; break;
      case OPT_PRICE_COLUMN: a->price_column = optarg; break;
      case OPT_FACTORS:
        if (a->nfactors == MAX_FACTOR_FILES)
          cli_usage_error ("too many --factors files (at most %d)", MAX_FACTOR_FILES);
        a->factors[a->nfactors++] = optarg;
        break;
      case OPT_WAIT: a->wait_ms = cmd_store_wait (optarg); break;
      case 'h': usage (EXIT_SUCCESS);
      default: usage (EVS_EUSAGE);
      }
  if (!a->db)
    cli_usage_error ("no --db given");
  if (!a->events && !a->nfactors && optind == argc)
    cli_usage_error ("nothing to import: give price files, --events or --factors");
  int in = a->events && strcmp (a->events, "-") == 0;
  for (size_t i = 0; i < a->nfactors; i++)
    in += strcmp (a->factors[i], "-") == 0;
  for (int i = optind; i < argc; i++)
    if ((in += strcmp (argv[i], "-") == 0) > 1)
      cli_usage_error ("stdin ('-') can be read only once");
}

/* One line per series: what the import changed. */
static void
print_series (const char *path, const store_series_report *r)
{
  char b0[11], b1[11];
  printf ("%s: %s: ", path, r->ticker);
  if (r->change == STORE_NEW)
    printf ("new, %zu rows", r->added);
  else if (r->change == STORE_UNCHANGED)
    printf ("unchanged");
  else
    printf ("%zu rows added, %zu changed", r->added, r->changed);
  if (r->changed && r->price_column_was)
    printf (" (%s..%s: the price was column '%s', now '%s'; earlier runs keep the"
            " old values)", date_format (r->first_changed, b0),
            date_format (r->last_changed, b1), r->price_column_was, r->price_column);
  else if (r->changed)
    printf (" (%s..%s: adjusted prices moved, e.g. a dividend or split since the"
            " previous download; earlier runs keep the old values)",
            date_format (r->first_changed, b0), date_format (r->last_changed, b1));
  if (r->kept)
    printf ("; %zu stored rows not in this file kept", r->kept);
  putchar ('\n');
}

/* A warning on stderr about changed prices that no adjustment explains
 * (store.h: a typo such as 12.802 for 128.02). */
static void
warn_suspect (const char *path, const store_series_report *r)
{
  if (!r->suspect)
    return;
  char b[11];
  fflush (stdout);
  fprintf (stderr, "evstudy: warning: %s:%lu: %s %s: the price changed from %.10g to %.10g "
           "(x%.4g) while the stored rows beside it did not move so: a typo, or its correction? (a dividend "
           "or split moves every earlier row by the same ratio)", path,
           (unsigned long) r->suspect_line, r->ticker, date_format (r->suspect_date, b),
           r->suspect_old, r->suspect_new, r->suspect_new / r->suspect_old);
  if (r->suspect > 1)
    fprintf (stderr, "; %zu rows like it", r->suspect);
  fputc ('\n', stderr);
}

/* Imports one price file; returns its status (errors are printed). */
static int
import_prices (evs_store *s, const import_args *a, const char *path, progress *pr)
{
  store_import_report rep;
  evs_error err;
  int rc = store_import_prices (s, path, a->price_column, &rep, &err);
  progress_clear (pr);
  if (rc == EVS_EUSAGE)   /* stdin without a ticker column */
    fprintf (stderr, "evstudy: %s: import a file named after its ticker, or one with a "
             "ticker column\n", err.msg);
  else if (rc != EVS_OK)
    fprintf (stderr, "evstudy: %s\n", err.msg);
  else if (rep.unchanged)
    printf ("%s: unchanged (already imported)\n", path);
  else
    for (size_t i = 0; i < rep.n; i++)
      {
        print_series (path, &rep.v[i]);
        warn_suspect (path, &rep.v[i]);
      }
  store_import_report_release (&rep);
  return rc;
}

static int
import_events (evs_store *s, const char *path, progress *pr)
{
  int64_t set;
  bool is_new;
  size_t n;
  evs_error err;
  int rc = store_import_events (s, path, &set, &is_new, &n, &err);
  progress_clear (pr);
  if (rc != EVS_OK)
    fprintf (stderr, "evstudy: %s\n", err.msg);
  else if (is_new)
    printf ("%s: %zu events (event set %lld)\n", path, n, (long long) set);
  else
    printf ("%s: unchanged (event set %lld)\n", path, (long long) set);
  return rc;
}

static int
import_factors (evs_store *s, const char *path, progress *pr)
{
  bool changed;
  evs_error err;
  int rc = store_import_factors (s, path, &changed, &err);
  progress_clear (pr);
  if (rc != EVS_OK)
    fprintf (stderr, "evstudy: %s\n", err.msg);
  else
    printf ("%s: %s\n", path, changed ? "factors stored" : "unchanged (already imported)");
  return rc;
}

/* A failure that the next file would meet as well stops the import. */
static bool
fatal (int rc)
{
  return rc == EVS_EBUSY || rc == EVS_EINTERNAL;
}

int
cmd_import (int argc, char **argv)
{
  import_args a;
  int status = EVS_OK, rc = EVS_OK;
  parse (&a, argc, argv);
  evs_store *s = cmd_store_open (a.db, STORE_CREATE, a.wait_ms);
  progress pr;
  size_t failed = 0, nfiles = (size_t) (argc - optind) + (a.events != NULL) + a.nfactors;
  progress_begin (&pr, "import", nfiles);
  for (int i = optind; i < argc && !fatal (rc); i++)
    {
      progress_step (&pr, argv[i]);
      rc = import_prices (s, &a, argv[i], &pr);
      failed += rc != EVS_OK;
      if (status == EVS_OK || fatal (rc))
        status = rc;
    }
  if (a.events && !fatal (rc))
    {
      progress_step (&pr, a.events);
      rc = import_events (s, a.events, &pr);
      failed += rc != EVS_OK;
      if (status == EVS_OK || fatal (rc))
        status = rc;
    }
  for (size_t i = 0; i < a.nfactors && !fatal (rc); i++)
    {
      progress_step (&pr, a.factors[i]);
      rc = import_factors (s, a.factors[i], &pr);
      failed += rc != EVS_OK;
      if (status == EVS_OK || fatal (rc))
        status = rc;
    }
  evs_error err;
  if (store_sync (s, &err) != EVS_OK)
    {
      fprintf (stderr, "evstudy: %s\n", err.msg);
      status = EVS_EIO;
    }
  store_close (&s);
  char sum[256];
  progress_end (&pr, progress_summary (sum, sizeof sum, "import", nfiles, "file",
                                       pr.done - failed, "imported", failed, "failed",
                                       progress_seconds (&pr)));
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      perror ("evstudy: write error");
      return EVS_EIO;
    }
  return status;
}
