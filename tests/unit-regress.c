/* unit-regress.c -- the regression core (regress.h) against R.
 *
 * Petersen's simulated panel (tests/fixtures/regress/petersen.csv,
 * exported from sandwich's PetersenCL by tests/reference/regress.R) is
 * fitted under every covariance; estimate, se, t, df and p must match
 * tests/reference/expected/regress-petersen.csv (lm, vcovHC, vcovCL,
 * coeftest) to 1e-9 relative, and the slope's se must round to the
 * figures Petersen (2009) prints on his test-data page: 0.0286 (OLS),
 * 0.0284 (White), 0.0506 (firm), 0.0334 (year), 0.0536 (both).
 * Singular designs and too few observations are errors naming columns
 * (the expected messages are written here by hand). */
#define UNIT_NAME "unit-regress"
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "check.h"
#include "csvread.h"
#include "regress.h"

#define MAXN 5000

typedef struct panel {
  size_t n;
  double x[MAXN * 2], y[MAXN];
  size_t firm[MAXN], year[MAXN];
} panel;

static int
panel_row (void *ctx, size_t line, size_t nf, const csvread_field *f, evs_error *err)
{
  panel *p = ctx;
  (void) err;
  if (line == 1)
    return CSVREAD_NOT_DATA;
  if (nf != 4 || p->n == MAXN)
    return evs_fail (err, EVS_EDATA, "bad row %zu", line);
  p->firm[p->n] = (size_t) strtol (f[0].s, NULL, 10) - 1;
  p->year[p->n] = (size_t) strtol (f[1].s, NULL, 10) - 1;
  p->x[2 * p->n] = 1;
  p->x[2 * p->n + 1] = strtod (f[2].s, NULL);
  p->y[p->n++] = strtod (f[3].s, NULL);
  return EVS_OK;
}

typedef struct expect {
  size_t n;
  char term[64][32], vcov[64][32];
  double v[64][5];   /* estimate, se, t, df, p */
} expect;

static int
expect_row (void *ctx, size_t line, size_t nf, const csvread_field *f, evs_error *err)
{
  expect *e = ctx;
  if (line == 1)
    return CSVREAD_NOT_DATA;
  if (nf != 7 || e->n == 64)
    return evs_fail (err, EVS_EDATA, "bad row %zu", line);
  snprintf (e->term[e->n], 32, "%.*s", (int) f[0].len, f[0].s);
  snprintf (e->vcov[e->n], 32, "%.*s", (int) f[1].len, f[1].s);
  for (int j = 0; j < 5; j++)
    e->v[e->n][j] = strtod (f[2 + j].s, NULL);
  e->n++;
  return EVS_OK;
}

static bool
rel_ok (double got, double want, double tol)
{
  return fabs (got - want) <= tol * fabs (want);
}

static void
fit_vcov (const panel *p, const char *name, regress_fit *f)
{
  static const char *const names[] = { "(Intercept)", "x" };
  regress_data d = { p->n, 2, p->y, p->x, NULL, names, REGRESS_CLASSICAL, 0, { NULL, NULL }, { 0, 0 } };
  if (strncmp (name, "cluster:", 8) == 0)
    {
      d.vcov = REGRESS_CLUSTER;
      const char *c = name + 8;
      bool firm = strstr (c, "firm") != NULL, year = strstr (c, "year") != NULL;
      if (firm)
        d.cluster[d.ncluster] = p->firm, d.ngroups[d.ncluster++] = 500;
      if (year)
        d.cluster[d.ncluster] = p->year, d.ngroups[d.ncluster++] = 10;
    }
  else
    CHECK (regress_parse_vcov (name, &d.vcov), "parse %s", name);
  evs_error err;
  int rc = regress_fit_run (&d, f, &err);
  CHECK (rc == EVS_OK, "fit %s: %s", name, rc ? err.msg : "");
}

