/* evtests.c -- event-study significance tests (see evtests.h).
 *
 * Notation: N pairs (event, series), x_i their AR on a day or CAR over a
 * window of L days, SAR_i = AR_i / se_i (se the prediction-error standard
 * deviation, MacKinlay 1997 eq. 9), SCAR_i = CAR_i / se(CAR_i) (CLM 1997
 * eq. 4.4.11), T the estimation length, s_i the residual sd.
 */
#include <config.h>
#include "evtests.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "error.h"

static void
set (evtests_result *r, const char *name, double stat, double df, double p)
{
  r->name = name;
  r->stat = isfinite (stat) ? stat : NAN;
  r->df = df;
  r->p = isfinite (stat) ? p : NAN;
  r->k = r->nref = 0;
}

double
evtests_p_t (double t, double df)
{
  if (!isfinite (t) || !(df > 0))
    return NAN;
  return 2.0 * gsl_cdf_tdist_Q (fabs (t), df);
}

double
evtests_p_z (double z)
{
  if (!isfinite (z))
    return NAN;
  return 2.0 * gsl_cdf_ugaussian_Q (fabs (z));
}

/* Mean and sample sd (n - 1) of the finite values of X; returns their
 * number. */
static size_t
moments (const double *x, size_t n, double *mean, double *sd)
{
  size_t k = 0;
  double s = 0, ss = 0;
  for (size_t i = 0; i < n; i++)
    if (isfinite (x[i]))
      {
        s += x[i];
        k++;
      }
  *mean = k ? s / (double) k : NAN;
  for (size_t i = 0; i < n; i++)
    if (isfinite (x[i]))
      ss += (x[i] - *mean) * (x[i] - *mean);
  *sd = k > 1 ? sqrt (ss / (double) (k - 1)) : NAN;
  return k;
}

/* Cross-sectional t (Brown and Warner 1985, section 3; Boehmer et al.
 * 1991 "ordinary cross-sectional"): t = mean(x) / (sd(x) / sqrt(N)),
 * Student t with N - 1 df. */
void
evtests_cs_t (const double *x, size_t n, evtests_result *r)
{
  double m, sd;
  size_t k = moments (x, n, &m, &sd);
  double t = k > 1 ? m / (sd / sqrt ((double) k)) : NAN;
  set (r, "t", t, k > 1 ? (double) k - 1 : NAN, evtests_p_t (t, (double) k - 1));
}

/* S = mean/sd and the sample skewness g = sum (x - mean)^3 / (N sd^3) of
 * the finite X (sd with N - 1); returns their number. */
static size_t
skewness (const double *x, size_t n, double *S, double *g)
{
  double m, sd, m3 = 0;
  size_t k = moments (x, n, &m, &sd);
  for (size_t i = 0; i < n; i++)
    if (isfinite (x[i]))
      m3 += pow (x[i] - m, 3);
  *S = m / sd;
  *g = m3 / ((double) k * pow (sd, 3));
  return k;
}

/* Skewness-adjusted t of Lyon, Barber and Tsai (1999, eq. 5), Johnson's
 * (1978) modified t: with S and g of skewness(),
 *   t_sk = sqrt(N) (S + g S^2 / 3 + g / (6 N)),  Student t, N - 1 df
 * (LBT bootstrap it; the t reference is evstudy's small-sample choice). */
void
evtests_skew_t (const double *x, size_t n, evtests_result *r)
{
  double S, g, N = (double) skewness (x, n, &S, &g);
  double t = N > 2 ? sqrt (N) * (S + g * S * S / 3.0 + g / (6.0 * N)) : NAN;
  set (r, "skew_t", t, N > 2 ? N - 1 : NAN, evtests_p_t (t, N - 1));
}

/* Hall's (1992) transformation, the monotone cubic: with S and g as
 * above,
 *   t_hall = sqrt(N) (S + g S^2 / 3 + g^2 S^3 / 27 + g / (6 N)),
 * Student t, N - 1 df (as skew_t).  The g^2 S^3 / 27 term, which LBT's
 * form leaves out, makes the transformation monotone in S. */
void
evtests_hall_t (const double *x, size_t n, evtests_result *r)
{
  double S, g, N = (double) skewness (x, n, &S, &g);
  double t = N > 2 ? sqrt (N) * (S + g * S * S / 3.0 + g * g * S * S * S / 27.0
                                 + g / (6.0 * N)) : NAN;
  set (r, "hall_t", t, N > 2 ? N - 1 : NAN, evtests_p_t (t, N - 1));
}

/* Brown and Warner (1980), independence: the variance of the mean of N
 * ARs is sum s_i^2 / N^2, s_i^2 the variance of i's estimation ARs
 * (n - 1); for a window of L days, L times that.
 *   t = mean / (sqrt(L) sqrt(sum s_i^2) / N),  Student t with DF. */
void
evtests_bw1980 (double mean, size_t len, const double *var, size_t n,
                double df, evtests_result *r)
{
  double s = 0;
  for (size_t i = 0; i < n; i++)
    s += var[i];
  double t = n ? mean / (sqrt ((double) len) * sqrt (s) / (double) n) : NAN;
  set (r, "bw1980", t, df, evtests_p_t (t, df));
}

/* Standard deviation of the estimation-window mean ARs, the "crude
 * dependence adjustment" of Brown and Warner (1980, 1985): the
 * cross-sectional mean AR of every estimation day, then its sample sd. */
double
evtests_portfolio_sd (const double *x, size_t n, size_t m, size_t *days)
{
  double *a = evs_xmalloc ((m ? m : 1) * sizeof *a), *s = evs_xcalloc (m + 1, sizeof *s);
  size_t *c = evs_xcalloc (m + 1, sizeof *c), k = 0;
  /* Row by row, so that the panel is read in memory order; each day's
   * sum still adds the pairs in order. */
  for (size_t i = 0; i < n; i++)
    for (size_t t = 0; t < m; t++)
      if (isfinite (x[i * m + t]))
        {
          s[t] += x[i * m + t];
          c[t]++;
        }
  for (size_t t = 0; t < m; t++)
    if (c[t])
      a[k++] = s[t] / (double) c[t];
  double mean, sd;
  moments (a, k, &mean, &sd);
  free (a);
  free (s);
  free (c);
  *days = k;
  return sd;
}

/* Brown and Warner (1985, section 3.3 and appendix A.3), crude
 * dependence adjustment: with S the sd of the estimation-window mean ARs
 * (M days),  t = mean / (sqrt(L) S),  Student t with M - 1 df. */
void
evtests_bw1985 (double mean, size_t len, double S, size_t m, evtests_result *r)
{
  double t = mean / (sqrt ((double) len) * S);
  set (r, "bw1985", t, m > 1 ? (double) m - 1 : NAN, evtests_p_t (t, (double) m - 1));
}

