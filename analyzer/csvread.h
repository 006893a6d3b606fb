/* csvread.h -- read a CSV file row by row with libcsv, keeping line
 * numbers for messages.
 *
 * A UTF-8 byte-order mark at the start is dropped; LF, CRLF and CR line
 * ends are accepted, mixed; fields may be quoted (RFC 4180) and a quoted
 * field may span lines.  Blank lines are skipped.  Limits guard against
 * hostile files: a field longer than max_field bytes, a row with more than
 * max_fields fields or a file with more than max_rows data rows is an
 * error (EVS_EDATA) naming the file and line rather than a way to exhaust
 * memory.  Data rows are the rows the callback accepts as data: it
 * returns CSVREAD_NOT_DATA for a header, preamble or footer row, which
 * does not count, so that a file of exactly CSVREAD_MAX_ROWS data rows
 * under its header is read.
 * Errors about a field (too long, one too many, a NUL byte, a misplaced
 * or unterminated quote) are "FILE:LINE:COL: ...", COL the 1-based
 * number of the field; the row limit is "FILE:LINE: more than N data
 * rows", LINE the first data row past the limit.
 */
#ifndef EVS_CSVREAD_H
#define EVS_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define CSVREAD_MAX_FIELD  (1u << 20)     /* 1 MiB */
#define CSVREAD_MAX_FIELDS 4096
#define CSVREAD_MAX_ROWS   100000000u

/* The data-row limit in force: CSVREAD_MAX_ROWS.  Only tests lower it, to
 * check the boundary without a file of 100 million rows; set it before
 * any reading starts (readers on other threads only read it). */
extern size_t csvread_row_limit;

/* What a row callback returns, instead of EVS_OK, for a row it read that
 * is not data (a header line, a preamble or footer): reading goes on and
 * the row does not count towards the data-row limit. */
#define CSVREAD_NOT_DATA (-1)

typedef struct csvread_field {
  const char *s;     /* not NUL-terminated; valid during the callback only */
  size_t len;
  bool quoted;       /* the field was written in quotes */
} csvread_field;

/* Called once per row.  LINE is the 1-based line the row starts on.
 * Returns EVS_OK to go on after a data row, CSVREAD_NOT_DATA to go on
 * after a row that is not data; any other code stops reading and is
 * returned by csvread_* (the callback fills ERR). */
typedef int (*csvread_row_fn) (void *ctx, size_t line, size_t nfields,
                               const csvread_field *fields, evs_error *err);

/* Reads the file at PATH, or stdin for "-" (NAME is how messages call
 * it, normally PATH).
 * Errors: EVS_EIO if it cannot be opened or read (or is a directory):
 * "NAME: cannot read: REASON"; EVS_EDATA "NAME:LINE: WHAT" for a NUL
 * byte, an unterminated quote, a misplaced quote (a quote inside an
 * unquoted field, or text after a closing quote, which RFC 4180 forbids),
 * a limit exceeded, and "NAME: empty file" for a file without any row;
 * otherwise whatever the callback returned. */
int csvread_file (const char *path, const char *name, csvread_row_fn fn,
                  void *ctx, evs_error *err);

/* What a tap sees: each piece of the raw bytes of the file as read,
 * before it is parsed (FIRST for the first piece); any code but EVS_OK
 * stops reading and is returned (the tap fills ERR).  The store hashes
 * a file this way while it is parsed, without holding it. */
typedef int (*csvread_tap_fn) (void *ctx, const char *buf, size_t len, bool first,
                               evs_error *err);

/* csvread_file, showing the bytes to TAP (with TAP_CTX) first. */
int csvread_file_tap (const char *path, const char *name, csvread_row_fn fn,
                      void *ctx, csvread_tap_fn tap, void *tap_ctx, evs_error *err);

/* The same over a buffer in memory (tests, fuzzing). */
int csvread_buffer (const char *name, const char *buf, size_t len,
                    csvread_row_fn fn, void *ctx, evs_error *err);

/* ------------------------------------------------------------ pieces
 * One buffer parsed on several threads (price_import.c): cut at line
 * ends outside quotes, each piece read by its own reader that starts
 * at the piece's line number, in the state a reader of the whole
 * buffer is in after a row. */

/* What a piece returns, instead of an error, when it ends inside a
 * quoted field or a row: the cut was not at a row boundary (a file
 * whose quotes are wrong); read the whole buffer instead. */
#define CSVREAD_SPLIT_BAD (-2)

typedef struct csvread_piece_opts {
  size_t first_line;   /* the line the piece starts on, 1-based */
  bool first;          /* the buffer's start: a BOM may come */
  bool last;           /* the buffer's end: a last row needs no line end */
} csvread_piece_opts;

/* Reads BUF[0..LEN), a piece, as csvread_buffer would read those bytes
 * of the whole buffer: the same rows with the same line numbers and the
 * same errors, except that a piece without rows is no error and there
 * is no data-row limit (*DATA_ROWS, the data rows FN accepted, set even
 * on failure, lets the caller apply it).  CSVREAD_SPLIT_BAD as above. */
int csvread_piece (const char *name, const char *buf, size_t len,
                   const csvread_piece_opts *po, csvread_row_fn fn, void *ctx,
                   size_t *data_rows, evs_error *err);

/* The line ends in BUF[0..LEN) as the reader counts them: LF, CR and
 * CRLF (once), inside quoted fields too. */
size_t csvread_line_ends (const char *buf, size_t len);

/* Cuts BUF[0..LEN), which starts at a row boundary, into at most N
 * pieces of about equal size at line starts outside quoted fields (the
 * parity of the quotes before a line end tells, "" counting twice):
 * CUT[0] = 0 < CUT[1] < ... < CUT[K] = LEN, CUT having N + 1 slots;
 * returns K, the number of pieces. */
size_t csvread_split (const char *buf, size_t len, size_t n, size_t *cut);

/* True if F, with surrounding spaces ignored, equals NAME ignoring ASCII
 * case. */
bool csvread_field_is (const csvread_field *f, const char *name);

#endif
