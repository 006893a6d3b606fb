/* date.h -- calendar dates as day numbers, and the date formats of the
 * files evstudy reads.
 *
 * A date is an int32_t counting days since 1970-01-01 in the proleptic
 * Gregorian calendar: differences are day counts, sorting is numeric.
 * Accepted years are DATE_MIN_YEAR..DATE_MAX_YEAR; outside that range a
 * date is certainly a typo in a price or event file.
 */
#ifndef EVS_DATE_H
#define EVS_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DATE_MIN_YEAR 1800
#define DATE_MAX_YEAR 2199

/* A parsed ISO 8601 date with optional time of day and UTC offset. */
typedef struct date_stamp {
  int32_t day;          /* the date as written (local to the writer) */
  bool has_time;
  int minute;           /* minutes after local midnight, if has_time */
  int second;           /* seconds after that minute (0 if not written) */
  bool has_offset;
  int offset_min;       /* local time minus UTC in minutes, if has_offset */
} date_stamp;

/* Day number of Y-M-D into *DAY; false if that is not a valid date in
 * range (2025-02-30, month 13, year 0). */
bool date_from_ymd (int y, int m, int d, int32_t *day);
void date_to_ymd (int32_t day, int *y, int *m, int *d);

/* Formats DAY as YYYY-MM-DD into BUF (at least 11 bytes); returns BUF. */
char *date_format (int32_t day, char *buf);

/* Day of week, 0 = Monday .. 6 = Sunday. */
int date_weekday (int32_t day);

/* Parses S[0..LEN) as YYYY-MM-DD, optionally followed by 'T' or ' ' and
 * HH:MM[:SS[.fff]] and then 'Z', +HH:MM, +HHMM or +HH (likewise '-').
 * The whole field must be consumed.  False on anything else. */
bool date_parse_iso (const char *s, size_t len, date_stamp *out);

/* Parses a date in any layout a price file uses: YYYY-MM-DD (with an
 * optional time and offset, which are ignored: daily files stamp each
 * session with its own local date), YYYYMMDD, YYYY/MM/DD, MM/DD/YYYY
 * (US, as Nasdaq and Investing.com write), and "Jan 27, 2025".
 * False if S is none of these or not a valid date in range. */
bool date_parse_any (const char *s, size_t len, int32_t *day);

/* Index of the first of DATES[0..N) (ascending) that is >= DAY, or N. */
size_t date_lower_bound (const int32_t *dates, size_t n, int32_t day);

/* Parses HH:MM or HH:MM:SS (seconds dropped) into minutes after midnight. */
bool date_parse_hhmm (const char *s, size_t len, int *minute);

#endif
