/* cmd-intraday.c -- evstudy intraday: event studies on intraday bars.
 *
 * A subcommand rather than files detected in the flag form: the same
 * options would mean different things (--window -30:60 is bars here,
 * days there; --estimation counts sessions and a gap in clock time), and
 * a daily file and a bar file side by side in one run has no meaning.
 * The output fields are the daily study's, with ISO 8601 times (with the
 * exchange's offset) in place of dates. */
#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bar_aggregate.h"
#include "bar_findings.h"
#include "bar_import.h"
#include "bar_plot.h"
#include "bar_store.h"
#include "cmd-store.h"
#include "bar_study.h"
#include "cli.h"
#include "cmd.h"
#include "events.h"
#include "output.h"
#include "pool.h"
#include "report.h"
#include "text.h"

enum { OPT_PRICES = CHAR_MAX + 1, OPT_MARKET, OPT_TICKER, OPT_EXCHANGE, OPT_EVENTS,
       OPT_ALIGN, OPT_WINDOW, OPT_EST_SESSIONS, OPT_EST_GAP, OPT_OVERNIGHT,
       OPT_MODEL, OPT_MIN_EST, OPT_FORMAT, OPT_TABLE, OPT_SEASONAL, OPT_SEASONAL_BIN,
       OPT_PLOT, OPT_PLOT_FORMAT, OPT_PLOT_TEMPLATES, OPT_GNUPLOT, OPT_MEASURE,
       OPT_PARTIAL_FEED, OPT_DB, OPT_STORED, OPT_STORED_MARKET, OPT_RETURNS, OPT_RERUN };
enum { OPT_MAX_RESIDUALS = CHAR_MAX + 200, OPT_REPORT };   /* the aggregate's and the
                                                              report's (apart, to merge) */

static const struct option long_options[] = {
  { "prices", required_argument, NULL, OPT_PRICES },
  { "market", required_argument, NULL, OPT_MARKET },
  { "ticker", required_argument, NULL, OPT_TICKER },
  { "exchange", required_argument, NULL, OPT_EXCHANGE },
  { "events", required_argument, NULL, OPT_EVENTS },
  { "align", required_argument, NULL, OPT_ALIGN },
  { "window", required_argument, NULL, OPT_WINDOW },
  { "estimation-sessions", required_argument, NULL, OPT_EST_SESSIONS },
  { "estimation-gap", required_argument, NULL, OPT_EST_GAP },
  { "overnight", required_argument, NULL, OPT_OVERNIGHT },
  { "model", required_argument, NULL, OPT_MODEL },
  { "min-estimation", required_argument, NULL, OPT_MIN_EST },
  { "format", required_argument, NULL, OPT_FORMAT },
  { "seasonal", no_argument, NULL, OPT_SEASONAL },
  { "plot", required_argument, NULL, OPT_PLOT },
  { "measure", required_argument, NULL, OPT_MEASURE },
  { "db", required_argument, NULL, OPT_DB },
  { "stored", required_argument, NULL, OPT_STORED },
  { "stored-market", required_argument, NULL, OPT_STORED_MARKET },
  { "partial-feed", required_argument, NULL, OPT_PARTIAL_FEED },
  { "plot-format", required_argument, NULL, OPT_PLOT_FORMAT },
  { "plot-templates", required_argument, NULL, OPT_PLOT_TEMPLATES },
  { "gnuplot", required_argument, NULL, OPT_GNUPLOT },
  { "seasonal-bin", required_argument, NULL, OPT_SEASONAL_BIN },
  { "table", required_argument, NULL, OPT_TABLE },
  { "jobs", required_argument, NULL, 'j' },
  { "returns", required_argument, NULL, OPT_RETURNS },
  { "rerun", required_argument, NULL, OPT_RERUN },
  { "max-residuals", required_argument, NULL, OPT_MAX_RESIDUALS },
  { "report", required_argument, NULL, OPT_REPORT },
  { "output", required_argument, NULL, 'o' },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 }
};

__attribute__ ((noreturn)) static void
usage (void)
{
  fputs ("\
Usage: evstudy intraday --prices FILE [--prices FILE]... [--market FILE]...\n\
                        [--events FILE] [OPTION]...\n\
An event study on intraday bars (minute bars and the like): day 0 is the\n\
bar an announcement's instant reaches, relative days count bars.\n\
\n\
  --prices FILE          a bar file (yfinance, Interactive Brokers, Polygon,\n\
                         Alpaca, Databento, Kibot/FirstRate, or long with a\n\
                         ticker column); repeatable\n\
  --market FILE          the market's bars; repeatable: a series uses the\n\
                         market of its exchange, else the first\n\
  --ticker NAME          ticker of the next --prices or --market file\n\
  --db FILE              the store (evstudy import's): the --prices and\n\
                         --market files are stored in it (a changed session\n\
                         is a new version, the old one kept), the study\n\
                         reads its bars from it and is recorded there\n\
                         (evstudy history, export)\n\
  --rerun N              with --db: run N again on the bars and events it\n\
                         read, with identical numbers (only output options\n\
                         may be added)\n\
  --stored TICKER        a series from --db; repeatable\n\
  --stored-market TICKER a market from --db; repeatable\n\
  --exchange CODE        exchange of the files after it (US, HK, SS, SZ, T,\n\
                         L, DE, PA, TO): its zone reads naive local times,\n\
                         its hours keep the bars; default from the ticker\n\
  --events FILE          the events; each needs its instant (time and zone)\n\
  --align start|end      day 0 is the first bar beginning at or after the\n\
                         instant (start, default) or ending after it (end)\n\
  --window A:B           a CAR window in bars (-30:60) or clock time\n\
                         (-30m:2h; units s, m, h); repeatable\n\
                         (default 0:0, 0:4, -30:60)\n\
  --estimation-sessions N  sessions before day 0's estimated on (default 10)\n\
  --estimation-gap DUR   estimation ends DUR before bar 0 (default 30m)\n\
  --overnight include|exclude  first-of-session returns in the estimation\n\
                         (default exclude)\n\
  --model mean|market    default market with --market, else mean\n\
  --returns simple|log   P1/P0 - 1 (default) or ln(P1/P0), for the\n\
                         study and the day0 table\n\
  --min-estimation N     fewest estimation returns (default 100)\n\
  --seasonal             adjust for time of day: returns standardised by\n\
                         the estimation window's mean and standard deviation\n\
                         per time-of-day bin (overnight returns their own)\n\
  --seasonal-bin DUR     the bins' width (default 30m; implies --seasonal)\n\
  --measure return|volume  abnormal returns (default) or abnormal log\n\
                         volume against its time-of-day mean (bins of\n\
                         --seasonal-bin, default 30m)\n\
  --partial-feed auto|yes|no  flag the volume as a partial feed's: auto\n\
                         flags Alpaca files (the IEX feed carries about 2%\n\
                         of consolidated volume; say no for SIP bars)\n\
  -j, --jobs N           threads (default: the number of processors); the\n\
                         results do not depend on it\n\
  --format csv|json|table|text  default csv; table: a block per pair for\n\
                         a terminal (day 0, the fit, CARs with stars);\n\
                         text: a sentence per pair and window, clock times\n\
  --table car|ar|day0|series|aggregate  CARs per window (default), ARs\n\
                         per bar, the bar each event reaches, the series\n\
                         read, or CAAR per window and AAR per bar across\n\
                         pairs with their tests (csv)\n\
  --max-residuals N      the aggregate keeps at most N estimation residuals\n\
                         (default 8388608, about 230 MB) for the\n\
                         Corrado-Zivney rank test, GRANK and the\n\
                         Kolari-Pynnonen rbar; beyond, those are empty\n\
  -o, --output FILE      write to FILE (replaced atomically)\n\
  --plot DIR             draw a chart per pair into DIR: ARs per bar with\n\
                         their band and the cumulative AR, on a clock-time\n\
                         axis marking the event instant and session breaks\n\
  --report DIR           write an HTML and Markdown report into DIR (a new\n\
                         or empty directory or a report evstudy wrote):\n\
                         findings in words first, the pairs, the windows\n\
                         across pairs, a chart per pair\n\
  --plot-format FMT      png (default), svg or pdf\n\
  --plot-templates DIR   gnuplot templates instead of the installed ones\n\
  --gnuplot PATH         the gnuplot program\n\
  -h, --help             show this help and exit\n", stdout);
  exit (EXIT_SUCCESS);
}

enum table { T_CAR, T_AR, T_DAY0, T_SERIES, T_AGG };

