/* fuzz-text.c -- fuzz target: hostile text through the chart and report
 * writers (issue 11).  The input is up to eight fields separated by NUL
 * bytes: the labels of four events (fields 0-3; two share a day 0, so
 * that confounders and clustered pairs appear), the tickers of two
 * series (4, 5) and the values of their events' group column (6, 7,
 * alternating over the events).  A missing or empty field takes a plain
 * default.  The events go through the events reader (as an RFC 4180
 * file), the prices are a fixed synthetic random walk, the study runs
 * with the market model, the aggregate groups by the column, and then
 * every writer runs in a scratch directory: plot_write (data and gnuplot
 * scripts of every chart, caar by group included), report_write
 * (index.html and report.md, with the fields also as the command line),
 * and the table, CSV and JSON outputs to /dev/null.
 *
 * Checks beyond the sanitizers: every chart of the plot set has a
 * distinct name (file names unique by construction); every script and
 * both report files are valid UTF-8 and hold no control byte but
 * newline and tab (so no label reached them raw); the raw text of every
 * gnuplot string literal holds no backquote, '@' or apostrophe that did
 * not come from the template.  With EVS_FUZZ_GNUPLOT=N (N >= 1; the
 * default of `make fuzz` is compiled in) and gnuplot in PATH, one input
 * in N is also drawn with the real gnuplot (SVG), and every chart must
 * be drawn.  A failed check aborts.
 */
#include <config.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "aggregate.h"
#include "events.h"
#include "output.h"
#include "plot.h"
#include "price_import.h"
#include "report.h"
#include "study.h"
#include "text.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define NFIELDS 8

static char dir[64];
static char *prices;
static size_t prices_len;
static const char *templates;
static unsigned long gnuplot_every, inputs;

/* Fails loudly: the fuzzer records the input as a crash. */
static void
check (bool ok, const char *what, const char *where)
{
  if (!ok)
    {
      fprintf (stderr, "fuzz-text: %s: %s\n", where, what);
      abort ();
    }
}

/* Three series on 120 weekdays from 2024-01-01: A, B and the market M,
 * a deterministic random walk (xorshift), so that every pair estimates. */
static void
make_prices (void)
{
  text_buf b = { 0 };
  text_buf_puts (&b, "date,ticker,close\n");
  uint64_t s = 88172645463325252ULL;
  double p[3] = { 100, 50, 400 };
  static const char *const tk[] = { "A", "B", "M" };
  int day = 0;
  for (int n = 0; n < 120; day++)
    {
      if (day % 7 >= 5)         /* 2024-01-01 is a Monday */
        continue;
      int y = 2024, m = 1, d = 1 + day;
      static const int mdays[] = { 31, 29, 31, 30, 31, 30 };
      while (d > mdays[m - 1])
        d -= mdays[m++ - 1];
      for (int k = 0; k < 3; k++)
        {
          s ^= s << 13, s ^= s >> 7, s ^= s << 17;
          double u = (double) (s >> 11) / 9007199254740992.0 - 0.5;
          p[k] *= 1 + 0.04 * u + (k < 2 ? 0.5 : 0) * 0.01 * u;
          text_buf_printf (&b, "%04d-%02d-%02d,%s,%.4f\n", y, m, d, tk[k], p[k]);
        }
      n++;
    }
  prices_len = b.len;
  prices = text_buf_take (&b);
}

static void empty_dir (void);

static void
remove_dir (void)
{
  empty_dir ();
  rmdir (dir);
}

static void
init (void)
{
  if (prices)
    return;
  make_prices ();
  snprintf (dir, sizeof dir, "%s/fuzz-text.XXXXXX",
            getenv ("TMPDIR") ? getenv ("TMPDIR") : "/tmp");
  check (mkdtemp (dir) != NULL, "cannot make a scratch directory", dir);
  templates = getenv ("EVSTUDY_PLOTS");
#ifdef EVS_FUZZ_PLOTS
  if (!templates)
    templates = EVS_FUZZ_PLOTS;
#endif
  const char *g = getenv ("EVS_FUZZ_GNUPLOT");
#ifdef EVS_FUZZ_GNUPLOT
  gnuplot_every = g ? strtoul (g, NULL, 10) : EVS_FUZZ_GNUPLOT;
#else
  gnuplot_every = g ? strtoul (g, NULL, 10) : 0;
#endif
  atexit (remove_dir);
}

