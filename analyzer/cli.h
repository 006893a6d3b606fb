/* cli.h -- what every command (main.c, cmd-*.c) shares: printing errors
 * and exiting with their codes, parsing windows, writing output safely.
 * Only the command layer includes this: library modules never print. */
#ifndef EVS_CLI_H
#define EVS_CLI_H

#include <stdio.h>

#include "error.h"
#include "study.h"

/* When set, cli_die and cli_usage_error call it with the exit status
 * instead of exit (the command-line fuzz target longjmps back to its
 * harness); it must not return.  NULL in the program. */
extern void (*cli_exit_hook) (int status);

/* Prints "evstudy: MESSAGE" to stderr and exits with ERR's code. */
__attribute__ ((noreturn)) void cli_die (const evs_error *err);

/* Prints "evstudy: MESSAGE" and "Try 'evstudy --help'..." to stderr and
 * exits with EVS_EUSAGE. */
__attribute__ ((noreturn, format (printf, 1, 2)))
void cli_usage_error (const char *fmt, ...);

/* Parses "A:B" (A <= B, |A|, |B| <= 100000) for option OPT into *W, or
 * exits with a usage error. */
void cli_parse_window (const char *opt, const char *s, study_window *w);

/* Parses a whole number in [MIN, MAX] for option OPT, or exits. */
long cli_parse_long (const char *opt, const char *s, long min, long max);

typedef void (*cli_writer) (FILE *fp, const void *ctx);

/* Runs WRITE on stdout (PATH NULL or "-") or on PATH opened by
 * fsout_open (fsout.h): a regular file (or a missing one) is written to a
 * temporary file beside it that is synced and renamed over it, so a
 * reader never sees half a file and a failure leaves the old one; a
 * device, FIFO or terminal is written in place.  Write errors (a full
 * disk) are detected: EVS_EIO with ERR set. */
int cli_write_output (const char *path, cli_writer write, const void *ctx,
                      evs_error *err);

/* Checks the whole output plan before anything is read or written:
 * --output (OUTPUT, may be NULL or "-"), --plot and --report (may be
 * NULL).  Two options naming the same place, or --output or --plot
 * inside the report directory: a usage error.  A target that cannot be
 * written (fsout_check_file, fsout_check_dir) or a report directory that
 * would be refused (report_check): exits with EVS_EIO. */
void cli_check_outputs (const char *output, const char *plot_dir,
                        const char *report_dir);

#endif
