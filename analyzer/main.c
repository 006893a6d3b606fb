/* main.c -- evstudy's entry point: set the locale and dispatch the
 * command (cmd_main in cmd-main.c).
 *
 * `evstudy --events ... --prices ...` (options first) is the study itself;
 * a first argument without a dash names a command. */
#include <config.h>

#include <locale.h>
#include <malloc.h>

#include <gsl/gsl_errno.h>

#include "cmd.h"
#include "fsout.h"

int
main (int argc, char **argv)
{
  /* Numbers are read and written in the C locale whatever the user's. */
  setlocale (LC_ALL, "C");
  /* GSL's default error handler prints and aborts the process; the
   * library checks every GSL status instead (a pair that cannot be
   * fitted is skipped with its reason). */
  gsl_set_error_handler_off ();
#ifdef M_TRIM_THRESHOLD
  /* A large run frees and grows back hundreds of megabytes between its
   * phases; glibc would hand the top of the heap back to the kernel each
   * time and fault it in again (a third of a market run's time went to
   * the kernel).  Keep up to 256 MiB of it instead. */
  mallopt (M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  mallopt (M_TOP_PAD, 64 * 1024 * 1024);
#endif
  /* Temporaries are removed on SIGINT, SIGTERM and SIGHUP (fsout.h). */
  fsout_init ();
  return cmd_main (argc, argv);
}
