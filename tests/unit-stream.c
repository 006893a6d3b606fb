/* unit-stream.c -- the bounded-memory import (price_stream, series_spill,
 * issue 15) against the whole-file import.
 *
 * The reference for every number is price_import_buffer, the importer
 * that holds the whole file (itself checked against hand-read fixtures
 * in unit-import.c): with the budget (price_stream_hold) lowered to a
 * few rows, so that every series is spilled to the temporary file many
 * times, the stream must hand out the same series, row for row and bit
 * for bit (dates, prices, lines, every kept column, gaps), for a long
 * file interleaved by date and for the same rows grouped by ticker; fail
 * with the same message on the same bad input (a duplicate date whose
 * two rows were spilled apart, an absurd return, a ticker with no price,
 * a JSON body); and hash the bytes as sha256_hex does.  A store filled
 * through a spilling stream must read back what one filled without
 * spilling reads.  The row counts per ticker (40 dates, one a gap) are
 * by construction of the generated file.
 */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "price_import.h"
#include "series.h"
#include "sha256.h"
#include "store.h"

#define UNIT_NAME "unit-stream.c"
#include "check.h"

enum { NT = 4, ND = 40 };
static const char *const tick[NT] = { "AAA", "BBB", "CCC", "MKT" };

/* A long file with every column kept by the store: rows interleaved by
 * date (BY_DATE) or grouped by ticker, dates newest first for BBB.  Row
 * (t, d) of ticker t on day d; AAA's day 7 has no adjusted close (a gap). */
static char *
make_file (bool by_date, size_t *len)
{
  size_t cap = 1 << 16, n = 0;
  char *b = malloc (cap);
  n += (size_t) snprintf (b + n, cap - n,
                          "Date,Ticker,Open,High,Low,Close,Adj Close,Volume\r\n");
  for (int i = 0; i < NT * ND; i++)
    {
      int t = by_date ? i % NT : i / ND, d = by_date ? i / NT : i % ND;
      if (t == 1)
        d = ND - 1 - d;
      char day[11];
      int32_t d0 = 0;
      date_from_ymd (2024, 1, 1, &d0);
      date_format (d0 + d, day);
      double p = 100 + 10 * t + 0.25 * d;
      if (t == 0 && d == 7)
        n += (size_t) snprintf (b + n, cap - n, "%s,%s,%g,%g,%g,%g,,%d\r\n", day, tick[t],
                                p, p + 1, p - 1, p, 1000 + d);
      else
        n += (size_t) snprintf (b + n, cap - n, "%s,\"%s\",%g,%g,%g,%g,%.10g,%d\r\n", day,
                                tick[t], p, p + 1, p - 1, p + 0.5, p * 0.99, 1000 + t * d);
    }
  *len = n;
  return b;
}

static bool
same_doubles (const double *a, const double *b, size_t n)
{
  if (!a || !b)
    return a == b;
  for (size_t i = 0; i < n; i++)
    if (memcmp (&a[i], &b[i], sizeof a[i]) != 0)
      return false;
  return true;
}

static void
check_same_series (const char *what, const evs_series *a, const evs_series *b)
{
  CHECK (strcmp (a->ticker, b->ticker) == 0, "%s: ticker %s vs %s", what, a->ticker, b->ticker);
  CHECK (a->n == b->n && a->n_gaps == b->n_gaps && a->kept == b->kept,
         "%s %s: n %zu/%zu gaps %zu/%zu", what, a->ticker, a->n, b->n, a->n_gaps, b->n_gaps);
  if (a->n != b->n)
    return;
  CHECK (memcmp (a->date, b->date, a->n * sizeof *a->date) == 0, "%s %s: dates", what, a->ticker);
  CHECK (memcmp (a->line, b->line, a->n * sizeof *a->line) == 0, "%s %s: lines", what, a->ticker);
  CHECK (same_doubles (a->price, b->price, a->n), "%s %s: prices", what, a->ticker);
  for (int c = 0; c < SERIES_NCOLS; c++)
    CHECK (same_doubles (a->col[c], b->col[c], a->n), "%s %s: column %d", what, a->ticker, c);
  CHECK (strcmp (a->layout, b->layout) == 0 && strcmp (a->price_column, b->price_column) == 0,
         "%s %s: layout, price column", what, a->ticker);
}

static const price_import_opts store_opts = { NULL, NULL, true, 0, false };

