/* panel.c -- mid-ranks of AR panel rows by merging (see panel.h). */
#include <config.h>
#include "panel.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "pool.h"

typedef struct panel_key {
  double v;
  uint32_t col;
} panel_key;

/* Sorts K[0..n) by value, TMP workspace of n: insertion sort of runs of
 * 16, then bottom-up merges.  Written out rather than qsort, whose calls
 * through a comparison pointer and byte-wise moves were a tenth of a
 * large run; the order of equal values is irrelevant to mid-ranks. */
static void
sort_keys (panel_key *k, panel_key *tmp, size_t n)
{
  enum { RUN = 16 };
  for (size_t lo = 0; lo < n; lo += RUN)
    {
      size_t hi = lo + RUN < n ? lo + RUN : n;
      for (size_t i = lo + 1; i < hi; i++)
        {
          panel_key x = k[i];
          size_t j = i;
          for (; j > lo && k[j - 1].v > x.v; j--)
            k[j] = k[j - 1];
          k[j] = x;
        }
    }
  panel_key *src = k, *dst = tmp;
  for (size_t w = RUN; w < n; w *= 2)
    {
      for (size_t lo = 0; lo < n; lo += 2 * w)
        {
          size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
          size_t a = lo, b = mid, o = lo;
          while (a < mid && b < hi)
            dst[o++] = src[b].v < src[a].v ? src[b++] : src[a++];
          while (a < mid)
            dst[o++] = src[a++];
          while (b < hi)
            dst[o++] = src[b++];
        }
      panel_key *t = src;
      src = dst, dst = t;
    }
  if (src != k)
    memcpy (k, src, n * sizeof *k);
}

void
panel_init (panel *p, size_t n, size_t m_est)
{
  size_t cells = (n ? n : 1) * (m_est ? m_est : 1);
  p->n = n;
  p->m_est = m_est;
  p->est = evs_xmalloc (cells * sizeof *p->est);
  p->scaled = evs_xmalloc (cells * sizeof *p->scaled);
  p->order = evs_xmalloc (cells * sizeof *p->order);
  p->nfin = evs_xcalloc (n ? n : 1, sizeof *p->nfin);
  p->nfin_s = evs_xcalloc (n ? n : 1, sizeof *p->nfin_s);
  for (int s = 0; s < 2; s++)
    p->r0[s] = evs_xmalloc (cells * sizeof *p->r0[s]);
  for (size_t k = 0; k < n * m_est; k++)
    p->est[k] = NAN;
}

void
panel_release (panel *p)
{
  free (p->est);
  free (p->scaled);
  free (p->order);
  free (p->nfin);
  free (p->nfin_s);
  free (p->r0[0]);
  free (p->r0[1]);
}

double *
panel_row (panel *p, size_t i)
{
  return p->est + i * p->m_est;
}

void
panel_ws_init (panel_ws *ws, size_t m_est, size_t lmax)
{
  size_t m = m_est + lmax + 1;
  ws->m_est = m_est;
  ws->lmax = lmax;
  ws->val = evs_xmalloc (m * sizeof *ws->val);
  ws->src = evs_xmalloc (m * sizeof *ws->src);
  ws->key = evs_xmalloc (m * sizeof *ws->key);
  ws->tmp = evs_xmalloc (m * sizeof *ws->tmp);
  ws->utab = evs_xmalloc ((2 * (m + 1) + 1) * sizeof *ws->utab);
  ws->utab_m1 = 0;
}

const double *
panel_utab (panel_ws *ws, size_t m1)
{
  if (ws->utab_m1 != m1)
    {
      for (size_t j = 0; j <= 2 * m1; j++)
        ws->utab[j] = ((double) j / 2.0) / (double) m1 - 0.5;
      ws->utab_m1 = m1;
    }
  return ws->utab;
}

void
panel_ws_release (panel_ws *ws)
{
  free (ws->val);
  free (ws->src);
  free (ws->key);
  free (ws->tmp);
  free (ws->utab);
}

/* Mid-ranks of the K sorted keys into R (by column), NaN elsewhere. */
static void
mid_ranks (const panel_key *key, size_t k, size_t m, float *r)
{
  for (size_t t = 0; t < m; t++)
    r[t] = NAN;
  for (size_t a = 0, b; a < k; a = b)
    {
      for (b = a + 1; b < k && key[b].v == key[a].v; b++)
        ;
      for (size_t j = a; j < b; j++)
        r[key[j].col] = (float) ((double) (a + b + 1) / 2.0);
    }
}

