/* main.c -- evstudy's entry point: set the locale and dispatch the
 * command (cli_main in cli.c).
 *
 * `evstudy --events ... --prices ...` (options first) is the study itself;
 * a first argument without a dash names a command. */
#include <config.h>

#include <locale.h>

#include "cli.h"

int
main (int argc, char **argv)
{
  /* Numbers are read and written in the C locale whatever the user's. */
  setlocale (LC_ALL, "C");
  return cli_main (argc, argv);
}
