/* regress.c -- OLS/WLS by Householder QR with classical, HC0-HC3 and
 * one- and two-way clustered covariances (formulas in regress.h). */
#include <config.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "regress.h"

static const char *const vcov_names[] = {
  "classical", "hc0", "hc1", "hc2", "hc3", "cluster"
};

bool
regress_parse_vcov (const char *s, enum regress_vcov_kind *kind)
{
  for (int i = REGRESS_CLASSICAL; i <= REGRESS_HC3; i++)
    if (strcmp (s, vcov_names[i]) == 0)
      {
        *kind = (enum regress_vcov_kind) i;
        return true;
      }
  return false;
}

const char *
regress_vcov_name (enum regress_vcov_kind kind)
{
  return vcov_names[kind];
}

void
regress_fit_release (regress_fit *f)
{
  free (f->b);
  free (f->V);
  memset (f, 0, sizeof *f);
}

/* The working arrays of one fit: the weighted design and response, the
 * residuals and the inverse of R. */
typedef struct work {
  size_t n, k;
  double *x, *y, *e, *rinv, *bread;
} work;

static void
work_release (work *w)
{
  free (w->x);
  free (w->y);
  free (w->e);
  free (w->rinv);
  free (w->bread);
}

/* Appends "'NAME'" to BUF (size SIZE) after the text already there. */
static void
add_name (char *buf, size_t size, const char *name, bool first)
{
  size_t len = strlen (buf);
  char q[80];
  evs_quote (q, sizeof q, name, strlen (name));
  snprintf (buf + len, size - len, "%s'%s'", first ? "" : ", ", q);
}

/* Finds the first column of X that the earlier ones span, by modified
 * Gram-Schmidt with one reorthogonalisation ("twice is enough", Giraud
 * et al. 2005): a column whose residual norm is below 1e-10 of its own
 * (or that is zero) is dependent.  The earlier columns named are those
 * with a non-zero coefficient in its expression, from the triangular
 * factor.  EVS_EDATA naming them; EVS_OK when X has full column rank. */
static int
check_rank (const regress_data *d, const double *x, evs_error *err)
{
  size_t n = d->n, k = d->k;
  double *q = evs_xcalloc (n * k + 1, sizeof *q), *r = evs_xcalloc (k * k + 1, sizeof *r);
  double *v = evs_xcalloc (n + 1, sizeof *v);
  int rc = EVS_OK;
  for (size_t j = 0; j < k && rc == EVS_OK; j++)
    {
      double norm0 = 0, norm = 0;
      for (size_t i = 0; i < n; i++)
        v[i] = x[i * k + j], norm0 += v[i] * v[i];
      for (int pass = 0; pass < 2; pass++)
        for (size_t c = 0; c < j; c++)
          {
            double dot = 0;
            for (size_t i = 0; i < n; i++)
              dot += q[i * k + c] * v[i];
            for (size_t i = 0; i < n; i++)
              v[i] -= dot * q[i * k + c];
            r[c * k + j] += dot;
          }
      for (size_t i = 0; i < n; i++)
        norm += v[i] * v[i];
      norm = sqrt (norm);
      if (norm0 > 0 && norm > 1e-10 * sqrt (norm0))
        {
          for (size_t i = 0; i < n; i++)
            q[i * k + j] = v[i] / norm;
          r[j * k + j] = norm;
          continue;
        }
      char names[768] = "", q1[80];
      evs_quote (q1, sizeof q1, d->names[j], strlen (d->names[j]));
      if (norm0 == 0)
        {
          rc = evs_fail (err, EVS_EDATA, "singular design: column '%s' is all zero", q1);
          break;
        }
      /* x_j = sum_c a_c x_c: solve R[0..j) a = r[.][j] by back-substitution. */
      double a[j + 1], amax = 0;
      for (size_t c = j; c-- > 0;)
        {
          double s = r[c * k + j];
          for (size_t m = c + 1; m < j; m++)
            s -= r[c * k + m] * a[m];
          a[c] = s / r[c * k + c];
          amax = fabs (a[c]) > amax ? fabs (a[c]) : amax;
        }
      bool first = true;
      for (size_t c = 0; c < j; c++)
        if (fabs (a[c]) > 1e-8 * amax)
          {
            add_name (names, sizeof names, d->names[c], first);
            first = false;
          }
      rc = evs_fail (err, EVS_EDATA, "singular design: column '%s' is a linear combination of %s "
                     "(a constant column, a dummy of every level, or a repeated regressor)",
                     q1, names);
    }
  free (q);
  free (r);
  free (v);
  return rc;
}

