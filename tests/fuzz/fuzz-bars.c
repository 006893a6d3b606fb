/* fuzz-bars.c -- fuzz target: the intraday bar importer over any bytes,
 * then day 0 and a study of the first series against the second.  The
 * first byte picks options: an exchange for naive times (none, US, HK)
 * a ticker and the time-of-day adjustment, so that those paths are
 * fuzzed too. */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bar_import.h"
#include "bar_study.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  gsl_set_error_handler_off ();   /* as main.c: GSL errors are statuses */
  bar_import_opts o = { NULL, NULL };
  int seasonal = 0;
  if (size > 0)
    {
      seasonal = data[0] & 8 ? 15 : 0;
      o.exchange = data[0] & 1 ? calendar_by_code ("US") : data[0] & 2
                   ? calendar_by_code ("HK") : NULL;
      o.ticker = data[0] & 4 ? "T" : NULL;
      data++, size--;
    }
  bars_list l;
  evs_error err;
  bars_list_init (&l);
  if (bar_import_buffer ("fuzz.csv", (const char *) data, size, &o, &l, &err) == EVS_OK
      && l.n > 0)
    {
      bar_window w[2];
      bar_window_parse ("-3:3", &w[0]);
      bar_window_parse ("-5m:1h", &w[1]);
      bar_study_opts so = { BARS_ALIGN_END, l.n > 1 ? MODEL_MARKET : MODEL_MEAN, w, 2, 2,
                            120, false, 3, seasonal, false, false, false };
      evs_event e;
      memset (&e, 0, sizeof e);
      e.has_instant = true;
      e.instant = l.v[0].t[l.v[0].n / 2];
      bar_result r;
      bar_study_pair (&so, &e, &l.v[0], l.n > 1 ? &l.v[1] : NULL, &r);
      bar_result_release (&r);
    }
  bars_list_release (&l);
  return 0;
}
