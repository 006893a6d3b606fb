/* bar_study.c -- the intraday event study of one pair (bar_study.h). */
#include <config.h>
#include "bar_study.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- windows ---- */

/* One end: a whole number, optionally with a unit; *UNIT 0 for bars. */
static bool
parse_end (const char *s, const char *end, long *v, int *unit)
{
  char *e;
  long x = strtol (s, &e, 10);
  if (e == s || x < -1000000 || x > 1000000)
    return false;
  *unit = 0;
  if (e < end)
    {
      if (e + 1 != end)
        return false;
      *unit = *e == 's' ? 1 : *e == 'm' ? 60 : *e == 'h' ? 3600 : -1;
      if (*unit < 0)
        return false;
    }
  *v = x;
  return true;
}

bool
bar_window_parse (const char *s, bar_window *w)
{
  const char *colon = strchr (s, ':');
  if (!colon || strlen (s) >= sizeof w->text)
    return false;
  long a, b;
  int ua, ub;
  if (!parse_end (s, colon, &a, &ua) || !parse_end (colon + 1, colon + 1 + strlen (colon + 1), &b, &ub))
    return false;
  if ((ua == 0) != (ub == 0))
    return false;
  w->clock = ua != 0;
  w->a = w->clock ? a * ua : a;
  w->b = w->clock ? b * ub : b;
  if (w->a > w->b)
    return false;
  snprintf (w->text, sizeof w->text, "%s", s);
  return true;
}

/* ---- the joined series ---- */

typedef bar_joined joined;

/* The returns of prices P, computed once per series: R[k] = P_k /
 * P_{k-1} - 1 (R[0] unused), the expression each pair used to compute,
 * or the log return ln (P_k / P_{k-1}). */
static double *
returns_of (const double *p, size_t n, bool log_returns)
{
  double *r = evs_xmalloc ((n ? n : 1) * sizeof *r);
  r[0] = NAN;
  for (size_t k = 1; k < n; k++)
    r[k] = log_returns ? log (p[k] / p[k - 1]) : p[k] / p[k - 1] - 1;
  return r;
}

/* The times S and M (may be NULL) both have.  When every bar of S is
 * also M's (generated or consolidated data), S's arrays are borrowed, and
 * M's closes too when the two have the same times: only the returns are
 * new. */
/* The session starts and, without --seasonal, the prefix sums of J
 * (bar_joined). */
static void
prefix (const bar_study_opts *o, bar_joined *j)
{
  size_t n = j->n;
  j->sstart = evs_xmalloc ((n ? n : 1) * sizeof *j->sstart);
  for (size_t k = 0; k < n; k++)
    j->sstart[k] = k > 0 && j->session[k] == j->session[k - 1] ? j->sstart[k - 1] : (uint32_t) k;
  if (o->seasonal || !j->r)
    return;
  j->overnight = o->overnight;
  j->cnt = evs_xmalloc ((n + 1) * sizeof *j->cnt);
  for (int q = 0; q < 5; q++)
    j->sum[q] = evs_xmalloc ((n + 1) * sizeof *j->sum[q]);
  long double a[5] = { 0, 0, 0, 0, 0 };
  uint32_t c = 0;
  for (size_t k = 0; k < n; k++)
    {
      j->cnt[k] = c;
      for (int q = 0; q < 5; q++)
        j->sum[q][k] = a[q];
      if (k == 0 || (!o->overnight && j->session[k] != j->session[k - 1]))
        continue;
      long double x = j->r[k], y = j->rm ? j->rm[k] : 0;
      a[0] += x, a[1] += y, a[2] += x * x, a[3] += y * y, a[4] += x * y;
      c++;
    }
  j->cnt[n] = c;
  for (int q = 0; q < 5; q++)
    j->sum[q][n] = a[q];
}

void
bar_join (const bar_study_opts *o, const bars_series *s, const bars_series *m,
          bar_joined *j)
{
  memset (j, 0, sizeof *j);
  size_t k = 0;
  bool all = true;
  for (size_t i = 0; m && i < s->n && all; i++)
    {
      while (k < m->n && m->t[k] < s->t[i])
        k++;
      all = k < m->n && m->t[k] == s->t[i];
    }
  if (all)
    {
      j->n = s->n, j->t = s->t, j->ps = s->close;
      j->session = s->session, j->minute = s->minute;
      if (m && m->n == s->n)
        j->pm = m->close;
      else if (m)
        {
          double *pm = evs_xmalloc ((s->n ? s->n : 1) * sizeof *pm);
          for (size_t i = 0, q = 0; i < s->n; i++)
            {
              while (m->t[q] < s->t[i])
                q++;
              pm[i] = m->close[q];
            }
          j->pm = j->own[0] = pm;
        }
    }
  else
    {
      size_t cap = s->n ? s->n : 1;
      int64_t *t = j->own[0] = evs_xmalloc (cap * sizeof *t);
      double *ps = j->own[1] = evs_xmalloc (cap * sizeof *ps);
      double *pm = j->own[2] = evs_xmalloc (cap * sizeof *pm);
      int32_t *session = j->own[3] = evs_xmalloc (cap * sizeof *session);
      int16_t *minute = j->own[4] = evs_xmalloc (cap * sizeof *minute);
      size_t n = 0;
      k = 0;
      for (size_t i = 0; i < s->n; i++)
        {
          while (k < m->n && m->t[k] < s->t[i])
            k++;
          if (k == m->n || m->t[k] != s->t[i])
            continue;
          pm[n] = m->close[k];
          t[n] = s->t[i], ps[n] = s->close[i], session[n] = s->session[i];
          minute[n] = s->minute[i];
          n++;
        }
      j->n = n, j->t = t, j->ps = ps, j->pm = pm, j->session = session;
      j->minute = minute;
    }
  j->r = returns_of (j->ps, j->n, o->log_returns);
  j->rm = j->pm ? returns_of (j->pm, j->n, o->log_returns) : NULL;
  prefix (o, j);
}

