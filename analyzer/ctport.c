/* ctport.c -- calendar-time portfolios (ctport.h). */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctport.h"
#include "series.h"

typedef struct held { int32_t date; double r, w; } held;

static int
cmp_held (const void *a, const void *b)
{
  const held *x = a, *y = b;
  return x->date != y->date ? (x->date < y->date ? -1 : 1) : 0;
}

/* Appends the held sessions of pair R (weight W) to *V. */
static void
hold_pair (const ctport_opts *o, const study_result *r, double w, held **v, size_t *n,
           size_t *cap)
{
  const evs_series *s = r->series;
  size_t i0 = series_lower_bound (s, r->day0);
  for (long k = o->hold.a; k <= o->hold.b; k++)
    {
      long i = (long) i0 + k;
      if (i < 1 || i >= (long) s->n)
        continue;
      evs_grow ((void **) v, cap, *n + 1, sizeof **v);
      (*v)[(*n)++] = (held) { s->date[i], s->price[i] / s->price[i - 1] - 1, w };
    }
}

/* The simple return of series M on DATE, or NaN when DATE is not one of
 * its sessions (or the first). */
static double
return_on (const evs_series *m, int32_t date)
{
  size_t j = series_lower_bound (m, date);
  return j > 0 && j < m->n && m->date[j] == date ? m->price[j] / m->price[j - 1] - 1 : NAN;
}

/* The regressors of date D into X (intercept first) and R_f into *RF;
 * false when one is missing. */
static bool
regressors (const evs_study *st, const evs_series *mkt, int32_t d, double *x, double *rf)
{
  const study_opts *so = &st->opts;
  x[0] = 1;
  *rf = 0;
  if (so->model == MODEL_MARKET)
    {
      x[1] = return_on (mkt, d);
      return isfinite (x[1]);
    }
  /* The factors of date D alone: factors_align compounds over (D - 1, D]. */
  double out[2 * MODEL_MAX_K], *v;
  size_t col[MODEL_MAX_K];
  size_t m = so->nfcol;
  memcpy (col, so->fcol, m * sizeof *col);
  if (so->rf_col >= 0)
    col[m++] = (size_t) so->rf_col;
  int32_t span[2] = { d - 1, d };
  factors_align (so->factors, span, 2, col, m, out);
  v = out + m;
  for (size_t j = 0; j < so->nfcol; j++)
    x[j + 1] = v[j];
  if (so->rf_col >= 0)
    *rf = v[so->nfcol];
  for (size_t j = 0; j <= so->nfcol; j++)
    if (!isfinite (x[j]))
      return false;
  return isfinite (*rf);
}

/* The held sessions of every estimated pair, sorted by date; the pairs'
 * one market into *MKT. */
static int
collect (const ctport_opts *o, const evs_study *st, held **v, size_t *n,
         const evs_series **mkt, size_t *pairs, evs_error *err)
{
  size_t cap = 0;
  *mkt = NULL;
  for (size_t i = 0; i < st->n; i++)
    {
      const study_result *r = &st->res[i];
      double w = o->weight ? o->weight[i] : 1;
      if (r->status != STUDY_OK || !(isfinite (w) && w > 0))
        continue;
      if (st->opts.model == MODEL_MARKET && *mkt && r->market != *mkt)
        return evs_fail (err, EVS_EDATA, "calendar-time portfolio: %s uses the market %s, "
                         "an earlier pair the market %s: one portfolio needs one market "
                         "(study the series of one exchange)", r->series->ticker,
                         r->market ? r->market->ticker : "(none)", (*mkt)->ticker);
      *mkt = r->market;
      hold_pair (o, r, w, v, n, &cap);
      (*pairs)++;
    }
  if (*n)
    qsort (*v, *n, sizeof **v, cmp_held);
  return EVS_OK;
}

static void
alloc (ctport_result *out, size_t n)
{
  out->date = evs_xcalloc (n + 1, sizeof *out->date);
  out->rp = evs_xcalloc (n + 1, sizeof *out->rp);
  out->excess = evs_xcalloc (n + 1, sizeof *out->excess);
  out->ar = evs_xcalloc (n + 1, sizeof *out->ar);
  out->held = evs_xcalloc (n + 1, sizeof *out->held);
}