/* Lamb (1995): the crude dependence adjustment with the market model's
 * forecast-error correction c_t = 1 + 1/T + (Rm_t - mean Rm)^2 / Sxx
 * (here the mean over the pairs of (se_it / s_i)^2):
 *   z_t = AAR_t / (S sqrt(c_t)), and over a window (1/sqrt(L)) sum z_t,
 * standard normal (as estudy2's lamb and car_lamb).  S is the sample sd
 * (divisor M - 1) of the M estimation-day mean ARs: a convention, as
 * Patell's T - 2. */
void
evtests_lamb (const double *aar, const double *c, size_t len, double S,
              evtests_result *r)
{
  double z = 0;
  for (size_t t = 0; t < len; t++)
    z += aar[t] / (S * sqrt (c[t]));
  z /= sqrt ((double) len);
  set (r, "lamb", z, NAN, evtests_p_z (z));
}

/* Patell (1976): standardized residuals SAR_it are t-distributed with
 * df_i = T_i - 2 (market model) degrees of freedom, variance
 * df_i / (df_i - 2).  Over L days the cumulated SAR, CSAR_i, has L times
 * that variance, so
 *   Z = sum CSAR_i / sqrt(L sum df_i / (df_i - 2)),  standard normal. */
void
evtests_patell (const double *csar, const double *df, size_t len, size_t n,
                evtests_result *r)
{
  double s = 0, v = 0;
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (isfinite (csar[i]) && df[i] > 2)
      {
        s += csar[i];
        v += df[i] / (df[i] - 2.0);
        k++;
      }
  double z = k ? s / sqrt ((double) len * v) : NAN;
  set (r, "patell", z, NAN, evtests_p_z (z));
}

/* Boehmer, Musumeci and Poulsen (1991, eq. 5): the cross-sectional t of
 * the standardized (cumulative) abnormal returns,
 *   t = mean(SAR) / (sd(SAR) / sqrt(N)),  Student t with N - 1 df. */
void
evtests_bmp (const double *sar, size_t n, evtests_result *r)
{
  evtests_cs_t (sar, n, r);
  r->name = "bmp";
}

/* Kolari and Pynnönen (2010): with rbar the mean cross-correlation of
 * the estimation-window residuals of N pairs sharing an event day, the
 * sum of their N standardized returns has variance N (1 + (N - 1) rbar)
 * instead of N (the variance of a sum of N unit-variance terms with mean
 * pairwise correlation rbar).  Patell's Z divides by the time-series
 * variances of the SARs, so its adjustment is that ratio alone:
 *   Z_KP = Z / sqrt(1 + (N - 1) rbar),  standard normal. */
void
evtests_kp_patell (const evtests_result *in, size_t n, double rbar,
                   evtests_result *out)
{
  double s = in->stat / sqrt (1.0 + ((double) n - 1.0) * rbar);
  set (out, "patell_kp", s, NAN, evtests_p_z (s));
}

/* Kolari and Pynnönen (2010, eq. 11), the adjusted BMP test: BMP's
 * cross-sectional variance of the SARs underestimates their variance by
 * the factor (1 - rbar) when they are correlated, so
 *   t_KP = t_BMP sqrt((1 - rbar) / (1 + (N - 1) rbar)),  Student t with
 * the BMP test's N - 1 df. */
void
evtests_kp_bmp (const evtests_result *in, size_t n, double rbar,
                evtests_result *out)
{
  double f = sqrt ((1.0 - rbar) / (1.0 + ((double) n - 1.0) * rbar));
  double s = in->stat * f;
  set (out, "bmp_kp", s, in->df, evtests_p_t (s, in->df));
}

/* Pearson correlation of X and Y over the indices where both are finite;
 * NaN with fewer than 3 such or no variance. */
double
evtests_correlation (const double *x, const double *y, size_t n)
{
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (isfinite (x[i]) && isfinite (y[i]))
      {
        sx += x[i];
        sy += y[i];
        k++;
      }
  if (k < 3)
    return NAN;
  double mx = sx / (double) k, my = sy / (double) k;
  for (size_t i = 0; i < n; i++)
    if (isfinite (x[i]) && isfinite (y[i]))
      {
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
        sxy += (x[i] - mx) * (y[i] - my);
      }
  return sxx > 0 && syy > 0 ? sxy / sqrt (sxx * syy) : NAN;
}

/* ------------------------------------------------ Kolari-Pynnönen rbar */

/* A pair's place in the sorted order: its cluster (day 0), then the pairs
 * with the same estimation dates next to each other (T, a hash of the
 * dates; those with a missing residual apart), then its index. */
typedef struct kp_key {
  int32_t day0;
  bool gap;                  /* a residual is not finite */
  size_t T;
  uint64_t h;
  size_t i;
} kp_key;

static int
kp_key_cmp (const void *x, const void *y)
{
  const kp_key *a = x, *b = y;
  if (a->day0 != b->day0)
    return (a->day0 > b->day0) - (a->day0 < b->day0);
  if (a->gap != b->gap)
    return a->gap - b->gap;
  if (a->T != b->T)
    return (a->T > b->T) - (a->T < b->T);
  if (a->h != b->h)
    return (a->h > b->h) - (a->h < b->h);
  return (a->i > b->i) - (a->i < b->i);
}

/* FNV-1a over the dates, a date (not a byte) at a time: only to sort
 * equal date vectors together. */
static uint64_t
kp_hash (const int32_t *d, size_t n)
{
  uint64_t h = 14695981039346656037u;
  for (size_t t = 0; t < n; t++)
    h = (h ^ (uint32_t) d[t]) * 1099511628211u;
  return h;
}

/* Adds to S[0..k) the unit-norm demeaned residuals z_i (positions IDX)
 * of the NM pairs MEM: z_i(t) = (x_it - mean_i) / sqrt(sum (x_i - mean_i)^2),
 * so that z_i . z_j is the Pearson correlation of i and j on these dates.
 * A pair with fewer than 3 dates or no variance adds nothing (its
 * correlations count as 0).  Returns the sum of the |z_i|^2 added. */
static double
kp_side (const evtests_kp_pair *p, const kp_key *mem, size_t nm,
         const size_t *idx, size_t k, double *s)
{
  double zz = 0;
  memset (s, 0, k * sizeof *s);
  if (k < 3)
    return 0;
  for (size_t a = 0; a < nm; a++)
    {
      const double *x = p[mem[a].i].res;
      double m = 0, ss = 0;
      for (size_t t = 0; t < k; t++)
        m += x[idx[t]];
      m /= (double) k;
      for (size_t t = 0; t < k; t++)
        ss += (x[idx[t]] - m) * (x[idx[t]] - m);
      if (!(ss > 0))
        continue;
      double f = 1.0 / sqrt (ss);
      for (size_t t = 0; t < k; t++)
        {
          double z = (x[idx[t]] - m) * f;
          s[t] += z;
          zz += z * z;
        }
    }
  return zz;
}

