/* aggregate.c -- groups, AAR/CAAR and the test battery (see aggregate.h
 * for the contract and evtests.c for the formulas). */
#include <config.h>
#include "aggregate.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_rng.h>

#include "panel.h"
#include "pool.h"

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
  *se = (size_t) i >= r->hist_se_from ? r->hist_se[i - (long) r->hist_se_from] : NAN;
  return r->hist_ar[i];
}

static bool
in_est (const study_result *r, int k)
{
  return k >= r->est_a && k < r->est_a + (int) r->fit.T;
}

static const study_result *
pair_result (const evs_study *st, const aggregate_group *g, size_t a)
{
  return &st->res[g->pairs[a]];
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

/* Mean and sample sd of the finite X[0..n), as the tests standardize a
 * cross-section (NaN sd with fewer than 2). */
static double
cross_sd (const double *x, size_t n, size_t stride)
{
  double s = 0, ss = 0, c = 0;
  for (size_t a = 0; a < n; a++)
    if (isfinite (x[a * stride]))
      s += x[a * stride], c++;
  for (size_t a = 0; a < n; a++)
    if (isfinite (x[a * stride]))
      ss += (x[a * stride] - s / c) * (x[a * stride] - s / c);
  return c > 1 ? sqrt (ss / (c - 1)) : NAN;
}

/* ---------------------------------------------------- the group's work */

/* Transforms of one event period for the rank and sign tests: column
 * sums over the M_EST estimation days and the event days PLO..PHI, then
 * EXTRA if HAS_EXTRA.  The periods are fixed by the study, never by
 * --ar-days: a day inside the windows' span is ranked over the estimation
 * window and that span; a day outside it over the same plus itself (the
 * EXTRA); a window over the estimation window and its own days. */
enum { T_SIGN, T_RANK, T_UNIFORM, NTRANSFORMS };

typedef struct period {
  int plo, phi;
  bool has_extra;
  int extra;
  size_t m;
  double *sum[NTRANSFORMS], *cnt[NTRANSFORMS];
} period;

/* Number of event days of PE and the relative day of its J-th. */
static size_t
period_len (const period *pe)
{
  return (size_t) (pe->phi - pe->plo + 1) + pe->has_extra;
}

static int
period_day (const period *pe, size_t j)
{
  return j < (size_t) (pe->phi - pe->plo + 1) ? pe->plo + (int) j : pe->extra;
}

/* One worker's scratch: a panel_ws, a rank row, per-pair vectors and the
 * GRANK columns of one cell. */
typedef struct cellws {
  panel_ws pw;
  double *rank;
  double *x, *sx, *csar, *df;     /* per pair */
  double *aar, *c, *cnt;          /* per tested day */
} cellws;

typedef struct groupwork {
  const evs_study *st;
  aggregate_group *g;
  const aggregate_opts *o;
  size_t gi;                /* group index, for the bootstrap's seeds */
  size_t n;                 /* pairs */
  int elo, ehi;             /* estimation relative days over all pairs */
  size_t me;                /* estimation days: ehi - elo + 1 */
  int slo, shi;             /* the event period: the windows' span */
  panel est;                /* estimation ARs, sorted once per pair */
  double S;                 /* crude dependence adjustment (bw1985, lamb) */
  size_t Sdays;
  double *var;              /* per pair: estimation variance (bw1980) */
  double phat;              /* fraction of positive estimation ARs */
  period *per;              /* [0] the days, [1 + k] window k */
  size_t nper;
  /* Per pair, from period 0 (the span): its ranks over the estimation
   * ARs and the span's ARs [0] or standardized ones [1], their numbers,
   * and the median and middle values of the first (panel_ranks_mid).  A
   * day outside the span adds one value to them (panel_ranks_plus1). */
  float *base[2];
  size_t *bM[2];
  double *bmid;             /* 4 a pair: median, then MID[0..3) */
  double *ev0;              /* period 0's event values: raw, then std */
  /* The days outside the span, each its own period (the span and
   * itself), built together (outside_build): OUTIDX[d] is day cell d's
   * index in OUT, or -1 inside the span. */
  period *out;
  size_t nout;
  long *outidx;
  double *opart;            /* per worker: sign and rank partial sums */
  /* GRANK columns of every cell (grank_build): cell c's me + 1 sums and
   * counts at c (me + 1). */
  double *gsum, *gcnt;
  cellws *ws;               /* one per worker */
  unsigned nws;
} groupwork;

static void
cellws_init (cellws *w, const groupwork *gw)
{
  /* The longest period: the span plus one day outside it. */
  size_t n = gw->n, L = (size_t) (gw->shi - gw->slo + 2), m = gw->me + L + 1;
  panel_ws_init (&w->pw, gw->me, L);
  w->rank = evs_xmalloc (m * sizeof *w->rank);
  w->x = evs_xmalloc (4 * n * sizeof *w->x);
  w->sx = w->x + n, w->csar = w->x + 2 * n, w->df = w->x + 3 * n;
  w->aar = evs_xmalloc (3 * L * sizeof *w->aar);
  w->c = w->aar + L, w->cnt = w->aar + 2 * L;
}

static void
cellws_release (cellws *w)
{
  panel_ws_release (&w->pw);
  free (w->rank);
  free (w->x);
  free (w->aar);
}

/* ------------------------------------------------ Kolari-Pynnönen rbar */

/* The group's rbar and number of clustered pairs (evtests_kp_rbar: the
 * pairs sharing a day 0, each with its estimation residuals and dates). */
static void
kp_rbar (groupwork *gw)
{
  evtests_kp_pair *kp = evs_xmalloc ((gw->n ? gw->n : 1) * sizeof *kp);
  for (size_t a = 0; a < gw->n; a++)
    {
      const study_result *r = pair_result (gw->st, gw->g, a);
      kp[a] = (evtests_kp_pair) { r->day0, r->fit.T,
                                  r->hist_date + r->hist_i0 + r->est_a, r->est_ar };
    }
  gw->g->rbar = evtests_kp_rbar (kp, gw->n, &gw->g->nclustered);
  free (kp);
}

/* -------------------------------------------------- estimation panel */

static void
estimation_span (groupwork *gw)
{
  gw->elo = gw->ehi = 0;
  for (size_t a = 0; a < gw->n; a++)
    {
      const study_result *r = pair_result (gw->st, gw->g, a);
      int lo = r->est_a, hi = r->est_a + (int) r->fit.T - 1;
      if (a == 0 || lo < gw->elo)
        gw->elo = lo;
      if (a == 0 || hi > gw->ehi)
        gw->ehi = hi;
    }
  gw->me = (size_t) (gw->ehi - gw->elo + 1);
}

/* Item A: pair A's estimation ARs into the panel, sorted once. */
static void
est_row (void *ctx, size_t a, unsigned worker)
{
  groupwork *gw = ctx;
  const study_result *r = pair_result (gw->st, gw->g, a);
  double *row = panel_row (&gw->est, a), se;
  for (size_t t = 0; t < gw->me; t++)
    {
      int k = gw->elo + (int) t;
      double v = ar_at (r, k, &se);
      row[t] = in_est (r, k) ? v : NAN;
    }
  panel_sort_row (&gw->est, a, r->fit.sigma, &gw->ws[worker].pw);
}

/* What every cell of the group shares: the estimation panel and its S,
 * each pair's estimation variance, phat. */
static void
group_estimation (groupwork *gw)
{
  panel_init (&gw->est, gw->n, gw->me);
  pool_for (gw->n, gw->nws, est_row, gw);
  gw->S = evtests_portfolio_sd (gw->est.est, gw->n, gw->me, &gw->Sdays);
  size_t pos = 0, all = 0;
  for (size_t a = 0; a < gw->n; a++)
    {
      const study_result *r = pair_result (gw->st, gw->g, a);
      gw->var[a] = est_variance (r, &pos);
      all += r->fit.T;
    }
  gw->phat = all ? (double) pos / (double) all : NAN;
}

/* --------------------------------------------------------- the periods */

/* Pair A's event values on period PE: raw ARs in EV, standardized ARs
 * (AR / se) in STD; NaN on days inside its estimation window. */
static void
event_values (const groupwork *gw, const period *pe, size_t a, double *ev,
              double *std)
{
  const study_result *r = pair_result (gw->st, gw->g, a);
  for (size_t j = 0; j < period_len (pe); j++)
    {
      int k = period_day (pe, j);
      double se, v = ar_at (r, k, &se);
      bool ok = !in_est (r, k);
      ev[j] = ok ? v : NAN;
      std[j] = ok ? v / se : NAN;
    }
}

static void
add_col (period *pe, int tr, size_t t, double y)
{
  if (isfinite (y))
    {
      pe->sum[tr][t] += y;
      pe->cnt[tr][t]++;
    }
}

/* Pair A's ranks of period PE into w->rank, the raw values (EV) if
 * !SCALED, else the standardized ones; returns their number and sets
 * *MED (the raw median).  Period 0 keeps what a day outside it needs;
 * such a day (PE->has_extra) starts from it. */
static size_t
pair_ranks (groupwork *gw, const period *pe, size_t a, bool scaled,
            const double *ev, double *med, cellws *w)
{
  size_t Lb = period_len (&gw->per[0]), mb = gw->me + Lb;
  float *base = gw->base[scaled] + a * mb;
  double *bm = gw->bmid + 4 * a;
  if (pe->has_extra)
    return panel_ranks_plus1 (&gw->est, a, scaled, ev, Lb, base, gw->bM[scaled][a],
                              bm[0], bm + 1, ev[Lb], w->rank, med);
  size_t L = pe->m - gw->me;
  if (pe != &gw->per[0] && L <= PANEL_FEW && !(scaled && med))
    return panel_ranks_few (&gw->est, a, scaled, ev, L, w->rank, med);
  if (pe != &gw->per[0])
    return panel_ranks (&gw->est, a, scaled, ev, L, w->rank, med, &w->pw);
  size_t M = panel_ranks_mid (&gw->est, a, scaled, ev, L, w->rank, scaled ? NULL : bm,
                              scaled ? NULL : bm + 1, &w->pw);
  for (size_t t = 0; t < mb; t++)
    base[t] = (float) w->rank[t];
  gw->bM[scaled][a] = M;
  if (med)
    *med = bm[0];
  return M;
}

/* Adds pair A's sign and rank transforms over the estimation days and
 * the raw event values EV. */
static void
add_raw (groupwork *gw, period *pe, size_t a, const double *ev, cellws *w)
{
  double med;
  size_t M = pair_ranks (gw, pe, a, false, ev, &med, w);
  const double *x = panel_row (&gw->est, a);
  for (size_t t = 0; t < pe->m; t++)
    {
      double v = t < gw->me ? x[t] : ev[t - gw->me];
      if (isfinite (v))
        add_col (pe, T_SIGN, t, (double) ((v > med) - (v < med)));
      add_col (pe, T_RANK, t, w->rank[t] - ((double) M + 1.0) / 2.0);
    }
}

/* Adds pair A's uniform ranks over the standardized estimation ARs and
 * the standardized event values STD (Corrado and Zivney 1992). */
static void
add_std (groupwork *gw, period *pe, size_t a, const double *std, cellws *w)
{
  size_t M = pair_ranks (gw, pe, a, true, std, NULL, w);
  const double *u = panel_utab (&w->pw, M + 1);   /* rank / (M + 1) - 1/2 */
  for (size_t t = 0; t < pe->m; t++)
    if (isfinite (w->rank[t]))
      {
        pe->sum[T_UNIFORM][t] += u[(size_t) (2.0 * w->rank[t])];
        pe->cnt[T_UNIFORM][t]++;
      }
}

/* The transforms of period PE.  The standardized event values are
 * divided by their day's cross-sectional sd first (Corrado and Zivney
 * 1992), so all pairs' values are gathered before any is ranked. */
static void
period_fill (groupwork *gw, period *pe, cellws *w)
{
  size_t L = period_len (pe), n = gw->n;
  double *raw = evs_xmalloc (2 * n * L * sizeof *raw + 1), *std = raw + n * L;
  for (size_t a = 0; a < n; a++)
    event_values (gw, pe, a, raw + a * L, std + a * L);
  for (size_t t = 0; t < L; t++)
    {
      double sd = cross_sd (std + t, n, L);
      for (size_t a = 0; a < n; a++)
        std[a * L + t] /= sd;
    }
  for (size_t a = 0; a < n; a++)
    {
      add_raw (gw, pe, a, raw + a * L, w);
      add_std (gw, pe, a, std + a * L, w);
    }
  if (pe == &gw->per[0])
    gw->ev0 = raw;          /* the days outside the span start from them */
  else
    free (raw);
}

/* A window that is the windows' span (the widest, when it holds the
 * others) has period 0's days: the same values, ranks and sums. */
static bool
period_is_span (const groupwork *gw, size_t p)
{
  return p > 0 && gw->per[p].plo == gw->slo && gw->per[p].phi == gw->shi;
}

/* Item P: the transforms of period P. */
static void
period_build (void *ctx, size_t p, unsigned worker)
{
  groupwork *gw = ctx;
  if (!period_is_span (gw, p))
    period_fill (gw, &gw->per[p], &gw->ws[worker]);
}

/* Item 0: the group's rbar (serial, and read by the cells only), first,
 * so that it runs beside the periods; item 1 + P: period P. */
static void
rbar_or_period (void *ctx, size_t i, unsigned worker)
{
  if (i == 0)
    kp_rbar (ctx);
  else
    period_build (ctx, i - 1, worker);
}

/* Every period's transforms, with the group's rbar beside them: the
 * span's copied rather than computed again. */
static void
periods_build (groupwork *gw)
{
  pool_for (1 + gw->nper, gw->nws, rbar_or_period, gw);
  for (size_t p = 1; p < gw->nper; p++)
    if (period_is_span (gw, p))
      for (int tr = 0; tr < NTRANSFORMS; tr++)
        {
          memcpy (gw->per[p].sum[tr], gw->per[0].sum[tr], gw->per[0].m * sizeof (double));
          memcpy (gw->per[p].cnt[tr], gw->per[0].cnt[tr], gw->per[0].m * sizeof (double));
        }
}

/* An empty period of days PLO..PHI, plus day EXTRA if HAS_EXTRA. */
static void
period_init (period *pe, int plo, int phi, bool has_extra, int extra, size_t me)
{
  pe->plo = plo;
  pe->phi = phi;
  pe->has_extra = has_extra;
  pe->extra = extra;
  pe->m = me + period_len (pe);
  for (int tr = 0; tr < NTRANSFORMS; tr++)
    {
      pe->sum[tr] = evs_xcalloc (pe->m, sizeof *pe->sum[tr]);
      pe->cnt[tr] = evs_xcalloc (pe->m, sizeof *pe->cnt[tr]);
    }
}

static void
period_release (period *pe)
{
  for (int tr = 0; tr < NTRANSFORMS; tr++)
    {
      free (pe->sum[tr]);
      free (pe->cnt[tr]);
    }
}

static evtests_cols
period_cols (const groupwork *gw, const period *pe, int tr)
{
  return (evtests_cols) { gw->n, pe->m, pe->sum[tr], pe->cnt[tr] };
}

/* ----------------------------------------------------------- the cells */

/* Adds pair R's days LO..HI to the AAR and Lamb sums; returns its
 * cumulated SAR (Patell). */
static double
add_days (cellws *w, const study_result *r, int lo, int hi)
{
  double csar = 0;
  for (int k = lo; k <= hi; k++)
    {
      double se, v = ar_at (r, k, &se);
      csar += v / se;
      if (isfinite (v))
        {
          w->aar[k - lo] += v;
          w->c[k - lo] += (se / r->fit.sigma) * (se / r->fit.sigma);
          w->cnt[k - lo]++;
        }
    }
  return csar;
}

/* Per pair: x (AR or CAR), sx (SAR or SCAR), Patell's CSAR; per day of
 * LO..HI: AAR and Lamb's c_t.  WIN is the window's index, or -1 for a
 * day. */
static void
gather (const groupwork *gw, cellws *w, long win, int lo, int hi)
{
  size_t L = (size_t) (hi - lo + 1);
  memset (w->aar, 0, L * sizeof *w->aar);
  memset (w->c, 0, L * sizeof *w->c);
  memset (w->cnt, 0, L * sizeof *w->cnt);
  for (size_t a = 0; a < gw->n; a++)
    {
      const study_result *r = pair_result (gw->st, gw->g, a);
      double se;
      w->csar[a] = add_days (w, r, lo, hi);
      if (win >= 0)
        {
          const study_car *c = &r->cars[win];
          w->x[a] = c->car;
          w->sx[a] = c->car / c->se;
        }
      else
        {
          w->x[a] = ar_at (r, lo, &se);
          w->sx[a] = w->x[a] / se;
        }
    }
  for (size_t t = 0; t < L; t++)
    {
      w->aar[t] /= w->cnt[t];
      w->c[t] /= w->cnt[t];
    }
}

static evtests_result *
next_test (aggregate_cell *cell)
{
  cell->p_adj[cell->ntests] = NAN;
  return &cell->tests[cell->ntests++];
}

/* The parametric battery. */
static void
run_parametric (const groupwork *gw, cellws *w, aggregate_cell *cell, size_t L)
{
  size_t n = gw->n;
  double rbar = gw->g->rbar, *df = w->df;
  for (size_t a = 0; a < n; a++)
    df[a] = pair_result (gw->st, gw->g, a)->fit.df;
  evtests_cs_t (w->x, n, next_test (cell));
  evtests_bw1980 (cell->mean, L, gw->var, n, (double) gw->me - 1, next_test (cell));
  evtests_bw1985 (cell->mean, L, gw->S, gw->Sdays, next_test (cell));
  evtests_result *pt = next_test (cell);
  evtests_patell (w->csar, df, L, n, pt);
  evtests_kp_patell (pt, n, rbar, next_test (cell));
  evtests_result *bmp = next_test (cell);
  evtests_bmp (w->sx, n, bmp);
  evtests_kp_bmp (bmp, n, rbar, next_test (cell));
  evtests_skew_t (w->x, n, next_test (cell));
  evtests_hall_t (w->x, n, next_test (cell));
  evtests_lamb (w->aar, w->c, L, gw->S, next_test (cell));
}

/* GRANK columns of cell CI (grank_build). */
static evtests_cols
grank_cols (const groupwork *gw, size_t ci)
{
  size_t m = gw->me + 1;
  return (evtests_cols) { gw->n, m, gw->gsum + ci * m, gw->gcnt + ci * m };
}

/* Columns C0..C1 of the tested days are those of the period's event days
 * LO..HI: consecutive in PLO..PHI, or the EXTRA day, the last column. */
static void
run_nonparametric (const groupwork *gw, cellws *w, aggregate_cell *cell,
                   const period *pe, size_t ci, int lo, int hi)
{
  size_t c0, c1;
  if (pe->has_extra && lo == pe->extra)
    c0 = c1 = pe->m - 1;
  else
    c0 = gw->me + (size_t) (lo - pe->plo), c1 = gw->me + (size_t) (hi - pe->plo);
  evtests_cols sg = period_cols (gw, pe, T_SIGN), rk = period_cols (gw, pe, T_RANK);
  evtests_cols un = period_cols (gw, pe, T_UNIFORM);
  evtests_result *sg0 = next_test (cell);
  evtests_sign (w->x, gw->n, sg0, next_test (cell));
  evtests_gsign (w->x, gw->n, gw->phat, next_test (cell));
  evtests_csign (&sg, c0, c1, next_test (cell));
  evtests_rank (&rk, c0, c1, next_test (cell));
  evtests_czrank (&un, c0, c1, next_test (cell));
  evtests_cols gr = grank_cols (gw, ci);
  evtests_result *rt = next_test (cell), *rz = next_test (cell);
  evtests_grank (&gr, rz, rt);
  evtests_result *wx = next_test (cell);
  evtests_wilcoxon (w->x, gw->n, wx, next_test (cell));
}

/* The placebo test of a single pair: the history outside its estimation
 * window, the event period (the windows' span) and the tested days LO..HI,
 * tiled into windows of the cell's length. */
static void
run_placebo (const groupwork *gw, cellws *w, aggregate_cell *cell, int lo,
             int hi)
{
  const study_result *r = pair_result (gw->st, gw->g, 0);
  size_t L = (size_t) (hi - lo + 1);
  bool *ok = evs_xmalloc (r->nhist + 1);
  for (size_t i = 0; i < r->nhist; i++)
    {
      int k = (int) ((long) i - (long) r->hist_i0);
      ok[i] = i > 0 && !in_est (r, k) && !(k >= gw->slo && k <= gw->shi)
              && !(k >= lo && k <= hi);
    }
  size_t k, n;
  evtests_placebo (r->hist_ar, ok, r->nhist, L, w->x[0], &k, &n, next_test (cell));
  free (ok);
}

/* A 64-bit mix (splitmix64, Steele et al. 2014) of the seed, the group
 * and the cell: each cell's bootstrap draws its own stream, so that the
 * cells can run in any order on any number of threads. */
static unsigned long
cell_seed (unsigned long seed, size_t group, size_t cell)
{
  uint64_t z = (uint64_t) seed + 0x9e3779b97f4a7c15u * ((uint64_t) group * 65537u + cell + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return (unsigned long) (z ^ (z >> 31));
}

static void
run_bootstrap (const groupwork *gw, cellws *w, aggregate_cell *cell, size_t ci)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, cell_seed (gw->o->seed, gw->gi, ci));
  evtests_bootstrap (w->x, gw->n, gw->o->bootstrap, rng, next_test (cell));
  gsl_rng_free (rng);
}

