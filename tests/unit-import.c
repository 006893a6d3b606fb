/* unit-import.c -- tests of csvread, price_import and the date parsers.
 *
 * Expected values come from reading the input files by eye: the hand-made
 * fixtures in tests/fixtures/prices (each check says which line of which
 * file a number is copied from) and the real files of $SHARED_DATA/prices
 * (first and last data line of each, as `head`/`tail` show them).
 *
 * Exit status: 0 all passed, 1 something failed (each failure is printed),
 * 77 nothing could run.
 */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvread.h"
#include "date.h"
#include "price_import.h"
#include "series.h"

#define UNIT_NAME "unit-import.c"
#include "check.h"

static bool
rel_eq (double a, double b)
{
  return fabs (a - b) <= 1e-12 * fabs (b);
}

static const char *fixtures;   /* tests/fixtures/prices, or NULL */
static const char *prices;     /* $SHARED_DATA/prices, or NULL */

/* DIR/NAME in one of a few static buffers (enough for one call's args). */
static const char *
path_in (const char *dir, const char *name)
{
  static char buf[4][1024];
  static int k;
  k = (k + 1) % 4;
  snprintf (buf[k], sizeof buf[k], "%s/%s", dir, name);
  return buf[k];
}

static int32_t
day_of (const char *iso)
{
  int32_t d = 0;
  if (!date_parse_any (iso, strlen (iso), &d))
    fprintf (stderr, "unit-import.c: bad date literal %s\n", iso);
  return d;
}

/* ------------------------------------------------------------------ */
/* csvread                                                              */

/* Collects rows as text: "LINE:field|field|..." with quoted fields in
 * double quotes, rows separated by ';'.  Stops with EVS_EDATA at row
 * STOP_AT (if non-zero) to test that a callback error ends reading. */
typedef struct collect {
  char out[4096];
  size_t rows, stop_at, max_len;
} collect;

/* Appends to C->out, silently cut when full. */
__attribute__ ((format (printf, 2, 3)))
static void
append (collect *c, const char *fmt, ...)
{
  size_t o = strlen (c->out);
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (c->out + o, sizeof c->out - o, fmt, ap);
  va_end (ap);
}

static int
collect_row (void *ctx, size_t line, size_t nf, const csvread_field *f,
             evs_error *err)
{
  collect *c = ctx;
  c->rows++;
  if (c->stop_at && c->rows == c->stop_at)
    return evs_fail (err, EVS_EDATA, "stopped at line %zu", line);
  append (c, "%s%zu:", c->out[0] ? ";" : "", line);
  for (size_t i = 0; i < nf; i++)
    {
      if (f[i].len > c->max_len)
        c->max_len = f[i].len;
      int n = f[i].len > 40 ? 40 : (int) f[i].len;
      append (c, "%s%s%.*s%s", i ? "|" : "", f[i].quoted ? "\"" : "", n, f[i].s,
              f[i].quoted ? "\"" : "");
      if (f[i].s[f[i].len] != '\0')
        return evs_fail (err, EVS_EINTERNAL, "field not NUL-terminated");
    }
  return EVS_OK;
}

/* Reads BUF[0..LEN) and checks the rows seen (WANT) or the error. */
static void
csv_case (int line, const char *buf, size_t len, int want_rc, const char *want)
{
  collect c = { .out = "" };
  evs_error err = { 0 };
  int rc = csvread_buffer ("t.csv", buf, len, collect_row, &c, &err);
  const char *got = rc == EVS_OK ? c.out : err.msg;
  check_at (line, rc == want_rc && strcmp (got, want) == 0,
            "csvread: got %d \"%s\", want %d \"%s\"", rc, got, want_rc, want);
}
#define CSV(lit, rc, want) csv_case (__LINE__, lit, sizeof lit - 1, rc, want)

static void
test_csvread_lines (void)
{
  /* BOM dropped; CRLF, LF and CR mixed; blank and space-only lines
   * skipped but counted; no newline at the end. */
  CSV ("\xEF\xBB\xBF" "a,b\r\n\r\nc,d\n\n  \ne,f\rg,h", EVS_OK,
       "1:a|b;3:c|d;6:e|f;7:g|h");
  /* A quoted field spanning lines: the row keeps its first line and the
   * next row's line counts the embedded newline. */
  CSV ("x,\"multi\nline\",y\nnext,\"q\"\"uote\",z\n", EVS_OK,
       "1:x|\"multi\nline\"|y;3:next|\"q\"uote\"|z");
  /* CRLF inside quotes is data, and counts as one line end. */
  CSV ("\"a\r\nb\",c\r\nd,e\r\n", EVS_OK, "1:\"a\r\nb\"|c;3:d|e");
  /* Quoted flag: empty quoted vs empty unquoted, spaces around quotes. */
  CSV ("\"\",, \"s\" ,t\n", EVS_OK, "1:\"\"||\"s\"|t");
  /* The first row may start after blank lines. */
  CSV ("\n\n  \r\nh1,h2\n", EVS_OK, "4:h1|h2");
}

static void
test_csvread_errors (void)
{
  CSV ("a,b\nc,\0d\n", EVS_EDATA, "t.csv:2:2: NUL byte");
  CSV ("a,\"b\0\"\n", EVS_EDATA, "t.csv:1:2: NUL byte");
  CSV ("a,b\nc,\"d\ne\n", EVS_EDATA, "t.csv:2:2: unterminated quoted field");
  CSV ("a,b\"c\n", EVS_EDATA, "t.csv:1:2: misplaced quote");
  CSV ("a,\"b\"c\n", EVS_EDATA, "t.csv:1:2: misplaced quote");
  CSV ("", EVS_EDATA, "t.csv: empty file");
  CSV ("\xEF\xBB\xBF", EVS_EDATA, "t.csv: empty file");
  CSV ("\xEF\xBB\xBF\r\n\n \n", EVS_EDATA, "t.csv: empty file");

  /* A callback's error ends reading and is returned as is. */
  collect c = { .out = "", .stop_at = 2 };
  evs_error err = { 0 };
  int rc = csvread_buffer ("t.csv", "a\nb\nc\n", 6, collect_row, &c, &err);
  CHECK (rc == EVS_EDATA && c.rows == 2 && strcmp (err.msg, "stopped at line 2") == 0,
         "callback error: rc %d rows %zu msg %s", rc, c.rows, err.msg);
}

