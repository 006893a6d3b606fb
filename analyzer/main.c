/* main.c -- evstudy's entry point: pick the command and run it.
 *
 * `evstudy --events ... --prices ...` (options first) is the study itself;
 * a first argument without a dash names a command from the table. */
#include <config.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

static const struct {
  const char *name;
  int (*run) (int argc, char **argv);
} commands[] = {
  { "study", cmd_study },
  { "import", cmd_import },
  { "run", cmd_run },
  { "history", cmd_history },
  { "export", cmd_export },
};

int
main (int argc, char **argv)
{
  /* Numbers are read and written in the C locale whatever the user's. */
  setlocale (LC_ALL, "C");
  if (argc < 2 || argv[1][0] == '-')
    return cmd_study (argc, argv);
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);
  cli_usage_error ("unknown command '%s'", argv[1]);
}
