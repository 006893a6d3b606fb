/* bargen -- a seeded generator of realistic one-minute bars whose daily
 * closes are the real ones of the shared daily files (issue 16).
 *
 * Usage: bargen SEED FROM TO OUTDIR SPEC... [--missing P] [--jump T:EPOCH:SIZE]...
 *   SPEC is TICKER:DAILY_FILE:MARKET:BETA (MARKET "-" for a market,
 *   which must come before the stocks that use it).  Writes
 *   OUTDIR/TICKER.csv in Polygon's flat-file layout (ticker, volume, open,
 *   close, high, low, window_start in epoch ns, transactions) for the
 *   sessions of DAILY_FILE from FROM to TO (YYYY-MM-DD).
 *
 * Each session of the exchange's regular hours (bars.c's table, so Hong
 * Kong's lunch break has no bars) is a random walk in log price:
 *   - the first bar's return carries an overnight gap, N(0, 0.01^2);
 *   - minute shocks have a U-shaped standard deviation over the session,
 *     s_i = S (1 + 2 u_i^2), u_i from -1 at the open to 1 at the close
 *     (Wood, McInish & Ord 1985; Harris 1986);
 *   - a stock's shock is BETA times its market's shock of that minute
 *     plus its own;
 *   - --jump adds SIZE to the log price of T at the bar starting at EPOCH
 *     (up to 64 jumps, --jump once each),
 *     whose volume is five times what it would have been;
 *   - the walk is pinned to the session's real close by a Brownian
 *     bridge: x_i = w_i - (i + 1)/n (w_{n-1} - ln C_d), so the last bar's
 *     close is the daily close exactly (written from the daily value);
 *   - with probability P (default 0.02) a bar is not written (Polygon
 *     writes no row for a minute without a trade), never the first or
 *     last of a session nor the jump's bar or the one before it.
 * Volume is U-shaped too.  GSL's mt19937 with SEED: the same bars on
 * every run. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "bars.h"
#include "calendar.h"
#include "date.h"
#include "price_import.h"

#define MAXS 8
#define MAXBARS 600

typedef struct gen {
  const char *ticker, *file, *market;
  double beta;
  const calendar_exchange *x;
  evs_series_list daily;
  /* per session of the run: its date and minute shocks (markets only) */
  int32_t *dates;
  double (*shock)[MAXBARS];
  size_t nsess;
} gen;

static gen g[MAXS];
static size_t ng;

/* The --jump options. */
static struct jump {
  const char *ticker;
  long long t;
  double size;
} jumps[64];
static size_t njumps;

/* The jumps of TICKER at the bar starting at T (0: none); *NEAR whether
 * T or NEXT (the next bar's start, -1 for none) has one. */
static double
jump_at (const char *ticker, int64_t t, int64_t next, bool *near)
{
  double x = 0;
  *near = false;
  for (size_t i = 0; i < njumps; i++)
    if (strcmp (jumps[i].ticker, ticker) == 0)
      {
        x += jumps[i].t == t ? jumps[i].size : 0;
        *near |= jumps[i].t == t || jumps[i].t == next;
      }
  return x;
}

static void
die (const char *what)
{
  fprintf (stderr, "bargen: %s\n", what);
  exit (2);
}

/* The session's minutes (local, after midnight) in *M; returns their
 * number. */
static int
minutes (const bars_hours *h, int *m)
{
  int n = 0;
  for (int t = h->open; t < h->close; t++)
    if (!(h->brk_start <= t && t < h->brk_end))
      m[n++] = t;
  return n;
}

static const gen *
find (const char *ticker)
{
  for (size_t i = 0; i < ng; i++)
    if (strcmp (g[i].ticker, ticker) == 0)
      return &g[i];
  return NULL;
}

