/* gen.c -- writes a synthetic market for the benchmarks, deterministic
 * for a given seed.
 *
 * Returns follow a one-factor model R_i = a_i + b_i Rm + s_i e_i with the
 * market Rm and the idiosyncratic e_i drawn from Student t distributions
 * (4 degrees of freedom, scaled to unit variance: fat tails), betas from
 * 0.3 to 2.0 and volatilities from 1% to 4% a day.  About 1 security day
 * in 500 is missing (a gap), and 1 security in 50 is halted: its last 10%
 * of sessions are absent.  Sessions are weekdays from 2000-01-03.
 *
 * Usage: gen [--seed S] [--long FILE] [--dir DIR] [--events FILE]
 *            [--pairs N] [--event-session K] N_SECURITIES N_SESSIONS
 *   --dir DIR     one yfinance flat CSV per security (S0001.csv ...) and
 *                 MKT.csv, the market index
 *   --long FILE   the same in one long file Date,ticker,price
 *   --events FILE N random (event, security) pairs, or one event for all
 *                 securities on session K (0-based) of --event-session
 */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "date.h"

typedef struct universe {
  size_t n, T;
  int32_t *date;      /* T sessions */
  double *mkt;        /* T market levels */
  double *price;      /* n x T prices, NaN = missing */
} universe;

static double
t_unit (gsl_rng *r)
{
  /* A t(4) variate has variance 4/(4-2) = 2. */
  return gsl_ran_tdist (r, 4.0) / sqrt (2.0);
}

static void
make_dates (universe *u)
{
  int32_t d;
  date_from_ymd (2000, 1, 3, &d);
  for (size_t t = 0; t < u->T; d++)
    if (date_weekday (d) < 5)
      u->date[t++] = d;
}

static void
simulate (universe *u, gsl_rng *r)
{
  double level = 1000.0;
  double *rm = malloc (u->T * sizeof *rm);
  for (size_t t = 0; t < u->T; t++)
    {
      rm[t] = t ? 0.0003 + 0.011 * t_unit (r) : 0.0;
      u->mkt[t] = level *= 1.0 + rm[t];
    }
  for (size_t i = 0; i < u->n; i++)
    {
      double a = gsl_ran_flat (r, -0.0002, 0.0004), b = gsl_ran_flat (r, 0.3, 2.0);
      double s = gsl_ran_flat (r, 0.01, 0.04), p = gsl_ran_flat (r, 10, 200);
      bool halted = gsl_rng_uniform (r) < 0.02;
      for (size_t t = 0; t < u->T; t++)
        {
          if (t)
            p *= fmax (1.0 + a + b * rm[t] + s * t_unit (r), 0.05);
          bool gap = (halted && t > u->T * 9 / 10) || gsl_rng_uniform (r) < 0.002;
          u->price[i * u->T + t] = gap && t ? NAN : p;
        }
    }
  free (rm);
}

static void
write_dir (const universe *u, const char *dir)
{
  char path[4096], b[11];
  mkdir (dir, 0777);
  for (size_t i = 0; i <= u->n; i++)
    {
      if (i < u->n)
        snprintf (path, sizeof path, "%s/S%05zu.csv", dir, i + 1);
      else
        snprintf (path, sizeof path, "%s/MKT.csv", dir);
      FILE *fp = fopen (path, "w");
      if (!fp)
        {
          perror (path);
          exit (1);
        }
      fputs ("Date,Close,High,Low,Open,Volume\n", fp);
      for (size_t t = 0; t < u->T; t++)
        {
          double p = i < u->n ? u->price[i * u->T + t] : u->mkt[t];
          if (!isnan (p))
            fprintf (fp, "%s,%.10g,%.10g,%.10g,%.10g,%d\n", date_format (u->date[t], b),
                     p, p * 1.01, p * 0.99, p * 1.001, 1000000 + (int) (t % 977) * 1000);
        }
      fclose (fp);
    }
}

/* With VOLUME (--volume, issue 12's workload) a Volume column too: a
 * deterministic share volume that varies by security and session. */
