/* unit-pparse.c -- one CSV buffer cut into pieces read on threads
 * (issue 15): csvread's cuts and line counts, and price_import's join.
 *
 * The cut offsets and line counts below were counted by hand from the
 * buffers written next to them (offsets 0-based, the byte after a line
 * end).  The importer's reference is itself on one thread:
 * price_import_buffer_split on 2..5 threads must give the series of
 * price_import_buffer, row for row and bit for bit (dates, prices,
 * lines, kept columns, gaps, the order of the series), having read the
 * rows after the header in as many pieces as asked; and the message of
 * the first of two errors that fall in different pieces.
 */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "price_import.h"
#include "series.h"

#define UNIT_NAME "unit-pparse.c"
#include "check.h"

static void
check_cuts (const char *buf, size_t n, size_t want_k, const size_t *want)
{
  size_t cut[16], len = strlen (buf);
  size_t k = csvread_split (buf, len, n, cut);
  CHECK (k == want_k, "split into %zu: %zu pieces, want %zu", n, k, want_k);
  for (size_t i = 0; i <= k && k == want_k; i++)
    CHECK (cut[i] == want[i], "split into %zu: cut %zu at %zu, want %zu", n, i,
           cut[i], want[i]);
}

static int
count_row (void *ctx, size_t line, size_t nf, const csvread_field *f, evs_error *err)
{
  (void) line, (void) nf, (void) f, (void) err;
  ++*(size_t *) ctx;
  return EVS_OK;
}

static void
test_csvread (void)
{
  /* LF, CRLF (once), CR, LF, an LF inside quotes, a final CR: 6. */
  const char *ends = "a\nb\r\nc\rd\n\"x\ny\"\r";
  CHECK (csvread_line_ends (ends, strlen (ends)) == 6, "line ends %zu",
         csvread_line_ends (ends, strlen (ends)));
  CHECK (csvread_line_ends ("abc", 3) == 0, "no line end");
  /* "a,1\n" 0-3, "\"x\ny\",2\n" 4-11 (its LF at 6 is inside quotes),
   * "b,3\n" 12-15: whatever the number of pieces asked, the one cut is
   * at 12, never at 7. */
  const char *q = "a,1\n\"x\ny\",2\nb,3\n";
  const size_t c2[] = { 0, 12, 16 };
  check_cuts (q, 2, 2, c2);
  check_cuts (q, 3, 2, c2);
  check_cuts (q, 4, 2, c2);
  /* "\"a\"\"\n\",1\n" 0-8: the doubled quote at 2-3 toggles twice and
   * the LF at 4 is inside; "b,2\n" 9-12. */
  const char *dq = "\"a\"\"\n\",1\nb,2\n";
  const size_t c3[] = { 0, 9, 13 };
  check_cuts (dq, 2, 2, c3);
  check_cuts (dq, 4, 2, c3);
  /* Four plain lines of 4 bytes into 4: targets 4, 8, 12; each cut is at
   * the line start after the target's line end. */
  const size_t c4[] = { 0, 8, 12, 16 };
  check_cuts ("a,1\nb,2\nc,3\nd,4\n", 4, 3, c4);
  /* A piece ending in a quoted field is refused, not read as rows. */
  csvread_piece_opts po = { 1, true, false };
  size_t rows, seen = 0;
  evs_error err;
  int rc = csvread_piece ("t", q, 6, &po, count_row, &seen, &rows, &err);
  CHECK (rc == CSVREAD_SPLIT_BAD && rows == 1, "cut inside quotes: rc %d, %zu rows", rc, rows);
  /* The rows from offset 4 to the end as a last piece: two rows, the
   * first spanning two lines. */
  po = (csvread_piece_opts) { 2, false, true };
  seen = 0;
  rc = csvread_piece ("t", q + 4, 12, &po, count_row, &seen, &rows, &err);
  CHECK (rc == EVS_OK && rows == 2 && seen == 2, "last piece: rc %d, %zu rows", rc, rows);
}

/* A long file with quoted tickers holding commas, quotes and line ends,
 * rows interleaved by date, a gap every 11th row, a ticker that starts
 * late; BAD puts invalid prices at rows BAD and 2 * BAD. */
