/* bars.c -- intraday bar series, trading hours, local times and day 0. */
#include <config.h>
#include "bars.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"

/* Regular hours as the exchanges publish them (continuous trading only:
 * auctions before the open and at the close are not bars of the
 * session).  Tokyo's afternoon session ends at 15:30 since 2024-11-05
 * (15:00 before); London, Frankfurt and Paris trade without a break. */
static const bars_hours hours[] = {
  { "US", 9 * 60 + 30, 0, 0, 16 * 60 },
  { "HK", 9 * 60 + 30, 12 * 60, 13 * 60, 16 * 60 },
  { "SS", 9 * 60 + 30, 11 * 60 + 30, 13 * 60, 15 * 60 },
  { "SZ", 9 * 60 + 30, 11 * 60 + 30, 13 * 60, 15 * 60 },
  { "T", 9 * 60, 11 * 60 + 30, 12 * 60 + 30, 15 * 60 + 30 },
  { "L", 8 * 60, 0, 0, 16 * 60 + 30 },
  { "DE", 9 * 60, 0, 0, 17 * 60 + 30 },
  { "PA", 9 * 60, 0, 0, 17 * 60 + 30 },
  { "TO", 9 * 60 + 30, 0, 0, 16 * 60 },
};

const bars_hours *
bars_hours_for (const calendar_exchange *x)
{
  for (size_t i = 0; i < sizeof hours / sizeof *hours; i++)
    if (strcmp (hours[i].code, x->code) == 0)
      return &hours[i];
  return &hours[0];
}

void
bars_init (bars_series *s)
{
  memset (s, 0, sizeof *s);
}

void
bars_release (bars_series *s)
{
  free (s->ticker);
  free (s->source);
  free (s->layout);
  free (s->t);
  free (s->close);
  free (s->volume);
  free (s->line);
  free (s->session);
  free (s->minute);
  bars_init (s);
}

void
bars_push (bars_series *s, int64_t t, double close, double volume, uint32_t line)
{
  if (s->n == s->cap)
    {
      size_t cap = s->cap ? 2 * s->cap : 1024;
      s->t = evs_xrealloc (s->t, cap * sizeof *s->t);
      s->close = evs_xrealloc (s->close, cap * sizeof *s->close);
      s->volume = evs_xrealloc (s->volume, cap * sizeof *s->volume);
      s->line = evs_xrealloc (s->line, cap * sizeof *s->line);
      s->cap = cap;
    }
  s->t[s->n] = t;
  s->close[s->n] = close;
  s->volume[s->n] = volume;
  s->line[s->n] = line;
  s->n++;
}

void
bars_list_init (bars_list *l)
{
  memset (l, 0, sizeof *l);
}

void
bars_list_release (bars_list *l)
{
  for (size_t i = 0; i < l->n; i++)
    bars_release (&l->v[i]);
  free (l->v);
  bars_list_init (l);
}

bars_series *
bars_list_add (bars_list *l)
{
  evs_grow ((void **) &l->v, &l->cap, l->n + 1, sizeof *l->v);
  bars_init (&l->v[l->n]);
  return &l->v[l->n++];
}

/* ---- time zones ---- */

char *
bars_zone_enter (const char *zone)
{
  /* "!" stands for "TZ was unset": no zone name starts with it. */
  calendar_tz_lock ();
  const char *old = getenv ("TZ");
  char *saved = evs_xstrdup (old ? old : "!");
  setenv ("TZ", zone, 1);
  tzset ();
  return saved;
}

void
bars_zone_leave (char *saved)
{
  if (strcmp (saved, "!") == 0)
    unsetenv ("TZ");
  else
    setenv ("TZ", saved, 1);
  tzset ();
  free (saved);
  calendar_tz_unlock ();
}

bool
bars_zone_offset (int64_t u, int *offset)
{
  struct tm tm;
  time_t t = (time_t) u;
  if (!localtime_r (&t, &tm))
    return false;
  *offset = (int) tm.tm_gmtoff;
  return true;
}

