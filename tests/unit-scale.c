/* unit-scale.c -- the limits of issue 11 that concern size: the data-row
 * limit of csvread (item 17), and the memory of a large study (item 10):
 * a run of more than STUDY_FULL_HISTORY pairs keeps neither a copy of
 * the estimation residuals nor their standard errors, and its aggregate
 * must be exactly that of the same run keeping everything.
 *
 * A file of 100 million rows is too large for `make check` (about 3 GB of
 * prices once read), so the limit is checked at its exact boundary with
 * csvread_row_limit lowered to 5, through every reader that uses csvread:
 * the same comparison decides at 5 and at CSVREAD_MAX_ROWS, and the last
 * check shows that the limit in force by default is CSVREAD_MAX_ROWS.
 * Expected lines are counted by hand in the comments.
 *
 * Exit status: 0 all passed, 1 something failed (each failure printed).
 */
#include <config.h>

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "aggregate.h"
#include "calendar.h"
#include "csvread.h"
#include "date.h"
#include "events.h"
#include "factors.h"
#include "price_import.h"
#include "series.h"
#include "study.h"

#define UNIT_NAME "unit-scale.c"
#include "check.h"

/* A buffer built by appending. */
typedef struct buf {
  char s[4096];
  size_t len;
} buf;

__attribute__ ((format (printf, 2, 3)))
static void
put (buf *b, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  b->len += (size_t) vsnprintf (b->s + b->len, sizeof b->s - b->len, fmt, ap);
  va_end (ap);
}

/* ---------------------------------------------------- item 17: rows */

/* Row callback: line 1 is a header, every other row data. */
static int
header_then_data (void *ctx, size_t line, size_t nf, const csvread_field *f,
                  evs_error *err)
{
  (void) nf, (void) f, (void) err;
  size_t *data = ctx;
  if (line == 1)
    return CSVREAD_NOT_DATA;
  ++*data;
  return EVS_OK;
}

/* N price rows "2020-01-DD,1DD" after HEADER (one or more lines). */
static void
price_file (buf *b, const char *header, int n)
{
  b->len = 0;
  put (b, "%s", header);
  for (int d = 1; d <= n; d++)
    put (b, "2020-01-%02d,1%02d\n", d, d);
}

static void
test_rows_csvread (void)
{
  /* "h" then 5 data rows: lines 1..6, accepted. */
  buf b = { .len = 0 };
  put (&b, "h\n1\n2\n3\n4\n5\n");
  size_t data = 0;
  evs_error err = { 0 };
  int rc = csvread_buffer ("t.csv", b.s, b.len, header_then_data, &data, &err);
  CHECK (rc == EVS_OK && data == 5, "csvread, 5 data rows: rc %d %s", rc, err.msg);
  /* A 6th data row on line 7 is the first past the limit. */
  put (&b, "6\n");
  data = 0;
  rc = csvread_buffer ("t.csv", b.s, b.len, header_then_data, &data, &err);
  CHECK (rc == EVS_EDATA && strcmp (err.msg, "t.csv:7: more than 5 data rows") == 0,
         "csvread, 6 data rows: rc %d %s", rc, err.msg);
}

static void
test_rows_prices (void)
{
  struct { const char *name, *header; int lines; } layouts[] = {
    { "one header line", "Date,Close\n", 1 },
    { "yfinance three-line header", "Price,Close\nTicker,NVDA\nDate,\n", 3 },
  };
  for (size_t k = 0; k < 2; k++)
    {
      buf b;
      evs_series_list l;
      evs_error err = { 0 };
      price_file (&b, layouts[k].header, 5);
      series_list_init (&l);
      int rc = price_import_buffer ("p.csv", b.s, b.len, NULL, &l, &err);
      CHECK (rc == EVS_OK && l.n == 1 && l.v[0].n == 5,
             "prices, %s, 5 rows: rc %d %s", layouts[k].name, rc, err.msg);
      series_list_release (&l);
      /* The 6th row is on line (header lines) + 6. */
      price_file (&b, layouts[k].header, 6);
      series_list_init (&l);
      rc = price_import_buffer ("p.csv", b.s, b.len, NULL, &l, &err);
      char want[64];
      snprintf (want, sizeof want, "p.csv:%d: more than 5 data rows", layouts[k].lines + 6);
      CHECK (rc == EVS_EDATA && strcmp (err.msg, want) == 0,
             "prices, %s, 6 rows: rc %d %s (want %s)", layouts[k].name, rc, err.msg, want);
      series_list_release (&l);
    }
}

