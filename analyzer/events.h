/* events.h -- the timeline of events (announcements) to study.
 *
 * A CSV with a header.  Columns, found by name (case-insensitive):
 *   date      YYYY-MM-DD, or ISO 8601 with time and offset
 *             (2025-01-20T20:00+08:00)                       required
 *   label     also accepted: event, title, name               required
 *   time      HH:MM local time of the announcement            optional
 *   timezone  IANA name (Asia/Shanghai); needed with time     optional
 *   company, source                                           optional
 *   tickers   series the event applies to, separated by spaces or ';';
 *             empty means every series                        optional
 * Any other column is kept by name for grouping.  Text is data: it is
 * stored as written and never interpreted.
 */
#ifndef EVS_EVENTS_H
#define EVS_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "error.h"

#define EVENTS_MAX_ROWS 1000000

typedef struct evs_event {
  size_t row;            /* 1-based row number among the file's events */
  uint32_t line;         /* line of the file the row starts on */
  char *date_text;       /* the date field as written */
  char *label;
  char *company;         /* "" when absent */
  char *source;          /* "" when absent */
  date_stamp stamp;      /* the date, with time and offset if written */
  bool has_instant;      /* the announcement instant is known ... */
  int64_t instant;       /* ... as seconds since the epoch, UTC */
  char **tickers;        /* NULL-terminated list; empty list = all series */
  size_t ntickers;
  char **extra;          /* values of the timeline's extra columns */
} evs_event;

typedef struct evs_timeline {
  char *source;          /* path of the file */
  evs_event *v;
  size_t n, cap;
  char **extra_names;    /* names of the columns not listed above */
  size_t nextra;
} evs_timeline;

/* Reads the events file at PATH into OUT (initialised here).
 * Errors (OUT left empty): EVS_EIO unreadable; EVS_EDATA with
 * "FILE:LINE:COL: ..." for a missing date or label column, an invalid
 * date, a time without a timezone, an unknown timezone, an empty label,
 * a file without events, more than EVENTS_MAX_ROWS rows. */
int events_load (const char *path, evs_timeline *out, evs_error *err);

/* The same over a buffer in memory; NAME plays the part of the path. */
int events_load_buffer (const char *name, const char *buf, size_t len,
                        evs_timeline *out, evs_error *err);

void events_release (evs_timeline *t);

/* True if event E applies to the series TICKER (case-insensitive). */
bool events_applies (const evs_event *e, const char *ticker);

/* Sets E's tickers from S: names separated by spaces, ';', ',' or tabs
 * (none: the event applies to every series).  E->tickers must be unset. */
void events_split_tickers (evs_event *e, const char *s);

/* Value of extra column NAME for E, or NULL if the timeline has none. */
const char *events_extra (const evs_timeline *t, const evs_event *e,
                          const char *name);

#endif
