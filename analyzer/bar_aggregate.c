/* bar_aggregate.c -- the intraday study across pairs (bar_aggregate.h).
 * The statistics are evtests.c's; this file gathers their inputs. */
#include <config.h>
#include "bar_aggregate.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/* ------------------------------------------------------------ ranks */

typedef struct kv {
  double v;
  size_t i;
} kv;

static int
kv_cmp (const void *a, const void *b)
{
  double x = ((const kv *) a)->v, y = ((const kv *) b)->v;
  return (x > y) - (x < y);
}

/* The order-preserving unsigned key of the finite double V: the sign bit
 * flipped for positives, every bit for negatives. */
static uint64_t
sort_key (double v)
{
  uint64_t k;
  memcpy (&k, &v, sizeof k);
  return k >> 63 ? ~k : k | (UINT64_C (1) << 63);
}

/* Sorts A[0..n) by value: an LSD radix sort on sort_key, eight passes of
 * a byte (those where every key has the same byte skipped).  qsort with a
 * comparison callback was most of a pair's reduction (0.5 ms for 4,000
 * residuals).  -0 and +0 end up next to each other, so that the caller's
 * tie groups (==) are those of a comparison sort. */
static void
sort_kv (kv *a, size_t n)
{
  if (n < 64)
    {
      qsort (a, n, sizeof *a, kv_cmp);
      return;
    }
  kv *buf = evs_xmalloc (n * sizeof *buf), *src = a, *dst = buf;
  uint64_t *kbuf = evs_xmalloc (2 * n * sizeof *kbuf), *ks = kbuf, *kd = kbuf + n;
  for (size_t i = 0; i < n; i++)
    ks[i] = sort_key (a[i].v);
  for (int pass = 0; pass < 8; pass++)
    {
      size_t cnt[257] = { 0 };
      int sh = 8 * pass;
      for (size_t i = 0; i < n; i++)
        cnt[((ks[i] >> sh) & 0xff) + 1]++;
      if (cnt[((ks[0] >> sh) & 0xff) + 1] == n)
        continue;
      for (int c = 0; c < 256; c++)
        cnt[c + 1] += cnt[c];
      for (size_t i = 0; i < n; i++)
        {
          size_t j = cnt[(ks[i] >> sh) & 0xff]++;
          dst[j] = src[i], kd[j] = ks[i];
        }
      kv *t = src;
      src = dst, dst = t;
      uint64_t *u = ks;
      ks = kd, kd = u;
    }
  if (src != a)
    memcpy (a, src, n * sizeof *a);
  free (buf);
  free (kbuf);
}

/* Mid-ranks (1-based, ties averaged) of the finite X[0..n) into RANK
 * (NaN elsewhere), KW workspace of N; *MED (if MED) the median of those
 * values.  Returns their number. */
static size_t
midranks (const double *x, size_t n, double *rank, kv *kw, double *med)
{
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    {
      rank[i] = NAN;
      if (isfinite (x[i]))
        kw[k++] = (kv) { x[i], i };
    }
  sort_kv (kw, k);
  for (size_t a = 0, b; a < k; a = b)
    {
      for (b = a + 1; b < k && kw[b].v == kw[a].v; b++)
        ;
      for (size_t j = a; j < b; j++)
        rank[kw[j].i] = (double) (a + b + 1) / 2.0;
    }
  if (med)
    *med = !k ? NAN : k % 2 ? kw[k / 2].v : (kw[k / 2 - 1].v + kw[k / 2].v) / 2.0;
  return k;
}

/* Sample sd (n - 1) of the finite X[0..n); NaN with fewer than 2. */
static double
cross_sd (const double *x, size_t n)
{
  double s = 0, ss = 0, c = 0;
  for (size_t i = 0; i < n; i++)
    if (isfinite (x[i]))
      s += x[i], c++;
  for (size_t i = 0; i < n; i++)
    if (isfinite (x[i]))
      ss += (x[i] - s / c) * (x[i] - s / c);
  return c > 1 ? sqrt (ss / (c - 1)) : NAN;
}

/* ---------------------------------------------------- per pair, in workers */

