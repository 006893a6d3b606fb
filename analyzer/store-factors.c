/* store-factors.c -- the store's factor files (issue 15): `import
 * --factors FILE` keeps each Ken French file's bytes, versioned by
 * import generation like the prices, and `run --model ff3|ff5|carhart|
 * factors` parses the versions as of its generation with the flag
 * form's reader (factors.h), so a run from the store and one from files
 * compute the same numbers. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "factors.h"
#include "sha256.h"
#include "store.h"
#include "store-internal.h"

/* Whether the latest stored version of SOURCE has HASH. */
static int
same_as_latest (evs_store *s, const char *source, const char *hash, bool *same,
                evs_error *err)
{
  sqlite3_stmt *st;
  int rc = store_prep (s, "SELECT hash = ?2 FROM factor_files WHERE source = ?1"
                       " ORDER BY generation DESC LIMIT 1", &st, err);
  if (rc != EVS_OK)
    return rc;
  store_bind_text (st, 1, source);
  store_bind_text (st, 2, hash);
  bool row;
  *same = false;
  if ((rc = store_step_row (s, st, &row, err)) == EVS_OK && row)
    *same = sqlite3_column_int (st, 0) == 1;
  sqlite3_finalize (st);
  return rc;
}

static int
insert_version (evs_store *s, const char *source, int64_t gen, const char *hash,
                const char *buf, size_t len, evs_error *err)
{
  sqlite3_stmt *st;
  int rc = store_prep (s, "INSERT INTO factor_files (source, generation, hash, content)"
                       " VALUES (?1, ?2, ?3, ?4)", &st, err);
  if (rc != EVS_OK)
    return rc;
  store_bind_text (st, 1, source);
  sqlite3_bind_int64 (st, 2, gen);
  store_bind_text (st, 3, hash);
  sqlite3_bind_blob (st, 4, len ? buf : "", (int) len, SQLITE_TRANSIENT);
  rc = store_step_done (s, st, err);
  sqlite3_finalize (st);
  return rc;
}

int
store_import_factors (evs_store *s, const char *path, bool *changed, evs_error *err)
{
  char *buf, hash[SHA256_HEX_SIZE];
  size_t len;
  factors_set fs;
  *changed = false;
  int rc = store_read_file (path, &buf, &len, err);
  if (rc != EVS_OK)
    return rc;
  if (len > (size_t) 1 << 30)
    {
      free (buf);
      return evs_fail (err, EVS_EDATA, "%s: a factor file of %zu bytes is too large", path, len);
    }
  /* The bytes hashed and stored are the bytes parsed: one read. */
  sha256_hex (buf, len, hash);
  factors_init (&fs);
  rc = factors_load_buffer (path, buf, len, &fs, err);
  factors_release (&fs);
  const char *source = store_base_name (path);
  bool same = false;
  int64_t gen = 0;
  if (rc == EVS_OK)
    rc = store_begin (s, err);
  if (rc == EVS_OK)
    {
      rc = same_as_latest (s, source, hash, &same, err);
      if (rc == EVS_OK && !same)
        rc = store_add_import (s, "factors", path, hash, &gen, err);
      if (rc == EVS_OK && !same)
        rc = insert_version (s, source, gen, hash, buf, len, err);
      if (rc == EVS_OK && !same)
        rc = store_commit (s, err);
      store_rollback (s);
      *changed = rc == EVS_OK && !same;
    }
  free (buf);
  return rc;
}

/* Parses the CONTENT (column 1) of row ST, stored as SOURCE (column 0),
 * into FS, checking its bytes against HASH (column 2). */
static int
parse_version (evs_store *s, sqlite3_stmt *st, factors_set *fs, evs_error *err)
{
  const char *source = store_col_text (st, 0);
  const void *b = sqlite3_column_blob (st, 1);
  size_t len = (size_t) sqlite3_column_bytes (st, 1);
  char hash[SHA256_HEX_SIZE];
  if (sqlite3_column_type (st, 1) != SQLITE_BLOB)
    return store_bad (s, err, "factor file %s: its content is not a blob", source);
  sha256_hex (b ? b : "", len, hash);
  if (strcmp (hash, store_col_text (st, 2)) != 0)
    return store_bad (s, err, "factor file %s: its bytes do not have their stored SHA-256",
                      source);
  return factors_load_buffer (source, b ? b : "", len, fs, err);
}

