/* fsout.h -- writing output files and directories without harming what
 * is already there: the file-system side of -o, --plot and --report.
 *
 * Rules (README, "Output files and directories"):
 * - A regular file, or a missing path, is replaced atomically: written
 *   to a temporary file beside it, synced, and renamed over it.  The
 *   temporary file gets the mode the final file would have: the old
 *   file's mode (and, for root, its owner), or 0666 less the umask.
 * - A symbolic link to a regular file is resolved: its target is
 *   replaced as above and the link stays.  A dangling link is refused.
 * - Anything else (a character or block device, a FIFO, a terminal) is
 *   opened and written in place, without O_TRUNC and with O_NOCTTY.
 *   "/dev/stdout", "/dev/stderr" and "/dev/fd/N" are the descriptors
 *   this process already has.
 *
 * Temporaries are named TARGET.evstudy-tmp.PID.XXXXXX (beside TARGET;
 * for a chart directory, .evstudy-tmp.PID.XXXXXX inside it).  While they
 * exist they are listed in a fixed registry that a handler of SIGINT,
 * SIGTERM and SIGHUP removes, with async-signal-safe calls only, before
 * re-raising the signal with its default action.  Temporaries that a
 * killed run left (kill -9) are removed by the next run that writes
 * beside them (fsout_sweep): only names of exactly that pattern, owned by
 * this user, whose process is gone or that are over an hour old.
 *
 * Library code: functions return an evs_status with ERR set and never
 * print.  Strings returned belong to the caller. */
#ifndef EVS_FSOUT_H
#define EVS_FSOUT_H

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "error.h"

/* The infix of every temporary's name. */
#define FSOUT_TMP_INFIX ".evstudy-tmp."

/* A report directory's marker (report.h): its first line is
 * FSOUT_MARKER_MAGIC, each further line the name of a file evstudy wrote
 * into the directory. */
#define FSOUT_MARKER ".evstudy-report"
#define FSOUT_MARKER_MAGIC "evstudy report directory; evstudy replaces or removes only the files listed below"

/* True if the directory open as DFD has a valid marker and holds nothing
 * but the marker and the files it lists. */
bool fsout_marked (int dfd);

/* Removes from the directory open as DFD the files its marker lists
 * (names without '/', never following a symbolic link), then the
 * marker.  False, removing nothing, without a valid marker. */
bool fsout_remove_marked (int dfd);

/* A directory stream on a duplicate of DFD, read from the start (the
 * caller closes it), or NULL. */
DIR *fsout_opendir_at (int dfd);

/* Reads the umask and installs the handler of SIGINT, SIGTERM and SIGHUP.
 * Call once, first thing, while the process has one thread. */
void fsout_init (void);

/* The umask read by fsout_init (022 before it is called). */
mode_t fsout_umask (void);

/* Registers PATH (a temporary file, or with DIR a temporary directory
 * whose files are all evstudy's) for removal on a signal.  Returns its
 * slot, or -1 when the registry is full or PATH too long (the temporary
 * is then only removed by a later run's fsout_sweep). */
int fsout_pending_add (const char *path, bool dir);

/* Forgets slot SLOT (-1: nothing). */
void fsout_pending_drop (int slot);

/* Makes a new temporary beside TARGET: a file opened O_WRONLY (returned
 * descriptor, mode 0666 less the umask) or, with DIR, a directory of mode
 * 0700 (returns 0).  *TMP (the caller frees it) is its path and *SLOT its
 * registry slot.  -1 with errno set on failure. */
int fsout_temp (const char *target, bool dir, char **tmp, int *slot);

/* Removes the stale temporaries of evstudy's naming for the target BASE
 * in directory DIR ("." when empty): see above.  A stale directory holding
 * a report marker (report.h) loses only the files the marker lists;
 * otherwise (a build directory, mode 0700) its files.  Errors are
 * ignored: this is housekeeping. */
void fsout_sweep (const char *dir, const char *base);

/* Removes temporary directory TMP (from fsout_temp) with the files in
 * it, never following a link, and forgets SLOT. */
void fsout_remove_temp_dir (const char *tmp, int slot);

/* Makes directory DIR (mode 0777 less the umask) unless it exists.
 * EVS_EIO with ERR ("DIR: cannot create directory: REASON"). */
int fsout_make_dir (const char *dir, evs_error *err);

/* Renames every file of directory FROM into directory TO under the same
 * name.  rename replaces a link in TO, never what it points to.  EVS_EIO
 * with ERR naming SHOWN/NAME (e.g. a directory of that name in TO). */
int fsout_move_all (const char *from, const char *to, const char *shown,
                    evs_error *err);

/* An output file being written. */
typedef struct fsout_file {
  FILE *fp;                   /* write here */
  char *path;                 /* the path given, for messages (owned) */
  char *target;               /* the file replaced (resolved), or NULL */
  char *tmp;                  /* the temporary, or NULL when in place */
  int slot;                   /* registry slot of TMP */
  bool sync;                  /* fsync at the end (regular files) */
  char *buf;                  /* FP's buffer, or NULL for stdio's own */
} fsout_file;

/* Opens PATH for writing by the rules above into *F.  EVS_EIO with ERR
 * ("PATH: cannot write: REASON") if it cannot be, or if PATH is a
 * directory or a dangling symbolic link. */
int fsout_open (const char *path, fsout_file *f, evs_error *err);

/* Flushes and closes F, syncing a regular file, and renames the
 * temporary into place.  On a write error (a full disk) the temporary is
 * removed and the old file stays: EVS_EIO with ERR.  F is released
 * either way. */
int fsout_close (fsout_file *f, evs_error *err);

/* Checks, without writing anything, that fsout_open could write PATH:
 * not a directory or a dangling link, and for a file replaced atomically
 * a writable directory.  EVS_EIO with ERR otherwise. */
int fsout_check_file (const char *path, evs_error *err);

/* Checks, without writing anything, that directory DIR exists and is
 * writable, or can be made (its parent is a writable directory).
 * EVS_EIO with ERR ("DIR: cannot create directory: REASON", or
 * "DIR: cannot write: REASON"). */
int fsout_check_dir (const char *dir, evs_error *err);

/* The descriptor that "/dev/stdout", "/dev/stderr" or "/dev/fd/N" names
 * (one evstudy already has), or -1 if PATH is none of them. */
int fsout_named_fd (const char *path);

/* True if fsout_open writes PATH in place: a descriptor it names
 * (fsout_named_fd), or an existing file that is neither regular nor a
 * directory (a device, a FIFO, a terminal). */
bool fsout_in_place (const char *path);

/* Writes into *CANON the absolute path of PATH with its existing leading
 * part resolved (realpath) and the rest appended as written, trailing
 * slashes dropped; for comparing output targets.  The caller frees it. */
void fsout_canonical (const char *path, char **canon);

/* Splits PATH into its directory (newly allocated; "." if none) and its
 * last component (pointing into PATH; trailing slashes are not allowed). */
char *fsout_dirname (const char *path, const char **base);

#endif
