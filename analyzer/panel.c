/* panel.c -- mid-ranks of AR panel rows by merging (see panel.h). */
#include <config.h>
#include "panel.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

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
}

void
panel_ws_release (panel_ws *ws)
{
  free (ws->val);
  free (ws->src);
  free (ws->key);
  free (ws->tmp);
}

void
panel_sort_row (panel *p, size_t i, double scale, panel_ws *ws)
{
  const double *x = panel_row (p, i);
  for (size_t t = 0; t < p->m_est; t++)
    p->scaled[i * p->m_est + t] = x[t] / scale;
  size_t k = 0;
  for (size_t t = 0; t < p->m_est; t++)
    if (isfinite (x[t]))
      ws->key[k++] = (panel_key) { x[t], (uint32_t) t };
  sort_keys (ws->key, ws->tmp, k);
  for (size_t j = 0; j < k; j++)
    p->order[i * p->m_est + j] = ws->key[j].col;
  p->nfin[i] = k;
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
panel_ranks (const panel *p, size_t i, bool scaled, const double *ev, size_t L,
             double *rank, double *median, panel_ws *ws)
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
  return k;
}

/* Adds U = RANK / (M + 1) - 1/2 to column COL. */
static void
add_u (double *sum, double *cnt, size_t col, double rank, double m1)
{
  sum[col] += rank / m1 - 0.5;
  cnt[col]++;
}

void
panel_add_uniform1 (const panel *p, size_t i, bool scaled, double g,
                    double *sum, double *cnt)
{
  const double *x = values (p, i, scaled);
  const uint32_t *ord = p->order + i * p->m_est;
  size_t lo = 0, hi = p->nfin[i];
  /* Values made non-finite by scaling lie only at the ends of the order. */
  while (lo < hi && !isfinite (x[ord[lo]]))
    lo++;
  while (hi > lo && !isfinite (x[ord[hi - 1]]))
    hi--;
  bool has_g = isfinite (g);
  double m1 = (double) (hi - lo) + (has_g ? 1.0 : 0.0) + 1.0;
  size_t shift = 0;            /* 1 once G has been placed before */
  bool placed = !has_g;
  for (size_t a = lo, b; a < hi; a = b)
    {
      double v = x[ord[a]];
      for (b = a + 1; b < hi && x[ord[b]] == v; b++)
        ;
      /* Merged positions: G goes after the estimation values <= G, so
       * it joins a tie group of values equal to it as its last member. */
      if (!placed && g < v)
        {
          add_u (sum, cnt, p->m_est, (double) (2 * (a - lo) + 2) / 2.0, m1);
          placed = true;
          shift = 1;
        }
      size_t s = a - lo + shift, e = b - lo + shift;
      bool tie_g = !placed && v == g;
      if (tie_g)
        e++;
      double rank = (double) (s + e + 1) / 2.0;
      for (size_t j = a; j < b; j++)
        add_u (sum, cnt, ord[j], rank, m1);
      if (tie_g)
        {
          add_u (sum, cnt, p->m_est, rank, m1);
          placed = true;
          shift = 1;
        }
    }
  if (!placed)
    add_u (sum, cnt, p->m_est, (double) (2 * (hi - lo) + 2) / 2.0, m1);
}
