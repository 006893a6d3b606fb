/* error.h -- how evstudy's library modules report failure.
 *
 * Library code never prints or exits: a function that can fail takes an
 * evs_error * as its last argument, fills it in and returns its code.
 * The command layer (main.c) prints "evstudy: MESSAGE" and exits with the
 * code, so the codes double as the program's exit statuses.
 *
 * Messages about input data follow "FILE:LINE:COLUMN: what is wrong 'value'"
 * (COLUMN is 1-based), lowercase, no full stop.
 */
#ifndef EVS_ERROR_H
#define EVS_ERROR_H

#include <stddef.h>

enum evs_status {
  EVS_OK = 0,
  EVS_EINTERNAL = 1,  /* out of memory or a bug */
  EVS_EUSAGE = 2,     /* bad command line */
  EVS_EDATA = 3,      /* bad input data */
  EVS_EIO = 4,        /* a file could not be read or written */
  EVS_ENOPLOT = 5,    /* results written but charts not drawn */
  EVS_EBUSY = 6,      /* database busy */
  EVS_EEMPTY = 7      /* results written, but nothing measured (no pair, or
                       * every pair skipped) and no --allow-empty */
};

typedef struct evs_error {
  int code;
  char msg[1024];
} evs_error;

/* Sets ERR (may be NULL) to CODE and a printf-style message; returns CODE. */
int evs_fail (evs_error *err, int code, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));

/* Writes S[0..LEN) into BUF (size SIZE >= 8) for use inside '...' in a
 * message: control, quote, backslash and non-ASCII bytes become \xHH, and
 * long values are cut with "..." so that one bad field cannot flood the
 * terminal.  Returns BUF. */
char *evs_quote (char *buf, size_t size, const char *s, size_t len);

/* malloc/realloc that never return NULL for a non-zero size: out of memory
 * is not something a batch job can recover from, so they abort with a
 * message.  Everything else in the library returns errors. */
void *evs_xmalloc (size_t n);
void *evs_xcalloc (size_t n, size_t size);
void *evs_xrealloc (void *p, size_t n);
char *evs_xstrndup (const char *s, size_t n);
char *evs_xstrdup (const char *s);

/* Grows *P (elements of SIZE bytes, capacity *CAP) to hold at least NEED. */
void evs_grow (void **p, size_t *cap, size_t need, size_t size);

#endif
