/* unit-numbers.c -- the importer's fast decimal path (Clinger 1990) gives
 * the very double strtod gives.
 *
 * 100,000 random positive prices in the forms vendors write (1 to 20
 * significant digits, 0 to 22 after the point, leading and trailing
 * zeros, thousands separators, exponents that take the strtod path) are
 * imported as a one-column yfinance-like file and each value compared
 * bit for bit with strtod_l in the C locale, the reference.
 *
 * Then the same in the forms the importer reads without strtod or a copy
 * (plain_decimal, on lines split by csvread's quote-free path): unquoted,
 * with a '+', leading zeros, a bare point at either end, 1 to 20 digits
 * with up to 25 after the point (past 2^53 or 10^22 they go to strtod),
 * blanks around the field, in a price and a volume column. */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "price_import.h"
#include "series.h"

#define N 100000

static uint64_t state = 88172645463325252u;

static uint64_t
next (void)
{
  state ^= state << 13;     /* xorshift64 (Marsaglia 2003) */
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

/* A positive decimal in BUF; its plain form (no separators) in PLAIN. */
static void
make_number (char *buf, char *plain)
{
  int ilen = 1 + (int) (next () % 8), flen = (int) (next () % 23), o = 0, q = 0;
  bool sep = next () % 10 == 0 && ilen > 3, expo = next () % 20 == 0;
  for (int i = 0; i < ilen; i++)
    {
      char d = (char) ('0' + (i == 0 ? 1 + next () % 9 : next () % 10));
      if (sep && i > 0 && (ilen - i) % 3 == 0)
        buf[o++] = ',';
      buf[o++] = plain[q++] = d;
    }
  if (flen)
    {
      buf[o++] = plain[q++] = '.';
      for (int i = 0; i < flen; i++)
        buf[o++] = plain[q++] = (char) ('0' + next () % 10);
    }
  if (expo)
    {
      int n = snprintf (buf + o, 8, "e-%d", (int) (next () % 30));
      memcpy (plain + q, buf + o, (size_t) n);
      o += n, q += n;
    }
  buf[o] = plain[q] = '\0';
}

/* A plain positive decimal in PLAIN, written with blanks, a '+' and
 * leading zeros around it in BUF. */
static void
make_plain (char *buf, char *plain)
{
  int ilen = (int) (next () % 21), flen = (int) (next () % 26), o = 0, q = 0;
  if (ilen + flen == 0)
    ilen = 1;
  if (next () % 8 == 0)
    buf[o++] = next () % 2 ? ' ' : '\t';
  if (next () % 8 == 0)
    buf[o++] = '+';
  for (int i = 0, lead = (int) (next () % 3); i < lead; i++)
    buf[o++] = '0';
  for (int i = 0; i < ilen; i++)
    buf[o++] = plain[q++] = (char) ('0' + (i == 0 ? 1 + next () % 9 : next () % 10));
  if (flen || next () % 4 == 0)
    buf[o++] = plain[q++] = '.';
  for (int i = 0; i < flen; i++)
    buf[o++] = plain[q++] = (char) ('0' + (i == flen - 1 ? 1 + next () % 9 : next () % 10));
  if (next () % 8 == 0)
    buf[o++] = ' ';
  buf[o] = plain[q] = '\0';
}

/* Compares N imported values GOT with strtod_l of PLAIN, bit for bit. */
static int
compare (const char *what, const double *got, char (*plain)[48], size_t n,
         locale_t c)
{
  int failures = 0;
  for (size_t i = 0; i < n && failures < 10; i++)
    {
      double want = strtod_l (plain[i], NULL, c);
      if (memcmp (&got[i], &want, sizeof want) != 0)
        {
          printf ("FAIL %s '%s': got %.17g, strtod %.17g\n", what, plain[i], got[i], want);
          failures++;
        }
    }
  return failures;
}

/* The plain forms, unquoted: Date,Close,Volume. */
static int
test_plain (locale_t c)
{
  static char price[N][48], volume[N][48];
  size_t cap = (size_t) N * 128 + 64, len = 0;
  char *csv = malloc (cap), a[64], b[64];
  len += (size_t) sprintf (csv, "Date,Close,Volume\n");
  for (int i = 0; i < N; i++)
    {
      char d[11];
      make_plain (a, price[i]);
      make_plain (b, volume[i]);
      len += (size_t) sprintf (csv + len, "%s,%s,%s\n", date_format (-25000 + i, d), a, b);
    }
  price_import_opts opts = { .max_ratio = HUGE_VAL, .keep_volume = true };
  evs_series_list out;
  evs_error err;
  series_list_init (&out);
  int failures = 0;
  if (price_import_buffer ("plain.csv", csv, len, &opts, &out, &err) != EVS_OK)
    {
      printf ("FAIL plain import: %s\n", err.msg);
      failures++;
    }
  else if (out.v[0].n != N || !out.v[0].col[SERIES_VOLUME])
    {
      printf ("FAIL plain: %zu rows, want %d, with a volume\n", out.v[0].n, N);
      failures++;
    }
  else
    failures += compare ("plain price", out.v[0].price, price, N, c)
                + compare ("plain volume", out.v[0].col[SERIES_VOLUME], volume, N, c);
  series_list_release (&out);
  free (csv);
  return failures;
}

int
main (void)
{
  /* GSL reports through return codes; its default handler aborts. */
  gsl_set_error_handler_off ();
  static char plain[N][48];
  size_t cap = (size_t) N * 64 + 64, len = 0;
  char *csv = malloc (cap), num[64];
  len += (size_t) sprintf (csv, "Date,Close\n");
  for (int i = 0; i < N; i++)
    {
      char d[11];
      make_number (num, plain[i]);
      /* Quoted, since a thousands separator is a comma. */
      len += (size_t) sprintf (csv + len, "%s,\"%s\"\n", date_format (-25000 + i, d), num);
    }
  /* Random magnitudes (1e-30 to 1e8) side by side: any finite ratio. */
  price_import_opts opts = { .max_ratio = HUGE_VAL };
  evs_series_list out;
  evs_error err;
  series_list_init (&out);
  if (price_import_buffer ("numbers.csv", csv, len, &opts, &out, &err) != EVS_OK)
    {
      printf ("FAIL import: %s\n", err.msg);
      return EXIT_FAILURE;
    }
  locale_t c = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  int failures = 0;
  for (int i = 0; i < N && failures < 10; i++)
    {
      double want = strtod_l (plain[i], NULL, c), got = out.v[0].price[i];
      if (memcmp (&got, &want, sizeof got) != 0)
        {
          printf ("FAIL '%s': got %.17g, strtod %.17g\n", plain[i], got, want);
          failures++;
        }
    }
  if (out.v[0].n != N)
    {
      printf ("FAIL: %zu rows, want %d\n", out.v[0].n, N);
      failures++;
    }
  failures += test_plain (c);
  freelocale (c);
  series_list_release (&out);
  free (csv);
  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