static void
test_rows_events (void)
{
  buf b = { .len = 0 };
  put (&b, "date,label\n");
  for (int d = 1; d <= 5; d++)
    put (&b, "2020-01-%02d,e%d\n", d, d);
  evs_timeline t;
  evs_error err = { 0 };
  int rc = events_load_buffer ("e.csv", b.s, b.len, &t, &err);
  CHECK (rc == EVS_OK && t.n == 5, "events, 5 rows: rc %d %s", rc, err.msg);
  if (rc == EVS_OK)
    events_release (&t);
  put (&b, "2020-01-06,e6\n");      /* line 7 */
  rc = events_load_buffer ("e.csv", b.s, b.len, &t, &err);
  CHECK (rc == EVS_EDATA && strcmp (err.msg, "e.csv:7: more than 5 data rows") == 0,
         "events, 6 rows: rc %d %s", rc, err.msg);
  if (rc == EVS_OK)
    events_release (&t);
}

static void
test_rows_factors (void)
{
  /* Two preamble lines, the header, 5 dated rows, a blank line and the
   * copyright footer: only the 5 dated rows are data. */
  buf b = { .len = 0 };
  put (&b, "This file was created by\nthe test\n,Mkt-RF,RF\n");
  for (int d = 1; d <= 5; d++)
    put (&b, "202001%02d, 0.%02d, 0.01\n", d, d);
  size_t body = b.len;
  put (&b, "\nCopyright\n");
  factors_set fs;
  factors_init (&fs);
  evs_error err = { 0 };
  int rc = factors_load_buffer ("f.csv", b.s, b.len, &fs, &err);
  CHECK (rc == EVS_OK && fs.n == 5, "factors, 5 rows: rc %d %s", rc, err.msg);
  factors_release (&fs);
  /* A 6th dated row: line 3 + 6 = 9. */
  b.len = body;
  put (&b, "20200106, 0.06, 0.01\n\nCopyright\n");
  factors_init (&fs);
  rc = factors_load_buffer ("f.csv", b.s, b.len, &fs, &err);
  CHECK (rc == EVS_EDATA && strcmp (err.msg, "f.csv:9: more than 5 data rows") == 0,
         "factors, 6 rows: rc %d %s", rc, err.msg);
  factors_release (&fs);
}

static void
test_rows (void)
{
  CHECK (csvread_row_limit == CSVREAD_MAX_ROWS && CSVREAD_MAX_ROWS == 100000000u,
         "default data-row limit %zu", csvread_row_limit);
  csvread_row_limit = 5;
  test_rows_csvread ();
  test_rows_prices ();
  test_rows_events ();
  test_rows_factors ();
  csvread_row_limit = CSVREAD_MAX_ROWS;
}

/* ------------------------------------- item 10: memory of large runs */

/* 7 US series against SPY from $SHARED_DATA/prices, 160 events (every
 * fifth SPY session from the 300th, each for every series): 1,120 pairs,
 * more than STUDY_FULL_HISTORY. */
static bool
load_universe (evs_series_list *l, evs_timeline *t)
{
  const char *dir = getenv ("SHARED_DATA");
  const char *names[] = { "SPY", "AMD", "AVGO", "MSFT", "NVDA", "QQQ", "BABA", "BIDU" };
  char path[4096];
  evs_error err = { 0 };
  series_list_init (l);
  for (size_t k = 0; k < 8; k++)
    {
      snprintf (path, sizeof path, "%s/prices/%s.csv", dir ? dir : "", names[k]);
      if (!dir || price_import_file (path, NULL, l, &err) != EVS_OK)
        return false;
    }
  static char ev[160 * 32 + 32];
  size_t len = (size_t) sprintf (ev, "date,label\n");
  char b[11];
  for (size_t k = 0; k < 160; k++)
    len += (size_t) sprintf (ev + len, "%s,e%zu\n", date_format (l->v[0].date[300 + 5 * k], b), k);
  return events_load_buffer ("ev.csv", ev, len, t, &err) == EVS_OK;
}

