/* unit-fsout.c -- the temporaries of fsout.h (issue 11, item 5).
 *
 * 1. Signals: a child installs the handler (fsout_init), makes a
 *    temporary file and a temporary directory with files in it, and
 *    waits; the parent sends it SIGINT, SIGTERM or SIGHUP with kill(2).
 *    The child must die of that signal (the handler re-raises it) and
 *    both temporaries must be gone.
 * 2. The sweep of a later run: temporaries of evstudy's exact naming
 *    whose process is dead (a child that has exited) or that are over
 *    an hour old go; a live process's fresh one, names that only look
 *    alike, and in a stale report directory the files its marker does
 *    not list, stay.
 * Works in a scratch directory under $TMPDIR (or /tmp), removed at the
 * end. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fsout.h"

static int failures;

#define CHECK(cond, ...) \
  do { if (!(cond)) { printf ("FAIL: " __VA_ARGS__); printf ("\n"); failures++; } } while (0)

static bool
exists (const char *path)
{
  struct stat sb;
  return lstat (path, &sb) == 0;
}

static void
touch (const char *path)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || write (fd, "x\n", 2) != 2)
    {
      printf ("FAIL: cannot write %s: %s\n", path, strerror (errno));
      exit (1);
    }
  close (fd);
}

/* The child of one signal case: makes the temporaries, tells the parent
 * their names through FD, and waits for the signal. */
static void
child (const char *dir, int fd)
{
  char target[4096], file[4200];
  char *tmpf, *tmpd;
  int slotf, slotd;
  /* As a user's run has them, even if whoever started the test ignores
   * SIGINT (a background job): fsout_init keeps ignored signals ignored. */
  signal (SIGINT, SIG_DFL);
  signal (SIGTERM, SIG_DFL);
  signal (SIGHUP, SIG_DFL);
  fsout_init ();
  snprintf (target, sizeof target, "%s/out.csv", dir);
  int f = fsout_temp (target, false, &tmpf, &slotf);
  snprintf (target, sizeof target, "%s/rep", dir);
  if (f < 0 || fsout_temp (target, true, &tmpd, &slotd) < 0 || slotf < 0 || slotd < 0)
    _exit (3);
  if (write (f, "partial", 7) != 7)
    _exit (3);
  for (int i = 0; i < 50; i++)
    {
      snprintf (file, sizeof file, "%s/chart-%d.dat", tmpd, i);
      touch (file);
    }
  dprintf (fd, "%s\n%s\n", tmpf, tmpd);
  close (fd);
  for (;;)
    pause ();
}

static void
signal_case (const char *dir, int sig)
{
  int p[2];
  if (pipe (p) != 0)
    exit (1);
  pid_t pid = fork ();
  if (pid == 0)
    {
      close (p[0]);
      child (dir, p[1]);
    }
  close (p[1]);
  char buf[9000] = "";
  size_t len = 0;
  ssize_t got;
  while ((got = read (p[0], buf + len, sizeof buf - 1 - len)) > 0)
    len += (size_t) got;
  buf[len] = '\0';
  close (p[0]);
  char *nl = strchr (buf, '\n');
  CHECK (nl != NULL, "signal %d: the child made no temporaries", sig);
  if (!nl)
    {
      kill (pid, SIGKILL);
      waitpid (pid, NULL, 0);
      return;
    }
  *nl = '\0';
  char *tmpf = buf, *tmpd = nl + 1;
  tmpd[strcspn (tmpd, "\n")] = '\0';
  CHECK (exists (tmpf) && exists (tmpd), "signal %d: temporaries missing before the signal", sig);
  kill (pid, sig);
  int status;
  waitpid (pid, &status, 0);
  CHECK (WIFSIGNALED (status) && WTERMSIG (status) == sig,
         "signal %d: child did not die of it (status %#x)", sig, status);
  CHECK (!exists (tmpf), "signal %d: %s left", sig, tmpf);
  CHECK (!exists (tmpd), "signal %d: %s left", sig, tmpd);
}

/* A pid that no process has: a child that has exited and been reaped. */
static long
dead_pid (void)
{
  pid_t pid = fork ();
  if (pid == 0)
    _exit (0);
  waitpid (pid, NULL, 0);
  return (long) pid;
}

