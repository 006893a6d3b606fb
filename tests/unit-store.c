/* unit-store.c -- the store gives back exactly what it was given: a price
 * file imported and read back has the same dates and prices (the same
 * doubles), and a study recorded and rebuilt (store_run_load) has every
 * field of every result equal, the estimation-window residuals included.
 * The reference is the in-memory data itself: nothing is computed here.
 * Uses the shared data (NVDA, BABA with SPY as market); skips without. */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "price_import.h"
#include "store.h"
#include "study.h"

static int failures;

#define CHECK(cond, ...)                                        \
  do {                                                          \
    if (!(cond))                                                \
      {                                                         \
        printf ("FAIL %s:%d: ", __FILE__, __LINE__);            \
        printf (__VA_ARGS__);                                   \
        putchar ('\n');                                         \
        failures++;                                             \
      }                                                         \
  } while (0)

/* Equal doubles, NaN equal to NaN (stored as NULL). */
static bool
same (double a, double b)
{
  return a == b || (isnan (a) && isnan (b));
}

static void
die_on (int rc, const evs_error *err)
{
  if (rc != EVS_OK)
    {
      printf ("FAIL: %s\n", err->msg);
      exit (EXIT_FAILURE);
    }
}

static void
check_fit (size_t i, const study_result *a, const study_result *b)
{
  CHECK (a->fit.T == b->fit.T, "result %zu: T", i);
  CHECK (same (a->fit.alpha, b->fit.alpha) && same (a->fit.beta, b->fit.beta)
         && same (a->fit.sigma, b->fit.sigma) && same (a->fit.r2, b->fit.r2)
         && same (a->fit.df, b->fit.df), "result %zu: fit", i);
  CHECK (a->est_first == b->est_first && a->est_last == b->est_last, "result %zu: est", i);
  for (size_t k = 0; k < a->fit.T && b->est_ar; k++)
    CHECK (same (a->est_ar[k], b->est_ar[k]), "result %zu: est_ar[%zu]", i, k);
  CHECK (a->status != STUDY_OK || b->est_ar, "result %zu: no est_ar", i);
}

static void
check_days (size_t i, const study_result *a, const study_result *b)
{
  CHECK (a->ndays == b->ndays, "result %zu: ndays", i);
  for (size_t d = 0; d < a->ndays && d < b->ndays; d++)
    {
      const study_day *x = &a->days[d], *y = &b->days[d];
      CHECK (x->day == y->day && x->date == y->date && same (x->ret, y->ret)
             && same (x->mret, y->mret) && same (x->expected, y->expected)
             && same (x->ar, y->ar) && same (x->se, y->se) && same (x->t, y->t)
             && same (x->p, y->p), "result %zu day %zu", i, d);
    }
  CHECK (a->ncars == b->ncars, "result %zu: ncars", i);
  for (size_t w = 0; w < a->ncars && w < b->ncars; w++)
    {
      const study_car *x = &a->cars[w], *y = &b->cars[w];
      CHECK (x->w.a == y->w.a && x->w.b == y->w.b && x->first == y->first
             && x->last == y->last && same (x->car, y->car) && same (x->se, y->se)
             && same (x->t, y->t) && same (x->df, y->df) && same (x->p, y->p),
             "result %zu window %zu", i, w);
    }
  CHECK (a->nconf == b->nconf, "result %zu: nconf", i);
  for (size_t c = 0; c < a->nconf && c < b->nconf; c++)
    CHECK (a->conf[c]->row == b->conf[c]->row, "result %zu: confounder %zu", i, c);
}

static void
check_result (size_t i, const study_result *a, const study_result *b)
{
  CHECK (a->event->row == b->event->row, "result %zu: event", i);
  CHECK (strcmp (a->event->label, b->event->label) == 0, "result %zu: label", i);
  CHECK (strcmp (a->series->ticker, b->series->ticker) == 0, "result %zu: ticker", i);
  CHECK ((!a->market && !b->market)
         || (a->market && b->market && strcmp (a->market->ticker, b->market->ticker) == 0),
         "result %zu: market", i);
  CHECK (a->status == b->status && strcmp (a->reason, b->reason) == 0, "result %zu: status", i);
  CHECK (a->has_day0 == b->has_day0 && (!a->has_day0 || a->day0 == b->day0), "result %zu: day0", i);
  if (a->status == STUDY_OK)
    check_fit (i, a, b);
  check_days (i, a, b);
}

