/* date.c -- day numbers and date parsing.
 *
 * The conversions are Howard Hinnant's days_from_civil/civil_from_days
 * algorithms, exact over the whole Gregorian calendar without tables.
 */
#include <config.h>
#include "date.h"

#include <stdio.h>
#include <string.h>

bool
date_from_ymd (int y, int m, int d, int32_t *day)
{
  static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || m < 1 || m > 12 || d < 1)
    return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > mdays[m - 1] + (m == 2 && leap))
    return false;
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  *day = (int32_t) (era * 146097 + doe - 719468);
  return true;
}

void
date_to_ymd (int32_t day, int *y, int *m, int *d)
{
  int z = day + 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  int doe = z - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

char *
date_format (int32_t day, char *buf)
{
  int y, m, d;
  date_to_ymd (day, &y, &m, &d);
  /* By hand where snprintf would write four digits of year: this runs
   * once per stored or printed row, and snprintf was a few percent of
   * an import's time.  The same bytes. */
  if (y < 0 || y > 9999)
    {
      snprintf (buf, 11, "%04d-%02d-%02d", y, m, d);
      return buf;
    }
  buf[0] = (char) ('0' + y / 1000);
  buf[1] = (char) ('0' + y / 100 % 10);
  buf[2] = (char) ('0' + y / 10 % 10);
  buf[3] = (char) ('0' + y % 10);
  buf[4] = '-';
  buf[5] = (char) ('0' + m / 10);
  buf[6] = (char) ('0' + m % 10);
  buf[7] = '-';
  buf[8] = (char) ('0' + d / 10);
  buf[9] = (char) ('0' + d % 10);
  buf[10] = '\0';
  return buf;
}

int
date_weekday (int32_t day)
{
  /* 1970-01-01 was a Thursday (3 with Monday = 0). */
  int w = (day + 3) % 7;
  return w < 0 ? w + 7 : w;
}

/* Reads exactly N digits at S; false if any is not a digit. */
static bool
digits (const char *s, size_t n, int *v)
{
  int x = 0;
  for (size_t i = 0; i < n; i++)
    {
      if (s[i] < '0' || s[i] > '9')
        return false;
      x = x * 10 + (s[i] - '0');
    }
  *v = x;
  return true;
}

bool
date_parse_hhmm (const char *s, size_t len, int *minute)
{
  int h, mi, sec;
  if (len != 5 && len != 8)
    return false;
  if (!digits (s, 2, &h) || s[2] != ':' || !digits (s + 3, 2, &mi))
    return false;
  if (len == 8 && (s[5] != ':' || !digits (s + 6, 2, &sec) || sec > 60))
    return false;
  if (h > 23 || mi > 59)
    return false;
  *minute = h * 60 + mi;
  return true;
}

/* Parses an offset: Z, +HH, +HHMM, +HH:MM. */
static bool
parse_offset (const char *s, size_t len, int *off)
{
  int h = 0, mi = 0;
  if (len == 1 && (s[0] == 'Z' || s[0] == 'z'))
    {
      *off = 0;
      return true;
    }
  if (len < 3 || (s[0] != '+' && s[0] != '-') || !digits (s + 1, 2, &h))
    return false;
  if (len == 5 && !digits (s + 3, 2, &mi))
    return false;
  if (len == 6 && (s[3] != ':' || !digits (s + 4, 2, &mi)))
    return false;
  if ((len != 3 && len != 5 && len != 6) || h > 23 || mi > 59)
    return false;
  *off = (s[0] == '-' ? -1 : 1) * (h * 60 + mi);
  return true;
}

bool
date_parse_iso (const char *s, size_t len, date_stamp *out)
{
  int y, m, d;
  memset (out, 0, sizeof *out);
  if (len < 10 || !digits (s, 4, &y) || s[4] != '-' || !digits (s + 5, 2, &m)
      || s[7] != '-' || !digits (s + 8, 2, &d) || !date_from_ymd (y, m, d, &out->day))
    return false;
  if (len == 10)
    return true;
  if (s[10] != 'T' && s[10] != ' ')
    return false;
  const char *t = s + 11;
  size_t tl = len - 11, n = 0;
  while (n < tl && ((t[n] >= '0' && t[n] <= '9') || t[n] == ':' || t[n] == '.'))
    n++;
  size_t hm = n > 8 ? 8 : n;   /* fractions of a second do not matter */
  if (n > 8 && t[8] != '.')
    return false;
  if (!date_parse_hhmm (t, hm, &out->minute))
    return false;
  out->has_time = true;
  /* Intraday alignment needs the seconds (14:31:10 is in the 14:31 bar). */
  if (hm == 8)
    out->second = (t[6] - '0') * 10 + (t[7] - '0');
  if (n == tl)
    return true;
  out->has_offset = true;
  return parse_offset (t + n, tl - n, &out->offset_min);
}

static int
month_by_name (const char *s)
{
  static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  for (int i = 0; i < 12; i++)
    if (strncmp (s, names + 3 * i, 3) == 0)
      return i + 1;
  return 0;
}

bool
date_parse_any (const char *s, size_t len, int32_t *day)
{
  int y, m, d;
  date_stamp st;
  /* A bare YYYY-MM-DD, nearly every daily row, without the stamp. */
  if (len == 10 && s[4] == '-' && s[7] == '-')
    return digits (s, 4, &y) && digits (s + 5, 2, &m) && digits (s + 8, 2, &d)
           && date_from_ymd (y, m, d, day);
  if (len >= 10 && s[4] == '-')
    {
      if (!date_parse_iso (s, len, &st))
        return false;
      *day = st.day;
      return true;
    }
  if (len == 8 && digits (s, 4, &y) && digits (s + 4, 2, &m) && digits (s + 6, 2, &d))
    return date_from_ymd (y, m, d, day);
  if (len == 10 && s[4] == '/' && s[7] == '/' && digits (s, 4, &y)
      && digits (s + 5, 2, &m) && digits (s + 8, 2, &d))
    return date_from_ymd (y, m, d, day);
  if (len == 10 && s[2] == '/' && s[5] == '/' && digits (s, 2, &m)
      && digits (s + 3, 2, &d) && digits (s + 6, 4, &y))
    return date_from_ymd (y, m, d, day);
  /* "Jan 27, 2025" */
  if (len == 12 && s[3] == ' ' && s[6] == ',' && s[7] == ' '
      && (m = month_by_name (s)) && digits (s + 4, 2, &d) && digits (s + 8, 4, &y))
    return date_from_ymd (y, m, d, day);
  return false;
}

size_t
date_lower_bound (const int32_t *dates, size_t n, int32_t day)
{
  size_t lo = 0, hi = n;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (dates[mid] < day)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}
