/* unit-factors.c -- the Ken French factor importer (factors.c).
 *
 * Expected values: the small buffers below are read by eye (a value
 * written "  -0.67" is -0.0067; compounding is worked out in the comment
 * of test_align); for the real files of $SHARED_DATA/factors, the first
 * and last data lines as `head`/`tail` show them and the 2025-01-27 values
 * quoted in $SHARED_DATA/README.md (Mkt-RF -1.49, HML +2.52).  The real
 * files must also line up date for date with the US price file SPY.csv.
 *
 * Exit status: 0 all passed, 1 something failed (each failure printed).
 */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "factors.h"
#include "price_import.h"
#include "series.h"

static int n_checks, n_failed;

static void
check (int line, bool ok, const char *what)
{
  n_checks++;
  if (!ok)
    {
      n_failed++;
      fprintf (stderr, "unit-factors.c:%d: FAIL: %s\n", line, what);
    }
}
#define CHECK(cond) check (__LINE__, (cond), #cond)

static bool
near (double got, double want)
{
  return fabs (got - want) <= 1e-15 * fabs (want);
}

static int32_t
ymd (int y, int m, int d)
{
  int32_t day = 0;
  date_from_ymd (y, m, d, &day);
  return day;
}

static int
load_str (const char *text, factors_set *fs, evs_error *err)
{
  return factors_load_buffer ("f.csv", text, strlen (text), fs, err);
}

/* The published layout: preamble (with a comma), blank line, header with
 * an empty first cell, padded percent values, CRLF, missing markers,
 * copyright footer. */
static const char ff3[] =
  "This file was created by CMPT_ME_BEME_RETS_DAILY using the 202412 CRSP database.\r\n"
  "The Tbill return is the simple daily rate that, over the number of trading days\r\n"
  "\r\n"
  ",Mkt-RF,SMB,HML,RF\r\n"
  "20250122,    0.50,   -0.90,   -1.12,    0.02\r\n"
  "20250123,    0.48,  -99.99,    0.30,    0.02\r\n"
  "20250124,   -0.27,   -0.15,    0.68,    0.02\r\n"
  "20250127,   -1.49,   -0.64,    2.52,    0.02\r\n"
  "20250128,    0.83, -999,   -1.01,    0.02\r\n"
  "\r\n"
  "Copyright 2025 Eugene F. Fama and Kenneth R. French\r\n";

static void
test_layout (void)
{
  factors_set fs;
  evs_error err;
  factors_init (&fs);
  CHECK (load_str (ff3, &fs, &err) == EVS_OK);
  CHECK (fs.n == 5 && fs.m == 4);
  CHECK (strcmp (fs.name[0], "Mkt-RF") == 0 && strcmp (fs.name[3], "RF") == 0);
  CHECK (fs.date[0] == ymd (2025, 1, 22) && fs.date[4] == ymd (2025, 1, 28));
  CHECK (near (fs.v[0 * 4 + 0], 0.0050) && near (fs.v[3 * 4 + 2], 0.0252));
  CHECK (near (fs.v[3 * 4 + 0], -0.0149) && near (fs.v[2 * 4 + 3], 0.0002));
  CHECK (isnan (fs.v[1 * 4 + 1]) && isnan (fs.v[4 * 4 + 1]));
  CHECK (factors_find (&fs, "hml") == 2 && factors_find (&fs, "Mom") == -1);

  /* A second file (momentum layout, header ",Mom   ", LF ends) joins by
   * date: 2025-01-24 is not in it, 2025-01-21 is not in the first. */
  static const char mom[] = "Momentum\n\n,Mom   \n20250121,  1.00\n20250122,  0.25\n"
                            "20250123, -0.50\n20250127, -3.00\n20250128,  0.10\n";
  CHECK (load_str (mom, &fs, &err) == EVS_OK);
  CHECK (fs.n == 5 && fs.m == 5 && strcmp (fs.name[4], "Mom") == 0);
  CHECK (near (fs.v[0 * 5 + 4], 0.0025) && isnan (fs.v[2 * 5 + 4]));
  CHECK (near (fs.v[3 * 5 + 4], -0.03) && near (fs.v[3 * 5 + 2], 0.0252));
  /* The same column again is refused, naming file, header line, column. */
  CHECK (load_str (mom, &fs, &err) == EVS_EDATA);
  CHECK (strcmp (err.msg, "f.csv:3:2: factor already read from another file 'Mom'") == 0);
  CHECK (fs.m == 5);
  factors_release (&fs);
}

/* expect_error TEXT MESSAGE: loading TEXT fails with EVS_EDATA and
 * exactly MESSAGE, leaving the set empty. */
static void
expect_error (int line, const char *text, const char *msg)
{
  factors_set fs;
  evs_error err;
  factors_init (&fs);
  bool ok = load_str (text, &fs, &err) == EVS_EDATA && strcmp (err.msg, msg) == 0 && fs.m == 0;
  if (!ok)
    fprintf (stderr, "  got '%s', want '%s'\n", err.msg, msg);
  check (line, ok, msg);
  factors_release (&fs);
}

