/* shard.h -- shard files: one part of a study run on another machine
 * (--shard I/N), merged by `evstudy merge` into the unsharded output.
 *
 * A series belongs to shard shard_of (ticker, N): FNV-1a 64 (Fowler,
 * Noll & Vo) of its ticker's bytes, ASCII letters folded to lower case,
 * modulo N.  It depends on the ticker alone: not on file order, the
 * machine or its byte order.  Case is folded because the study treats
 * tickers case-insensitively (study.c orders and matches them with
 * strcasecmp): series that it might treat as one go to the same shard.
 *
 * A shard file is a sqlite3 database (application_id SHARD_APP_ID,
 * user_version SHARD_FORMAT), built in memory and written in one piece
 * through fsout by the caller, so nothing is half-written:
 *   meta (key, value)       evstudy version, shard index and count, the
 *                           SHA-256 of the events file, a hash of the
 *                           loaded data, the run's pair, input and event
 *                           counts, the checksum;
 *   args (pos, arg)         the run's options in canonical --name=value
 *                           form, less --shard and the output options:
 *                           merge parses them again with the flag form's
 *                           parser, so every option is carried over;
 *   inputs (pos, ticker, source, market, n_gaps)
 *                           the shard's studied series, POS being the
 *                           series' place among all the run's inputs;
 *   pairs (pos, event_row, input, ticker, status, pair)
 *                           each (event, series) result, PAIR a blob of
 *                           every field of its study_result (shard.c,
 *                           put_result): the fit, days, CARs, warnings,
 *                           confounders, and the ARs, their se and dates
 *                           over the history the aggregate reads
 *                           (hist_*) with the estimation residuals,
 *                           and the CAR path (format 2).
 * The checksum (shard.c mix: a 64-bit hash of each input row and pair
 * blob, chained) makes a damaged file an error, never a wrong number;
 * what is read is checked besides, so a crafted file cannot crash the
 * merge.  The data hash mixes every loaded value the same way: SHA-256
 * of a 5,000-security run's data cost seconds in every shard.
 *
 * Library code: errors are returned (evs_error), nothing is printed. */
#ifndef EVS_SHARD_H
#define EVS_SHARD_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "events.h"
#include "factors.h"
#include "series.h"
#include "sha256.h"
#include "study.h"

#define SHARD_APP_ID 1163285352   /* "EVSh" */
#define SHARD_FORMAT 2           /* 2: with the CAR path */
#define SHARD_MAX 100000          /* N of --shard I/N at most */

/* FNV-1a 64 of TICKER with A-Z folded to a-z. */
uint64_t shard_hash (const char *ticker);

/* The shard of TICKER among N (N >= 1). */
unsigned shard_of (const char *ticker, unsigned n);

/* A studied series of a shard; POS is its index among all the run's
 * inputs (study_run's order), MARKET its market's ticker or NULL. */
typedef struct shard_input {
  size_t pos;
  char *ticker, *source, *market;
  size_t n_gaps;
} shard_input;

/* What a shard says about its run. */
typedef struct shard_meta {
  char version[64];
  unsigned index, count;
  char events_hash[SHA256_HEX_SIZE], data_hash[SHA256_HEX_SIZE];
  uint64_t pairs;           /* pairs of the whole (unsharded) run */
  uint64_t inputs;          /* studied series of the whole run */
  uint64_t nevents;         /* events in the events file */
  char **args;
  size_t nargs;
  /* `run --shard`: the store read (as given), its import generation and
   * event set; store NULL for the flag form's files. */
  char *store;
  int64_t generation, event_set;
} shard_meta;

/* One result read back: the study_result with event, series and market
 * NULL (the merge sets them), its event row and input position. */
typedef struct shard_pair {
  size_t event_row, input;
  study_result r;
} shard_pair;

typedef struct shard_file {
  shard_meta m;
  shard_input *in;
  size_t nin;
  shard_pair *p;
  size_t np;
} shard_file;

/* Builds the shard file of ST in memory: INPUT_OF[i] is the input
 * position of ST->res[i]'s series, IN the shard's inputs.  *BYTES (free
 * with shard_bytes_free) and *LEN are the database's bytes. */
int shard_build (const shard_meta *m, const evs_study *st, const size_t *input_of,
                 const shard_input *in, size_t nin, unsigned char **bytes,
                 size_t *len, evs_error *err);
void shard_bytes_free (unsigned char *bytes);

/* Reads the shard file PATH into OUT: EVS_EIO if it cannot be read,
 * EVS_EDATA ("PATH: ...") if it is not a shard file of this format or is
 * damaged.  NWIN is checked later (shard_check_pairs). */
int shard_read (const char *path, shard_file *out, evs_error *err);

/* Checks the pairs of F against the run's options O as the merge parsed
 * them: an estimated pair has O's model and a CAR for each of its
 * windows, every reported day is within --ar-days. */
int shard_check_pairs (const char *path, const shard_file *f, const study_opts *o,
                       evs_error *err);
void shard_file_release (shard_file *f);

/* SHA-256 of the file at PATH (hex), EVS_EIO if unreadable. */
int shard_file_hash (const char *path, char hex[SHA256_HEX_SIZE], evs_error *err);

/* A 64-bit hash (16 hex digits) of the loaded data: every series of ALL
 * (ticker, row and gap counts, dates, prices, volumes) and the factors
 * FS (NULL: none), in order, as numbers (the same on every machine). */
void shard_data_hash (const evs_series_list *all, const factors_set *fs,
                      char hex[SHA256_HEX_SIZE]);

#endif