void
panel_sort_row (panel *p, size_t i, double scale, panel_ws *ws)
{
  const double *x = panel_row (p, i);
  double *xs = p->scaled + i * p->m_est;
  for (size_t t = 0; t < p->m_est; t++)
    xs[t] = x[t] / scale;
  size_t k = 0;
  for (size_t t = 0; t < p->m_est; t++)
    if (isfinite (x[t]))
      ws->key[k++] = (panel_key) { x[t], (uint32_t) t };
  sort_keys (ws->key, ws->tmp, k);
  for (size_t j = 0; j < k; j++)
    p->order[i * p->m_est + j] = ws->key[j].col;
  p->nfin[i] = k;
  mid_ranks (ws->key, k, p->m_est, p->r0[0] + i * p->m_est);
  /* The scaled values in order: a division by a positive finite SCALE
   * keeps the order (it may make values equal, or infinite at the ends),
   * so the ARs' order serves; any other SCALE (0 makes NaNs anywhere)
   * sorts them on their own. */
  size_t nx = k;
  k = 0;
  if (scale > 0 && isfinite (scale))
    {
      for (size_t j = 0; j < nx; j++)
        if (isfinite (xs[ws->key[j].col]))
          ws->key[k++] = (panel_key) { xs[ws->key[j].col], ws->key[j].col };
    }
  else
    {
      for (size_t t = 0; t < p->m_est; t++)
        if (isfinite (xs[t]))
          ws->key[k++] = (panel_key) { xs[t], (uint32_t) t };
      sort_keys (ws->key, ws->tmp, k);
    }
  p->nfin_s[i] = k;
  mid_ranks (ws->key, k, p->m_est, p->r0[1] + i * p->m_est);
}

/* Sorts the finite event values EV[0..L) into ws->key; returns their
 * number.  Columns are numbered after the estimation days. */
static size_t
sort_event (const double *ev, size_t L, size_t m_est, panel_ws *ws)
{
  size_t g = 0;
  for (size_t t = 0; t < L; t++)
    if (isfinite (ev[t]))
      ws->key[g++] = (panel_key) { ev[t], (uint32_t) (m_est + t) };
  sort_keys (ws->key, ws->tmp, g);
  return g;
}

/* Row I's estimation values, the ARs or the scaled ones. */
static const double *
values (const panel *p, size_t i, bool scaled)
{
  return (scaled ? p->scaled : p->est) + i * p->m_est;
}

/* Merges row I's sorted estimation values (the scaled ones that are not
 * finite dropped, which happens only at the ends of the order) with the
 * G sorted event values into ws->val and ws->src. */
static size_t
merge (const panel *p, size_t i, bool scaled, size_t g, panel_ws *ws)
{
  const double *x = values (p, i, scaled);
  const uint32_t *ord = p->order + i * p->m_est;
  size_t f = p->nfin[i], a = 0, b = 0, k = 0;
  while (a < f || b < g)
    {
      double va = a < f ? x[ord[a]] : NAN;
      if (a < f && !isfinite (va))
        {
          a++;
          continue;
        }
      if (a < f && (b == g || va <= ws->key[b].v))
        {
          ws->val[k] = va;
          ws->src[k++] = ord[a++];
        }
      else
        {
          ws->val[k] = ws->key[b].v;
          ws->src[k++] = ws->key[b++].col;
        }
    }
  return k;
}

size_t
panel_ranks_mid (const panel *p, size_t i, bool scaled, const double *ev, size_t L,
                 double *rank, double *median, double mid[3], panel_ws *ws)
{
  for (size_t t = 0; t < p->m_est + L; t++)
    rank[t] = NAN;
  size_t k = merge (p, i, scaled, sort_event (ev, L, p->m_est, ws), ws);
  for (size_t a = 0, b; a < k; a = b)
    {
      for (b = a + 1; b < k && ws->val[b] == ws->val[a]; b++)
        ;
      for (size_t j = a; j < b; j++)
        rank[ws->src[j]] = (double) (a + b + 1) / 2.0;
    }
  if (median)
    *median = !k ? NAN : k % 2 ? ws->val[k / 2]
                               : (ws->val[k / 2 - 1] + ws->val[k / 2]) / 2.0;
  if (mid)
    for (size_t j = 0; j < 3; j++)
      {
        size_t h = (k + 1) / 2 + j;     /* S[h - 2] */
        mid[j] = h < 2 ? -INFINITY : h - 2 >= k ? INFINITY : ws->val[h - 2];
      }
  return k;
}