typedef struct opts {
  const char *events, *output, *db;
  plot_opts plot;
  bool volume;
  int partial;               /* -1 auto, 0 no, 1 yes */
  bool json;
  bool table_text;           /* --format table: blocks for a terminal */
  bool text;                 /* --format text: sentences (bar_findings.h) */
  enum table table;
  bool have_model;
  bar_study_opts so;
  bar_window win[64];
  size_t nwin;
  bars_list all;
  bool *is_market;
  size_t nmarket;
  evs_timeline tl;
  bar_result *res;
  size_t nres;
  unsigned jobs;
  /* The store (--db): open from reading the inputs to recording. */
  evs_store *store;
  int64_t rerun;             /* --rerun N */
  int64_t gen, event_set;    /* the bars' generation and the events read */
  bool from_record;          /* export: results read from the store */
  bool has_ars;              /* ... which hold the per-bar ARs */
  char **rec;                /* the study options, recorded with a run */
  size_t nrec;
  bool reparse;              /* parsing a recorded run's options */
  /* Lazy (--db, outputs that need no bars after the study): a stock's
   * bars are read by the worker that studies it and freed when its pairs
   * are done, so that memory holds the markets and the series in flight,
   * not every series. */
  bool lazy;
  int *lazy_rc;
  evs_error *lazy_err;
  /* Streamed (lazy, and only the CAR table in CSV): each pair packed
   * (bar_store.h) as soon as it is studied, not kept: PACKS[i] holds
   * series i's pairs, the pair at output position P is at byte AT[P] of
   * PACKS[IN[P]]; the CAR table is written from them a window at a time
   * and the run recorded from them. */
  bar_packed *packs;
  size_t *in, *at;
  store_run_meta meta;       /* --rerun, export: the run's (its args are
                                the parsed options' strings) */
  char **argv;               /* --rerun: the words parsed (freed last) */
  bar_agg agg;               /* --table aggregate: the pairs' reductions */
  size_t max_residuals;      /* --max-residuals */
  const char *report_dir;    /* --report DIR */
  bool plot_format_given;
  int cmd_argc;              /* the command line, for the report */
  char **cmd_argv;
} opts;

/* "30m", "1h", "90s", "0": seconds, or exits. */
static int64_t
parse_duration (const char *opt, const char *s)
{
  char *e;
  long v = strtol (s, &e, 10);
  int unit = *e == '\0' ? 1 : strcmp (e, "s") == 0 ? 1 : strcmp (e, "m") == 0 ? 60
             : strcmp (e, "h") == 0 ? 3600 : 0;
  if (e == s || !unit || v < 0 || v > 86400 * 30 / unit)
    cli_usage_error ("invalid %s '%s': expected a duration such as 30m", opt, s);
  return (int64_t) v * unit;
}

static void
load (opts *o, const char *path, const char **ticker, const calendar_exchange *x,
      bool market)
{
  bar_import_opts io = { x, *ticker };
  evs_error err;
  size_t before = o->all.n;
  if (bar_import_file (path, &io, &o->all, &err))
    {
      if (err.code == EVS_EUSAGE)
        cli_usage_error ("%s", err.msg);
      cli_die (&err);
    }
  *ticker = NULL;
  o->is_market = evs_xrealloc (o->is_market, o->all.n * sizeof *o->is_market);
  for (size_t i = before; i < o->all.n; i++)
    {
      bars_series *s = &o->all.v[i];
      o->is_market[i] = market;
      o->nmarket += market;
      if (s->reordered)
        fprintf (stderr, "evstudy: warning: %s: %s: bars not in time order: sorted\n",
                 s->source, s->ticker);
      if (s->n_outside)
        fprintf (stderr, "evstudy: warning: %s: %s: %zu bars outside %s regular "
                 "trading hours dropped (the first on line %u)\n", s->source,
                 s->ticker, s->n_outside, s->x->name, s->outside_line);
    }
}

/* The most --prices, --market, --stored and --stored-market options. */
#define MAX_FILES 10000

/* The inputs in command-line order; static, so that thousands of series
 * fit (parse fills them, once a parse). */
static const char *files[MAX_FILES];
static bool fmarket[MAX_FILES];
static const char *ftick[MAX_FILES];
static const calendar_exchange *fx[MAX_FILES];
static bool fstored[MAX_FILES];
static size_t nf;

/* The stored series, read on --jobs threads (each with its connection)
 * as of generation GEN, finished by bar_store_read (no time zone set). */
typedef struct stored_read {
  const char *db;
  int64_t gen;
  const bool *stub;          /* these only as stubs (lazy), or NULL */
  const char *const *ticker;
  bars_series *s;
  int *rc;
  evs_error *err;
} stored_read;

static void
read_stored (void *ctx, size_t i, unsigned worker)
{
  (void) worker;
  const stored_read *r = ctx;
  r->rc[i] = r->stub && r->stub[i]
             ? bar_store_read_stub (r->db, r->ticker[i], r->gen, &r->s[i], &r->err[i])
             : bar_store_read (r->db, r->ticker[i], r->gen, &r->s[i], &r->err[i]);
}

/* A stored ticker not found: the error, with a ticker that differs only
 * by '^' or an exchange suffix when the store has one. */
__attribute__ ((noreturn)) static void
not_stored (opts *o, const evs_error *err, const char *ticker)
{
  char near[256];
  bar_store_suggest (o->store, ticker, near, sizeof near);
  store_close (&o->store);
  if (*near)
    cli_usage_error ("%s; did you mean '%s'?", err->msg, near);
  cli_usage_error ("%s", err->msg);
}

/* Appends the N series TICKER (MARKET: as markets) as of o->gen. */
static void
load_stored (opts *o, const char *const *ticker, const bool *market, size_t n)
{
  if (!n)
    return;
  bool *stub = NULL;
  if (o->lazy)
    {
      stub = evs_xmalloc (n * sizeof *stub);
      for (size_t k = 0; k < n; k++)
        stub[k] = !market[k];
    }
  stored_read r = { o->db, o->gen, stub, ticker, evs_xcalloc (n, sizeof *r.s),
                    evs_xcalloc (n, sizeof *r.rc), evs_xcalloc (n, sizeof *r.err) };
  pool_for (n, o->jobs, read_stored, &r);
  for (size_t k = 0; k < n; k++)
    if (r.rc[k])
      {
        if (r.err[k].code == EVS_EUSAGE)
          not_stored (o, &r.err[k], ticker[k]);
        store_close (&o->store);
        cli_die (&r.err[k]);
      }
  for (size_t k = 0; k < n; k++)
    {
      *bars_list_add (&o->all) = r.s[k];
      o->is_market = evs_xrealloc (o->is_market, o->all.n * sizeof *o->is_market);
      o->is_market[o->all.n - 1] = market[k];
      o->nmarket += market[k];
    }
  free (r.s);
  free (r.rc);
  free (r.err);
  free (stub);
}

/* What storing a file's series changed, on stderr when sessions changed
 * (the old versions are kept for the runs that read them). */
static void
report_change (const char *path, const bars_series *s, const bar_store_change *ch)
{
  if (ch->changed)
    fprintf (stderr, "evstudy: %s: %s: %zu sessions added, %zu changed (earlier runs keep"
             " the bars they read)\n", path, s->ticker, ch->added, ch->changed);
}

/* With --db: each bar file stored (one transaction and generation each),
 * then every series read back from the store as of the latest
 * generation (or --rerun's), in command-line order: a recorded run reads
 * only what the store keeps. */
static void
load_from_store (opts *o)
{
  evs_error err;
  const char **ticker = NULL;
  bool *market = NULL, *owned = NULL;
  size_t n = 0, cap = 0;
  for (size_t i = 0; i < nf; i++)
    {
      size_t before = o->all.n;
      if (!fstored[i])
        load (o, files[i], &ftick[i], fx[i], fmarket[i]);
      size_t got = fstored[i] ? 1 : o->all.n - before;
      evs_grow ((void **) &ticker, &cap, n + got, sizeof *ticker);
      market = evs_xrealloc (market, cap * sizeof *market);
      owned = evs_xrealloc (owned, cap * sizeof *owned);
      if (fstored[i])
        {
          owned[n] = false, ticker[n] = files[i], market[n++] = fmarket[i];
          continue;
        }
      bar_store_change *ch = evs_xcalloc (got, sizeof *ch);
      int64_t gen;
      if (bar_store_import (o->store, files[i], NULL, &o->all.v[before], got, ch, &gen, &err))
        {
          store_close (&o->store);
          cli_die (&err);
        }
      for (size_t k = 0; k < got; k++)
        {
          bars_series *s = &o->all.v[before + k];
          report_change (files[i], s, &ch[k]);
          owned[n] = true, ticker[n] = s->ticker, market[n++] = fmarket[i];
          s->ticker = NULL;     /* kept for the reading below */
          bars_release (s);
        }
      free (ch);
      o->all.n = before;
      o->nmarket -= fmarket[i] ? got : 0;
    }
  if (!o->rerun && !o->from_record && store_generation (o->store, &o->gen, &err))
    {
      store_close (&o->store);
      cli_die (&err);
    }
  load_stored (o, ticker, market, n);
  /* The tickers taken from the files' series are owned here. */
  for (size_t i = 0; i < n; i++)
    if (owned[i])
      free ((char *) ticker[i]);
  free (ticker);
  free (market);
  free (owned);
}

/* Reads the inputs: the bar files, or with --db the store. */
static void
load_inputs (opts *o)
{
  if (!o->db)
    {
      for (size_t i = 0; i < nf; i++)
        load (o, files[i], &ftick[i], fx[i], fmarket[i]);
      return;
    }
  evs_error err;
  if (!o->store && !(o->store = store_open (o->db, STORE_CREATE, 30000, &err)))
    cmd_store_die (&o->store, &err);
  load_from_store (o);
}

/* The events: the file, or with --db the event set stored from it (or
 * --rerun's), so that a recorded run reads what the store keeps. */
static void
load_events (opts *o)
{
  evs_error err;
  if (!o->db)
    {
      if (events_load (o->events, &o->tl, &err))
        cli_die (&err);
      return;
    }
  bool is_new;
  size_t n;
  if ((o->events && store_import_events (o->store, o->events, &o->event_set, &is_new, &n, &err))
      || store_load_events (o->store, o->event_set, &o->tl, &err))
    cmd_store_die (&o->store, &err);
}

