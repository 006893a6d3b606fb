/* factors.h -- daily factor returns (Fama-French, Carhart momentum) in
 * the layout Ken French publishes, and their alignment to a series'
 * return dates.
 *
 * A factor file is read as published: an optional text preamble of any
 * length (rows whose first cell is not empty), then a header whose first
 * cell is empty (",Mkt-RF,SMB,HML,RF", ",Mkt-RF,SMB,HML,RMW,CMA,RF",
 * ",Mom   "), then rows "YYYYMMDD, value, ..." in percent, padded with
 * spaces, with LF or CRLF line ends.  -99.99 and -999 mean missing.  The
 * data end at the first row after them whose first cell is not an
 * 8-digit date (the copyright footer, or the "Annual Factors" section of
 * the monthly files); that row and the rest are ignored.  Values are
 * converted from percent to decimals (1.00 -> 0.01).
 *
 * Several files form one set, joined by date: the dates are those of the
 * first file, and a later file's columns are missing (NaN) on dates it
 * does not have.  A column name may appear only once in the set.
 *
 * Ownership: a factors_set owns its arrays; factors_release frees them.
 */
#ifndef EVS_FACTORS_H
#define EVS_FACTORS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct factors_set {
  size_t n;           /* dates, strictly ascending */
  int32_t *date;
  size_t m;           /* columns */
  char **name;        /* header names, spaces trimmed */
  double *v;          /* v[i * m + j]: column j on date i, decimal; NaN = missing */
} factors_set;

void factors_init (factors_set *fs);
void factors_release (factors_set *fs);

/* Reads the factor file at PATH into FS (joined by date to what FS
 * already holds).  Errors (FS unchanged): EVS_EIO if unreadable;
 * EVS_EDATA "PATH:LINE:COLUMN: WHAT 'VALUE'" for a bad date, a date not
 * after the previous one, a value that is not a number, a row with the
 * wrong number of fields, a column name already in FS; "PATH: ..." for a
 * file without a header or without data rows. */
int factors_load (const char *path, factors_set *fs, evs_error *err);

/* The same over a buffer (tests); NAME is used in messages. */
int factors_load_buffer (const char *name, const char *buf, size_t len,
                         factors_set *fs, evs_error *err);

/* Index of the column called NAME (ASCII case ignored), or -1. */
long factors_find (const factors_set *fs, const char *name);

/* Factor returns over the spans of a series' returns: for i >= 1,
 * OUT[i * NC + j] is column COLS[j] compounded over the factor dates in
 * (DATE[i-1], DATE[i]]: prod(1 + f_d) - 1 (f_d itself for one date),
 * so a return that spans a gap
 * of several sessions gets the factor return of the same span.  It is NaN
 * when DATE[i] itself is not a factor date (outside the file, or a day
 * the file does not have) or when any value it compounds is missing.
 * Row 0 is NaN.  OUT has N * NC entries. */
void factors_align (const factors_set *fs, const int32_t *date, size_t n,
                    const size_t *cols, size_t nc, double *out);

#endif