/* --measure volatility: Beaver's Ubar of every pair over window WIN,
 * their mean, and the tests of evtests_u_t and evtests_u_sign appended
 * to the cell's battery (so that --adjust and the outputs treat them as
 * the others). */
static void
run_volatility (const groupwork *gw, cellws *w, aggregate_cell *cell, size_t win)
{
  size_t n = gw->n, k = 0, L = (size_t) (cell->w.b - cell->w.a + 1);
  double *ubar = evs_xmalloc (2 * (n ? n : 1) * sizeof *ubar), *dev = ubar + n, s = 0, p;
  for (size_t a = 0; a < n; a++)
    {
      const study_result *r = pair_result (gw->st, gw->g, a);
      ubar[a] = win < r->ncars ? study_car_u (r, &r->cars[win], &p) : NAN;
      w->df[a] = win < r->ncars ? r->cars[win].df : NAN;
      if (isfinite (ubar[a]))
        s += ubar[a], k++;
    }
  cell->u_mean = k ? s / (double) k : NAN;
  evtests_u_t (ubar, w->df, n, dev, next_test (cell));
  evtests_u_sign (ubar, w->df, n, L, &cell->u_share, &cell->u_expect, next_test (cell));
  free (ubar);
}

/* The tested days LO..HI and window index (-1 for a day) of cell CI. */
static aggregate_cell *
cell_at (const groupwork *gw, size_t ci, long *win, int *lo, int *hi)
{
  bool is_win = ci >= gw->g->ndays;
  aggregate_cell *cell = is_win ? &gw->g->wins[ci - gw->g->ndays] : &gw->g->days[ci];
  *win = is_win ? (long) (ci - gw->g->ndays) : -1;
  *lo = is_win ? cell->w.a : cell->day;
  *hi = is_win ? cell->w.b : cell->day;
  return cell;
}

