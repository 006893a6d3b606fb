/* charac.h -- the firm characteristics of --characteristics FILE, the
 * regressors of a cross-sectional regression (issue 13).
 *
 * A CSV with a header: `ticker` (required), `date` (optional,
 * YYYY-MM-DD: the row holds from that date on) and any other columns,
 * kept as text.  A column is numeric when a formula uses it as a number
 * (charac_numeric checks every row then); C(name) takes it as text.  An
 * empty value or NA is missing.  For an event on day D the row used is
 * the latest of the ticker with date <= D (any row without a date
 * column).  Tickers compare case-insensitively.
 */
#ifndef EVS_CHARAC_H
#define EVS_CHARAC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define CHARAC_MAX_ROWS 10000000

typedef struct charac_table {
  char *source;          /* the file's name for messages */
  bool has_date;
  size_t ncol;
  char **names;          /* the ncol value columns */
  size_t *field;         /* the 1-based field number of each */
  size_t nrow;           /* rows sorted by ticker, then date */
  char **ticker;
  int32_t *date;         /* without a date column: all 0 */
  uint32_t *line;
  char **cell;           /* nrow x ncol, row-major; "" when absent */
} charac_table;

/* Reads PATH (NAME in messages) into T (initialised here).  Errors (T
 * left empty): EVS_EIO unreadable; EVS_EDATA "FILE:LINE:FIELD: ..." for
 * no ticker column, a repeated column name, an empty ticker, an invalid
 * date, and "FILE:LINE: duplicate ticker 'X' and date D (also line N)"
 * (or "duplicate ticker 'X'" without dates). */
int charac_load (const char *path, charac_table *t, evs_error *err);
int charac_load_buffer (const char *name, const char *buf, size_t len,
                        charac_table *t, evs_error *err);
void charac_release (charac_table *t);

/* The index of column NAME (case-insensitive), or -1. */
long charac_column (const charac_table *t, const char *name);

/* The row of TICKER in force on DAY (the latest with date <= DAY), or -1. */
long charac_row (const charac_table *t, const char *ticker, int32_t day);

/* Parses every value of column COL as a number into OUT[0..nrow) (NaN
 * when missing).  EVS_EDATA "FILE:LINE:FIELD: non-numeric value 'abc'
 * in column 'size'" for the first value that is not a finite number. */
int charac_numeric (const charac_table *t, size_t col, double *out, evs_error *err);

/* True when S (NUL-terminated) is a missing value: empty or NA. */
bool charac_missing (const char *s);

/* Parses S as a finite number (C locale, surrounding spaces allowed)
 * into *V; false otherwise. */
bool charac_parse_number (const char *s, double *v);

#endif