static void
test_errors (void)
{
  expect_error (__LINE__, ",A,B\n20250101,1,2\n20251301,1,2\n",
                "f.csv:3:1: invalid date '20251301'");
  expect_error (__LINE__, ",A,B\n20250102,1,2\n20250101,1,2\n",
                "f.csv:3:1: date not after the previous row's '20250101'");
  expect_error (__LINE__, ",A,B\n20250102,1,2\n20250103, 1.5 , x1\n",
                "f.csv:3:3: invalid number 'x1'");
  expect_error (__LINE__, ",A,B\n20250102,1,\n", "f.csv:2:3: invalid number ''");
  expect_error (__LINE__, ",A,B\n20250102,1,2,3\n", "f.csv:2: expected 3 fields, found 4");
  expect_error (__LINE__, "just text\n20250102,1,2\n",
                "f.csv: no factor header (a first cell left empty, as in ',Mkt-RF,SMB,HML,RF')");
  expect_error (__LINE__, ",A,B\n\nCopyright\n", "f.csv:3:1: expected a YYYYMMDD date 'Copyright'");
  expect_error (__LINE__, ",A,B\n", "f.csv: no factor rows");
  expect_error (__LINE__, ",A, \n20250102,1,2\n", "f.csv:1:3: empty factor name ''");
  expect_error (__LINE__, ",A,B\n20250102,1e3,2\n", "f.csv:2:2: invalid number '1e3'");
}

/* Factor dates 01-22..01-28 (five sessions) from ff3; a series with
 * returns dated 01-22, 01-24 (spanning 01-23 and 01-24), 01-27 and
 * 01-29 (not a factor date).  Mkt-RF over 01-24's span:
 * (1 + 0.0048)(1 - 0.0027) - 1 = 0.00208704; HML: (1.003)(1.0068) - 1 =
 * 0.0098204; SMB: NaN (01-23 missing).  01-27: -0.0149.  Row 0 and
 * 01-29: NaN. */
static void
test_align (void)
{
  factors_set fs;
  evs_error err;
  factors_init (&fs);
  load_str (ff3, &fs, &err);
  int32_t dates[] = { ymd (2025, 1, 22), ymd (2025, 1, 24), ymd (2025, 1, 27), ymd (2025, 1, 29) };
  size_t cols[] = { 0, 1, 2 };
  double out[4 * 3];
  factors_align (&fs, dates, 4, cols, 3, out);
  CHECK (isnan (out[0]) && isnan (out[1]) && isnan (out[2]));
  CHECK (fabs (out[3] - 0.00208704) < 1e-15 && isnan (out[4]) && fabs (out[5] - 0.0098204) < 1e-15);
  CHECK (near (out[6], -0.0149) && near (out[8], 0.0252));
  CHECK (isnan (out[9]) && isnan (out[10]) && isnan (out[11]));
  /* A first date before the file: the span is not covered, NaN. */
  int32_t early[] = { ymd (2025, 1, 20), ymd (2025, 1, 22) };
  factors_align (&fs, early, 2, cols, 1, out);
  CHECK (isnan (out[1]));
  factors_release (&fs);
}

/* The real files: as published (preamble, CRLF, footer) they load; the
 * 2025-01-27 row is as in the shared README; dates match SPY.csv's. */
static void
test_real (const char *shared)
{
  char path[4096];
  const char *files[] = { "F-F_Research_Data_5_Factors_2x3_daily.csv",
                          "F-F_Research_Data_Factors_daily.csv" };
  evs_series_list spy;
  evs_error err;
  series_list_init (&spy);
  snprintf (path, sizeof path, "%s/prices/SPY.csv", shared);
  CHECK (price_import_file (path, &(price_import_opts) { NULL, NULL, false, 0, false }, &spy, &err) == EVS_OK);
  for (int f = 0; f < 2; f++)
    {
      factors_set fs;
      factors_init (&fs);
      snprintf (path, sizeof path, "%s/factors/%s", shared, files[f]);
      CHECK (factors_load (path, &fs, &err) == EVS_OK);
      CHECK (fs.m == (f == 0 ? 6u : 4u));
      CHECK (fs.date[0] == (f == 0 ? ymd (1963, 7, 1) : ymd (1926, 7, 1)));
      CHECK (fs.date[fs.n - 1] == (f == 0 ? ymd (2025, 7, 31) : ymd (2025, 12, 31)));
      size_t k = date_lower_bound (fs.date, fs.n, ymd (2025, 1, 27));
      CHECK (near (fs.v[k * fs.m + 0], -0.0149) && near (fs.v[k * fs.m + 2], 0.0252));
      /* Every SPY session inside the file's range is a factor date, and
       * every factor date inside SPY's range an SPY session. */
      const evs_series *s = &spy.v[0];
      size_t a = 0, b = date_lower_bound (fs.date, fs.n, s->date[0]), same = 0, in = 0;
      for (; a < s->n && s->date[a] <= fs.date[fs.n - 1]; a++, in++)
        same += b < fs.n && fs.date[b] == s->date[a] ? (b++, 1) : 0;
      CHECK (same == in && in > 1000);
      CHECK (b == fs.n || fs.date[b] > s->date[s->n - 1]);
      factors_release (&fs);
    }
  series_list_release (&spy);
}

int
main (void)
{
  /* GSL reports through return codes; its default handler aborts. */
  gsl_set_error_handler_off ();
  test_layout ();
  test_errors ();
  test_align ();
  const char *shared = getenv ("SHARED_DATA");
  char probe[4096];
  snprintf (probe, sizeof probe, "%s/factors/F-F_Research_Data_Factors_daily.csv",
            shared ? shared : "");
  FILE *fp = shared ? fopen (probe, "r") : NULL;
  if (fp)
    {
      fclose (fp);
      test_real (shared);
    }
  else
    printf ("note: no shared data, real factor files not checked\n");
  printf ("%d checks, %d failed\n", n_checks, n_failed);
  return n_failed ? 1 : 0;
}