/* The sessions: portfolio return per date, the kept ones with their
 * regressors into X (n x k). */
static double *
sessions (const ctport_opts *o, const evs_study *st, const evs_series *mkt, const held *v,
          size_t nv, ctport_result *out)
{
  size_t k = out->k;
  double *x = evs_xcalloc (nv * k + 1, sizeof *x);
  alloc (out, nv);
  for (size_t a = 0, b; a < nv; a = b)
    {
      double sw = 0, swr = 0, rf;
      for (b = a; b < nv && v[b].date == v[a].date; b++)
        sw += v[b].w, swr += v[b].w * v[b].r;
      size_t cnt = b - a, i = out->n;
      if (cnt < o->min_hold || !regressors (st, mkt, v[a].date, &x[i * k], &rf))
        continue;
      out->date[i] = v[a].date;
      out->rp[i] = swr / sw;
      out->excess[i] = out->rp[i] - rf;
      out->held[i] = cnt;
      out->mean_held += (double) cnt;
      out->max_held = cnt > out->max_held ? cnt : out->max_held;
      out->n++;
    }
  if (out->n)
    out->mean_held /= (double) out->n;
  return x;
}

static void
name_columns (const evs_study *st, ctport_result *out)
{
  const study_opts *so = &st->opts;
  snprintf (out->names[0], sizeof out->names[0], "alpha");
  if (so->model == MODEL_MARKET)
    {
      snprintf (out->names[1], sizeof out->names[1], "Mkt-RF");
      out->k = 2;
      return;
    }
  out->k = 1 + so->nfcol;
  for (size_t j = 0; j < so->nfcol && j < 7; j++)
    snprintf (out->names[j + 1], sizeof out->names[0], "%.15s", so->factors->name[so->fcol[j]]);
}

int
ctport_run (const ctport_opts *o, const evs_study *st, ctport_result *out, evs_error *err)
{
  memset (out, 0, sizeof *out);
  held *v = NULL;
  size_t nv = 0;
  const evs_series *mkt;
  int rc = collect (o, st, &v, &nv, &mkt, &out->pairs, err);
  if (rc != EVS_OK)
    {
      free (v);
      return rc;
    }
  name_columns (st, out);
  double *x = sessions (o, st, mkt, v, nv, out);
  const char *names[8];
  for (size_t j = 0; j < out->k; j++)
    names[j] = out->names[j];
  regress_data d = { out->n, out->k, out->excess, x, NULL, names, REGRESS_CLASSICAL, 0,
                     { NULL, NULL }, { 0, 0 } };
  rc = regress_fit_run (&d, &out->classical, err);
  d.vcov = o->hc;
  out->hc_name = regress_vcov_name (o->hc);
  if (rc == EVS_OK)
    rc = regress_fit_run (&d, &out->hc, err);
  if (rc == EVS_OK)
    {
      out->alpha_annual = 252 * out->classical.b[0];
      /* The abnormal return of a session: its excess return less the
       * factors' part, alpha plus the residual. */
      for (size_t i = 0; i < out->n; i++)
        {
          out->ar[i] = out->excess[i];
          for (size_t j = 1; j < out->k; j++)
            out->ar[i] -= out->classical.b[j] * x[i * out->k + j];
        }
    }
  else
    {
      char msg[sizeof err->msg];
      snprintf (msg, sizeof msg, "%s", err->msg);
      evs_fail (err, rc, "calendar-time portfolio (%zu sessions): %.900s", out->n, msg);
      ctport_release (out);
    }
  free (x);
  free (v);
  return rc;
}

void
ctport_release (ctport_result *out)
{
  free (out->date);
  free (out->rp);
  free (out->excess);
  free (out->ar);
  free (out->held);
  regress_fit_release (&out->classical);
  regress_fit_release (&out->hc);
  memset (out, 0, sizeof *out);
}