/* The bars of S with a volume, as v = ln(1 + V) in J->ps (no returns:
 * the volume study reads levels). */
void
bar_join_volume (const bars_series *s, bar_joined *j)
{
  memset (j, 0, sizeof *j);
  size_t cap = s->n ? s->n : 1;
  int64_t *t = j->own[0] = evs_xmalloc (cap * sizeof *t);
  double *ps = j->own[1] = evs_xmalloc (cap * sizeof *ps);
  int32_t *session = j->own[3] = evs_xmalloc (cap * sizeof *session);
  int16_t *minute = j->own[4] = evs_xmalloc (cap * sizeof *minute);
  size_t n = 0;
  for (size_t i = 0; i < s->n; i++)
    if (isfinite (s->volume[i]))
      {
        t[n] = s->t[i], ps[n] = log1p (s->volume[i]);
        session[n] = s->session[i], minute[n] = s->minute[i];
        n++;
      }
  j->n = n, j->t = t, j->ps = ps, j->session = session, j->minute = minute;
  j->sstart = evs_xmalloc ((n ? n : 1) * sizeof *j->sstart);
  for (size_t k = 0; k < n; k++)
    j->sstart[k] = k > 0 && session[k] == session[k - 1] ? j->sstart[k - 1] : (uint32_t) k;
}

void
bar_joined_release (bar_joined *j)
{
  for (size_t i = 0; i < sizeof j->own / sizeof j->own[0]; i++)
    free (j->own[i]);
  free (j->r);
  free (j->rm);
  free (j->sstart);
  free (j->cnt);
  for (int q = 0; q < 5; q++)
    free (j->sum[q]);
  memset (j, 0, sizeof *j);
}