/* Row A of the days outside the span (panel_uniform_cols): the scaled
 * estimation ARs, then the span's standardized ARs, ranked in period 0. */
static void
outside_row (void *ctx, size_t a, const double **v1, const double **v2,
             const float **r, size_t *m)
{
  const groupwork *gw = ctx;
  size_t Lb = period_len (&gw->per[0]);
  *v1 = gw->est.scaled + a * gw->me;
  *v2 = gw->ev0 + gw->n * Lb + a * Lb;
  *r = gw->base[1] + a * (gw->me + Lb);
  *m = gw->bM[1][a];
}

/* Item A: pair A's sign and rank transforms (add_raw, through
 * panel_plus1_sums) for every day outside the span, into the worker's
 * partial sums.  They are integers
 * and half-integers, exact in any order, so the partials add up to the
 * sums of a loop over the pairs. */
static void
outside_raw (void *ctx, size_t a, unsigned worker)
{
  groupwork *gw = ctx;
  size_t Lb = period_len (&gw->per[0]), mb = gw->me + Lb, m = mb + 1, D = gw->nout;
  double *part = gw->opart + (size_t) worker * D * 4 * m;
  const double *eraw = gw->ev0 + 2 * gw->n * Lb + a * D;
  const double *ev = gw->ev0 + a * Lb;
  for (size_t d = 0; d < D; d++)
    {
      double *ps = part + d * 4 * m;
      double *sum[2] = { ps, ps + 2 * m }, *cnt[2] = { ps + m, ps + 3 * m };
      panel_plus1_sums (&gw->est, a, ev, Lb, gw->base[0] + a * mb, gw->bM[0][a],
                        gw->bmid[4 * a], gw->bmid + 4 * a + 1, eraw[d], sum, cnt);
    }
}

