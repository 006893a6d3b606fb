/* cmd-store.c -- helpers of the store commands. */
#include <config.h>
#include "cmd-store.h"

#include <string.h>

#include "cli.h"

int
cmd_store_wait (const char *s)
{
  return (int) cli_parse_long ("--wait", s, 0, 86400) * 1000;
}

evs_store *
cmd_store_open (const char *db, int flags, int wait_ms)
{
  evs_error err;
  if (!db)
    cli_usage_error ("no --db given");
  evs_store *s = store_open (db, flags, wait_ms, &err);
  if (!s)
    cmd_store_die (&s, &err);
  return s;
}

void
cmd_store_die (evs_store **s, const evs_error *err)
{
  store_close (s);
  if (err->code == EVS_EUSAGE)
    cli_usage_error ("%s", err->msg);
  cli_die (err);
}

int
cmd_store_output_option (int argc, char *const *argv, int i,
                         const char *const *names, size_t n)
{
  if (strcmp (argv[i], "--allow-empty") == 0)
    return 1;     /* what the exit status says, not what is computed */
  for (size_t k = 0; k < n; k++)
    {
      size_t len = strlen (names[k]);
      if (strncmp (argv[i], names[k], len) != 0)
        continue;
      if (argv[i][len] == '\0')
        return i + 1 < argc ? 2 : 1;
      if (argv[i][len] == '=' || (len == 2 && argv[i][len]))
        return 1;
    }
  return 0;
}
