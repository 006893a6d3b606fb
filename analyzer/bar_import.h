/* bar_import.h -- load intraday bars from the CSV layouts that data
 * vendors and their client libraries write, detecting the layout from
 * the header (tests/fixtures/bars/README.md cites each source).
 *
 * Layouts (columns found by name; case matters only for Polygon's
 * one-letter names, where t is the time and T the ticker):
 *   yfinance      Datetime,Open,High,Low,Close,[Adj Close,]Volume, the
 *                 time with its offset; also the three-line header
 *                 Price,.../Ticker,.../Datetime,,,
 *   ib            date,open,high,low,close,volume,average,barCount
 *                 (ib_insync's util.df): "2025-01-27 09:30:00-05:00",
 *                 TWS's "20250127  09:30:00" (exchange time, or followed
 *                 by a zone name "US/Eastern"), or epoch seconds
 *   polygon-flat  ticker,volume,open,close,high,low,window_start,...
 *                 (window_start in epoch nanoseconds)
 *   polygon-aggs  v,vw,o,c,h,l,t,n and T (t in epoch milliseconds)
 *   alpaca        [symbol,]timestamp,open,high,low,close,volume,
 *                 trade_count,vwap (alpaca-py's BarSet.df)
 *   databento     ts_event,rtype,publisher_id,instrument_id,open,high,
 *                 low,close,volume,symbol: ts_event in epoch nanoseconds
 *                 (prices then fixed-point, 1e-9 units, when written
 *                 without a decimal point) or ISO 8601 (to_df)
 *   kibot         Date,Time,Open,High,Low,Close,Volume in exchange time
 *                 (MM/DD/YYYY, HH:MM), with or without that header line
 *                 (Kibot's files have none); FirstRate's
 *                 timestamp-less variant the same with YYYY-MM-DD
 *   long          any of these with a ticker or symbol column: one
 *                 series per ticker
 *
 * Every time is the start of its bar.  A time with an offset (or epoch
 * based) is an instant; a naive local time is read in the exchange's
 * zone and needs the exchange to be given (opts->exchange).  In the
 * hour repeated when clocks go back, a naive time takes the earlier
 * instant unless the bar before it in the file is already at or past
 * it, then the later one (a file in time order reads the hour twice); a
 * naive time in the hour skipped when clocks go forward is an error.
 * Offsets may change within a file only as the exchange's zone changes
 * (DST); any other mix is an error.  Bars out of time order are sorted
 * (bars_series.reordered says so, for a warning); a duplicate timestamp
 * is an error; bars outside the exchange's regular hours (pre- and
 * after-market, the lunch break) are dropped and counted.
 */
#ifndef EVS_BAR_IMPORT_H
#define EVS_BAR_IMPORT_H

#include <stddef.h>

#include "bars.h"
#include "calendar.h"
#include "error.h"

typedef struct bar_import_opts {
  const calendar_exchange *exchange;  /* --exchange, or NULL: from each
                                         ticker's suffix (calendar.h) */
  const char *ticker;                 /* when the file names none */
} bar_import_opts;

/* Reads PATH ("-": stdin) and appends its series to OUT (nothing on
 * failure).  Errors: EVS_EIO unreadable; EVS_EUSAGE "FILE:LINE:COL:
 * timestamp without a UTC offset ... needs --exchange" and "-: no
 * ticker"; EVS_EDATA "FILE:LINE:COL: ..." for an unknown layout, a
 * missing close column, a short row, a bad timestamp or price, mixed
 * offsets, a local time skipped by DST, a duplicate timestamp, no bar
 * inside trading hours. */
int bar_import_file (const char *path, const bar_import_opts *opts,
                     bars_list *out, evs_error *err);

/* The same over a buffer; NAME plays the part of the path. */
int bar_import_buffer (const char *name, const char *buf, size_t len,
                       const bar_import_opts *opts, bars_list *out,
                       evs_error *err);

#endif