/* The options that decide what is computed, recorded with a run so that
 * --rerun and export parse them again; where the inputs come from, the
 * output and --jobs are not. */
static void
record_option (opts *o, int c, const char *arg)
{
  static const int study[] = { OPT_ALIGN, OPT_WINDOW, OPT_EST_SESSIONS, OPT_EST_GAP,
                               OPT_OVERNIGHT, OPT_MODEL, OPT_MIN_EST, OPT_SEASONAL,
                               OPT_SEASONAL_BIN, OPT_MEASURE, OPT_PARTIAL_FEED, OPT_RETURNS };
  for (size_t i = 0; i < sizeof study / sizeof *study; i++)
    if (study[i] == c)
      for (const struct option *l = long_options; l->name; l++)
        if (l->val == c)
          {
            char *name = evs_xmalloc (strlen (l->name) + 3);
            sprintf (name, "--%s", l->name);
            o->rec = evs_xrealloc (o->rec, (o->nrec + 2) * sizeof *o->rec);
            o->rec[o->nrec++] = name;
            if (l->has_arg)
              o->rec[o->nrec++] = evs_xstrdup (arg);
            return;
          }
}

static void
parse (int argc, char **argv, opts *o)
{
  const char *ticker = NULL;
  const calendar_exchange *x = NULL;
  nf = 0;
  int c;
  o->partial = -1;
  o->jobs = pool_default_jobs ();
  o->max_residuals = BAR_AGG_MAX_EST;
  o->so = (bar_study_opts) { BARS_ALIGN_START, MODEL_MEAN, NULL, 0, 10, 1800, false, 100, 0, false, false, false };
  while ((c = getopt_long (argc, argv, "o:hj:", long_options, NULL)) != -1)
    {
    record_option (o, c, optarg);
    switch (c)
      {
      case OPT_PRICES:
      case OPT_MARKET:
        if (nf == MAX_FILES)
          cli_usage_error ("more than %d bar files and stored series", MAX_FILES);
        files[nf] = optarg, fmarket[nf] = c == OPT_MARKET, ftick[nf] = ticker;
        fstored[nf] = false, fx[nf++] = x, ticker = NULL;
        break;
      case OPT_STORED:
      case OPT_STORED_MARKET:
        if (nf == MAX_FILES)
          cli_usage_error ("more than %d bar files and stored series", MAX_FILES);
        files[nf] = optarg, fmarket[nf] = c == OPT_STORED_MARKET, ftick[nf] = NULL;
        fstored[nf] = true, fx[nf++] = NULL;
        break;
      case OPT_DB: o->db = optarg; break;
      case OPT_RERUN: o->rerun = cli_parse_long ("--rerun", optarg, 1, INT64_MAX); break;
      case OPT_TICKER: ticker = optarg; break;
      case OPT_EXCHANGE:
        if (!(x = calendar_by_code (optarg)))
          cli_usage_error ("unknown exchange '%s'", optarg);
        break;
      case OPT_EVENTS: o->events = optarg; break;
      case OPT_ALIGN:
        if (strcmp (optarg, "start") && strcmp (optarg, "end"))
          cli_usage_error ("invalid --align '%s': expected start or end", optarg);
        o->so.align = strcmp (optarg, "end") == 0 ? BARS_ALIGN_END : BARS_ALIGN_START;
        break;
      case OPT_WINDOW:
        if (o->nwin == 64 || !bar_window_parse (optarg, &o->win[o->nwin]))
          cli_usage_error ("invalid --window '%s': expected A:B in bars (-30:60) "
                           "or clock time (-30m:2h)", optarg);
        o->nwin++;
        break;
      case OPT_REPORT: o->report_dir = optarg; break;
      case OPT_MAX_RESIDUALS:
        o->max_residuals = (size_t) cli_parse_long ("--max-residuals", optarg, 0, LONG_MAX);
        break;
      case OPT_RETURNS:
        if (strcmp (optarg, "simple") && strcmp (optarg, "log"))
          cli_usage_error ("invalid --returns '%s': expected simple or log", optarg);
        o->so.log_returns = strcmp (optarg, "log") == 0;
        break;
      case OPT_EST_SESSIONS:
        o->so.est_sessions = (int) cli_parse_long ("--estimation-sessions", optarg, 1, 1000);
        break;
      case OPT_EST_GAP: o->so.est_gap = parse_duration ("--estimation-gap", optarg); break;
      case OPT_OVERNIGHT:
        if (strcmp (optarg, "include") && strcmp (optarg, "exclude"))
          cli_usage_error ("invalid --overnight '%s': expected include or exclude", optarg);
        o->so.overnight = strcmp (optarg, "include") == 0;
        break;
      case OPT_MODEL:
        if (strcmp (optarg, "mean") && strcmp (optarg, "market"))
          cli_usage_error ("invalid --model '%s' for intraday: expected mean or market", optarg);
        o->so.model = strcmp (optarg, "market") == 0 ? MODEL_MARKET : MODEL_MEAN;
        o->have_model = true;
        break;
      case OPT_MIN_EST:
        o->so.min_est = (size_t) cli_parse_long ("--min-estimation", optarg, 3, 100000000);
        break;
      case OPT_SEASONAL:
        o->so.seasonal = o->so.seasonal ? o->so.seasonal : 30;
        break;
      case OPT_SEASONAL_BIN:
        {
          int64_t d = parse_duration ("--seasonal-bin", optarg);
          if (d < 60 || d % 60 || 1440 % (d / 60))
            cli_usage_error ("invalid --seasonal-bin '%s': whole minutes dividing a day, "
                             "e.g. 15m, 30m, 1h", optarg);
          o->so.seasonal = (int) (d / 60);
        }
        break;
      case OPT_FORMAT:
        if (strcmp (optarg, "csv") && strcmp (optarg, "json") && strcmp (optarg, "table")
            && strcmp (optarg, "text"))
          cli_usage_error ("invalid --format '%s' for intraday: expected csv, json, table or text",
                           optarg);
        o->json = strcmp (optarg, "json") == 0;
        o->table_text = strcmp (optarg, "table") == 0;
        o->text = strcmp (optarg, "text") == 0;
        break;
      case OPT_TABLE:
        {
          static const char *const names[] = { "car", "ar", "day0", "series", "aggregate" };
          size_t k = 0;
          while (k < 5 && strcmp (optarg, names[k]) != 0)
            k++;
          if (k == 5)
            cli_usage_error ("invalid --table '%s': expected car, ar, day0, series or aggregate",
                             optarg);
          o->table = (enum table) k;   /* T_CAR, T_AR, T_DAY0, T_SERIES, T_AGG */
        }
        break;
      case 'o': o->output = optarg; break;
      case 'j': o->jobs = (unsigned) cli_parse_long ("--jobs", optarg, 1, POOL_MAX_JOBS); break;
      case OPT_PLOT: o->plot.dir = optarg; break;
      case OPT_MEASURE:
        if (strcmp (optarg, "return") && strcmp (optarg, "volume"))
          cli_usage_error ("invalid --measure '%s': expected return or volume", optarg);
        o->volume = strcmp (optarg, "volume") == 0;
        break;
      case OPT_PARTIAL_FEED:
        o->partial = strcmp (optarg, "yes") == 0 ? 1 : strcmp (optarg, "no") == 0 ? 0
                     : strcmp (optarg, "auto") == 0 ? -1 : -2;
        if (o->partial == -2)
          cli_usage_error ("invalid --partial-feed '%s': expected auto, yes or no", optarg);
        break;
      case OPT_PLOT_FORMAT:
        if (!plot_parse_format (optarg, &o->plot.format))
          cli_usage_error ("invalid --plot-format '%s': expected png, svg or pdf", optarg);
        o->plot_format_given = true;
        break;
      case OPT_PLOT_TEMPLATES: o->plot.templates = optarg; break;
      case OPT_GNUPLOT: o->plot.gnuplot = optarg; break;
      case 'h': usage ();
      default:
        fputs ("Try 'evstudy intraday --help' for more information.\n", stderr);
        exit (EVS_EUSAGE);
      }
    }
  if (optind < argc)
    cli_usage_error ("unexpected argument '%s'", argv[optind]);
  if (ticker)
    cli_usage_error ("--ticker '%s' names no --prices or --market after it", ticker);
  if (o->rerun && !o->db)
    cli_usage_error ("--rerun needs --db FILE");
  if (o->rerun && !o->reparse)
    return;     /* the run's own options are read (rerun_parse) */
  if (nf == 0)
    cli_usage_error ("intraday needs --prices FILE");
  if (o->text && o->table != T_CAR)
    cli_usage_error ("--format text writes a sentence per pair and window: --table ar, day0, "
                     "series and aggregate are csv, json or table");
  if (o->table_text && o->table != T_CAR && o->table != T_AGG)
    cli_usage_error ("--format table shows the CAR table (and, with --table aggregate, the "
                     "aggregate): --table ar, day0 and series are csv or json");
  if (o->volume && o->so.log_returns)
    cli_usage_error ("--returns log is for returns: --measure volume reads ln(1 + V) levels");
  for (size_t i = 0; i < nf; i++)
    if (fstored[i] && !o->db)
      cli_usage_error ("--stored '%s' needs --db FILE", files[i]);
  if (!o->events && !o->reparse && o->table != T_SERIES)
    cli_usage_error ("intraday needs --events FILE (or --table series)");
  bool any_market = false;
  for (size_t i = 0; i < nf; i++)
    any_market = any_market || fmarket[i];
  if (any_market && !o->have_model)
    o->so.model = MODEL_MARKET;
  if (o->so.model == MODEL_MARKET && !any_market)
    cli_usage_error ("--model market needs --market FILE");
  if (o->nwin == 0)
    {
      bar_window_parse ("0:0", &o->win[0]);
      bar_window_parse ("0:4", &o->win[1]);
      bar_window_parse ("-30:60", &o->win[2]);
      o->nwin = 3;
    }
  o->so.windows = o->win, o->so.nwindows = o->nwin;
  if (o->report_dir && !o->events)
    cli_usage_error ("--report needs --events FILE");
  cli_check_outputs (o->output, o->plot.dir, o->report_dir);
}

