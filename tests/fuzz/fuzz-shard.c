/* fuzz-shard.c -- fuzz target: damaged shard files (issue 17).
 *
 * Once per process a small valid shard file is built in-process: two
 * synthetic series (AAA, BBB) and their market MKT, 300 weekdays each,
 * three events, the market model, every pair's texts (output_pair_text),
 * written by shard_build into a private temporary directory.  Each input
 * is a flag byte and a list of edits of that file's columns, applied
 * with bound parameters to a fresh copy; then the merge's reader runs on
 * it: shard_open, shard_read_pairs (LIGHT from the flag byte, both kinds
 * of text) and shard_check_pairs.  The checksum is not recomputed: the
 * pairs are decoded and the texts' lengths checked before it is
 * compared, so crafted blobs reach the decoders.  A damaged shard must
 * give an error, never a crash, a sanitizer report, a huge allocation or
 * a hang.
 *
 * An edit is 4 bytes and a payload: TARGET (a column, table TARGETS),
 * ROW (which row of its table, in rowid order), KIND, LEN, then LEN
 * bytes.  KIND % 5: 0 NULL; 1 an integer (the payload's bytes,
 * little-endian, sign extended); 2 a blob of the payload; 3 the current
 * value with payload[1..] written at offset 8 * payload[0]; 4 the
 * current value cut to 8 * payload[0] bytes. */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "events.h"
#include "output.h"
#include "price_import.h"
#include "shard.h"
#include "study.h"
#include "walk.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

enum { MAX_EDITS = 16 };

static const struct {
  const char *table, *column;
} targets[] = {
  { "pairs", "pair" }, { "pairs", "detail" }, { "pairs", "pos" }, { "pairs", "event_row" }, { "pairs", "input" },
  { "texts", "lens" }, { "texts", "bytes" }, { "texts", "first" }, { "texts", "kind" },
  { "inputs", "pos" }, { "inputs", "ticker" }, { "inputs", "market" }, { "meta", "value" },
  { "args", "arg" },
};

static char dir[256], base[300], work[300];
static study_opts opts;
static study_window win[] = { { -1, 1 }, { 0, 2 } };

static void
load (const char *name, unsigned seed, evs_series_list *l)
{
  evs_error err;
  price_import_opts po = { NULL, NULL, false, 0, false };
  char *b = walk_prices (seed, 300);
  series_list_init (l);
  if (price_import_buffer (name, b, strlen (b), &po, l, &err) != EVS_OK || l->n != 1)
    abort ();
  free (b);
}

/* The base shard file: a study of AAA and BBB against MKT. */
static void
make_base (void)
{
  static const char ev[] = "date,label\n2023-09-04,First\n2023-09-06,Second\n"
                           "2023-10-02,Third\n";
  evs_timeline t;
  evs_error err;
  evs_series_list a, b, m;
  if (events_load_buffer ("events.csv", ev, sizeof ev - 1, &t, &err) != EVS_OK)
    abort ();
  load ("AAA.csv", 1, &a);
  load ("BBB.csv", 2, &b);
  load ("MKT.csv", 3, &m);
  study_opts_default (&opts);
  opts.est = (study_window) { -60, -11 };
  opts.min_est = 30;
  opts.ar = (study_window) { -5, 5 };
  opts.win = win;
  opts.nwin = 2;
  opts.model = MODEL_MARKET;
  study_input in[] = { { &a.v[0], &m.v[0], calendar_for_ticker ("AAA") },
                       { &b.v[0], &m.v[0], calendar_for_ticker ("BBB") } };
  evs_study st;
  study_run (&opts, &t, in, 2, &st);
  size_t *of = calloc (st.n + 1, sizeof *of);
  study_text *text[STUDY_TEXT_KINDS];
  for (int k = 0; k < STUDY_TEXT_KINDS; k++)
    {
      text[k] = calloc (st.n + 1, sizeof *text[k]);
      for (size_t i = 0; i < st.n; i++)
        {
          char *s = NULL;
          size_t n = 0;
          FILE *fp = open_memstream (&s, &n);
          output_pair_text (fp, &st, i, (enum study_text_kind) k);
          fclose (fp);
          text[k][i] = (study_text) { s, n };
        }
    }
  for (size_t i = 0; i < st.n; i++)
    of[i] = st.res[i].series == &b.v[0];
  shard_input sin[] = { { 0, a.v[0].ticker, a.v[0].source, m.v[0].ticker, 0 },
                        { 1, b.v[0].ticker, b.v[0].source, m.v[0].ticker, 0 } };
  char *args[] = { "--market=MKT" };
  shard_meta meta = { .index = 0, .count = 1, .pairs = st.n, .inputs = 2, .nevents = t.n,
                      .args = args, .nargs = 1 };
  strcpy (meta.version, "fuzz");
  strcpy (meta.events_hash, "e");
  strcpy (meta.data_hash, "d");
  unsigned char *bytes;
  size_t len;
  if (shard_build (&meta, &st, of, sin, 2, (const study_text *const *) text, &bytes, &len,
                   &err) != EVS_OK)
    abort ();
  FILE *fp = fopen (base, "wb");
  if (!fp || fwrite (bytes, 1, len, fp) != len || fclose (fp) != 0)
    abort ();
  shard_bytes_free (bytes);
  for (int k = 0; k < STUDY_TEXT_KINDS; k++)
    {
      for (size_t i = 0; i < st.n; i++)
        free ((char *) text[k][i].b);
      free (text[k]);
    }
  free (of);
  study_release (&st);
  series_list_release (&a);
  series_list_release (&b);
  series_list_release (&m);
  events_release (&t);
}