/* Sum of the correlations of every pair (i in A, j in B) on the dates
 * both have with finite residuals (a class with a gap is a single pair). */
static double
kp_cross (const evtests_kp_pair *p, const kp_key *A, size_t na,
          const kp_key *B, size_t nb, size_t *ia, size_t *ib, double *sa,
          double *sb)
{
  const evtests_kp_pair *x = &p[A[0].i], *y = &p[B[0].i];
  size_t i = 0, j = 0, k = 0;
  while (i < x->T && j < y->T)
    if (x->date[i] < y->date[j])
      i++;
    else if (x->date[i] > y->date[j])
      j++;
    else
      {
        if (isfinite (x->res[i]) && isfinite (y->res[j]))
          ia[k] = i, ib[k++] = j;
        i++, j++;
      }
  kp_side (p, A, na, ia, k, sa);
  kp_side (p, B, nb, ib, k, sb);
  double dot = 0;
  for (size_t t = 0; t < k; t++)
    dot += sa[t] * sb[t];
  return k < 3 ? 0.0 : dot;
}

/* Sum of the correlations of every pair inside class A (same dates, all
 * residuals finite): with s = sum_i z_i, sum_{i<j} z_i . z_j =
 * (|s|^2 - sum_i |z_i|^2) / 2. */
static double
kp_within (const evtests_kp_pair *p, const kp_key *A, size_t na, size_t *idx,
           double *s)
{
  size_t T = p[A[0].i].T;
  if (na < 2 || A[0].gap)
    return 0;
  for (size_t t = 0; t < T; t++)
    idx[t] = t;
  double zz = kp_side (p, A, na, idx, T, s), ss = 0;
  for (size_t t = 0; t < T; t++)
    ss += s[t] * s[t];
  return (ss - zz) / 2.0;
}

/* Whether the pairs of keys A and B belong to one class. */
static bool
kp_same_class (const evtests_kp_pair *p, const kp_key *a, const kp_key *b)
{
  return a->day0 == b->day0 && !a->gap && !b->gap && a->T == b->T && a->h == b->h
         && memcmp (p[a->i].date, p[b->i].date, a->T * sizeof *p[a->i].date) == 0;
}

/* The classes of one cluster on one date axis, for the sums across
 * classes.  U is the sorted union of the dates on which the classes have
 * finite residuals; class c has T[c] of them, at positions
 * pos[poff[c]..poff[c] + T[c]) of U, between lo[c] and hi[c].  Each member
 * j (key position) keeps its residuals demeaned over its own dates,
 * x_j - mean_j, on its class's span lo..hi with zeros on the span's other
 * dates (row x + xoff[j]), with their sum s1[j] and sum of squares q[j]:
 * so the dot product of two rows over the overlap of their spans is
 * their cross product on the dates both have, read contiguously. */
typedef struct kp_axis {
  const kp_key *key;
  const size_t *cls;            /* the cluster's classes: cls[0..ncls] */
  size_t ncls;
  size_t *T, *lo, *hi, *poff, *pos;
  uint64_t *bits;               /* class c's dates as bits of U, the words
                                   lo/64..hi/64 from bits + boff[c] */
  size_t *boff;
  size_t *xoff;                 /* by key position - cls[0] */
  double *x, *s1, *q;
  size_t *ea, *ca, *eb, *cb;    /* workspace: Tmax each */
  double *wa;                   /* workspace: |U| */
  double *aa, *ab;              /* workspace: a class's members each */
} kp_axis;

static int
kp_date_cmp (const void *x, const void *y)
{
  int32_t a = *(const int32_t *) x, b = *(const int32_t *) y;
  return (a > b) - (a < b);
}

/* The sorted union U of the finite-residual dates of the NCLS classes
 * CLS (one pair each: a class shares its dates); returns its length.
 * Through a bitmap of the days between the first and the last date when
 * that is not much longer than the dates, else by sorting them. */
static size_t
kp_union (const evtests_kp_pair *p, const kp_key *key, const size_t *cls,
          size_t ncls, int32_t *U)
{
  size_t D = 0, nu = 0;
  int32_t lo = INT32_MAX, hi = INT32_MIN;
  for (size_t c = 0; c < ncls; c++)
    {
      const evtests_kp_pair *r = &p[key[cls[c]].i];
      for (size_t t = 0; t < r->T; t++)
        if (isfinite (r->res[t]))
          {
            U[D++] = r->date[t];
            lo = r->date[t] < lo ? r->date[t] : lo;
            hi = r->date[t] > hi ? r->date[t] : hi;
          }
    }
  if (D && (uint64_t) ((int64_t) hi - lo) < 8 * (uint64_t) D + 4096)
    {
      size_t span = (size_t) ((int64_t) hi - lo) + 1;
      uint64_t *bits = evs_xcalloc (span / 64 + 1, sizeof *bits);
      for (size_t u = 0; u < D; u++)
        bits[(size_t) (U[u] - lo) / 64] |= UINT64_C (1) << ((size_t) (U[u] - lo) % 64);
      for (size_t w = 0; w <= span / 64; w++)
        for (uint64_t v = bits[w]; v; v &= v - 1)
          U[nu++] = (int32_t) ((int64_t) lo + (int64_t) (w * 64) + __builtin_ctzll (v));
      free (bits);
      return nu;
    }
  qsort (U, D, sizeof *U, kp_date_cmp);
  for (size_t u = 0; u < D; u++)
    if (nu == 0 || U[u] != U[nu - 1])
      U[nu++] = U[u];
  return nu;
}

static void
kp_axis_release (kp_axis *ax)
{
  free (ax->T);
  free (ax->pos);
  free (ax->bits);
  free (ax->xoff);
  free (ax->x);
  free (ax->ea);
  free (ax->wa);
}

/* Positions in U (D dates) of class C's finite dates; sets T, lo, hi. */
static void
kp_axis_positions (kp_axis *ax, const evtests_kp_pair *p, size_t c,
                   const int32_t *U, size_t D)
{
  const evtests_kp_pair *r = &p[ax->key[ax->cls[c]].i];
  size_t *pos = ax->pos + ax->poff[c], n = 0, u = 0;
  for (size_t t = 0; t < r->T; t++)
    if (isfinite (r->res[t]))
      {
        while (u < D && U[u] < r->date[t])
          u++;
        pos[n++] = u;
      }
  ax->T[c] = n;
  ax->lo[c] = n ? pos[0] : 1;
  ax->hi[c] = n ? pos[n - 1] : 0;
}

/* One member's row: its finite residuals demeaned (two passes, as
 * evtests_correlation does), zeros elsewhere on its class's span. */