/* A row "x,FIELD" with FIELD of N bytes on line 2, optionally quoted. */
static char *
long_field_file (size_t n, bool quoted, size_t *len)
{
  char *b = malloc (n + 16);
  size_t o = (size_t) sprintf (b, "h\nx,%s", quoted ? "\"" : "");
  memset (b + o, 'a', n);
  o += n;
  o += (size_t) sprintf (b + o, "%s\n", quoted ? "\"" : "");
  *len = o;
  return b;
}

static void
test_csvread_limits (void)
{
  char want[64];
  for (int quoted = 0; quoted < 2; quoted++)
    {
      size_t len;
      char *b = long_field_file (CSVREAD_MAX_FIELD, quoted, &len);
      collect c = { .out = "" };
      evs_error err = { 0 };
      int rc = csvread_buffer ("t.csv", b, len, collect_row, &c, &err);
      CHECK (rc == EVS_OK && c.max_len == CSVREAD_MAX_FIELD,
             "field of exactly 1 MiB: rc %d %s", rc, err.msg);
      free (b);
      b = long_field_file (CSVREAD_MAX_FIELD + 1, quoted, &len);
      rc = csvread_buffer ("t.csv", b, len, collect_row, &c, &err);
      snprintf (want, sizeof want, "t.csv:2:2: field longer than %u bytes",
                CSVREAD_MAX_FIELD);
      CHECK (rc == EVS_EDATA && strcmp (err.msg, want) == 0,
             "field of 1 MiB + 1: rc %d %s", rc, err.msg);
      free (b);
    }
  /* 4096 fields pass, 4097 do not: "a,a,...,a" on line 1. */
  for (int extra = 0; extra < 2; extra++)
    {
      size_t nf = CSVREAD_MAX_FIELDS + (size_t) extra, len = 2 * nf;
      char *b = malloc (len);
      for (size_t i = 0; i < nf; i++)
        b[2 * i] = 'a', b[2 * i + 1] = i + 1 < nf ? ',' : '\n';
      collect c = { .out = "" };
      evs_error err = { 0 };
      int rc = csvread_buffer ("t.csv", b, len, collect_row, &c, &err);
      CHECK (extra ? rc == EVS_EDATA
                     && strcmp (err.msg, "t.csv:1:4097: more than 4096 fields in a row") == 0
                   : rc == EVS_OK,
             "%zu fields: rc %d %s", nf, rc, err.msg);
      free (b);
    }
}

/* csvread takes its input 1 MiB at a time: a CRLF and a closing quote
 * cut by that boundary must not add a line or lose the quoted flag. */
static void
test_csvread_boundaries (void)
{
  const size_t chunk = 1u << 20;
  size_t len = chunk + 64;
  char *b = malloc (len);
  /* Line 1: "x," then 'a's up to a CR at chunk-1 and LF at chunk. */
  memcpy (b, "x,", 2);
  memset (b + 2, 'a', chunk - 3);
  b[chunk - 1] = '\r';
  size_t o = chunk;
  o += (size_t) sprintf (b + o, "\ny,z\n");
  collect c = { .out = "" };
  evs_error err = { 0 };
  int rc = csvread_buffer ("t.csv", b, o, collect_row, &c, &err);
  CHECK (rc == EVS_OK && strstr (c.out, ";2:y|z") != NULL,
         "CRLF across the 1 MiB boundary: %s", rc ? err.msg : c.out);
  /* A quoted field whose closing quote is the last byte of the slice. */
  memcpy (b, "x,\"", 3);
  memset (b + 3, 'a', chunk - 4);
  b[chunk - 1] = '"';
  o = chunk + (size_t) sprintf (b + chunk, ",w\nq,r\n");
  memset (&c, 0, sizeof c);
  rc = csvread_buffer ("t.csv", b, o, collect_row, &c, &err);
  CHECK (rc == EVS_OK && strncmp (c.out, "1:x|\"aaa", 8) == 0
         && strstr (c.out, "\"|w;2:q|r") != NULL,
         "quote closing at the 1 MiB boundary: %.60s", rc ? err.msg : c.out);
  free (b);
}

static void
test_csvread_misc (void)
{
  csvread_field f = { " Adj Close\t", 11, false };
  CHECK (csvread_field_is (&f, "adj close"), "field_is ignores case and blanks");
  CHECK (!csvread_field_is (&f, "adj"), "field_is wants the whole name");
  csvread_field g = { "Close/Last", 10, false };
  CHECK (!csvread_field_is (&g, "Close"), "Close/Last is not Close");

  evs_error err = { 0 };
  collect c = { .out = "" };
  const char *dir = fixtures ? fixtures : ".";
  int rc = csvread_file (dir, "DIR", collect_row, &c, &err);
  CHECK (rc == EVS_EIO && strcmp (err.msg, "DIR: cannot read: Is a directory") == 0,
         "directory: %d %s", rc, err.msg);
  rc = csvread_file ("/nonexistent/x.csv", "x.csv", collect_row, &c, &err);
  CHECK (rc == EVS_EIO
         && strcmp (err.msg, "x.csv: cannot read: No such file or directory") == 0,
         "missing file: %d %s", rc, err.msg);
}

/* ------------------------------------------------------------------ */
/* Dates                                                                */

