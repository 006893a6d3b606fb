/* cli.c -- helpers of the command layer, and its dispatch (cli_main). */
#include <config.h>
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

void (*cli_exit_hook) (int status);

/* Exits with STATUS, through cli_exit_hook when one is set. */
__attribute__ ((noreturn)) static void
cli_exit (int status)
{
  if (cli_exit_hook)
    cli_exit_hook (status);
  exit (status);
}

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
cli_main (int argc, char **argv)
{
  if (argc < 2 || argv[1][0] == '-')
    return cmd_study (argc, argv);
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);
  cli_usage_error ("unknown command '%s'", argv[1]);
}

void
cli_die (const evs_error *err)
{
  fprintf (stderr, "evstudy: %s\n", err->msg);
  cli_exit (err->code);
}

void
cli_usage_error (const char *fmt, ...)
{
  va_list ap;
  fputs ("evstudy: ", stderr);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fputs ("\nTry 'evstudy --help' for more information.\n", stderr);
  cli_exit (EVS_EUSAGE);
}

void
cli_parse_window (const char *opt, const char *s, study_window *w)
{
  char *end;
  errno = 0;
  long a = strtol (s, &end, 10);
  if (end == s || *end != ':' || errno)
    cli_usage_error ("invalid %s '%s': expected A:B, e.g. -1:1", opt, s);
  const char *t = end + 1;
  long b = strtol (t, &end, 10);
  if (end == t || *end || errno || a < -100000 || b > 100000)
    cli_usage_error ("invalid %s '%s': expected A:B, e.g. -1:1", opt, s);
  if (a > b)
    cli_usage_error ("invalid %s '%s': start after end", opt, s);
  w->a = (int) a;
  w->b = (int) b;
}

long
cli_parse_long (const char *opt, const char *s, long min, long max)
{
  char *end;
  errno = 0;
  long n = strtol (s, &end, 10);
  if (end == s || *end || errno || n < min || n > max)
    cli_usage_error ("invalid %s '%s': expected a number from %ld to %ld", opt, s, min, max);
  return n;
}

static int
write_stdout (cli_writer write, const void *ctx, evs_error *err)
{
  write (stdout, ctx);
  if (fflush (stdout) != 0 || ferror (stdout))
    return evs_fail (err, EVS_EIO, "write error: %s", strerror (errno));
  return EVS_OK;
}

int
cli_write_output (const char *path, cli_writer write, const void *ctx,
                  evs_error *err)
{
  if (!path || strcmp (path, "-") == 0)
    return write_stdout (write, ctx, err);
  size_t len = strlen (path) + 16;
  char *tmp = evs_xmalloc (len);
  snprintf (tmp, len, "%s.tmpXXXXXX", path);
  int fd = mkstemp (tmp);
  FILE *fp = fd >= 0 ? fdopen (fd, "w") : NULL;
  if (!fp)
    {
      evs_fail (err, EVS_EIO, "%s: cannot write: %s", path, strerror (errno));
      if (fd >= 0)
        close (fd);
      free (tmp);
      return EVS_EIO;
    }
  write (fp, ctx);
  errno = 0;
  bool bad = fflush (fp) != 0 || ferror (fp) || fsync (fileno (fp)) != 0;
  int saved = errno;
  bad |= fclose (fp) != 0;
  if (!bad && rename (tmp, path) == 0)
    {
      free (tmp);
      return EVS_OK;
    }
  evs_fail (err, EVS_EIO, "%s: write error: %s", path, strerror (saved ? saved : errno));
  unlink (tmp);
  free (tmp);
  return EVS_EIO;
}
