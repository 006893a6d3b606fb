/* cmd-study.c -- the flag form, evstudy --events FILE --prices FILE ...:
 * parse options, load the inputs, run the study, write the results. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>

#include "aggregate.h"
#include "calendar.h"
#include "cli.h"
#include "cli-charts.h"
#include "cli-regress.h"
#include "cli-progress.h"
#include "cmd.h"
#include "error.h"
#include "events.h"
#include "factors.h"
#include "findings.h"
#include "pool.h"
#include "output.h"
#include "price_import.h"
#include "study.h"

enum {
  OPT_EVENTS = CHAR_MAX + 1, OPT_PRICES, OPT_MARKET, OPT_TICKER, OPT_PRICE_COLUMN,
  OPT_EXCHANGE, OPT_RETURNS, OPT_MODEL, OPT_ESTIMATION, OPT_WINDOW,
  OPT_MIN_ESTIMATION, OPT_AR_DAYS, OPT_FORMAT, OPT_TABLE, OPT_OUTPUT, OPT_VERSION,
  OPT_GROUP_BY, OPT_BOOTSTRAP, OPT_SEED, OPT_ADJUST,
  OPT_ALLOW_EMPTY,
  OPT_FACTORS, OPT_FACTOR_COLUMNS, OPT_DIMSON_LAGS,
  OPT_PLOT, OPT_PLOT_FORMAT, OPT_PLOT_TEMPLATES, OPT_CHART_FROM, OPT_GNUPLOT, OPT_REPORT,
  OPT_MAX_MEMORY, OPT_MAX_GAP_DAYS, OPT_MEASURE,
  OPT_REGRESS, OPT_REGRESS_WEIGHTS, OPT_VCOV, OPT_CHARACTERISTICS, OPT_BHAR_TESTS,
  OPT_CALENDAR_TIME, OPT_CT_WEIGHTS, OPT_CT_MIN, OPT_BENCHMARK, OPT_SHARD
};

static const struct option long_options[] = {
  { "events", required_argument, NULL, OPT_EVENTS },
  { "prices", required_argument, NULL, OPT_PRICES },
  { "market", required_argument, NULL, OPT_MARKET },
  { "ticker", required_argument, NULL, OPT_TICKER },
  { "price-column", required_argument, NULL, OPT_PRICE_COLUMN },
  { "exchange", required_argument, NULL, OPT_EXCHANGE },
  { "returns", required_argument, NULL, OPT_RETURNS },
  { "model", required_argument, NULL, OPT_MODEL },
  { "measure", required_argument, NULL, OPT_MEASURE },
  { "estimation", required_argument, NULL, OPT_ESTIMATION },
  { "window", required_argument, NULL, OPT_WINDOW },
  { "min-estimation", required_argument, NULL, OPT_MIN_ESTIMATION },
  { "ar-days", required_argument, NULL, OPT_AR_DAYS },
  { "format", required_argument, NULL, OPT_FORMAT },
  { "table", required_argument, NULL, OPT_TABLE },
  { "group-by", required_argument, NULL, OPT_GROUP_BY },
  { "bootstrap", required_argument, NULL, OPT_BOOTSTRAP },
  { "seed", required_argument, NULL, OPT_SEED },
  { "adjust", required_argument, NULL, OPT_ADJUST },
  { "allow-empty", no_argument, NULL, OPT_ALLOW_EMPTY },
  { "output", required_argument, NULL, 'o' },
  { "plot", required_argument, NULL, OPT_PLOT },
  { "plot-format", required_argument, NULL, OPT_PLOT_FORMAT },
  { "plot-templates", required_argument, NULL, OPT_PLOT_TEMPLATES },
  { "chart-from", required_argument, NULL, OPT_CHART_FROM },
  { "gnuplot", required_argument, NULL, OPT_GNUPLOT },
  { "report", required_argument, NULL, OPT_REPORT },
  { "help", no_argument, NULL, 'h' },
  { "version", no_argument, NULL, OPT_VERSION },
  { "factors", required_argument, NULL, OPT_FACTORS },
  { "factor-columns", required_argument, NULL, OPT_FACTOR_COLUMNS },
  { "dimson-lags", required_argument, NULL, OPT_DIMSON_LAGS },
  { "jobs", required_argument, NULL, 'j' },
  { "max-memory", required_argument, NULL, OPT_MAX_MEMORY },
  { "max-gap-days", required_argument, NULL, OPT_MAX_GAP_DAYS },
  { "regress", required_argument, NULL, OPT_REGRESS },
  { "regress-weights", required_argument, NULL, OPT_REGRESS_WEIGHTS },
  { "vcov", required_argument, NULL, OPT_VCOV },
  { "characteristics", required_argument, NULL, OPT_CHARACTERISTICS },
  { "bhar-tests", no_argument, NULL, OPT_BHAR_TESTS },
  { "calendar-time", required_argument, NULL, OPT_CALENDAR_TIME },
  { "ct-weights", required_argument, NULL, OPT_CT_WEIGHTS },
  { "ct-min", required_argument, NULL, OPT_CT_MIN },
  { "benchmark", required_argument, NULL, OPT_BENCHMARK },
  { "shard", required_argument, NULL, OPT_SHARD },
  { NULL, 0, NULL, 0 }
};

#define MAX_FILES 4096

/* A --prices or --market argument and the ticker given for it. */
typedef struct file_arg {
  const char *path;
  const char *ticker;
} file_arg;

typedef struct exchange_arg {
  const char *ticker;
  const calendar_exchange *x;
} exchange_arg;

/* Everything the command line says. */
typedef struct cli {
  const char *events;
  file_arg prices[MAX_FILES];
  size_t nprices;
  const char *markets[MAX_FILES];
  size_t nmarkets;
  const char *pending_ticker;
  const char *price_column;
  exchange_arg exchanges[MAX_FILES];
  size_t nexchanges;
  bool model_given;
  bool measure_given;
  /* --measure's list in the fixed order return, volume, volatility
   * (opts.measure is the first); several are studied one after the
   * other on the same loaded inputs. */
  enum study_measure measures[3];
  size_t nmeasures;
  bool returns_given;
  study_opts opts;
  study_window windows[256];
  enum output_format format;
  enum output_table table;
  bool table_given;
  bool ar_given;
  const char *output;
  aggregate_opts agg;
  const char *factor_files[16];
  size_t nfactor_files;
  const char *factor_columns;
  bool dimson_given;
  cli_charts charts;          /* --plot, --report and their options */
  bool from_store;       /* `run`: inputs come from the store (cmd-run.c) */
  double max_memory;     /* --max-memory in bytes; 0: half of physical memory */
  bool allow_empty;      /* --allow-empty: a run that measured nothing exits 0 */
  cli_regress regress;   /* --regress and its options (cli-regress.h) */
  struct timespec t0;    /* when the options were parsed (CLOCK_MONOTONIC) */
  progress study_progress;  /* the study's progress on a terminal */
  unsigned shard_i, shard_n;  /* --shard I/N; shard_n 0 without */
  char **canon;          /* the options as --name=value, less --shard and */
  size_t ncanon;         /* ... the output options (shard files, cmd-shard.c) */
} cli;

static void parse_measures (cli *c, const char *arg);

