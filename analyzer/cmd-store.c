/* cmd-store.c -- helpers of the store commands. */
#include <config.h>
#include "cmd-store.h"

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
