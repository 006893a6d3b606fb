/* bars.h -- intraday bar series: bar start times as UTC epoch seconds,
 * the trading hours of each exchange (with Hong Kong's and the other
 * Asian lunch breaks), naive local times read in an exchange's zone
 * across DST changes, and the bar an event instant reaches (day 0).
 *
 * A bar covers [t, t + len): t is its start, len the series' bar length.
 * Sessions are the local dates of the exchange on which bars are present
 * (a closed day writes no bar), as for daily series.
 *
 * Time-zone arithmetic sets TZ for the process (bars_zone_enter), as
 * calendar.c does: bars are imported and finished before any worker
 * thread starts.
 */
#ifndef EVS_BARS_H
#define EVS_BARS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "error.h"

/* Regular trading hours of an exchange, in minutes after local midnight.
 * brk_start == brk_end: no lunch break. */
typedef struct bars_hours {
  const char *code;
  int open, brk_start, brk_end, close;
} bars_hours;

typedef struct bars_series {
  char *ticker;          /* owned */
  char *source;          /* file name as given, owned */
  char *layout;          /* detected layout ("polygon-flat", ...), owned */
  const calendar_exchange *x;  /* exchange: sessions, hours, output zone */
  size_t n, cap;
  int64_t *t;            /* bar start, UTC seconds; strictly ascending after
                            bars_finish */
  double *close;         /* finite and > 0 */
  double *volume;        /* NaN where the file has none */
  uint32_t *line;        /* 1-based line of each bar in the file */
  int32_t *session;      /* after bars_finish: local date of each bar */
  int16_t *minute;       /* after bars_finish: its local minute after midnight */
  int32_t len;           /* bar length in seconds (after bars_finish) */
  bool reordered;        /* the file was not in time order: sorted */
  size_t n_outside;      /* bars dropped: outside the exchange's hours */
  uint32_t outside_line; /* the first of them, for the warning */
} bars_series;

typedef struct bars_list {
  bars_series *v;
  size_t n, cap;
} bars_list;

/* How an event instant picks day 0 (bars_day0). */
enum bars_align {
  BARS_ALIGN_START,   /* the first bar beginning at or after the instant */
  BARS_ALIGN_END      /* the first bar ending after the instant */
};

void bars_init (bars_series *s);
void bars_release (bars_series *s);
void bars_push (bars_series *s, int64_t t, double close, double volume,
                uint32_t line);

void bars_list_init (bars_list *l);
void bars_list_release (bars_list *l);
/* A new zeroed series at the end of L (valid until the next call). */
bars_series *bars_list_add (bars_list *l);

/* The trading hours of exchange X (never NULL: the table covers every
 * exchange of calendar.c). */
const bars_hours *bars_hours_for (const calendar_exchange *x);

/* Sets TZ to ZONE for the conversions below and returns what to restore
 * (owned; pass it to bars_zone_leave).  ZONE must pass calendar_tz_valid.
 * Holds calendar_tz_lock until bars_zone_leave: call nothing between
 * them that converts through calendar.c. */
char *bars_zone_enter (const char *zone);
void bars_zone_leave (char *saved);

/* UTC offset in seconds (local minus UTC) at instant U in the zone
 * entered; false if the C library cannot say. */
bool bars_zone_offset (int64_t u, int *offset);

/* How a naive local time maps to instants in the zone entered. */
enum bars_local {
  BARS_LOCAL_ONE,      /* exactly one instant */
  BARS_LOCAL_REPEATED, /* the repeated hour when clocks go back: two */
  BARS_LOCAL_GAP       /* the skipped hour when clocks go forward: none */
};

/* The instants of local wall-clock time DAY + SEC (seconds after local
 * midnight) in the zone entered: *FIRST <= *SECOND (equal unless
 * BARS_LOCAL_REPEATED; unset for BARS_LOCAL_GAP).  Candidates are the
 * offsets a day before and after, so transitions closer than a day
 * apart are not seen (no zone has them). */
enum bars_local bars_local_instants (int32_t day, int sec, int64_t *first,
                                     int64_t *second);

/* Sorts S by time (setting S->reordered if it was not in order), fails
 * on a duplicate timestamp ("FILE:LINE:COL: duplicate timestamp 'ISO'
 * (also on line N)", EVS_EDATA, COL = TIME_COL), drops the bars whose
 * start is outside the exchange's hours or in its lunch break (counted
 * in n_outside), sets each bar's session and the bar length (the
 * smallest step between two bars of one session; 60 s if no session has
 * two bars).  EVS_EDATA "FILE: no bar inside ... trading hours" if none
 * is left. */
int bars_finish (bars_series *s, int time_col, evs_error *err);

/* Index of day 0 for an event at INSTANT (UTC seconds): with
 * BARS_ALIGN_START the first bar with t >= INSTANT, with BARS_ALIGN_END
 * the first with t + len > INSTANT.  S->n if the event is after the
 * data.  Bar 0's return is close[i0] / close[i0 - 1] - 1: with
 * BARS_ALIGN_END, and with either for an instant outside trading hours,
 * close[i0 - 1] is the last price before the instant, so an overnight or
 * weekend gap is part of the reaction. */
size_t bars_day0 (const bars_series *s, int64_t instant, enum bars_align a);

/* Whether bar I opens its session (its return is an overnight one). */
bool bars_first_of_session (const bars_series *s, size_t i);

/* Formats U as ISO 8601 with the offset of time zone TZ, e.g.
 * 2025-01-27T09:30:00-05:00, into BUF (at least 32 bytes); returns BUF
 * (the UTC form ...Z if TZ cannot be used). */
char *bars_format_iso (int64_t u, const char *tz, char *buf);

#endif