static void
write_long (const universe *u, const char *path, bool volume)
{
  char b[11];
  FILE *fp = fopen (path, "w");
  if (!fp)
    {
      perror (path);
      exit (1);
    }
  fputs (volume ? "Date,ticker,price,Volume\n" : "Date,ticker,price\n", fp);
  for (size_t i = 0; i <= u->n; i++)
    for (size_t t = 0; t < u->T; t++)
      {
        double p = i < u->n ? u->price[i * u->T + t] : u->mkt[t];
        if (isnan (p))
          continue;
        if (i < u->n)
          fprintf (fp, "%s,S%05zu,%.10g", date_format (u->date[t], b), i + 1, p);
        else
          fprintf (fp, "%s,MKT,%.10g", date_format (u->date[t], b), p);
        if (volume)
          fprintf (fp, ",%zu", 1000000 + (i * 7919 + t * 104729) % 500000);
        putc ('\n', fp);
      }
  fclose (fp);
}

/* N random (date, security) pairs with room for the windows, or one
 * event on session DAY (if >= 0) for every security. */
static void
write_events (const universe *u, const char *path, size_t pairs,
              long day, gsl_rng *r)
{
  char b[11];
  FILE *fp = fopen (path, "w");
  if (!fp)
    {
      perror (path);
      exit (1);
    }
  fputs ("date,label,tickers\n", fp);
  if (day >= 0)
    fprintf (fp, "%s,Common event,\n", date_format (u->date[day], b));
  for (size_t k = 0; day < 0 && k < pairs; k++)
    {
      size_t t = 300 + gsl_rng_uniform_int (r, u->T - 330);
      size_t i = gsl_rng_uniform_int (r, u->n);
      fprintf (fp, "%s,Event %zu,S%05zu\n", date_format (u->date[t], b), k + 1, i + 1);
    }
  fclose (fp);
}

int
main (int argc, char **argv)
{
  /* GSL reports through return codes; its default handler aborts. */
  gsl_set_error_handler_off ();
  static const struct option opts[] = {
    { "seed", required_argument, NULL, 's' }, { "dir", required_argument, NULL, 'd' },
    { "long", required_argument, NULL, 'l' }, { "events", required_argument, NULL, 'e' },
    { "pairs", required_argument, NULL, 'p' }, { "event-session", required_argument, NULL, 'D' },
    { "volume", no_argument, NULL, 'v' }, { NULL, 0, NULL, 0 }
  };
  unsigned long seed = 1;
  const char *dir = NULL, *lng = NULL, *events = NULL;
  long day = -1;
  size_t pairs = 0;
  bool volume = false;
  int c;
  while ((c = getopt_long (argc, argv, "", opts, NULL)) != -1)
    switch (c)
      {
      case 's': seed = strtoul (optarg, NULL, 10); break;
      case 'd': dir = optarg; break;
      case 'l': lng = optarg; break;
      case 'e': events = optarg; break;
      case 'p': pairs = strtoul (optarg, NULL, 10); break;
      case 'D': day = strtol (optarg, NULL, 10); break;
      case 'v': volume = true; break;
      default: return 2;
      }
  if (argc - optind != 2)
    {
      fputs ("usage: gen [--seed S] [--dir D] [--long F] [--events F] [--pairs N] "
             "[--event-session K] [--volume] N_SECURITIES N_SESSIONS\n", stderr);
      return 2;
    }
  universe u = { strtoul (argv[optind], NULL, 10), strtoul (argv[optind + 1], NULL, 10), 0, 0, 0 };
  u.date = malloc (u.T * sizeof *u.date);
  u.mkt = malloc (u.T * sizeof *u.mkt);
  u.price = malloc (u.n * u.T * sizeof *u.price);
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed);
  make_dates (&u);
  simulate (&u, r);
  if (dir)
    write_dir (&u, dir);
  if (lng)
    write_long (&u, lng, volume);
  if (day >= (long) u.T)
    day = (long) u.T - 1;
  if (events)
    write_events (&u, events, pairs, day, r);
  gsl_rng_free (r);
  free (u.date);
  free (u.mkt);
  free (u.price);
  return 0;
}