static void
test_petersen (const char *top)
{
  static panel p;
  static expect e;
  char path[4096];
  evs_error err;
  snprintf (path, sizeof path, "%s/tests/fixtures/regress/petersen.csv", top);
  if (!CHECK (csvread_file (path, path, panel_row, &p, &err) == EVS_OK && p.n == 5000,
              "read %s", path))
    return;
  snprintf (path, sizeof path, "%s/tests/reference/expected/regress-petersen.csv", top);
  if (!CHECK (csvread_file (path, path, expect_row, &e, &err) == EVS_OK && e.n == 16,
              "read %s", path))
    return;
  static const char *const names[] = { "estimate", "se", "t", "df", "p" };
  for (size_t r = 0; r < e.n; r++)
    {
      regress_fit f;
      fit_vcov (&p, e.vcov[r], &f);
      if (!f.b)
        continue;
      size_t j = strcmp (e.term[r], "x") == 0;
      double got[5] = { f.b[j], f.se[j], f.t[j], f.df, f.p[j] };
      for (int c = 0; c < 5; c++)
        CHECK (rel_ok (got[c], e.v[r][c], c == 4 ? 1e-8 : 1e-9), "%s %s %s: %.17g, R %.17g",
               e.vcov[r], e.term[r], names[c], got[c], e.v[r][c]);
      regress_fit_release (&f);
    }
  /* Petersen's page, at its printed precision. */
  static const struct { const char *vcov; double se; } printed[] = {
    { "classical", 0.0286 }, { "hc0", 0.0284 }, { "cluster:firm", 0.0506 },
    { "cluster:year", 0.0334 }, { "cluster:firm,year", 0.0536 } };
  for (size_t i = 0; i < 5; i++)
    {
      regress_fit f;
      fit_vcov (&p, printed[i].vcov, &f);
      if (f.b)
        CHECK (fabs (f.se[1] - printed[i].se) <= 0.00005, "Petersen %s: %.6f, printed %.4f",
               printed[i].vcov, f.se[1], printed[i].se);
      regress_fit_release (&f);
    }
}

/* Fits a 5 x 3 design and expects the error MSG (by hand). */
static void
expect_singular (const double *x, size_t n, const char *msg)
{
  static const char *const names[] = { "(Intercept)", "size", "C(sector)Chips" };
  static const double y[] = { 0.1, -0.2, 0.3, 0.05, -0.4 };
  regress_data d = { n, 3, y, x, NULL, names, REGRESS_HC3, 0, { NULL, NULL }, { 0, 0 } };
  regress_fit f;
  evs_error err;
  int rc = regress_fit_run (&d, &f, &err);
  CHECK (rc == EVS_EDATA && strcmp (err.msg, msg) == 0, "singular: got %d '%s', want '%s'",
         rc, rc ? err.msg : "", msg);
  CHECK (f.b == NULL, "no fit left after an error");
}

static void
test_singular (void)
{
  const double constant[] = { 1, 2, 0, 1, 2, 1, 1, 2, 0, 1, 2, 1, 1, 2, 0 };
  expect_singular (constant, 5, "singular design: column 'size' is a linear combination of "
                   "'(Intercept)' (a constant column, a dummy of every level, or a repeated regressor)");
  const double combo[] = { 1, 2, 3, 1, 1, 2, 1, 5, 6, 1, 0, 1, 1, 3, 4 };
  expect_singular (combo, 5, "singular design: column 'C(sector)Chips' is a linear combination "
                   "of '(Intercept)', 'size' (a constant column, a dummy of every level, or a "
                   "repeated regressor)");
  const double zero[] = { 1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1 };
  expect_singular (zero, 5, "singular design: column 'size' is all zero");
  const double few[] = { 1, 2, 3, 1, 1, 2, 1, 5, 7 };
  expect_singular (few, 3, "3 observations for 3 regressors: need more observations than regressors");
}

/* A hand-computed fit: y = (1, 2, 4) on (1, x), x = (0, 1, 2): b = (5/6,
 * 3/2), e = (1/6, -1/3, 1/6), s^2 = (1/6)/1, (X'X)^-1 = [5/6 -1/2; -1/2
 * 1/2], so se(slope) = sqrt(1/12); R^2 = 1 - (1/6)/(14/3) = 27/28. */
static void
test_hand (void)
{
  static const char *const names[] = { "(Intercept)", "x" };
  const double x[] = { 1, 0, 1, 1, 1, 2 }, y[] = { 1, 2, 4 };
  regress_data d = { 3, 2, y, x, NULL, names, REGRESS_CLASSICAL, 0, { NULL, NULL }, { 0, 0 } };
  regress_fit f;
  evs_error err;
  if (!CHECK (regress_fit_run (&d, &f, &err) == EVS_OK, "hand fit"))
    return;
  CHECK (rel_ok (f.b[0], 5.0 / 6, 1e-14) && rel_ok (f.b[1], 1.5, 1e-14), "hand b");
  CHECK (rel_ok (f.se[1], sqrt (1.0 / 12), 1e-13), "hand se %.17g", f.se[1]);
  CHECK (rel_ok (f.r2, 27.0 / 28, 1e-13), "hand R2 %.17g", f.r2);
  /* F = t^2 of the slope with one regressor: 1.5^2 * 12 = 27. */
  CHECK (rel_ok (f.F, 27, 1e-12) && f.F_df1 == 1 && f.F_df2 == 1, "hand F %.17g", f.F);
  regress_fit_release (&f);
}

int
main (void)
{
  gsl_set_error_handler_off ();
  const char *top = getenv ("TOP_SRCDIR");
  test_petersen (top ? top : ".");
  test_singular ();
  test_hand ();
  printf ("unit-regress: %d checks, %d failed\n", n_checks, n_failed);
  return n_failed ? 1 : 0;
}