void
bar_agg_init (bar_agg *a, size_t npairs, unsigned nworkers, size_t cap)
{
  memset (a, 0, sizeof *a);
  a->npairs = npairs;
  a->pair = evs_xcalloc (npairs ? npairs : 1, sizeof *a->pair);
  a->nworkers = nworkers ? nworkers : 1;
  a->cols = evs_xcalloc (a->nworkers, sizeof *a->cols);
  a->cap = cap;
}

static void
cols_grow (bar_agg_cols *c, size_t need)
{
  if (need <= c->n)
    return;
  int64_t **v[] = { &c->rank2, &c->sign, &c->cnt };
  for (size_t q = 0; q < 3; q++)
    {
      *v[q] = evs_xrealloc (*v[q], need * sizeof **v[q]);
      memset (*v[q] + c->n, 0, (need - c->n) * sizeof **v[q]);
    }
  c->n = need;
}

/* Corrado (1989) ranks K_it and Corrado and Zivney (1992) signs
 * sign (AR_it - median_i) over the pair's estimation residuals and its
 * reported ARs, M_i of them: the estimation bars' into the worker's
 * columns as 2 K - (M + 1) (an integer, since mid-ranks are halves) and
 * the sign; the reported bars' kept in P. */
static void
reduce_ranks (bar_agg_cols *c, const bar_result *r, bar_agg_pair *p)
{
  size_t T = r->n_est, L = r->nars, n = T + L;
  double *x = evs_xmalloc ((n ? n : 1) * 2 * sizeof *x), *rk = x + n, med;
  kv *kw = evs_xmalloc ((n ? n : 1) * sizeof *kw);
  memcpy (x, r->est_ar, T * sizeof *x);
  for (size_t j = 0; j < L; j++)
    x[T + j] = r->ars[j].ar;
  double M = (double) midranks (x, n, rk, kw, &med);
  if (T)
    cols_grow (c, (size_t) -(long) r->est_rel[0]);
  for (size_t i = 0; i < T; i++)
    {
      size_t k = (size_t) (-(long) r->est_rel[i] - 1);
      c->rank2[k] += (int64_t) (2.0 * rk[i]) - (int64_t) (M + 1);
      c->sign[k] += (x[i] > med) - (x[i] < med);
      c->cnt[k]++;
    }
  p->rank = evs_xmalloc ((L ? L : 1) * sizeof *p->rank);
  p->sign = evs_xmalloc (L ? L : 1);
  for (size_t j = 0; j < L; j++)
    {
      p->rank[j] = rk[T + j] - (M + 1) / 2.0;
      p->sign[j] = (signed char) ((x[T + j] > med) - (x[T + j] < med));
    }
  free (x);
  free (kw);
}

void
bar_agg_reduce (bar_agg *a, unsigned worker, size_t slot, bar_result *r)
{
  bar_agg_pair *p = &a->pair[slot];
  if (!r->ok || !r->est_t)
    return;
  size_t T = r->n_est;
  p->T = T;
  for (size_t i = 0; i < T; i++)
    p->pos += r->est_ar[i] > 0;
  reduce_ranks (&a->cols[worker], r, p);
  /* The residuals themselves while the total stays under the cap; the
   * total is the same on every run, so whether the residual tests are
   * computed does not depend on --jobs. */
  size_t before = __atomic_fetch_add (&a->total, T, __ATOMIC_RELAXED);
  if (before + T <= a->cap)
    {
      p->nest = T;
      p->est_t = r->est_t, p->est_rel = r->est_rel;
      p->est_ar = r->est_ar, p->est_sar = r->est_sar;
    }
  else
    free (r->est_t);
  r->est_t = NULL, r->est_rel = NULL, r->est_ar = r->est_sar = NULL;
}

void
bar_agg_release (bar_agg *a)
{
  for (size_t i = 0; i < a->npairs; i++)
    {
      free (a->pair[i].rank);
      free (a->pair[i].sign);
      free (a->pair[i].est_t);
    }
  for (unsigned w = 0; w < a->nworkers; w++)
    {
      free (a->cols[w].rank2);
      free (a->cols[w].sign);
      free (a->cols[w].cnt);
    }
  free (a->pair);
  free (a->cols);
  memset (a, 0, sizeof *a);
}

/* ------------------------------------------------------ the aggregate */

