/* series.h -- a daily price series as imported from one file (or one
 * ticker of a long file).
 *
 * Rows are kept sorted by date with no duplicates; a row whose price was
 * missing in the file (null, N/A, empty) is not stored, it is counted in
 * n_gaps, so that a gap lumps into the next return instead of becoming a
 * zero or an invented price.
 */
#ifndef EVS_SERIES_H
#define EVS_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include <stdbool.h>

#include "error.h"

/* Columns besides the study price that a file may carry; kept only when
 * the importer is asked for them (the store wants them all, a study of
 * volume wants the volume).  Missing values are NaN. */
enum series_col {
  SERIES_OPEN, SERIES_HIGH, SERIES_LOW, SERIES_CLOSE, SERIES_ADJ_CLOSE,
  SERIES_VOLUME, SERIES_NCOLS
};

typedef struct evs_series {
  char *ticker;          /* owned */
  char *source;          /* file name as given on the command line, owned */
  char *price_column;    /* header name of the column used, owned */
  char *layout;          /* detected layout, e.g. "yahoo", owned */
  char *exchange;        /* exchange code from --exchange, or NULL; owned */
  size_t n, cap;
  int32_t *date;         /* day numbers, strictly ascending after series_finish */
  double *price;         /* finite and > 0 */
  uint32_t *line;        /* 1-based line in the source file of each row */
  double *col[SERIES_NCOLS]; /* NULL unless kept (bit c of KEPT) */
  unsigned kept;         /* bit c set: series_push fills col[c]; set
                            before the first push */
  size_t n_gaps;         /* rows dropped because the price was missing */
} evs_series;

typedef struct evs_series_list {
  evs_series *v;
  size_t n, cap;
} evs_series_list;

void series_init (evs_series *s);
void series_release (evs_series *s);

/* Makes room for N rows in all (the columns of s->kept included), so
 * that pushing that many moves nothing. */
void series_reserve (evs_series *s, size_t n);

/* Appends a row; COLS (may be NULL) holds SERIES_NCOLS values for the
 * optional columns, of which those marked in s->kept are stored. */
void series_push (evs_series *s, int32_t date, double price, uint32_t line,
                  const double *cols);

/* Sorts rows by date (files come newest first, or in any order) and
 * rejects a date that occurs twice: "FILE:LINE:COL: duplicate date
 * 'YYYY-MM-DD' (also on line N)" with EVS_EDATA, COL being DATE_COL. */
int series_finish (evs_series *s, int date_col, evs_error *err);

/* Index of the first row dated on or after DAY, or s->n if none. */
size_t series_lower_bound (const evs_series *s, int32_t day);

void series_list_init (evs_series_list *l);
void series_list_release (evs_series_list *l);
/* Returns a new zeroed series at the end of L (pointer valid until the
 * next call). */
evs_series *series_list_add (evs_series_list *l);
/* Series of L whose ticker equals TICKER ignoring ASCII case, or NULL. */
evs_series *series_list_find (evs_series_list *l, const char *ticker);

/* True if tickers A and B differ only by a leading '^', case or an
 * exchange suffix ('.HK', '.us'): the tickers a "did you mean" offers
 * (HSI for ^HSI, nvda for NVDA, 9988 for 9988.HK).  False for an empty
 * key ('^', '.HK'). */
bool series_ticker_near (const char *a, const char *b);

#endif