size_t
panel_ranks (const panel *p, size_t i, bool scaled, const double *ev, size_t L,
             double *rank, double *median, panel_ws *ws)
{
  return panel_ranks_mid (p, i, scaled, ev, L, rank, median, NULL, ws);
}

/* The H-th smallest (0-based) of the union of row I's F sorted finite
 * ARs and the G sorted values B: the candidate with as many values at or
 * below it and at or above it as the H-th has. */
static double
select_few (const double *x, const uint32_t *ord, size_t f, const double *b,
            size_t g, size_t h)
{
  for (size_t i = 0; i <= g && i <= h; i++)
    {
      size_t q = h - i;         /* A's values before the candidate */
      if (q < f && (i == 0 || b[i - 1] <= x[ord[q]]) && (i == g || x[ord[q]] <= b[i]))
        return x[ord[q]];
      if (i < g && q <= f && (q == 0 || x[ord[q - 1]] <= b[i]) && (q == f || b[i] <= x[ord[q]]))
        return b[i];
    }
  return NAN;   /* not reached: h < f + g */
}

size_t
panel_ranks_few (const panel *p, size_t i, bool scaled, const double *ev, size_t L,
                 double *rank, double *median)
{
  const double *x = values (p, i, scaled);
  const float *r0 = p->r0[scaled] + i * p->m_est;
  size_t m = p->m_est, f = scaled ? p->nfin_s[i] : p->nfin[i], g = 0;
  double e[PANEL_FEW], b[PANEL_FEW];
  size_t less[PANEL_FEW] = { 0 }, eq[PANEL_FEW] = { 0 };
  for (size_t j = 0; j < L; j++)
    {
      e[j] = isfinite (ev[j]) ? ev[j] : NAN;    /* not ranked: compares false */
      if (isfinite (ev[j]))
        {
          size_t q = g++;       /* insertion into the sorted B */
          for (; q > 0 && b[q - 1] > ev[j]; q--)
            b[q] = b[q - 1];
          b[q] = ev[j];
        }
    }
  for (size_t t = 0; t < m; t++)
    {
      if (!isfinite (r0[t]))
        {
          rank[t] = NAN;
          continue;
        }
      double v = x[t], r = (double) r0[t];
      for (size_t j = 0; j < L; j++)
        {
          r += (double) (e[j] < v) + 0.5 * (double) (e[j] == v);
          less[j] += v < e[j];
          eq[j] += v == e[j];
        }
      rank[t] = r;
    }
  for (size_t j = 0; j < L; j++)
    {
      if (!isfinite (e[j]))
        {
          rank[m + j] = NAN;
          continue;
        }
      size_t lb = 0, qb = 0;    /* among the event values, itself included */
      for (size_t q = 0; q < L; q++)
        lb += e[q] < e[j], qb += e[q] == e[j];
      rank[m + j] = (double) (2 * (less[j] + lb) + eq[j] + qb + 1) / 2.0;
    }
  size_t k = f + g;
  if (median)
    {
      const uint32_t *ord = p->order + i * m;
      *median = !k ? NAN : k % 2 ? select_few (x, ord, f, b, g, k / 2)
                                 : (select_few (x, ord, f, b, g, k / 2 - 1)
                                    + select_few (x, ord, f, b, g, k / 2)) / 2.0;
    }
  return k;
}

/* The J-th smallest (0-based) of the base values S and E is
 * min (S[J], max (S[J - 1], E)); MID holds S[H - 2..H]. */
static double
union_at (const double mid[3], size_t h, size_t j, double e)
{
  double lo = mid[j + 2 - h - 1], hi = mid[j + 2 - h];
  double m = lo > e ? lo : e;
  return hi < m ? hi : m;
}