/* The versions as of GEN, one per source: NAME's, or (NAME NULL) every
 * source's in the order of its first import. */
static const char latest_sql[] =
  "SELECT f.source, f.content, f.hash FROM factor_files f"
  " WHERE f.generation = (SELECT max (g.generation) FROM factor_files g"
  "   WHERE g.source = f.source AND g.generation <= ?1)"
  " AND (?2 IS NULL OR f.source = ?2)"
  " ORDER BY (SELECT min (h.generation) FROM factor_files h WHERE h.source = f.source)";

static int
load_latest (evs_store *s, int64_t gen, const char *name, factors_set *fs, size_t *found,
             evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  int rc = store_prep (s, latest_sql, &st, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (st, 1, gen);
  store_bind_text (st, 2, name);
  while (rc == EVS_OK && (rc = store_step_row (s, st, &row, err)) == EVS_OK && row)
    {
      rc = parse_version (s, st, fs, err);
      ++*found;
    }
  sqlite3_finalize (st);
  return rc;
}

/* Without names a run reads the one stored factor file: several would
 * be joined in an order the user did not choose, and files that share
 * columns (Mkt-RF in the three- and five-factor files) cannot be
 * joined, so they must be named. */
static int
only_source (evs_store *s, int64_t gen, evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  int rc = store_prep (s, "SELECT count (DISTINCT source), group_concat (DISTINCT source)"
                       " FROM (SELECT source FROM factor_files WHERE generation <= ?1"
                       " ORDER BY source)", &st, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (st, 1, gen);
  if ((rc = store_step_row (s, st, &row, err)) == EVS_OK && row
      && sqlite3_column_int64 (st, 0) > 1)
    rc = evs_fail (err, EVS_EUSAGE, "%s holds %lld factor files (%s): name the model's"
                   " with --factors NAME", s->path, (long long) sqlite3_column_int64 (st, 0),
                   store_col_text (st, 1));
  sqlite3_finalize (st);
  return rc;
}

int
store_load_factors (evs_store *s, int64_t gen, const char *const *names, size_t n,
                    factors_set *fs, evs_error *err)
{
  size_t found = 0;
  int rc = EVS_OK;
  if (s->version < 6)
    return evs_fail (err, EVS_EUSAGE, "%s holds no factor files: evstudy import --db %s"
                     " --factors FILE", s->path, s->path);
  if (n == 0)
    rc = only_source (s, gen, err);
  if (rc == EVS_OK && n == 0)
    rc = load_latest (s, gen, NULL, fs, &found, err);
  for (size_t i = 0; rc == EVS_OK && i < n; i++)
    {
      size_t before = found;
      rc = load_latest (s, gen, store_base_name (names[i]), fs, &found, err);
      if (rc == EVS_OK && found == before)
        rc = evs_fail (err, EVS_EUSAGE, "no factor file '%s' in %s as of import %lld:"
                       " evstudy import --db %s --factors FILE", names[i], s->path,
                       (long long) gen, s->path);
    }
  if (rc == EVS_OK && found == 0)
    rc = evs_fail (err, EVS_EUSAGE, "%s holds no factor files as of import %lld:"
                   " evstudy import --db %s --factors FILE", s->path, (long long) gen, s->path);
  return rc;
}

int
store_check_factors (evs_store *s, int64_t gen, evs_error *err)
{
  sqlite3_stmt *st;
  bool row;
  int rc = store_prep (s, "SELECT source, content, hash FROM factor_files WHERE generation = ?1",
                       &st, err);
  if (rc != EVS_OK)
    return rc;
  sqlite3_bind_int64 (st, 1, gen);
  while (rc == EVS_OK && (rc = store_step_row (s, st, &row, err)) == EVS_OK && row)
    {
      factors_set fs;
      factors_init (&fs);
      rc = parse_version (s, st, &fs, err);
      factors_release (&fs);
    }
  sqlite3_finalize (st);
  return rc;
}
