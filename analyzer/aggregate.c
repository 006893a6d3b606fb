/* aggregate.c -- groups, AAR/CAAR and the test battery (see aggregate.h
 * for the contract and evtests.c for the formulas). */
#include <config.h>
#include "aggregate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_rng.h>

bool
aggregate_parse_adjust (const char *s, enum aggregate_adjust *a)
{
  if (strcmp (s, "holm") == 0)
    *a = AGGREGATE_ADJUST_HOLM;
  else if (strcmp (s, "bh") == 0)
    *a = AGGREGATE_ADJUST_BH;
  else if (strcmp (s, "none") == 0)
    *a = AGGREGATE_ADJUST_NONE;
  else
    return false;
  return true;
}

const char *
aggregate_adjust_name (enum aggregate_adjust a)
{
  static const char *const names[] = { "none", "holm", "bh" };
  return names[a];
}

/* ------------------------------------------------------------- groups */

/* Value of the grouping key BY for result R; NULL if BY is no column. */
static const char *
group_key (const evs_timeline *t, const study_result *r, const char *by)
{
  if (strcasecmp (by, "ticker") == 0)
    return r->series->ticker;
  if (strcasecmp (by, "event") == 0)
    return r->event->label;
  if (strcasecmp (by, "company") == 0)
    return r->event->company;
  return events_extra (t, r->event, by);
}

static aggregate_group *
add_group (aggregate_run *a, const char *by, const char *name)
{
  a->g = evs_xrealloc (a->g, (a->n + 1) * sizeof *a->g);
  aggregate_group *g = &a->g[a->n++];
  memset (g, 0, sizeof *g);
  g->by = by;
  g->name = evs_xstrdup (name);
  return g;
}

static void
add_pair (aggregate_group *g, size_t i)
{
  g->pairs = evs_xrealloc (g->pairs, (g->npairs + 1) * sizeof *g->pairs);
  g->pairs[g->npairs++] = i;
}

/* The group "all", then one group per value of BY in order of first
 * appearance. */
static void
make_groups (const evs_study *st, const evs_timeline *t, const char *by,
             aggregate_run *a)
{
  aggregate_group *all = add_group (a, NULL, "all");
  for (size_t i = 0; i < st->n; i++)
    if (st->res[i].status == STUDY_OK)
      add_pair (all, i);
  if (!by)
    return;
  size_t n0 = a->n;
  for (size_t i = 0; i < st->n; i++)
    {
      if (st->res[i].status != STUDY_OK)
        continue;
      const char *key = group_key (t, &st->res[i], by);
      size_t j = n0;
      while (j < a->n && strcmp (a->g[j].name, key) != 0)
        j++;
      if (j == a->n)
        add_group (a, by, key);
      add_pair (&a->g[j], i);
    }
}

/* ------------------------------------------------------------ helpers */

/* AR of result R on relative day K, NaN outside its data. */
static double
ar_at (const study_result *r, int k, double *se)
{
  long i = (long) r->hist_i0 + k;
  if (i < 0 || i >= (long) r->nhist)   /* hist_ar is NaN where no return */
    {
      *se = NAN;
      return NAN;
    }
  *se = r->hist_se[i];
  return r->hist_ar[i];
}

static bool
in_est (const study_result *r, int k)
{
  return k >= r->est_a && k < r->est_a + (int) r->fit.T;
}

/* Correlation of the estimation residuals of P and Q on the dates both
 * have (X, Y workspace of the longer estimation window). */
static double
common_correlation (const study_result *p, const study_result *q, double *x,
                    double *y)
{
  const int32_t *dp = p->hist_date + p->hist_i0 + p->est_a;
  const int32_t *dq = q->hist_date + q->hist_i0 + q->est_a;
  size_t i = 0, j = 0, k = 0;
  while (i < p->fit.T && j < q->fit.T)
    if (dp[i] < dq[j])
      i++;
    else if (dp[i] > dq[j])
      j++;
    else
      {
        x[k] = p->est_ar[i++];
        y[k++] = q->est_ar[j++];
      }
  return evtests_correlation (x, y, k);
}