__attribute__ ((noreturn)) static void
usage (int status)
{
  if (status != EXIT_SUCCESS)
    {
      fputs ("Try 'evstudy --help' for more information.\n", stderr);
      exit (status);
    }
  fputs ("\
Usage: evstudy --events FILE --prices FILE [--prices FILE...] [OPTION]...\n\
  or:  evstudy COMMAND [OPTION]...\n\
Measure abnormal returns around events (an event study, MacKinlay 1997).\n\
\n\
Commands (evstudy COMMAND --help for each):\n\
  import                 store price files and an events timeline in a database\n\
  run                    study from a database and record the run there\n\
  history                list the recorded runs; --check verifies the store\n\
  export                 write the results of a recorded run\n\
  merge                  merge the shard files of a --shard run\n\
  intraday               an event study on intraday (minute) bars\n\
Without a command, the options below study files directly (no database).\n\
\n\
Inputs:\n\
  --events FILE          events timeline: CSV with date and label columns,\n\
                         optional time, timezone, company, tickers, source;\n\
                         - reads stdin (once a run, for any input)\n\
  --prices FILE          daily prices (Yahoo, yfinance, Stooq, Nasdaq, Alpha\n\
                         Vantage, Investing.com, Tiingo, or a long file with a\n\
                         ticker column); repeatable; - reads stdin and\n\
                         needs --ticker unless it has a ticker column\n\
  --market FILE|TICKER   market index; repeatable: each series uses the market\n\
                         of its own exchange, else the first; a TICKER loaded\n\
                         with --prices is taken as a market, not studied\n\
  --ticker NAME          ticker of the --prices file just before (or next)\n\
  --price-column NAME    price column to use (default: adjusted close, else close)\n\
  --exchange TICKER=CODE exchange of a series: US HK SS SZ T L DE PA TO\n\
                         (default: from the ticker's suffix)\n\
\n\
Study:\n\
  --measure WHAT         return (default); volume: abnormal log volume\n\
                         ln(1 + V) against the mean, market or\n\
                         market-adjusted model, from the files' volume\n\
                         column (Campbell & Wasley 1996); or volatility:\n\
                         Beaver's U = (AR/se)^2 per day and its window\n\
                         mean, the variance ratio, under any return model;\n\
                         or a list, e.g. return,volume,volatility: each\n\
                         studied on the same inputs, in one document\n\
  --model NAME           mean, market-adjusted, market, ff3, ff5, carhart,\n\
                         factors, scholes-williams, dimson or garch\n\
                         (default: market with --market, else mean)\n\
  --factors FILE         Ken French factor file (ff3, ff5, carhart, factors);\n\
                         repeatable\n\
  --factor-columns LIST  the factor columns of --model factors, comma-separated\n\
  --dimson-lags K        leads and lags of the dimson model (default 1)\n\
  --returns KIND         simple (default) or log\n\
  --estimation A:B       estimation window in sessions (default -250:-11)\n\
  --min-estimation N     fewest estimation days accepted (default 120)\n\
  --window A:B           event window for CARs; repeatable\n\
                         (default -1:1, 0:0, 0:1, -5:5)\n\
  --ar-days A:B          days whose abnormal returns are shown (default -10:10)\n\
  --max-gap-days N       warn when a return in an event window spans more than\n\
                         N calendar days (default 10); a return beyond 50%\n\
                         that the market does not share is warned about too\n\
\n\
Aggregate and tests (AAR per day, CAAR per window, over all pairs and by group):\n\
  --group-by KEY         also aggregate by ticker, event, company or any extra\n\
                         column of the events file\n\
  --bootstrap N          add a wild bootstrap of the CAAR t (Rademacher, N draws)\n\
  --seed S               seed of the bootstrap's random numbers (default 1)\n\
  --adjust holm|bh       adjust each test's p-values across the windows\n\
  -j, --jobs N           threads (default: the number of processors); the\n\
                         results are the same for any N\n\
  --max-memory SIZE      refuse a run estimated to need more (bytes, or with\n\
                         K, M, G or T, powers of 1024; default: half of the\n\
                         physical memory)\n\
  --allow-empty          exit 0 when nothing was measured (no event applies to\n\
                         any series, or every pair was skipped); else exit 7\n\
\n\
Output:\n\
  --format FMT           table (default), csv, json or text (plain sentences)\n\
  --table car|ar|car-path|aggregate|aggregate-days|aggregate-windows|tests\n\
                         CSV and table: CARs per window (default), ARs per day,\n\
                         the CAR cumulated per day from the first --ar-days\n\
                         day with its se (car-path),\n\
                         AAR/CAAR per group (day rows, window rows or both),\n\
                         or every test of the aggregate; columns: doc/schema/;\n\
                         regress: the coefficients of --regress; bhar:\n\
                         the long-horizon BHAR tests; calendar: the\n\
                         calendar-time portfolio\n\
  -o, --output FILE      write to FILE instead of stdout (a regular file is\n\
                         replaced atomically, a device or FIFO written to)\n\
  --shard I/N            study only the series whose ticker hashes to shard I\n\
                         of N (0 <= I < N) and write a shard file to -o, for\n\
                         evstudy merge (README, More than one machine)\n\
\n\
Cross-sectional regressions (README, Cross-sectional regressions):\n\
  --regress \"Y ~ X1 + X2 + C(name) [- 1]\"\n\
                         regress Y = car[A,B], scar[A,B] (CAR/se) or\n\
                         bhar[A,B] of every pair on columns of\n\
                         --characteristics or the events file (or beta);\n\
                         C(name) gives a text column's dummies; repeatable\n\
  --characteristics FILE CSV of ticker, optional date (the latest row on or\n\
                         before the event's date is used) and other columns\n\
  --vcov KIND            classical, hc0, hc1, hc2, hc3 (default), cluster:NAME\n\
                         or cluster:A,B (NAME: event, ticker, day0 or a column)\n\
  --regress-weights inverse-variance\n\
                         WLS of car[A,B] with weights 1/Var(CAR)\n\
  --bhar-tests           mean BHAR per window with the conventional t and the\n\
                         skewness-adjusted t of Lyon, Barber & Tsai (1999),\n\
                         its p from their bootstrap (1,000 resamples of n/4,\n\
                         seeded by --seed); CSV: --table bhar\n\
  --benchmark FILE|TICKER\n\
                         --bhar-tests on BHARs against this index or\n\
                         reference portfolio instead of the model\n\
  --calendar-time A:B    hold each pair from day A to day B of its series in a\n\
                         calendar-time portfolio and regress its excess return\n\
                         on the --model's factors (market, ff3, ff5, carhart,\n\
                         factors): daily alpha; CSV: --table calendar\n\
  --ct-weights COLUMN    weigh the pairs by a --characteristics column\n\
                         (default: equally)\n\
  --ct-min N             leave out sessions with fewer than N pairs (default 1)\n\
\n\
Charts and report (gnuplot, found in PATH):\n\
  --plot DIR             write charts (price, ar, car, caar, summary) into DIR,\n\
                         each with its gnuplot script and data\n\
  --plot-format FMT      png (default, 1200x700), svg or pdf\n\
  --plot-templates DIR   gnuplot templates to use instead of the installed ones\n\
  --chart-from A         start the event CAR charts at relative day A (default:\n\
                         the first window's start)\n\
  --gnuplot PATH         the gnuplot program (default: gnuplot in PATH)\n\
  --report DIR           write an HTML and Markdown report with its charts into\n\
                         DIR, replacing the previous one atomically (only an\n\
                         empty directory or a report evstudy wrote)\n\
  -h, --help             show this help and exit\n\
      --version          show the version and exit\n\
\n\
Exit status:\n\
  0  success\n\
  1  internal error (out of memory)\n\
  2  usage error\n\
  3  bad input data (the message names file, line and column)\n\
  4  a file could not be read, or the output could not be written or was\n\
     refused (see README, Output files and directories)\n\
  5  results written, but charts were not drawn (gnuplot missing or failed)\n\
  7  results written, but nothing was measured: no event applies to any\n\
     series, or every pair was skipped (a warning says which; --allow-empty\n\
     makes this 0)\n", stdout);
  exit (EXIT_SUCCESS);
}

static void
add_prices (cli *c, const char *path)
{
  if (c->nprices == MAX_FILES)
    cli_usage_error ("too many --prices files (at most %d)", MAX_FILES);
  c->prices[c->nprices].path = path;
  c->prices[c->nprices++].ticker = c->pending_ticker;
  c->pending_ticker = NULL;
}