/* bars_day0 over the joined times. */
static size_t
day0 (const joined *j, int64_t instant, int32_t len, enum bars_align a)
{
  int64_t key = a == BARS_ALIGN_START ? instant : instant - len + 1;
  size_t lo = 0, hi = j->n;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (j->t[mid] < key)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The first index of J whose time is >= KEY. */
static long
lower (const joined *j, int64_t key)
{
  size_t lo = 0, hi = j->n;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (j->t[mid] < key)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (long) lo;
}

/* The bars (indices of J, >= 1: each has a return) window W holds
 * around K0: [*LO, *HI], empty if *LO > *HI. */
static void
window_range (const joined *j, size_t k0, const bar_window *w, long *lo, long *hi)
{
  if (!w->clock)
    *lo = (long) k0 + w->a, *hi = (long) k0 + w->b;
  else
    {
      *lo = lower (j, j->t[k0] + w->a);
      *hi = lower (j, j->t[k0] + w->b + 1) - 1;
    }
  if (*lo < 1)
    *lo = 1;
  if (*hi > (long) j->n - 1)
    *hi = (long) j->n - 1;
}

/* ---- time-of-day seasonality ---- */

#define NBINS (1440 + 1)

/* Per time-of-day bin, the mean and standard deviation of the stock's
 * (mu, sd) and the market's (mum, sdm) estimation returns; all 0 and 1
 * without --seasonal. */
typedef struct season {
  int width;             /* minutes per bin; 0: no adjustment */
  double mu[NBINS], sd[NBINS], mum[NBINS], sdm[NBINS];
} season;

/* Bin 0 holds first-of-session (overnight) returns; bin 1 + m / width
 * the others, by the local minute m of the bar's start. */
static int
bin_of (const season *z, const joined *j, size_t k)
{
  if (!z->width)
    return 0;
  if (j->session[k] != j->session[k - 1])
    return 0;
  return 1 + j->minute[k] / z->width;
}

/* Mean and sd of X[0..N) over the indices of bin B (BIN[i]); a bin with
 * fewer than 2 returns, or none of variance, takes the whole window's. */
static void
bin_stats (const double *x, const int *bin, size_t n, int nb, double *mu, double *sd)
{
  double all = 0, all2 = 0;
  for (size_t i = 0; i < n; i++)
    all += x[i];
  all /= (double) n;
  for (size_t i = 0; i < n; i++)
    all2 += (x[i] - all) * (x[i] - all);
  double allsd = n > 1 ? sqrt (all2 / (double) (n - 1)) : 1;
  if (!(allsd > 0))
    allsd = 1;
  for (int b = 0; b < nb; b++)
    {
      double s = 0, s2 = 0;
      size_t c = 0;
      for (size_t i = 0; i < n; i++)
        if (bin[i] == b)
          s += x[i], c++;
      double m = c ? s / (double) c : all;
      for (size_t i = 0; i < n; i++)
        if (bin[i] == b)
          s2 += (x[i] - m) * (x[i] - m);
      double d = c > 1 ? sqrt (s2 / (double) (c - 1)) : 0;
      mu[b] = c > 1 && d > 0 ? m : all;
      sd[b] = c > 1 && d > 0 ? d : allsd;
    }
}

/* The seasonal mean and scale per bin of the estimation returns R, RM
 * (indices EST of J), then R and RM standardised in place:
 * y = (r - mu_b) / sd_b (Andersen & Bollerslev 1997's intraday
 * periodicity, here the sample mean and standard deviation per bin over
 * the estimation sessions). */
static void
deseason (season *z, const joined *j, const size_t *est, size_t T, double *r, double *rm)
{
  int nb = z->width ? 1 + 1440 / z->width + 1 : 1;
  if (!z->width)
    {
      z->mu[0] = z->mum[0] = 0, z->sd[0] = z->sdm[0] = 1;
      return;
    }
  int *bin = evs_xmalloc ((T ? T : 1) * sizeof *bin);
  for (size_t i = 0; i < T; i++)
    bin[i] = bin_of (z, j, est[i]);
  bin_stats (r, bin, T, nb, z->mu, z->sd);
  if (j->pm)
    bin_stats (rm, bin, T, nb, z->mum, z->sdm);
  else
    for (int b = 0; b < nb; b++)
      z->mum[b] = 0, z->sdm[b] = 1;
  for (size_t i = 0; i < T; i++)
    {
      r[i] = (r[i] - z->mu[bin[i]]) / z->sd[bin[i]];
      rm[i] = (rm[i] - z->mum[bin[i]]) / z->sdm[bin[i]];
    }
  free (bin);
}

/* The first bar of the est_sessions-th session before day 0's, from
 * which estimation() reads. */
static size_t
est_start (int est_sessions, const joined *j, size_t k0)
{
  size_t x = j->sstart[k0];
  for (int i = 0; i < est_sessions && x > 0; i++)
    x = j->sstart[x - 1];
  return x;
}

/* Estimation returns into R and RM and their indices into EST (arrays
 * of K0 - est_start () + 1); returns T.  Without returns (J->r NULL:
 * volume) R holds the levels. */
static size_t
estimation (const bar_study_opts *o, const joined *j, size_t k0, int32_t len,
            long first_window, double *r, double *rm, size_t *est, bar_result *out)
{
  size_t lo = est_start (o->est_sessions, j, k0);
  size_t T = 0;
  for (size_t k = lo > 0 ? lo : 1; k < k0; k++)
    {
      if (j->t[k] + len > j->t[k0] - o->est_gap)
        break;
      /* A window's bar is never its own estimation data. */
      if ((long) k >= first_window)
        continue;
      if (!o->overnight && j->session[k] != j->session[k - 1])
        continue;
      r[T] = j->r ? j->r[k] : j->ps[k];
      rm[T] = j->rm ? j->rm[k] : 0;
      est[T] = k;
      if (T == 0)
        out->est_first = j->t[k];
      out->est_last = j->t[k];
      T++;
    }
  return T;
}

/* ---- the fit ---- */

/* Sum of X[0..N) in four interleaved partial sums: the adds of one
 * chain wait on each other, four chains do not (a fit runs at 500 k pairs
 * of ~4,000 returns in `make bench`). */
static double
sum4 (const double *x, size_t n)
{
  double a = 0, b = 0, c = 0, d = 0;
  size_t i = 0;
  for (; i + 4 <= n; i += 4)
    a += x[i], b += x[i + 1], c += x[i + 2], d += x[i + 3];
  for (; i < n; i++)
    a += x[i];
  return (a + b) + (c + d);
}

/* The mean or market model over R, RM[0..T): the estimates of model.c's
 * model_estimate (its fit_market, fit_mean) by plain centred sums in
 * three passes instead of GSL's running means (a division per return,
 * ten times slower); they agree to rounding.
 *   market: beta = S_xy / S_xx, alpha = mean R - beta mean Rm, s^2 =
 *     sum (R - alpha - beta Rm)^2 / (T - 2), C = s^2 (X'X)^-1, i.e. c00 =
 *     s^2 (1/T + mean_m^2 / S_xx), c01 = -s^2 mean_m / S_xx, c11 = s^2 /
 *     S_xx: MacKinlay (1997) eq. (15)-(17), Campbell, Lo & MacKinlay
 *     (1997) eq. (4.4.5)-(4.4.7).
 *   mean: mu = mean R, s^2 = sum (R - mu)^2 / (T - 1), Var(mu) = s^2 / T
 *     (CLM (4.4.3)-(4.4.4) with s^2 from the estimation window). */
static int
fit (enum model_kind kind, const double *r, const double *rm, size_t T, model_fit *f,
     evs_error *err)
{
  memset (f, 0, sizeof *f);
  f->kind = kind;
  f->T = T;
  if (T < model_min_obs (kind))
    return evs_fail (err, EVS_EDATA, "%zu estimation returns are too few for the %s model",
                     T, model_name (kind));
  double n = (double) T, my = sum4 (r, T) / n;
  if (kind == MODEL_MEAN)
    {
      double a = 0, b = 0;
      size_t i = 0;
      for (; i + 2 <= T; i += 2)
        a += (r[i] - my) * (r[i] - my), b += (r[i + 1] - my) * (r[i + 1] - my);
      for (; i < T; i++)
        a += (r[i] - my) * (r[i] - my);
      f->alpha = my, f->beta = NAN, f->df = n - 1;
      f->sigma = sqrt ((a + b) / f->df);
      f->c00 = f->sigma * f->sigma / n;
      f->r2 = NAN;
    }
  else
    {
      double mx = sum4 (rm, T) / n, sxx[2] = { 0, 0 }, sxy[2] = { 0, 0 }, syy[2] = { 0, 0 };
      for (size_t i = 0; i < T; i++)
        {
          double dx = rm[i] - mx, dy = r[i] - my;
          sxx[i & 1] += dx * dx, sxy[i & 1] += dx * dy, syy[i & 1] += dy * dy;
        }
      double Sxx = sxx[0] + sxx[1], Sxy = sxy[0] + sxy[1], Syy = syy[0] + syy[1];
      if (!(Sxx > 0))
        return evs_fail (err, EVS_EDATA, "the market return is constant over the estimation window");
      f->beta = Sxy / Sxx;
      f->alpha = my - f->beta * mx;
      double e[2] = { 0, 0 };
      for (size_t i = 0; i < T; i++)
        {
          double d = (r[i] - my) - f->beta * (rm[i] - mx);
          e[i & 1] += d * d;
        }
      double ssr = e[0] + e[1];
      f->df = n - 2;
      double s2 = ssr / f->df;
      f->sigma = sqrt (s2);
      f->c00 = s2 * (1 / n + mx * mx / Sxx);
      f->c01 = -s2 * mx / Sxx;
      f->c11 = s2 / Sxx;
      f->r2 = Syy > 0 ? 1 - ssr / Syy : NAN;
    }
  model_set_general (f);       /* k, theta and cov from the kind */
  return EVS_OK;
}

/* Whether the estimation keeps bar K's return. */
static bool
kept (const joined *j, size_t k, bool overnight)
{
  return k >= 1 && (overnight || j->session[k] == j->session[k - 1]);
}

/* estimation() and fit() in O(sessions + log n) from J's prefix sums:
 * the kept returns of [A, B) are a difference of two prefixes.  The
 * bars estimation() reads are those of [max (est_start, 1), B), B the
 * first bar ending later than EST_GAP before bar 0 or the first bar of
 * a window, whichever is earlier; the same model as fit(), from the
 * centred sums S_xx = sum Rm^2 - (sum Rm)^2 / T and so on, in long
 * double (the prefixes are, so differences of two lose little).  A
 * market whose S_xx is below 1e-12 of sum Rm^2 counts as constant
 * (exact zeros do not survive the subtraction). */
static size_t
estimate_prefix (const bar_study_opts *o, const joined *j, size_t k0, int32_t len,
                 long first_window, bar_result *out, int *rc, evs_error *err)
{
  size_t a = est_start (o->est_sessions, j, k0);
  a = a > 0 ? a : 1;
  /* the first k with t[k] + len > t[k0] - gap */
  size_t lo = a, hi = k0;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (j->t[mid] + len > j->t[k0] - o->est_gap)
        hi = mid;
      else
        lo = mid + 1;
    }
  size_t b = lo;
  if (first_window < (long) b)
    b = first_window > (long) a ? (size_t) first_window : a;
  size_t T = b > a ? j->cnt[b] - j->cnt[a] : 0;
  *rc = EVS_OK;
  if (T == 0)
    return 0;
  size_t f = a, l = b - 1;
  while (!kept (j, f, j->overnight))
    f++;
  while (!kept (j, l, j->overnight))
    l--;
  out->est_first = j->t[f], out->est_last = j->t[l];
  if (T < o->min_est)
    return T;
  model_fit *F = &out->fit;
  memset (F, 0, sizeof *F);
  F->kind = o->model, F->T = T;
  if (T < model_min_obs (o->model))
    {
      *rc = evs_fail (err, EVS_EDATA, "%zu estimation returns are too few for the %s model",
                      T, model_name (o->model));
      return T;
    }
  long double n = (long double) T, S[5];
  for (int q = 0; q < 5; q++)
    S[q] = j->sum[q][b] - j->sum[q][a];
  long double my = S[0] / n, Syy = S[2] - S[0] * S[0] / n;
  if (o->model == MODEL_MEAN)
    {
      /* mu = mean R, s^2 = S_yy / (T - 1), Var(mu) = s^2 / T (as fit()) */
      F->alpha = (double) my, F->beta = NAN, F->df = (double) T - 1;
      F->sigma = (double) sqrtl (Syy / (n - 1));
      F->c00 = F->sigma * F->sigma / (double) T;
      F->r2 = NAN;
    }
  else
    {
      long double mx = S[1] / n, Sxx = S[3] - S[1] * S[1] / n, Sxy = S[4] - S[0] * S[1] / n;
      if (!(Sxx > 1e-12L * S[3]))
        {
          *rc = evs_fail (err, EVS_EDATA,
                          "the market return is constant over the estimation window");
          return T;
        }
      /* OLS, MacKinlay (1997) eq. (15)-(17), CLM (4.4.5)-(4.4.7) as fit() */
      long double beta = Sxy / Sxx, ssr = Syy - beta * Sxy, s2 = ssr / (n - 2);
      F->beta = (double) beta;
      F->alpha = (double) (my - beta * mx);
      F->df = (double) T - 2;
      F->sigma = (double) sqrtl (s2);
      F->c00 = (double) (s2 * (1 / n + mx * mx / Sxx));
      F->c01 = (double) (-s2 * mx / Sxx);
      F->c11 = (double) (s2 / Sxx);
      F->r2 = Syy > 0 ? (double) (1 - ssr / Syy) : NAN;
    }
  model_set_general (F);       /* k, theta and cov from the kind */
  return T;
}