static void
kp_axis_row (kp_axis *ax, const evtests_kp_pair *r, size_t c, size_t m)
{
  const size_t *pos = ax->pos + ax->poff[c];
  double *row = ax->x + ax->xoff[m], mean = 0, s1 = 0, q = 0;
  size_t n = 0;
  for (size_t t = 0; t < r->T; t++)
    if (isfinite (r->res[t]))
      mean += r->res[t], n++;
  mean = n ? mean / (double) n : 0;
  for (size_t t = 0, k = 0; t < r->T; t++)
    if (isfinite (r->res[t]))
      {
        double v = r->res[t] - mean;
        row[pos[k++] - ax->lo[c]] = v;
        s1 += v;
        q += v * v;
      }
  ax->s1[m] = s1;
  ax->q[m] = q;
}

/* Each class's dates as bits (see kp_axis). */
static void
kp_axis_bits (kp_axis *ax)
{
  size_t nw = 0;
  for (size_t c = 0; c < ax->ncls; c++)
    {
      ax->boff[c] = nw;
      nw += ax->T[c] ? ax->hi[c] / 64 - ax->lo[c] / 64 + 1 : 0;
    }
  ax->bits = evs_xcalloc (nw + 1, sizeof *ax->bits);
  for (size_t c = 0; c < ax->ncls; c++)
    for (size_t t = 0; t < ax->T[c]; t++)
      {
        size_t u = ax->pos[ax->poff[c] + t];
        ax->bits[ax->boff[c] + u / 64 - ax->lo[c] / 64] |= UINT64_C (1) << (u % 64);
      }
}

/* Builds the axis of the NCLS classes CLS of a cluster; false (nothing
 * allocated) when the classes' spans on the union of their dates are too
 * long for rows to pay (calendars far apart: the caller then sums class
 * by class on each pair's common dates). */
static bool
kp_axis_init (kp_axis *ax, const evtests_kp_pair *p, const kp_key *key,
              const size_t *cls, size_t ncls, size_t Tmax)
{
  size_t nm = cls[ncls] - cls[0], ntot = 0;
  memset (ax, 0, sizeof *ax);
  ax->key = key;
  ax->cls = cls;
  ax->ncls = ncls;
  ax->T = evs_xmalloc (5 * ncls * sizeof *ax->T);
  ax->lo = ax->T + ncls, ax->hi = ax->lo + ncls, ax->poff = ax->hi + ncls;
  ax->boff = ax->poff + ncls;
  for (size_t c = 0; c < ncls; c++)
    ax->poff[c] = ntot, ntot += p[key[cls[c]].i].T;
  int32_t *U = evs_xmalloc ((ntot ? ntot : 1) * sizeof *U);
  size_t nu = kp_union (p, key, cls, ncls, U);
  ax->pos = evs_xmalloc ((ntot ? ntot : 1) * sizeof *ax->pos);
  for (size_t c = 0; c < ncls; c++)
    kp_axis_positions (ax, p, c, U, nu);
  free (U);
  /* Rows cost their span; past four times the dates they hold (series
   * with long gaps among others), summing on the common dates is
   * cheaper and bounded. */
  size_t cells = 0, dates = 0;
  ax->xoff = evs_xmalloc ((nm + 1) * sizeof *ax->xoff);
  for (size_t c = 0; c < ncls; c++)
    for (size_t j = cls[c]; j < cls[c + 1]; j++)
      {
        ax->xoff[j - cls[0]] = cells;
        cells += ax->T[c] ? ax->hi[c] - ax->lo[c] + 1 : 0;
        dates += ax->T[c];
      }
  if (cells > 4 * dates + 1024)
    {
      kp_axis_release (ax);
      return false;
    }
  kp_axis_bits (ax);
  ax->x = evs_xcalloc (cells + 2 * nm + 1, sizeof *ax->x);
  ax->s1 = ax->x + cells, ax->q = ax->s1 + nm;
  ax->ea = evs_xmalloc (4 * (Tmax + 1) * sizeof *ax->ea);
  ax->ca = ax->ea + Tmax + 1, ax->eb = ax->ca + Tmax + 1, ax->cb = ax->eb + Tmax + 1;
  ax->wa = evs_xmalloc ((nu + 1 + 2 * nm) * sizeof *ax->wa);
  ax->aa = ax->wa + nu + 1, ax->ab = ax->aa + nm;
  for (size_t c = 0; c < ncls; c++)
    for (size_t j = cls[c]; j < cls[c + 1]; j++)
      kp_axis_row (ax, &p[key[j].i], c, j - cls[0]);
  return true;
}

/* Class C's weights for a sum across classes on the K common dates:
 * each member's residuals re-centred on them and scaled to unit norm,
 * z_i = a_i (x_i - sx_i / k) with
 *   sx_i = sum over common x_i,  q_i = sum over common x_i^2,
 *   a_i = 1 / sqrt(q_i - sx_i^2 / k),
 * the sums taken from the row's own less its NE dates E that the other
 * class lacks (or, when shorter, over the common dates CM themselves).
 * A[m] gets a_i (0 for a member without variance there: its correlations
 * count 0), by member; returns sum_i a_i sx_i. */
static double
kp_axis_weights (const kp_axis *ax, size_t c, size_t k, const size_t *e,
                 size_t ne, const size_t *cm, double *a)
{
  size_t m0 = ax->cls[c] - ax->cls[0], nm = ax->cls[c + 1] - ax->cls[c];
  double p = 0;
  for (size_t m = 0; m < nm; m++)
    {
      const double *row = ax->x + ax->xoff[m0 + m];
      double sx = 0, q = 0;
      if (ne <= k)
        {
          for (size_t t = 0; t < ne; t++)
            sx += row[e[t]], q += row[e[t]] * row[e[t]];
          sx = ax->s1[m0 + m] - sx, q = ax->q[m0 + m] - q;
        }
      else
        for (size_t t = 0; t < k; t++)
          sx += row[cm[t]], q += row[cm[t]] * row[cm[t]];
      double v = q - sx * sx / (double) k;
      a[m] = v > 0 ? 1.0 / sqrt (v) : 0.0;
      p += a[m] * sx;
    }
  return p;
}

/* Class A's dates that class B lacks (COMMON false) or has too (true),
 * as offsets in A's rows, into E; returns how many.  Word by word on
 * their bits: two classes of a cluster mostly differ by a few dates. */