static void
set_ticker (cli *c, const char *name)
{
  if (c->nprices && !c->prices[c->nprices - 1].ticker && !c->pending_ticker)
    c->prices[c->nprices - 1].ticker = name;
  else if (!c->pending_ticker)
    c->pending_ticker = name;
  else
    cli_usage_error ("--ticker '%s' follows another --ticker", name);
}

static void
add_exchange (cli *c, const char *s)
{
  const char *eq = strrchr (s, '=');
  if (!eq || eq == s)
    cli_usage_error ("invalid --exchange '%s': expected TICKER=CODE", s);
  const calendar_exchange *x = calendar_by_code (eq + 1);
  if (!x)
    cli_usage_error ("unknown exchange '%s' (known: US HK SS SZ T L DE PA TO)", eq + 1);
  if (c->nexchanges == MAX_FILES)
    cli_usage_error ("too many --exchange options");
  c->exchanges[c->nexchanges].ticker = evs_xstrndup (s, (size_t) (eq - s));
  c->exchanges[c->nexchanges++].x = x;
}

/* A size: digits, optionally with a fraction, then nothing (bytes) or
 * one of K, M, G, T (powers of 1024, "iB" or "B" may follow). */
static double
parse_size (const char *opt, const char *s)
{
  static const char units[] = "KMGT";
  char *end;
  errno = 0;
  double v = strtod (s, &end);
  const char *u = *end ? strchr (units, *end) : NULL;
  double scale = 1;
  if (u && *end)
    {
      scale = (double) (1ull << (10 * (u - units + 1)));
      end++;
      if (strcmp (end, "iB") == 0 || strcmp (end, "B") == 0)
        end += strlen (end);
    }
  if (end == s || *end || errno || !(v > 0) || !(v * scale < 1e18) || (*s < '0' || *s > '9'))
    cli_usage_error ("invalid %s '%s': expected a size such as 4G, 512M or 1000000", opt, s);
  return v * scale;
}

static void
parse_option (cli *c, int opt)
{
  study_opts *o = &c->opts;
  switch (opt)
    {
    case OPT_EVENTS: c->events = optarg; break;
    case OPT_PRICES: add_prices (c, optarg); break;
    case OPT_MARKET:
      if (c->nmarkets == MAX_FILES)
        cli_usage_error ("too many --market options");
      c->markets[c->nmarkets++] = optarg;
      break;
    case OPT_TICKER: set_ticker (c, optarg); break;
    case OPT_PRICE_COLUMN: c->price_column = optarg; break;
    case OPT_EXCHANGE: add_exchange (c, optarg); break;
    case OPT_RETURNS:
      if (strcmp (optarg, "simple") && strcmp (optarg, "log"))
        cli_usage_error ("invalid --returns '%s': expected simple or log", optarg);
      o->returns = strcmp (optarg, "log") ? RETURNS_SIMPLE : RETURNS_LOG;
      c->returns_given = true;
      break;
    case OPT_MODEL:
      if (!model_parse (optarg, &o->model))
        cli_usage_error ("invalid --model '%s': expected mean, market-adjusted, market, "
                         "ff3, ff5, carhart, factors, scholes-williams, dimson or garch", optarg);
      c->model_given = true;
      break;
    case OPT_MEASURE:
      parse_measures (c, optarg);
      c->measure_given = true;
      break;
    case OPT_ESTIMATION: cli_parse_window ("--estimation", optarg, &o->est); break;
    case OPT_WINDOW:
      if (o->nwin == sizeof c->windows / sizeof *c->windows)
        cli_usage_error ("too many --window options");
      cli_parse_window ("--window", optarg, &c->windows[o->nwin++]);
      break;
    case OPT_MIN_ESTIMATION:
      o->min_est = (size_t) cli_parse_long ("--min-estimation", optarg, 3, 100000);
      break;
    case OPT_AR_DAYS:
      cli_parse_window ("--ar-days", optarg, &o->ar);
      c->ar_given = true;
      break;
    case OPT_FORMAT:
      if (!output_parse_format (optarg, &c->format))
        cli_usage_error ("invalid --format '%s': expected table, csv, json or text", optarg);
      break;
    case OPT_TABLE:
      c->regress.bhar_table = strcmp (optarg, "bhar") == 0;
      c->regress.ct_table = strcmp (optarg, "calendar") == 0;
      c->regress.bhar_tests |= c->regress.bhar_table;
      if ((c->regress.table = strcmp (optarg, "regress") == 0) || c->regress.bhar_table
          || c->regress.ct_table)
        {
          c->table_given = true;
          break;
        }
      if (!output_parse_table (optarg, &c->table))
        cli_usage_error ("invalid --table '%s': expected car, ar, car-path, aggregate, "
                          "aggregate-days, aggregate-windows or tests", optarg);
      c->table_given = true;
      break;
    case OPT_GROUP_BY: c->agg.group_by = optarg; break;
    case OPT_BOOTSTRAP:
      c->agg.bootstrap = (size_t) cli_parse_long ("--bootstrap", optarg, 1, 10000000);
      break;
    case OPT_SEED:
      c->agg.seed = (unsigned long) cli_parse_long ("--seed", optarg, 0, 4294967295L);
      break;
    case OPT_ADJUST:
      if (!aggregate_parse_adjust (optarg, &c->agg.adjust))
        cli_usage_error ("invalid --adjust '%s': expected holm or bh", optarg);
      break;
    case OPT_FACTORS:
      if (c->nfactor_files == sizeof c->factor_files / sizeof *c->factor_files)
        cli_usage_error ("too many --factors files");
      c->factor_files[c->nfactor_files++] = optarg;
      break;
    case OPT_FACTOR_COLUMNS: c->factor_columns = optarg; break;
    case 'j':
      c->opts.jobs = c->agg.jobs
        = (unsigned) cli_parse_long ("--jobs", optarg, 1, POOL_MAX_JOBS);
      break;
    case OPT_MAX_GAP_DAYS:
      o->max_gap_days = (int) cli_parse_long ("--max-gap-days", optarg, 1, 100000);
      break;
    case OPT_ALLOW_EMPTY: c->allow_empty = true; break;
    case OPT_REGRESS: cli_regress_add (&c->regress, optarg); break;
    case OPT_REGRESS_WEIGHTS: cli_regress_set_weights (&c->regress, optarg); break;
    case OPT_VCOV: cli_regress_set_vcov (&c->regress, optarg); break;
    case OPT_CHARACTERISTICS: c->regress.characteristics = optarg; break;
    case OPT_BHAR_TESTS: c->regress.bhar_tests = true; break;
    case OPT_CALENDAR_TIME:
      cli_parse_window ("--calendar-time", optarg, &c->regress.ct_hold);
      c->regress.ct = true;
      break;
    case OPT_CT_WEIGHTS: c->regress.ct_weights = optarg; break;
    case OPT_BENCHMARK: c->regress.benchmark = optarg; break;
    case OPT_CT_MIN:
      c->regress.ct_min = (size_t) cli_parse_long ("--ct-min", optarg, 1, 1000000);
      break;
    case OPT_SHARD: study_cli_parse_shard (optarg, &c->shard_i, &c->shard_n); break;
    case OPT_MAX_MEMORY: c->max_memory = parse_size ("--max-memory", optarg); break;
    case OPT_DIMSON_LAGS:
      o->dimson_lags = (size_t) cli_parse_long ("--dimson-lags", optarg, 1, (MODEL_MAX_K - 2) / 2);
      c->dimson_given = true;
      break;
    case 'o': c->output = optarg; break;
    case OPT_PLOT: c->charts.plot_dir = optarg; break;
    case OPT_PLOT_FORMAT:
      if (!plot_parse_format (optarg, &c->charts.format))
        cli_usage_error ("invalid --plot-format '%s': expected png, svg or pdf", optarg);
      c->charts.format_given = true;
      break;
    case OPT_PLOT_TEMPLATES: c->charts.templates = optarg; break;
    case OPT_CHART_FROM:
      c->charts.chart_from = (int) cli_parse_long ("--chart-from", optarg, -100000, 100000);
      c->charts.chart_from_given = true;
      break;
    case OPT_GNUPLOT: c->charts.gnuplot = optarg; break;
    case OPT_REPORT: c->charts.report_dir = optarg; break;
    case 'h': usage (EXIT_SUCCESS); break;
    case OPT_VERSION: printf ("evstudy %s\n", PACKAGE_VERSION); exit (EXIT_SUCCESS);
    default: usage (EVS_EUSAGE);
    }
}