/* Marks OUT skipped for REASON (cut to fit). */
static void
skip (bar_result *out, const char *reason)
{
  out->ok = false;
  size_t n = strlen (reason);
  if (n >= sizeof out->reason)
    n = sizeof out->reason - 1;
  memcpy (out->reason, reason, n);
  out->reason[n] = '\0';
}

/* Bar K's standardised returns (*Y, *YM) and its scale; the identity
 * without --seasonal. */
static double
standardise (const season *z, const joined *j, size_t k, double *y, double *ym)
{
  int b = bin_of (z, j, k);
  *y = (j->r[k] - z->mu[b]) / z->sd[b];
  *ym = j->pm ? (j->rm[k] - z->mum[b]) / z->sdm[b] : 0;
  return z->sd[b];
}

static void
fill_ars (const season *z, const joined *j, size_t k0, int32_t len, long lo, long hi,
          bar_result *out)
{
  out->ars = evs_xmalloc ((size_t) (hi - lo + 1) * sizeof *out->ars);
  for (long k = lo; k <= hi; k++)
    {
      bar_ar *a = &out->ars[out->nars++];
      double y, ym, sd = standardise (z, j, (size_t) k, &y, &ym);
      a->rel = k - (long) k0;
      a->t = j->t[k], a->from = j->t[k - 1] + len;
      a->overnight = j->session[k] != j->session[k - 1];
      a->r = j->r[k];
      a->rm = j->pm ? j->rm[k] : NAN;
      /* AR_t = sd_b (y_t - x_t' theta); without --seasonal sd_b = 1,
       * y_t = R_t */
      a->ar = sd * (y - model_expected (&out->fit, ym));
      a->expected = a->r - a->ar;
      /* Var(AR_t) = sd_b^2 (s^2 + x_t' C x_t), CLM (4.4.8) */
      a->se = sd * sqrt (model_ar_var (&out->fit, ym));
      a->t_stat = a->ar / a->se;
      a->p = model_p_two_sided (a->t_stat, out->fit.df);
    }
}