static size_t
kp_axis_dates (const kp_axis *ax, size_t A, size_t B, bool common, size_t *e)
{
  size_t a0 = ax->lo[A] / 64, a1 = ax->hi[A] / 64, b0 = ax->lo[B] / 64;
  size_t b1 = ax->hi[B] / 64, n = 0;
  const uint64_t *ba = ax->bits + ax->boff[A], *bb = ax->bits + ax->boff[B];
  for (size_t w = a0; w <= a1; w++)
    {
      uint64_t o = w >= b0 && w <= b1 ? bb[w - b0] : 0;
      uint64_t v = common ? ba[w - a0] & o : ba[w - a0] & ~o;
      for (; v; v &= v - 1)
        e[n++] = w * 64 + (size_t) __builtin_ctzll (v) - ax->lo[A];
    }
  return n;
}

/* X . Y over N doubles, in four partial sums (one chain of additions
 * would wait on each). */
static double
kp_dot (const double *restrict x, const double *restrict y, size_t n)
{
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  size_t t = 0;
  for (; t + 4 <= n; t += 4)
    {
      s0 += x[t] * y[t];
      s1 += x[t + 1] * y[t + 1];
      s2 += x[t + 2] * y[t + 2];
      s3 += x[t + 3] * y[t + 3];
    }
  for (; t < n; t++)
    s0 += x[t] * y[t];
  return (s0 + s1) + (s2 + s3);
}

/* sum_m A[m] (x_m . W) over the NM rows from member M0, from offset OFF
 * for NW dates; two rows at a time, so that W is read once for both. */
static double
kp_rows_dot (const kp_axis *ax, size_t m0, size_t nm, size_t off,
             const double *a, const double *restrict w, size_t nw)
{
  double sum = 0;
  size_t m = 0;
  for (; m + 2 <= nm; m += 2)
    {
      const double *restrict x = ax->x + ax->xoff[m0 + m] + off;
      const double *restrict y = ax->x + ax->xoff[m0 + m + 1] + off;
      double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
      size_t t = 0;
      for (; t + 2 <= nw; t += 2)
        {
          x0 += x[t] * w[t], x1 += x[t + 1] * w[t + 1];
          y0 += y[t] * w[t], y1 += y[t + 1] * w[t + 1];
        }
      if (t < nw)
        x0 += x[t] * w[t], y0 += y[t] * w[t];
      sum += a[m] * (x0 + x1) + a[m + 1] * (y0 + y1);
    }
  if (m < nm)
    sum += a[m] * kp_dot (ax->x + ax->xoff[m0 + m] + off, w, nw);
  return sum;
}

/* Sum of the correlations of every pair (i in class A, j in class B) on
 * the dates both have, which lie between positions LO and HI: with the
 * weights of kp_axis_weights,
 *   sum_ij z_i . z_j = sum_ij a_i b_j x_i . x_j - (sum_i a_i sx_i) (sum_j b_j sx_j) / k,
 * the first term as sum_i a_i x_i . W, W = sum_j b_j x_j over the smaller
 * class (a row itself for a class of one); rows are zero off their own
 * dates, so x_i . W over LO..HI is the sum on the common dates. */
static double
kp_axis_cross (kp_axis *ax, size_t A, size_t B)
{
  size_t lo = ax->lo[A] > ax->lo[B] ? ax->lo[A] : ax->lo[B];
  size_t hi = ax->hi[A] < ax->hi[B] ? ax->hi[A] : ax->hi[B];
  if (!ax->T[A] || !ax->T[B] || lo > hi)
    return 0;
  size_t na = kp_axis_dates (ax, A, B, false, ax->ea);
  size_t nb = kp_axis_dates (ax, B, A, false, ax->eb);
  size_t k = ax->T[A] - na;
  if (k < 3)
    return 0;
  if (na > k)
    kp_axis_dates (ax, A, B, true, ax->ca);
  if (nb > k)
    kp_axis_dates (ax, B, A, true, ax->cb);
  double psa = kp_axis_weights (ax, A, k, ax->ea, na, ax->ca, ax->aa);
  double psb = kp_axis_weights (ax, B, k, ax->eb, nb, ax->cb, ax->ab);
  size_t nA = ax->cls[A + 1] - ax->cls[A], nB = ax->cls[B + 1] - ax->cls[B];
  const double *a = ax->aa, *b = ax->ab;
  if (nA < nB)   /* W over the smaller class */
    {
      size_t t = A;
      A = B, B = t;
      t = nA, nA = nB, nB = t;
      const double *s = a;
      a = b, b = s;
    }
  size_t nw = hi - lo + 1, mA = ax->cls[A] - ax->cls[0], mB = ax->cls[B] - ax->cls[0];
  const double *w = ax->x + ax->xoff[mB] + (lo - ax->lo[B]);
  double scale = b[0], dot = 0;
  if (nB > 1)
    {
      double *restrict v = ax->wa;
      memset (v, 0, nw * sizeof *v);
      for (size_t m = 0; m < nB; m++)
        {
          const double *restrict row = ax->x + ax->xoff[mB + m] + (lo - ax->lo[B]);
          for (size_t t = 0; t < nw; t++)
            v[t] += b[m] * row[t];
        }
      w = v, scale = 1;
    }
  if (scale != 0)
    dot = kp_rows_dot (ax, mA, nA, lo - ax->lo[A], a, w, nw);
  return scale * dot - psa * psb / (double) k;
}

/* Sum of the correlations across the NCLS classes CLS of one cluster
 * (key[cls[0]..cls[ncls]) share a day 0), every two classes on their
 * common dates: on a date axis (kp_axis) when the calendars are close,
 * else on the merged dates of each two classes (kp_cross). */
static double
kp_cluster_cross (const evtests_kp_pair *p, const kp_key *key, const size_t *cls,
                  size_t ncls, size_t Tmax, size_t *ia, size_t *ib, double *sa,
                  double *sb)
{
  double sum = 0;
  kp_axis ax;
  if (ncls < 2)
    return 0;
  if (kp_axis_init (&ax, p, key, cls, ncls, Tmax))
    {
      for (size_t a = 0; a < ncls; a++)
        for (size_t b = a + 1; b < ncls; b++)
          sum += kp_axis_cross (&ax, a, b);
      kp_axis_release (&ax);
      return sum;
    }
  for (size_t a = 0; a < ncls; a++)
    for (size_t b = a + 1; b < ncls; b++)
      sum += kp_cross (p, &key[cls[a]], cls[a + 1] - cls[a], &key[cls[b]],
                       cls[b + 1] - cls[b], ia, ib, sa, sb);
  return sum;
}

/* Kolari and Pynnönen (2010, section 2): rbar, the mean over all N (N - 1)
 * / 2 pairs of pairs of the correlation of their estimation residuals on
 * the dates both have, counted as 0 for pairs with different days 0 (and
 * where undefined: fewer than 3 common dates, no variance).
 *
 * Pairs sharing day 0 and the same estimation dates form a class; inside
 * a class the correlations sum to (|sum_i z_i|^2 - sum_i |z_i|^2) / 2, z_i
 * the unit-norm demeaned residuals, in O(size x T); two classes of a
 * cluster sum to (sum_A z_i) . (sum_B z_j) with z re-centred on their common
 * dates (kp_axis_side: from each row's own sums less the few dates the
 * other class lacks).  K classes in a cluster cost O(K N T), so a cluster
 * of events on one calendar is linear in N; in the worst case, every pair
 * with its own dates, this is the pairwise sum.  The result equals that
 * sum up to rounding. */
