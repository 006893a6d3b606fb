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
 *   pairs (pos, event_row, input, ticker, status, pair, detail)
 *                           each (event, series) result: PAIR a blob of
 *                           its head (shard.c put_head: the fit, CARs,
 *                           warnings, confounders), DETAIL of the rest
 *                           (put_detail: the reported days, the ARs,
 *                           their se and dates over the history the
 *                           aggregate reads (hist_*) with the estimation
 *                           residuals, and the CAR path); the heads are
 *                           chained into the checksum with the inputs,
 *                           the details into "checksum.detail" (format
 *                           3), so that a merge that needs only the
 *                           heads reads only them;
 *   texts (kind, first, lens, bytes)
 *                           each pair's text as the CSV car table
 *                           ("csv-car") and the JSON document ("json")
 *                           write it (output_pair_text), formatted by
 *                           the shard, in chunks of pairs from FIRST on:
 *                           LENS their 32-bit lengths, BYTES the texts;
 *                           each kind with its own checksum in meta
 *                           ("checksum.csv-car", "checksum.json"), so
 *                           that a merge reads and checks only the kind
 *                           it writes, and copies instead of formatting
 *                           again (format 3, issue 17).
 * A regular shard file is read in place (immutable: no locks, which a
 * network file system may not have); anything else (a pipe) is read
 * into memory first.
 * The checksums (shard.c mix: a 64-bit hash of each input row and blob,
 * chained) make a damaged file an error, never a wrong number;
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
#define SHARD_FORMAT 3           /* 2: with the CAR path; 3: the texts */
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
  /* shard_read_text: text[kind][j] is pair j's text (NULL: not read),
   * pointing into the chunks copied out of the file. */
  study_text *text[STUDY_TEXT_KINDS];
  unsigned char **chunk[STUDY_TEXT_KINDS];
  size_t nchunk[STUDY_TEXT_KINDS];
  struct sqlite3 *db;       /* a pipe's copy, open until shard_file_release */
  uint64_t ck;              /* the checksum so far, and the one stored */
  char sum[SHA256_HEX_SIZE];
} shard_file;

/* Builds the shard file of ST in memory: INPUT_OF[i] is the input
 * position of ST->res[i]'s series, IN the shard's inputs, TEXT[kind][i]
 * pair i's text of each kind.  *BYTES (free with shard_bytes_free) and
 * *LEN are the database's bytes. */
int shard_build (const shard_meta *m, const evs_study *st, const size_t *input_of,
                 const shard_input *in, size_t nin, const study_text *const *text,
                 unsigned char **bytes, size_t *len, evs_error *err);
void shard_bytes_free (unsigned char *bytes);

/* Opens the shard file PATH into OUT and reads what it says about its
 * run (meta, args) and its inputs: EVS_EIO if it cannot be read,
 * EVS_EDATA ("PATH: ...") if it is not a shard file of this format or is
 * damaged.  Release OUT with shard_file_release (also after an error). */
int shard_open (const char *path, shard_file *out, evs_error *err);

/* Reads the pairs of the shard F opened from PATH, decoding them on JOBS
 * threads, and checks the file's checksum: EVS_EDATA if it is damaged.
 * LIGHT decodes only what the per-pair outputs and the messages read
 * (not the history, estimation ARs and CAR path the aggregate, the AR
 * table and the charts need), for a merge that copies the shards'
 * texts; everything is hashed either way.  TEXTS[kind]: reads the pairs'
 * text of that kind into F->text[kind] too, checked against its own
 * checksum and its lengths.  The file is open only while it is read
 * (a merge of thousands of shards), but for a copy of a pipe's bytes.
 * NWIN is checked later (shard_check_pairs). */
int shard_read_pairs (const char *path, shard_file *f, unsigned jobs, bool light,
                      const bool texts[STUDY_TEXT_KINDS], evs_error *err);

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
