/* fuzz-prices.c -- fuzz target: the price importer over any bytes.
 * The first byte picks options (keep the other columns, a price column
 * override) so that those paths are fuzzed too, and whether the same
 * bytes also go through the bounded-memory stream (price_stream, with a
 * budget of 64 bytes: a spill every row), which must agree with the
 * whole-file importer on success, series and rows (else abort). */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

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
  bool stream = size > 0 && (data[-1] & 8);
  series_list_init (&l);
  int rc = price_import_buffer ("fuzz.csv", (const char *) data, size, &o, &l, &err);
  if (stream)
    {
      price_stream *ps;
      price_stream_hold = 64;
      int rs = price_stream_open ("fuzz.csv", (const char *) data, size, &o, &ps, &err);
      size_t ns = 0, rows = 0;
      bool got = true;
      while (rs == EVS_OK && got)
        {
          evs_series s;
          if ((rs = price_stream_next (ps, &s, &got, &err)) == EVS_OK && got)
            {
              if (ns >= l.n || s.n != l.v[ns].n)
                rows = (size_t) -1;
              ns++;
              series_release (&s);
            }
        }
      price_stream_close (&ps);
      if ((rc == EVS_OK) != (rs == EVS_OK) || (rc == EVS_OK && (ns != l.n || rows != 0)))
        abort ();
    }
  series_list_release (&l);
  return 0;
}