/* The market for S: the first of its exchange, else the first. */
static const bars_series *
market_for (const opts *o, const bars_series *s)
{
  const bars_series *first = NULL;
  for (size_t i = 0; i < o->all.n; i++)
    if (o->is_market[i])
      {
        if (o->all.v[i].x == s->x)
          return &o->all.v[i];
        first = first ? first : &o->all.v[i];
      }
  return first;
}

/* Whether S's volume is flagged as a partial feed's. */
static bool
partial_feed (const opts *o, const bars_series *s)
{
  return o->partial >= 0 ? o->partial == 1 : strcmp (s->layout, "alpaca") == 0;
}

/* The pairs of each series, for run_series: SLOT[FIRST[i]..FIRST[i+1])
 * are the result slots of series I's pairs and EVENT the events, in
 * event order. */
typedef struct pair_plan {
  opts *o;
  size_t *first, *slot, *event;
} pair_plan;

/* Lazy: the bars of stub I (a stock) read by this worker into it; false
 * on an error, kept for run_pairs. */
static bool
lazy_read (opts *o, size_t i)
{
  bars_series full, *s = &o->all.v[i];
  o->lazy_rc[i] = bar_store_read (o->db, s->ticker, o->gen, &full, &o->lazy_err[i]);
  if (o->lazy_rc[i])
    return false;
  s->t = full.t, s->close = full.close, s->volume = full.volume;
  s->session = full.session, s->minute = full.minute;
  s->n = full.n, s->cap = full.cap, s->len = full.len;
  full.t = NULL, full.close = full.volume = NULL, full.session = NULL, full.minute = NULL;
  bars_release (&full);
  return true;
}

/* Lazy: S's bars freed, its name, exchange and bar length kept. */
static void
lazy_free (bars_series *s)
{
  free (s->t);
  free (s->close);
  free (s->volume);
  free (s->session);
  free (s->minute);
  s->t = NULL, s->close = s->volume = NULL, s->session = NULL, s->minute = NULL;
  s->n = s->cap = 0;
}

/* One series (item I of o->all): joined with its market once, then
 * studied at each of its events.  Writes only its pairs' slots. */
static void
run_series (void *ctx, size_t i, unsigned worker)
{
  const pair_plan *p = ctx;
  opts *o = p->o;
  if (p->first[i] == p->first[i + 1])
    return;
  bars_series *s = &o->all.v[i];
  if (o->lazy && !lazy_read (o, i))
    return;
  const bars_series *m = o->so.model == MODEL_MARKET ? market_for (o, s) : NULL;
  bar_joined j;
  if (o->volume)
    bar_join_volume (s, &j);
  else
    bar_join (&o->so, s, m, &j);
  for (size_t q = p->first[i]; q < p->first[i + 1]; q++)
    {
      const evs_event *e = &o->tl.v[p->event[q]];
      bar_result one, *r = o->packs ? &one : &o->res[p->slot[q]];
      if (o->packs)
        memset (&one, 0, sizeof one);
      if (o->volume)
        bar_study_volume_joined (&o->so, e, s, &j, r);
      else
        bar_study_joined (&o->so, e, s, m, &j, r);
      if (o->so.keep_est)
        bar_agg_reduce (&o->agg, worker, p->slot[q], r);
      if (o->packs)
        {
          o->in[p->slot[q]] = i, o->at[p->slot[q]] = o->packs[i].n;
          bar_packed_add (&o->packs[i], p->slot[q], r, o->tl.v, o->all.v, o->win);
          bar_result_release (r);
        }
    }
  bar_joined_release (&j);
  if (o->lazy)
    lazy_free (s);
}

/* Every (event, series) pair, series by series on --jobs threads; the
 * results are in event order, then series order, whatever --jobs. */
static void
run_pairs (opts *o)
{
  size_t ns = o->all.n;
  pair_plan p = { o, evs_xcalloc (ns + 1, sizeof *p.first), NULL, NULL };
  for (size_t e = 0; e < o->tl.n; e++)
    for (size_t i = 0; i < ns; i++)
      if (!o->is_market[i] && events_applies (&o->tl.v[e], o->all.v[i].ticker))
        p.first[i + 1]++, o->nres++;
  for (size_t i = 0; i < ns; i++)
    p.first[i + 1] += p.first[i];
  p.slot = evs_xmalloc ((o->nres ? o->nres : 1) * sizeof *p.slot);
  p.event = evs_xmalloc ((o->nres ? o->nres : 1) * sizeof *p.event);
  if (o->lazy && o->table == T_CAR && !o->json && !o->table_text && !o->text && !o->plot.dir)
    {
      o->packs = evs_xcalloc (ns ? ns : 1, sizeof *o->packs);
      o->in = evs_xmalloc ((o->nres ? o->nres : 1) * sizeof *o->in);
      o->at = evs_xmalloc ((o->nres ? o->nres : 1) * sizeof *o->at);
    }
  else
    o->res = evs_xcalloc (o->nres ? o->nres : 1, sizeof *o->res);
  size_t *fill = evs_xmalloc ((ns ? ns : 1) * sizeof *fill), n = 0;
  memcpy (fill, p.first, ns * sizeof *fill);
  for (size_t e = 0; e < o->tl.n; e++)
    for (size_t i = 0; i < ns; i++)
      if (!o->is_market[i] && events_applies (&o->tl.v[e], o->all.v[i].ticker))
        p.slot[fill[i]] = n++, p.event[fill[i]++] = e;
  if (o->lazy)
    {
      o->lazy_rc = evs_xcalloc (ns ? ns : 1, sizeof *o->lazy_rc);
      o->lazy_err = evs_xcalloc (ns ? ns : 1, sizeof *o->lazy_err);
    }
  if (o->so.keep_est)
    bar_agg_init (&o->agg, o->nres, o->jobs, o->max_residuals);
  pool_for (ns, o->jobs, run_series, &p);
  for (size_t i = 0; o->lazy && i < ns; i++)
    if (o->lazy_rc[i])
      {
        store_close (&o->store);
        cli_die (&o->lazy_err[i]);
      }
  free (o->lazy_rc);
  free (o->lazy_err);
  o->lazy_rc = NULL, o->lazy_err = NULL;
  free (fill);
  free (p.first);
  free (p.slot);
  free (p.event);
}

/* ---- writers ---- */

static void
csv_time (FILE *fp, bool has, int64_t t, const bars_series *s)
{
  char b[32];
  putc (',', fp);
  if (has)
    fputs (bars_format_iso (t, s->x->tz, b), fp);
}

static void
csv_key (FILE *fp, const bar_result *r)
{
  fprintf (fp, "%zu,", r->event->row);
  output_csv_string (fp, r->event->label);
  putc (',', fp);
  output_csv_string (fp, r->s->ticker);
}

static void
write_series (FILE *fp, const opts *o)
{
  fputs ("ticker,source,layout,exchange,market,bars,sessions,bar_seconds,first,last,"
         "outside_hours,reordered\n", fp);
  for (size_t i = 0; i < o->all.n; i++)
    {
      const bars_series *s = &o->all.v[i];
      size_t sessions = 0;
      for (size_t k = 0; k < s->n; k++)
        sessions += bars_first_of_session (s, k);
      output_csv_string (fp, s->ticker);
      putc (',', fp);
      output_csv_string (fp, s->source);
      fprintf (fp, ",%s,%s,%s,%zu,%zu,%d", s->layout, s->x->code,
               o->is_market[i] ? "yes" : "no", s->n, sessions, (int) s->len);
      csv_time (fp, true, s->t[0], s);
      csv_time (fp, true, s->t[s->n - 1], s);
      fprintf (fp, ",%zu,%s\n", s->n_outside, s->reordered ? "yes" : "no");
    }
}

/* Day 0 of every pair, from the series' own bars. */
static void
write_day0 (FILE *fp, const opts *o)
{
  fputs ("event,label,ticker,event_date,instant,day0,day0_close,from,from_close,return\n", fp);
  for (size_t i = 0; i < o->nres; i++)
    {
      const bar_result *r = &o->res[i];
      const bars_series *s = r->s;
      csv_key (fp, r);
      putc (',', fp);
      output_csv_string (fp, r->event->date_text);
      csv_time (fp, r->event->has_instant, r->event->instant, s);
      size_t k = r->event->has_instant ? bars_day0 (s, r->event->instant, o->so.align) : s->n;
      bool has = k < s->n, prev = has && k > 0;
      csv_time (fp, has, has ? s->t[k] : 0, s);
      output_csv_num (fp, has ? s->close[k] : NAN);
      csv_time (fp, prev, prev ? s->t[k - 1] + s->len : 0, s);
      output_csv_num (fp, prev ? s->close[k - 1] : NAN);
      output_csv_num (fp, !prev ? NAN : o->so.log_returns ? log (s->close[k] / s->close[k - 1])
                                   : s->close[k] / s->close[k - 1] - 1);
      putc ('\n', fp);
    }
}