/* The periods of the days outside the span, all at once: each is the
 * span plus the day (period_fill's transforms of it, the same numbers),
 * from period 0's ranks.  The extra day's standardized ARs are divided by
 * their cross-sectional sd as period_fill does. */
static void
outside_build (groupwork *gw)
{
  const aggregate_group *g = gw->g;
  gw->outidx = evs_xmalloc ((g->ndays ? g->ndays : 1) * sizeof *gw->outidx);
  size_t D = 0, n = gw->n;
  for (size_t d = 0; d < g->ndays; d++)
    gw->outidx[d] = g->days[d].day < gw->slo || g->days[d].day > gw->shi ? (long) D++ : -1;
  gw->nout = D;
  if (!D)
    return;
  size_t Lb = period_len (&gw->per[0]), mb = gw->me + Lb, m = mb + 1;
  gw->out = evs_xcalloc (D, sizeof *gw->out);
  /* Each pair's extra values, raw and standardized, after period 0's. */
  gw->ev0 = evs_xrealloc (gw->ev0, (2 * n * Lb + 2 * n * D) * sizeof *gw->ev0);
  double *eraw = gw->ev0 + 2 * n * Lb, *estd = eraw + n * D;
  for (size_t d = 0, j = 0; d < g->ndays; d++)
    {
      if (gw->outidx[d] < 0)
        continue;
      int k = g->days[d].day;
      period_init (&gw->out[j], gw->slo, gw->shi, true, k, gw->me);
      for (size_t a = 0; a < n; a++)
        {
          const study_result *r = pair_result (gw->st, gw->g, a);
          double se, v = ar_at (r, k, &se);
          bool ok = !in_est (r, k);
          eraw[a * D + j] = ok ? v : NAN;
          estd[a * D + j] = ok ? v / se : NAN;
        }
      double sd = cross_sd (estd + j, n, D);
      for (size_t a = 0; a < n; a++)
        estd[a * D + j] /= sd;
      j++;
    }
  gw->opart = evs_xcalloc ((size_t) gw->nws * D * 4 * m, sizeof *gw->opart);
  pool_for (n, gw->nws, outside_raw, gw);
  /* Over the estimation days and the span, the sign's sums and counts
   * are the workers' partials and period 0's counts; the rank's sums
   * period 0's moved by the partials (exact: half-integers). */
  for (size_t d = 0; d < D; d++)
    {
      period *pe = &gw->out[d];
      for (int tr = T_SIGN; tr <= T_RANK; tr++)
        for (size_t t = 0; t < mb; t++)
          {
            pe->cnt[tr][t] = gw->per[0].cnt[tr][t];
            if (tr == T_RANK)
              pe->sum[tr][t] = gw->per[0].sum[tr][t];
          }
    }
  for (size_t d = 0; d < D; d++)
    for (unsigned wk = 0; wk < gw->nws; wk++)
      {
        const double *ps = gw->opart + ((size_t) wk * D + d) * 4 * m;
        for (size_t t = 0; t < m; t++)
          {
            gw->out[d].sum[T_SIGN][t] += ps[t];
            gw->out[d].cnt[T_SIGN][t] += ps[m + t];
            gw->out[d].sum[T_RANK][t] += ps[2 * m + t];
            gw->out[d].cnt[T_RANK][t] += ps[3 * m + t];
          }
      }
  double *us = evs_xmalloc (2 * D * m * sizeof *us), *uc = us + D * m;
  panel_uniform_cols (n, mb, gw->me, D, outside_row, gw, estd, us, uc, gw->o->jobs);
  for (size_t d = 0; d < D; d++)
    {
      memcpy (gw->out[d].sum[T_UNIFORM], us + d * m, m * sizeof *us);
      memcpy (gw->out[d].cnt[T_UNIFORM], uc + d * m, m * sizeof *uc);
    }
  free (us);
}