static void
fill_cars (const bar_study_opts *o, const season *z, const joined *j, size_t k0,
           bar_result *out)
{
  const model_fit *f = &out->fit;
  out->cars = evs_xcalloc (o->nwindows ? o->nwindows : 1, sizeof *out->cars);
  for (size_t w = 0; w < o->nwindows; w++)
    {
      bar_car *c = &out->cars[out->ncars++];
      long lo, hi;
      window_range (j, k0, &o->windows[w], &lo, &hi);
      c->w = &o->windows[w];
      c->df = f->df;
      if (lo > hi)
        {
          c->car = c->se = c->t_stat = c->p = NAN;
          continue;
        }
      double sum_ar = 0, s2 = 0, u0 = 0, u1 = 0;
      for (long k = lo; k <= hi; k++)
        {
          double y, ym, sd = standardise (z, j, (size_t) k, &y, &ym);
          sum_ar += sd * (y - model_expected (f, ym));
          s2 += sd * sd, u0 += sd, u1 += sd * ym;
        }
      c->first = lo - (long) k0, c->last = hi - (long) k0;
      c->t_first = j->t[lo], c->t_last = j->t[hi];
      c->L = (size_t) (hi - lo + 1);
      c->car = sum_ar;
      /* Var(CAR) = s^2 sum sd_b^2 + u' C u, u = sum sd_b x_t: CLM
       * (4.4.11) with the AR covariance D (s^2 I + X C X') D, D = diag(sd_b);
       * L s^2 + u' C u, u = (L, sum Rm) without --seasonal */
      double uCu = u0 * u0 * f->c00;
      if (f->k >= 2)
        uCu += 2 * u0 * u1 * f->c01 + u1 * u1 * f->c11;
      c->se = sqrt (f->sigma * f->sigma * s2 + uCu);
      c->t_stat = c->car / c->se;
      c->p = model_p_two_sided (c->t_stat, c->df);
    }
}

