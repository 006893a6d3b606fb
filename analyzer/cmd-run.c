/* cmd-run.c -- evstudy run --db FILE [--rerun N] [OPTION]...: the flag
 * form's study over the store's prices and events, recorded with its
 * parameters and results in one transaction.
 *
 * The study options are the flag form's, parsed by the same parser
 * (study_cli_parse): --events NAME and --prices NAME select stored events
 * and series by file or ticker name, --market TICKER names stored series.
 * Studied series are the non-market ones in import order, followed by the
 * markets in --market order: the same as the flag form given the same
 * files in that order, hence the same numbers. */
#include <config.h>

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "bar_store.h"
#include "cli.h"
#include "cmd-store.h"
#include "cmd.h"
#include "factors.h"
#include "report.h"
#include "text.h"
#include "shard.h"

/* What `run` itself takes; the rest goes to the flag form's parser. */
typedef struct run_args {
  const char *db;
  long rerun;
  int wait_ms;
  char **rest;           /* argv for study_cli_parse, rest[0] = "evstudy" */
  int nrest;
} run_args;

__attribute__ ((noreturn)) static void
usage (void)
{
  fputs ("\
Usage: evstudy run --db FILE [--rerun N] [OPTION]...\n\
Run the event study on the prices and events of a store, and record its\n\
parameters and results there (evstudy history, evstudy export).\n\
\n\
  --db FILE              the store (see evstudy import)\n\
  --rerun N              repeat run N on the data it read: identical numbers;\n\
                         only --format, --table, -o and --allow-empty may\n\
                         be added\n\
  --wait SECONDS         how long to wait for another writer (default 30)\n\
  --events NAME          stored events file to use (default: the latest)\n\
  --prices NAME          study only these stored series (ticker or file\n\
                         name); repeatable (default: all but the markets)\n\
  --market TICKER        a stored series used as market; repeatable\n\
  --factors NAME         stored factor file (its file name) for --model ff3,\n\
                         ff5, carhart or factors; repeatable (default: the\n\
                         one stored; evstudy import --factors FILE stores\n\
                         them)\n\
  --exchange, --model, --returns, --estimation, --min-estimation, --window,\n\
  --ar-days, --format, --table, -o, --allow-empty: as in the flag form\n\
                         (evstudy --help)\n\
  --regress, --characteristics, --vcov, --regress-weights, --bhar-tests,\n\
  --benchmark, --calendar-time, --ct-weights, --ct-min: as in the flag form;\n\
                         --characteristics and a --benchmark file are read\n\
                         from disk, not stored: --rerun reads them again\n\
  --shard I/N            study shard I of N into the shard file -o, for\n\
                         evstudy merge (recorded nothing; see evstudy --help)\n\
\n\
Exit status: 0 success; 1 internal error; 2 usage (also: no such run,\n\
series or events in the store); 4 the store or the output cannot be\n\
written; 6 database busy (another evstudy kept it locked: retry later);\n\
7 recorded and written, but nothing was measured (no --allow-empty).\n", stdout);
  exit (EXIT_SUCCESS);
}

/* If ARGV[*I] is option NAME (--NAME VALUE or --NAME=VALUE), returns its
 * value and moves *I past it; else NULL. */
static const char *
take (int argc, char **argv, int *i, const char *name)
{
  size_t n = strlen (name);
  const char *a = argv[*i];
  if (strncmp (a, name, n) != 0)
    return NULL;
  if (a[n] == '=')
    return a + n + 1;
  if (a[n] != '\0')
    return NULL;
  if (*i + 1 >= argc)
    cli_usage_error ("option '%s' requires an argument", name);
  return argv[++*i];
}

/* Splits ARGV into run's own options and the flag form's. */
static void
split_args (run_args *r, int argc, char **argv)
{
  const char *v;
  memset (r, 0, sizeof *r);
  r->wait_ms = CMD_STORE_WAIT_S * 1000;
  r->rest = evs_xcalloc ((size_t) argc + 1, sizeof *r->rest);
  r->rest[r->nrest++] = (char *) "evstudy";
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "-h") == 0 || strcmp (argv[i], "--help") == 0)
      usage ();
    else if ((v = take (argc, argv, &i, "--db")))
      r->db = v;
    else if ((v = take (argc, argv, &i, "--rerun")))
      r->rerun = cli_parse_long ("--rerun", v, 1, LONG_MAX);
    else if ((v = take (argc, argv, &i, "--wait")))
      r->wait_ms = cmd_store_wait (v);
    else
      r->rest[r->nrest++] = argv[i];
  if (!r->db)
    cli_usage_error ("no --db given");
}