static void
write_session (FILE *fp, gen *s, gsl_rng *r, int32_t day, double prev, double close,
               double missing)
{
  const bars_hours *h = bars_hours_for (s->x);
  int m[MAXBARS];
  int n = minutes (h, m);
  const gen *mk = strcmp (s->market, "-") ? find (s->market) : NULL;
  const double *ms = NULL;
  for (size_t k = 0; mk && k < mk->nsess; k++)
    if (mk->dates[k] == day)
      ms = mk->shock[k];
  double base = mk ? 0.0006 : 0.0004;
  double w[MAXBARS], sh[MAXBARS];
  int64_t t[MAXBARS];
  char *saved = bars_zone_enter (s->x->tz);
  for (int i = 0; i < n; i++)
    {
      int64_t second;
      bars_local_instants (day, m[i] * 60, &t[i], &second);
      double u = n > 1 ? 2.0 * i / (n - 1) - 1 : 0;
      sh[i] = gsl_ran_gaussian (r, base * (1 + 2 * u * u));
      double x = (ms ? s->beta * ms[i] : 0) + sh[i];
      if (i == 0)
        x += gsl_ran_gaussian (r, 0.01);
      bool near;
      x += jump_at (s->ticker, t[i], -1, &near);
      w[i] = (i ? w[i - 1] : log (prev)) + x;
    }
  bars_zone_leave (saved);
  if (!mk)
    {
      s->dates[s->nsess] = day;
      memcpy (s->shock[s->nsess], sh, sizeof sh);
    }
  s->nsess++;
  double fix = w[n - 1] - log (close), last = prev;
  for (int i = 0; i < n; i++)
    {
      double c = i == n - 1 ? close : exp (w[i] - (i + 1.0) / n * fix);
      double u = n > 1 ? 2.0 * i / (n - 1) - 1 : 0;
      double o = last, hi = fmax (o, c) * (1 + fabs (gsl_ran_gaussian (r, base / 2)));
      double lo = fmin (o, c) * (1 - fabs (gsl_ran_gaussian (r, base / 2)));
      long v = lround (1e5 * (1 + 3 * u * u) * exp (gsl_ran_gaussian (r, 0.3)));
      bool jumpbar;
      if (jump_at (s->ticker, t[i], i + 1 < n ? t[i + 1] : -1, &jumpbar) != 0)
        v *= 5;   /* the jump trades five times the usual volume */
      bool drop = gsl_rng_uniform (r) < missing && i > 0 && i < n - 1 && !jumpbar;
      last = c;
      if (drop)
        continue;
      fprintf (fp, "%s,%ld,%.6f,%.17g,%.6f,%.6f,%lld000000000,%ld\n", s->ticker, v, o, c,
               hi, lo, (long long) t[i], v / 100 + 1);
    }
}

static void
generate (gen *s, gsl_rng *r, int32_t from, int32_t to, const char *dir,
          double missing)
{
  price_import_opts po = { "Close", s->ticker, false, 0, false };
  evs_error err;
  series_list_init (&s->daily);
  if (price_import_file (s->file, &po, &s->daily, &err))
    die (err.msg);
  const evs_series *d = &s->daily.v[0];
  s->dates = calloc (d->n, sizeof *s->dates);
  s->shock = calloc (d->n, sizeof *s->shock);
  if (!s->dates || !s->shock)
    die ("out of memory");
  char path[4096];
  snprintf (path, sizeof path, "%s/%s.csv", dir, s->ticker);
  FILE *fp = fopen (path, "w");
  if (!fp)
    die ("cannot write the output");
  fputs ("ticker,volume,open,close,high,low,window_start,transactions\n", fp);
  for (size_t i = 1; i < d->n; i++)
    if (d->date[i] >= from && d->date[i] <= to)
      write_session (fp, s, r, d->date[i], d->price[i - 1], d->price[i], missing);
  if (fclose (fp))
    die ("write error");
}

int
main (int argc, char **argv)
{
  double missing = 0.02;
  int32_t from, to;
  if (argc < 6 || !date_parse_any (argv[2], strlen (argv[2]), &from)
      || !date_parse_any (argv[3], strlen (argv[3]), &to))
    die ("usage: bargen SEED FROM TO OUTDIR TICKER:FILE:MARKET:BETA... [--missing P] [--jump T:EPOCH:SIZE]");
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, strtoul (argv[1], NULL, 10));
  for (int i = 5; i < argc; i++)
    {
      if (strcmp (argv[i], "--missing") == 0 && i + 1 < argc)
        missing = atof (argv[++i]);
      else if (strcmp (argv[i], "--jump") == 0 && i + 1 < argc)
        {
          char *a = argv[++i], *c1 = strchr (a, ':'), *c2 = c1 ? strchr (c1 + 1, ':') : NULL;
          if (!c2 || njumps == sizeof jumps / sizeof *jumps)
            die ("--jump T:EPOCH:SIZE, at most 64");
          *c1 = *c2 = '\0';
          jumps[njumps++] = (struct jump) { a, atoll (c1 + 1), atof (c2 + 1) };
        }
      else
        {
          if (ng == MAXS)
            die ("too many series");
          gen *s = &g[ng++];
          s->ticker = strtok (argv[i], ":");
          s->file = strtok (NULL, ":");
          s->market = strtok (NULL, ":");
          const char *b = strtok (NULL, ":");
          if (!s->file || !s->market || !b)
            die ("SPEC is TICKER:FILE:MARKET:BETA");
          s->beta = atof (b);
          s->x = calendar_for_ticker (s->ticker);
        }
    }
  for (size_t i = 0; i < ng; i++)
    generate (&g[i], r, from, to, argv[4], missing);
  for (size_t i = 0; i < ng; i++)
    {
      series_list_release (&g[i].daily);
      free (g[i].dates);
      free (g[i].shock);
    }
  gsl_rng_free (r);
  return 0;
}