static char *
make_file (size_t bad, size_t *len)
{
  static const char *const tk[] = { "MKT", "\"Q,1\n\"\"x\"\"\"", "AA",
                                     "\"B\r\n,b\"", "LATE" };
  size_t cap = 1 << 20, n = 0, row = 0;
  char *b = malloc (cap);
  n += (size_t) sprintf (b + n, "Date,Open,Close,ticker,Volume\r\n");
  for (int d = 1; d <= 28 * 12; d++)
    for (int k = 0; k < 5; k++)
      {
        if (k == 4 && d < 200)
          continue;
        row++;
        double p = 10 + k + d * 0.01;
        char px[32];
        snprintf (px, sizeof px, row % 11 == 0 ? "null" : "%.2f", p);
        if (bad && (row == bad || row == 2 * bad))
          strcpy (px, "x1");
        n += (size_t) sprintf (b + n, "%04d-%02d-%02d,%.2f,%s,%s,\"%d,%03d\"%s",
                               2001 + (d - 1) / 336, (d - 1) / 28 % 12 + 1,
                               (d - 1) % 28 + 1, p * 0.99, px, tk[k], d, k,
                               d % 3 ? "\n" : "\r\n");
      }
  *len = n;
  return b;
}

static bool
same_series (const evs_series *a, const evs_series *b)
{
  if (strcmp (a->ticker, b->ticker) != 0 || a->n != b->n || a->n_gaps != b->n_gaps
      || a->kept != b->kept)
    return false;
  for (size_t i = 0; i < a->n; i++)
    if (a->date[i] != b->date[i] || a->price[i] != b->price[i] || a->line[i] != b->line[i])
      return false;
  for (int c = 0; c < SERIES_NCOLS; c++)
    if ((a->kept & (1u << c))
        && memcmp (a->col[c], b->col[c], a->n * sizeof *a->col[c]) != 0)
      return false;
  return true;
}

static void
test_import (void)
{
  size_t len;
  char *buf = make_file (0, &len);
  price_import_opts po = { NULL, NULL, true, 0, false };
  evs_series_list one, many;
  evs_error err;
  series_list_init (&one);
  CHECK (price_import_buffer ("f.csv", buf, len, &po, &one, &err) == EVS_OK, "one: %s", err.msg);
  CHECK (one.n == 5, "5 series, got %zu", one.n);
  for (unsigned j = 2; j <= 5; j++)
    {
      price_import_split sl = { j, 1, 0 };
      series_list_init (&many);
      int rc = price_import_buffer_split ("f.csv", buf, len, &po, &sl, &many, &err);
      CHECK (rc == EVS_OK, "jobs %u: %s", j, err.msg);
      CHECK (sl.pieces == j, "jobs %u: %zu pieces", j, sl.pieces);
      CHECK (many.n == one.n, "jobs %u: %zu series", j, many.n);
      for (size_t i = 0; i < one.n && i < many.n; i++)
        CHECK (same_series (&one.v[i], &many.v[i]), "jobs %u: series %zu differs", j, i);
      series_list_release (&many);
      /* Under the minimum size: one thread. */
      sl = (price_import_split) { j, len + 1, 7 };
      series_list_init (&many);
      rc = price_import_buffer_split ("f.csv", buf, len, &po, &sl, &many, &err);
      CHECK (rc == EVS_OK && sl.pieces == 0 && many.n == 5, "jobs %u, small: %zu pieces", j, sl.pieces);
      series_list_release (&many);
    }
  series_list_release (&one);
  free (buf);

  /* Bad prices on rows 600 and 1200 of 1,481: in different
   * pieces on 3 threads; the first is the message. */
  buf = make_file (600, &len);
  evs_error e1, e3;
  series_list_init (&one);
  int r1 = price_import_buffer ("f.csv", buf, len, &po, &one, &e1);
  price_import_split sl = { 3, 1, 0 };
  int r3 = price_import_buffer_split ("f.csv", buf, len, &po, &sl, &one, &e3);
  CHECK (r1 == EVS_EDATA && r3 == EVS_EDATA, "bad: rc %d %d", r1, r3);
  CHECK (strstr (e1.msg, "invalid price 'x1'") != NULL, "one: %s", e1.msg);
  CHECK (strcmp (e1.msg, e3.msg) == 0, "bad: '%s' vs '%s'", e1.msg, e3.msg);
  CHECK (one.n == 0, "nothing appended on failure");
  series_list_release (&one);
  free (buf);
}

int
main (void)
{
  test_csvread ();
  test_import ();
  printf ("%d checks, %d failed\n", n_checks, n_failed);
  return n_failed ? 1 : 0;
}