/* --keep_est: the estimation bars of the fitted model (estimation ()'s
 * bars, the same as estimate_prefix's) with their residual AR_k = sd_b
 * (y_k - x_k' theta) and standardised AR_k / (sd_b s) into OUT's est_*. */
static void
fill_est (const bar_study_opts *o, const season *z, const joined *j, size_t k0,
          int32_t len, long first_window, bar_result *out)
{
  size_t cap = k0 - est_start (o->est_sessions, j, k0) + 1;
  double *r = evs_xmalloc (2 * cap * sizeof *r), *rm = r + cap;
  size_t *est = evs_xmalloc (cap * sizeof *est);
  int64_t f = out->est_first, l = out->est_last;
  size_t T = estimation (o, j, k0, len, first_window, r, rm, est, out);
  out->est_first = f, out->est_last = l;
  char *blk = evs_xmalloc ((T ? T : 1) * (3 * sizeof (double) + sizeof (int32_t)));
  out->est_t = (int64_t *) blk;
  out->est_ar = (double *) (blk + T * sizeof (int64_t));
  out->est_sar = out->est_ar + T;
  out->est_rel = (int32_t *) (out->est_sar + T);
  for (size_t i = 0; i < T; i++)
    {
      size_t k = est[i];
      double y, ym, sd = standardise (z, j, k, &y, &ym);
      out->est_t[i] = j->t[k];
      out->est_rel[i] = (int32_t) ((long) k - (long) k0);
      out->est_ar[i] = sd * (y - model_expected (&out->fit, ym));
      out->est_sar[i] = out->est_ar[i] / (sd * out->fit.sigma);
    }
  free (r);
  free (est);
}

/* The reported bars: the union of the windows. */
static void
ar_range (const bar_study_opts *o, const joined *j, size_t k0, long *lo, long *hi)
{
  *lo = LONG_MAX, *hi = LONG_MIN;
  for (size_t w = 0; w < o->nwindows; w++)
    {
      long a, b;
      window_range (j, k0, &o->windows[w], &a, &b);
      if (a <= b)
        *lo = a < *lo ? a : *lo, *hi = b > *hi ? b : *hi;
    }
}

void
bar_study_joined (const bar_study_opts *o, const evs_event *e, const bars_series *s,
                  const bars_series *m, const bar_joined *jp, bar_result *out)
{
  memset (out, 0, sizeof *out);
  out->event = e, out->s = s, out->m = m;
  out->ok = true;
  const joined j = *jp;
  size_t k0 = day0 (&j, e->instant, s->len, o->align);
  if (m && j.n == 0)
    skip (out, "no bar time shared with the market");
  else if (!e->has_instant)
    skip (out, "the event has no time: give it one (date with time and offset, or time and timezone)");
  else if (k0 == j.n)
    skip (out, "the event is after the data");
  else if (k0 == 0)
    skip (out, "no bar before day 0");
  if (!out->ok)
    return;
  out->t0 = j.t[k0];
  long lo, hi;
  ar_range (o, &j, k0, &lo, &hi);
  if (j.cnt && j.overnight == o->overnight && !o->seasonal)
    {
      /* no time-of-day adjustment: the identity in bin 0 */
      static const season none = { 0, { 0 }, { 1 }, { 0 }, { 1 } };
      evs_error err;
      int rc;
      size_t T = estimate_prefix (o, &j, k0, s->len, lo, out, &rc, &err);
      out->n_est = T;
      char why[96];
      snprintf (why, sizeof why, "%zu estimation returns, fewer than --min-estimation (%zu)",
                T, o->min_est);
      if (T < o->min_est)
        skip (out, why);
      else if (rc)
        skip (out, err.msg);
      if (out->ok && lo <= hi && !o->no_ars)
        fill_ars (&none, &j, k0, s->len, lo, hi, out);
      if (out->ok)
        fill_cars (o, &none, &j, k0, out);
      if (out->ok && o->keep_est)
        fill_est (o, &none, &j, k0, s->len, lo, out);
      return;
    }
  size_t cap = k0 - est_start (o->est_sessions, &j, k0) + 1;
  double *r = evs_xmalloc (cap * sizeof *r), *rm = evs_xmalloc (cap * sizeof *rm);
  size_t *est = evs_xmalloc (cap * sizeof *est);
  size_t T = estimation (o, &j, k0, s->len, lo, r, rm, est, out);
  season *z = evs_xcalloc (1, sizeof *z);
  z->width = o->seasonal;
  if (T >= o->min_est)
    deseason (z, &j, est, T, r, rm);
  out->n_est = T;
  evs_error err;
  char why[96];
  snprintf (why, sizeof why, "%zu estimation returns, fewer than --min-estimation (%zu)",
            T, o->min_est);
  if (T < o->min_est)
    skip (out, why);
  else if (fit (o->model, r, rm, T, &out->fit, &err))
    skip (out, err.msg);
  if (out->ok && lo <= hi && !o->no_ars)
    fill_ars (z, &j, k0, s->len, lo, hi, out);
  if (out->ok)
    fill_cars (o, z, &j, k0, out);
  if (out->ok && o->keep_est)
    fill_est (o, z, &j, k0, s->len, lo, out);
  free (z);
  free (est);
  free (r);
  free (rm);
}

