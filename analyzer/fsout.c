/* fsout.c -- output files and directories written safely; see fsout.h. */
#include <config.h>
#include "fsout.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* The registry of pending temporaries and the signal handler.         */
/* ------------------------------------------------------------------ */

#define SLOTS 8

/* Written by the main thread only; read by the handler.  A slot's path is
 * complete before USED is set, and USED is cleared before it changes. */
static struct {
  volatile sig_atomic_t used;
  volatile sig_atomic_t dir;
  char path[PATH_MAX];
} slots[SLOTS];

static mode_t the_umask = 022;
static bool umask_known;

/* What getdents64 returns (the kernel's struct linux_dirent64). */
struct dent64 {
  uint64_t ino;
  int64_t off;
  unsigned short reclen;
  unsigned char type;
  char name[];
};

/* Removes the files and links in the directory open as FD (not its
 * subdirectories); async-signal-safe (getdents64, unlinkat, lseek only),
 * so that the signal handler and the main thread share it.  Unlinking
 * while reading may skip entries, so it reads again until a pass removes
 * nothing. */
static void
clear_dir (int fd)
{
  char buf[8192] __attribute__ ((aligned (8)));
  for (int pass = 0; pass < 16; pass++)
    {
      bool removed = false;
      long n;
      if (lseek (fd, 0, SEEK_SET) != 0)
        break;
      while ((n = syscall (SYS_getdents64, fd, buf, sizeof buf)) > 0)
        for (long off = 0; off < n;)
          {
            struct dent64 *d = (struct dent64 *) (void *) (buf + off);
            off += d->reclen;
            const char *s = d->name;
            if (!(s[0] == '.' && (!s[1] || (s[1] == '.' && !s[2])))
                && unlinkat (fd, s, 0) == 0)
              removed = true;
          }
      if (!removed)
        break;
    }
}

/* Removes the files in directory PATH, then PATH, never through a link;
 * async-signal-safe (open, close and rmdir besides clear_dir's). */
static void
remove_dir (const char *path)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return;
  clear_dir (fd);
  close (fd);
  rmdir (path);
}

static void
on_signal (int sig)
{
  int saved = errno;
  for (int i = 0; i < SLOTS; i++)
    if (slots[i].used)
      {
        if (slots[i].dir)
          remove_dir (slots[i].path);
        else
          unlink (slots[i].path);
        slots[i].used = 0;
      }
  errno = saved;
  /* SA_RESETHAND made the action the default one; SIG is blocked until
   * this returns, and then ends the process as it would have. */
  raise (sig);
}

mode_t
fsout_umask (void)
{
  if (!umask_known)
    {
      the_umask = umask (022);
      umask (the_umask);
      umask_known = true;
    }
  return the_umask;
}

