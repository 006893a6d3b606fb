/* bar_store.h -- a compact store of intraday bars: a sqlite3 file of its
 * own (application_id "EVBR", so that neither it nor the daily store is
 * taken for the other), one row per series and one per (series,
 * session) whose blob packs the session's bars at 20 bytes each:
 * little-endian int32 seconds from the session's first bar, float64
 * close, float64 volume (NaN: none).  A CSV of one-minute bars takes
 * 60-90 bytes a bar.
 *
 * Text (tickers, file names) only ever goes into SQL as bound
 * parameters.  Writes are one transaction: a failed import leaves the
 * store as it was. */
#ifndef EVS_BAR_STORE_H
#define EVS_BAR_STORE_H

#include <stddef.h>

#include "bars.h"
#include "error.h"

/* Stores every series of L in the store at PATH (created if missing),
 * replacing stored series of the same tickers (ASCII case ignored).
 * Errors: EVS_EIO (cannot open or write, or PATH is some other sqlite
 * file), EVS_EBUSY (another writer kept it locked WAIT_MS). */
int bar_store_put (const char *path, const bars_list *l, int wait_ms,
                   evs_error *err);

/* Appends the stored series TICKER to OUT, finished (bars_finish) as if
 * read from its file.  Errors: EVS_EIO as above; EVS_EUSAGE no such
 * ticker ("DB: no stored bars for 'T'"); EVS_EDATA a damaged row
 * ("DB: TICKER: session YYYY-MM-DD: ..."). */
int bar_store_get (const char *path, const char *ticker, int wait_ms,
                   bars_list *out, evs_error *err);

/* The stored series TICKER into S, not finished (no time zone touched,
 * so several threads may read at once, each with its own connection);
 * bars_finish it before use.  Errors as bar_store_get; S is released on
 * error. */
int bar_store_read (const char *path, const char *ticker, int wait_ms,
                    bars_series *s, evs_error *err);

#endif