/* Row A of GRANK (panel_uniform_cols): the scaled estimation ARs. */
static void
grank_row (void *ctx, size_t a, const double **v1, const double **v2,
           const float **r, size_t *m)
{
  const groupwork *gw = ctx;
  *v1 = *v2 = gw->est.scaled + a * gw->me;
  *r = gw->est.r0[1] + a * gw->me;
  *m = gw->est.nfin_s[a];
}

/* Item CI: cell CI's generalized SARs (SAR or SCAR divided by their
 * cross-sectional sd, Kolari and Pynnönen 2011) into column CI of G. */
static void
grank_g (void *ctx, size_t ci, unsigned worker)
{
  groupwork *gw = ctx;
  cellws *w = &gw->ws[worker];
  long win;
  int lo, hi;
  cell_at (gw, ci, &win, &lo, &hi);
  gather (gw, w, win, lo, hi);
  double sd = cross_sd (w->sx, gw->n, 1);
  size_t K = gw->g->ndays + gw->g->nwins;
  for (size_t a = 0; a < gw->n; a++)
    gw->gsum[a * K + ci] = w->sx[a] / sd;
}

/* GRANK columns of every cell: each pair's uniform ranks over its
 * estimation SARs and the cell's generalized SAR, one pass over the
 * panel for all cells. */
