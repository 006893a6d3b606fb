/* check.h -- the counting check of the C unit tests that share it:
 * CHECK (ok, "what", ...) counts a check and, when OK is false, prints
 * "UNIT_NAME:LINE: FAIL: what" on stderr.  The includer defines
 * UNIT_NAME (its file name) first and reports n_checks and n_failed at
 * the end of main. */
#ifndef EVS_TESTS_CHECK_H
#define EVS_TESTS_CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static int n_checks, n_failed;

/* Counts a check made at LINE; prints WHAT (printf-style) when it fails. */
__attribute__ ((format (printf, 3, 4)))
static bool
check_at (int line, bool ok, const char *fmt, ...)
{
  n_checks++;
  if (ok)
    return true;
  n_failed++;
  va_list ap;
  va_start (ap, fmt);
  fprintf (stderr, "%s:%d: FAIL: ", UNIT_NAME, line);
  vfprintf (stderr, fmt, ap);
  fputc ('\n', stderr);
  va_end (ap);
  return false;
}
#define CHECK(ok, ...) check_at (__LINE__, (ok), __VA_ARGS__)

#endif
