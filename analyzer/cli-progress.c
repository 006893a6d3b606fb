/* cli-progress.c -- progress on a terminal; see cli-progress.h. */
#include <config.h>
#include "cli-progress.h"

#include <unistd.h>

void
progress_begin (progress *p, const char *what, size_t total)
{
  p->fp = isatty (STDERR_FILENO) ? stderr : NULL;
  p->what = what;
  p->total = total;
  p->done = 0;
  p->shown = (struct timespec) { 0, 0 };
  clock_gettime (CLOCK_MONOTONIC, &p->t0);
}

void
progress_step (progress *p, const char *item)
{
  p->done++;
  if (p->fp)
    {
      fprintf (p->fp, "\r\033[Kevstudy: %s %zu/%zu: %s", p->what, p->done, p->total, item);
      fflush (p->fp);
    }
}

double
progress_seconds (const progress *p)
{
  struct timespec t;
  clock_gettime (CLOCK_MONOTONIC, &t);
  return (double) (t.tv_sec - p->t0.tv_sec) + (double) (t.tv_nsec - p->t0.tv_nsec) / 1e9;
}

void
progress_count (progress *p, size_t done, size_t total, const char *unit)
{
  if (!p->fp)
    return;
  struct timespec now;
  clock_gettime (CLOCK_MONOTONIC, &now);
  double since = (double) (now.tv_sec - p->shown.tv_sec)
                 + (double) (now.tv_nsec - p->shown.tv_nsec) / 1e9;
  if (done < total && since < 0.1)
    return;
  p->shown = now;
  p->done = done;
  p->total = total;
  fprintf (p->fp, "\r\033[Kevstudy: %s %zu/%zu %s", p->what, done, total, unit);
  fflush (p->fp);
}

void
progress_clear (progress *p)
{
  if (p->fp)
    fputs ("\r\033[K", p->fp);
}

void
progress_end (progress *p, const char *summary)
{
  if (p->fp)
    fprintf (p->fp, "\r\033[K%s\n", summary);
}

char *
progress_summary (char *buf, size_t size, const char *what, size_t n, const char *unit,
                  size_t ok, const char *ok_word, size_t failed, const char *failed_word,
                  double seconds)
{
  snprintf (buf, size, "evstudy: %s: %zu %s%s, %zu %s, %zu %s, %.1f s", what, n, unit,
            n == 1 ? "" : "s", ok, ok_word, failed, failed_word, seconds);
  return buf;
}