static void
write_vars (FILE *fp, const opts *o)
{
  fputs ("event,label,ticker,day,time,log_volume,expected,ar,se,t,p,multiple,"
         "partial_feed\n", fp);
  for (size_t i = 0; i < o->nres; i++)
    for (size_t d = 0; d < o->res[i].nars; d++)
      {
        const bar_result *r = &o->res[i];
        const bar_ar *a = &r->ars[d];
        csv_key (fp, r);
        fprintf (fp, ",%ld", a->rel);
        csv_time (fp, true, a->t, r->s);
        /* multiple: (1 + V) / exp(mean_b), the bar's volume as a multiple
         * of its time of day's (geometric) normal */
        double v[] = { a->r, a->expected, a->ar, a->se, a->t_stat, a->p, exp (a->ar) };
        for (int j = 0; j < 7; j++)
          output_csv_num (fp, v[j]);
        fprintf (fp, ",%s\n", partial_feed (o, r->s) ? "yes" : "no");
      }
}

static void
write_ars (FILE *fp, const opts *o)
{
  if (o->volume)
    {
      write_vars (fp, o);
      return;
    }
  fputs ("event,label,ticker,day,time,return,market_return,expected,ar,se,t,p,from,"
         "overnight\n", fp);
  for (size_t i = 0; i < o->nres; i++)
    for (size_t d = 0; d < o->res[i].nars; d++)
      {
        const bar_result *r = &o->res[i];
        const bar_ar *a = &r->ars[d];
        csv_key (fp, r);
        fprintf (fp, ",%ld", a->rel);
        csv_time (fp, true, a->t, r->s);
        double v[] = { a->r, a->rm, a->expected, a->ar, a->se, a->t_stat, a->p };
        for (int j = 0; j < 7; j++)
          output_csv_num (fp, v[j]);
        csv_time (fp, true, a->from, r->s);
        fprintf (fp, ",%s\n", a->overnight ? "yes" : "no");
      }
}

/* The CAR rows of results [FROM, TO). */
static void
write_car_rows (FILE *fp, const opts *o, size_t from, size_t to)
{
  for (size_t i = from; i < to; i++)
    {
      const bar_result *r = &o->res[i];
      size_t n = r->ok ? r->ncars : 1;
      for (size_t w = 0; w < n; w++)
        {
          const bar_car *c = r->ok ? &r->cars[w] : NULL;
          bool has = c && c->L;
          csv_key (fp, r);
          putc (',', fp);
          output_csv_string (fp, r->event->date_text);
          csv_time (fp, r->ok, r->t0, r->s);
          fprintf (fp, ",%s", c ? c->w->text : "");
          csv_time (fp, has, has ? c->t_first : 0, r->s);
          csv_time (fp, has, has ? c->t_last : 0, r->s);
          putc (',', fp);
          if (c)
            fprintf (fp, "%zu", c->L);
          double v[] = { has ? c->car : NAN, has ? c->se : NAN, has ? c->t_stat : NAN,
                         c ? c->df : NAN, has ? c->p : NAN };
          for (int j = 0; j < 5; j++)
            output_csv_num (fp, v[j]);
          putc (',', fp);
          if (r->ok)
            fprintf (fp, "%zu", r->n_est);
          output_csv_num (fp, r->ok ? r->fit.alpha : NAN);
          output_csv_num (fp, r->ok ? r->fit.beta : NAN);
          output_csv_num (fp, r->ok ? r->fit.sigma : NAN);
          fputs (r->ok ? ",ok," : ",skipped,", fp);
          output_csv_string (fp, r->reason);
          if (o->volume)
            fprintf (fp, ",%s", partial_feed (o, r->s) ? "yes" : "no");
          putc ('\n', fp);
        }
    }
}

/* The CAR table formatted on --jobs threads, CHUNK results per piece
 * into memory, the pieces written in order a round of them at a time (so
 * the bytes are those of one thread, and memory is a round's).  The
 * formatting of %.17g is most of a large run's writing. */
#define CAR_CHUNK 2048

typedef struct car_round {
  const opts *o;
  size_t base;
  char **buf;
  size_t *len;
} car_round;

static void
format_chunk (void *ctx, size_t c, unsigned worker)
{
  (void) worker;
  const car_round *r = ctx;
  size_t from = r->base + c * CAR_CHUNK, to = from + CAR_CHUNK;
  to = to < r->o->nres ? to : r->o->nres;
  FILE *m = open_memstream (&r->buf[c], &r->len[c]);
  if (!m)
    {
      r->buf[c] = NULL;   /* written on the caller's thread instead */
      return;
    }
  write_car_rows (m, r->o, from, to);
  if (fclose (m))
    {
      free (r->buf[c]);
      r->buf[c] = NULL;
    }
}

static void write_cars_packed (FILE *fp, const opts *o);

static void
write_car_body (FILE *fp, const opts *o)
{
  if (o->jobs < 2 || o->nres <= CAR_CHUNK)
    {
      write_car_rows (fp, o, 0, o->nres);
      return;
    }
  size_t per = 4 * (size_t) o->jobs;
  char **buf = evs_xcalloc (per, sizeof *buf);
  size_t *len = evs_xcalloc (per, sizeof *len);
  for (size_t base = 0; base < o->nres; base += per * CAR_CHUNK)
    {
      size_t left = (o->nres - base + CAR_CHUNK - 1) / CAR_CHUNK;
      size_t n = left < per ? left : per;
      car_round r = { o, base, buf, len };
      pool_for (n, o->jobs, format_chunk, &r);
      for (size_t c = 0; c < n; c++)
        {
          if (buf[c])
            fwrite (buf[c], 1, len[c], fp);
          else
            {
              size_t from = base + c * CAR_CHUNK, to = from + CAR_CHUNK;
              write_car_rows (fp, o, from, to < o->nres ? to : o->nres);
            }
          free (buf[c]);
          buf[c] = NULL;
        }
    }
  free (buf);
  free (len);
}

static void
write_cars (FILE *fp, const opts *o)
{
  fputs ("event,label,ticker,event_date,day0,window,first,last,bars,car,se,t,df,p,"
         "n_est,alpha,beta,sigma,status,reason", fp);
  fputs (o->volume ? ",partial_feed\n" : "\n", fp);
  if (o->packs)
    write_cars_packed (fp, o);
  else
    write_car_body (fp, o);
}

/* The CAR rows of a streamed run: its packed pairs unpacked a window at
 * a time (the rounds write_car_body formats on the threads) and written
 * as the pairs themselves would be. */
static void
write_cars_packed (FILE *fp, const opts *o)
{
  size_t w = 4 * (size_t) o->jobs * CAR_CHUNK;
  bar_result *win = evs_xcalloc (w, sizeof *win);
  for (size_t base = 0; base < o->nres; base += w)
    {
      size_t n = o->nres - base < w ? o->nres - base : w;
      for (size_t k = 0; k < n; k++)
        {
          size_t at = o->at[base + k], pos;
          if (!bar_packed_next (&o->packs[o->in[base + k]], &at, o->all.v, o->all.n,
                                o->in[base + k], o->tl.v, o->tl.n, o->win, o->nwin, &win[k],
                                &pos) || pos != base + k)
            {
              fputs ("evstudy: internal error: a packed result does not unpack\n", stderr);
              abort ();
            }
        }
      opts part = *o;
      part.res = win, part.nres = n, part.packs = NULL;
      write_car_body (fp, &part);
      for (size_t k = 0; k < n; k++)
        bar_result_release (&win[k]);
    }
  free (win);
}

static void
json_num (FILE *fp, const char *key, double x)
{
  fprintf (fp, ", \"%s\": ", key);
  if (isfinite (x))
    fprintf (fp, "%.17g", x);
  else
    fputs ("null", fp);
}

static void
json_time (FILE *fp, const char *key, bool has, int64_t t, const bars_series *s)
{
  char b[32];
  fprintf (fp, ", \"%s\": ", key);
  if (has)
    fprintf (fp, "\"%s\"", bars_format_iso (t, s->x->tz, b));
  else
    fputs ("null", fp);
}

