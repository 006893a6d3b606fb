/* calendar.h -- exchanges, time zones, and the session on which an event
 * can first move a price (day 0).
 *
 * A series' sessions are simply the dates present in its file: holidays
 * and closures need no table because a closed exchange writes no row.
 * What the files do not say is where and until when each exchange trades,
 * which decides whether an announcement at a given instant can still move
 * that day's close; that is this module's table.
 */
#ifndef EVS_CALENDAR_H
#define EVS_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct calendar_exchange {
  const char *code;      /* "US", "HK", ... */
  const char *name;      /* human name */
  const char *tz;        /* IANA time zone */
  int close_min;         /* regular close, minutes after local midnight */
} calendar_exchange;

/* The exchange of a ticker from its suffix (none: US; .HK, .SS, .SZ, .T,
 * .L, .DE, .PA, .TO) or, for an index such as ^HSI, from a short table.
 * Never NULL: unknown suffixes fall back to US. */
const calendar_exchange *calendar_for_ticker (const char *ticker);

/* The exchange named CODE (a code above or a common name such as NYSE,
 * NASDAQ, HKEX, SSE, SZSE, TSE, LSE, XETRA, TSX), or NULL. */
const calendar_exchange *calendar_by_code (const char *code);

/* True if TZ names a time zone in the system's zoneinfo database (an
 * unknown name would otherwise silently mean UTC). */
bool calendar_tz_valid (const char *tz);

/* Converts local wall-clock time DAY + MINUTE in TZ to seconds since the
 * epoch (UTC).  In a DST gap or overlap, mktime's choice is taken. */
bool calendar_local_to_utc (const char *tz, int32_t day, int minute, int64_t *utc);

/* Converts UTC seconds to the local date and minute in TZ. */
bool calendar_utc_to_local (const char *tz, int64_t utc, int32_t *day, int *minute);

/* The date on or after which day 0 of an event falls on X's sessions
 * (day 0 is the first session on or after it): with a known instant
 * (HAS_INSTANT), the local date of the instant in X's time zone, or the
 * next date when the instant is at or after X's close (a session closing
 * at or before the instant cannot react to it); else DAY.  False when the time zone cannot be used.  The
 * conversion switches the process's TZ (under calendar_tz_lock): the
 * study computes these before its threads start. */
bool calendar_day0_date (const calendar_exchange *x, bool has_instant, int64_t instant,
                         int32_t day, int32_t *date);

/* Every switch of the process's TZ (here and in bars.c) holds this lock:
 * TZ is process-wide, and two threads switching it at once convert in
 * each other's zone. */
void calendar_tz_lock (void);
void calendar_tz_unlock (void);


#endif