/* --measure LIST: return, volume, volatility, comma-separated, each at
 * most once; kept in that fixed order whatever the list's. */
static void
parse_measures (cli *c, const char *arg)
{
  static const char *const names[] = { "return", "volume", "volatility" };
  bool want[3] = { false, false, false };
  const char *p = arg;
  for (;;)
    {
      size_t n = strcspn (p, ","), k = 0;
      while (k < 3 && !(strlen (names[k]) == n && strncmp (p, names[k], n) == 0))
        k++;
      if (k == 3)
        cli_usage_error ("invalid --measure '%s': expected return, volume or volatility, "
                         "or a comma-separated list of them", arg);
      if (want[k])
        cli_usage_error ("--measure '%s' names %s twice", arg, names[k]);
      want[k] = true;
      if (!p[n])
        break;
      p += n + 1;
    }
  c->nmeasures = 0;
  for (int k = 0; k < 3; k++)
    if (want[k])
      c->measures[c->nmeasures++] = (enum study_measure) k;
  c->opts.measure = c->measures[0];
}

static bool
has_measure (const cli *c, enum study_measure m)
{
  for (size_t i = 0; i < c->nmeasures; i++)
    if (c->measures[i] == m)
      return true;
  return c->opts.measure == m;
}

/* --factors, --factor-columns and --dimson-lags against --model. */
static void
check_model_options (const cli *c)
{
  const char *m = model_name (c->opts.model);
  /* run reads them from the store (import --factors) unless named. */
  if (model_uses_factors (c->opts.model) && !c->nfactor_files && !c->from_store)
    cli_usage_error ("--model %s needs --factors FILE", m);
  if (!model_uses_factors (c->opts.model) && c->nfactor_files)
    cli_usage_error ("--factors is for the ff3, ff5, carhart and factors models, not %s", m);
  if (c->opts.model == MODEL_FACTORS && !c->factor_columns)
    cli_usage_error ("--model factors needs --factor-columns A,B,...");
  if (c->opts.model != MODEL_FACTORS && c->factor_columns)
    cli_usage_error ("--factor-columns is for --model factors, not %s", m);
  if (c->opts.model != MODEL_DIMSON && c->dimson_given)
    cli_usage_error ("--dimson-lags is for --model dimson, not %s", m);
}

/* --measure against the command, the model and the other options. */
static void
check_measure_options (const cli *c)
{
  if (c->from_store && c->nmeasures > 1)
    cli_usage_error ("evstudy run takes one --measure (a run records one study): "
                     "run it once per measure");
  if (c->nmeasures > 1 && (c->charts.plot_dir || c->charts.report_dir))
    cli_usage_error ("--plot and --report take one --measure");
  /* The regressions, BHAR tests and calendar-time portfolio are of one
   * study's pairs: with several measures they would be written for none
   * of them. */
  if (c->nmeasures > 1 && (c->regress.n || c->regress.bhar_tests || c->regress.ct))
    cli_usage_error ("--regress, --bhar-tests and --calendar-time take one --measure");
  if (!has_measure (c, STUDY_VOLUME))
    return;
  enum model_kind m = c->opts.model;
  if (m != MODEL_MEAN && m != MODEL_MARKET && m != MODEL_MARKET_ADJUSTED)
    cli_usage_error ("--measure volume takes --model mean, market or market-adjusted, not %s",
                     model_name (m));
  if (c->returns_given && c->nmeasures == 1)
    cli_usage_error ("--returns is for --measure return, not volume");
}

/* stdin ("-") can be read once: a usage error naming the two options
 * that ask for it. */
static void
check_stdin (const cli *c)
{
  const char *opt[2];
  size_t n = 0;
#define STDIN_ARG(name, path) \
  if (strcmp ((path), "-") == 0 && n++ < 2) \
    opt[n - 1] = (name)
  if (c->events)
    STDIN_ARG ("--events", c->events);
  for (size_t i = 0; i < c->nprices; i++)
    STDIN_ARG ("--prices", c->prices[i].path);
  for (size_t i = 0; i < c->nmarkets; i++)
    STDIN_ARG ("--market", c->markets[i]);
  for (size_t i = 0; i < c->nfactor_files; i++)
    STDIN_ARG ("--factors", c->factor_files[i]);
#undef STDIN_ARG
  if (n > 1)
    cli_usage_error ("stdin ('-') can be read only once: given to %s and %s", opt[0], opt[1]);
}

/* --shard: a shard file goes to -o; charts are drawn by the merge; each
 * shard reads every input again, so none may be stdin. */
static void
check_shard_options (const cli *c)
{
  if (!c->shard_n)
    return;
  if (!c->output)
    cli_usage_error ("--shard needs -o FILE: the shard file for evstudy merge");
  if (c->charts.plot_dir || c->charts.report_dir)
    cli_usage_error ("--shard writes a shard file: give --plot and --report to evstudy merge");
  if (c->format != OUTPUT_TABLE || c->table_given)
    cli_usage_error ("--shard writes a shard file: give --format and --table to evstudy merge");
  /* A shard file holds one study's pairs. */
  if (c->nmeasures > 1)
    cli_usage_error ("--shard takes one --measure: shard each measure on its own");
  bool in = c->events && strcmp (c->events, "-") == 0;
  for (size_t i = 0; i < c->nprices; i++)
    in |= strcmp (c->prices[i].path, "-") == 0;
  for (size_t i = 0; i < c->nmarkets; i++)
    in |= strcmp (c->markets[i], "-") == 0;
  for (size_t i = 0; i < c->nfactor_files; i++)
    in |= strcmp (c->factor_files[i], "-") == 0;
  if (in)
    cli_usage_error ("--shard reads its inputs again in every shard: give files, not stdin ('-')");
}