double
evtests_kp_rbar (const evtests_kp_pair *p, size_t n, size_t *nclustered)
{
  kp_key *key = evs_xmalloc ((n ? n : 1) * sizeof *key);
  size_t Tmax = 1;
  for (size_t i = 0; i < n; i++)
    {
      bool gap = false;
      for (size_t t = 0; t < p[i].T && !gap; t++)
        gap = !isfinite (p[i].res[t]);
      key[i] = (kp_key) { p[i].day0, gap, p[i].T, kp_hash (p[i].date, p[i].T), i };
      Tmax = p[i].T > Tmax ? p[i].T : Tmax;
    }
  qsort (key, n, sizeof *key, kp_key_cmp);
  size_t *cls = evs_xmalloc ((n + 1) * sizeof *cls), ncls = 0;   /* class starts */
  *nclustered = 0;
  for (size_t j = 0; j < n; j++)
    {
      if (j == 0 || !kp_same_class (p, &key[cls[ncls - 1]], &key[j]))
        cls[ncls++] = j;
      bool prev = j > 0 && key[j - 1].day0 == key[j].day0;
      bool next = j + 1 < n && key[j + 1].day0 == key[j].day0;
      *nclustered += prev || next;
    }
  cls[ncls] = n;
  size_t *ia = evs_xmalloc (2 * Tmax * sizeof *ia), *ib = ia + Tmax;
  double *sa = evs_xmalloc (2 * Tmax * sizeof *sa), *sb = sa + Tmax, sum = 0;
  for (size_t a = 0, b; a < ncls; a = b)
    {
      for (b = a; b < ncls && key[cls[b]].day0 == key[cls[a]].day0; b++)
        sum += kp_within (p, &key[cls[b]], cls[b + 1] - cls[b], ia, sa);
      sum += kp_cluster_cross (p, key, cls + a, b - a, Tmax, ia, ib, sa, sb);
    }
  free (key);
  free (cls);
  free (ia);
  free (sa);
  double npp = (double) n * ((double) n - 1) / 2;
  return npp > 0 ? sum / npp : NAN;
}

/* ------------------------------------------------------- non-parametric */

/* Sign test (e.g. Brown and Warner 1980; Boehmer et al. 1991): W = number
 * of positive x among N.  "sign" is W with its exact p from
 * Binomial(N, 1/2), 2 min(P(<= W), P(>= W)); "sign_z" (Z) is its normal
 * approximation (W - N/2) / sqrt(N/4) with p from N(0, 1), the statistic
 * estudy2 prints. */
void
evtests_sign (const double *x, size_t n, evtests_result *r, evtests_result *rz)
{
  unsigned w = 0, k = 0;
  for (size_t i = 0; i < n; i++)
    if (isfinite (x[i]))
      {
        k++;
        w += x[i] > 0;
      }
  double z = k ? ((double) w - k * 0.5) / sqrt (k * 0.25) : NAN;
  double lo = gsl_cdf_binomial_P (w, 0.5, k);
  double hi = w ? gsl_cdf_binomial_Q (w - 1, 0.5, k) : 1.0;
  double p = fmin (1.0, 2.0 * fmin (lo, hi));
  set (r, "sign", k ? (double) w : NAN, NAN, p);
  set (rz, "sign_z", z, NAN, evtests_p_z (z));
}

/* Generalized sign test (Cowan 1992): PHAT is the fraction of positive
 * estimation-window ARs over all pairs;
 *   Z = (W - N phat) / sqrt(N phat (1 - phat)),  standard normal. */
void
evtests_gsign (const double *x, size_t n, double phat, evtests_result *r)
{
  double w = 0, k = 0;
  for (size_t i = 0; i < n; i++)
    if (isfinite (x[i]))
      {
        k++;
        w += x[i] > 0;
      }
  double z = (w - k * phat) / sqrt (k * phat * (1.0 - phat));
  set (r, "gsign", k > 0 ? z : NAN, NAN, evtests_p_z (z));
}

typedef struct keyed {
  double v;
  size_t i;
} keyed;

static int
keyed_cmp (const void *a, const void *b)
{
  double x = ((const keyed *) a)->v, y = ((const keyed *) b)->v;
  return (x > y) - (x < y);
}

/* Mid-ranks (1-based, ties averaged, as R's rank(ties = "average")) of
 * the finite X[0..n) into RANK (NaN elsewhere); KW is workspace of n.
 * Returns the number ranked and sets *TIES if any tie was found. */
static size_t
midranks (const double *x, size_t n, double *rank, keyed *kw, bool *ties)
{
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    {
      rank[i] = NAN;
      if (isfinite (x[i]))
        kw[k++] = (keyed) { x[i], i };
    }
  qsort (kw, k, sizeof *kw, keyed_cmp);
  for (size_t a = 0, b; a < k; a = b)
    {
      for (b = a + 1; b < k && kw[b].v == kw[a].v; b++)
        ;
      if (b - a > 1 && ties)
        *ties = true;
      for (size_t j = a; j < b; j++)
        rank[kw[j].i] = (double) (a + b + 1) / 2.0;
    }
  return k;
}

/* P(W+ <= w) for the signed-rank statistic of n untied, non-zero values:
 * counts of subsets of {1..n} by sum (the exact null distribution of
 * Wilcoxon 1945), computed by dynamic programming. */
static double
signrank_cdf (double w, size_t n)
{
  size_t max = n * (n + 1) / 2;
  double *c = evs_xcalloc (max + 1, sizeof *c), acc = 0;
  c[0] = 1;
  for (size_t j = 1; j <= n; j++)
    for (size_t s = j * (j + 1) / 2; s >= j; s--)
      c[s] += c[s - j];
  for (size_t s = 0; s <= max && (double) s <= w + 1e-9; s++)
    acc += c[s];
  free (c);
  return acc / pow (2.0, (double) n);
}

/* Normal approximation of the signed-rank sum W of K values (Lehmann
 * 1975, ch. 3): mean K (K + 1) / 4, variance K (K + 1) (2K + 1) / 24 -
 * TC / 48 with TC = sum of t^3 - t over the tie groups, and a continuity
 * correction of 1/2 towards the mean:
 *   Z = (W - mean - sign(W - mean) / 2) / sd   (0 at the mean),
 * as R's wilcox.test (exact = FALSE, correct = TRUE). */