size_t
panel_ranks_plus1 (const panel *p, size_t i, bool scaled, const double *ev,
                   size_t L, const float *base, size_t M, double base_median,
                   const double mid[3], double e, double *rank, double *median)
{
  const double *x = values (p, i, scaled);
  size_t m = p->m_est, less = 0, eq = 0;
  /* A value's rank rises by 1 for E below it, by 1/2 for E equal to it
   * (a tie group one longer); comparisons with a NaN E are false. */
  for (size_t t = 0; t < m + L; t++)
    {
      double v = t < m ? x[t] : ev[t - m];
      rank[t] = (double) base[t] + (double) (e < v) + 0.5 * (double) (e == v);
      less += v < e && isfinite (base[t]);
      eq += v == e && isfinite (base[t]);
    }
  if (!isfinite (e))
    {
      rank[m + L] = NAN;
      if (median)
        *median = base_median;
      return M;
    }
  rank[m + L] = (double) (2 * less + eq + 2) / 2.0;
  size_t k = M + 1, h = (M + 1) / 2;   /* k / 2 == h */
  if (median)
    *median = k % 2 ? union_at (mid, h, h, e)
                    : (union_at (mid, h, h - 1, e) + union_at (mid, h, h, e)) / 2.0;
  return k;
}

void
panel_plus1_sums (const panel *p, size_t i, const double *ev, size_t L,
                  const float *base, size_t M, double base_median,
                  const double mid[3], double e, double *sum[2], double *cnt[2])
{
  const double *x = values (p, i, false);
  size_t m = p->m_est, less = 0, eq = 0, k = M, h = (M + 1) / 2;
  double med = base_median;
  if (isfinite (e))     /* panel_ranks_plus1's median and count */
    {
      k = M + 1;
      med = k % 2 ? union_at (mid, h, h, e)
                  : (union_at (mid, h, h - 1, e) + union_at (mid, h, h, e)) / 2.0;
    }
  double half = ((double) k + 1.0) / 2.0;
  /* The rank transform moves by (e < v) + (e == v) / 2 - (k - M) / 2; a
   * value is ranked in the base when it is finite (v's sign counts then
   * too), so a NaN rank selects 0 and nothing moves. */
  double dk = 0.5 * (double) (k - M), *s0 = sum[0], *s1 = sum[1];
  for (size_t t = 0; t < m + L; t++)
    {
      double v = t < m ? x[t] : ev[t - m];
      bool ok = base[t] == base[t];
      double g = (double) ((v > med) - (v < med));
      double dr = (double) (e < v) + 0.5 * (double) (e == v) - dk;
      s0[t] += ok ? g : 0.0;
      s1[t] += ok ? dr : 0.0;
      less += ok & (v < e);
      eq += ok & (v == e);
    }
  if (isfinite (e))
    {
      sum[0][m + L] += (double) ((e > med) - (e < med)), cnt[0][m + L]++;
      sum[1][m + L] += (double) (2 * less + eq + 2) / 2.0 - half, cnt[1][m + L]++;
    }
}

void
panel_add_uniform1 (const panel *p, size_t i, bool scaled, double g,
                    double *sum, double *cnt, panel_ws *ws)
{
  /* Column by column from the row's own mid-ranks: each column gets one
   * addition a row, so the sums are those of the merged ranks; twice a
   * rank indexes the table of its U. */
  const double *x = values (p, i, scaled);
  const float *r0 = p->r0[scaled] + i * p->m_est;
  size_t m = p->m_est, less = 0, eq = 0;
  bool has_g = isfinite (g);
  const double *u = panel_utab (ws, (scaled ? p->nfin_s[i] : p->nfin[i]) + has_g + 1);
  for (size_t t = 0; t < m; t++)
    if (isfinite (r0[t]))
      {
        double v = x[t];
        size_t j = (size_t) (2.0f * r0[t]) + 2 * (size_t) (g < v) + (size_t) (g == v);
        sum[t] += u[j];
        cnt[t]++;
        less += v < g;
        eq += v == g;
      }
  if (has_g)
    {
      sum[m] += u[2 * less + eq + 2];
      cnt[m]++;
    }
}

/* ------------------------------------------------- panel_uniform_cols */

typedef struct ucols {
  size_t n, c, c1, k, nb;
  panel_row_fn *row;
  void *ctx;
  const double *e;
  double **tab;             /* tab[M1]: U of 2 K' = 0..2 M1, or NULL */
  double *sum, *cnt;        /* t-major: sum[t * k + j], cnt[t] */
  uint32_t *up;             /* per block: [b][a * k + j], sum of 2 (e < v) + (e == v) */
} ucols;

/* Item B: columns [B c / nb, (B + 1) c / nb) of every row, in row order;
 * and the block's sum of how far each E moves the row's ranks up,
 * 2 (e < v) + (e == v) (E's own rank is what is left: with M finite
 * values, 2 less + eq = 2 M - that sum). */