void
bar_study_pair (const bar_study_opts *o, const evs_event *e, const bars_series *s,
                const bars_series *m, bar_result *out)
{
  bar_joined j;
  bar_join (o, s, m, &j);
  bar_study_joined (o, e, s, m, &j, out);
  bar_joined_release (&j);
}

/* ---- abnormal log volume ---- */

/* The time-of-day benchmark: per bin, the estimation bars' count, mean
 * and sd of v (a bin with fewer than 2, or no variance, takes the whole
 * window's); *DF = T - the number of bins with data. */
typedef struct vbench {
  int width;
  double n[NBINS], mean[NBINS], sd[NBINS];
} vbench;

static int
vbin (const vbench *b, const joined *j, size_t k)
{
  return k == 0 || j->session[k] != j->session[k - 1] ? 0 : 1 + j->minute[k] / b->width;
}

static void
vbench_fit (vbench *b, const joined *j, const size_t *est, size_t T, double *df)
{
  int nb = 1 + 1440 / b->width + 1;
  double all = 0, all2 = 0, used = 0;
  for (size_t i = 0; i < T; i++)
    all += j->ps[est[i]];
  all /= (double) T;
  for (size_t i = 0; i < T; i++)
    all2 += (j->ps[est[i]] - all) * (j->ps[est[i]] - all);
  double allsd = T > 1 ? sqrt (all2 / (double) (T - 1)) : 0;
  for (int c = 0; c < nb; c++)
    {
      double n = 0, s = 0, s2 = 0;
      for (size_t i = 0; i < T; i++)
        if (vbin (b, j, est[i]) == c)
          n++, s += j->ps[est[i]];
      double m = n ? s / n : all;
      for (size_t i = 0; i < T; i++)
        if (vbin (b, j, est[i]) == c)
          s2 += (j->ps[est[i]] - m) * (j->ps[est[i]] - m);
      double sd = n > 1 ? sqrt (s2 / (n - 1)) : 0;
      bool own = n > 1 && sd > 0;
      used += n > 0;
      b->n[c] = own ? n : (double) T;
      b->mean[c] = own ? m : all;
      b->sd[c] = own ? sd : allsd;
    }
  *df = (double) T - used;
}

