/* calendar.c -- exchange table and time-zone arithmetic.
 *
 * Time-zone conversion goes through the C library (TZ + mktime and
 * localtime_r) so that evstudy uses the system's tzdata rather than a
 * copy of its own.  Changing TZ is process-wide: every switch holds
 * tz_lock, and the study converts its events before its worker threads
 * start (calendar_day0_date), since a switch costs tens of
 * microseconds.  (When the study aligned its inputs on the workers, two
 * of them switching TZ at once now and then gave an event on 31 January
 * instead of 30: tests/align.sh, event 8.)
 */
#include <config.h>
#include "calendar.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "date.h"

static const calendar_exchange exchanges[] = {
  { "US", "New York (NYSE, Nasdaq)", "America/New_York", 16 * 60 },
  { "HK", "Hong Kong (HKEX)", "Asia/Hong_Kong", 16 * 60 },
  { "SS", "Shanghai (SSE)", "Asia/Shanghai", 15 * 60 },
  { "SZ", "Shenzhen (SZSE)", "Asia/Shanghai", 15 * 60 },
  /* Tokyo moved its close from 15:00 to 15:30 on 2024-11-05. */
  { "T", "Tokyo (TSE)", "Asia/Tokyo", 15 * 60 + 30 },
  { "L", "London (LSE)", "Europe/London", 16 * 60 + 30 },
  { "DE", "Frankfurt (Xetra)", "Europe/Berlin", 17 * 60 + 30 },
  { "PA", "Paris (Euronext)", "Europe/Paris", 17 * 60 + 30 },
  { "TO", "Toronto (TSX)", "America/Toronto", 16 * 60 },
};

static const struct { const char *alias, *code; } aliases[] = {
  { "NYSE", "US" }, { "NASDAQ", "US" }, { "AMEX", "US" }, { "HKEX", "HK" },
  { "SSE", "SS" }, { "SZSE", "SZ" }, { "TSE", "T" }, { "JPX", "T" },
  { "LSE", "L" }, { "XETRA", "DE" }, { "EURONEXT", "PA" }, { "TSX", "TO" },
};

/* Indices carry no exchange suffix; these are the ones people use. */
static const struct { const char *ticker, *code; } indices[] = {
  { "^HSI", "HK" }, { "^HSCE", "HK" }, { "^N225", "T" }, { "^FTSE", "L" },
  { "^GDAXI", "DE" }, { "^FCHI", "PA" }, { "^GSPTSE", "TO" },
  { "000001.SS", "SS" }, { "399001.SZ", "SZ" },
};

const calendar_exchange *
calendar_by_code (const char *code)
{
  for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
    if (strcasecmp (code, aliases[i].alias) == 0)
      code = aliases[i].code;
  for (size_t i = 0; i < sizeof exchanges / sizeof *exchanges; i++)
    if (strcasecmp (code, exchanges[i].code) == 0)
      return &exchanges[i];
  return NULL;
}

const calendar_exchange *
calendar_for_ticker (const char *ticker)
{
  for (size_t i = 0; i < sizeof indices / sizeof *indices; i++)
    if (strcasecmp (ticker, indices[i].ticker) == 0)
      return calendar_by_code (indices[i].code);
  const char *dot = strrchr (ticker, '.');
  const calendar_exchange *x = dot ? calendar_by_code (dot + 1) : NULL;
  /* "US" is not a Yahoo suffix; "BRK.B" style class shares stay in US. */
  return x ? x : &exchanges[0];
}

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

void
calendar_tz_lock (void)
{
  pthread_mutex_lock (&tz_lock);
}

void
calendar_tz_unlock (void)
{
  pthread_mutex_unlock (&tz_lock);
}

bool
calendar_tz_valid (const char *tz)
{
  if (!tz || !*tz || tz[0] == '/' || strstr (tz, ".."))
    return false;
  for (const char *p = tz; *p; p++)
    if (!(('A' <= *p && *p <= 'Z') || ('a' <= *p && *p <= 'z')
          || ('0' <= *p && *p <= '9') || strchr ("/_+-", *p)))
      return false;
  if (strcmp (tz, "UTC") == 0)
    return true;
  char path[512];
  struct stat st;
  /* The environment is read under the lock of the threads that switch
   * TZ in it (setenv may move it). */
  calendar_tz_lock ();
  const char *dir = getenv ("TZDIR");
  snprintf (path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", tz);
  calendar_tz_unlock ();
  return stat (path, &st) == 0 && S_ISREG (st.st_mode);
}

/* Sets TZ to ZONE and returns the previous value (owned) for restore_tz;
 * the caller holds tz_lock. */
static char *
switch_tz (const char *zone)
{
  const char *old = getenv ("TZ");
  char *saved = old ? evs_xstrdup (old) : NULL;
  setenv ("TZ", zone, 1);
  tzset ();
  return saved;
}

static void
restore_tz (char *saved)
{
  if (saved)
    setenv ("TZ", saved, 1);
  else
    unsetenv ("TZ");
  tzset ();
  free (saved);
}

bool
calendar_local_to_utc (const char *tz, int32_t day, int minute, int64_t *utc)
{
  if (!calendar_tz_valid (tz))
    return false;
  struct tm tm = { 0 };
  int y, m, d;
  date_to_ymd (day, &y, &m, &d);
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  tm.tm_hour = minute / 60;
  tm.tm_min = minute % 60;
  tm.tm_isdst = -1;
  calendar_tz_lock ();
  char *saved = switch_tz (tz);
  time_t t = mktime (&tm);
  restore_tz (saved);
  calendar_tz_unlock ();
  if (t == (time_t) -1 && !(tm.tm_year == 69 && tm.tm_mday == 31))
    return false;
  *utc = (int64_t) t;
  return true;
}

bool
calendar_utc_to_local (const char *tz, int64_t utc, int32_t *day, int *minute)
{
  if (!calendar_tz_valid (tz))
    return false;
  struct tm tm;
  time_t t = (time_t) utc;
  calendar_tz_lock ();
  char *saved = switch_tz (tz);
  bool ok = localtime_r (&t, &tm) != NULL;
  restore_tz (saved);
  calendar_tz_unlock ();
  if (!ok || !date_from_ymd (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, day))
    return false;
  *minute = tm.tm_hour * 60 + tm.tm_min;
  return true;
}

bool
calendar_day0_date (const calendar_exchange *x, bool has_instant, int64_t instant,
                    int32_t day, int32_t *date)
{
  int32_t local;
  int minute;
  *date = day;
  if (!has_instant)
    return true;
  if (!calendar_utc_to_local (x->tz, instant, &local, &minute))
    return false;
  /* A session closing at or before the instant cannot react to it. */
  *date = minute < x->close_min ? local : local + 1;
  return true;
}