static void
ucols_block (void *ctx, size_t b, unsigned worker)
{
  (void) worker;
  ucols *u = ctx;
  size_t k = u->k, t0 = b * u->c / u->nb, t1 = (b + 1) * u->c / u->nb;
  const double **tk = evs_xmalloc ((k ? k : 1) * sizeof *tk);
  double *ek = evs_xmalloc ((k ? k : 1) * sizeof *ek);
  uint32_t *up = u->up + b * u->n * k;
  for (size_t a = 0; a < u->n; a++)
    {
      const double *v1, *v2;
      const float *r;
      size_t m;
      u->row (u->ctx, a, &v1, &v2, &r, &m);
      uint32_t *ua = up + a * k;
      for (size_t j = 0; j < k; j++)
        {
          ek[j] = u->e[a * k + j];
          tk[j] = u->tab[m + 1 + (size_t) isfinite (ek[j])];
          ua[j] = 0;
        }
      for (size_t t = t0; t < t1; t++)
        {
          float rt = r[t];
          if (!isfinite (rt))
            continue;
          double v = t < u->c1 ? v1[t] : v2[t - u->c1], *s = u->sum + t * k;
          size_t r2 = (size_t) (2.0f * rt);
          u->cnt[t]++;
          /* A comparison with a NaN E is false: its rank is the row's. */
          for (size_t j = 0; j < k; j++)
            {
              uint32_t d = 2 * (uint32_t) (ek[j] < v) + (uint32_t) (ek[j] == v);
              s[j] += tk[j][r2 + d];
              ua[j] += d;
            }
        }
    }
  free (tk);
  free (ek);
}

static double *
utab_new (size_t m1)
{
  double *u = evs_xmalloc ((2 * m1 + 1) * sizeof *u);
  for (size_t j = 0; j <= 2 * m1; j++)
    u[j] = ((double) j / 2.0) / (double) m1 - 0.5;    /* as panel_utab */
  return u;
}

void
panel_uniform_cols (size_t n, size_t c, size_t c1, size_t k, panel_row_fn *row,
                    void *ctx, const double *e, double *sum, double *cnt,
                    unsigned jobs)
{
  size_t c2 = c + 1;
  memset (sum, 0, k * c2 * sizeof *sum);
  memset (cnt, 0, k * c2 * sizeof *cnt);
  if (!n || !k)
    return;
  ucols u = { n, c, c1, k, 0, row, ctx, e, NULL, NULL, NULL, NULL };
  /* The tables of every M1 = M + 1 and M + 2 the rows need, built before
   * the threads start (M <= C). */
  u.tab = evs_xcalloc (c + 3, sizeof *u.tab);
  for (size_t a = 0; a < n; a++)
    {
      const double *v1, *v2;
      const float *r;
      size_t m;
      row (ctx, a, &v1, &v2, &r, &m);
      for (size_t m1 = m + 1; m1 <= m + 2; m1++)
        if (!u.tab[m1])
          u.tab[m1] = utab_new (m1);
    }
  unsigned w = pool_workers (c, jobs);
  u.nb = c < 2 * (size_t) w ? (c ? c : 1) : 2 * (size_t) w;
  u.sum = evs_xcalloc ((c ? c : 1) * k, sizeof *u.sum);
  u.cnt = evs_xcalloc (c ? c : 1, sizeof *u.cnt);
  u.up = evs_xmalloc (u.nb * n * k * sizeof *u.up);
  pool_for (u.nb, w, ucols_block, &u);
  for (size_t j = 0; j < k; j++)
    for (size_t t = 0; t < c; t++)
      {
        sum[j * c2 + t] = u.sum[t * k + j];
        cnt[j * c2 + t] = u.cnt[t];
      }
  /* The extra values' column, in row order: E's rank among the row's
   * finite values and itself is (2 less + eq + 2) / 2. */
  for (size_t a = 0; a < n; a++)
    {
      const double *v1, *v2;
      const float *r;
      size_t m;
      row (ctx, a, &v1, &v2, &r, &m);
      for (size_t j = 0; j < k; j++)
        if (isfinite (e[a * k + j]))
          {
            size_t moved = 0;
            for (size_t b = 0; b < u.nb; b++)
              moved += u.up[(b * n + a) * k + j];
            sum[j * c2 + c] += u.tab[m + 2][2 * m - moved + 2];
            cnt[j * c2 + c]++;
          }
    }
  for (size_t m1 = 0; m1 < c + 3; m1++)
    free (u.tab[m1]);
  free (u.tab);
  free (u.sum);
  free (u.cnt);
  free (u.up);
}