/* What every row shares: the columns of the rank and sign tests (the
 * ME estimation bars -ME..-1, then the event bars LO..HI), phat, rbar,
 * and each kept pair's mid-ranks of its standardised residuals alone
 * (GRANK). */
typedef struct shared {
  const bar_result *res;
  const bar_agg *a;
  size_t nres, nok;
  long lo, hi;
  size_t me, m;
  double *col;               /* 5 m: rank sums, sign sums, counts, czrank
                                sums, czrank counts */
  bool kept;
  double phat, rbar;
  double **k0;               /* per result: GRANK's base ranks, or NULL */
  double *usum, *ucnt;       /* GRANK columns of one row (me + 1) */
} shared;

/* One row's per-pair values. */
typedef struct rowvals {
  size_t n;
  double *x, *sx, *csar, *df;
  size_t *idx;               /* the result of each */
} rowvals;

static evtests_cols
cols_of (const shared *sh, size_t q)
{
  return (evtests_cols) { sh->nok, sh->m, sh->col + q * sh->m,
                          sh->col + (q == 3 ? 4 : 2) * sh->m };
}

/* The estimation columns, from the workers' exact integer sums, and the
 * event columns, the pairs' kept values added in pair order. */
static void
build_rank_cols (shared *sh)
{
  const bar_agg *a = sh->a;
  double *rank = sh->col, *sign = rank + sh->m, *cnt = sign + sh->m;
  for (size_t t = 0; t < sh->me; t++)
    {
      size_t k = sh->me - t - 1;          /* column t is bar t - me */
      int64_t r2 = 0, sg = 0, c = 0;
      for (unsigned w = 0; w < a->nworkers; w++)
        if (k < a->cols[w].n)
          r2 += a->cols[w].rank2[k], sg += a->cols[w].sign[k], c += a->cols[w].cnt[k];
      rank[t] = (double) r2 / 2.0, sign[t] = (double) sg, cnt[t] = (double) c;
    }
  for (size_t i = 0; i < sh->nres; i++)
    {
      const bar_result *r = &sh->res[i];
      const bar_agg_pair *p = &a->pair[i];
      if (!r->ok || !p->rank)
        continue;
      for (size_t j = 0; j < r->nars; j++)
        {
          size_t t = sh->me + (size_t) (r->ars[j].rel - sh->lo);
          rank[t] += p->rank[j], sign[t] += p->sign[j], cnt[t]++;
        }
    }
}

/* Corrado and Zivney (1992) rank columns: each pair's uniform ranks
 * U = K / (M + 1) - 1/2 over its standardised residuals and its
 * reported bars' AR / se divided by that bar's cross-sectional sd (their
 * event-day variance adjustment). */
static void
build_czrank_cols (shared *sh)
{
  size_t nd = (size_t) (sh->hi - sh->lo + 1);
  double *sd = evs_xmalloc (nd * sizeof *sd), *v = evs_xmalloc ((sh->nres + 1) * sizeof *v);
  for (size_t d = 0; d < nd; d++)
    {
      size_t n = 0;
      for (size_t i = 0; i < sh->nres; i++)
        {
          const bar_result *r = &sh->res[i];
          if (!r->ok || !r->nars)
            continue;
          long j = (long) d + sh->lo - r->ars[0].rel;
          if (j >= 0 && j < (long) r->nars)
            v[n++] = r->ars[j].ar / r->ars[j].se;
        }
      sd[d] = cross_sd (v, n);
    }
  free (v);
  double *us = sh->col + 3 * sh->m, *uc = sh->col + 4 * sh->m;
  for (size_t i = 0; i < sh->nres; i++)
    {
      const bar_result *r = &sh->res[i];
      const bar_agg_pair *p = &sh->a->pair[i];
      if (!r->ok || !p->nest)
        continue;
      size_t T = p->nest, n = T + r->nars;
      double *x = evs_xmalloc (2 * n * sizeof *x), *rk = x + n;
      kv *kw = evs_xmalloc (n * sizeof *kw);
      memcpy (x, p->est_sar, T * sizeof *x);
      for (size_t j = 0; j < r->nars; j++)
        x[T + j] = r->ars[j].ar / r->ars[j].se / sd[r->ars[j].rel - sh->lo];
      double M = (double) midranks (x, n, rk, kw, NULL);
      for (size_t q = 0; q < n; q++)
        if (isfinite (rk[q]))
          {
            size_t t = q < T ? sh->me + (size_t) p->est_rel[q]
                             : sh->me + (size_t) (r->ars[q - T].rel - sh->lo);
            us[t] += rk[q] / (M + 1) - 0.5;
            uc[t]++;
          }
      free (x);
      free (kw);
    }
  free (sd);
}