/* Streams BUF (from memory, or from the file PATH when PATH is not NULL)
 * and compares with price_import_buffer: the same series, or the same
 * error. */
static int
compare (const char *what, const char *buf, size_t len, const char *path)
{
  const char *name = path ? path : "mem.csv";
  evs_series_list want;
  evs_error e1 = { 0 }, e2 = { 0 };
  series_list_init (&want);
  int rc1 = price_import_buffer (name, buf, len, &store_opts, &want, &e1);
  price_stream *ps = NULL;
  int rc2 = price_stream_open (name, path ? NULL : buf, len, &store_opts, &ps, &e2);
  size_t got_n = 0;
  if (rc2 == EVS_OK)
    {
      char hex[SHA256_HEX_SIZE];
      CHECK (strcmp (price_stream_hash (ps), sha256_hex (buf, len, hex)) == 0, "%s: hash", what);
      CHECK (price_stream_series (ps) == (rc1 == EVS_OK ? want.n : price_stream_series (ps)),
             "%s: series count", what);
      bool got = true;
      while (rc2 == EVS_OK && got)
        {
          evs_series s;
          rc2 = price_stream_next (ps, &s, &got, &e2);
          if (rc2 != EVS_OK || !got)
            break;
          if (got_n < want.n)
            check_same_series (what, &s, &want.v[got_n]);
          got_n++;
          series_release (&s);
        }
      price_stream_close (&ps);
    }
  CHECK (ps == NULL, "%s: closed", what);
  CHECK (rc1 == rc2, "%s: code %d vs %d (%s / %s)", what, rc1, rc2, e1.msg, e2.msg);
  if (rc1 == EVS_OK)
    CHECK (got_n == want.n, "%s: %zu series, want %zu", what, got_n, want.n);
  else
    CHECK (strcmp (e1.msg, e2.msg) == 0, "%s: message '%s', want '%s'", what, e2.msg, e1.msg);
  series_list_release (&want);
  return rc1;
}

/* The same through a temporary file (csvread_file_tap). */
static void
compare_file (const char *what, const char *buf, size_t len, const char *dir)
{
  char path[600];
  snprintf (path, sizeof path, "%s/long.csv", dir);
  FILE *f = fopen (path, "wb");
  if (!f || fwrite (buf, 1, len, f) != len || fclose (f) != 0)
    {
      CHECK (false, "%s: cannot write %s", what, path);
      return;
    }
  compare (what, buf, len, path);
  unlink (path);
}

/* B with its first FROM replaced by TO, allocated. */
static char *
subst (const char *b, const char *from, const char *to)
{
  const char *p = strstr (b, from);
  CHECK (p != NULL, "subst %s", from);
  if (!p)
    return strdup (b);
  size_t n = strlen (b) - strlen (from) + strlen (to);
  char *o = malloc (n + 1);
  size_t k = (size_t) (p - b);
  memcpy (o, b, k);
  strcpy (o + k, to);
  strcat (o, p + strlen (from));
  return o;
}

static void
unlink_db (const char *db)
{
  char b[700];
  unlink (db);
  snprintf (b, sizeof b, "%s-wal", db);
  unlink (b);
  snprintf (b, sizeof b, "%s-shm", db);
  unlink (b);
}

/* Imports PATH into a new store DB and loads every series back. */
static void
import_load (const char *db, const char *path, evs_series_list *out, store_import_report *rep)
{
  evs_error err = { 0 };
  size_t found = 0;
  unlink_db (db);
  evs_store *s = store_open (db, STORE_CREATE, 1000, &err);
  int rc = s ? store_import_prices (s, path, NULL, rep, &err) : err.code;
  CHECK (rc == EVS_OK, "import %s: %s", path, err.msg);
  int64_t gen = 0;
  store_set_load_volume (s, true);
  if (rc == EVS_OK && (rc = store_generation (s, &gen, &err)) == EVS_OK)
    rc = store_load_series (s, gen, NULL, out, &found, &err);
  CHECK (rc == EVS_OK && found == NT, "load %s: %zu series (%s)", db, found, err.msg);
  store_close (&s);
}