static void
empty_dir (void)
{
  DIR *dp = opendir (dir);
  struct dirent *de;
  while (dp && (de = readdir (dp)) != NULL)
    if (strcmp (de->d_name, ".") && strcmp (de->d_name, ".."))
      unlinkat (dirfd (dp), de->d_name, 0);
  if (dp)
    closedir (dp);
}

/* An RFC 4180 field. */
static void
csv_field (text_buf *b, const char *s)
{
  text_buf_putc (b, '"');
  for (; *s; s++)
    {
      if (*s == '"')
        text_buf_putc (b, '"');
      text_buf_putc (b, *s);
    }
  text_buf_putc (b, '"');
}

/* Reads DIR/NAME whole, or NULL. */
static char *
slurp (const char *name)
{
  char *path = text_printf ("%s/%s", dir, name);
  FILE *fp = fopen (path, "rb");
  free (path);
  if (!fp)
    return NULL;
  text_buf b = { 0 };
  char chunk[4096];
  size_t got;
  while ((got = fread (chunk, 1, sizeof chunk, fp)) > 0)
    text_buf_add (&b, chunk, got);
  fclose (fp);
  return text_buf_take (&b);
}

/* FILE is valid UTF-8 without control bytes but \n and \t. */
static void
check_clean (const char *name)
{
  char *s = slurp (name);
  check (s != NULL, "not written", name);
  for (const char *p = s; *p;)
    {
      size_t n = text_utf8_len (p);
      check (n > 0, "not UTF-8", name);
      check (n > 1 || *p >= 0x20 || *p == '\n' || *p == '\t', "control byte", name);
      check (*p != 0x7f, "DEL byte", name);
      p += n;
    }
  free (s);
}

/* A gnuplot script outside its comment lines: no backquote or '@' (the
 * templates have none outside comments), and inside double-quoted
 * literals (the form of any text with such bytes, plot.h) no apostrophe,
 * line break or backslash but the start of an octal escape or the
 * templates' own \n and \t. */
static void
check_script (const char *name)
{
  char *s = slurp (name);
  check (s != NULL, "not written", name);
  for (const char *p = s; *p; p++)
    {
      if (*p == '#' && (p == s || p[-1] == '\n'))
        {
          p += strcspn (p, "\n");
          if (!*p)
            break;
          continue;
        }
      check (*p != '`' && *p != '@', "backquote or @ in a script", name);
      if (*p == '\'')
        {
          p += 1 + strcspn (p + 1, "'\n");
          check (*p == '\'', "unterminated single-quoted string", name);
        }
      else if (*p == '"')
        {
          for (p++; *p && *p != '"'; p++)
            {
              check (*p != '\'' && *p != '\n' && *p != '`' && *p != '@',
                     "raw byte in a double-quoted string", name);
              if (*p == '\\' && (p[1] == 'n' || p[1] == 't'))
                p++;
              else if (*p == '\\')
                {
                  check (p[1] >= '0' && p[1] <= '3', "escape that is not octal", name);
                  p += p[1] == '0' ? 4 : 3;
                }
            }
          check (*p == '"', "unterminated double-quoted string", name);
        }
    }
  free (s);
}

static void
write_all (const evs_study *st, const evs_timeline *t, const aggregate_run *agg,
           char **fields, bool draw)
{
  plot_opts po = { dir, PLOT_SVG, templates, NULL, "report", false, 0 };
  plot_set set;
  evs_error err;
  empty_dir ();
  if (plot_write (&po, st, agg, &set, &err) != EVS_OK)
    {
      /* Only a missing template directory may fail here. */
      check (set.n == 0 && !templates, err.msg, "plot_write");
      return;
    }
  /* 2 price, 4 car, 8 ar, 8 actual, caar, a caar per group (1 or 2),
   * summary: the data are fixed, so every pair is estimated whatever the
   * text. */
  check (set.n == 25 || set.n == 26, "not every chart written", "plot_write");
  for (size_t i = 0; i < set.n; i++)
    {
      for (size_t j = 0; j < i; j++)
        check (strcmp (set.v[i].name, set.v[j].name) != 0, "two charts, one name",
               set.v[i].name);
      char *gp = text_printf ("%s.gp", set.v[i].name);
      check_clean (gp);
      check_script (gp);
      free (gp);
    }
  if (draw)
    {
      int rc = plot_render (&po, &set, &err);
      check (rc == EVS_OK || !set.gnuplot_version[0], err.msg, "plot_render");
    }
  const char *argv[NFIELDS + 1] = { "evstudy" };
  for (int i = 0; i < NFIELDS; i++)
    argv[i + 1] = fields[i];
  report_info info = { NFIELDS + 1, argv, set.gnuplot_version, agg, NULL, 0 };
  check (report_write (dir, &info, st, t, &set, &err) == EVS_OK, err.msg, "report_write");
  check_clean ("index.html");
  check_clean ("report.md");
  plot_set_release (&set);
}