/* Checks the options that only make sense together. */
static void
check_options (cli *c)
{
  study_opts *o = &c->opts;
  if (!c->events && !c->from_store)
    cli_usage_error ("no --events file given");
  if (!c->nprices && !c->from_store)
    cli_usage_error ("no --prices file given");
  bool tickers = c->pending_ticker != NULL;
  for (size_t i = 0; i < c->nprices; i++)
    tickers |= c->prices[i].ticker != NULL;
  if (c->from_store && (c->price_column || tickers))
    cli_usage_error ("--ticker and --price-column are for files: give them to evstudy import");
  if (c->pending_ticker)
    cli_usage_error ("--ticker '%s' is not followed by a --prices file", c->pending_ticker);
  if (!c->from_store)
    check_stdin (c);
  check_shard_options (c);
  if (!c->table_given)
    c->table = c->format == OUTPUT_TABLE ? OUTPUT_BOTH : OUTPUT_CAR;
  if (!c->model_given)
    o->model = c->nmarkets ? MODEL_MARKET : MODEL_MEAN;
  if (model_needs_market (o->model) && !c->nmarkets)
    cli_usage_error ("--model %s needs --market", model_name (o->model));
  check_model_options (c);
  check_measure_options (c);
  static const study_window defaults[] = { { -1, 1 }, { 0, 0 }, { 0, 1 }, { -5, 5 } };
  if (!o->nwin)
    {
      memcpy (c->windows, defaults, sizeof defaults);
      o->nwin = 4;
    }
  c->regress.seed = c->agg.seed;
  cli_regress_check (&c->regress, o, c->windows, &o->nwin,
                     sizeof c->windows / sizeof *c->windows);
  o->win = c->windows;
  study_window span = study_span (o);
  if (o->est.b >= span.a && o->est.a <= span.b)
    cli_usage_error ("estimation window %d:%d overlaps the event windows (%d:%d)",
                 o->est.a, o->est.b, span.a, span.b);
  /* The tests of a day inside the estimation window would test a fitted
   * residual against the sample it was fitted on: the default days stop
   * short of it, days asked for may not reach it. */
  if (!c->ar_given && o->est.b < 0 && o->ar.a <= o->est.b)
    o->ar.a = o->est.b + 1;
  if (!c->ar_given && o->est.a > 0 && o->ar.b >= o->est.a)
    o->ar.b = o->est.a - 1;
  if (o->est.b >= o->ar.a && o->est.a <= o->ar.b)
    cli_usage_error ("--ar-days %d:%d overlaps the estimation window %d:%d",
                 o->ar.a, o->ar.b, o->est.a, o->est.b);
  if (o->min_est > (size_t) (o->est.b - o->est.a + 1))
    cli_usage_error ("--min-estimation %zu is longer than the estimation window %d:%d",
                 o->min_est, o->est.a, o->est.b);
  /* The car charts' paths start at --chart-from or the first window's
   * start (plot.c chart_from): the study cumulates them as it does the
   * CAR table, so that their bands are its se. */
  o->chart_path = c->charts.plot_dir || c->charts.report_dir;
  o->chart_from = c->charts.chart_from_given ? c->charts.chart_from
                  : o->nwin ? o->win[0].a : o->ar.a;
}

/* Adds option OPT (long_options[LI] when LI >= 0) to c->canon as
 * --name=value, unless it says only where and how results are written
 * or how fast: what a merge of shard files takes itself. */
static void
add_canonical (cli *c, int opt, int li)
{
  static const int skip[] = { OPT_SHARD, 'o', OPT_FORMAT, OPT_TABLE, OPT_PLOT,
                              OPT_PLOT_FORMAT, OPT_PLOT_TEMPLATES, OPT_GNUPLOT,
                              OPT_REPORT, 'j', OPT_ALLOW_EMPTY, OPT_MAX_MEMORY };
  for (size_t k = 0; k < sizeof skip / sizeof *skip; k++)
    if (opt == skip[k])
      return;
  if (li < 0)
    return;
  const struct option *o = &long_options[li];
  size_t n = strlen (o->name) + (optarg ? strlen (optarg) : 0) + 4;
  char *a = evs_xmalloc (n);
  snprintf (a, n, "--%s%s%s", o->name, o->has_arg ? "=" : "", o->has_arg ? optarg : "");
  c->canon = evs_xrealloc (c->canon, (c->ncanon + 1) * sizeof *c->canon);
  c->canon[c->ncanon++] = a;
}

/* study_opts.progress on a terminal: the series studied so far, erased
 * when the last is done so that warnings and the summary start a line. */
static void
show_progress (void *arg, size_t done, size_t total)
{
  progress *p = arg;
  progress_count (p, done, total, "series");
  if (done == total)
    progress_clear (p);
}

static void
parse_args (cli *c, int argc, char **argv)
{
  int opt;
  bool from_store = c->from_store;
  memset (c, 0, sizeof *c);
  c->from_store = from_store;
  clock_gettime (CLOCK_MONOTONIC, &c->t0);
  study_opts_default (&c->opts);
  progress_begin (&c->study_progress, "study", 0);
  if (c->study_progress.fp)         /* stderr is a terminal */
    {
      c->opts.progress = show_progress;
      c->opts.progress_arg = &c->study_progress;
    }
  c->agg.seed = 1;
  c->regress.vcov = REGRESS_HC3;
  c->opts.jobs = c->agg.jobs = pool_default_jobs ();
  int li = -1;
  while ((opt = getopt_long (argc, argv, "hj:o:", long_options, &li)) != -1)
    {
      parse_option (c, opt);
      add_canonical (c, opt, li);
      li = -1;
    }
  if (optind < argc)
    cli_usage_error ("unexpected argument '%s'", argv[optind]);
  check_options (c);
  /* Nothing is read or written before the whole output plan is known
   * to work. */
  cli_check_outputs (c->output, c->charts.plot_dir, c->charts.report_dir);
  c->charts.argc = argc;
  c->charts.argv = (const char *const *) argv;
}

/* The factor names a model regresses on, into NAMES (at most MAX);
 * --factor-columns is split at commas, spaces around names dropped. */
static size_t
model_factor_names (const cli *c, char names[][64], size_t max)
{
  static const char *const ff[] = { "Mkt-RF", "SMB", "HML", "RMW", "CMA" };
  static const char *const carhart[] = { "Mkt-RF", "SMB", "HML", "Mom" };
  enum model_kind k = c->opts.model;
  size_t n = 0;
  if (k != MODEL_FACTORS)
    {
      const char *const *v = k == MODEL_CARHART ? carhart : ff;
      n = k == MODEL_FF3 ? 3 : k == MODEL_FF5 ? 5 : 4;
      for (size_t i = 0; i < n; i++)
        snprintf (names[i], 64, "%s", v[i]);
      return n;
    }
  for (const char *s = c->factor_columns;; s++)
    {
      size_t len = strcspn (s, ",");
      const char *t = s;
      while (len && *t == ' ')
        t++, len--;
      while (len && t[len - 1] == ' ')
        len--;
      if (len == 0 || len >= 64)
        cli_usage_error ("invalid --factor-columns '%s': expected names like Mkt-RF,SMB", c->factor_columns);
      if (n == max)
        cli_usage_error ("too many --factor-columns (at most %zu)", max);
      memcpy (names[n], t, len);
      names[n++][len] = '\0';
      s += strcspn (s, ",");
      if (!*s)
        return n;
    }
}

/* Loads the --factors files and picks the model's columns. */
static void
load_factors (cli *c, factors_set *fs)
{
  evs_error err;
  factors_init (fs);
  for (size_t i = 0; i < c->nfactor_files; i++)
    if (factors_load (c->factor_files[i], fs, &err) != EVS_OK)
      {
        factors_release (fs);
        cli_die (&err);
      }
  study_cli_use_factors (c, fs);
}

size_t
study_cli_factor_names (const cli *c, const char *const **names)
{
  *names = c->factor_files;
  return c->nfactor_files;
}

void
study_cli_use_factors (cli *c, const factors_set *fs)
{
  char names[MODEL_MAX_K - 1][64];
  study_opts *o = &c->opts;
  o->nfcol = model_factor_names (c, names, MODEL_MAX_K - 1);
  for (size_t j = 0; j < o->nfcol; j++)
    {
      long col = factors_find (fs, names[j]);
      if (col < 0 || strcasecmp (names[j], "RF") == 0)
        cli_usage_error (col < 0 ? "no factor column '%s' in the --factors files (model %s)"
                         : "factor column '%s' is the risk-free rate, subtracted from returns (model %s)",
                         names[j], model_name (o->model));
      o->fcol[j] = (size_t) col;
      if (strcasecmp (names[j], "Mkt-RF") == 0)
        o->beta_col = j + 1;
    }
  o->rf_col = factors_find (fs, "RF");
  o->factors = fs;
}

/* One --prices file, imported on a thread of its own. */
typedef struct file_load {
  const cli *c;
  evs_series_list *lists;
  evs_error *errs;
  int *rcs;
} file_load;

static void
load_file (void *ctx, size_t i, unsigned worker)
{
  file_load *f = ctx;
  const cli *c = f->c;
  price_import_opts po = { c->price_column, c->prices[i].ticker, false, 0,
                           has_measure (c, STUDY_VOLUME) };
  series_list_init (&f->lists[i]);
  /* One file alone gets the threads (issue 15); the split's size can be
   * lowered for tests, to cut small files. */
  const char *min = getenv ("EVSTUDY_SPLIT_MIN");
  price_import_split sl = { c->nprices == 1 ? c->opts.jobs : 1,
                            min ? strtoul (min, NULL, 10) : 0, 0 };
  f->rcs[i] = price_import_file_split (c->prices[i].path, &po, &sl, &f->lists[i],
                                       &f->errs[i]);
}