static void
remove_dir (void)
{
  unlink (work);
  unlink (base);
  rmdir (dir);
}

static void
setup (void)
{
  const char *tmp = getenv ("TMPDIR");
  snprintf (dir, sizeof dir, "%s/evs-fuzz-shard-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp (dir))
    abort ();
  snprintf (base, sizeof base, "%s/base.db", dir);
  snprintf (work, sizeof work, "%s/work.db", dir);
  atexit (remove_dir);
  make_base ();
}

static void
copy_base (void)
{
  static unsigned char buf[1 << 20];
  FILE *in = fopen (base, "rb"), *out = fopen (work, "wb");
  size_t n;
  if (!in || !out)
    abort ();
  while ((n = fread (buf, 1, sizeof buf, in)) > 0)
    if (fwrite (buf, 1, n, out) != n)
      abort ();
  fclose (in);
  if (fclose (out) != 0)
    abort ();
}

/* Edit E (KIND, PAYLOAD of LEN bytes) of column TARGET in row ROW. */
static void
edit (sqlite3 *db, unsigned target, unsigned row, unsigned kind, const uint8_t *p, size_t len)
{
  char sql[256];
  const char *tb = targets[target].table, *col = targets[target].column;
  sqlite3_stmt *q;
  unsigned char *cur = NULL;
  size_t ncur = 0;
  if (kind >= 3)
    {
      snprintf (sql, sizeof sql, "SELECT %s FROM %s ORDER BY rowid LIMIT 1 OFFSET ?1", col, tb);
      if (sqlite3_prepare_v2 (db, sql, -1, &q, NULL) != SQLITE_OK)
        return;
      sqlite3_bind_int (q, 1, (int) row);
      if (sqlite3_step (q) == SQLITE_ROW)
        {
          ncur = (size_t) sqlite3_column_bytes (q, 0);
          cur = malloc (ncur + len + 2048);
          if (ncur)
            memcpy (cur, sqlite3_column_blob (q, 0), ncur);
        }
      sqlite3_finalize (q);
      if (!cur)
        return;
    }
  snprintf (sql, sizeof sql, "UPDATE %s SET %s = ?1 WHERE rowid = (SELECT rowid FROM %s"
            " ORDER BY rowid LIMIT 1 OFFSET ?2)", tb, col, tb);
  if (sqlite3_prepare_v2 (db, sql, -1, &q, NULL) != SQLITE_OK)
    {
      free (cur);
      return;
    }
  sqlite3_bind_int (q, 2, (int) row);
  if (kind == 1)
    {
      uint64_t v = 0;
      for (size_t i = 0; i < len && i < 8; i++)
        v |= (uint64_t) p[i] << (8 * i);
      if (len && len < 8 && (p[len - 1] & 0x80))
        v |= ~(uint64_t) 0 << (8 * len);
      sqlite3_bind_int64 (q, 1, (sqlite3_int64) v);
    }
  else if (kind == 2)
    sqlite3_bind_blob (q, 1, p, (int) len, SQLITE_TRANSIENT);
  else if (kind == 3 && len)
    {
      size_t at = 8 * (size_t) p[0], n = len - 1;
      if (at + n > ncur)
        {
          memset (cur + ncur, 0, at + n - ncur);
          ncur = at + n;
        }
      memcpy (cur + at, p + 1, n);
      sqlite3_bind_blob (q, 1, cur, (int) ncur, SQLITE_TRANSIENT);
    }
  else if (kind == 4 && len)
    sqlite3_bind_blob (q, 1, cur, (int) (8 * (size_t) p[0] < ncur ? 8 * (size_t) p[0] : ncur),
                       SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (q, 1);
  sqlite3_step (q);
  sqlite3_finalize (q);
  free (cur);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static bool ready;
  if (!ready)
    {
      gsl_set_error_handler_off ();   /* as main.c: GSL errors are statuses */
      setup ();
      ready = true;
    }
  if (size < 1)
    return 0;
  bool light = data[0] & 1;
  copy_base ();
  sqlite3 *db;
  if (sqlite3_open (work, &db) != SQLITE_OK)
    abort ();
  size_t at = 1;
  for (int e = 0; e < MAX_EDITS && at + 4 <= size; e++)
    {
      unsigned target = data[at] % (sizeof targets / sizeof *targets), row = data[at + 1] % 8;
      unsigned kind = data[at + 2] % 5;
      size_t len = data[at + 3];
      at += 4;
      if (len > size - at)
        len = size - at;
      edit (db, target, row, kind, data + at, len);
      at += len;
    }
  sqlite3_close (db);
  shard_file f;
  evs_error err;
  bool texts[STUDY_TEXT_KINDS] = { true, true };
  if (shard_open (work, &f, &err) == EVS_OK)
    {
      if (shard_read_pairs (work, &f, 2, light, texts, &err) == EVS_OK)
        shard_check_pairs (work, &f, &opts, &err);
      shard_file_release (&f);
    }
  unlink (work);
  return 0;
}