static void
grank_build (groupwork *gw)
{
  size_t K = gw->g->ndays + gw->g->nwins, m = gw->me + 1;
  double *G = evs_xmalloc ((gw->n * K + 1) * sizeof *G);
  gw->gsum = G;
  pool_for (K, gw->nws, grank_g, gw);
  gw->gsum = evs_xmalloc ((2 * K * m + 1) * sizeof *gw->gsum);
  gw->gcnt = gw->gsum + K * m;
  panel_uniform_cols (gw->n, gw->me, gw->me, K, grank_row, gw, G, gw->gsum,
                      gw->gcnt, gw->o->jobs);
  free (G);
}

/* Item CI: cell CI of the group, the days first, then the windows. */
static void
run_cell (void *ctx, size_t ci, unsigned worker)
{
  groupwork *gw = ctx;
  cellws *w = &gw->ws[worker];
  bool is_win = ci >= gw->g->ndays;
  aggregate_cell *cell = is_win ? &gw->g->wins[ci - gw->g->ndays] : &gw->g->days[ci];
  long win = is_win ? (long) (ci - gw->g->ndays) : -1;
  int lo = is_win ? cell->w.a : cell->day, hi = is_win ? cell->w.b : cell->day;
  /* A day outside the windows' span is ranked with the span and itself:
   * its own period (outside_build). */
  const period *pe = &gw->per[is_win ? 1 + (size_t) win : 0];
  if (!is_win && gw->outidx[ci] >= 0)
    pe = &gw->out[gw->outidx[ci]];
  size_t L = (size_t) (hi - lo + 1), c = 0;
  gather (gw, w, win, lo, hi);
  double s = 0;
  for (size_t a = 0; a < gw->n; a++)
    if (isfinite (w->x[a]))
      s += w->x[a], c++;
  cell->n = c;
  cell->mean = c ? s / (double) c : NAN;
  run_parametric (gw, w, cell, L);
  run_nonparametric (gw, w, cell, pe, ci, lo, hi);
  if (gw->o->bootstrap)
    run_bootstrap (gw, w, cell, ci);
  if (gw->n == 1)
    run_placebo (gw, w, cell, lo, hi);
  cell->u_mean = cell->u_share = cell->u_expect = NAN;
  if (is_win && gw->st->opts.measure == STUDY_VOLATILITY)
    run_volatility (gw, w, cell, (size_t) win);
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

/* The reported days of G that have data: --ar-days narrowed to the
 * first and last reported day of any of G's pairs (each pair's days are
 * consecutive, study.h), so that a range far wider than the data costs
 * nothing; the days left out are those where no pair has an AR.  False
 * when no pair reports a day. */
static bool
data_days (const evs_study *st, const aggregate_group *g, int *lo, int *hi)
{
  bool any = false;
  for (size_t a = 0; a < g->npairs; a++)
    {
      const study_result *r = pair_result (st, g, a);
      if (!r->ndays)
        continue;
      if (!any || r->days[0].day < *lo)
        *lo = r->days[0].day;
      if (!any || r->days[r->ndays - 1].day > *hi)
        *hi = r->days[r->ndays - 1].day;
      any = true;
    }
  return any;
}

/* The cells of G, empty, in the order they are reported. */
static void
make_cells (const evs_study *st, aggregate_group *g)
{
  const study_opts *so = &st->opts;
  int lo = 0, hi = -1;
  if (data_days (st, g, &lo, &hi))
    {
      lo = lo > so->ar.a ? lo : so->ar.a;
      hi = hi < so->ar.b ? hi : so->ar.b;
    }
  g->ndays = hi >= lo ? (size_t) (hi - lo + 1) : 0;
  g->days = evs_xcalloc (g->ndays, sizeof *g->days);
  for (size_t d = 0; d < g->ndays; d++)
    g->days[d].day = lo + (int) d;
  g->nwins = so->nwin;
  g->wins = evs_xcalloc (g->nwins, sizeof *g->wins);
  for (size_t k = 0; k < g->nwins; k++)
    {
      g->wins[k].is_window = true;
      g->wins[k].w = so->win[k];
    }
}

static void
groupwork_init (groupwork *gw, const evs_study *st, aggregate_group *g,
                const aggregate_opts *o, size_t gi)
{
  const study_opts *so = &st->opts;
  study_window span = study_span (so);
  memset (gw, 0, sizeof *gw);
  gw->st = st, gw->g = g, gw->o = o, gw->gi = gi, gw->n = g->npairs;
  gw->slo = span.a;
  gw->shi = span.b;
  estimation_span (gw);
  gw->var = evs_xmalloc (gw->n * sizeof *gw->var);
  gw->nper = 1 + so->nwin;
  gw->per = evs_xcalloc (gw->nper, sizeof *gw->per);
  period_init (&gw->per[0], gw->slo, gw->shi, false, 0, gw->me);
  for (size_t k = 0; k < so->nwin; k++)
    period_init (&gw->per[1 + k], so->win[k].a, so->win[k].b, false, 0, gw->me);
  size_t ncells = g->ndays + g->nwins;
  gw->nws = pool_workers (gw->n > ncells ? gw->n : ncells, o->jobs);
  gw->ws = evs_xcalloc (gw->nws, sizeof *gw->ws);
  for (unsigned j = 0; j < gw->nws; j++)
    cellws_init (&gw->ws[j], gw);
  size_t mb = gw->me + period_len (&gw->per[0]), n = gw->n ? gw->n : 1;
  for (int s = 0; s < 2; s++)
    {
      gw->base[s] = evs_xmalloc (n * mb * sizeof *gw->base[s]);
      gw->bM[s] = evs_xmalloc (n * sizeof *gw->bM[s]);
    }
  gw->bmid = evs_xmalloc (4 * n * sizeof *gw->bmid);
}

static void
groupwork_release (groupwork *gw)
{
  panel_release (&gw->est);
  for (size_t p = 0; p < gw->nper; p++)
    period_release (&gw->per[p]);
  free (gw->per);
  for (unsigned j = 0; j < gw->nws; j++)
    cellws_release (&gw->ws[j]);
  free (gw->ws);
  for (size_t d = 0; d < gw->nout; d++)
    period_release (&gw->out[d]);
  free (gw->out);
  free (gw->outidx);
  free (gw->opart);
  free (gw->ev0);
  free (gw->gsum);
  free (gw->var);
  for (int s = 0; s < 2; s++)
    {
      free (gw->base[s]);
      free (gw->bM[s]);
    }
  free (gw->bmid);
}

/* Every cell of group G (index GI).  The steps share nothing mutable but
 * their own items' slots, so the results do not depend on o->jobs. */
static void
run_group (const evs_study *st, aggregate_group *g, const aggregate_opts *o,
           size_t gi)
{
  make_cells (st, g);
  if (!g->npairs)
    return;
  groupwork gw;
  groupwork_init (&gw, st, g, o, gi);
  group_estimation (&gw);
  periods_build (&gw);
  outside_build (&gw);
  grank_build (&gw);
  pool_for (g->ndays + g->nwins, gw.nws, run_cell, &gw);
  adjust_group (g, o->adjust);
  groupwork_release (&gw);
}

int
aggregate_check (const evs_timeline *t, const aggregate_opts *o, evs_error *err)
{
  const char *by = o->group_by;
  if (by && strcasecmp (by, "ticker") && strcasecmp (by, "event")
      && strcasecmp (by, "company") && !events_extra (t, t->n ? &t->v[0] : NULL, by))
    return evs_fail (err, EVS_EUSAGE,
                     "invalid --group-by '%s': expected ticker, event, company "
                     "or a column of %s", by, t->source);
  return EVS_OK;
}

int
aggregate_build (const evs_study *st, const evs_timeline *t,
                 const aggregate_opts *o, aggregate_run *out, evs_error *err)
{
  memset (out, 0, sizeof *out);
  out->adjust = o->adjust;
  out->measure = st->opts.measure;
  int rc = aggregate_check (t, o, err);
  if (rc != EVS_OK)
    return rc;
  make_groups (st, t, o->group_by, out);
  for (size_t i = 0; i < out->n; i++)
    run_group (st, &out->g[i], o, i);
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