/* Imports the --prices files on --jobs threads, then appends their
 * series to ALL in the order of the command line; the first file in that
 * order that fails stops the run, as if they were read one by one. */
static void
load_prices (const cli *c, evs_series_list *all)
{
  size_t n = c->nprices;
  file_load f = { c, evs_xcalloc (n + 1, sizeof *f.lists),
                  evs_xcalloc (n + 1, sizeof *f.errs), evs_xcalloc (n + 1, sizeof *f.rcs) };
  pool_for (n, c->opts.jobs, load_file, &f);
  for (size_t i = 0; i < n; i++)
    if (f.rcs[i] == EVS_EUSAGE)    /* stdin without a ticker */
      cli_usage_error ("%s: give --ticker", f.errs[i].msg);
    else if (f.rcs[i] != EVS_OK)
      cli_die (&f.errs[i]);
  for (size_t i = 0; i < n; i++)
    {
      for (size_t k = 0; k < f.lists[i].n; k++)
        *series_list_add (all) = f.lists[i].v[k];
      f.lists[i].n = 0;   /* moved */
      series_list_release (&f.lists[i]);
    }
  free (f.lists);
  free (f.errs);
  free (f.rcs);
}

/* A --market NAME that is neither a file nor a loaded ticker, but near
 * one of the first LOADED series of ALL (series_ticker_near: '^', case,
 * suffix) is a usage error that names it: "did you mean '^HSI'?". */
static void
market_suggest (const char *name, const evs_series_list *all, size_t loaded)
{
  if (strcmp (name, "-") == 0 || access (name, F_OK) == 0)
    return;
  char q[256];   /* a ticker from a file is data: controls shown as \xHH */
  for (size_t j = 0; j < loaded; j++)
    if (all->v[j].ticker && series_ticker_near (name, all->v[j].ticker))
      cli_usage_error ("--market '%s': no such file or loaded ticker; did you mean '%s'?",
                       name, evs_quote (q, sizeof q, all->v[j].ticker,
                                        strlen (all->v[j].ticker)));
}

/* Resolves each --market: a ticker already loaded with --prices, else a
 * file.  Sets IS_MARKET[i] for the series of ALL that are markets. */
static void
load_markets (const cli *c, evs_series_list *all, bool **is_market)
{
  evs_error err;
  size_t loaded = all->n;
  bool *m = evs_xcalloc (all->n + 1, sizeof *m);
  for (size_t i = 0; i < c->nmarkets; i++)
    {
      evs_series *s = series_list_find (all, c->markets[i]);
      if (s && (size_t) (s - all->v) < loaded && access (c->markets[i], F_OK) != 0)
        {
          m[s - all->v] = true;
          continue;
        }
      market_suggest (c->markets[i], all, loaded);
      size_t before = all->n;
      price_import_opts po = { c->price_column, NULL, false, 0,
                               has_measure (c, STUDY_VOLUME) };
      int rc = price_import_file (c->markets[i], &po, all, &err);
      if (rc == EVS_EUSAGE)    /* stdin without a ticker column */
        cli_usage_error ("%s", err.msg);
      if (rc != EVS_OK)
        cli_die (&err);
      m = evs_xrealloc (m, (all->n + 1) * sizeof *m);
      for (size_t j = before; j < all->n; j++)
        m[j] = true;
    }
  *is_market = m;
}

/* --measure volume: every series studied needs a volume column, and so
 * does every market when the model uses the market's volume. */
static void
check_volume (const cli *c, const evs_series_list *all, const bool *is_market)
{
  if (!has_measure (c, STUDY_VOLUME))
    return;
  for (size_t i = 0; i < all->n; i++)
    {
      const evs_series *s = &all->v[i];
      if (s->col[SERIES_VOLUME])
        continue;
      if (!is_market[i])
        cli_usage_error ("--measure volume: %s has no volume column", s->source);
      if (c->opts.model != MODEL_MEAN)
        cli_usage_error ("--measure volume with --model %s needs the market's volume: "
                         "%s has no volume column", model_name (c->opts.model), s->source);
    }
}

const calendar_exchange *
study_cli_exchange (const cli *c, const evs_series *s)
{
  for (size_t i = 0; i < c->nexchanges; i++)
    if (strcasecmp (c->exchanges[i].ticker, s->ticker) == 0)
      return c->exchanges[i].x;
  return calendar_for_ticker (s->ticker);
}

/* The market of series S: the first on the same exchange, else the first. */
static const evs_series *
market_of (const cli *c, const evs_series_list *all, const bool *is_market,
           const calendar_exchange *x)
{
  const evs_series *first = NULL;
  for (size_t i = 0; i < all->n; i++)
    if (is_market[i])
      {
        if (study_cli_exchange (c, &all->v[i]) == x)
          return &all->v[i];
        if (!first)
          first = &all->v[i];
      }
  return first;
}

static study_input *
make_inputs (const cli *c, const evs_series_list *all, const bool *is_market,
             size_t *n)
{
  study_input *in = evs_xcalloc (all->n, sizeof *in);
  *n = 0;
  for (size_t i = 0; i < all->n; i++)
    if (!is_market[i])
      {
        study_input *p = &in[(*n)++];
        p->series = &all->v[i];
        p->exchange = study_cli_exchange (c, p->series);
        p->market = c->opts.model == MODEL_MEAN ? NULL
                    : market_of (c, all, is_market, p->exchange);
      }
  return in;
}

/* Half of the physical memory (sysconf), or 0 if unknown. */
static double
default_max_memory (void)
{
  long pages = sysconf (_SC_PHYS_PAGES), size = sysconf (_SC_PAGESIZE);
  return pages > 0 && size > 0 ? (double) pages * (double) size / 2 : 0;
}

static const char *
format_size (double b, char *buf, size_t n)
{
  if (b >= 1024.0 * 1024 * 1024)
    snprintf (buf, n, "%.1f GiB", b / (1024.0 * 1024 * 1024));
  else if (b >= 1024.0 * 1024)
    snprintf (buf, n, "%.0f MiB", b / (1024.0 * 1024));
  else
    snprintf (buf, n, "%.0f KiB", b / 1024.0);
  return buf;
}

/* Refuses, before it starts, a study that would need more than
 * --max-memory: what the process holds already (its peak resident size
 * so far: the loaded inputs) plus study_estimate_memory.  EVS_EDATA, a
 * limit of the inputs' size like those of README's Limits. */
static int
check_memory (const cli *c, const evs_timeline *t, const study_input *in,
              size_t nin, evs_error *err)
{
  size_t pairs;
  double need, limit = c->max_memory > 0 ? c->max_memory : default_max_memory ();
  study_estimate_memory (&c->opts, t, in, nin, &pairs, &need);
  if (c->nmeasures > 1)   /* every measure's study is held until written */
    need *= (double) c->nmeasures;
  struct rusage ru;
  if (getrusage (RUSAGE_SELF, &ru) == 0)
    need += (double) ru.ru_maxrss * 1024;
  if (limit <= 0 || need <= limit)
    return EVS_OK;
  char a[32], b[32];
  return evs_fail (err, EVS_EDATA,
                   "the run would need about %s for %zu pairs, more than --max-memory %s: "
                   "study fewer events or series, shorten --estimation or --ar-days, "
                   "or raise --max-memory", format_size (need, a, sizeof a), pairs,
                   format_size (limit, b, sizeof b));
}

struct results_ctx {
  const cli *c;
  const evs_study *st;
  const aggregate_run *agg;
};