/* Length of the output option at ARGV[I] (1 or 2 words), or 0: these
 * choose where and how results are written, not what is computed. */
static int
output_option (int argc, char **argv, int i)
{
  static const char *const names[] = { "--format", "--table", "--output", "-o", "--report" };
  return cmd_store_output_option (argc, argv, i, names, sizeof names / sizeof *names);
}

/* --rerun: the stored options less their output options, then the output
 * options given now (nothing else may change). */
static void
rerun_args (run_args *r, const store_run_meta *m)
{
  char **v = evs_xcalloc (m->nargs + (size_t) r->nrest + 1, sizeof *v);
  int n = 0;
  v[n++] = r->rest[0];
  for (int i = 0; i < (int) m->nargs; i++)
    {
      int k = output_option ((int) m->nargs, m->args, i);
      if (k)
        i += k - 1;
      else
        v[n++] = m->args[i];
    }
  for (int i = 1; i < r->nrest; i++)
    {
      int k = output_option (r->nrest, r->rest, i);
      if (!k)
        cli_usage_error ("with --rerun only --format, --table, --output and --allow-empty may be given, not '%s'",
                         r->rest[i]);
      for (int j = 0; j < k; j++)
        v[n++] = r->rest[i + j];
      i += k - 1;
    }
  free (r->rest);
  r->rest = v;
  r->nrest = n;
}

/* Moves S into L (S is left empty). */
static void
move_series (evs_series_list *l, evs_series *s)
{
  *series_list_add (l) = *s;
  series_init (s);
}

/* A usage error: no series NAME, with a stored ticker it may have meant
 * (store_suggest_series). */
__attribute__ ((noreturn)) static void
no_series (evs_store *s, const char *name)
{
  char near[256];
  bool found;
  evs_error err;
  if (store_suggest_series (s, name, near, sizeof near, &found, &err) != EVS_OK)
    cmd_store_die (&s, &err);
  char q[256];   /* a stored ticker is data: control characters shown as \xHH */
  if (found)
    cli_usage_error ("no series '%s' in the store; did you mean '%s'?", name,
                     evs_quote (q, sizeof q, near, strlen (near)));
  cli_usage_error ("no series '%s' in the store", name);
}

/* The markets, in --market order: the first stored series of each name. */
static void
load_markets (evs_store *s, const cli *c, int64_t gen, evs_series_list *mk)
{
  const char **names;
  size_t n = study_cli_names (c, true, &names);
  evs_error err;
  for (size_t i = 0; i < n; i++)
    {
      evs_series_list tmp;
      size_t found;
      series_list_init (&tmp);
      if (store_load_series (s, gen, names[i], &tmp, &found, &err) != EVS_OK)
        cmd_store_die (&s, &err);
      if (!found)
        no_series (s, names[i]);
      move_series (mk, &tmp.v[0]);
      series_list_release (&tmp);
    }
}

static bool
is_market_ticker (const evs_series_list *mk, const char *ticker)
{
  for (size_t i = 0; i < mk->n; i++)
    if (strcasecmp (mk->v[i].ticker, ticker) == 0)
      return true;
  return false;
}

/* The studied series: those named by --prices (all if none), less the
 * markets. */
static void
load_studied (evs_store *s, const cli *c, int64_t gen, const evs_series_list *mk,
              evs_series_list *all)
{
  const char **names;
  size_t n = study_cli_names (c, false, &names), found;
  evs_series_list cand;
  evs_error err;
  series_list_init (&cand);
  for (size_t i = 0; i < (n ? n : 1); i++)
    {
      if (store_load_series (s, gen, n ? names[i] : NULL, &cand, &found, &err) != EVS_OK)
        cmd_store_die (&s, &err);
      if (!found && n)
        no_series (s, names[i]);
      if (!found)
        cli_usage_error ("no series in the store");
    }
  for (size_t i = 0; i < cand.n; i++)
    if (!is_market_ticker (mk, cand.v[i].ticker))
      move_series (all, &cand.v[i]);
  series_list_release (&cand);
}