/* Weighted copies of X and y (sqrt(w) times each row). */
static int
weigh (const regress_data *d, work *w, evs_error *err)
{
  size_t n = d->n, k = d->k;
  w->n = n;
  w->k = k;
  w->x = evs_xmalloc (n * k * sizeof *w->x + 1);
  w->y = evs_xmalloc (n * sizeof *w->y + 1);
  w->e = evs_xmalloc (n * sizeof *w->e + 1);
  w->rinv = evs_xcalloc (k * k + 1, sizeof *w->rinv);
  w->bread = evs_xcalloc (k * k + 1, sizeof *w->bread);
  for (size_t i = 0; i < n; i++)
    {
      double s = 1;
      if (d->w)
        {
          if (!(isfinite (d->w[i]) && d->w[i] > 0))
            return evs_fail (err, EVS_EDATA, "weight of observation %zu is not positive", i + 1);
          s = sqrt (d->w[i]);
        }
      w->y[i] = s * d->y[i];
      for (size_t j = 0; j < k; j++)
        w->x[i * k + j] = s * d->x[i * k + j];
    }
  return EVS_OK;
}

/* b by Householder QR (GSL), R^-1 by back-substitution, the bread
 * B = R^-1 R^-T = (X'X)^-1, and the residuals. */
static int
solve (work *w, regress_fit *f, evs_error *err)
{
  size_t n = w->n, k = w->k;
  gsl_matrix *qr = gsl_matrix_alloc (n, k);
  gsl_vector *tau = gsl_vector_alloc (k), *b = gsl_vector_alloc (k);
  gsl_vector *res = gsl_vector_alloc (n);
  gsl_vector_const_view y = gsl_vector_const_view_array (w->y, n);
  memcpy (qr->data, w->x, n * k * sizeof *w->x);   /* qr->tda == k */
  int st = gsl_linalg_QR_decomp (qr, tau);
  if (st == GSL_SUCCESS)
    st = gsl_linalg_QR_lssolve (qr, tau, &y.vector, b, res);
  for (size_t j = 0; st == GSL_SUCCESS && j < k; j++)
    {
      f->b[j] = gsl_vector_get (b, j);
      for (size_t c = k; c-- > 0;)        /* column j of R^-1 */
        {
          double s = c == j ? 1 : 0;
          for (size_t m = c + 1; m < k; m++)
            s -= gsl_matrix_get (qr, c, m) * w->rinv[m * k + j];
          w->rinv[c * k + j] = s / gsl_matrix_get (qr, c, c);
        }
    }
  for (size_t i = 0; st == GSL_SUCCESS && i < n; i++)
    w->e[i] = gsl_vector_get (res, i);
  gsl_matrix_free (qr);
  gsl_vector_free (tau);
  gsl_vector_free (b);
  gsl_vector_free (res);
  if (st != GSL_SUCCESS)
    return evs_fail (err, EVS_EDATA, "least squares failed: %s", gsl_strerror (st));
  for (size_t a = 0; a < k; a++)
    for (size_t c = 0; c < k; c++)
      {
        double s = 0;
        for (size_t m = (a > c ? a : c); m < k; m++)
          s += w->rinv[a * k + m] * w->rinv[c * k + m];
        w->bread[a * k + c] = s;
      }
  return EVS_OK;
}

/* Hat value h_i = x_i' (X'X)^-1 x_i = |R^-T x_i|^2. */
static double
hat (const work *w, size_t i)
{
  size_t k = w->k;
  double h = 0;
  for (size_t j = 0; j < k; j++)
    {
      double s = 0;
      for (size_t m = 0; m <= j; m++)
        s += w->x[i * k + m] * w->rinv[m * k + j];
      h += s * s;
    }
  return h;
}

