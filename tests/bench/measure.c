/* measure.c -- runs a command and prints its wall time, CPU time and peak
 * resident memory on one line, for the benchmarks:
 *   measure NAME [UNITS=COUNT] -- COMMAND...
 * prints "NAME wall_s=... cpu_s=... peak_rss_mb=... [UNITS_per_s=...]".
 * The command's stdout goes to /dev/null; its exit status is passed on. */
#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main (int argc, char **argv)
{
  int i = 2;
  const char *units = NULL;
  double count = 0;
  if (argc > 3 && strchr (argv[2], '='))
    {
      units = argv[2];
      count = atof (strchr (argv[2], '=') + 1);
      i = 3;
    }
  if (argc <= i + 1 || strcmp (argv[i], "--") != 0)
    {
      fputs ("usage: measure NAME [UNITS=COUNT] -- COMMAND...\n", stderr);
      return 2;
    }
  double t0 = now ();
  pid_t pid = fork ();
  if (pid == 0)
    {
      int fd = open ("/dev/null", O_WRONLY);
      dup2 (fd, 1);
      execvp (argv[i + 1], argv + i + 1);
      _exit (127);
    }
  int status;
  struct rusage ru;
  wait4 (pid, &status, 0, &ru);
  double wall = now () - t0;
  double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6
               + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
  printf ("%-28s wall_s=%.3f cpu_s=%.3f peak_rss_mb=%.1f", argv[1], wall, cpu,
          ru.ru_maxrss / 1024.0);
  if (units)
    printf (" %.*s_per_s=%.0f", (int) (strchr (units, '=') - units), units, count / wall);
  putchar ('\n');
  return WIFEXITED (status) ? WEXITSTATUS (status) : 1;
}
