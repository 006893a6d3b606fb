/* series_spill.h -- rows of price series set aside in a temporary file
 * while a long file is read, so that an import holds a bounded number of
 * rows in memory whatever the size of the file (issue 15).
 *
 * The importer pushes rows into the series of their tickers as usual;
 * when the rows held pass its budget it spills every series (its rows
 * are appended to the file as one chunk and its arrays freed).  When the
 * file has been read, each series in turn takes its chunks back, in the
 * order they were written, ahead of the rows still in memory: the series
 * is then the one a whole-file import would have built, row for row.
 *
 * The file is made in $TMPDIR (else /tmp) and unlinked at once, so
 * nothing is left behind by a crash.  Errors: EVS_EIO if it cannot be
 * made, written or read back.
 */
#ifndef EVS_SERIES_SPILL_H
#define EVS_SERIES_SPILL_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"
#include "series.h"

typedef struct series_spill {
  int fd;                  /* -1 until the first chunk */
  off_t end;               /* bytes written */
  struct series_spill_chunk {
    off_t off;
    size_t n;              /* rows */
    size_t next;           /* next chunk of the same series + 1, or 0 */
  } *chunk;
  size_t nchunk, chunk_cap;
  size_t *head, *tail;     /* per series: first and last chunk + 1, or 0 */
  size_t nseries;
  size_t rows;             /* rows in the file */
} series_spill;

void series_spill_init (series_spill *sp);
void series_spill_release (series_spill *sp);

/* Appends the rows of S, series number IDX, as a chunk and empties S (its
 * row arrays freed, n and cap 0); nothing if S has no rows. */
int series_spill_put (series_spill *sp, size_t idx, evs_series *s, evs_error *err);

/* Puts the rows spilled for series IDX back into S, before the rows S
 * holds, in the order they were spilled. */
int series_spill_take (series_spill *sp, size_t idx, evs_series *s, evs_error *err);

#endif
