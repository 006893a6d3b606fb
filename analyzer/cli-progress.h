/* cli-progress.h -- progress and a one-line summary on stderr for
 * import and study runs, only when stderr is a terminal (issue 14): a
 * cron job or a pipe sees nothing more.  Command layer only. */
#ifndef EVS_CLI_PROGRESS_H
#define EVS_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

typedef struct progress {
  FILE *fp;                   /* stderr when it is a terminal, else NULL */
  const char *what;           /* "import" */
  size_t total, done;
  struct timespec t0;
  struct timespec shown;      /* when progress_count last wrote */
} progress;

/* Starts the progress of WHAT over TOTAL items, on stderr if it is a
 * terminal (isatty), else silently. */
void progress_begin (progress *p, const char *what, size_t total);

/* Shows "evstudy: WHAT I/TOTAL: ITEM" on one line, overwritten by the
 * next (carriage return, erase to the end of the line). */
void progress_step (progress *p, const char *item);

/* Shows "evstudy: WHAT DONE/TOTAL UNIT" on one line, overwritten by the
 * next, at most every tenth of a second (and always for the last one):
 * for a loop whose items are too many or too fast to show each. */
void progress_count (progress *p, size_t done, size_t total, const char *unit);

/* Erases the progress line, so that a message can follow. */
void progress_clear (progress *p);

/* Erases the progress line and prints SUMMARY (progress_summary) on a
 * line of its own. */
void progress_end (progress *p, const char *summary);

/* Seconds since progress_begin. */
double progress_seconds (const progress *p);

/* "evstudy: import: 5 files, 4 imported, 1 failed, 0.8 s" into BUF
 * (SIZE bytes, returned): WHAT, N UNITs (plural with an 's' when N is not
 * 1), OK and FAILED with their words, and SECONDS with one decimal. */
char *progress_summary (char *buf, size_t size, const char *what, size_t n,
                        const char *unit, size_t ok, const char *ok_word,
                        size_t failed, const char *failed_word, double seconds);

#endif