static bool
same (double a, double b)
{
  return a == b || (isnan (a) && isnan (b));
}

/* Runs the study and aggregate with threshold FULL; fills ST and AGG. */
static void
study_with (size_t full, const study_opts *o, const evs_timeline *t,
            const study_input *in, size_t nin, evs_study *st, aggregate_run *agg)
{
  aggregate_opts ao = { .jobs = 2 };
  evs_error err;
  study_full_history = full;
  study_run (o, t, in, nin, st);
  study_full_history = STUDY_FULL_HISTORY;
  aggregate_build (st, t, &ao, agg, &err);
}

static void
test_large_run (void)
{
  evs_series_list l;
  evs_timeline t;
  if (!load_universe (&l, &t))
    {
      printf ("unit-scale: no shared data, large-run checks skipped\n");
      return;
    }
  study_input in[7];
  for (size_t k = 0; k < 7; k++)
    in[k] = (study_input) { &l.v[k + 1], &l.v[0], calendar_for_ticker (l.v[k + 1].ticker) };
  study_window win[] = { { -1, 1 }, { 0, 0 }, { -5, 5 } };
  study_opts o;
  study_opts_default (&o);
  o.model = MODEL_MARKET, o.win = win, o.nwin = 3, o.jobs = 2;
  evs_study full, trim;
  aggregate_run afull, atrim;
  study_with ((size_t) -1, &o, &t, in, 7, &full, &afull);
  study_with (STUDY_FULL_HISTORY, &o, &t, in, 7, &trim, &atrim);
  CHECK (full.n == 1120 && trim.n == 1120, "pairs %zu %zu", full.n, trim.n);
  /* Every pair: the same residuals; the trimmed run keeps no se before
   * the event period (-10 here) and its residuals are in hist_ar. */
  size_t bad = 0, aliased = 0;
  for (size_t i = 0; i < trim.n; i++)
    {
      const study_result *a = &full.res[i], *b = &trim.res[i];
      if (a->status != STUDY_OK)
        continue;
      for (size_t k = 0; k < a->fit.T; k++)
        bad += !same (a->est_ar[k], b->est_ar[k]);
      aliased += b->est_ar >= b->hist_ar && b->est_ar < b->hist_ar + b->nhist;
      bad += b->hist_se_from != b->hist_i0 - 10;
    }
  CHECK (bad == 0 && aliased > 1000, "residuals: %zu differ, %zu aliased", bad, aliased);
  /* The aggregate, cell by cell and test by test, to the last bit. */
  bad = 0;
  const aggregate_group *ga = &afull.g[0], *gb = &atrim.g[0];
  CHECK (ga->ndays == gb->ndays && ga->nwins == gb->nwins && ga->npairs > 1000,
         "cells %zu %zu, pairs %zu", ga->ndays, gb->ndays, ga->npairs);
  for (size_t c = 0; c < ga->ndays + ga->nwins && ga->ndays == gb->ndays; c++)
    {
      const aggregate_cell *x = c < ga->ndays ? &ga->days[c] : &ga->wins[c - ga->ndays];
      const aggregate_cell *y = c < gb->ndays ? &gb->days[c] : &gb->wins[c - gb->ndays];
      bad += x->n != y->n || !same (x->mean, y->mean) || x->ntests != y->ntests;
      for (size_t j = 0; j < x->ntests && j < y->ntests; j++)
        bad += !same (x->tests[j].stat, y->tests[j].stat) || !same (x->tests[j].p, y->tests[j].p);
    }
  CHECK (bad == 0 && same (ga->rbar, gb->rbar), "aggregate: %zu values differ", bad);
  aggregate_release (&afull);
  aggregate_release (&atrim);
  study_release (&full);
  study_release (&trim);
  events_release (&t);
  series_list_release (&l);
}

int
main (void)
{
  /* GSL reports through return codes; its default handler aborts. */
  gsl_set_error_handler_off ();
  test_rows ();
  test_large_run ();
  printf ("unit-scale: %d checks, %d failed\n", n_checks, n_failed);
  return n_failed ? 1 : 0;
}