static int
i64_cmp (const void *a, const void *b)
{
  int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
  return (x > y) - (x < y);
}

/* The pairs whose bar 0 begins at the same instant as another's (as
 * evtests_kp_rbar counts them, but without the residuals). */
static size_t
count_clustered (const bar_result *res, size_t nres)
{
  int64_t *t = evs_xmalloc ((nres ? nres : 1) * sizeof *t);
  size_t n = 0, c = 0;
  for (size_t i = 0; i < nres; i++)
    if (res[i].ok)
      t[n++] = res[i].t0;
  qsort (t, n, sizeof *t, i64_cmp);
  for (size_t i = 0; i < n; i++)
    c += (i > 0 && t[i - 1] == t[i]) || (i + 1 < n && t[i + 1] == t[i]);
  free (t);
  return c;
}

/* Kolari and Pynnonen (2010) rbar of the kept pairs (evtests_kp_rbar):
 * pairs share their "day 0" when their bar 0 begins at the same instant;
 * times in seconds from the earliest residual's. */
static double
kp_rbar (const shared *sh, size_t *clustered)
{
  int64_t base = INT64_MAX;
  size_t n = 0, tot = 0;
  for (size_t i = 0; i < sh->nres; i++)
    if (sh->res[i].ok && sh->a->pair[i].nest)
      {
        base = sh->a->pair[i].est_t[0] < base ? sh->a->pair[i].est_t[0] : base;
        n++, tot += sh->a->pair[i].nest;
      }
  evtests_kp_pair *kp = evs_xmalloc ((n ? n : 1) * sizeof *kp);
  int32_t *dates = evs_xmalloc ((tot ? tot : 1) * sizeof *dates), *d = dates;
  n = 0;
  for (size_t i = 0; i < sh->nres; i++)
    {
      const bar_agg_pair *p = &sh->a->pair[i];
      if (!sh->res[i].ok || !p->nest)
        continue;
      for (size_t t = 0; t < p->nest; t++)
        d[t] = (int32_t) (p->est_t[t] - base);
      kp[n++] = (evtests_kp_pair) { (int32_t) (sh->res[i].t0 - base), p->nest, d, p->est_ar };
      d += p->nest;
    }
  double rbar = evtests_kp_rbar (kp, n, clustered);
  free (kp);
  free (dates);
  return rbar;
}

/* GRANK (Kolari and Pynnonen 2011) of one row: each pair's uniform
 * ranks over its T standardised residuals and its generalized SAR, the
 * row's SAR or SCAR over their cross-sectional sd; the residual's rank
 * among the T + 1 is its rank among the T (K0) plus 1 if above the
 * GSAR, 1/2 if equal. */
static void
row_grank (shared *sh, const rowvals *v, bar_agg_row *row)
{
  if (!sh->kept)
    {
      evtests_grank (&(evtests_cols) { 0, 0, NULL, NULL }, &row->grank_z, &row->grank_t);
      row->grank_t.df = NAN;
      return;
    }
  size_t m = sh->me + 1;
  double sd = cross_sd (v->sx, v->n);
  memset (sh->usum, 0, m * sizeof *sh->usum);
  memset (sh->ucnt, 0, m * sizeof *sh->ucnt);
  for (size_t a = 0; a < v->n; a++)
    {
      const bar_agg_pair *p = &sh->a->pair[v->idx[a]];
      const double *k0 = sh->k0[v->idx[a]];
      double g = v->sx[a] / sd, M1 = (double) p->nest + 2.0, below = 0, eq = 0;
      if (!k0 || !isfinite (g))
        continue;
      for (size_t t = 0; t < p->nest; t++)
        {
          double x = p->est_sar[t];
          double K = k0[t] + (x > g) + 0.5 * (x == g);
          below += x < g, eq += x == g;
          size_t c = sh->me + (size_t) p->est_rel[t];
          sh->usum[c] += K / M1 - 0.5;
          sh->ucnt[c]++;
        }
      sh->usum[sh->me] += (below + (eq + 2.0) / 2.0) / M1 - 0.5;
      sh->ucnt[sh->me]++;
    }
  evtests_grank (&(evtests_cols) { v->n, m, sh->usum, sh->ucnt }, &row->grank_z,
                 &row->grank_t);
  if (!isfinite (row->grank_t.stat))
    row->grank_t.df = NAN;     /* no GSAR (one pair): no df either */
}