/* ALL: studied series then markets; *IS_MARKET marks the markets. */
static void
load_series (evs_store *s, const cli *c, int64_t gen, evs_series_list *all,
             bool **is_market)
{
  evs_series_list mk;
  series_list_init (&mk);
  series_list_init (all);
  load_markets (s, c, gen, &mk);
  load_studied (s, c, gen, &mk, all);
  size_t first = all->n;
  for (size_t i = 0; i < mk.n; i++)
    move_series (all, &mk.v[i]);
  series_list_release (&mk);
  *is_market = evs_xcalloc (all->n + 1, sizeof **is_market);
  for (size_t i = first; i < all->n; i++)
    (*is_market)[i] = true;
}

/* store_record_run on a thread of its own, while the aggregate is
 * computed: the connection is used by this thread alone meanwhile. */
typedef struct record_job {
  evs_store *s;
  const store_run_meta *m;
  const evs_study *st;
  int64_t id;
  evs_error err;
  int rc;
} record_job;

static void *
record (void *arg)
{
  record_job *j = arg;
  j->rc = store_record_run (j->s, j->m, j->st, &j->id, &j->err);
  return NULL;
}

/* ---------------------------------------------------------------------
 * The report's "since the previous run" (issue 14): the latest earlier
 * run with the same options, and the prices that came since. */

static bool
same_args (const store_run_meta *a, const store_run_meta *b)
{
  if (a->nargs != b->nargs)
    return false;
  for (size_t i = 0; i < a->nargs; i++)
    if (strcmp (a->args[i], b->args[i]))
      return false;
  return true;
}

/* The latest run before ID whose options were M's, or 0. */
static int64_t
previous_run (evs_store *s, int64_t id, const store_run_meta *m, int64_t *gen)
{
  for (int64_t k = id - 1; k > 0; k--)
    {
      store_run_meta o = { 0 };
      evs_error err;
      if (store_run_meta_load (s, k, &o, &err) != EVS_OK)
        continue;
      bool same = same_args (&o, m);
      *gen = o.generation;
      store_run_meta_release (&o);
      if (same)
        return k;
    }
  return 0;
}

/* Rows of S dated after OLD's last (*P's added, first, last) and rows
 * of OLD's dates whose price changed (*P's changed). */
static void
compare_prices (const evs_series *old, const evs_series *s, report_prices *p)
{
  int32_t last = old->n ? old->date[old->n - 1] : INT32_MIN;
  size_t j = 0;
  for (size_t i = 0; i < s->n; i++)
    {
      if (s->date[i] > last)
        {
          if (!p->added++)
            p->first = s->date[i];
          p->last = s->date[i];
          continue;
        }
      while (j < old->n && old->date[j] < s->date[i])
        j++;
      p->changed += j < old->n && old->date[j] == s->date[i] && old->price[j] != s->price[i];
    }
}

/* For every series of ST (each once), what changed since generation
 * GEN; *N of them. */
static report_prices *
price_changes (evs_store *s, const evs_study *st, int64_t gen, size_t *n)
{
  report_prices *v = evs_xcalloc (st->n + 1, sizeof *v);
  *n = 0;
  for (size_t i = 0; i < st->n; i++)
    {
      const evs_series *cur = st->res[i].series;
      bool seen = false;
      for (size_t k = 0; k < *n && !seen; k++)
        seen = strcmp (v[k].ticker, cur->ticker) == 0;
      if (seen)
        continue;
      evs_series_list old;
      size_t found = 0;
      evs_error err;
      series_list_init (&old);
      report_prices *p = &v[(*n)++];
      p->ticker = cur->ticker;
      if (store_load_series (s, gen, cur->ticker, &old, &found, &err) == EVS_OK && found)
        compare_prices (&old.v[0], cur, p);
      else
        compare_prices (&(evs_series) { 0 }, cur, p);
      series_list_release (&old);
    }
  return v;
}

/* Fills RR for run ID of M (and PREV, loaded here when there is a
 * previous run; release it with store_run_release if RR->prev). */
/* True if ARGS (a run's options joined by spaces) names TICKER as a
 * market: "--market TICKER" or "--market=TICKER" (case ignored). */