static void
json_result (FILE *fp, const bar_result *r, int o_seasonal)
{
  fprintf (fp, "    {\"event\": %zu, \"label\": ", r->event->row);
  output_json_string (fp, r->event->label);
  fputs (", \"event_date\": ", fp);
  output_json_string (fp, r->event->date_text);
  fputs (", \"ticker\": ", fp);
  output_json_string (fp, r->s->ticker);
  fputs (", \"market\": ", fp);
  if (r->m)
    output_json_string (fp, r->m->ticker);
  else
    fputs ("null", fp);
  json_time (fp, "day0", r->ok, r->t0, r->s);
  fprintf (fp, ", \"status\": \"%s\", \"reason\": ", r->ok ? "ok" : "skipped");
  if (*r->reason)
    output_json_string (fp, r->reason);
  else
    fputs ("null", fp);
  fprintf (fp, ",\n    \"estimation\": {\"model\": \"%s\", \"seasonal_bin_minutes\": %d, "
           "\"n\": %zu", r->m ? "market" : "mean", o_seasonal, r->n_est);
  json_time (fp, "first", r->ok && r->n_est, r->est_first, r->s);
  json_time (fp, "last", r->ok && r->n_est, r->est_last, r->s);
  json_num (fp, "alpha", r->ok ? r->fit.alpha : NAN);
  json_num (fp, "beta", r->ok ? r->fit.beta : NAN);
  json_num (fp, "sigma", r->ok ? r->fit.sigma : NAN);
  json_num (fp, "df", r->ok ? r->fit.df : NAN);
  fputs ("},\n    \"ar\": [", fp);
  for (size_t d = 0; d < r->nars; d++)
    {
      const bar_ar *a = &r->ars[d];
      fprintf (fp, "%s\n      {\"day\": %ld", d ? "," : "", a->rel);
      json_time (fp, "time", true, a->t, r->s);
      json_time (fp, "from", true, a->from, r->s);
      fprintf (fp, ", \"overnight\": %s", a->overnight ? "true" : "false");
      json_num (fp, "return", a->r);
      json_num (fp, "market_return", a->rm);
      json_num (fp, "expected", a->expected);
      json_num (fp, "ar", a->ar);
      json_num (fp, "se", a->se);
      json_num (fp, "t", a->t_stat);
      json_num (fp, "p", a->p);
      putc ('}', fp);
    }
  fputs (r->nars ? "\n    ],\n    \"car\": [" : "],\n    \"car\": [", fp);
  for (size_t w = 0; w < r->ncars; w++)
    {
      const bar_car *c = &r->cars[w];
      fprintf (fp, "%s\n      {\"window\": ", w ? "," : "");
      output_json_string (fp, c->w->text);
      json_time (fp, "first", c->L, c->t_first, r->s);
      json_time (fp, "last", c->L, c->t_last, r->s);
      fprintf (fp, ", \"bars\": %zu", c->L);
      json_num (fp, "car", c->L ? c->car : NAN);
      json_num (fp, "se", c->L ? c->se : NAN);
      json_num (fp, "t", c->L ? c->t_stat : NAN);
      json_num (fp, "df", c->df);
      json_num (fp, "p", c->L ? c->p : NAN);
      putc ('}', fp);
    }
  fputs (r->ncars ? "\n    ]" : "]", fp);
}

/* The battery of an aggregate row in the order of the CSV (and of the
 * daily aggregate's cells). */
static void
agg_tests (const bar_agg_row *r, const evtests_result *t[17])
{
  const evtests_result *v[17] = { &r->t, &r->patell, &r->patell_kp, &r->bmp, &r->bmp_kp,
                                  &r->skew_t, &r->hall_t, &r->sign, &r->sign_z, &r->gsign,
                                  &r->csign, &r->rank, &r->czrank, &r->grank_t, &r->grank_z,
                                  &r->wilcoxon, &r->wilcoxon_z };
  memcpy (t, v, sizeof v);
}

/* --format json --table aggregate: "aggregate", a cell per window (kind
 * window) and per relative bar (kind bar, "day" as in the CSV) with the
 * daily aggregate cell's fields (n, mean, clustered, kp_rbar, tests of
 * test, statistic, df, p), and what the residual tests saw. */
static void
json_aggregate (FILE *fp, const opts *o)
{
  bar_agg_row *v;
  bar_agg_info info;
  size_t n = bar_aggregate (&o->so, o->res, o->nres, &o->agg, &v, &info);
  fprintf (fp, ",\n\"residuals\": {\"total\": %zu, \"max\": %zu, \"kept\": %s},\n"
           "\"aggregate\": [", info.residuals, o->agg.cap, info.kept ? "true" : "false");
  for (size_t i = 0; i < n; i++)
    {
      const bar_agg_row *r = &v[i];
      fprintf (fp, "%s\n  {\"kind\": ", i ? "," : "");
      if (r->w)
        {
          fputs ("\"window\", \"window\": ", fp);
          output_json_string (fp, r->w->text);
        }
      else
        fprintf (fp, "\"bar\", \"day\": %ld", r->day);
      fprintf (fp, ", \"n\": %zu", r->n);
      json_num (fp, "mean", r->mean);
      fprintf (fp, ", \"clustered\": %zu", info.clustered);
      json_num (fp, "kp_rbar", info.rbar);
      fputs (", \"tests\": [", fp);
      const evtests_result *t[17];
      agg_tests (r, t);
      for (size_t k = 0; k < 17; k++)
        {
          fprintf (fp, "%s{\"test\": \"%s\"", k ? ", " : "", t[k]->name);
          json_num (fp, "statistic", t[k]->stat);
          json_num (fp, "df", t[k]->df);
          json_num (fp, "p", t[k]->p);
          putc ('}', fp);
        }
      fputs ("]}", fp);
    }
  fputs (n ? "\n]" : "]", fp);
  free (v);
}

/* "  stat  p  " columns of test T in a table row, as the daily table. */
static void
table_test (FILE *fp, const evtests_result *t)
{
  if (isfinite (t->stat))
    fprintf (fp, " %7.2f %7.4f%-3s", t->stat, t->p, output_stars (t->p));
  else
    fputs ("       -       -   ", fp);
}

/* --format table --table aggregate: after the pairs, the windows across
 * them with the daily table's five tests (the Kolari-Pynnonen-adjusted
 * Patell and BMP when pairs share bar 0), then a legend. */
static void
table_aggregate (FILE *fp, const opts *o)
{
  bar_agg_row *v;
  bar_agg_info info;
  size_t n = bar_aggregate (&o->so, o->res, o->nres, &o->agg, &v, &info), ok = 0;
  for (size_t i = 0; i < o->nres; i++)
    ok += o->res[i].ok;
  bool kp = info.clustered > 1 && isfinite (info.rbar);
  fprintf (fp, "aggregate: %zu pairs\n", ok);
  if (kp)
    fprintf (fp, "  %zu pairs share bar 0's instant: Kolari-Pynnonen adjustment applied "
             "(mean residual correlation %.4f)\n", info.clustered, info.rbar);
  else if (info.clustered > 1)
    fprintf (fp, "  %zu pairs share bar 0's instant, but their %zu estimation residuals are "
             "over --max-residuals (%zu): no Kolari-Pynnonen adjustment, no GRANK\n",
             info.clustered, info.residuals, o->agg.cap);
  const char *labels[] = { "t (cross-section)", kp ? "Patell-KP Z" : "Patell Z",
                           kp ? "BMP-KP t" : "BMP t", "GRANK t", "generalized sign" };
  fprintf (fp, "  %-14s %4s %8s", "", "", "");
  for (int j = 0; j < 5; j++)
    fprintf (fp, " %-18s", labels[j]);
  fprintf (fp, "\n  %-14s %4s %8s", "window", "N", o->volume ? "CAAV" : "CAAR%");
  for (int j = 0; j < 5; j++)
    fprintf (fp, " %7s %7s   ", "stat", "p");
  putc ('\n', fp);
  for (size_t i = 0; i < n && v[i].w; i++)
    {
      const bar_agg_row *r = &v[i];
      if (r->n)
        fprintf (fp, o->volume ? "  %-14s %4zu %8.4f" : "  %-14s %4zu %8.2f", r->w->text, r->n,
                 o->volume ? r->mean : 100 * r->mean);
      else
        fprintf (fp, "  %-14s %4zu %8s", r->w->text, r->n, "-");
      table_test (fp, &r->t);
      table_test (fp, kp ? &r->patell_kp : &r->patell);
      table_test (fp, kp ? &r->bmp_kp : &r->bmp);
      table_test (fp, &r->grank_t);
      table_test (fp, &r->gsign);
      putc ('\n', fp);
    }
  fputs ("\nt: cross-sectional t; GRANK t: Kolari and Pynnonen (2011); generalized sign:\n"
         "Cowan (1992); ", fp);
  fputs (kp ? "Patell-KP Z: Patell (1976) Z / sqrt(1 + (N - 1) rbar); BMP-KP t: Boehmer,\n"
              "Musumeci and Poulsen (1991) t * sqrt((1 - rbar) / (1 + (N - 1) rbar)); both\n"
              "Kolari and Pynnonen (2010), rbar the mean residual correlation;\n"
            : "Patell Z: Patell (1976); BMP t: Boehmer, Musumeci and Poulsen (1991);\n", fp);
  fputs ("every test per window and per bar: --table aggregate --format csv or json\n", fp);
  free (v);
}

static void
write_json (FILE *fp, const opts *o)
{
  fprintf (fp, "{\"intraday\": true, \"measure\": \"%s\", \"align\": \"%s\", "
           "\"returns\": \"%s\", \"results\": [\n", o->volume ? "volume" : "return",
           o->so.align == BARS_ALIGN_END ? "end" : "start",
           o->so.log_returns ? "log" : "simple");
  for (size_t i = 0; i < o->nres; i++)
    {
      json_result (fp, &o->res[i], o->so.seasonal);
      if (o->volume)
        fprintf (fp, ", \"partial_feed\": %s",
                 partial_feed (o, o->res[i].s) ? "true" : "false");
      putc ('}', fp);
      fputs (i + 1 < o->nres ? ",\n" : "\n", fp);
    }
  fputs ("]", fp);
  if (o->table == T_AGG)
    json_aggregate (fp, o);
  fputs ("}\n", fp);
}