/* The battery of one row on its values V, columns C0..C1. */
static void
test_row (shared *sh, bar_agg_row *r, const rowvals *v, size_t c0, size_t c1)
{
  size_t n = v->n;
  double s = 0;
  for (size_t i = 0; i < n; i++)
    s += v->x[i];
  r->n = n;
  r->mean = n ? s / (double) n : NAN;
  /* t = mean / (sd / sqrt N), N - 1 df (Brown & Warner 1985) */
  evtests_cs_t (v->x, n, &r->t);
  /* Patell (1976): each pair's CSAR / sqrt(L_i), so that pairs with
   * different bar counts in a clock window weigh alike; len 1 */
  evtests_patell (v->csar, v->df, 1, n, &r->patell);
  evtests_kp_patell (&r->patell, n, sh->rbar, &r->patell_kp);
  /* BMP (1991, eq. 5): the cross-sectional t of the standardised values */
  evtests_bmp (v->sx, n, &r->bmp);
  evtests_kp_bmp (&r->bmp, n, sh->rbar, &r->bmp_kp);
  evtests_skew_t (v->x, n, &r->skew_t);
  evtests_hall_t (v->x, n, &r->hall_t);
  evtests_sign (v->x, n, &r->sign, &r->sign_z);
  evtests_gsign (v->x, n, sh->phat, &r->gsign);
  evtests_cols sg = cols_of (sh, 1), rk = cols_of (sh, 0), cz = cols_of (sh, 3);
  evtests_csign (&sg, c0, c1, &r->csign);
  evtests_rank (&rk, c0, c1, &r->rank);
  evtests_czrank (&cz, c0, c1, &r->czrank);   /* NaN when not kept: no counts */
  row_grank (sh, v, r);
  evtests_wilcoxon (v->x, n, &r->wilcoxon, &r->wilcoxon_z);
}

/* Row W's values: each pair's CAR, SCAR = CAR / se, and CSAR / sqrt(L)
 * over its ARs in the window; *C0, *C1 the columns from the earliest
 * first to the latest last bar. */
static void
window_vals (const shared *sh, size_t w, rowvals *v, size_t *c0, size_t *c1)
{
  long first = LONG_MAX, last = LONG_MIN;
  v->n = 0;
  for (size_t i = 0; i < sh->nres; i++)
    {
      const bar_result *r = &sh->res[i];
      if (!r->ok || w >= r->ncars || !r->cars[w].L)
        continue;
      const bar_car *c = &r->cars[w];
      double cs = 0;
      for (size_t j = 0; j < r->nars; j++)
        if (r->ars[j].rel >= c->first && r->ars[j].rel <= c->last)
          cs += r->ars[j].ar / r->ars[j].se;
      first = c->first < first ? c->first : first;
      last = c->last > last ? c->last : last;
      v->x[v->n] = c->car, v->sx[v->n] = c->car / c->se;
      v->csar[v->n] = cs / sqrt ((double) c->L), v->df[v->n] = r->fit.df;
      v->idx[v->n++] = i;
    }
  *c0 = first <= last ? sh->me + (size_t) (first - sh->lo) : 0;
  *c1 = first <= last ? sh->me + (size_t) (last - sh->lo) : 0;
}