void
fsout_init (void)
{
  fsout_umask ();
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESETHAND;
  sigemptyset (&sa.sa_mask);
  static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
  for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
    sigaddset (&sa.sa_mask, sigs[i]);
  for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
    {
      /* A signal ignored by whoever started us (nohup) stays ignored. */
      struct sigaction old;
      if (sigaction (sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
        continue;
      sigaction (sigs[i], &sa, NULL);
    }
}

int
fsout_pending_add (const char *path, bool dir)
{
  if (strlen (path) >= PATH_MAX)
    return -1;
  for (int i = 0; i < SLOTS; i++)
    if (!slots[i].used)
      {
        strcpy (slots[i].path, path);
        slots[i].dir = dir;
        slots[i].used = 1;
        return i;
      }
  return -1;
}

void
fsout_pending_drop (int slot)
{
  if (slot >= 0 && slot < SLOTS)
    slots[slot].used = 0;
}

/* ------------------------------------------------------------------ */
/* Temporaries: making them, and sweeping the stale ones.              */
/* ------------------------------------------------------------------ */

/* Six characters of [A-Za-z0-9], different at each call. */
static void
random6 (char *out)
{
  static const char set[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  static uint64_t counter;
  struct timespec ts;
  clock_gettime (CLOCK_REALTIME, &ts);
  uint64_t x = (uint64_t) ts.tv_nsec ^ ((uint64_t) ts.tv_sec << 30)
               ^ ((uint64_t) getpid () << 16) ^ (++counter * 0x9E3779B97F4A7C15u);
  for (int i = 0; i < 6; i++)
    {
      x ^= x >> 33;
      x *= 0xff51afd7ed558ccdu;
      x ^= x >> 29;
      out[i] = set[x % 62];
    }
  out[6] = '\0';
}

int
fsout_temp (const char *target, bool dir, char **tmp, int *slot)
{
  size_t n = strlen (target) + sizeof FSOUT_TMP_INFIX + 32;
  char *p = evs_xmalloc (n);
  *slot = -1;
  for (int tries = 0; tries < 100; tries++)
    {
      char r[7];
      random6 (r);
      snprintf (p, n, "%s" FSOUT_TMP_INFIX "%ld.%s", target, (long) getpid (), r);
      /* Registered before it exists: a signal in between only finds
       * nothing to remove. */
      *slot = fsout_pending_add (p, dir);
      int fd = dir ? mkdir (p, 0700)
                   : open (p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
      if (fd >= 0)
        {
          *tmp = p;
          return fd;
        }
      int e = errno;
      fsout_pending_drop (*slot);
      *slot = -1;
      errno = e;
      if (e != EEXIST)
        break;
    }
  free (p);
  *tmp = NULL;
  return -1;
}

/* True if NAME is BASE FSOUT_TMP_INFIX PID '.' and six letters or digits;
 * sets *PID. */
static bool
temp_name (const char *name, const char *base, long *pid)
{
  size_t bl = strlen (base), il = strlen (FSOUT_TMP_INFIX);
  if (strncmp (name, base, bl) != 0 || strncmp (name + bl, FSOUT_TMP_INFIX, il) != 0)
    return false;
  const char *p = name + bl + il;
  size_t nd = 0;
  long v = 0;
  for (; p[nd] >= '0' && p[nd] <= '9'; nd++)
    if (nd < 9)
      v = v * 10 + (p[nd] - '0');
  if (nd == 0 || nd > 9 || p[nd] != '.')
    return false;
  p += nd + 1;
  for (int i = 0; i < 6; i++)
    if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z')
          || (p[i] >= '0' && p[i] <= '9')))
      return false;
  *pid = v;
  return p[6] == '\0';
}

DIR *
fsout_opendir_at (int dfd)
{
  int fd = dup (dfd);
  DIR *dp = fd >= 0 ? fdopendir (fd) : NULL;
  if (!dp && fd >= 0)
    close (fd);
  if (dp)
    rewinddir (dp);   /* the offset is shared with DFD */
  return dp;
}

/* Reads the marker of DFD into a new string, or NULL if there is no
 * valid one (a regular file starting with the magic line). */
static char *
read_marker (int dfd)
{
  int fd = openat (dfd, FSOUT_MARKER, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return NULL;
  struct stat sb;
  char *text = NULL;
  if (fstat (fd, &sb) == 0 && S_ISREG (sb.st_mode) && sb.st_size < (1 << 24))
    {
      size_t len = 0, size = (size_t) sb.st_size;
      text = evs_xmalloc (size + 1);
      ssize_t got;
      while (len < size && (got = read (fd, text + len, size - len)) > 0)
        len += (size_t) got;
      text[len] = '\0';
      size_t ml = strlen (FSOUT_MARKER_MAGIC);
      if (len != size || strncmp (text, FSOUT_MARKER_MAGIC, ml) != 0 || text[ml] != '\n')
        {
          free (text);
          text = NULL;
        }
    }
  close (fd);
  return text;
}

/* A name a marker may list: a plain file name. */
static bool
listable (const char *s)
{
  return *s && !strchr (s, '/') && strcmp (s, ".") && strcmp (s, "..")
         && strcmp (s, FSOUT_MARKER);
}

/* True if NAME is a line of the marker TEXT (after the magic line). */
static bool
listed (const char *text, const char *name)
{
  size_t n = strlen (name);
  for (const char *p = strchr (text, '\n'); p; p = strchr (p, '\n'))
    {
      p++;
      if (strncmp (p, name, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
        return true;
    }
  return false;
}

bool
fsout_marked (int dfd)
{
  char *text = read_marker (dfd);
  if (!text)
    return false;
  DIR *dp = fsout_opendir_at (dfd);
  bool ok = dp != NULL;
  struct dirent *de;
  while (ok && (de = readdir (dp)) != NULL)
    if (strcmp (de->d_name, ".") && strcmp (de->d_name, "..")
        && strcmp (de->d_name, FSOUT_MARKER))
      ok = listed (text, de->d_name);
  if (dp)
    closedir (dp);
  free (text);
  return ok;
}

bool
fsout_remove_marked (int dfd)
{
  char *text = read_marker (dfd);
  if (!text)
    return false;
  char *line = strchr (text, '\n') + 1, *next;
  for (; *line; line = next)
    {
      next = strchr (line, '\n');
      if (next)
        *next++ = '\0';
      else
        next = line + strlen (line);
      if (listable (line))
        unlinkat (dfd, line, 0);
    }
  unlinkat (dfd, FSOUT_MARKER, 0);
  free (text);
  return true;
}

/* True if the temporary with PID and modification time MTIME is
 * abandoned: its process is gone, or it is over an hour old. */
static bool
stale (long pid, time_t mtime)
{
  if (pid == (long) getpid ())
    return false;
  if (pid <= 0 || (kill ((pid_t) pid, 0) != 0 && errno == ESRCH))
    return true;
  return time (NULL) - mtime > 3600;
}

void
fsout_sweep (const char *dir, const char *base)
{
  int pfd = open (*dir ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (pfd < 0)
    return;
  DIR *dp = fsout_opendir_at (pfd);
  if (!dp)
    {
      close (pfd);
      return;
    }
  struct dirent *de;
  long pid;
  struct stat sb;
  while ((de = readdir (dp)) != NULL)
    {
      if (!temp_name (de->d_name, base, &pid)
          || fstatat (pfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0
          || sb.st_uid != geteuid () || !stale (pid, sb.st_mtime))
        continue;
      if (S_ISREG (sb.st_mode))
        unlinkat (pfd, de->d_name, 0);
      else if (S_ISDIR (sb.st_mode))
        {
          int dfd = openat (pfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
          if (dfd < 0)
            continue;
          if (!fsout_remove_marked (dfd) && (sb.st_mode & 077) == 0)
            clear_dir (dfd);
          close (dfd);
          unlinkat (pfd, de->d_name, AT_REMOVEDIR);
        }
    }
  closedir (dp);
  close (pfd);
}

void
fsout_remove_temp_dir (const char *tmp, int slot)
{
  remove_dir (tmp);
  fsout_pending_drop (slot);
}

int
fsout_make_dir (const char *dir, evs_error *err)
{
  if (mkdir (dir, 0777) == 0 || errno == EEXIST)
    {
      struct stat sb;
      if (stat (dir, &sb) == 0 && S_ISDIR (sb.st_mode))
        return EVS_OK;
      errno = ENOTDIR;
    }
  return evs_fail (err, EVS_EIO, "%s: cannot create directory: %s", dir, strerror (errno));
}

int
fsout_move_all (const char *from, const char *to, const char *shown, evs_error *err)
{
  int ffd = open (from, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  int tfd = open (to, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *dp = ffd >= 0 ? fsout_opendir_at (ffd) : NULL;
  int rc = EVS_OK;
  if (!dp || tfd < 0)
    rc = evs_fail (err, EVS_EIO, "%s: cannot write: %s", shown, strerror (errno));
  struct dirent *de;
  /* Renaming while reading may skip entries: read again until a pass
   * finds nothing left. */
  for (bool moved = true; rc == EVS_OK && moved;)
    {
      moved = false;
      rewinddir (dp);
      while (rc == EVS_OK && (de = readdir (dp)) != NULL)
        if (strcmp (de->d_name, ".") && strcmp (de->d_name, ".."))
          {
            if (renameat (ffd, de->d_name, tfd, de->d_name) != 0)
              rc = evs_fail (err, EVS_EIO, "%s/%s: cannot write: %s", shown,
                             de->d_name, strerror (errno));
            moved = true;
          }
    }
  if (dp)
    closedir (dp);
  if (ffd >= 0)
    close (ffd);
  if (tfd >= 0)
    close (tfd);
  return rc;
}

/* ------------------------------------------------------------------ */
/* Paths.                                                              */
/* ------------------------------------------------------------------ */

char *
fsout_dirname (const char *path, const char **base)
{
  const char *slash = strrchr (path, '/');
  if (!slash)
    {
      *base = path;
      return evs_xstrdup (".");
    }
  *base = slash + 1;
  return slash == path ? evs_xstrdup ("/") : evs_xstrndup (path, (size_t) (slash - path));
}

/* PATH without its trailing slashes (but "/" stays), newly allocated. */
static char *
strip_slashes (const char *path)
{
  size_t n = strlen (path);
  while (n > 1 && path[n - 1] == '/')
    n--;
  return evs_xstrndup (path, n);
}

void
fsout_canonical (const char *path, char **canon)
{
  char *p = strip_slashes (path), *rest = evs_xstrdup ("");
  for (;;)
    {
      char *r = realpath (*p ? p : ".", NULL);
      if (r)
        {
          size_t n = strlen (r) + strlen (rest) + 2;
          *canon = evs_xmalloc (n);
          snprintf (*canon, n, "%s%s%s", strcmp (r, "/") ? r : "", *rest ? "/" : "", rest);
          if (!**canon)
            strcpy (*canon, "/");
          free (r);
          break;
        }
      char *slash = strrchr (p, '/');
      const char *last = slash ? slash + 1 : p;
      size_t n = strlen (last) + strlen (rest) + 2;
      char *nr = evs_xmalloc (n);
      snprintf (nr, n, "%s%s%s", last, *rest ? "/" : "", rest);
      free (rest);
      rest = nr;
      if (!slash)
        *p = '\0';
      else
        *(slash == p ? slash + 1 : slash) = '\0';
    }
  free (p);
  free (rest);
}

int
fsout_named_fd (const char *path)
{
  if (strcmp (path, "/dev/stdout") == 0)
    return STDOUT_FILENO;
  if (strcmp (path, "/dev/stderr") == 0)
    return STDERR_FILENO;
  if (strncmp (path, "/dev/fd/", 8) == 0 && path[8])
    {
      char *end;
      long n = strtol (path + 8, &end, 10);
      if (!*end && n >= 0 && n < INT_MAX && path[8] >= '0' && path[8] <= '9')
        return (int) n;
    }
  return -1;
}

/* ------------------------------------------------------------------ */
/* Writing a file.                                                     */
/* ------------------------------------------------------------------ */

static int
fail_path (evs_error *err, const char *path, const char *what, int e)
{
  return evs_fail (err, EVS_EIO, "%s: %s: %s", path, what, strerror (e));
}

enum { FSOUT_BUFFER = 1 << 20 };

/* Opens a temporary beside TARGET that will replace it; OLD is the file
 * replaced (its mode and owner are kept), or NULL for a new file. */
static int
open_atomic (fsout_file *f, const char *target, const struct stat *old, evs_error *err)
{
  const char *base;
  char *dir = fsout_dirname (target, &base);
  fsout_sweep (dir, base);
  free (dir);
  int fd = fsout_temp (target, false, &f->tmp, &f->slot);
  if (fd < 0)
    return fail_path (err, f->path, "cannot write", errno);
  if (old)
    {
      /* The owner first: chown clears the set-user-ID bits. */
      if (fchown (fd, geteuid () == 0 ? old->st_uid : (uid_t) -1, old->st_gid) != 0)
        {
          /* Not ours to give away: the file becomes this user's. */
        }
      fchmod (fd, old->st_mode & 07777);
    }
  f->fp = fdopen (fd, "w");
  if (!f->fp)
    {
      int e = errno;
      close (fd);
      unlink (f->tmp);
      return fail_path (err, f->path, "cannot write", e);
    }
  f->target = evs_xstrdup (target);
  f->sync = true;
  /* A regular file's 4 KB stdio buffer made a 26 MB output 6,400 write
   * calls; a merge that copies formatted text (issue 17) is mostly them. */
  f->buf = malloc (FSOUT_BUFFER);
  if (f->buf)
    setvbuf (f->fp, f->buf, _IOFBF, FSOUT_BUFFER);
  return EVS_OK;
}

/* Opens PATH (not a regular file) in place. */
static int
open_in_place (fsout_file *f, const char *path, evs_error *err)
{
  int fd = open (path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return fail_path (err, f->path, "cannot write", errno);
  struct stat sb;
  if (fstat (fd, &sb) == 0 && S_ISREG (sb.st_mode))
    {
      /* It became a regular file since we looked: replace it. */
      close (fd);
      return open_atomic (f, path, &sb, err);
    }
  f->fp = fdopen (fd, "w");
  if (!f->fp)
    {
      int e = errno;
      close (fd);
      return fail_path (err, f->path, "cannot write", e);
    }
  return EVS_OK;
}

static void
release (fsout_file *f)
{
  fsout_pending_drop (f->slot);
  free (f->path);
  free (f->target);
  free (f->tmp);
  free (f->buf);        /* FP is closed by now */
  memset (f, 0, sizeof *f);
  f->slot = -1;
}

bool
fsout_in_place (const char *path)
{
  struct stat sb;
  return fsout_named_fd (path) >= 0
         || (stat (path, &sb) == 0 && !S_ISREG (sb.st_mode) && !S_ISDIR (sb.st_mode));
}

int
fsout_open (const char *path, fsout_file *f, evs_error *err)
{
  memset (f, 0, sizeof *f);
  f->slot = -1;
  f->path = evs_xstrdup (path);
  int rc = EVS_OK, nfd = fsout_named_fd (path);
  struct stat sb;
  if (nfd >= 0)
    {
      int fd = fcntl (nfd, F_DUPFD_CLOEXEC, 3);
      if (fd < 0 || !(f->fp = fdopen (fd, "w")))
        {
          rc = fail_path (err, path, "cannot write", errno);
          if (fd >= 0)
            close (fd);
        }
    }
  else if (lstat (path, &sb) != 0)
    rc = errno == ENOENT ? open_atomic (f, path, NULL, err)
                         : fail_path (err, path, "cannot write", errno);
  else if (S_ISLNK (sb.st_mode))
    {
      char *real;
      if (stat (path, &sb) != 0)
        rc = errno == ENOENT
             ? evs_fail (err, EVS_EIO, "%s: cannot write: dangling symbolic link", path)
             : fail_path (err, path, "cannot write", errno);
      else if (S_ISDIR (sb.st_mode))
        rc = fail_path (err, path, "cannot write", EISDIR);
      else if (!S_ISREG (sb.st_mode))
        rc = open_in_place (f, path, err);
      else if (!(real = realpath (path, NULL)))
        rc = fail_path (err, path, "cannot write", errno);
      else
        {
          rc = open_atomic (f, real, &sb, err);
          free (real);
        }
    }
  else if (S_ISDIR (sb.st_mode))
    rc = fail_path (err, path, "cannot write", EISDIR);
  else if (S_ISREG (sb.st_mode))
    rc = open_atomic (f, path, &sb, err);
  else
    rc = open_in_place (f, path, err);
  if (rc != EVS_OK)
    release (f);
  return rc;
}

int
fsout_close (fsout_file *f, evs_error *err)
{
  errno = 0;
  bool bad = fflush (f->fp) != 0 || ferror (f->fp);
  if (!bad && f->sync && fsync (fileno (f->fp)) != 0)
    bad = true;
  int saved = errno;
  if (fclose (f->fp) != 0 && !bad)
    {
      bad = true;
      saved = errno;
    }
  if (!bad && f->tmp && rename (f->tmp, f->target) != 0)
    {
      bad = true;
      saved = errno;
    }
  int rc = EVS_OK;
  if (bad)
    {
      rc = fail_path (err, f->path, "write error", saved ? saved : EIO);
      if (f->tmp)
        unlink (f->tmp);
    }
  release (f);
  return rc;
}

/* ------------------------------------------------------------------ */
/* Checking a plan before writing.                                     */
/* ------------------------------------------------------------------ */

/* EVS_OK if the directory holding FILE is one we may create files in;
 * else EVS_EIO naming SHOWN with WHAT. */
static int
check_parent (const char *file, const char *shown, const char *what, evs_error *err)
{
  const char *base;
  char *dir = fsout_dirname (file, &base);
  struct stat sb;
  int rc = EVS_OK;
  if (stat (dir, &sb) != 0)
    rc = fail_path (err, shown, what, errno);
  else if (!S_ISDIR (sb.st_mode))
    rc = fail_path (err, shown, what, ENOTDIR);
  else if (access (dir, W_OK | X_OK) != 0)
    rc = fail_path (err, shown, what, errno);
  free (dir);
  return rc;
}

int
fsout_check_file (const char *path, evs_error *err)
{
  struct stat sb;
  if (fsout_named_fd (path) >= 0)
    return EVS_OK;
  if (lstat (path, &sb) != 0)
    return errno == ENOENT ? check_parent (path, path, "cannot write", err)
                           : fail_path (err, path, "cannot write", errno);
  if (S_ISLNK (sb.st_mode))
    {
      if (stat (path, &sb) != 0)
        return errno == ENOENT
               ? evs_fail (err, EVS_EIO, "%s: cannot write: dangling symbolic link", path)
               : fail_path (err, path, "cannot write", errno);
      if (S_ISREG (sb.st_mode))
        {
          char *real = realpath (path, NULL);
          if (!real)
            return fail_path (err, path, "cannot write", errno);
          int rc = check_parent (real, path, "cannot write", err);
          free (real);
          return rc;
        }
    }
  if (S_ISDIR (sb.st_mode))
    return fail_path (err, path, "cannot write", EISDIR);
  if (S_ISREG (sb.st_mode))
    return check_parent (path, path, "cannot write", err);
  return EVS_OK;
}

int
fsout_check_dir (const char *dir, evs_error *err)
{
  struct stat sb;
  if (stat (dir, &sb) == 0)
    {
      if (!S_ISDIR (sb.st_mode))
        return fail_path (err, dir, "cannot create directory", ENOTDIR);
      if (access (dir, W_OK | X_OK) != 0)
        return fail_path (err, dir, "cannot write", errno);
      return EVS_OK;
    }
  if (errno != ENOENT)
    return fail_path (err, dir, "cannot create directory", errno);
  char *p = strip_slashes (dir);
  int rc = check_parent (p, dir, "cannot create directory", err);
  free (p);
  return rc;
}