static bool
args_market (const char *args, const char *ticker)
{
  size_t n = strlen (ticker);
  for (const char *p = args; (p = strstr (p, "--market")) != NULL; p += 8)
    {
      const char *t = p + 8;
      if (*t != ' ' && *t != '=')
        continue;
      t++;
      if (strncasecmp (t, ticker, n) == 0 && (t[n] == ' ' || t[n] == '\0'))
        return true;
    }
  return false;
}

/* Warnings (stderr, and the report's) about studied series of ST that an
 * earlier run of the store used as a market (issue 14): a market studied
 * as a stock is rarely meant.  Returns them (each freed by the caller),
 * *N of them. */
static char **
market_elsewhere (evs_store *s, const evs_study *st, size_t *n)
{
  store_history_row *rows = NULL;
  size_t nrows = 0;
  evs_error err;
  char **w = evs_xcalloc (st->n + 1, sizeof *w);
  *n = 0;
  if (store_history (s, &rows, &nrows, &err) != EVS_OK)
    return w;
  for (size_t i = 0; i < st->n; i++)
    {
      const char *t = st->res[i].series->ticker;
      bool seen = false;
      for (size_t j = 0; j < i && !seen; j++)
        seen = st->res[j].series == st->res[i].series;
      for (size_t k = nrows; !seen && k-- > 0;)
        if (rows[k].args && args_market (rows[k].args, t))
          {
            w[(*n)++] = text_printf ("%s is studied as a stock, but run %lld used it as a "
                                     "market: give it with --market to use it as one", t,
                                     (long long) rows[k].id);
            seen = true;
          }
    }
  store_history_release (rows, nrows);
  return w;
}

/* The whole command line, for the report (set by cmd_run). */
static int run_argc;
static char **run_argv;

static void
report_run_fill (evs_store *s, int64_t id, const store_run_meta *m, const evs_study *st,
                 report_run *rr, store_run *prev)
{
  *rr = (report_run) { .id = id, .generation = m->generation, .argc = run_argc,
                       .argv = (const char *const *) run_argv };
  int64_t pgen = 0;
  int64_t pid = previous_run (s, id, m, &pgen);
  evs_error err;
  if (pid && store_run_load (s, pid, prev, &err) == EVS_OK)
    {
      rr->prev_id = pid;
      rr->prev_generation = pgen;
      rr->prev = &prev->st;
      rr->prev_events = &prev->events;
      if (pgen != m->generation)
        rr->prices = price_changes (s, st, pgen, &rr->nprices);
    }
}

/* Records ST and computes its aggregate at the same time; then, once the
 * run is recorded (committed), writes the output.  Returns the exit
 * status. */
static int
record_and_write (evs_store *s, cli *c, const store_run_meta *m,
                  const evs_timeline *events, const evs_study *st, evs_error *err)
{
  record_job job = { .s = s, .m = m, .st = st };
  pthread_t th;
  bool threaded = pthread_create (&th, NULL, record, &job) == 0;
  if (!threaded)
    record (&job);
  aggregate_run agg;
  int arc = study_cli_aggregate (c, events, st, &agg, err);
  if (threaded)
    pthread_join (th, NULL);
  if (job.rc != EVS_OK)
    {
      if (arc == EVS_OK)
        aggregate_release (&agg);
      *err = job.err;
      return -1;
    }
  if (arc != EVS_OK)
    cli_usage_error ("%s", err->msg);
  if (isatty (STDERR_FILENO))
    fprintf (stderr, "evstudy: run %lld recorded (%zu results)\n", (long long) job.id, st->n);
  int status = EXIT_SUCCESS;
  report_run rr;
  store_run prev;
  report_run_fill (s, job.id, m, st, &rr, &prev);
  size_t nw;
  char **w = market_elsewhere (s, st, &nw);
  for (size_t i = 0; i < nw; i++)
    fprintf (stderr, "evstudy: warning: %s\n", w[i]);
  rr.warnings = (const char *const *) w;
  rr.nwarnings = nw;
  study_cli_set_run (c, &rr);
  int rc = study_cli_emit (c, events, st, &agg, &status, err) == EVS_OK ? status : -1;
  study_cli_set_run (c, NULL);
  if (rr.prev)
    store_run_release (&prev);
  for (size_t i = 0; i < nw; i++)
    free (w[i]);
  free (w);
  free ((report_prices *) rr.prices);
  return rc;
}