static void
sweep_case (const char *dir)
{
  char p[8][4200];
  long dead = dead_pid (), self = (long) getpid ();
  snprintf (p[0], sizeof p[0], "%s/out.csv.evstudy-tmp.%ld.AbCd3f", dir, dead);  /* goes */
  snprintf (p[1], sizeof p[1], "%s/out.csv.evstudy-tmp.%ld.AbCd3g", dir, self);  /* ours: stays */
  snprintf (p[2], sizeof p[2], "%s/out.csv.evstudy-tmp.%ld.AbC", dir, dead);     /* not the pattern */
  snprintf (p[3], sizeof p[3], "%s/other.csv.evstudy-tmp.%ld.AbCd3f", dir, dead); /* another target */
  snprintf (p[4], sizeof p[4], "%s/out.csv.tmpAbCd3f", dir);                      /* old naming */
  snprintf (p[5], sizeof p[5], "%s/out.csv.evstudy-tmp.%ld.AbCd3h", dir, (long) getppid ());
  for (int i = 0; i < 6; i++)
    touch (p[i]);
  /* A live process's temporary over an hour old goes too. */
  struct timespec old[2] = { { time (NULL) - 7200, 0 }, { time (NULL) - 7200, 0 } };
  utimensat (AT_FDCWD, p[5], old, AT_SYMLINK_NOFOLLOW);
  fsout_sweep (dir, "out.csv");
  CHECK (!exists (p[0]), "sweep: dead process's temporary left");
  CHECK (exists (p[1]), "sweep: this process's temporary removed");
  CHECK (exists (p[2]) && exists (p[3]) && exists (p[4]), "sweep: a look-alike name removed");
  CHECK (!exists (p[5]), "sweep: temporary over an hour old left");

  /* A stale report directory (the old report after an exchange): only
   * the files its marker lists go; with a file of the user's in it, the
   * directory stays. */
  char d[4200], f[4300];
  snprintf (d, sizeof d, "%s/rep.evstudy-tmp.%ld.Zz9yX8", dir, dead);
  mkdir (d, 0755);
  snprintf (f, sizeof f, "%s/%s", d, FSOUT_MARKER);
  FILE *fp = fopen (f, "w");
  fprintf (fp, "%s\nindex.html\n../out.csv.tmpAbCd3f\n", FSOUT_MARKER_MAGIC);
  fclose (fp);
  snprintf (f, sizeof f, "%s/index.html", d);
  touch (f);
  snprintf (f, sizeof f, "%s/user.txt", d);
  touch (f);
  /* A stale build directory (mode 0700, no marker): all its files go. */
  char b[4200], g[4300];
  snprintf (b, sizeof b, "%s/rep.evstudy-tmp.%ld.Qq1wE2", dir, dead);
  mkdir (b, 0700);
  snprintf (g, sizeof g, "%s/caar.dat", b);
  touch (g);
  fsout_sweep (dir, "rep");
  snprintf (f, sizeof f, "%s/index.html", d);
  CHECK (!exists (f), "sweep: listed file of a stale report left");
  snprintf (f, sizeof f, "%s/user.txt", d);
  CHECK (exists (f), "sweep: unlisted file of a stale report removed");
  CHECK (exists (p[4]), "sweep: a marker's ../ name was followed");
  CHECK (!exists (b), "sweep: stale build directory left");
}

int
main (void)
{
  const char *t = getenv ("TMPDIR");
  char dir[4096];
  snprintf (dir, sizeof dir, "%s/unit-fsout.XXXXXX", t && *t ? t : "/tmp");
  if (!mkdtemp (dir))
    {
      printf ("FAIL: mkdtemp: %s\n", strerror (errno));
      return 1;
    }
  signal_case (dir, SIGINT);
  signal_case (dir, SIGTERM);
  signal_case (dir, SIGHUP);
  sweep_case (dir);
  char cmd[4200];
  snprintf (cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system (cmd) != 0)
    printf ("warning: could not remove %s\n", dir);
  if (failures)
    return 1;
  printf ("unit-fsout: all checks passed\n");
  return 0;
}