static double
signrank_z (double w, size_t k, double tc)
{
  double K = (double) k, d = w - K * (K + 1) / 4;
  double sd = sqrt (K * (K + 1) * (2 * K + 1) / 24 - tc / 48);
  return d == 0 ? 0.0 : (d - copysign (0.5, d)) / sd;
}

/* Two-sided p of the signed-rank sum W of K values: exact
 * (2 min(P(<= W), P(>= W))) for up to 200 untied values, else from
 * signrank_z, as R's wilcox.test. */
static double
signrank_p (double w, size_t k, bool ties, double tc)
{
  if (!ties && k <= 200)
    return fmin (1.0, 2.0 * fmin (signrank_cdf (w, k), 1.0 - signrank_cdf (w - 1, k)));
  return evtests_p_z (signrank_z (w, k, tc));
}

/* Wilcoxon (1945) signed-rank test: "wilcoxon" is the raw W+ = sum of
 * the ranks of |x| for the positive x, zeros dropped, with p from
 * signrank_p (exact when it can be); "wilcoxon_z" is its normal
 * approximation signrank_z with p from N(0, 1). */
void
evtests_wilcoxon (const double *x, size_t n, evtests_result *r, evtests_result *rz)
{
  size_t sz = n ? n : 1;
  double *a = evs_xmalloc (sz * sizeof *a), *rk = evs_xmalloc (sz * sizeof *rk);
  keyed *kw = evs_xmalloc (sz * sizeof *kw);
  for (size_t i = 0; i < n; i++)
    a[i] = isfinite (x[i]) && x[i] != 0 ? fabs (x[i]) : NAN;
  bool ties = false;
  size_t k = midranks (a, n, rk, kw, &ties);
  double w = 0, tc = 0;
  for (size_t i = 0; i < n; i++)
    if (isfinite (rk[i]) && x[i] > 0)
      w += rk[i];
  for (size_t i = 0, j; i < k; i = j)
    {
      for (j = i + 1; j < k && kw[j].v == kw[i].v; j++)
        ;
      tc += pow ((double) (j - i), 3) - (double) (j - i);
    }
  set (r, "wilcoxon", k ? w : NAN, NAN, signrank_p (w, k, ties, tc));
  double z = k ? signrank_z (w, k, tc) : NAN;
  set (rz, "wilcoxon_z", z, NAN, evtests_p_z (z));
  free (a);
  free (rk);
  free (kw);
}

/* Z = (1/sqrt(L)) sum_{t in C0..C1} g_t / S, with g_t = SUM_t /
 * sqrt(CNT_t) over the N_t pairs present on day t and S^2 the mean of
 * g_t^2 over the days of the whole period: the statistic of Corrado and
 * Zivney (1992) for the sign and rank transforms (estudy2's csign,
 * mrank). */
static double
cz_statistic (const evtests_cols *y, size_t c0, size_t c1)
{
  double ss = 0, num = 0;
  size_t days = 0, hit = 0;
  for (size_t t = 0; t < y->m; t++)
    {
      if (!y->cnt[t])
        continue;
      double g = y->sum[t] / sqrt (y->cnt[t]);
      ss += g * g;
      days++;
      if (t >= c0 && t <= c1)
        num += g, hit++;
    }
  double S = sqrt (ss / (double) days);
  return hit ? num / sqrt ((double) (c1 - c0 + 1)) / S : NAN;
}

/* Corrado and Zivney (1992) sign test: G_it = sign(x_it - median_i), the
 * median over the pair's whole period (estimation and event), and the
 * statistic of cz_statistic; standard normal.  Over a window, the days'
 * g_t are summed and divided by sqrt(L) (Cowan 1992's extension). */
void
evtests_csign (const evtests_cols *g, size_t c0, size_t c1, evtests_result *r)
{
  double z = cz_statistic (g, c0, c1);
  set (r, "csign", z, NAN, evtests_p_z (z));
}

/* Corrado (1989) rank test and, over a window, its CAR extension of Cowan
 * (1992): K_it the rank of x_it in pair i's period (estimation and event
 * days), D_t = mean_i (K_it - (M_i + 1)/2) over the pairs present,
 * S^2 = mean over the period's days of D_t^2,
 *   Z = sqrt(L) mean_{t in window} D_t / S,  standard normal. */
void
evtests_rank (const evtests_cols *k, size_t c0, size_t c1, evtests_result *r)
{
  double ss = 0, num = 0;
  size_t days = 0, hit = 0;
  for (size_t t = 0; t < k->m; t++)
    {
      if (!k->cnt[t])
        continue;
      double d = k->sum[t] / k->cnt[t];
      ss += d * d;
      days++;
      if (t >= c0 && t <= c1)
        num += d, hit++;
    }
  double L = (double) (c1 - c0 + 1);
  double z = hit ? sqrt (L) * (num / L) / sqrt (ss / (double) days) : NAN;
  set (r, "rank", z, NAN, evtests_p_z (z));
}

/* Corrado and Zivney (1992) rank test: U_it = K_it / (M_i + 1) - 1/2 of
 * the standardized returns, and the statistic of cz_statistic; standard
 * normal. */
void
evtests_czrank (const evtests_cols *u, size_t c0, size_t c1, evtests_result *r)
{
  double z = cz_statistic (u, c0, c1);
  set (r, "czrank", z, NAN, evtests_p_z (z));
}

/* GRANK of Kolari and Pynnönen (2011, eq. 9-14).  The columns are every
 * pair's estimation SARs and, in the last column, the generalized SAR
 * (the cross-sectionally re-standardized SCAR).  U_it = K_it / (M_i + 1)
 * - 1/2 with M_i = T_i + 1, Ubar_t the mean over the N_t pairs present.
 * T is the number of days with data: the estimation days plus the event
 * observation, as the paper counts it (its time index runs over the
 * estimation window and day 0), so T = 241 for a 240-day estimation window:
 *   S^2 = (1/T) sum_t (N_t / N) Ubar_t^2,   Z = Ubar_0 / S,
 *   t = Z sqrt((T - 2) / (T - 1 - Z^2)),  Student t with T - 2 df. */
void
evtests_grank (const evtests_cols *u, evtests_result *rz, evtests_result *rt)
{
  double ss = 0, u0 = NAN;
  size_t days = 0;
  for (size_t t = 0; t < u->m; t++)
    {
      if (!u->cnt[t])
        continue;
      double ub = u->sum[t] / u->cnt[t];
      ss += u->cnt[t] / (double) u->n * ub * ub;
      days++;
      if (t == u->m - 1)
        u0 = ub;
    }
  double T = (double) days, z = u0 / sqrt (ss / T);
  double t = z * sqrt ((T - 2) / (T - 1 - z * z));
  set (rz, "grank_z", z, NAN, evtests_p_z (z));
  set (rt, "grank_t", t, T - 2, evtests_p_t (t, T - 2));
}