static void
write_results (FILE *fp, const void *arg)
{
  const struct results_ctx *ctx = arg;
  const cli *c = ctx->c;
  const evs_study *st = ctx->st;
  bool agg_table = output_table_is_aggregate (c->table);
  const cli_regress *rg = &c->regress;
  if (c->format == OUTPUT_TEXT)
    {
      findings_write (fp, st);
      return;
    }
  if (c->format != OUTPUT_JSON && cli_regress_write_only (rg, fp, c->format == OUTPUT_CSV))
    return;
  if (c->format == OUTPUT_JSON && cli_regress_any (rg))
    {
      output_json_begin (fp, st, ctx->agg);
      cli_regress_json (rg, fp);
      fputs ("\n}\n", fp);
    }
  else if (c->format == OUTPUT_JSON)
    output_json_aggregate (fp, st, ctx->agg);
  else if (c->format == OUTPUT_CSV && agg_table)
    output_csv_aggregate (fp, ctx->agg, c->table);
  else if (c->format == OUTPUT_CSV)
    output_csv (fp, st, c->table);
  else if (c->table == OUTPUT_AR || c->table == OUTPUT_CAR_PATH)
    output_table (fp, st, c->table);
  else
    output_table_aggregate (fp, st, ctx->agg, c->table);
  if (c->format == OUTPUT_TABLE)
    cli_regress_table (rg, fp);
}

/* Several measures (--measure return,volume,volatility): their studies
 * and aggregates, in the order of c->measures. */
struct multi_ctx {
  const cli *c;
  const evs_study *st[3];
  const aggregate_run *agg[3];
  size_t n;
};

/* --format text with several measures: each measure's findings under a
 * heading that says in words what is measured, as the table does. */
static void
output_text_multi (FILE *fp, const evs_study *const *sts, size_t n)
{
  for (size_t k = 0; k < n; k++)
    {
      fprintf (fp, "%s== %s ==\n\n", k ? "\n" : "", study_measure_name (sts[k]->opts.measure));
      findings_write (fp, sts[k]);
    }
}

static void
write_multi (FILE *fp, const void *arg)
{
  const struct multi_ctx *m = arg;
  const cli *c = m->c;
  bool agg_table = output_table_is_aggregate (c->table);
  if (c->format == OUTPUT_TEXT)
    output_text_multi (fp, m->st, m->n);
  else if (c->format == OUTPUT_JSON)
    output_json_multi (fp, m->st, m->agg, m->n);
  else if (c->format == OUTPUT_CSV && agg_table)
    output_csv_aggregate_multi (fp, m->agg, m->n, c->table);
  else if (c->format == OUTPUT_CSV)
    output_csv_multi (fp, m->st, m->n, c->table);
  else
    output_table_multi (fp, m->st, m->agg, m->n, c->table);
}

static void warn_pairs (const evs_study *st);

/* Studies every measure of C on the same inputs (one import: the files
 * are read once, and each pair's day 0 follows the same rule), then
 * writes them as one document; *STATUS as study_cli_emit's. */
static int
study_measures (cli *c, const evs_timeline *events, const study_input *in, size_t nin,
                int *status, evs_error *err)
{
  evs_study st[3];
  aggregate_run agg[3];
  struct multi_ctx m = { c, { NULL }, { NULL }, c->nmeasures };
  const char *empty = NULL;
  char eb[STUDY_EMPTY_MAX];
  for (size_t k = 0; k < m.n; k++)
    {
      c->opts.measure = c->measures[k];
      study_run (&c->opts, events, in, nin, &st[k]);
      if (aggregate_build (&st[k], events, &c->agg, &agg[k], err) != EVS_OK)
        cli_usage_error ("%s", err->msg);
      warn_pairs (&st[k]);
      m.st[k] = &st[k], m.agg[k] = &agg[k];
      if (k == 0 || empty)
        empty = study_empty_text (&st[k], eb, sizeof eb);
    }
  c->opts.measure = c->measures[0];
  if (empty)
    fprintf (stderr, "evstudy: warning: %s\n", empty);
  int rc = cli_write_output (c->output, write_multi, &m, err);
  *status = rc == EVS_OK && empty && !c->allow_empty ? EVS_EEMPTY : EVS_OK;
  for (size_t k = 0; k < m.n; k++)
    {
      aggregate_release (&agg[k]);
      study_release (&st[k]);
    }
  return rc;
}

int
cmd_study (int argc, char **argv)
{
  cli *c = evs_xcalloc (1, sizeof *c);
  evs_timeline events;
  evs_series_list all;
  bool *is_market;
  evs_error err;
  size_t nin;
  evs_study st;

  parse_args (c, argc, argv);
  if (events_load (c->events, &events, &err) != EVS_OK)
    cli_die (&err);
  cli_regress_load (&c->regress, &events);
  series_list_init (&all);
  load_prices (c, &all);
  load_markets (c, &all, &is_market);
  check_volume (c, &all, is_market);
  factors_set fs;
  factors_init (&fs);
  if (model_uses_factors (c->opts.model))
    load_factors (c, &fs);
  study_input *in = make_inputs (c, &all, is_market, &nin);
  if (nin == 0)
    {
      evs_fail (&err, EVS_EUSAGE, "every --prices series is a --market: nothing to study");
      cli_die (&err);
    }
  /* --shard: only this shard's series, each with its place among all. */
  size_t nall = nin, *pos = NULL;
  uint64_t pairs = 0;
  if (c->shard_n)
    nin = shard_cli_select (c, &events, in, nin, &pos, &pairs);
  if (check_memory (c, &events, in, nin, &err) != EVS_OK)
    cli_die (&err);
  int status = EXIT_SUCCESS, rc;
  if (c->shard_n)
    {
      study_run (&c->opts, &events, in, nin, &st);
      rc = shard_cli_write (c, &events, &all, &fs, &st, in, nin, pos, nall, pairs, NULL, &err);
      study_release (&st);
    }
  else if (c->nmeasures > 1)
    rc = study_measures (c, &events, in, nin, &status, &err);
  else
    {
      study_run (&c->opts, &events, in, nin, &st);
      rc = study_cli_write (c, &events, &st, &status, &err);
      study_release (&st);
    }
  free (pos);
  factors_release (&fs);
  free (in);
  free (is_market);
  series_list_release (&all);
  events_release (&events);
  study_cli_free (c);
  if (rc != EVS_OK)
    cli_die (&err);
  return status;
}

/* ---------------------------------------------------------------------
 * The flag form's pipeline, shared with `run` (cmd-run.c, see cmd.h):
 * the same option parser, market assignment, study and writers. */

cli *
study_cli_parse (int argc, char **argv, bool from_store)
{
  cli *c = evs_xcalloc (1, sizeof *c);
  c->from_store = from_store;
  parse_args (c, argc, argv);
  return c;
}

void
study_cli_free (cli *c)
{
  for (size_t i = 0; c && i < c->nexchanges; i++)
    free ((char *) c->exchanges[i].ticker);
  if (c)
    cli_regress_free (&c->regress);
  for (size_t i = 0; c && i < c->ncanon; i++)
    free (c->canon[i]);
  if (c)
    free (c->canon);
  free (c);
}

void
study_cli_set_run (cli *c, const struct report_run *run)
{
  c->charts.run = run;
}

void
study_cli_shard (const cli *c, unsigned *i, unsigned *n)
{
  *i = c->shard_i;
  *n = c->shard_n;
}

size_t
study_cli_canon (const cli *c, char *const **args)
{
  *args = c->canon;
  return c->ncanon;
}

const char *
study_cli_output (const cli *c)
{
  return c->output;
}

const study_opts *
study_cli_opts (const cli *c)
{
  return &c->opts;
}

bool
study_cli_needs_prices (const cli *c)
{
  return c->charts.plot_dir || c->charts.report_dir || c->regress.ct || c->regress.benchmark;
}