/* V = B M B with the K x K meat M. */
static void
sandwich (const work *w, const double *meat, double scale, double *V)
{
  size_t k = w->k;
  double *t = evs_xcalloc (k * k + 1, sizeof *t);
  for (size_t a = 0; a < k; a++)
    for (size_t c = 0; c < k; c++)
      for (size_t m = 0; m < k; m++)
        t[a * k + c] += w->bread[a * k + m] * meat[m * k + c];
  for (size_t a = 0; a < k; a++)
    for (size_t c = 0; c < k; c++)
      {
        double s = 0;
        for (size_t m = 0; m < k; m++)
          s += t[a * k + m] * w->bread[m * k + c];
        V[a * k + c] += scale * s;
      }
  free (t);
}

/* The heteroskedasticity-consistent meat sum omega_i x_i x_i'. */
static int
hc_meat (const regress_data *d, const work *w, double *meat, evs_error *err)
{
  size_t n = w->n, k = w->k;
  for (size_t i = 0; i < n; i++)
    {
      double om = w->e[i] * w->e[i];
      if (d->vcov == REGRESS_HC2 || d->vcov == REGRESS_HC3)
        {
          double h = hat (w, i);
          if (!(1 - h > 1e-10))
            return evs_fail (err, EVS_EDATA, "observation %zu has leverage 1: %s is undefined "
                             "(use --vcov hc1 or classical)", i + 1, vcov_names[d->vcov]);
          om /= d->vcov == REGRESS_HC2 ? 1 - h : (1 - h) * (1 - h);
        }
      for (size_t a = 0; a < k; a++)
        for (size_t c = 0; c < k; c++)
          meat[a * k + c] += om * w->x[i * k + a] * w->x[i * k + c];
    }
  return EVS_OK;
}

/* The cluster meat sum_g u_g u_g' * G/(G-1), u_g = sum_{i in g} e_i x_i,
 * for the groups GROUP[i] in 0..G-1, added to V through the bread. */
static void
cluster_add (const work *w, const size_t *group, size_t G, double sign, double *V)
{
  size_t k = w->k;
  double *u = evs_xcalloc (G * k + 1, sizeof *u), *meat = evs_xcalloc (k * k + 1, sizeof *meat);
  for (size_t i = 0; i < w->n; i++)
    for (size_t j = 0; j < k; j++)
      u[group[i] * k + j] += w->e[i] * w->x[i * k + j];
  for (size_t g = 0; g < G; g++)
    for (size_t a = 0; a < k; a++)
      for (size_t c = 0; c < k; c++)
        meat[a * k + c] += u[g * k + a] * u[g * k + c];
  double adj = (double) (w->n - 1) / (double) (w->n - w->k);
  sandwich (w, meat, sign * adj * (double) G / (double) (G - 1), V);
  free (u);
  free (meat);
}

typedef struct pair_ix { size_t a, b, i; } pair_ix;

static int
cmp_pair (const void *x, const void *y)
{
  const pair_ix *p = x, *q = y;
  return p->a != q->a ? (p->a < q->a ? -1 : 1) : p->b != q->b ? (p->b < q->b ? -1 : 1) : 0;
}

/* The groups of the intersection of two clusterings, numbered 0..G-1. */
static size_t
intersect (const regress_data *d, size_t *out)
{
  size_t n = d->n, G = 0;
  pair_ix *p = evs_xmalloc (n * sizeof *p + 1);
  for (size_t i = 0; i < n; i++)
    p[i] = (pair_ix) { d->cluster[0][i], d->cluster[1][i], i };
  qsort (p, n, sizeof *p, cmp_pair);
  for (size_t i = 0; i < n; i++)
    {
      if (i && cmp_pair (&p[i - 1], &p[i]) != 0)
        G++;
      out[p[i].i] = G;
    }
  free (p);
  return n ? G + 1 : 0;
}