/* --------------------------------------------------------- resampling */

/* Wild bootstrap of the cross-sectional t with Rademacher weights
 * (Wu 1986; Liu 1988; Mammen 1993), the null imposed: t*_b is the t of
 * e_i x_i, e_i = +1 or -1 with probability 1/2 (RNG);
 * p = (1 + #{|t*_b| >= |t|}) / (REPS + 1).  The statistic is t. */
void
evtests_bootstrap (const double *x, size_t n, size_t reps, gsl_rng *rng,
                   evtests_result *r)
{
  double *y = evs_xmalloc ((n ? n : 1) * sizeof *y);
  size_t k = 0, hits = 0;
  for (size_t i = 0; i < n; i++)
    if (isfinite (x[i]))
      y[k++] = x[i];
  evtests_result t0;
  evtests_cs_t (y, k, &t0);
  double *z = evs_xmalloc ((k ? k : 1) * sizeof *z);
  for (size_t b = 0; b < reps && isfinite (t0.stat); b++)
    {
      for (size_t i = 0; i < k; i++)
        z[i] = gsl_rng_uniform_int (rng, 2) ? y[i] : -y[i];
      double m, sd;
      moments (z, k, &m, &sd);
      double tb = m / (sd / sqrt ((double) k));
      hits += fabs (tb) >= fabs (t0.stat);
    }
  set (r, "bootstrap", t0.stat, NAN, ((double) hits + 1.0) / ((double) reps + 1.0));
  free (y);
  free (z);
}

void
evtests_placebo (const double *ar, const bool *allowed, size_t nar,
                 size_t len, double car0, size_t *k, size_t *n,
                 evtests_result *r)
{
  *k = *n = 0;
  for (size_t i = 0; i + len <= nar;)
    {
      size_t j = 0;
      double car = 0;
      while (j < len && allowed[i + j] && isfinite (ar[i + j]))
        car += ar[i + j++];
      if (j < len)
        {
          i += j + 1;   /* restart the tiling after the gap */
          continue;
        }
      (*n)++;
      *k += fabs (car) >= fabs (car0);
      i += len;
    }
  set (r, "placebo", (double) *k, NAN,
       *n ? ((double) *k + 1.0) / ((double) *n + 1.0) : NAN);
  if (!*n)
    r->stat = r->p = NAN;
  r->k = *k;
  r->nref = *n;
}

void
evtests_adjust (double *p, size_t n, bool bh)
{
  keyed *kw = evs_xmalloc ((n ? n : 1) * sizeof *kw);
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (isfinite (p[i]))
      kw[m++] = (keyed) { p[i], i };
  qsort (kw, m, sizeof *kw, keyed_cmp);
  double run = bh ? 1.0 : 0.0;
  for (size_t s = 0; s < m; s++)
    {
      size_t j = bh ? m - 1 - s : s;        /* BH runs from the largest p */
      double a = bh ? kw[j].v * (double) m / (double) (j + 1)
                    : kw[j].v * (double) (m - j);
      run = bh ? fmin (run, a) : fmax (run, a);
      p[kw[j].i] = fmin (1.0, run);
    }
  free (kw);
}

/* ------------------------------------------------------- volatility */

/* Beaver (1968, "The information content of annual earnings
 * announcements", J. Accounting Research 6, p. 67-92), the U statistic:
 * U_t = (AR_t / se_t)^2, the squared standardized abnormal return, and
 * over a window of L days Ubar = (1/L) sum U_t.  Each AR_t / se_t is
 * t(df) under normal returns (the prediction error over its estimated
 * standard error), so U_t is F(1, df); if the L prediction errors were
 * independent, Ubar would be F(L, df).  They are not quite (they share
 * the estimated coefficients, and s^2 is the same in every denominator):
 * F(L, df) is an approximation, whose size tests/volatility-sim.sh
 * measures. */
double
evtests_u_window (const double *ar, const double *se, size_t L, double df, double *p)
{
  double s = 0;
  for (size_t i = 0; i < L; i++)
    {
      double z = ar[i] / se[i];
      s += z * z;
    }
  double u = L && isfinite (s) ? s / (double) L : NAN;
  *p = isfinite (u) && df > 0 ? gsl_cdf_fdist_Q (u, (double) L, df) : NAN;
  return u;
}

/* The cross-sectional t of Ubar_i - E[F(L, df_i)] = df_i / (df_i - 2),
 * Brown and Warner (1985)'s t applied to the U statistic: the null mean
 * of Ubar is that of each U_t, which is exact (AR_t / se_t is t(df)
 * whatever the correlation between days), not 1 (1.0084 with 240
 * estimation days). */
void
evtests_u_t (const double *ubar, const double *df, size_t n, double *dev,
             evtests_result *r)
{
  for (size_t i = 0; i < n; i++)
    dev[i] = isfinite (ubar[i]) && df[i] > 2 ? ubar[i] - df[i] / (df[i] - 2) : NAN;
  evtests_cs_t (dev, n, r);
  r->name = "u_t";
}

/* A sign test of Ubar_i > 1: under H0 pair i exceeds 1 with p_i = P(F(L,
 * df_i) > 1) (below 1/2: F's median is under its mean), so the count K
 * is Poisson-binomial; its distribution by the recursion P_j(k) =
 * P_{j-1}(k) (1 - p_j) + P_{j-1}(k - 1) p_j (exact; O(N^2)), and the
 * two-sided p = min(1, 2 min(P(K <= k), P(K >= k))). */
void
evtests_u_sign (const double *ubar, const double *df, size_t n, size_t L,
                double *share, double *expect, evtests_result *r)
{
  double *pk = evs_xcalloc (n + 1, sizeof *pk), mean = 0;
  size_t m = 0, k = 0;
  pk[0] = 1;
  for (size_t i = 0; i < n; i++)
    {
      if (!isfinite (ubar[i]) || !(df[i] > 0))
        continue;
      double q = gsl_cdf_fdist_Q (1.0, (double) L, df[i]);
      mean += q;
      k += ubar[i] > 1;
      m++;
      for (size_t j = m; j > 0; j--)
        pk[j] = pk[j] * (1 - q) + pk[j - 1] * q;
      pk[0] *= 1 - q;
    }
  double lo = 0, hi = 0;
  for (size_t j = 0; j <= m; j++)
    {
      lo += j <= k ? pk[j] : 0;
      hi += j >= k ? pk[j] : 0;
    }
  free (pk);
  double p = 2 * (lo < hi ? lo : hi);
  *share = m ? (double) k / (double) m : NAN;
  *expect = m ? mean / (double) m : NAN;
  set (r, "u_sign", m ? (double) k : NAN, NAN, p > 1 ? 1 : p);
}