/* Imports PATH and reads it back: the same doubles on the same dates. */
static void
check_prices (evs_store *s, const char *path, const evs_series *want)
{
  store_import_report rep;
  evs_series_list got;
  evs_error err;
  int64_t gen;
  size_t found;
  die_on (store_import_prices (s, path, NULL, &rep, &err), &err);
  store_import_report_release (&rep);
  die_on (store_generation (s, &gen, &err), &err);
  series_list_init (&got);
  die_on (store_load_series (s, gen, want->ticker, &got, &found, &err), &err);
  CHECK (found == 1 && got.v[0].n == want->n, "%s: %zu series", path, found);
  for (size_t i = 0; found == 1 && i < want->n && i < got.v[0].n; i++)
    CHECK (got.v[0].date[i] == want->date[i] && got.v[0].price[i] == want->price[i],
           "%s: row %zu", path, i);
  series_list_release (&got);
}

static void
check_study (evs_store *s, const char *events, const evs_study *st)
{
  evs_error err;
  int64_t set, id;
  bool is_new;
  size_t n;
  char *args[] = { (char *) "--market", (char *) "SPY" };
  store_run_meta m = { .event_set = 0, .args = args, .nargs = 2 };
  die_on (store_import_events (s, events, &set, &is_new, &n, &err), &err);
  m.event_set = set;
  store_now (m.started);
  die_on (store_record_run (s, &m, st, &id, &err), &err);
  store_run r;
  die_on (store_run_load (s, id, &r, &err), &err);
  CHECK (r.st.n == st->n, "%zu results, want %zu", r.st.n, st->n);
  CHECK (r.st.opts.nwin == st->opts.nwin && r.st.opts.model == st->opts.model,
         "options");
  for (size_t i = 0; i < st->n && i < r.st.n; i++)
    check_result (i, &st->res[i], &r.st.res[i]);
  store_run_release (&r);
}

int
main (void)
{
  /* GSL reports through return codes; its default handler aborts. */
  gsl_set_error_handler_off ();
  const char *shared = getenv ("SHARED_DATA"), *top = getenv ("TOP_SRCDIR");
  char path[3][4096], events[4096], dir[] = "/tmp/unit-store.XXXXXX", db[64];
  if (!shared || !top || access (shared, F_OK) != 0)
    return 77;
  const char *names[] = { "NVDA", "BABA", "SPY" };
  evs_series_list all;
  evs_timeline t;
  evs_error err;
  series_list_init (&all);
  for (int i = 0; i < 3; i++)
    {
      snprintf (path[i], sizeof path[i], "%s/prices/%s.csv", shared, names[i]);
      price_import_opts po = { NULL, NULL, false, 0, false };
      die_on (price_import_file (path[i], &po, &all, &err), &err);
    }
  snprintf (events, sizeof events, "%s/datasets/releases.csv", top);
  die_on (events_load (events, &t, &err), &err);

  study_window win[] = { { -1, 1 }, { 0, 0 }, { 0, 1 }, { -5, 5 } };
  study_opts o;
  study_opts_default (&o);
  o.model = MODEL_MARKET;
  o.win = win;
  o.nwin = 4;
  study_input in[2];
  for (int i = 0; i < 2; i++)
    in[i] = (study_input) { &all.v[i], &all.v[2], calendar_for_ticker (all.v[i].ticker) };
  evs_study st;
  study_run (&o, &t, in, 2, &st);

  if (!mkdtemp (dir))
    return EXIT_FAILURE;
  snprintf (db, sizeof db, "%s/m.db", dir);
  evs_store *s = store_open (db, STORE_CREATE, 1000, &err);
  die_on (s ? EVS_OK : err.code, &err);
  for (int i = 0; i < 3; i++)
    check_prices (s, path[i], &all.v[i]);
  check_study (s, events, &st);
  store_close (&s);
  CHECK (s == NULL, "store_close");

  study_release (&st);
  events_release (&t);
  series_list_release (&all);
  unlink (db);
  rmdir (dir);
  if (failures)
    return EXIT_FAILURE;
  puts ("store: prices and a study round-trip exactly");
  return EXIT_SUCCESS;
}