/* Kolari-Pynnönen rbar: the mean over all pairs (i, j) of the group of
 * the correlation of their estimation residuals on their common dates
 * when they share day 0, else 0 (so that N (1 + (N - 1) rbar) stays the
 * variance of a sum of N standardized returns).  Sets g->nclustered. */
static void
kp_rbar (const evs_study *st, aggregate_group *g)
{
  double sum = 0;
  size_t npp = 0, Tmax = 0;
  bool *cl = evs_xcalloc (g->npairs + 1, sizeof *cl);
  for (size_t a = 0; a < g->npairs; a++)
    if (st->res[g->pairs[a]].fit.T > Tmax)
      Tmax = st->res[g->pairs[a]].fit.T;
  double *x = evs_xmalloc ((Tmax + 1) * sizeof *x), *y = evs_xmalloc ((Tmax + 1) * sizeof *y);
  for (size_t a = 0; a < g->npairs; a++)
    for (size_t b = a + 1; b < g->npairs; b++, npp++)
      {
        const study_result *p = &st->res[g->pairs[a]], *q = &st->res[g->pairs[b]];
        if (p->day0 != q->day0)
          continue;
        cl[a] = cl[b] = true;
        double r = common_correlation (p, q, x, y);
        sum += isfinite (r) ? r : 0.0;
      }
  for (size_t a = 0; a < g->npairs; a++)
    g->nclustered += cl[a];
  g->rbar = npp ? sum / (double) npp : NAN;
  free (cl);
  free (x);
  free (y);
}

/* Everything a cell's tests need, gathered once per cell. */
typedef struct cellwork {
  const evs_study *st;
  const aggregate_group *g;
  size_t n;                 /* pairs */
  int lo, hi;               /* relative days tested (a day: lo = hi) */
  int plo, phi;             /* event days of the ranking period */
  int elo, ehi;             /* estimation relative days, over all pairs */
  int xlo, xhi;             /* the whole event period (windows, ar-days) */
  double *x, *sx;           /* AR or CAR, and SAR or SCAR, per pair */
  double *csar, *df, *var;  /* Patell's cumulated SAR, df, est variance */
  double *aar, *c;          /* per tested day: AAR and Lamb's c_t */
  double phat;              /* fraction of positive estimation ARs */
} cellwork;

static void
estimation_span (const evs_study *st, const aggregate_group *g, cellwork *w)
{
  w->elo = 0;
  w->ehi = 0;
  for (size_t a = 0; a < g->npairs; a++)
    {
      const study_result *r = &st->res[g->pairs[a]];
      int lo = r->est_a, hi = r->est_a + (int) r->fit.T - 1;
      if (a == 0 || lo < w->elo)
        w->elo = lo;
      if (a == 0 || hi > w->ehi)
        w->ehi = hi;
    }
}

/* Panel of the estimation days and the event days PLO..PHI; STD: each AR
 * divided by s_i (estimation) or se_it and then by the cross-sectional
 * sd of the day (event days: Corrado and Zivney 1992). */
static double *
make_panel (const cellwork *w, bool std, evtests_panel *p)
{
  size_t me = (size_t) (w->ehi - w->elo + 1), mv = (size_t) (w->phi - w->plo + 1);
  p->n = w->n;
  p->m = me + mv;
  p->m_est = me;
  double *x = evs_xmalloc (p->n * p->m * sizeof *x);
  for (size_t a = 0; a < w->n; a++)
    {
      const study_result *r = &w->st->res[w->g->pairs[a]];
      for (size_t t = 0; t < p->m; t++)
        {
          int k = t < me ? w->elo + (int) t : w->plo + (int) (t - me);
          double se, v = ar_at (r, k, &se);
          bool ok = t < me ? in_est (r, k) : !in_est (r, k);
          x[a * p->m + t] = !ok ? NAN : !std ? v : t < me ? v / r->fit.sigma : v / se;
        }
    }
  for (size_t t = me; std && t < p->m; t++)
    {
      double s = 0, ss = 0, c = 0;
      for (size_t a = 0; a < p->n; a++)
        if (isfinite (x[a * p->m + t]))
          s += x[a * p->m + t], c++;
      for (size_t a = 0; a < p->n; a++)
        if (isfinite (x[a * p->m + t]))
          ss += (x[a * p->m + t] - s / c) * (x[a * p->m + t] - s / c);
      double sd = c > 1 ? sqrt (ss / (c - 1)) : NAN;
      for (size_t a = 0; a < p->n; a++)
        x[a * p->m + t] /= sd;
    }
  p->x = x;
  return x;
}

