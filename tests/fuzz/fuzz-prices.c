/* fuzz-prices.c -- fuzz target: the price importer over any bytes.
 * The first byte picks options (keep the other columns, a price column
 * override) so that those paths are fuzzed too. */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <stddef.h>
#include <stdint.h>

#include "price_import.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  gsl_set_error_handler_off ();   /* as main.c: GSL errors are statuses */
  price_import_opts o = { NULL, NULL, false, 0, false };
  evs_series_list l;
  evs_error err;
  if (size > 0)
    {
      o.keep_columns = data[0] & 1;
      o.price_column = data[0] & 2 ? "Close" : NULL;
      o.ticker = data[0] & 4 ? "T" : NULL;
      data++, size--;
    }
  series_list_init (&l);
  price_import_buffer ("fuzz.csv", (const char *) data, size, &o, &l, &err);
  series_list_release (&l);
  return 0;
}