static int
vcov (const regress_data *d, const work *w, regress_fit *f, evs_error *err)
{
  size_t k = w->k;
  double ssr = 0;
  for (size_t i = 0; i < w->n; i++)
    ssr += w->e[i] * w->e[i];
  f->sigma = sqrt (ssr / (double) (w->n - k));
  f->df = (double) (w->n - k);
  if (d->vcov == REGRESS_CLASSICAL)
    {
      for (size_t j = 0; j < k * k; j++)
        f->V[j] = f->sigma * f->sigma * w->bread[j];
      return EVS_OK;
    }
  if (d->vcov == REGRESS_CLUSTER)
    {
      size_t gmin = SIZE_MAX;
      for (size_t c = 0; c < d->ncluster; c++)
        {
          cluster_add (w, d->cluster[c], d->ngroups[c], 1, f->V);
          f->groups[c] = d->ngroups[c];
          gmin = d->ngroups[c] < gmin ? d->ngroups[c] : gmin;
        }
      if (d->ncluster == 2)
        {
          size_t *g = evs_xmalloc (w->n * sizeof *g + 1);
          size_t G = intersect (d, g);
          if (G > 1)
            cluster_add (w, g, G, -1, f->V);
          free (g);
        }
      f->df = (double) (gmin - 1);
      return EVS_OK;
    }
  double *meat = evs_xcalloc (k * k + 1, sizeof *meat);
  int rc = hc_meat (d, w, meat, err);
  if (rc == EVS_OK)
    sandwich (w, meat, d->vcov == REGRESS_HC1 ? (double) w->n / (double) (w->n - k) : 1, f->V);
  free (meat);
  return rc;
}

/* R^2 as R's summary.lm: 1 - e'We / sum w (y - ybar_w)^2 with an
 * intercept, else 1 - e'We / sum w y^2 (uncentred); adjusted by
 * (N - int) / (N - K). */
static void
fit_r2 (const regress_data *d, const work *w, regress_fit *f)
{
  size_t n = d->n;
  for (size_t j = 0; j < d->k && !f->intercept; j++)
    {
      bool ones = true;
      for (size_t i = 0; i < n && ones; i++)
        ones = d->x[i * d->k + j] == 1;
      f->intercept = ones;
    }
  double sw = 0, swy = 0, tss = 0, ssr = 0;
  for (size_t i = 0; i < n; i++)
    {
      double wi = d->w ? d->w[i] : 1;
      sw += wi;
      swy += wi * d->y[i];
    }
  double ybar = f->intercept ? swy / sw : 0;
  for (size_t i = 0; i < n; i++)
    {
      double wi = d->w ? d->w[i] : 1;
      tss += wi * (d->y[i] - ybar) * (d->y[i] - ybar);
      ssr += w->e[i] * w->e[i];
    }
  f->r2 = 1 - ssr / tss;
  f->adj_r2 = 1 - (1 - f->r2) * (double) (n - (f->intercept ? 1 : 0)) / (double) (n - d->k);
}

/* The Wald F of the non-intercept coefficients with the covariance V:
 * F = b' V^-1 b / q by Cholesky; NaN when V is not positive definite
 * there (possible with two-way clustering) or q = 0. */
static void
fit_wald (const regress_data *d, regress_fit *f)
{
  size_t k = d->k, q = 0, idx[k + 1];
  for (size_t j = 0; j < k; j++)
    {
      bool ones = f->intercept;
      for (size_t i = 0; i < d->n && ones; i++)
        ones = d->x[i * k + j] == 1;
      if (!ones)
        idx[q++] = j;
    }
  f->F = f->F_df1 = f->F_p = NAN;
  f->F_df2 = f->df;
  if (q == 0)
    return;
  f->F_df1 = (double) q;
  gsl_matrix *m = gsl_matrix_alloc (q, q);
  gsl_vector *b = gsl_vector_alloc (q), *x = gsl_vector_alloc (q);
  for (size_t a = 0; a < q; a++)
    {
      gsl_vector_set (b, a, f->b[idx[a]]);
      for (size_t c = 0; c < q; c++)
        gsl_matrix_set (m, a, c, f->V[idx[a] * k + idx[c]]);
    }
  if (gsl_linalg_cholesky_decomp1 (m) == GSL_SUCCESS
      && gsl_linalg_cholesky_solve (m, b, x) == GSL_SUCCESS)
    {
      double s = 0;
      for (size_t a = 0; a < q; a++)
        s += gsl_vector_get (b, a) * gsl_vector_get (x, a);
      f->F = s / (double) q;
      f->F_p = gsl_cdf_fdist_Q (f->F, f->F_df1, f->F_df2);
    }
  gsl_matrix_free (m);
  gsl_vector_free (b);
  gsl_vector_free (x);
}