/* GRANK panel: estimation SARs (AR / s_i) and one column of generalized
 * SARs, the SAR or SCAR divided by its cross-sectional sd (KP 2011). */
static double *
make_grank_panel (const cellwork *w, evtests_panel *p)
{
  size_t me = (size_t) (w->ehi - w->elo + 1);
  p->n = w->n;
  p->m = me + 1;
  p->m_est = me;
  double *x = evs_xmalloc (p->n * p->m * sizeof *x), m, sd, s = 0, ss = 0, c = 0;
  for (size_t a = 0; a < w->n; a++)
    if (isfinite (w->sx[a]))
      s += w->sx[a], c++;
  m = s / c;
  for (size_t a = 0; a < w->n; a++)
    if (isfinite (w->sx[a]))
      ss += (w->sx[a] - m) * (w->sx[a] - m);
  sd = c > 1 ? sqrt (ss / (c - 1)) : NAN;
  for (size_t a = 0; a < w->n; a++)
    {
      const study_result *r = &w->st->res[w->g->pairs[a]];
      for (size_t t = 0; t < me; t++)
        {
          double se, v = ar_at (r, w->elo + (int) t, &se);
          x[a * p->m + t] = in_est (r, w->elo + (int) t) ? v / r->fit.sigma : NAN;
        }
      x[a * p->m + me] = w->sx[a] / sd;
    }
  p->x = x;
  return x;
}

/* Sample variance of R's estimation ARs; adds its positive ones to *POS. */
static double
est_variance (const study_result *r, size_t *pos)
{
  double m = 0, ss = 0;
  for (size_t i = 0; i < r->fit.T; i++)
    {
      m += r->est_ar[i];
      *pos += r->est_ar[i] > 0;
    }
  m /= (double) r->fit.T;
  for (size_t i = 0; i < r->fit.T; i++)
    ss += (r->est_ar[i] - m) * (r->est_ar[i] - m);
  return ss / ((double) r->fit.T - 1);
}

/* Adds pair R's days LO..HI to the AAR and Lamb sums; returns its
 * cumulated SAR (Patell). */
static double
add_days (cellwork *w, const study_result *r, double *cnt)
{
  double csar = 0;
  for (int k = w->lo; k <= w->hi; k++)
    {
      double se, v = ar_at (r, k, &se);
      csar += v / se;
      if (isfinite (v))
        {
          w->aar[k - w->lo] += v;
          w->c[k - w->lo] += (se / r->fit.sigma) * (se / r->fit.sigma);
          cnt[k - w->lo]++;
        }
    }
  return csar;
}

/* Per pair: x (AR or CAR), sx (SAR or SCAR), Patell's CSAR, df, and the
 * estimation variance; per day: AAR and Lamb's c_t. */
static void
gather (cellwork *w, const aggregate_cell *cell)
{
  size_t L = (size_t) (w->hi - w->lo + 1), pos = 0, all = 0;
  memset (w->aar, 0, L * sizeof *w->aar);
  memset (w->c, 0, L * sizeof *w->c);
  double *cnt = evs_xcalloc (L, sizeof *cnt), se;
  for (size_t a = 0; a < w->n; a++)
    {
      const study_result *r = &w->st->res[w->g->pairs[a]];
      w->csar[a] = add_days (w, r, cnt);
      w->df[a] = r->fit.df;
      if (cell->is_window)
        {
          const study_car *c = &r->cars[cell - w->g->wins];
          w->x[a] = c->car;
          w->sx[a] = c->car / c->se;
        }
      else
        {
          w->x[a] = ar_at (r, w->lo, &se);
          w->sx[a] = w->x[a] / se;
        }
      w->var[a] = est_variance (r, &pos);
      all += r->fit.T;
    }
  for (size_t t = 0; t < L; t++)
    {
      w->aar[t] /= cnt[t];
      w->c[t] /= cnt[t];
    }
  w->phat = all ? (double) pos / (double) all : NAN;
  free (cnt);
}