enum bars_local
bars_local_instants (int32_t day, int sec, int64_t *first, int64_t *second)
{
  /* L is the wall-clock time read as if it were UTC; an instant U shows
   * it when U + offset(U) = L.  The offset in force near L is one of the
   * offsets a day either side of it. */
  int64_t l = (int64_t) day * 86400 + sec;
  int cand[2], n = 0;
  int64_t found[2];
  if (!bars_zone_offset (l - 86400, &cand[0]) || !bars_zone_offset (l + 86400, &cand[1]))
    return BARS_LOCAL_GAP;
  for (int k = 0; k < 2; k++)
    {
      int off;
      int64_t u = l - cand[k];
      if (bars_zone_offset (u, &off) && off == cand[k]
          && !(n == 1 && found[0] == u))
        found[n++] = u;
    }
  if (n == 0)
    return BARS_LOCAL_GAP;
  if (n == 2 && found[1] < found[0])
    {
      int64_t tmp = found[0];
      found[0] = found[1];
      found[1] = tmp;
    }
  *first = found[0];
  *second = found[n - 1];
  return n == 2 ? BARS_LOCAL_REPEATED : BARS_LOCAL_ONE;
}

/* The offset of zone TZ at U, cached per thread by quarter hour (every
 * zone of the table changes on the hour, as local_of assumes): a
 * writer formats millions of times, and a switch of TZ (setenv, tzset,
 * localtime_r and back) costs tens of microseconds.  False if TZ cannot
 * be used. */
#define ZCACHE 1024
static bool
zone_offset_cached (const char *tz, int64_t u, int *off)
{
  static _Thread_local struct zc {
    char tz[64];
    int64_t q;
    int off;
    bool ok, used;
  } cache[ZCACHE];
  int64_t q = u >= 0 ? u / 900 : -((-u + 899) / 900);
  struct zc *c = &cache[(uint64_t) q % ZCACHE];
  size_t n = strlen (tz);
  bool cacheable = n < sizeof c->tz;
  if (cacheable && c->used && c->q == q && strcmp (c->tz, tz) == 0)
    {
      *off = c->off;
      return c->ok;
    }
  /* Writers format on several threads: bars_zone_enter holds the
   * lock of every switch of TZ (calendar_tz_lock). */
  bool ok = calendar_tz_valid (tz);
  *off = 0;
  if (ok)
    {
      char *saved = bars_zone_enter (tz);
      ok = bars_zone_offset (u, off);
      bars_zone_leave (saved);
    }
  if (!ok)
    *off = 0;
  if (cacheable)
    {
      memcpy (c->tz, tz, n + 1);
      c->q = q, c->off = *off, c->ok = ok, c->used = true;
    }
  return ok;
}