void
bar_study_volume_joined (const bar_study_opts *o, const evs_event *e,
                         const bars_series *s, const bar_joined *jp, bar_result *out)
{
  memset (out, 0, sizeof *out);
  out->event = e, out->s = s;
  out->ok = true;
  const joined j = *jp;
  size_t k0 = day0 (&j, e->instant, s->len, o->align);
  if (j.n == 0)
    skip (out, "no volume: the file has no volume column or every value is missing");
  else if (!e->has_instant)
    skip (out, "the event has no time: give it one (date with time and offset, or time and timezone)");
  else if (k0 == j.n)
    skip (out, "the event is after the data");
  else if (k0 == 0)
    skip (out, "no bar before day 0");
  if (!out->ok)
    return;
  out->t0 = j.t[k0];
  long lo, hi;
  ar_range (o, &j, k0, &lo, &hi);
  size_t cap = k0 - est_start (o->est_sessions, &j, k0) + 1;
  double *r = evs_xmalloc (cap * sizeof *r), *rm = evs_xmalloc (cap * sizeof *rm);
  size_t *est = evs_xmalloc (cap * sizeof *est);
  bar_study_opts ov = *o;
  ov.overnight = true;     /* the opening bar's volume is a level, not a gap */
  size_t T = estimation (&ov, &j, k0, s->len, lo, r, rm, est, out);
  out->n_est = T;
  char why[96];
  snprintf (why, sizeof why, "%zu estimation bars, fewer than --min-estimation (%zu)",
            T, o->min_est);
  vbench *b = evs_xcalloc (1, sizeof *b);
  b->width = o->seasonal ? o->seasonal : 30;
  double df = 0;
  if (T < o->min_est || T < 3)
    skip (out, why);
  else
    vbench_fit (b, &j, est, T, &df);
  out->fit.kind = MODEL_MEAN, out->fit.T = T, out->fit.df = df;
  out->fit.alpha = out->fit.beta = out->fit.sigma = NAN;
  if (out->ok && o->keep_est)
    {
      /* the aggregate's residuals: AV of each estimation bar against its
       * bin, and AV / sd_b (as the event bars' AR and AR / sd) */
      char *blk = evs_xmalloc (T * (3 * sizeof (double) + sizeof (int32_t)));
      out->est_t = (int64_t *) blk;
      out->est_ar = (double *) (blk + T * sizeof (int64_t));
      out->est_sar = out->est_ar + T;
      out->est_rel = (int32_t *) (out->est_sar + T);
      for (size_t i = 0; i < T; i++)
        {
          int c = vbin (b, &j, est[i]);
          out->est_t[i] = j.t[est[i]];
          out->est_rel[i] = (int32_t) ((long) est[i] - (long) k0);
          out->est_ar[i] = j.ps[est[i]] - b->mean[c];
          out->est_sar[i] = out->est_ar[i] / b->sd[c];
        }
    }
  if (out->ok && lo <= hi && !o->no_ars)
    {
      out->ars = evs_xmalloc ((size_t) (hi - lo + 1) * sizeof *out->ars);
      for (long k = lo; k <= hi; k++)
        {
          bar_ar *a = &out->ars[out->nars++];
          int c = vbin (b, &j, (size_t) k);
          a->rel = k - (long) k0;
          a->t = j.t[k], a->from = j.t[k];
          a->overnight = c == 0;
          a->r = j.ps[k], a->rm = NAN, a->expected = b->mean[c];
          /* AV_t = v_t - mean_b; Var = sd_b^2 (1 + 1/n_b): the prediction
           * error of a bin mean (Campbell & Wasley 1996's mean-adjusted
           * log volume, with a time-of-day mean) */
          a->ar = a->r - a->expected;
          a->se = b->sd[c] * sqrt (1 + 1 / b->n[c]);
          a->t_stat = a->ar / a->se;
          a->p = model_p_two_sided (a->t_stat, b->n[c] - 1);
        }
    }
  if (out->ok)
    {
      out->cars = evs_xcalloc (o->nwindows ? o->nwindows : 1, sizeof *out->cars);
      double *cnt = evs_xcalloc (NBINS, sizeof *cnt);
      for (size_t w = 0; w < o->nwindows; w++)
        {
          bar_car *c = &out->cars[out->ncars++];
          long wlo, whi;
          window_range (&j, k0, &o->windows[w], &wlo, &whi);
          c->w = &o->windows[w];
          c->df = df;
          if (wlo > whi)
            {
              c->car = c->se = c->t_stat = c->p = NAN;
              continue;
            }
          memset (cnt, 0, NBINS * sizeof *cnt);
          double sum = 0, var = 0;
          for (long k = wlo; k <= whi; k++)
            {
              int bb = vbin (b, &j, (size_t) k);
              sum += j.ps[k] - b->mean[bb];
              var += b->sd[bb] * b->sd[bb];
              cnt[bb]++;
            }
          /* Var(CAV) = sum_t sd_b(t)^2 + sum_b c_b^2 sd_b^2 / n_b: bars of
           * one bin share its estimated mean */
          for (int bb = 0; bb < NBINS; bb++)
            if (cnt[bb])
              var += cnt[bb] * cnt[bb] * b->sd[bb] * b->sd[bb] / b->n[bb];
          c->first = wlo - (long) k0, c->last = whi - (long) k0;
          c->t_first = j.t[wlo], c->t_last = j.t[whi];
          c->L = (size_t) (whi - wlo + 1);
          c->car = sum;
          c->se = sqrt (var);
          c->t_stat = c->car / c->se;
          c->p = model_p_two_sided (c->t_stat, df);
        }
      free (cnt);
    }
  free (b);
  free (est);
  free (r);
  free (rm);
}

void
bar_study_volume (const bar_study_opts *o, const evs_event *e, const bars_series *s,
                  bar_result *out)
{
  bar_joined j;
  bar_join_volume (s, &j);
  bar_study_volume_joined (o, e, s, &j, out);
  bar_joined_release (&j);
}

void
bar_result_release (bar_result *r)
{
  free (r->ars);
  free (r->cars);
  free (r->est_t);
  memset (r, 0, sizeof *r);
}