size_t
bar_aggregate (const bar_study_opts *o, const bar_result *res, size_t nres,
               const bar_agg *a, bar_agg_row **rows, bar_agg_info *info)
{
  shared sh;
  memset (&sh, 0, sizeof sh);
  sh.res = res, sh.nres = nres, sh.a = a;
  sh.lo = LONG_MAX, sh.hi = LONG_MIN;
  size_t pos = 0, all = 0;
  for (size_t i = 0; i < nres; i++)
    {
      if (!res[i].ok)
        continue;
      sh.nok++;
      if (res[i].nars)
        {
          sh.lo = res[i].ars[0].rel < sh.lo ? res[i].ars[0].rel : sh.lo;
          sh.hi = res[i].ars[res[i].nars - 1].rel > sh.hi ? res[i].ars[res[i].nars - 1].rel : sh.hi;
        }
      if (a)
        pos += a->pair[i].pos, all += a->pair[i].T;
    }
  size_t ndays = sh.lo <= sh.hi ? (size_t) (sh.hi - sh.lo + 1) : 0;
  for (unsigned w = 0; a && w < a->nworkers; w++)
    sh.me = a->cols[w].n > sh.me ? a->cols[w].n : sh.me;
  sh.m = sh.me + ndays;
  sh.col = evs_xcalloc (5 * sh.m + 1, sizeof *sh.col);
  /* Cowan (1992): phat, the share of positive estimation residuals */
  sh.phat = all ? (double) pos / (double) all : NAN;
  sh.kept = a && a->total && a->total <= a->cap;
  sh.rbar = NAN;
  size_t clustered = count_clustered (res, nres);
  if (a)
    build_rank_cols (&sh);
  sh.k0 = evs_xcalloc (nres + 1, sizeof *sh.k0);
  if (sh.kept)
    {
      if (ndays)
        build_czrank_cols (&sh);
      size_t kc;
      sh.rbar = kp_rbar (&sh, &kc);
      for (size_t i = 0; i < nres; i++)
        if (res[i].ok && a->pair[i].nest)
          {
            size_t T = a->pair[i].nest;
            kv *kw = evs_xmalloc (T * sizeof *kw);
            sh.k0[i] = evs_xmalloc (T * sizeof **sh.k0);
            midranks (a->pair[i].est_sar, T, sh.k0[i], kw, NULL);
            free (kw);
          }
      sh.usum = evs_xmalloc (2 * (sh.me + 1) * sizeof *sh.usum);
      sh.ucnt = sh.usum + sh.me + 1;
    }
  bar_agg_row *v = evs_xcalloc (o->nwindows + ndays + 1, sizeof *v);
  size_t sz = nres ? nres : 1;
  rowvals rv = { 0, evs_xmalloc (4 * sz * sizeof *rv.x), NULL, NULL, NULL,
                 evs_xmalloc (sz * sizeof *rv.idx) };
  rv.sx = rv.x + sz, rv.csar = rv.x + 2 * sz, rv.df = rv.x + 3 * sz;
  size_t nr = 0, c0, c1;
  for (size_t w = 0; w < o->nwindows; w++)
    {
      window_vals (&sh, w, &rv, &c0, &c1);
      v[nr].w = &o->windows[w];
      test_row (&sh, &v[nr++], &rv, c0, c1);
    }
  /* ARs are in ascending relative bar per pair, contiguous */
  for (size_t d = 0; d < ndays; d++)
    {
      long rel = sh.lo + (long) d;
      rv.n = 0;
      for (size_t i = 0; i < nres; i++)
        {
          const bar_result *r = &res[i];
          long j = r->ok && r->nars ? rel - r->ars[0].rel : -1;
          if (j < 0 || j >= (long) r->nars)
            continue;
          const bar_ar *x = &r->ars[j];
          rv.x[rv.n] = x->ar, rv.sx[rv.n] = rv.csar[rv.n] = x->ar / x->se;
          rv.df[rv.n] = r->fit.df;
          rv.idx[rv.n++] = i;
        }
      v[nr].day = rel;
      test_row (&sh, &v[nr++], &rv, sh.me + d, sh.me + d);
    }
  if (info)
    *info = (bar_agg_info) { sh.kept, a ? a->total : 0, clustered, sh.rbar };
  for (size_t i = 0; i < nres; i++)
    free (sh.k0[i]);
  free (sh.k0);
  free (sh.usum);
  free (sh.col);
  free (rv.x);
  free (rv.idx);
  *rows = v;
  return nr;
}
