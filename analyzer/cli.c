/* cli.c -- helpers of the command layer, and its dispatch (cli_main). */
#include <config.h>
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "fsout.h"
#include "report.h"

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
  fsout_file f;
  if (fsout_open (path, &f, err) != EVS_OK)
    return EVS_EIO;
  write (f.fp, ctx);
  return fsout_close (&f, err);
}

/* True if canonical path A is B or inside it. */
static bool
within (const char *a, const char *b)
{
  size_t n = strlen (b);
  return strncmp (a, b, n) == 0 && (a[n] == '\0' || a[n] == '/' || strcmp (b, "/") == 0);
}

/* The conflicts between the output targets, canonical paths or NULL:
 * a usage error naming the options. */
static void
check_conflicts (const char *out, const char *plot, const char *report)
{
  if (out && plot && strcmp (out, plot) == 0)
    cli_usage_error ("--output and --plot name the same path '%s'", out);
  if (out && report && within (out, report))
    cli_usage_error ("--output '%s' is inside the --report directory '%s'", out, report);
  if (plot && report && strcmp (plot, report) == 0)
    cli_usage_error ("--plot and --report name the same directory '%s'", plot);
  if (plot && report && within (plot, report))
    cli_usage_error ("--plot '%s' is inside the --report directory '%s'", plot, report);
}

void
cli_check_outputs (const char *output, const char *plot_dir, const char *report_dir)
{
  evs_error err;
  if (output && strcmp (output, "-") == 0)
    output = NULL;
  char *c[3] = { NULL, NULL, NULL };
  const char *paths[3] = { output, plot_dir, report_dir };
  for (int i = 0; i < 3; i++)
    if (paths[i])
      fsout_canonical (paths[i], &c[i]);
  /* /dev/stdout, a device or a FIFO conflicts with nothing. */
  check_conflicts (output && !fsout_in_place (output) ? c[0] : NULL, c[1], c[2]);
  for (int i = 0; i < 3; i++)
    free (c[i]);
  if ((output && fsout_check_file (output, &err) != EVS_OK)
      || (plot_dir && fsout_check_dir (plot_dir, &err) != EVS_OK)
      || (report_dir && report_check (report_dir, &err) != EVS_OK))
    cli_die (&err);
}