bool
study_cli_wants_text (const cli *c, enum study_text_kind kind)
{
  if (study_cli_needs_prices (c) || c->nmeasures > 1)
    return false;   /* charts may add to the results; several measures tag them */
  if (kind == STUDY_TEXT_JSON)
    return c->format == OUTPUT_JSON;
  return c->format == OUTPUT_CSV && (c->table == OUTPUT_CAR || c->table == OUTPUT_BOTH)
         && !cli_regress_any (&c->regress);
}

void
study_cli_load (cli *c, bool prices, evs_series_list *all, bool **is_market,
                factors_set *fs, study_input **in, size_t *nin)
{
  series_list_init (all);
  *is_market = NULL;
  *in = NULL;
  *nin = 0;
  factors_init (fs);
  if (model_uses_factors (c->opts.model))
    load_factors (c, fs);
  if (!prices)
    return;
  load_prices (c, all);
  load_markets (c, all, is_market);
  check_volume (c, all, *is_market);
  *in = make_inputs (c, all, *is_market, nin);
}

const char *
study_cli_events (const cli *c)
{
  return c->events;
}

size_t
study_cli_names (const cli *c, bool markets, const char ***names)
{
  static const char *v[MAX_FILES];
  size_t n = markets ? c->nmarkets : c->nprices;
  for (size_t i = 0; i < n; i++)
    v[i] = markets ? c->markets[i] : c->prices[i].path;
  *names = v;
  return n;
}

int
study_cli_run (const cli *c, const evs_timeline *events,
               const evs_series_list *all, const bool *is_market,
               evs_study *st, evs_error *err)
{
  size_t nin;
  check_volume (c, all, is_market);
  study_input *in = make_inputs (c, all, is_market, &nin);
  if (nin == 0)
    {
      free (in);
      return evs_fail (err, EVS_EUSAGE, "every series is a --market: nothing to study");
    }
  int rc = check_memory (c, events, in, nin, err);
  if (rc != EVS_OK)
    {
      free (in);
      return rc;
    }
  study_run (&c->opts, events, in, nin, st);
  free (in);
  return EVS_OK;
}

bool
study_cli_wants_volume (const cli *c)
{
  return has_measure (c, STUDY_VOLUME);
}

int
study_cli_run_shard (const cli *c, const evs_timeline *events, const evs_series_list *all,
                     const bool *is_market, const struct shard_meta *from_store,
                     evs_error *err)
{
  size_t nin, *pos = NULL;
  uint64_t pairs;
  evs_study st;
  study_input *in = make_inputs (c, all, is_market, &nin);
  if (nin == 0)
    {
      free (in);
      return evs_fail (err, EVS_EUSAGE, "every series is a --market: nothing to study");
    }
  size_t nall = nin;
  nin = shard_cli_select (c, events, in, nin, &pos, &pairs);
  int rc = check_memory (c, events, in, nin, err);
  if (rc == EVS_OK)
    {
      study_run (&c->opts, events, in, nin, &st);
      rc = shard_cli_write (c, events, all, NULL, &st, in, nin, pos, nall, pairs, from_store, err);
      study_release (&st);
    }
  free (pos);
  free (in);
  return rc;
}

int
study_cli_check (const cli *c, const evs_timeline *events, evs_error *err)
{
  cli_regress_load ((cli_regress *) &c->regress, events);
  return aggregate_check (events, &c->agg, err);
}

/* Whether C's output prints or draws the aggregate.  write_results
 * writes a CSV of per-pair rows (output_csv), the AR table and the text
 * findings from the study alone: their runs and merges skip the tests'
 * passes over every pair (a third of a 20,000-pair merge, issue 17). */
static bool
needs_aggregate (const cli *c)
{
  if (c->charts.plot_dir || c->charts.report_dir || c->format == OUTPUT_JSON)
    return true;
  if (c->format == OUTPUT_CSV)
    return output_table_is_aggregate (c->table);
  return c->format == OUTPUT_TABLE && c->table != OUTPUT_AR;
}

int
study_cli_aggregate (const cli *c, const evs_timeline *events, const evs_study *st,
                     aggregate_run *agg, evs_error *err)
{
  if (needs_aggregate (c))
    return aggregate_build (st, events, &c->agg, agg, err);
  memset (agg, 0, sizeof *agg);   /* no group: aggregate_release frees nothing */
  return aggregate_check (events, &c->agg, err);
}

/* One line on stderr when some pairs carry warnings (study.h), which
 * the output lists per pair. */
static void
warn_pairs (const evs_study *st)
{
  size_t n = 0, first = 0;
  for (size_t i = 0; i < st->n; i++)
    if (st->res[i].warn && !n++)
      first = i;
  if (!n)
    return;
  char wb[STUDY_WARNINGS_MAX];
  const study_result *r = &st->res[first];
  fprintf (stderr, "evstudy: warning: %zu pair%s with %s (see warnings in the output), first %s event %zu: %s\n", n, n > 1 ? "s" : "",
           st->opts.measure == STUDY_VOLUME ? "a zero volume in its windows"
           : "a gap or an unshared jump in an event window",
           r->series->ticker, r->event->row, study_warnings_text (r, wb, sizeof wb));
}

/* The one-line summary of a study on a terminal (cli-progress.h), with
 * the time since the command line was parsed (loading included). */
static void
study_summary (const cli *c, const evs_study *st)
{
  progress pr;
  progress_begin (&pr, "study", st->n);
  pr.t0 = c->t0;
  size_t ok = 0;
  for (size_t i = 0; i < st->n; i++)
    ok += st->res[i].status == STUDY_OK;
  char sum[256];
  progress_end (&pr, progress_summary (sum, sizeof sum, "study", st->n, "pair", ok,
                                       "estimated", st->n - ok, "skipped",
                                       progress_seconds (&pr)));
}

int
study_cli_emit (const cli *c, const evs_timeline *events, const evs_study *st,
                aggregate_run *agg, int *status, evs_error *err)
{
  /* The regressions can fail (a singular design): before any output. */
  cli_regress_run ((cli_regress *) &c->regress, st, events);
  study_summary (c, st);
  warn_pairs (st);
  const evs_series *idx[16];
  char ib[STUDY_EMPTY_MAX];
  for (size_t i = 0, n = study_index_stocks (st, idx, 16); i < n; i++)
    fprintf (stderr, "evstudy: warning: %s\n", study_index_text (idx[i], ib, sizeof ib));
  const study_result *fm[16];
  for (size_t i = 0, n = study_foreign_markets (st, fm, 16); i < n; i++)
    fprintf (stderr, "evstudy: warning: %s\n", study_foreign_text (fm[i], ib, sizeof ib));
  char eb[STUDY_EMPTY_MAX];
  const char *empty = study_empty_text (st, eb, sizeof eb);
  if (empty)
    fprintf (stderr, "evstudy: warning: %s\n", empty);
  struct results_ctx ctx = { c, st, agg };
  int rc = cli_write_output (c->output, write_results, &ctx, err);
  *status = rc == EVS_OK ? cli_charts_run (&c->charts, st, events, agg) : EVS_OK;
  if (rc == EVS_OK && cli_regress_chart (&c->regress, c->charts.plot_dir, c->charts.format,
                                         c->charts.templates, c->charts.gnuplot,
                                         model_name (c->opts.model)) != EVS_OK)
    *status = EVS_ENOPLOT;
  /* Nothing measured outranks charts not drawn: it is what a nightly
   * job must hear about. */
  if (rc == EVS_OK && empty && !c->allow_empty)
    *status = EVS_EEMPTY;
  aggregate_release (agg);
  return rc;
}

int
study_cli_write (const cli *c, const evs_timeline *events, const evs_study *st,
                 int *status, evs_error *err)
{
  aggregate_run agg;
  if (study_cli_aggregate (c, events, st, &agg, err) != EVS_OK)
    cli_usage_error ("%s", err->msg);
  return study_cli_emit (c, events, st, &agg, status, err);
}