static int
check_sizes (const regress_data *d, evs_error *err)
{
  if (d->n <= d->k)
    return evs_fail (err, EVS_EDATA, "%zu observation%s for %zu regressors: need more "
                     "observations than regressors", d->n, d->n == 1 ? "" : "s", d->k);
  for (size_t c = 0; d->vcov == REGRESS_CLUSTER && c < d->ncluster; c++)
    if (d->ngroups[c] < 2)
      return evs_fail (err, EVS_EDATA, "%zu cluster%s: clustered errors need at least 2",
                       d->ngroups[c], d->ngroups[c] == 1 ? "" : "s");
  return EVS_OK;
}

/* se, t, p and the 95% interval from V and the df. */
static int
fit_tests (const regress_data *d, regress_fit *f, evs_error *err)
{
  size_t k = d->k;
  double q = gsl_cdf_tdist_Qinv (0.025, f->df);
  for (size_t j = 0; j < k; j++)
    {
      double v = f->V[j * k + j];
      if (!(v > 0) && isfinite (v) && d->ncluster == 2 && d->vcov == REGRESS_CLUSTER)
        {
          /* Two-way clustering subtracts a meat and can leave a variance
           * negative (Cameron, Gelbach & Miller 2011, sec. 2.3): that
           * coefficient's se, t, p and interval are undefined, as in R. */
          f->se[j] = f->t[j] = f->p[j] = f->lo[j] = f->hi[j] = NAN;
          f->undefined++;
          continue;
        }
      if (!(v > 0) || !isfinite (v))
        {
          char q1[80];
          return evs_fail (err, EVS_EDATA, "the %s variance of '%s' is not positive%s",
                           d->vcov == REGRESS_CLUSTER ? "clustered" : vcov_names[d->vcov],
                           evs_quote (q1, sizeof q1, d->names[j], strlen (d->names[j])),
                           d->ncluster == 2 ? " (two-way clustering can give this: "
                           "cluster one way)" : "");
        }
      f->se[j] = sqrt (v);
      f->t[j] = f->b[j] / f->se[j];
      f->p[j] = 2 * gsl_cdf_tdist_Q (fabs (f->t[j]), f->df);
      f->lo[j] = f->b[j] - q * f->se[j];
      f->hi[j] = f->b[j] + q * f->se[j];
    }
  return EVS_OK;
}

int
regress_fit_run (const regress_data *d, regress_fit *f, evs_error *err)
{
  memset (f, 0, sizeof *f);
  int rc = check_sizes (d, err);
  if (rc != EVS_OK)
    return rc;
  work w = { 0 };
  size_t k = d->k;
  f->n = d->n;
  f->k = k;
  f->b = evs_xcalloc (6 * k + 1, sizeof *f->b);
  f->se = f->b + k, f->t = f->b + 2 * k, f->p = f->b + 3 * k;
  f->lo = f->b + 4 * k, f->hi = f->b + 5 * k;
  f->V = evs_xcalloc (k * k + 1, sizeof *f->V);
  rc = weigh (d, &w, err);
  if (rc == EVS_OK)
    rc = check_rank (d, w.x, err);
  if (rc == EVS_OK)
    rc = solve (&w, f, err);
  if (rc == EVS_OK)
    rc = vcov (d, &w, f, err);
  if (rc == EVS_OK)
    {
      fit_r2 (d, &w, f);
      rc = fit_tests (d, f, err);
    }
  if (rc == EVS_OK)
    fit_wald (d, f);
  work_release (&w);
  if (rc != EVS_OK)
    regress_fit_release (f);
  return rc;
}