static void
test_dates (void)
{
  int32_t d;
  CHECK (date_from_ymd (1970, 1, 1, &d) && d == 0, "1970-01-01 is day 0");
  CHECK (date_from_ymd (2024, 2, 29, &d), "2024-02-29 (leap year) accepted");
  CHECK (date_from_ymd (2000, 2, 29, &d), "2000-02-29 (400-year leap) accepted");
  CHECK (!date_from_ymd (1900, 2, 29, &d), "1900-02-29 rejected");
  CHECK (!date_from_ymd (2025, 2, 29, &d), "2025-02-29 rejected");
  CHECK (!date_from_ymd (2025, 2, 30, &d), "2025-02-30 rejected");
  CHECK (!date_from_ymd (2025, 4, 31, &d), "2025-04-31 rejected");
  CHECK (!date_from_ymd (0, 1, 1, &d), "0000-01-01 rejected");
  CHECK (!date_from_ymd (9999, 12, 31, &d), "9999-12-31 rejected");
  CHECK (!date_from_ymd (2024, 13, 1, &d), "month 13 rejected");
  CHECK (!date_from_ymd (2024, 0, 1, &d), "month 0 rejected");

  /* Every spelling of 2025-01-27 that price files use. */
  static const char *const same[] = {
    "2025-01-27", "20250127", "2025/01/27", "01/27/2025", "Jan 27, 2025",
    "2025-01-27T00:00:00.000Z", "2025-01-27 00:00:00+08:00", "2025-01-27 16:00:00",
  };
  int32_t want = 20115;   /* 2025-01-27: 55 years of days since 1970 */
  for (size_t i = 0; i < sizeof same / sizeof *same; i++)
    CHECK (date_parse_any (same[i], strlen (same[i]), &d) && d == want,
           "date_parse_any (\"%s\") = %d, want %d", same[i], (int) d, (int) want);
  static const char *const bad[] = {
    "", "2024-13-01", "2025-02-30", "0000-01-01", "9999-12-31", "27/01/2025",
    "2025-1-27", "2025-01-27x", "Foo 27, 2025", "2025-01-27T25:00", "null",
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    CHECK (!date_parse_any (bad[i], strlen (bad[i]), &d),
           "date_parse_any (\"%s\") should fail", bad[i]);
}

/* ------------------------------------------------------------------ */
/* price_import helpers                                                  */

typedef struct want_series {
  const char *ticker, *layout, *column;
  size_t n, gaps;
  const char *first;
  double first_price;
  const char *last;
  double last_price;
} want_series;

static bool
strictly_ascending (const evs_series *s)
{
  for (size_t i = 1; i < s->n; i++)
    if (s->date[i] <= s->date[i - 1])
      return false;
  return true;
}

/* Compares S with W, naming the file WHAT in failures. */
static void
check_series (const char *what, const evs_series *s, const want_series *w)
{
  char a[11], b[11];
  CHECK (strcmp (s->ticker, w->ticker) == 0, "%s: ticker %s, want %s", what,
         s->ticker, w->ticker);
  CHECK (strcmp (s->layout, w->layout) == 0, "%s: layout %s, want %s", what,
         s->layout, w->layout);
  CHECK (strcmp (s->price_column, w->column) == 0, "%s: column %s, want %s",
         what, s->price_column, w->column);
  CHECK (s->n == w->n && s->n_gaps == w->gaps, "%s: %zu rows %zu gaps, want %zu %zu",
         what, s->n, s->n_gaps, w->n, w->gaps);
  CHECK (strictly_ascending (s), "%s: dates not strictly ascending", what);
  if (s->n == 0)
    return;
  CHECK (s->date[0] == day_of (w->first) && rel_eq (s->price[0], w->first_price),
         "%s: first %s %.17g, want %s %.17g", what, date_format (s->date[0], a),
         s->price[0], w->first, w->first_price);
  CHECK (s->date[s->n - 1] == day_of (w->last)
         && rel_eq (s->price[s->n - 1], w->last_price),
         "%s: last %s %.17g, want %s %.17g", what,
         date_format (s->date[s->n - 1], b), s->price[s->n - 1], w->last,
         w->last_price);
}

/* Imports PATH into L (appending); false (and a failure) on error. */
static bool
import (const char *path, const price_import_opts *o, evs_series_list *l)
{
  evs_error err = { 0 };
  int rc = price_import_file (path, o, l, &err);
  return CHECK (rc == EVS_OK, "%s: import failed: %d %s", path, rc, err.msg);
}

/* Imports PATH, expecting one series like W. */
static void
expect_one (const char *path, const price_import_opts *o, const want_series *w)
{
  evs_series_list l;
  series_list_init (&l);
  if (import (path, o, &l) && CHECK (l.n == 1, "%s: %zu series", path, l.n))
    check_series (path, &l.v[0], w);
  series_list_release (&l);
}

/* Imports PATH expecting error CODE with message "PATH" + TAIL, and
 * nothing appended to a list that already holds one series. */
static void
expect_error (const char *path, const price_import_opts *o, int code,
              const char *tail)
{
  evs_series_list l;
  series_list_init (&l);
  evs_series *keep = series_list_add (&l);
  keep->ticker = evs_xstrdup ("KEEP");
  evs_error err = { 0 };
  char want[1200];
  snprintf (want, sizeof want, "%s%s", path, tail);
  int rc = price_import_file (path, o, &l, &err);
  CHECK (rc == code && strcmp (err.msg, want) == 0,
         "%s: got %d \"%s\", want %d \"%s\"", path, rc, err.msg, code, want);
  CHECK (l.n == 1, "%s: failed import appended %zu series", path, l.n - 1);
  series_list_release (&l);
}

/* ------------------------------------------------------------------ */
/* Fixtures: one per layout                                              */

static const price_import_opts plain = { NULL, NULL, false, 0, false };

static void
test_fixture_layouts (void)
{
  /* Line 3 is all null (a gap); Adj Close beats Close: 10.40 on line 2,
   * 12.10 on line 5. */
  expect_one (path_in (fixtures, "yahoo-null.csv"), &plain, &(want_series) {
      "yahoo-null", "yahoo", "Adj Close", 3, 1,
      "2024-01-02", 10.40, "2024-01-05", 12.10 });
  /* Newest first, $ prices, "818,830,900" volumes, N/A row (a gap):
   * oldest line 6 "$147.07" -> 147.07, newest line 2 "$128.99" -> 128.99. */
  expect_one (path_in (fixtures, "nasdaq.csv"), &plain, &(want_series) {
      "nasdaq", "nasdaq", "Close/Last", 4, 1,
      "2025-01-22", 147.07, "2025-01-28", 128.99 });
  /* Close/Last $142.62 on 01/24 -> 142.62, newest first. */
  expect_one (path_in (fixtures, "alphavantage.csv"), &plain, &(want_series) {
      "alphavantage", "alphavantage", "close", 3, 0,
      "2025-01-24", 142.62, "2025-01-28", 128.99 });
  /* adjusted_close, not close: 1208.88 raw before the 10:1 split is
   * 120.86 adjusted (line 4); 120.88 on 2024-06-11 (line 2). */
  expect_one (path_in (fixtures, "alphavantage-adjusted.csv"), &plain,
              &(want_series) { "alphavantage-adjusted", "alphavantage",
                  "adjusted_close", 3, 0, "2024-06-07", 120.86, "2024-06-11", 120.88 });
  /* BOM, every field quoted, "6,101.24" -> 6101.24 (line 4, oldest). */
  expect_one (path_in (fixtures, "investing.csv"), &plain, &(want_series) {
      "investing", "investing", "Price", 3, 0,
      "2025-01-24", 6101.24, "2025-01-28", 6067.70 });
  /* adjClose column: 142.5733 (ISO date with Z), 128.9474 (plain date). */
  expect_one (path_in (fixtures, "tiingo.csv"), &plain, &(want_series) {
      "tiingo", "tiingo", "adjClose", 3, 0,
      "2025-01-24", 142.5733, "2025-01-28", 128.9474 });
  /* Index without Volume. */
  expect_one (path_in (fixtures, "stooq-index.csv"), &plain, &(want_series) {
      "stooq-index", "stooq", "Close", 3, 0,
      "2025-01-24", 6101.24, "2025-01-28", 6067.70 });
  /* IB: YYYYMMDD dates and barCount; the timestamp/count variant. */
  expect_one (path_in (fixtures, "ib.csv"), &plain, &(want_series) {
      "ib", "ib", "close", 2, 0, "2025-01-24", 142.62, "2025-01-27", 118.42 });
  expect_one (path_in (fixtures, "ib-timestamp.csv"), &plain, &(want_series) {
      "ib-timestamp", "ib", "close", 2, 0,
      "2025-01-24", 142.62, "2025-01-27", 118.42 });
  /* CRLF with blank lines. */
  expect_one (path_in (fixtures, "crlf.csv"), &plain, &(want_series) {
      "crlf", "yfinance", "Close", 3, 0,
      "2025-01-24", 142.62, "2025-01-28", 128.99 });
  /* Three-line header: the ticker NVDA comes from line 2. */
  expect_one (path_in (fixtures, "yfinance3.csv"), &plain, &(want_series) {
      "NVDA", "yfinance3", "Close", 2, 0,
      "2025-01-24", 142.62, "2025-01-27", 118.42 });
}

/* symbol,date,... in shuffled order: two series, in order of first
 * appearance, each sorted. */
static void
test_fixture_long (void)
{
  const char *p = path_in (fixtures, "long-symbol.csv");
  evs_series_list l;
  series_list_init (&l);
  if (import (p, &plain, &l) && CHECK (l.n == 2, "%s: %zu series", p, l.n))
    {
      /* MSFT: 444.06 (line 4), 434.56 (line 2), 447.20 (line 7). */
      check_series (p, &l.v[0], &(want_series) { "MSFT", "long", "close", 3, 0,
          "2025-01-24", 444.06, "2025-01-28", 447.20 });
      check_series (p, &l.v[1], &(want_series) { "NVDA", "long", "close", 3, 0,
          "2025-01-24", 142.62, "2025-01-28", 128.99 });
      CHECK (rel_eq (l.v[0].price[1], 434.56) && l.v[0].line[1] == 2,
             "MSFT 2025-01-27 is 434.56 from line 2");
    }
  series_list_release (&l);
}

static void
test_fixture_alphavantage_json (void)
{
  expect_error (path_in (fixtures, "alphavantage-error.csv"), &plain, EVS_EDATA,
                ": Alpha Vantage error: 'Invalid API call. Please retry or visit the "
                "documentation (https://www.alphavantage.co/documentation/) for "
                "TIME_SERIES_DAILY.'");
  expect_error (path_in (fixtures, "alphavantage-info.csv"), &plain, EVS_EDATA,
                ": Alpha Vantage error: 'The **demo** API key is for demo purposes only.'");
  /* A long note is cut to 152 characters and "...". */
  expect_error (path_in (fixtures, "alphavantage-note.csv"), &plain, EVS_EDATA,
                ": Alpha Vantage error: 'Thank you for using Alpha Vantage! Our standard "
                "API call frequency is 5 calls per minute and 500 calls per day. Please "
                "visit https://www.alphavantage.co...'");
}

static void
test_fixture_errors (void)
{
  struct { const char *file, *tail; int code; } cases[] = {
    { "bad-duplicate-date.csv", ":4:1: duplicate date '2025-01-24' (also on line 2)", EVS_EDATA },
    { "bad-price-text.csv", ":3:2: invalid price 'abc' in column 'Close'", EVS_EDATA },
    { "bad-price-negative.csv", ":3:2: non-positive price '-1' in column 'Close'", EVS_EDATA },
    { "bad-date.csv", ":3:1: invalid date '2024-13-01'", EVS_EDATA },
    { "header-only.csv", ": no price rows", EVS_EDATA },
    { "all-gaps.csv", ": no price rows", EVS_EDATA },
    { "empty.csv", ": empty file", EVS_EDATA },
    { "bad-header.csv", ":1: unrecognised header: no date column (columns: When, Value)", EVS_EDATA },
    { "bad-no-price.csv", ":1: unrecognised header: no price column (columns: Date, Volume)", EVS_EDATA },
    { "bad-short-row.csv", ":3: expected 3 fields, found 2", EVS_EDATA },
    { "bad-unterminated.csv", ":3:2: unterminated quoted field", EVS_EDATA },
    { "bad-nul.csv", ":3:2: NUL byte", EVS_EDATA },
    { "bad-yfinance3-two-tickers.csv", ":2:3: second ticker 'AMD' after 'NVDA': one ticker per file", EVS_EDATA },
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    expect_error (path_in (fixtures, cases[i].file), &plain, cases[i].code,
                  cases[i].tail);
  expect_error (fixtures, &plain, EVS_EIO, ": cannot read: Is a directory");
  expect_error (path_in (fixtures, "no-such-file.csv"), &plain, EVS_EIO,
                ": cannot read: No such file or directory");
  price_import_opts settle = { "Settle", NULL, false, 0, false };
  expect_error (path_in (fixtures, "yahoo-null.csv"), &settle, EVS_EDATA,
                ":1: no column 'Settle' (columns: Date, Open, High, Low, Close, "
                "Adj Close, Volume)");
}

/* opts->price_column and opts->ticker, and where the ticker comes from. */
static void
test_fixture_options (void)
{
  /* Close instead of Adj Close: 10.50 (line 2) .. 12.25 (line 5); the
   * name matches without regard to case and keeps the file's spelling. */
  price_import_opts close = { "close", NULL, false, 0, false };
  expect_one (path_in (fixtures, "yahoo-null.csv"), &close, &(want_series) {
      "yahoo-null", "yahoo", "Close", 3, 1, "2024-01-02", 10.50, "2024-01-05", 12.25 });
  /* opts->ticker names a file that does not name itself ... */
  price_import_opts nvda = { NULL, "NVDA", false, 0, false };
  expect_one (path_in (fixtures, "nasdaq.csv"), &nvda, &(want_series) {
      "NVDA", "nasdaq", "Close/Last", 4, 1, "2025-01-22", 147.07, "2025-01-28", 128.99 });
  /* ... but the file's own ticker wins. */
  price_import_opts other = { NULL, "OTHER", false, 0, false };
  expect_one (path_in (fixtures, "yfinance3.csv"), &other, &(want_series) {
      "NVDA", "yfinance3", "Close", 2, 0, "2025-01-24", 142.62, "2025-01-27", 118.42 });
}

/* opts->keep_columns: the other columns, NaN where absent or missing. */
static void
test_fixture_keep (void)
{
  price_import_opts keep = { NULL, NULL, true, 0, false };
  evs_series_list l;
  series_list_init (&l);
  if (import (path_in (fixtures, "nasdaq.csv"), &keep, &l)
      && import (path_in (fixtures, "investing.csv"), &keep, &l) && l.n == 2)
    {
      /* nasdaq.csv line 3, 2025-01-27 (row 2 once sorted, the N/A row
       * being a gap): $118.42,"818,830,900",$124.80,$128.40,$116.70 */
      evs_series *s = &l.v[0];
      double *const *c = s->col;
      size_t r = series_lower_bound (s, day_of ("2025-01-27"));
      CHECK (r == 2 && c[SERIES_OPEN] && rel_eq (c[SERIES_OPEN][r], 124.80)
             && rel_eq (c[SERIES_HIGH][r], 128.40) && rel_eq (c[SERIES_LOW][r], 116.70)
             && rel_eq (c[SERIES_CLOSE][r], 118.42) && isnan (c[SERIES_ADJ_CLOSE][r])
             && rel_eq (c[SERIES_VOLUME][r], 818830900),
             "nasdaq kept columns of 2025-01-27");
      /* investing.csv: volumes "-" (01/24) -> NaN, "734.50K" (01/27) ->
       * 734500, "2.51B" (01/28) -> 2.51e9; Price is the close. */
      s = &l.v[1];
      c = s->col;
      CHECK (c[SERIES_VOLUME] && isnan (c[SERIES_VOLUME][0])
             && rel_eq (c[SERIES_VOLUME][1], 734500) && rel_eq (c[SERIES_VOLUME][2], 2.51e9)
             && rel_eq (c[SERIES_CLOSE][2], 6067.70) && rel_eq (c[SERIES_OPEN][0], 6118.71),
             "investing kept columns");
    }
  else
    CHECK (false, "keep_columns imports");
  /* Without keep_columns nothing else is stored. */
  evs_series_list m;
  series_list_init (&m);
  if (import (path_in (fixtures, "nasdaq.csv"), &plain, &m))
    CHECK (m.v[0].col[SERIES_OPEN] == NULL, "col[] left NULL without keep_columns");
  series_list_release (&m);
  series_list_release (&l);
}

/* ------------------------------------------------------------------ */
/* Numbers and names, through price_import_buffer                       */

/* Imports "Date,Close" with a good first row and VALUE, quoted (it may
 * hold commas), on line 3. */
static int
import_value (const char *value, evs_series_list *l, evs_error *err)
{
  char buf[256];
  int n = snprintf (buf, sizeof buf, "Date,Close\n2025-01-24,100\n2025-01-27,\"%s\"\n",
                    value);
  return price_import_buffer ("v.csv", buf, (size_t) n, &plain, l, err);
}

static void
test_numbers (void)
{
  static const struct { const char *in; double want; } good[] = {
    { "142.62", 142.62 }, { " 142.62 ", 142.62 }, { "$1,234.50", 1234.50 },
    { "1,234,567", 1234567 }, { "1e2", 100 }, { "+5", 5 }, { ".5", 0.5 },
    { "12,345.6", 12345.6 }, { "007.50", 7.5 },
  };
  for (size_t i = 0; i < sizeof good / sizeof *good; i++)
    {
      evs_series_list l;
      series_list_init (&l);
      evs_error err = { 0 };
      int rc = import_value (good[i].in, &l, &err);
      CHECK (rc == EVS_OK && l.v[0].n == 2 && rel_eq (l.v[0].price[1], good[i].want),
             "price '%s': rc %d %s", good[i].in, rc, err.msg);
      series_list_release (&l);
    }
  static const char *const gaps[] = { "", "null", "NULL", "N/A", "n/a", "-", "." };
  for (size_t i = 0; i < sizeof gaps / sizeof *gaps; i++)
    {
      evs_series_list l;
      series_list_init (&l);
      evs_error err = { 0 };
      int rc = import_value (gaps[i], &l, &err);
      CHECK (rc == EVS_OK && l.v[0].n == 1 && l.v[0].n_gaps == 1,
             "'%s' is a gap: rc %d %s", gaps[i], rc, err.msg);
      series_list_release (&l);
    }
}

static void
test_bad_numbers (void)
{
  /* Never read as numbers: not finite, hex, overflow, decimal comma. */
  static const char *const invalid[] = {
    "nan", "NaN", "inf", "-inf", "Infinity", "1e400", "1e-400", "0x10", "1,5",
    "1.5.2", "12 34", "abc", "1,23,456", "$", "e5", "5e",
  };
  static const char *const nonpos[] = { "0", "-0", "0.0", "-1", "-$3.00" };
  for (int pass = 0; pass < 2; pass++)
    {
      const char *const *v = pass ? nonpos : invalid;
      size_t n = pass ? sizeof nonpos / sizeof *nonpos : sizeof invalid / sizeof *invalid;
      for (size_t i = 0; i < n; i++)
        {
          evs_series_list l;
          series_list_init (&l);
          evs_error err = { 0 };
          char want[128];
          snprintf (want, sizeof want, "v.csv:3:2: %s '%s' in column 'Close'",
                    pass ? "non-positive price" : "invalid price", v[i]);
          int rc = import_value (v[i], &l, &err);
          CHECK (rc == EVS_EDATA && strcmp (err.msg, want) == 0 && l.n == 0,
                 "'%s': got %d \"%s\", want \"%s\"", v[i], rc, err.msg, want);
          series_list_release (&l);
        }
    }
}

/* The importer's shortcut for the dates of one month (parse_date): every
 * calendar day from 1899-12-01 to 2101-03-31 (leap and non-leap Februaries,
 * 1900 and 2100 not leap, 2000 leap), written by date_format, reads back
 * as its own day number; and the days a month lacks, right after that
 * month's valid days, are still invalid dates. */
static void
test_month_dates (void)
{
  int32_t d0, d1;
  CHECK (date_parse_any ("1899-12-01", 10, &d0) && date_parse_any ("2101-03-31", 10, &d1),
         "date range");
  size_t n = (size_t) (d1 - d0 + 1), len = 0;
  char *csv = malloc (n * 16 + 32);
  len += (size_t) sprintf (csv, "Date,Close\n");
  for (int32_t d = d0; d <= d1; d++)
    {
      char b[11];
      len += (size_t) sprintf (csv + len, "%s,1\n", date_format (d, b));
    }
  evs_series_list l;
  series_list_init (&l);
  evs_error err = { 0 };
  int rc = price_import_buffer ("days.csv", csv, len, &plain, &l, &err);
  bool ok = rc == EVS_OK && l.v[0].n == n;
  for (size_t i = 0; ok && i < n; i++)
    ok = CHECK (l.v[0].date[i] == d0 + (int32_t) i, "day %zu: %d, want %d", i,
                (int) l.v[0].date[i], (int) (d0 + (int32_t) i));
  CHECK (ok, "every day read back: rc %d %s", rc, err.msg);
  series_list_release (&l);
  free (csv);
  static const char *const bad[] = {
    "2023-02-28\n2023-02-29", "2100-02-28\n2100-02-29", "2024-04-30\n2024-04-31",
    "2024-04-01\n2024-04-00", "2024-01-31\n2024-01-32", "2024-12-31\n2024-12-3x",
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    {
      char buf[128], want[96];
      const char *second = strchr (bad[i], '\n') + 1;
      int m = snprintf (buf, sizeof buf, "Date,Close\n%.10s,1\n%s,1\n", bad[i], second);
      snprintf (want, sizeof want, "d.csv:3:1: invalid date '%s'", second);
      series_list_init (&l);
      rc = price_import_buffer ("d.csv", buf, (size_t) m, &plain, &l, &err);
      CHECK (rc == EVS_EDATA && strcmp (err.msg, want) == 0, "'%s': %d %s", second, rc,
             rc ? err.msg : "");
      series_list_release (&l);
    }
  series_list_init (&l);
  const char *leap = "Date,Close\n2024-02-28,1\n2024-02-29,1\n2000-02-29,1\n";
  rc = price_import_buffer ("leap.csv", leap, strlen (leap), &plain, &l, &err);
  CHECK (rc == EVS_OK && l.n == 1 && l.v[0].n == 3, "leap days: %d %s", rc, rc ? err.msg : "");
  series_list_release (&l);
}

/* The bounds of the ratio check (check_returns), on either side of its
 * shortcut for ratios within 1/2..2: with max_ratio 2, a ratio of exactly
 * 2 or 1/2 passes and the next double up (2 + 2^-51, written to 17
 * digits) is refused; with the default 1e6, a ratio of exactly 1e6 or
 * 1e-6 passes and 1000000.1 is refused (all by the definition,
 * 1/max <= p1/p0 <= max). */
static void
test_ratio_bounds (void)
{
  static const struct { double max; const char *p1; bool ok; } cases[] = {
    { 2, "2", true }, { 2, "0.5", true }, { 2, "2.0000000000000004", false },
    { 2, "0.49999999999999994", false }, { 0, "1000000", true },
    { 0, "0.000001", true }, { 0, "1000000.1", false }, { 0, "1.9", true },
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    {
      char buf[128];
      int m = snprintf (buf, sizeof buf, "Date,Close\n2025-01-24,1\n2025-01-27,%s\n",
                        cases[i].p1);
      price_import_opts o = { .max_ratio = cases[i].max };
      evs_series_list l;
      evs_error err = { 0 };
      series_list_init (&l);
      int rc = price_import_buffer ("r.csv", buf, (size_t) m, &o, &l, &err);
      CHECK (cases[i].ok ? rc == EVS_OK : rc == EVS_EDATA && strstr (err.msg, "absurd return"),
             "1 then %s, max %g: %d %s", cases[i].p1, cases[i].max, rc, rc ? err.msg : "");
      series_list_release (&l);
    }
}

/* Numbers are read in the C locale even if the process uses another. */
static bool
test_locale (void)
{
  static const char *const commas[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
                                        "de_DE", NULL };
  const char *got = NULL;
  for (int i = 0; commas[i] && !got; i++)
    got = setlocale (LC_NUMERIC, commas[i]);
  if (!got)
    return false;
  evs_series_list l;
  series_list_init (&l);
  evs_error err = { 0 };
  int rc = import_value ("142.62", &l, &err);
  CHECK (rc == EVS_OK && rel_eq (l.v[0].price[1], 142.62),
         "142.62 under LC_NUMERIC=%s: %d %s", got, rc, err.msg);
  series_list_release (&l);
  setlocale (LC_NUMERIC, "C");
  return true;
}

static void
test_names (void)
{
  static const struct { const char *name, *ticker; } cases[] = {
    { "data/9988.HK.csv", "9988.HK" }, { "NVDA.csv", "NVDA" }, { "NVDA", "NVDA" },
    { "/x/y/SPX Historical Data.csv", "SPX" },
  };
  const char *text = "Date,Close\n2025-01-24,1\n";
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    {
      evs_series_list l;
      series_list_init (&l);
      evs_error err = { 0 };
      int rc = price_import_buffer (cases[i].name, text, strlen (text), &plain, &l, &err);
      CHECK (rc == EVS_OK && strcmp (l.v[0].ticker, cases[i].ticker) == 0
             && strcmp (l.v[0].source, cases[i].name) == 0,
             "ticker of %s: %s", cases[i].name, rc ? err.msg : l.v[0].ticker);
      series_list_release (&l);
    }
  /* A bad row of the second ticker of a long file: nothing appended. */
  const char *lng = "ticker,date,close\nA,2025-01-24,1\nB,2025-01-24,x\n";
  evs_series_list l;
  series_list_init (&l);
  evs_error err = { 0 };
  int rc = price_import_buffer ("l.csv", lng, strlen (lng), &plain, &l, &err);
  CHECK (rc == EVS_EDATA && l.n == 0
         && strcmp (err.msg, "l.csv:3:3: invalid price 'x' in column 'close'") == 0,
         "long file error: %d %s (%zu series)", rc, err.msg, l.n);
  series_list_release (&l);
}

/* ------------------------------------------------------------------ */
/* The shared real data                                                  */

static void
test_shared_files (void)
{
  /* First and last data lines of each file, copied from the file. */
  static const struct { const char *file; want_series w; } files[] = {
    { "NVDA.csv", { "NVDA", "yfinance", "Close", 4023, 0,
        "2010-01-04", 0.42378371953964233, "2025-12-30", 187.52984619140625 } },
    { "TSM.csv", { "TSM", "yfinance", "Close", 4023, 0,
        "2010-01-04", 7.256165504455566, "2025-12-30", 299.5799865722656 } },
    { "0700.HK.csv", { "0700.HK", "yfinance", "Close", 3941, 0,
        "2010-01-04", 29.03944969177246, "2025-12-30", 600.0 } },
    { "SPY.csv", { "SPY", "yfinance", "Close", 1313, 0,
        "2021-01-04", 343.3191223144531, "2026-03-26", 652.3400268554688 } },
    { "BABA.csv", { "BABA", "yfinance", "Close", 1313, 0,
        "2021-01-04", 216.3880157470703, "2026-03-26", 126.51000213623047 } },
    { "BIDU.csv", { "BIDU", "yfinance", "Close", 1313, 0,
        "2021-01-04", 216.8000030517578, "2026-03-26", 112.3230972290039 } },
    /* Last line "2026-03-26,,,,,6238632" is a gap: last price 03-25. */
    { "MSFT.csv", { "MSFT", "yfinance", "Close", 1312, 1,
        "2021-01-04", 208.40652465820312, "2026-03-25", 371.0400085449219 } },
    { "AVGO.csv", { "AVGO", "yfinance", "Adj Close", 1256, 0,
        "2021-04-12", 43.75963592529297, "2026-04-10", 371.54998779296875 } },
    { "9988.HK.csv", { "9988.HK", "yfinance-history", "Close", 1323, 0,
        "2020-01-02", 209.29086303710938, "2025-05-22", 118.80000305175781 } },
    { "HSI.csv", { "^HSI", "yfinance3", "Close", 1226, 0,
        "2021-06-24", 28882.4609375, "2026-06-23", 23336.279296875 } },
    { "QQQ.csv", { "QQQ", "yfinance3", "Adj Close", 6675, 0,
        "1999-03-10", 43.234283447265625, "2025-09-19", 599.3499755859375 } },
    { "AMD.csv", { "AMD", "stooq", "close", 2524, 0,
        "2016-08-08", 6.68, "2026-08-21", 473.25 } },
    { "SMH.csv", { "SMH", "yahoo", "Adj Close", 753, 0,
        "2023-07-03", 151.53448486328125, "2026-07-02", 592.2899780273438 } },
  };
  for (size_t i = 0; i < sizeof files / sizeof *files; i++)
    expect_one (path_in (prices, files[i].file), &plain, &files[i].w);
  /* Raw Close of files that also have Adj Close. */
  price_import_opts close = { "Close", NULL, false, 0, false };
  expect_one (path_in (prices, "QQQ.csv"), &close, &(want_series) { "QQQ", "yfinance3",
      "Close", 6675, 0, "1999-03-10", 51.0625, "2025-09-19", 599.3499755859375 });
  expect_one (path_in (prices, "AVGO.csv"), &close, &(want_series) { "AVGO", "yfinance",
      "Close", 1256, 0, "2021-04-12", 48.367000579833984, "2026-04-10", 371.54998779296875 });
}

static void
test_shared_long (void)
{
  const char *p = path_in (prices, "semis_long.csv");
  evs_series_list l;
  series_list_init (&l);
  /* Sorted by ticker then date, CRLF; 1147 rows per ticker. */
  static const char *const order[] = { "AMD", "ASML", "INTC", "NVDA", "SOXX", "TSM", "^GSPC" };
  if (import (p, &plain, &l) && CHECK (l.n == 7, "%s: %zu series, want 7", p, l.n))
    {
      for (size_t i = 0; i < 7; i++)
        CHECK (strcmp (l.v[i].ticker, order[i]) == 0 && l.v[i].n == 1147
               && strictly_ascending (&l.v[i]) && strcmp (l.v[i].layout, "long") == 0
               && strcmp (l.v[i].price_column, "price") == 0,
               "%s: series %zu is %s with %zu rows", p, i, l.v[i].ticker, l.v[i].n);
      check_series (p, &l.v[0], &(want_series) { "AMD", "long", "price", 1147, 0,
          "2022-01-04", 144.4199981689453, "2026-07-31", 476.1499938964844 });
      check_series (p, &l.v[6], &(want_series) { "^GSPC", "long", "price", 1147, 0,
          "2022-01-04", 4793.5400390625, "2026-07-31", 7489.72021484375 });
    }
  series_list_release (&l);
}

/* Facts from the data README: NVDA -16.97% on 2025-01-27 (adjusted
 * 142.57 -> 118.38); 9988.HK closed 01-29..01-31, 88.35 -> 94.00. */
static void
test_shared_facts (void)
{
  evs_series_list l;
  series_list_init (&l);
  if (import (path_in (prices, "NVDA.csv"), &plain, &l)
      && import (path_in (prices, "9988.HK.csv"), &plain, &l))
    {
      evs_series *nv = &l.v[0], *hk = &l.v[1];
      size_t i = series_lower_bound (nv, day_of ("2025-01-27"));
      CHECK (i < nv->n && nv->date[i] == day_of ("2025-01-27")
             && nv->date[i - 1] == day_of ("2025-01-24")
             && fabs (nv->price[i] / nv->price[i - 1] - 1 + 0.1697) < 5e-5,
             "NVDA 2025-01-24 -> 01-27 return is -16.97%%");
      size_t j = series_lower_bound (hk, day_of ("2025-01-29"));
      CHECK (j < hk->n && hk->date[j] == day_of ("2025-02-03")
             && rel_eq (hk->price[j - 1], 88.3499984741211) && rel_eq (hk->price[j], 94.0),
             "9988.HK: 01-28 88.35 then 02-03 94.00");
    }
  series_list_release (&l);
}

/* ------------------------------------------------------------------ */

static const char *
existing_dir (const char *base, const char *sub)
{
  static char buf[2][1024];
  static int k;
  struct stat st;
  if (!base || !*base)
    return NULL;
  k = !k;
  snprintf (buf[k], sizeof buf[k], "%s/%s", base, sub);
  return stat (buf[k], &st) == 0 && S_ISDIR (st.st_mode) ? buf[k] : NULL;
}

int
main (void)
{
  /* GSL reports through return codes; its default handler aborts. */
  gsl_set_error_handler_off ();
  fixtures = existing_dir (getenv ("TOP_SRCDIR"), "tests/fixtures/prices");
  prices = existing_dir (getenv ("SHARED_DATA"), "prices");
  test_csvread_lines ();
  test_csvread_errors ();
  test_csvread_limits ();
  test_csvread_boundaries ();
  test_csvread_misc ();
  test_dates ();
  test_numbers ();
  test_month_dates ();
  test_ratio_bounds ();
  test_bad_numbers ();
  test_names ();
  if (!test_locale ())
    printf ("note: no comma-decimal locale installed; locale check skipped\n");
  if (fixtures)
    {
      test_fixture_layouts ();
      test_fixture_long ();
      test_fixture_alphavantage_json ();
      test_fixture_errors ();
      test_fixture_options ();
      test_fixture_keep ();
    }
  else
    printf ("SKIP: fixtures (TOP_SRCDIR unset or no tests/fixtures/prices)\n");
  if (prices)
    {
      test_shared_files ();
      test_shared_long ();
      test_shared_facts ();
    }
  else
    printf ("SKIP: shared data (SHARED_DATA unset or no prices/ in it)\n");
  printf ("%d checks, %d failed\n", n_checks, n_failed);
  if (n_checks == 0)
    return 77;
  return n_failed ? 1 : 0;
}