/* Studies, records and writes; returns the exit status.  With --shard:
 * studies the shard and writes its file, recording nothing (a shard is
 * not a run; the merge is its output). */
static int
study_and_record (evs_store *s, const char *db, cli *c, store_run_meta *m)
{
  evs_timeline events;
  evs_series_list all;
  bool *is_market;
  evs_study st = { 0 };
  evs_error err;
  int status = EXIT_SUCCESS;
  if (store_load_events (s, m->event_set, &events, &err) != EVS_OK)
    cmd_store_die (&s, &err);
  /* A bad --group-by is a usage error before anything is recorded. */
  if (study_cli_check (c, &events, &err) != EVS_OK)
    {
      store_close (&s);
      cli_usage_error ("%s", err.msg);
    }
  store_set_load_volume (s, study_cli_wants_volume (c));
  load_series (s, c, m->generation, &all, &is_market);
  /* The factor models read the stored factor files as of the run's
   * generation (import --factors): --factors names them, else all. */
  factors_set fs;
  factors_init (&fs);
  unsigned si, sn;
  study_cli_shard (c, &si, &sn);
  /* A merge reads the factor files again, from files only. */
  if (sn && model_uses_factors (study_cli_opts (c)->model))
    {
      store_close (&s);
      cli_usage_error ("run --shard with a factor model is not supported yet: shard the flag"
                       " form (evstudy --factors FILE ... --shard I/N)");
    }
  if (model_uses_factors (study_cli_opts (c)->model))
    {
      const char *const *names;
      size_t nf = study_cli_factor_names (c, &names);
      if (store_load_factors (s, m->generation, names, nf, &fs, &err) != EVS_OK)
        {
          if (err.code != EVS_EUSAGE)
            cmd_store_die (&s, &err);
          store_close (&s);
          cli_usage_error ("%s", err.msg);
        }
      study_cli_use_factors (c, &fs);
    }
  shard_meta from = { .store = (char *) db, .generation = m->generation,
                      .event_set = m->event_set };
  int rc = sn ? study_cli_run_shard (c, &events, &all, is_market, &from, &err)
           : study_cli_run (c, &events, &all, is_market, &st, &err);
  if (rc == EVS_OK && !sn && (status = record_and_write (s, c, m, &events, &st, &err)) < 0)
    rc = err.code;
  study_release (&st);
  factors_release (&fs);
  series_list_release (&all);
  free (is_market);
  events_release (&events);
  if (rc != EVS_OK)
    cmd_store_die (&s, &err);
  return status;
}

int
cmd_run (int argc, char **argv)
{
  run_args r;
  store_run_meta m = { 0 }, old = { 0 };
  evs_error err;
  split_args (&r, argc, argv);
  run_argc = argc;
  run_argv = argv;
  evs_store *s = cmd_store_open (r.db, 0, r.wait_ms);
  if (r.rerun)
    {
      bool intraday;
      if (bar_store_is_intraday (s, r.rerun, &intraday, &err) != EVS_OK)
        cmd_store_die (&s, &err);
      if (intraday)     /* its options are intraday's */
        cli_usage_error ("run %ld is an intraday run: evstudy intraday --db %s --rerun %ld"
                         " repeats it, evstudy export writes it", r.rerun, r.db, r.rerun);
      if (store_run_meta_load (s, r.rerun, &old, &err) != EVS_OK)
        cmd_store_die (&s, &err);
      rerun_args (&r, &old);
      m.rerun_of = r.rerun;
      m.generation = old.generation;
      m.event_set = old.event_set;
    }
  store_now (m.started);
  cli *c = study_cli_parse (r.nrest, r.rest, true);
  if (!r.rerun && (store_generation (s, &m.generation, &err) != EVS_OK
                   || store_find_events (s, study_cli_events (c), &m.event_set, &err) != EVS_OK))
    cmd_store_die (&s, &err);
  m.args = r.rest + 1;
  m.nargs = (size_t) r.nrest - 1;
  int status = study_and_record (s, r.db, c, &m);
  study_cli_free (c);
  store_run_meta_release (&old);
  free (r.rest);
  store_close (&s);
  return status;
}