/* --format table: per pair, its heading, day 0 and the fit, then a row
 * per window: CAR (or CAV, in log units) as a decimal, se, t, df, p. */
static void
write_table (FILE *fp, const opts *o)
{
  char b0[32], b1[32];
  for (size_t i = 0; i < o->nres; i++)
    {
      const bar_result *r = &o->res[i];
      text_put_visible (fp, r->s->ticker);
      fprintf (fp, "  event %zu (", r->event->row);
      text_put_visible (fp, r->event->date_text);
      fputs ("): ", fp);
      text_put_visible (fp, r->event->label);
      putc ('\n', fp);
      if (!r->ok)
        {
          fputs ("  skipped: ", fp);
          text_put_visible (fp, r->reason);
          fputs ("\n\n", fp);
          continue;
        }
      fprintf (fp, "  day 0 %s; ", bars_format_iso (r->t0, r->s->x->tz, b0));
      if (o->volume)
        fputs ("abnormal log volume ln(1 + V) against its time of day", fp);
      else
        {
          fprintf (fp, "%s model%s", r->m ? "market" : "mean", r->m ? " vs " : "");
          if (r->m)
            text_put_visible (fp, r->m->ticker);
        }
      fprintf (fp, "; %zu estimation bars %s..%s\n", r->n_est,
               bars_format_iso (r->est_first, r->s->x->tz, b0),
               bars_format_iso (r->est_last, r->s->x->tz, b1));
      if (!o->volume)
        {
          fprintf (fp, "  alpha %.6f", r->fit.alpha);
          if (isfinite (r->fit.beta))
            fprintf (fp, "  beta %.4f", r->fit.beta);
          fprintf (fp, "  sigma %.6f\n", r->fit.sigma);
        }
      fprintf (fp, "  %-14s %5s  %-25s  %-25s %9s %8s %7s %6s %9s\n", "window", "bars",
               "first", "last", o->volume ? "CAV" : "CAR", "se", "t", "df", "p");
      for (size_t w = 0; w < r->ncars; w++)
        {
          const bar_car *c = &r->cars[w];
          fprintf (fp, "  %-14s %5zu  ", c->w->text, c->L);
          if (!c->L)
            {
              fputs ("(no bar in the window)\n", fp);
              continue;
            }
          fprintf (fp, "%-25s  %-25s %9.5f %8.5f %7.2f %6.0f ",
                   bars_format_iso (c->t_first, r->s->x->tz, b0),
                   bars_format_iso (c->t_last, r->s->x->tz, b1), c->car, c->se, c->t_stat,
                   c->df);
          fprintf (fp, c->p >= 1e-4 || c->p == 0 ? "%9.4f" : "%9.1e", c->p);
          fprintf (fp, " %s\n", output_stars (c->p));
        }
      if (o->volume && partial_feed (o, r->s))
        fputs ("  volume of a partial feed (see --partial-feed)\n", fp);
      putc ('\n', fp);
    }
  if (o->table == T_AGG)
    table_aggregate (fp, o);
}

/* --table aggregate: a row per window (kind caar), then per relative
 * bar (kind aar): pairs, mean and the battery of bar_aggregate.h, each
 * test's statistic and p (the names of the daily aggregate's tests). */
static const char agg_header[] =
  "kind,window,day,n,mean,t,df,p,bmp,bmp_p,sign,sign_p,wilcoxon,wilcoxon_p,"
  "patell,patell_p,patell_kp,patell_kp_p,bmp_kp,bmp_kp_p,skew_t,skew_t_p,hall_t,hall_t_p,"
  "gsign,gsign_p,csign,csign_p,rank,rank_p,czrank,czrank_p,grank_t,grank_t_df,grank_t_p,"
  "grank_z,grank_z_p,clustered,kp_rbar\n";

static void
write_aggregate (FILE *fp, const opts *o)
{
  bar_agg_row *v;
  bar_agg_info info;
  size_t n = bar_aggregate (&o->so, o->res, o->nres, &o->agg, &v, &info);
  fputs (agg_header, fp);
  for (size_t i = 0; i < n; i++)
    {
      const bar_agg_row *r = &v[i];
      if (r->w)
        fprintf (fp, "caar,%s,", r->w->text);
      else
        fprintf (fp, "aar,,%ld", r->day);
      fprintf (fp, ",%zu", r->n);
      double x[] = { r->mean, r->t.stat, r->t.df, r->t.p, r->bmp.stat, r->bmp.p, r->sign.stat,
                     r->sign.p, r->wilcoxon.stat, r->wilcoxon.p };
      for (size_t k = 0; k < sizeof x / sizeof *x; k++)
        output_csv_num (fp, x[k]);
      const evtests_result *tv[] = { &r->patell, &r->patell_kp, &r->bmp_kp, &r->skew_t,
                                     &r->hall_t, &r->gsign, &r->csign, &r->rank, &r->czrank,
                                     &r->grank_t, &r->grank_z };
      for (size_t k = 0; k < sizeof tv / sizeof *tv; k++)
        {
          output_csv_num (fp, tv[k]->stat);
          if (tv[k] == &r->grank_t)
            output_csv_num (fp, tv[k]->df);
          output_csv_num (fp, tv[k]->p);
        }
      fprintf (fp, ",%zu", info.clustered);
      output_csv_num (fp, info.rbar);
      putc ('\n', fp);
    }
  free (v);
}

/* Why the residual tests are empty, once, on stderr. */
static void
warn_aggregate_cap (const opts *o)
{
  if (o->so.keep_est && o->agg.total > o->agg.cap)
    fprintf (stderr, "evstudy: warning: --table aggregate: the pairs have %zu estimation "
             "residuals, more than the %zu kept for the Corrado-Zivney rank test, GRANK and "
             "the Kolari-Pynnonen adjustment (about 28 bytes each): those are left empty; "
             "the other tests use per-pair reductions and are complete\n",
             o->agg.total, o->agg.cap);
}

static void
write_all (FILE *fp, const void *ctx)
{
  const opts *o = ctx;
  if (o->table == T_SERIES)
    write_series (fp, o);
  else if (o->table == T_AGG && !o->json && !o->table_text)
    write_aggregate (fp, o);
  else if (o->table == T_DAY0)
    write_day0 (fp, o);
  else if (o->json)
    write_json (fp, o);
  else if (o->text)
    bar_findings_write (fp, o->res, o->nres, o->volume, o->so.log_returns,
                        o->so.seasonal && o->so.overnight);
  else if (o->table_text)
    write_table (fp, o);
  else if (o->table == T_AR)
    write_ars (fp, o);
  else
    write_cars (fp, o);
}

/* ---- runs recorded in the store ---- */

/* --rerun N: the run's recorded options, then this command line's (only
 * --db, --rerun, output options and --jobs), parsed again into O. */
static void
rerun_parse (int argc, char **argv, opts *o)
{
  evs_error err;
  bool intraday;
  if (nf || o->nrec || o->events)
    cli_usage_error ("--rerun %lld repeats the run with its own inputs and options: only"
                     " --format, --table, -o, --plot and --jobs may be added",
                     (long long) o->rerun);
  evs_store *st = cmd_store_open (o->db, 0, 30000);
  store_run_meta m;
  if (bar_store_is_intraday (st, o->rerun, &intraday, &err)
      || store_run_meta_load (st, o->rerun, &m, &err))
    cmd_store_die (&st, &err);
  if (!intraday)
    {
      store_close (&st);
      cli_usage_error ("run %lld is not an intraday run: evstudy run --db %s --rerun %lld",
                       (long long) o->rerun, o->db, (long long) o->rerun);
    }
  char **v = evs_xcalloc (m.nargs + (size_t) argc + 1, sizeof *v);
  int n = 0;
  v[n++] = argv[0];
  for (size_t i = 0; i < m.nargs; i++)
    v[n++] = m.args[i];
  for (int i = 1; i < argc; i++)
    v[n++] = argv[i];
  memset (o, 0, sizeof *o);
  bars_list_init (&o->all);
  o->reparse = true;
  optind = 0;     /* a new parse (GNU getopt: reinitialised) */
  parse (n, v, o);
  o->store = st, o->meta = m, o->gen = m.generation, o->event_set = m.event_set;
  o->argv = v;    /* its strings are argv's and the meta's */
}

/* Records the run: its study options, the series read as --stored (in
 * their order), the generation and event set, every result. */
static void
record_run (opts *o, const char *started)
{
  size_t n = o->nrec + 2 * o->all.n;
  char **args = evs_xmalloc ((n ? n : 1) * sizeof *args);
  if (o->nrec)     /* rec is NULL without options: memcpy wants a pointer */
    memcpy (args, o->rec, o->nrec * sizeof *args);
  for (size_t i = 0, k = o->nrec; i < o->all.n; i++)
    {
      args[k++] = (char *) (o->is_market[i] ? "--stored-market" : "--stored");
      args[k++] = o->all.v[i].ticker;
    }
  store_run_meta m = { o->rerun, o->gen, o->event_set, args, n, "" };
  snprintf (m.started, sizeof m.started, "%s", started);
  int64_t id;
  evs_error err;
  const char *model = o->so.model == MODEL_MARKET ? "market" : "mean";
  const char *measure = o->volume ? "volume" : "return";
  if (o->packs ? bar_store_record_packed (o->store, &m, model, measure, false, o->all.v,
                                          o->is_market, o->all.n, o->packs, o->nres, &id, &err)
      : bar_store_record_run (o->store, &m, model, measure, !o->so.no_ars, o->all.v,
                              o->is_market, o->all.n, o->tl.v, o->win, o->nwin, o->res,
                              o->nres, &id, &err))
    cmd_store_die (&o->store, &err);
  free (args);
  if (isatty (STDERR_FILENO))
    fprintf (stderr, "evstudy: run %lld recorded (%zu results)\n", (long long) id, o->nres);
}

