/* unit-nonfinite.c -- the study never reports a number that is not
 * finite (issue 11, item 6), whatever reaches it: here prices that the
 * importer would refuse (an overflowing return, tests/nonfinite.sh) are
 * written into an imported series directly, as a store written before
 * that check, or a caller of the library, could hand them over.
 *
 * AMD against SPY ($SHARED_DATA/prices), event 2025-01-27, defaults
 * (estimation -250:-11, windows -1:1, 0:0, 0:1, -5:5, days -10:10):
 *  - day 0's price set to 1e-300 and day 1's to 1e300: the return of
 *    day 1 is 1e600 = inf in double.  Every model (mean, market-adjusted,
 *    market, scholes-williams, dimson, garch, ff3 with the Ken French
 *    file) skips the pair with "non-finite return on day 1 (2025-01-28)"
 *    (the first non-finite number reported; days come before windows).
 *  - the same two prices on days -100 and -99 (inside the estimation
 *    window): the fit is not finite and the pair is skipped with a
 *    reason beginning "non-finite".
 *  - the series as imported: every model is ok (AMD, not NVDA, whose
 *    GARCH fit over -250:-11 is degenerate).
 * And the JSON, CSV and table outputs of each run hold no "nan" or "inf".
 */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "events.h"
#include "factors.h"
#include "output.h"
#include "price_import.h"
#include "study.h"

static int failures;

#define CHECK(c)                                                       \
  do {                                                                 \
    if (!(c))                                                          \
      {                                                                \
        printf ("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c);          \
        failures++;                                                    \
      }                                                                \
  } while (0)

/* Whether TEXT holds "nan" or "inf" as a word (a printed number). */
static int
has_nonfinite (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((strncasecmp (p, "nan", 3) == 0 || strncasecmp (p, "inf", 3) == 0)
        && (p == text || strchr (" ,:[(-+\n\t", p[-1]))
        && (p[3] == '\0' || strchr (" ,}]):\n\t", p[3])))
      return 1;
  return 0;
}

/* Every output format of ST, concatenated, has no non-finite number. */
static void
check_outputs (const evs_study *st, const char *what)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&buf, &len);
  if (!fp)
    abort ();
  output_json (fp, st);
  output_csv (fp, st, OUTPUT_BOTH);
  output_csv (fp, st, OUTPUT_AR);
  output_table (fp, st, OUTPUT_BOTH);
  fclose (fp);
  if (has_nonfinite (buf))
    {
      printf ("FAIL %s: a non-finite number in the output\n", what);
      failures++;
    }
  free (buf);
}

static void
run_model (enum model_kind kind, const evs_timeline *t, evs_series *s,
           const evs_series *spy, const factors_set *ff, const char *want)
{
  study_window win[] = { { -1, 1 }, { 0, 0 }, { 0, 1 }, { -5, 5 } };
  study_opts o;
  study_opts_default (&o);
  o.win = win;
  o.nwin = 4;
  o.model = kind;
  if (model_uses_factors (kind))
    {
      static const char *const names[] = { "Mkt-RF", "SMB", "HML" };
      o.factors = ff;
      for (size_t j = 0; j < 3; j++)
        o.fcol[j] = (size_t) factors_find (ff, names[j]);
      o.nfcol = 3;
      o.beta_col = 1;
      o.rf_col = factors_find (ff, "RF");
    }
  study_input in = { s, spy, calendar_for_ticker (s->ticker) };
  evs_study st;
  study_run (&o, t, &in, 1, &st);
  CHECK (st.n == 1);
  if (st.n == 1)
    {
      const study_result *r = &st.res[0];
      if (want ? r->status != STUDY_SKIPPED || strncmp (r->reason, want, strlen (want)) != 0
               : r->status != STUDY_OK)
        {
          printf ("FAIL %s: status %d, reason '%s', want %s '%s...'\n", model_name (kind),
                  (int) r->status, r->reason, want ? "skipped" : "ok", want ? want : "");
          failures++;
        }
    }
  check_outputs (&st, model_name (kind));
  study_release (&st);
}

/* Index of 2025-01-27 in S. */
static size_t
day0 (const evs_series *s)
{
  int32_t d = 0;
  if (!date_from_ymd (2025, 1, 27, &d))
    abort ();
  return series_lower_bound (s, d);
}

/* Sets the prices of relative days K and K + 1 of 2025-01-27 in S. */
static void
poison (evs_series *s, int k, double *saved)
{
  size_t i0 = day0 (s);
  saved[0] = s->price[i0 + k], saved[1] = s->price[i0 + k + 1];
  s->price[i0 + k] = 1e-300;
  s->price[i0 + k + 1] = 1e300;
}

static void
restore (evs_series *s, int k, const double *saved)
{
  size_t i0 = day0 (s);
  s->price[i0 + k] = saved[0], s->price[i0 + k + 1] = saved[1];
}

int
main (void)
{
  gsl_set_error_handler_off ();
  const char *shared = getenv ("SHARED_DATA");
  char amd[4096], spy[4096], ff3[4096];
  if (!shared)
    return 77;
  snprintf (amd, sizeof amd, "%s/prices/AMD.csv", shared);
  snprintf (spy, sizeof spy, "%s/prices/SPY.csv", shared);
  snprintf (ff3, sizeof ff3, "%s/factors/F-F_Research_Data_Factors_daily.csv", shared);
  evs_series_list l;
  evs_error err;
  evs_timeline t;
  factors_set ff;
  price_import_opts po = { NULL, NULL, false, 0, false };
  series_list_init (&l);
  factors_init (&ff);
  const char ev[] = "date,label\n2025-01-27,Nvidia selloff\n";
  if (price_import_file (amd, &po, &l, &err) != EVS_OK
      || price_import_file (spy, &po, &l, &err) != EVS_OK
      || factors_load (ff3, &ff, &err) != EVS_OK)
    {
      printf ("SKIP: %s\n", err.msg);
      return 77;
    }
  CHECK (events_load_buffer ("ev.csv", ev, sizeof ev - 1, &t, &err) == EVS_OK);
  static const enum model_kind kinds[] = {
    MODEL_MEAN, MODEL_MARKET_ADJUSTED, MODEL_MARKET, MODEL_SCHOLES_WILLIAMS,
    MODEL_DIMSON, MODEL_GARCH, MODEL_FF3
  };
  double saved[2];
  poison (&l.v[0], 0, saved);
  for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
    run_model (kinds[k], &t, &l.v[0], &l.v[1], &ff, "non-finite return on day 1 (2025-01-28)");
  restore (&l.v[0], 0, saved);
  poison (&l.v[0], -100, saved);
  for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
    run_model (kinds[k], &t, &l.v[0], &l.v[1], &ff, "non-finite");
  restore (&l.v[0], -100, saved);
  /* The untouched series: every model is ok (the check does not skip
   * everything). */
  for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
    run_model (kinds[k], &t, &l.v[0], &l.v[1], &ff, NULL);
  events_release (&t);
  factors_release (&ff);
  series_list_release (&l);
  if (failures)
    printf ("%d failures\n", failures);
  return failures ? 1 : 0;
}