static evtests_result *
next_test (aggregate_cell *cell)
{
  cell->p_adj[cell->ntests] = NAN;
  return &cell->tests[cell->ntests++];
}

/* The parametric battery. */
static void
run_parametric (cellwork *w, aggregate_cell *cell, double rbar,
                const evtests_panel *ep)
{
  size_t L = (size_t) (w->hi - w->lo + 1), n = w->n;
  evtests_cs_t (w->x, n, next_test (cell));
  evtests_bw1980 (cell->mean, L, w->var, n, (double) ep->m_est - 1, next_test (cell));
  evtests_bw1985 (cell->mean, L, ep, next_test (cell));
  evtests_result *pt = next_test (cell);
  evtests_patell (w->csar, w->df, L, n, pt);
  evtests_kp_adjust (pt, n, rbar, "patell_kp", next_test (cell));
  evtests_result *bmp = next_test (cell);
  evtests_bmp (w->sx, n, bmp);
  evtests_kp_adjust (bmp, n, rbar, "bmp_kp", next_test (cell));
  evtests_skew_t (w->x, n, next_test (cell));
  evtests_lamb (w->aar, w->c, L, ep, next_test (cell));
}

static void
run_nonparametric (cellwork *w, aggregate_cell *cell, const evtests_panel *ep)
{
  size_t me = ep->m_est;
  size_t c0 = me + (size_t) (w->lo - w->plo), c1 = me + (size_t) (w->hi - w->plo);
  evtests_panel sp, gp;
  evtests_sign (w->x, w->n, next_test (cell));
  evtests_gsign (w->x, w->n, w->phat, next_test (cell));
  evtests_csign (ep, c0, c1, next_test (cell));
  evtests_rank (ep, c0, c1, next_test (cell));
  double *sx = make_panel (w, true, &sp);
  evtests_czrank (&sp, c0, c1, next_test (cell));
  free (sx);
  double *gx = make_grank_panel (w, &gp);
  evtests_result *rt = next_test (cell), *rz = next_test (cell);
  evtests_grank (&gp, rz, rt);
  free (gx);
  evtests_wilcoxon (w->x, w->n, next_test (cell));
}

/* The placebo test of a single pair: the history outside its estimation
 * window and the whole event period (every window and reported day),
 * tiled into windows of the cell's length. */
static void
run_placebo (cellwork *w, aggregate_cell *cell)
{
  const study_result *r = &w->st->res[w->g->pairs[0]];
  bool *ok = evs_xmalloc (r->nhist + 1);
  for (size_t i = 0; i < r->nhist; i++)
    {
      int k = (int) ((long) i - (long) r->hist_i0);
      ok[i] = i > 0 && !in_est (r, k) && !(k >= w->xlo && k <= w->xhi);
    }
  size_t k, n;
  evtests_placebo (r->hist_ar, ok, r->nhist, (size_t) (w->hi - w->lo + 1),
                   w->x[0], &k, &n, next_test (cell));
  free (ok);
}

static void
run_cell (cellwork *w, aggregate_cell *cell, double rbar, const aggregate_opts *o,
          gsl_rng *rng)
{
  gather (w, cell);
  double s = 0;
  size_t c = 0;
  for (size_t a = 0; a < w->n; a++)
    if (isfinite (w->x[a]))
      s += w->x[a], c++;
  cell->n = c;
  cell->mean = c ? s / (double) c : NAN;
  evtests_panel ep;
  double *ex = make_panel (w, false, &ep);
  run_parametric (w, cell, rbar, &ep);
  run_nonparametric (w, cell, &ep);
  free (ex);
  if (o->bootstrap)
    evtests_bootstrap (w->x, w->n, o->bootstrap, rng, next_test (cell));
  if (w->n == 1)
    run_placebo (w, cell);
}