static void
release (opts *o)
{
  for (size_t i = 0; o->res && i < o->nres; i++)
    bar_result_release (&o->res[i]);
  free (o->res);
  for (size_t i = 0; o->packs && i < o->all.n; i++)
    free (o->packs[i].b);
  free (o->packs);
  free (o->in);
  free (o->at);
  if (o->events || o->event_set)
    events_release (&o->tl);
  bars_list_release (&o->all);
  free (o->is_market);
  for (size_t i = 0; i < o->nrec; i++)
    free (o->rec[i]);
  free (o->rec);
  store_run_meta_release (&o->meta);
  free (o->argv);
  store_close (&o->store);
}

int
cmd_intraday_export (evs_store **sp, const char *db, int64_t run, const char *format,
                     const char *table, const char *output)
{
  evs_error err;
  opts o;
  store_run_meta m;
  if (store_run_meta_load (*sp, run, &m, &err))
    cmd_store_die (sp, &err);
  char **v = evs_xcalloc (m.nargs + 10, sizeof *v);
  int n = 0;
  v[n++] = (char *) "intraday", v[n++] = (char *) "--db", v[n++] = (char *) db;
  for (size_t i = 0; i < m.nargs; i++)
    v[n++] = m.args[i];
  if (format)
    v[n++] = (char *) "--format", v[n++] = (char *) format;
  if (table)
    v[n++] = (char *) "--table", v[n++] = (char *) table;
  if (output)
    v[n++] = (char *) "--output", v[n++] = (char *) output;
  memset (&o, 0, sizeof o);
  bars_list_init (&o.all);
  o.reparse = o.from_record = true;
  optind = 0;
  parse (n, v, &o);
  o.store = *sp, *sp = NULL;
  o.meta = m, o.gen = m.generation, o.event_set = m.event_set;
  load_events (&o);
  /* day0 and series are the bars' own: read them as of the run; the
   * other tables need only each series' name, exchange and layout.  The
   * aggregate's rank, sign and Kolari-Pynnonen tests read every pair's
   * estimation residuals, which a run does not store (bar_store.h): they
   * are computed again from the bars as of the run, with the run's
   * options, so the bytes are the run's (nothing is recorded). */
  bool recompute = o.table == T_AGG;
  if (o.table == T_DAY0 || o.table == T_SERIES || recompute)
    load_from_store (&o);
  else
    for (size_t i = 0; i < nf; i++)
      {
        bars_series *s = bars_list_add (&o.all);
        if (bar_store_stub (o.store, files[i], o.gen, s, &err))
          cmd_store_die (&o.store, &err);
        o.is_market = evs_xrealloc (o.is_market, o.all.n * sizeof *o.is_market);
        o.is_market[o.all.n - 1] = fmarket[i];
      }
  if (recompute)
    {
      if (store_read_end (o.store, &err))
        cmd_store_die (&o.store, &err);
      store_close (&o.store);
      o.so.keep_est = true;
      run_pairs (&o);
      warn_aggregate_cap (&o);
    }
  else if (bar_store_load_results (o.store, run, o.all.v, o.all.n, o.tl.v, o.tl.n, o.win,
                                   o.nwin, &o.has_ars, &o.res, &o.nres, &err)
           || store_read_end (o.store, &err))
    cmd_store_die (&o.store, &err);
  store_close (&o.store);
  bool wants_ars = !recompute && (o.json || o.table == T_AR);
  if (wants_ars && !o.has_ars)
    cli_usage_error ("run %lld recorded its CARs only (it wrote the CAR table): evstudy"
                     " intraday --db %s --rerun %lld computes its ARs", (long long) run, db,
                     (long long) run);
  if (cli_write_output (o.output, write_all, &o, &err))
    cli_die (&err);
  if (recompute)
    bar_agg_release (&o.agg);
  release (&o);
  free (v);
  return EXIT_SUCCESS;
}

/* --report DIR: the charts and the page built in a new directory beside
 * DIR and swapped in (report.h); on an error the previous report stays.
 * Returns EVS_OK or EVS_ENOPLOT (charts not drawn, warned). */
static int
write_report (const opts *o)
{
  evs_error err;
  int slot;
  char *tmp = report_begin (o->report_dir, &slot, &err);
  if (!tmp)
    cli_die (&err);
  plot_opts po = o->plot;
  po.dir = tmp;
  po.shown_dir = o->report_dir;
  /* A browser shows SVG and PNG, not PDF. */
  po.format = o->plot_format_given && o->plot.format != PLOT_PDF ? o->plot.format : PLOT_SVG;
  plot_set set;
  int drawn = EVS_OK, rc = bar_plot_write (&po, o->res, o->nres, o->volume, &set, &err);
  if (rc == EVS_OK)
    {
      if (plot_render (&po, &set, &err) != EVS_OK)
        {
          fprintf (stderr, "evstudy: %s\n", err.msg);
          drawn = EVS_ENOPLOT;
        }
      bar_agg_row *rows = NULL;
      bar_agg_info info;
      size_t nrows = o->so.keep_est
                     ? bar_aggregate (&o->so, o->res, o->nres, &o->agg, &rows, &info) : 0;
      char **notes = evs_xcalloc (o->all.n + 2, sizeof *notes);
      size_t nn = 0;
      for (size_t i = 0; o->volume && i < o->all.n; i++)
        if (!o->is_market[i] && partial_feed (o, &o->all.v[i]))
          notes[nn++] = text_printf ("%s: volume flagged as a partial feed's (Alpaca's IEX "
                                     "feed carries about 2%% of consolidated volume): abnormal "
                                     "volume is relative to that feed", o->all.v[i].ticker);
      if (o->so.keep_est && !info.kept && info.residuals)
        notes[nn++] = text_printf ("the pairs' %zu estimation residuals are more than "
                                   "--max-residuals (%zu): no GRANK and no Kolari-Pynnonen "
                                   "adjustment across pairs", info.residuals, o->agg.cap);
      report_info ri = { o->cmd_argc, (const char *const *) o->cmd_argv, set.gnuplot_version, NULL,
                         NULL, 0 };
      report_intraday x = { &o->so, o->res, o->nres, rows, nrows, &info, o->agg.cap, o->volume,
                            o->so.log_returns, o->events, (const char *const *) notes, nn };
      rc = report_write_intraday (tmp, &ri, &x, &set, &err);
      if (rc == EVS_OK)
        rc = report_commit (tmp, slot, o->report_dir, &err);
      plot_set_release (&set);
      for (size_t i = 0; i < nn; i++)
        free (notes[i]);
      free (notes);
      free (rows);
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
cmd_intraday (int argc, char **argv)
{
  opts o;
  char started[32];
  store_now (started);
  memset (&o, 0, sizeof o);
  bars_list_init (&o.all);
  parse (argc, argv, &o);
  o.cmd_argc = argc, o.cmd_argv = argv;
  if (o.rerun)
    rerun_parse (argc, argv, &o);
  /* day0, series, the charts and the report read the bars after the study. */
  o.lazy = o.db && (o.events || o.rerun) && o.table != T_DAY0 && o.table != T_SERIES
           && !o.plot.dir && !o.report_dir;
  load_inputs (&o);
  evs_error err;
  if (o.events || o.rerun)
    load_events (&o);
  /* Only the AR table, JSON and the charts show ARs per bar. */
  o.so.no_ars = o.table == T_CAR && !o.json && !o.text && !o.plot.dir && !o.report_dir;
  o.so.keep_est = o.table == T_AGG || o.report_dir;   /* the report shows the aggregate */
  if (o.events || o.rerun)
    run_pairs (&o);
  warn_aggregate_cap (&o);
  if (o.store && (o.events || o.rerun))
    record_run (&o, started);
  store_close (&o.store);
  for (size_t i = 0; o.volume && i < o.all.n; i++)
    if (!o.is_market[i] && partial_feed (&o, &o.all.v[i]))
      fprintf (stderr, "evstudy: warning: %s: %s: volume flagged as a partial feed's "
               "(Alpaca's IEX feed carries about 2%% of consolidated volume): "
               "abnormal volume is relative to that feed; --partial-feed no if the "
               "bars are SIP\n", o.all.v[i].source, o.all.v[i].ticker);
  if (cli_write_output (o.output, write_all, &o, &err))
    cli_die (&err);
  int status = EXIT_SUCCESS;
  if (o.plot.dir && (o.events || o.rerun))
    {
      plot_set set;
      if (bar_plot_write (&o.plot, o.res, o.nres, o.volume, &set, &err))
        cli_die (&err);
      if (plot_render (&o.plot, &set, &err))
        {
          fprintf (stderr, "evstudy: %s\n", err.msg);
          status = err.code;
        }
      plot_set_release (&set);
    }
  if (o.report_dir && write_report (&o) != EVS_OK)
    status = EVS_ENOPLOT;
  if (o.so.keep_est && (o.events || o.rerun))
    bar_agg_release (&o.agg);
  release (&o);
  return status;
}
