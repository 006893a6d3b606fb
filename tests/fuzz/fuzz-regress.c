/* fuzz-regress.c -- fuzz target: the --characteristics importer
 * (charac.h), the --regress formula parser (formula.h) and the
 * regression core (regress.h).  The input's first line is a formula, the
 * rest a characteristics file; every column that reads as numbers is
 * regressed, with an intercept, on a response made from the row numbers,
 * under each covariance, clustered by ticker. */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "charac.h"
#include "formula.h"
#include "regress.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
fuzz_formula (const char *s, size_t len)
{
  char *text = strndup (s, len);
  formula f;
  evs_error err;
  if (text && formula_parse (text, &f, &err) == EVS_OK)
    formula_release (&f);
  free (text);
}

/* Regresses a made-up response on column COL of T under every covariance. */
static void
fuzz_regress (const charac_table *t, const double *v)
{
  static const char *const names[] = { "(Intercept)", "x" };
  size_t n = 0;
  double *x = calloc (2 * t->nrow + 1, sizeof *x), *y = calloc (t->nrow + 1, sizeof *y);
  size_t *g = calloc (t->nrow + 1, sizeof *g);
  for (size_t r = 0; r < t->nrow; r++)
    if (isfinite (v[r]))
      {
        x[2 * n] = 1;
        x[2 * n + 1] = v[r];
        y[n] = (double) ((r * 7919) % 101) / 100.0;
        g[n] = r > 0 && strcmp (t->ticker[r], t->ticker[r - 1]) == 0 && n ? g[n - 1] : (n ? g[n - 1] + 1 : 0);
        n++;
      }
  for (int k = REGRESS_CLASSICAL; k <= REGRESS_CLUSTER; k++)
    {
      regress_data d = { n, 2, y, x, NULL, names, (enum regress_vcov_kind) k, 1, { g, NULL },
                         { n ? g[n - 1] + 1 : 0, 0 } };
      regress_fit f;
      evs_error err;
      if (regress_fit_run (&d, &f, &err) == EVS_OK)
        regress_fit_release (&f);
    }
  free (x);
  free (y);
  free (g);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  gsl_set_error_handler_off ();   /* as main.c: GSL errors are statuses */
  const char *s = (const char *) data;
  const char *nl = memchr (s, '\n', size);
  size_t flen = nl ? (size_t) (nl - s) : size;
  fuzz_formula (s, flen);
  if (!nl)
    return 0;
  charac_table t;
  evs_error err;
  if (charac_load_buffer ("fuzz.csv", nl + 1, size - flen - 1, &t, &err) != EVS_OK)
    return 0;
  double *v = calloc (t.nrow + 1, sizeof *v);
  for (size_t c = 0; c < t.ncol && c < 8; c++)
    if (charac_numeric (&t, c, v, &err) == EVS_OK)
      fuzz_regress (&t, v);
  for (size_t r = 0; r < t.nrow && r < 16; r++)
    {
      charac_row (&t, t.ticker[r], t.date[r]);
      charac_row (&t, t.ticker[r], t.date[r] - 1);
    }
  charac_row (&t, "NVDA", 20000);
  free (v);
  charac_release (&t);
  return 0;
}