/* Adjusts each test's p-values across the group's windows. */
static void
adjust_group (aggregate_group *g, enum aggregate_adjust adj)
{
  if (adj == AGGREGATE_ADJUST_NONE || !g->nwins)
    return;
  double *p = evs_xmalloc (g->nwins * sizeof *p);
  for (size_t j = 0; j < g->wins[0].ntests; j++)
    {
      for (size_t w = 0; w < g->nwins; w++)
        p[w] = g->wins[w].tests[j].p;
      evtests_adjust (p, g->nwins, adj == AGGREGATE_ADJUST_BH);
      for (size_t w = 0; w < g->nwins; w++)
        g->wins[w].p_adj[j] = p[w];
    }
  free (p);
}

static void
run_group (const evs_study *st, aggregate_group *g, const aggregate_opts *o,
           gsl_rng *rng)
{
  const study_opts *so = &st->opts;
  study_window span = study_span (so);
  cellwork w = { st, g, g->npairs, 0, 0, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL,
                 NULL, NULL, NULL, NULL, NAN };
  if (!g->npairs)
    return;
  kp_rbar (st, g);
  estimation_span (st, g, &w);
  int plo = span.a < so->ar.a ? span.a : so->ar.a, phi = span.b > so->ar.b ? span.b : so->ar.b;
  w.xlo = plo, w.xhi = phi;
  size_t Lmax = (size_t) (phi - plo + 1), n = g->npairs;
  double *buf = evs_xmalloc ((5 * n + 2 * Lmax) * sizeof *buf);
  w.x = buf, w.sx = buf + n, w.csar = buf + 2 * n, w.df = buf + 3 * n;
  w.var = buf + 4 * n, w.aar = buf + 5 * n, w.c = buf + 5 * n + Lmax;
  g->ndays = (size_t) (so->ar.b - so->ar.a + 1);
  g->days = evs_xcalloc (g->ndays, sizeof *g->days);
  for (size_t d = 0; d < g->ndays; d++)
    {
      g->days[d].day = w.lo = w.hi = so->ar.a + (int) d;
      w.plo = plo, w.phi = phi;
      run_cell (&w, &g->days[d], g->rbar, o, rng);
    }
  g->nwins = so->nwin;
  g->wins = evs_xcalloc (g->nwins, sizeof *g->wins);
  for (size_t k = 0; k < g->nwins; k++)
    {
      g->wins[k].is_window = true;
      g->wins[k].w = so->win[k];
      w.lo = w.plo = so->win[k].a, w.hi = w.phi = so->win[k].b;
      run_cell (&w, &g->wins[k], g->rbar, o, rng);
    }
  adjust_group (g, o->adjust);
  free (buf);
}

int
aggregate_build (const evs_study *st, const evs_timeline *t,
                 const aggregate_opts *o, aggregate_run *out, evs_error *err)
{
  memset (out, 0, sizeof *out);
  out->adjust = o->adjust;
  const char *by = o->group_by;
  if (by && strcasecmp (by, "ticker") && strcasecmp (by, "event")
      && strcasecmp (by, "company") && !events_extra (t, t->n ? &t->v[0] : NULL, by))
    return evs_fail (err, EVS_EUSAGE,
                     "invalid --group-by '%s': expected ticker, event, company "
                     "or a column of %s", by, t->source);
  make_groups (st, t, by, out);
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, o->seed);
  for (size_t i = 0; i < out->n; i++)
    run_group (st, &out->g[i], o, rng);
  gsl_rng_free (rng);
  return EVS_OK;
}

void
aggregate_release (aggregate_run *a)
{
  for (size_t i = 0; i < a->n; i++)
    {
      free (a->g[i].name);
      free (a->g[i].pairs);
      free (a->g[i].days);
      free (a->g[i].wins);
    }
  free (a->g);
  memset (a, 0, sizeof *a);
}

const evtests_result *
aggregate_test (const aggregate_cell *cell, const char *name, double *p_adj)
{
  for (size_t j = 0; j < cell->ntests; j++)
    if (strcmp (cell->tests[j].name, name) == 0)
      {
        if (p_adj)
          *p_adj = cell->p_adj[j];
        return &cell->tests[j];
      }
  return NULL;
}
