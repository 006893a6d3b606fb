/* fuzz-events.c -- fuzz target: the events timeline reader. */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <stddef.h>
#include <stdint.h>

#include "events.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  gsl_set_error_handler_off ();   /* as main.c: GSL errors are statuses */
  evs_timeline t;
  evs_error err;
  if (events_load_buffer ("fuzz.csv", (const char *) data, size, &t, &err) == EVS_OK)
    events_release (&t);
  return 0;
}