char *
bars_format_iso (int64_t u, const char *tz, char *buf)
{
  int off = 0;
  bool zoned = tz && zone_offset_cached (tz, u, &off);
  int64_t l = u + off;
  int64_t day = l >= 0 ? l / 86400 : -((-l + 86399) / 86400);
  int sec = (int) (l - day * 86400);
  int y, m, d;
  date_to_ymd ((int32_t) day, &y, &m, &d);
  int n = snprintf (buf, 32, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d,
                    sec / 3600, sec / 60 % 60, sec % 60);
  int a = off < 0 ? -off : off;
  if (!zoned)
    snprintf (buf + n, 32 - n, "Z");
  else
    snprintf (buf + n, 32 - n, "%c%02d:%02d", off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
  return buf;
}

/* ---- finishing a series ---- */

typedef struct bar_row {
  int64_t t;
  double close, volume;
  uint32_t line;
} bar_row;

static int
cmp_row (const void *a, const void *b)
{
  const bar_row *x = a, *y = b;
  if (x->t != y->t)
    return x->t < y->t ? -1 : 1;
  return x->line < y->line ? -1 : x->line > y->line;
}

/* Sorts the rows of S by time, the line breaking ties so that the
 * duplicate message names the earlier line. */
static void
sort_rows (bars_series *s)
{
  bar_row *r = evs_xmalloc (s->n * sizeof *r);
  for (size_t i = 0; i < s->n; i++)
    r[i] = (bar_row) { s->t[i], s->close[i], s->volume[i], s->line[i] };
  qsort (r, s->n, sizeof *r, cmp_row);
  for (size_t i = 0; i < s->n; i++)
    s->t[i] = r[i].t, s->close[i] = r[i].close, s->volume[i] = r[i].volume,
      s->line[i] = r[i].line;
  free (r);
}

static int
check_order (bars_series *s, int time_col, evs_error *err)
{
  for (size_t i = 1; i < s->n && !s->reordered; i++)
    if (s->t[i] <= s->t[i - 1])
      s->reordered = s->t[i] < s->t[i - 1];
  if (s->reordered)
    sort_rows (s);
  for (size_t i = 1; i < s->n; i++)
    if (s->t[i] == s->t[i - 1])
      {
        char iso[32];
        return evs_fail (err, EVS_EDATA,
                         "%s:%u:%d: duplicate timestamp '%s' (also on line %u)",
                         s->source, s->line[i], time_col,
                         bars_format_iso (s->t[i], s->x->tz, iso), s->line[i - 1]);
      }
  return EVS_OK;
}

static bool
in_hours (const bars_hours *h, int minute)
{
  if (minute < h->open || minute >= h->close)
    return false;
  return !(h->brk_start <= minute && minute < h->brk_end);
}

/* Local date and minute of U, the zone entered; the offset is cached
 * per quarter hour, as every zone of the table changes on the hour. */
static void
local_of (int64_t u, int64_t *qcache, int *ocache, int32_t *day, int *minute)
{
  int64_t q = u >= 0 ? u / 900 : -((-u + 899) / 900);
  if (q != *qcache)
    {
      if (!bars_zone_offset (u, ocache))
        *ocache = 0;
      *qcache = q;
    }
  int64_t l = u + *ocache;
  int64_t d = l >= 0 ? l / 86400 : -((-l + 86399) / 86400);
  *day = (int32_t) d;
  *minute = (int) ((l - d * 86400) / 60);
}

/* Keeps the bars inside trading hours, sets their sessions. */
static void
filter_hours (bars_series *s)
{
  const bars_hours *h = bars_hours_for (s->x);
  s->session = evs_xrealloc (s->session, (s->n ? s->n : 1) * sizeof *s->session);
  s->minute = evs_xrealloc (s->minute, (s->n ? s->n : 1) * sizeof *s->minute);
  char *saved = bars_zone_enter (s->x->tz);
  int64_t q = INT64_MIN;
  int off = 0;
  size_t k = 0;
  for (size_t i = 0; i < s->n; i++)
    {
      int32_t day;
      int minute;
      local_of (s->t[i], &q, &off, &day, &minute);
      if (!in_hours (h, minute))
        {
          if (!s->n_outside++)
            s->outside_line = s->line[i];
          continue;
        }
      s->t[k] = s->t[i], s->close[k] = s->close[i], s->volume[k] = s->volume[i];
      s->line[k] = s->line[i], s->session[k] = day, s->minute[k] = (int16_t) minute;
      k++;
    }
  bars_zone_leave (saved);
  s->n = k;
}

static void
set_length (bars_series *s)
{
  int64_t len = 0;
  for (size_t i = 1; i < s->n; i++)
    if (s->session[i] == s->session[i - 1]
        && (len == 0 || s->t[i] - s->t[i - 1] < len))
      len = s->t[i] - s->t[i - 1];
  s->len = len > 0 && len <= 86400 ? (int32_t) len : 60;
}

int
bars_finish (bars_series *s, int time_col, evs_error *err)
{
  int rc = check_order (s, time_col, err);
  if (rc)
    return rc;
  filter_hours (s);
  if (s->n == 0)
    return evs_fail (err, EVS_EDATA, "%s: no bar inside %s trading hours "
                     "(%zu outside them, the first on line %u)", s->source,
                     s->x->name, s->n_outside, s->outside_line);
  set_length (s);
  return EVS_OK;
}

size_t
bars_day0 (const bars_series *s, int64_t instant, enum bars_align a)
{
  /* The first bar whose start (BARS_ALIGN_START) or end (BARS_ALIGN_END)
   * qualifies; both are ascending in i, so a binary search. */
  int64_t key = a == BARS_ALIGN_START ? instant : instant - s->len + 1;
  size_t lo = 0, hi = s->n;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (s->t[mid] < key)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

bool
bars_first_of_session (const bars_series *s, size_t i)
{
  return i == 0 || s->session[i] != s->session[i - 1];
}
