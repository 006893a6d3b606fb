/* bar_store.h -- intraday bars and intraday runs in the store (store.h,
 * schema 9): the bars packed per series and session, versioned by import
 * as prices are, and `evstudy intraday` runs recorded beside the daily
 * ones with every number of their results.
 *
 * A session's blob packs its bars at 20 bytes each: little-endian int32
 * seconds from the session's first bar, float64 close, float64 volume
 * (NaN: none); a CSV of one-minute bars takes 60-90 bytes a bar.  A
 * re-import that changes a session adds a version of it and keeps the
 * old one, so the bars "as of" a generation (an import, store.h) are
 * those a run read then.  Sessions a newer file lacks are kept, as price
 * rows are (a rolling download window does not erase history).
 *
 * Text (tickers, file names) only ever goes into SQL as bound
 * parameters.  Every write is one transaction (store.h's contract). */
#ifndef EVS_BAR_STORE_H
#define EVS_BAR_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bar_study.h"
#include "bars.h"
#include "error.h"
#include "store.h"

/* What storing one series did, in sessions. */
typedef struct bar_store_change {
  size_t added;       /* sessions the store did not have */
  size_t changed;     /* sessions whose bars differ: a new version (the old kept) */
  size_t same;        /* sessions stored already, bar for bar */
} bar_store_change;

/* Stores the N series V (finished: bars_finish), read from the file
 * PATH whose bytes have the SHA-256 HASH (NULL: hashed here; "-" where
 * PATH cannot be read again, stdin), in one transaction with one
 * import generation (kind 'bars') if anything changed: CH[i] says what
 * for V[i], *GEN is the generation written (0: nothing changed, nothing
 * written).  A ticker is one series whatever its ASCII case; a ticker
 * stored with another exchange is EVS_EDATA and nothing is written. */
int bar_store_import (evs_store *s, const char *path, const char *hash,
                      const bars_series *v, size_t n, bar_store_change *ch,
                      int64_t *gen, evs_error *err);

/* Reads the series TICKER as of generation GEN from the store at PATH
 * into S (initialised here), finished as bars_finish leaves it (sessions,
 * local minutes from the stored UTC offsets, bar length) without touching
 * the time zone, on a connection of its own: several threads may read at
 * once.  Its source is the name of the file it was stored from.  Errors:
 * EVS_EUSAGE no such ticker as of GEN ("DB: no stored bars for 'T'"),
 * EVS_EDATA a damaged row ("DB: TICKER: session YYYY-MM-DD: ..."),
 * EVS_EIO.  S is released on error. */
int bar_store_read (const char *path, const char *ticker, int64_t gen,
                    bars_series *s, evs_error *err);

/* A series TICKER as of GEN without its bars (ticker, exchange, layout,
 * source), for writing a recorded run's results: from S, or on a
 * connection of its own to PATH (thread-safe, as bar_store_read). */
int bar_store_stub (evs_store *s, const char *ticker, int64_t gen, bars_series *out,
                    evs_error *err);
int bar_store_read_stub (const char *path, const char *ticker, int64_t gen,
                         bars_series *out, evs_error *err);

/* For a TICKER not stored: the first stored ticker that differs only by a
 * leading '^' or an exchange suffix into BUF (SIZE bytes), else "". */
void bar_store_suggest (evs_store *s, const char *ticker, char *buf, size_t size);

/* ------------------------------------------------------------- runs */

/* Records an intraday run in one transaction: a runs row of kind
 * 'intraday' (META: args, generation, event set, started; MODEL and
 * MEASURE for history; ARS whether the results hold their per-bar ARs,
 * which a CAR table's run does not compute), and per series of SERIES (N of them, in run
 * order) a bar_results row packing its pairs' results (RES, NRES, each
 * result's series and market pointing into SERIES and its event into
 * EVENTS; windows into WIN).  *RUN_ID is the new run. */
int bar_store_record_run (evs_store *s, const store_run_meta *meta, const char *model,
                          const char *measure, bool ars, const bars_series *series,
                          const bool *is_market, size_t n, const evs_event *events,
                          const bar_window *win, size_t nwin, const bar_result *res,
                          size_t nres, int64_t *run_id, evs_error *err);

/* One series' results packed as bar_results holds them (bar_store.c
 * says the layout): what a run keeps of a pair when it does not keep the
 * pair (a large CAR table's run, cmd-intraday.c). */
typedef struct bar_packed {
  unsigned char *b;
  size_t n, cap;
  size_t pairs, ok;
} bar_packed;

/* Appends result R, at output position POS, to P; its event, market and
 * windows are recorded as indexes into EVENTS, SERIES and WIN. */
void bar_packed_add (bar_packed *p, size_t pos, const bar_result *r, const evs_event *events,
                     const bars_series *series, const bar_window *win);

/* The result of P at byte *AT into R (owned: bar_result_release), its
 * series SERIES[K], its event, market and windows pointing into EVENTS,
 * SERIES and WIN, *POS its output position; *AT moves past it.  False if
 * the bytes are damaged (R then holds nothing to release). */
bool bar_packed_next (const bar_packed *p, size_t *at, const bars_series *series, size_t n,
                      size_t k, const evs_event *events, size_t nevents,
                      const bar_window *win, size_t nwin, bar_result *r, size_t *pos);

/* bar_store_record_run with the results already packed, PACKS[i] those
 * of SERIES[i] (NRES in all). */
int bar_store_record_packed (evs_store *s, const store_run_meta *meta, const char *model,
                             const char *measure, bool ars, const bars_series *series,
                             const bool *is_market, size_t n, const bar_packed *packs,
                             size_t nres, int64_t *run_id, evs_error *err);

/* Whether run ID is an intraday run (false for a daily one or a store
 * before schema 9).  EVS_EUSAGE if there is no such run. */
int bar_store_is_intraday (evs_store *s, int64_t id, bool *intraday, evs_error *err);

/* Rebuilds the NRES results of intraday run ID into *RES (owned;
 * bar_result_release each, then free), pointing into SERIES (N, the
 * run's series in its order), EVENTS (NEVENTS) and WIN (NWIN): every
 * field as recorded; *ARS as recorded.  Damage is EVS_EDATA naming the run and series. */
int bar_store_load_results (evs_store *s, int64_t id, const bars_series *series, size_t n,
                            const evs_event *events, size_t nevents, const bar_window *win,
                            size_t nwin, bool *ars, bar_result **res, size_t *nres,
                            evs_error *err);

/* history --check of the bars: every session row decodes (ascending
 * offsets, finite positive closes, volumes NaN or >= 0, its local day
 * and minutes within the day), every version's bar count is its
 * sessions', every intraday run's results unpack.  EVS_EDATA names the
 * first problem. */
int bar_store_check (evs_store *s, evs_error *err);

#endif
