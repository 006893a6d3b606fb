/* bars.c -- the data of `make bench`'s intraday workload (issue 16): a
 * store of one-minute bars and an events file, generated in memory.
 *
 * Usage: bars DB EVENTS N_SERIES N_EVENTS SESSIONS SEED
 *   Writes to the store DB (bar_store_import, BATCH series per
 *   transaction and import generation) the market MKT and N_SERIES stocks S0001, ... on the US
 *   exchange: SESSIONS weekdays from 2025-01-02 (252 for a trading year),
 *   390 bars each from 09:30 New York time, every minute present, and
 *   EVENTS: N_EVENTS instants at random seconds of random sessions after
 *   the 11th, each for every stock.
 * Prices are random walks in log price, a stock's minute return being
 * BETA times the market's plus its own noise; volumes are uniform.  The
 * study's speed does not depend on the values, only on the bars there
 * are.  Not the realistic generator (tests/bargen.c): that one pins
 * sessions to real daily closes and writes CSV. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "bar_store.h"
#include "bars.h"
#include "calendar.h"
#include "date.h"

#define PER_SESSION 390
#define BATCH 50

static void
die (const char *what)
{
  fprintf (stderr, "bars: %s\n", what);
  exit (1);
}

int
main (int argc, char **argv)
{
  if (argc != 7)
    die ("usage: bars DB EVENTS N_SERIES N_EVENTS SESSIONS SEED");
  const char *db = argv[1], *evpath = argv[2];
  long ns = atol (argv[3]), ne = atol (argv[4]), nsess = atol (argv[5]);
  unsigned long seed = strtoul (argv[6], NULL, 10);
  if (ns < 1 || ne < 1 || nsess < 13)
    die ("N_SERIES and N_EVENTS at least 1, SESSIONS at least 13");
  const calendar_exchange *x = calendar_by_code ("US");
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, seed);

  /* The sessions' opening instants: weekdays from 2025-01-02. */
  int64_t *open = malloc ((size_t) nsess * sizeof *open);
  int32_t day;
  if (!open || !date_from_ymd (2025, 1, 2, &day))
    die ("out of memory");
  char *saved = bars_zone_enter (x->tz);
  for (long s = 0; s < nsess; day++)
    {
      int64_t a, b;
      if (date_weekday (day) >= 5)     /* Saturday, Sunday */
        continue;
      if (bars_local_instants (day, 9 * 3600 + 30 * 60, &a, &b) != BARS_LOCAL_ONE)
        die ("no single instant for 09:30");
      open[s++] = a;
    }

  /* The market's minute returns, shared by every stock. */
  size_t nb = (size_t) nsess * PER_SESSION;
  double *rm = malloc (nb * sizeof *rm);
  if (!rm)
    die ("out of memory");
  for (size_t i = 0; i < nb; i++)
    rm[i] = gsl_ran_gaussian (rng, 0.0006);

  evs_error err;
  evs_store *st = store_open (db, STORE_CREATE, 30000, &err);
  if (!st)
    die (err.msg);
  bars_list l;
  bars_list_init (&l);
  for (long k = 0; k <= ns; k++)
    {
      bars_series *s = bars_list_add (&l);
      char name[32];
      snprintf (name, sizeof name, k ? "S%04ld" : "MKT", k);
      s->ticker = strdup (name);
      s->source = strdup ("generated");
      s->layout = strdup ("generated");
      s->x = x;
      double beta = k ? 0.5 + gsl_rng_uniform (rng) : 1, lp = log (50 + 100 * gsl_rng_uniform (rng));
      for (size_t i = 0; i < nb; i++)
        {
          lp += beta * rm[i] + (k ? gsl_ran_gaussian (rng, 0.001) : 0);
          bars_push (s, open[i / PER_SESSION] + 60 * (int64_t) (i % PER_SESSION), exp (lp),
                     (double) (100 + gsl_rng_uniform_int (rng, 10000)), (uint32_t) (i + 2));
        }
      if (bars_finish (s, 1, &err))
        die (err.msg);
      if (l.n == BATCH || k == ns)
        {
          bar_store_change ch[BATCH + 1];
          int64_t gen;
          if (bar_store_import (st, "generated", "generated", l.v, l.n, ch, &gen, &err))
            die (err.msg);
          bars_list_release (&l);
          bars_list_init (&l);
        }
    }

  FILE *fp = fopen (evpath, "w");
  if (!fp)
    die ("cannot write the events");
  fputs ("date,label\n", fp);
  for (long e = 0; e < ne; e++)
    {
      long s = 11 + (long) gsl_rng_uniform_int (rng, (unsigned long) (nsess - 12));
      int64_t t = open[s] + (int64_t) gsl_rng_uniform_int (rng, PER_SESSION * 60);
      char iso[40];
      fprintf (fp, "%s,E%ld\n", bars_format_iso (t, x->tz, iso), e + 1);
    }
  if (fclose (fp))
    die ("cannot write the events");
  bars_zone_leave (saved);
  store_close (&st);
  free (open);
  free (rm);
  gsl_rng_free (rng);
  return 0;
}
