/* fuzz-study.c -- fuzz target: a whole study from hostile inputs.  The
 * input holds an events file, a NUL byte, and a price file; when both
 * import, the study runs with a short estimation window (so that small
 * inputs reach the statistics) and every output format is written to
 * /dev/null. */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "output.h"
#include "price_import.h"
#include "study.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
run (const evs_timeline *t, const evs_series_list *l)
{
  study_window win[] = { { -1, 1 }, { 0, 0 } };
  study_opts o;
  study_opts_default (&o);
  o.est = (study_window) { -8, -2 };
  o.min_est = 3;
  o.ar = (study_window) { -2, 2 };
  o.win = win;
  o.nwin = 2;
  o.model = l->n > 1 ? MODEL_MARKET : MODEL_MEAN;
  study_input in = { &l->v[0], l->n > 1 ? &l->v[1] : NULL,
                     calendar_for_ticker (l->v[0].ticker) };
  evs_study st;
  study_run (&o, t, &in, 1, &st);
  FILE *fp = fopen ("/dev/null", "w");
  if (fp)
    {
      output_json (fp, &st);
      output_csv (fp, &st, OUTPUT_AR);
      output_table (fp, &st, OUTPUT_BOTH);
      fclose (fp);
    }
  study_release (&st);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  gsl_set_error_handler_off ();   /* as main.c: GSL errors are statuses */
  const uint8_t *nul = memchr (data, 0, size);
  if (!nul)
    return 0;
  size_t elen = (size_t) (nul - data);
  evs_timeline t;
  evs_series_list l;
  evs_error err;
  price_import_opts po = { NULL, NULL, false, 0, false };
  if (events_load_buffer ("events.csv", (const char *) data, elen, &t, &err) != EVS_OK)
    return 0;
  series_list_init (&l);
  if (price_import_buffer ("prices.csv", (const char *) nul + 1, size - elen - 1,
                           &po, &l, &err) == EVS_OK)
    run (&t, &l);
  series_list_release (&l);
  events_release (&t);
  return 0;
}
