/* price_import.h -- load daily price series from the CSV layouts that
 * data vendors export, detecting the layout from the header.
 *
 * Layouts (columns are found by header name, never by position):
 *   yahoo        Date,Open,High,Low,Close,Adj Close,Volume   (null = missing)
 *   yfinance     Date,Close,High,Low,Open,Volume  and with Adj Close
 *   yfinance3    three header lines: Price,.../Ticker,T,T,.../Date,,,
 *   yfinance-history  Date with time and offset, Dividends, Stock Splits
 *   stooq        Date,Open,High,Low,Close[,Volume]; lower-case variants;
 *                Interactive Brokers date|timestamp,...,wap,count|barCount
 *   nasdaq       Date,Close/Last,Volume,Open,High,Low  ($, MM/DD/YYYY)
 *   alphavantage timestamp,open,high,low,close,volume [adjusted_close]
 *   investing    "Date","Price","Open","High","Low","Vol.","Change %"
 *   tiingo       date,close,high,low,open,volume,adjClose,...
 *   long         a ticker/symbol column: many series in one file
 *
 * The study price is the adjusted close when the file has one, else the
 * close (else the only price column: "price", "Price"); opts->price_column
 * overrides.  Missing values (null, N/A, empty, -, .) are gaps.  Numbers
 * are parsed in the C locale whatever the process locale.
 */
#ifndef EVS_PRICE_IMPORT_H
#define EVS_PRICE_IMPORT_H

#include <stdbool.h>

#include "error.h"
#include "series.h"

/* Largest ratio of consecutive prices (either way) taken as a return by
 * default: beyond it the prices are not one security's (a unit change, a
 * misplaced decimal point, 1e-300 next to 1e300) and the return, or a
 * product of a few of them, overflows. */
#define PRICE_IMPORT_MAX_RATIO 1e6

typedef struct price_import_opts {
  const char *price_column;  /* header name to use as price, or NULL */
  const char *ticker;        /* ticker when the file names none, or NULL */
  bool keep_columns;         /* also fill series.col[] (for the store) */
  double max_ratio;          /* largest ratio of consecutive prices either
                                way; 0: PRICE_IMPORT_MAX_RATIO; HUGE_VAL:
                                any finite positive one */
  bool keep_volume;          /* fill series.col[SERIES_VOLUME] only (for
                                --measure volume); it stays NULL when the
                                file has no volume column */
} price_import_opts;

/* Reads PATH ("-": stdin) and appends its series (one, or one per ticker
 * for a long layout) to OUT.  The ticker is the file's own (ticker column
 * or second header line), else opts->ticker, else the file name without
 * directory and extension; a PATH that is no file name ("-", /dev/...,
 * /proc/...) needs one of the first two.  Each series is sorted by date and checked for
 * duplicates.
 *
 * Errors (nothing is appended to OUT on failure):
 *   EVS_EIO   the file cannot be opened or read;
 *   EVS_EUSAGE "-: no ticker: ..." for a single series from a PATH that
 *   is no file name, without a ticker of its own or opts->ticker;
 *   EVS_EDATA "FILE:LINE:COL: MESSAGE" for: unknown layout, a missing
 *   price column, an unparseable date, a non-numeric, non-finite or
 *   non-positive price, a duplicate date, a return whose price ratio
 *   (after sorting by date) is not finite or beyond opts->max_ratio
 *   either way ("absurd return", on the later row's line), an Alpha Vantage JSON error
 *   body, no usable rows. */
int price_import_file (const char *path, const price_import_opts *opts,
                       evs_series_list *out, evs_error *err);

/* The same over a buffer; NAME plays the part of the path. */
int price_import_buffer (const char *name, const char *buf, size_t len,
                         const price_import_opts *opts, evs_series_list *out,
                         evs_error *err);

/* ------------------------------------------------------------ threads */

/* The smallest file parsed on several threads: below it, starting
 * threads and joining their rows costs more than it saves. */
#define PRICE_IMPORT_SPLIT_MIN ((size_t) 4 << 20)

typedef struct price_import_split {
  unsigned jobs;             /* threads; 0 or 1: one */
  size_t min;                /* 0: PRICE_IMPORT_SPLIT_MIN; tests lower it */
  size_t pieces;             /* set: the pieces read on threads after the
                                header's, 0 if the file was read on one */
} price_import_split;

/* price_import_buffer on SPLIT->jobs threads (issue 15) when LEN is at
 * least SPLIT->min: the rows after the header are cut at line ends
 * outside quotes into SPLIT->jobs pieces parsed on as many threads (a
 * quoted field may hold line ends), then joined in file order.  The
 * series, their rows' line numbers and any error are those of one
 * thread: each piece starts at the line one reader would be on, and of
 * the pieces that fail the first in the file is reported. */
int price_import_buffer_split (const char *name, const char *buf, size_t len,
                               const price_import_opts *opts,
                               price_import_split *split,
                               evs_series_list *out, evs_error *err);

/* price_import_file the same way: a regular file of at least
 * SPLIT->min bytes is mapped into memory whole and read by
 * price_import_buffer_split; anything else as price_import_file. */
int price_import_file_split (const char *path, const price_import_opts *opts,
                             price_import_split *split,
                             evs_series_list *out, evs_error *err);

/* ------------------------------------------------------------ streams */

/* One file read for the store with bounded memory (issue 15): its rows are
 * parsed (and the whole file checked for every error csvread and the
 * row parser find) into series whose rows are spilled to a temporary
 * file (series_spill.h) whenever more than PRICE_STREAM_HOLD bytes of
 * rows are held; then the series are handed out one at a time, each
 * finished (sorted, duplicates and absurd returns refused) as
 * price_import_file would have, so that only one series is whole in
 * memory.  The bytes are hashed (SHA-256) as they are read. */
typedef struct price_stream price_stream;

#define PRICE_STREAM_HOLD ((size_t) 64 << 20)

/* The budget in force: PRICE_STREAM_HOLD; tests lower it to spill small
 * files.  Set it before any reading starts. */
extern size_t price_stream_hold;

/* Reads PATH ("-": stdin) whole; with BUF not NULL, the LEN bytes of BUF
 * are the file (read already) and PATH only names it.  On success *OUT
 * is the stream, to release with price_stream_close; otherwise the file
 * is bad (EVS_EDATA, EVS_EUSAGE, EVS_EIO as price_import_file says) and
 * *OUT is NULL. */
int price_stream_open (const char *path, const char *buf, size_t len,
                       const price_import_opts *opts, price_stream **out,
                       evs_error *err);

/* The SHA-256 (hex) of the bytes read, their series and stored rows. */
const char *price_stream_hash (const price_stream *ps);
size_t price_stream_series (const price_stream *ps);
size_t price_stream_rows (const price_stream *ps);

/* The next series, in the order of their first rows, into OUT (which the
 * caller then owns and releases), *GOT true; *GOT false after the last.
 * A series that fails series_finish or the return check is an error as
 * in price_import_file; a caller that stops there releases the stream. */
int price_stream_next (price_stream *ps, evs_series *out, bool *got, evs_error *err);

void price_stream_close (price_stream **ps);

#endif
