/* fuzz-factors.c -- fuzz target: the Ken French factor importer, and the
 * alignment of what it read to a few weeks of sessions. */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "factors.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  gsl_set_error_handler_off ();   /* as main.c: GSL errors are statuses */
  factors_set fs;
  evs_error err;
  factors_init (&fs);
  if (factors_load_buffer ("fuzz.csv", (const char *) data, size, &fs, &err) == EVS_OK
      && fs.m > 0)
    {
      int32_t date[20];
      double out[20];
      size_t col = 0;
      date_from_ymd (2025, 1, 2, &date[0]);
      for (size_t i = 1; i < 20; i++)
        date[i] = date[i - 1] + 1 + (int32_t) (i % 3 == 0);
      factors_align (&fs, date, 20, &col, 1, out);
    }
  factors_release (&fs);
  return 0;
}