static void
check_store (const char *buf, size_t len, const char *dir)
{
  char path[600], db1[600], db2[600];
  snprintf (path, sizeof path, "%s/prices.csv", dir);
  snprintf (db1, sizeof db1, "%s/a.db", dir);
  snprintf (db2, sizeof db2, "%s/b.db", dir);
  FILE *f = fopen (path, "wb");
  if (!f || fwrite (buf, 1, len, f) != len || fclose (f) != 0)
    return (void) CHECK (false, "cannot write %s", path);
  evs_series_list a, b;
  store_import_report ra, rb;
  series_list_init (&a);
  series_list_init (&b);
  size_t hold = price_stream_hold;
  price_stream_hold = (size_t) 1 << 30;
  import_load (db1, path, &a, &ra);
  price_stream_hold = 100;
  import_load (db2, path, &b, &rb);
  price_stream_hold = hold;
  CHECK (ra.n == NT && rb.n == NT, "reports: %zu and %zu series", ra.n, rb.n);
  for (size_t i = 0; i < ra.n && i < rb.n; i++)
    CHECK (ra.v[i].added == rb.v[i].added && ra.v[i].added == (i == 0 ? ND - 1 : ND),
           "report %zu: added %zu and %zu", i, ra.v[i].added, rb.v[i].added);
  for (size_t i = 0; i < a.n && i < b.n; i++)
    {
      CHECK (strcmp (a.v[i].ticker, b.v[i].ticker) == 0 && a.v[i].n == b.v[i].n,
             "store series %zu", i);
      if (a.v[i].n != b.v[i].n)
        continue;
      CHECK (memcmp (a.v[i].date, b.v[i].date, a.v[i].n * sizeof *a.v[i].date) == 0
             && same_doubles (a.v[i].price, b.v[i].price, a.v[i].n)
             && same_doubles (a.v[i].col[SERIES_VOLUME], b.v[i].col[SERIES_VOLUME], a.v[i].n),
             "store series %s: dates, prices, volumes", a.v[i].ticker);
    }
  store_import_report_release (&ra);
  store_import_report_release (&rb);
  series_list_release (&a);
  series_list_release (&b);
  unlink (path);
  unlink_db (db1);
  unlink_db (db2);
}

int
main (void)
{
  gsl_set_error_handler_off ();
  const char *tmp = getenv ("TMPDIR");
  char dbuf[512];
  snprintf (dbuf, sizeof dbuf, "%s/unit-stream-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp (dbuf))
    return 99;
  size_t len;
  /* 64 bytes a row with every column: a spill every row or two. */
  price_stream_hold = 100;
  for (int by_date = 0; by_date < 2; by_date++)
    {
      char *b = make_file (by_date, &len);
      const char *what = by_date ? "by date" : "by ticker";
      compare (what, b, len, NULL);
      compare_file (what, b, len, dbuf);
      /* BBB's row of 2024-01-30 made 2024-01-01, also in the file (rows
       * 29 days apart: spilled in different chunks). */
      char *d = strdup (b);
      char *p = strstr (d, "2024-01-30,\"BBB\"");
      if (p)
        memcpy (p, "2024-01-01", 10);
      CHECK (p != NULL, "%s: BBB row of 2024-01-30", what);
      CHECK (compare (by_date ? "duplicate date, by date" : "duplicate date, by ticker", d, len,
                      NULL) == EVS_EDATA, "%s: the duplicate is refused", what);
      free (d);
      /* CCC's adjusted close of 2024-01-05 (day 4, 121 * 0.99) ten
       * million times too large. */
      d = subst (b, ",\"CCC\",121,122,120,121.5,119.79", ",\"CCC\",121,122,120,121.5,1197900000");
      CHECK (compare ("absurd return", d, strlen (d), NULL) == EVS_EDATA,
             "%s: the absurd return is refused", what);
      free (d);
      if (by_date)
        check_store (b, len, dbuf);
      free (b);
    }
  /* A ticker whose every price is missing. */
  const char *gaps = "Date,Ticker,Close\n2024-01-02,A,1\n2024-01-02,B,\n2024-01-03,A,2\n"
                     "2024-01-03,B,null\n2024-01-04,A,3\n";
  CHECK (compare ("all gaps", gaps, strlen (gaps), NULL) == EVS_EDATA, "all gaps refused");
  const char *json = "  {\"Error Message\": \"Invalid API call\"}";
  compare ("json", json, strlen (json), NULL);
  compare_file ("json file", json, strlen (json), dbuf);
  rmdir (dbuf);
  printf ("%s: %d checks, %d failed\n", UNIT_NAME, n_checks, n_failed);
  return n_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
