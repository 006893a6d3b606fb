/* cmd-main.c -- evstudy's command table and dispatch (cmd_main), the top
 * of the command layer: it names every command, and nothing below it
 * names it, so cli.c's helpers and the commands form no cycle. */
#include <config.h>

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
  { "merge", cmd_merge },
  { "intraday", cmd_intraday },
};

int
cmd_main (int argc, char **argv)
{
  /* getopt names the program by argv[0] in its messages: one name,
   * "evstudy", however the program was called (./evstudy, a full path)
   * and for every command (not "export: unrecognized option"). */
  static char name[] = "evstudy";
  argv[0] = name;
  if (argc < 2 || argv[1][0] == '-')
    return cmd_study (argc, argv);
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        argv[1] = name;
        return commands[i].run (argc - 1, argv + 1);
      }
  cli_usage_error ("unknown command '%s'", argv[1]);
}