static void
run (char **fields)
{
  static const char *const dates[] = { "2024-04-15", "2024-05-06", "2024-05-20", "2024-05-20" };
  text_buf ev = { 0 };
  text_buf_puts (&ev, "date,label,type\n");
  for (int i = 0; i < 4; i++)
    {
      text_buf_printf (&ev, "%s,", dates[i]);
      csv_field (&ev, fields[i]);
      text_buf_putc (&ev, ',');
      csv_field (&ev, fields[6 + i % 2]);
      text_buf_putc (&ev, '\n');
    }
  evs_timeline t;
  evs_series_list l;
  evs_error err;
  price_import_opts po = { NULL, NULL, false, 0, false };
  int rc = events_load_buffer ("events.csv", ev.s, ev.len, &t, &err);
  free (ev.s);
  if (rc != EVS_OK)
    return;                     /* e.g. a label of spaces, trimmed to nothing */
  series_list_init (&l);
  check (price_import_buffer ("prices.csv", prices, prices_len, &po, &l, &err) == EVS_OK
         && l.n == 3, "synthetic prices", "import");
  for (int i = 0; i < 2; i++)
    {
      free (l.v[i].ticker);
      l.v[i].ticker = evs_xstrdup (fields[4 + i]);
    }
  study_window win[] = { { -1, 1 }, { 0, 0 } };
  study_opts o;
  study_opts_default (&o);
  o.est = (study_window) { -40, -6 };
  o.min_est = 20;
  o.ar = (study_window) { -3, 3 };
  o.win = win;
  o.nwin = 2;
  o.model = MODEL_MARKET;
  o.jobs = 1;
  /* The car charts' paths, as cmd-study.c asks for them with --plot:
   * from the first window's start. */
  o.chart_path = true;
  o.chart_from = win[0].a;
  study_input in[2];
  for (int i = 0; i < 2; i++)
    in[i] = (study_input) { &l.v[i], &l.v[2], calendar_for_ticker ("A") };
  evs_study st;
  study_run (&o, &t, in, 2, &st);
  aggregate_opts ao = { "type", 0, 1, AGGREGATE_ADJUST_NONE, 1 };
  aggregate_run agg;
  if (aggregate_build (&st, &t, &ao, &agg, &err) == EVS_OK)
    {
      inputs++;
      write_all (&st, &t, &agg, fields, gnuplot_every && inputs % gnuplot_every == 0);
      FILE *fp = fopen ("/dev/null", "w");
      if (fp)
        {
          output_table_aggregate (fp, &st, &agg, OUTPUT_BOTH);
          output_csv_aggregate (fp, &agg, OUTPUT_TESTS);
          output_json_aggregate (fp, &st, &agg);
          fclose (fp);
        }
      aggregate_release (&agg);
    }
  study_release (&st);
  series_list_release (&l);
  events_release (&t);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  gsl_set_error_handler_off ();   /* as main.c: GSL errors are statuses */
  static const char *const defaults[NFIELDS] = {
    "first event", "second event", "third", "fourth", "A", "B", "g1", "g2"
  };
  init ();
  char *copy = evs_xmalloc (size + 1), *fields[NFIELDS];
  memcpy (copy, data, size);
  copy[size] = '\0';
  const char *p = copy, *end = copy + size;
  for (int i = 0; i < NFIELDS; i++)
    {
      const char *f = p <= end ? p : end;
      fields[i] = (char *) (*f ? f : defaults[i]);
      p = f + strlen (f) + 1;
    }
  run (fields);
  free (copy);
  return 0;
}
