/* fuzz-store.c -- fuzz target: damaged stores (issue 11).
 *
 * Once per process a small valid store is made in a private temporary
 * directory: two synthetic series (AAA and its market MKT, 400 weekdays
 * each), three events close together (so that pairs have confounders;
 * one with a time and a time zone, so that events carry an instant),
 * and run 1 of the market model.  Each input is a list of edits of that
 * store's blob and parameter columns (the table of TARGETS: run
 * parameters, windows, results and their blobs, CARs, confounders, price
 * snapshots, price rows, events); every edit is an UPDATE
 * with bound parameters on a fresh copy of the store.  Then what reads a
 * store runs in-process, as the commands do:
 *   history --check   store_open (read-only) and store_check;
 *   export            store_run_load of run 1 and every writer of output
 *                     (JSON, CSV of CARs and ARs, table) to /dev/null;
 *   run --rerun 1     cmd_main, the command itself (it reads the run's
 *                     meta, events and prices, studies and records).
 * A damaged store must give an error, never a crash, a sanitizer report,
 * a huge allocation or a hang.
 *
 * An edit is 4 bytes and a payload: TARGET, ROW (which row of the
 * target's table, in key order), KIND, LEN, then LEN bytes.  KIND % 8:
 * 0 NULL; 1 an integer (the payload's bytes, little-endian, sign
 * extended); 2 a double (8 bytes); 3 text; 4 a blob; 5 the current
 * value with bytes from payload[1..] written at offset 8 * payload[0];
 * 6 the current value cut to 8 * payload[0] bytes; 7 the current
 * integer plus (int8) payload[0].
 *
 * `run --rerun` leaves its memory to exit() on an error, as the command
 * layer does, and cli_exit_hook longjmps back here instead: so that
 * those leaks do not exhaust the fuzzer's memory in a long run, blocks
 * of BIG bytes or more allocated during the command and still live
 * after a longjmp are freed (exit-hook.h, shared with fuzz-cli.c); run with
 * -detect_leaks=0 (tests/fuzz.mk, tests/trust-store.mk). */
#include <config.h>

#include <fcntl.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <setjmp.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"
#include "output.h"
#include "store.h"
#include "exit-hook.h"
#include "walk.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

enum { MAX_EDITS = 24 };

static char dir[256], base[300], work[300];
static unsigned char *base_bytes;
static size_t base_len;


/* Runs the command ARGV in-process; its exit comes back here.  Returns
 * its exit status. */
static int
command (int argc, char **argv)
{
  optind = 0;
  nbig = 0;
  tracking = true;
  int status = setjmp (back);
  if (status == 0)
    {
      status = cmd_main (argc, argv);
      end_tracking (false);
    }
  else
    {
      status--;
      end_tracking (true);
    }
  fflush (stdout);
  clearerr (stdout);
  return status;
}

/* ------------------------------------------------------- the base store */

static void
put (const char *name, const char *text, char *path)
{
  snprintf (path, 300, "%s/%s", dir, name);
  FILE *fp = fopen (path, "w");
  if (!fp || fputs (text, fp) < 0 || fclose (fp) != 0)
    abort ();
}

static void
make_base (void)
{
  char aaa[300], mkt[300], ev[300];
  char *a = walk_prices (1, 400), *m = walk_prices (2, 400);
  put ("AAA.csv", a, aaa);
  put ("MKT.csv", m, mkt);
  free (a);
  free (m);
  put ("events.csv",
       "date,time,timezone,label,tickers\n"
       "2024-03-04,,,First,\n"
       "2024-03-06,16:30,America/New_York,Second after the close,AAA\n"
       "2024-03-08,,,Third,\n", ev);
  snprintf (base, sizeof base, "%s/base.db", dir);
  snprintf (work, sizeof work, "%s/work.db", dir);
  char *imp[] = { "evstudy", "import", "--db", base, aaa, mkt, "--events", ev, NULL };
  command (8, imp);
  char *run[] = { "evstudy", "run", "--db", base, "--market", "MKT", "--estimation", "-60:-11",
                  "--min-estimation", "30", "--ar-days", "-5:5", "--window", "-1:1",
                  "--window", "0:3", "--format", "csv", NULL };
  command (18, run);
  unlink (aaa);
  unlink (mkt);
  unlink (ev);
  FILE *fp = fopen (base, "rb");
  if (!fp)
    abort ();
  base_bytes = malloc (1 << 22);
  base_len = fread (base_bytes, 1, 1 << 22, fp);
  fclose (fp);
  unlink (base);
  if (base_len == 0 || base_len == 1 << 22)
    abort ();
}

/* The work store and the -wal and -shm a reader may leave beside it. */
static void
remove_work (void)
{
  char side[320];
  unlink (work);
  snprintf (side, sizeof side, "%s-wal", work);
  unlink (side);
  snprintf (side, sizeof side, "%s-shm", work);
  unlink (side);
}

static void
remove_dir (void)
{
  remove_work ();
  rmdir (dir);
}

static void
setup (void)
{
  /* As main.c: GSL errors are statuses (an edited fit's df sent a
   * p-value's incomplete beta into underflow, which aborted here only). */
  gsl_set_error_handler_off ();
  const char *tmp = getenv ("TMPDIR");
  snprintf (dir, sizeof dir, "%s/evs-fuzz-store-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp (dir))
    abort ();
  atexit (remove_dir);
  /* Fully buffered in a static buffer: nothing allocated in a run, and
   * not a write(2) per character (/dev/null all the same). */
  static char outbuf[1 << 16];
  setvbuf (stdout, outbuf, _IOFBF, sizeof outbuf);
  int fd = open ("/dev/null", O_WRONLY);
  if (fd < 0 || dup2 (fd, STDOUT_FILENO) < 0)
    abort ();
  close (fd);
  cli_exit_hook = on_exit_status;
  make_base ();
}

/* ------------------------------------------------------------ the edits */

/* A column an edit may change: its table, its name and the table's key
 * (the row is the ROW-th in key order).  Constant SQL only: the values
 * are bound parameters. */
typedef struct target {
  const char *get, *set;
} target;

#define T(tbl, col, key) \
  { "SELECT " col " FROM " tbl " WHERE (" key ") = (SELECT " key " FROM " tbl \
    " ORDER BY " key " LIMIT 1 OFFSET ?2 % (SELECT count (*) FROM " tbl "))", \
    "UPDATE " tbl " SET " col " = ?1 WHERE (" key ") = (SELECT " key " FROM " tbl \
    " ORDER BY " key " LIMIT 1 OFFSET ?2 % (SELECT count (*) FROM " tbl "))" }
#define RUNS(c) T ("runs", c, "id")
#define RES(c) T ("results", c, "run_id, pos")
#define CARS(c) T ("cars", c, "run_id, result_pos, pos")

static const target targets[] = {
  RUNS ("generation"), RUNS ("event_set"), RUNS ("rerun_of"), RUNS ("model"),
  RUNS ("returns"), RUNS ("est_start"), RUNS ("est_end"), RUNS ("min_estimation"),
  RUNS ("ar_start"), RUNS ("ar_end"), RUNS ("n_results"),
  T ("run_windows", "start", "run_id, pos"), T ("run_windows", "end", "run_id, pos"),
  /* Not run_args: the stored options are parsed again by the flag
   * form's parser, which exits on a bad one (usage) past cli_exit_hook,
   * and is fuzzed by fuzz-cli.c. */
  T ("run_windows", "pos", "run_id, pos"), RES ("n_est"),
  RES ("pos"), RES ("event_row"), RES ("ticker"), RES ("market"), RES ("day0"),
  RES ("status"), RES ("est_first"), RES ("est_last"), RES ("n_est"), RES ("alpha"),
  RES ("sigma"), RES ("est_ar"), RES ("n_conf"), RES ("days"), RES ("days"), RES ("days"),
  RES ("est_ar"), RES ("df"),
  CARS ("start"), CARS ("end"), CARS ("first"), CARS ("last"), CARS ("car"), CARS ("pos"),
  CARS ("result_pos"),
  T ("confounders", "event_row", "run_id, result_pos, pos"),
  T ("confounders", "day", "run_id, result_pos, pos"),
  T ("confounders", "result_pos", "run_id, result_pos, pos"),
  T ("price_snapshots", "n", "series_id, generation"),
  T ("price_snapshots", "dates", "series_id, generation"),
  T ("price_snapshots", "prices", "series_id, generation"),
  T ("price_snapshots", "generation", "series_id, generation"),
  T ("prices", "date", "series_id, date, first_import"),
  T ("prices", "price", "series_id, date, first_import"),
  T ("prices", "last_import", "series_id, date, first_import"),
  T ("events", "day", "set_id, row"), T ("events", "minute", "set_id, row"),
  T ("events", "offset_min", "set_id, row"), T ("events", "instant", "set_id, row"),
  T ("events", "row", "set_id, row"), T ("events", "tickers", "set_id, row"),
};

/* The current value of the target's row as bytes (text or blob) into
 * BUF, or as an integer into *IV. */
static size_t
current (sqlite3 *db, const target *t, int row, unsigned char *buf, size_t cap, int64_t *iv)
{
  sqlite3_stmt *q;
  size_t n = 0;
  *iv = 0;
  if (sqlite3_prepare_v2 (db, t->get, -1, &q, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_int (q, 2, row);
  if (sqlite3_step (q) == SQLITE_ROW)
    {
      *iv = sqlite3_column_int64 (q, 0);
      const void *b = sqlite3_column_blob (q, 0);
      n = (size_t) sqlite3_column_bytes (q, 0);
      n = n < cap ? n : cap;
      if (b)
        memcpy (buf, b, n);
    }
  sqlite3_finalize (q);
  return n;
}

/* Applies one edit (see the head of this file); failures (a key made
 * duplicate, a NOT NULL column set to NULL) leave the store as it was. */
static void
edit (sqlite3 *db, const uint8_t *e, const uint8_t *p, size_t len)
{
  static unsigned char cur[1 << 16];
  const target *t = &targets[e[0] % (sizeof targets / sizeof *targets)];
  int row = e[1];
  int64_t iv = 0;
  double dv;
  size_t n;
  sqlite3_stmt *q;
  if (sqlite3_prepare_v2 (db, t->set, -1, &q, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int (q, 2, row);
  switch (e[2] % 8)
    {
    case 0:
      sqlite3_bind_null (q, 1);
      break;
    case 1:
      for (size_t i = 0; i < len && i < 8; i++)
        iv |= (int64_t) ((uint64_t) p[i] << (8 * i));
      if (len && len < 8 && (p[len - 1] & 0x80))
        iv |= (int64_t) (~(uint64_t) 0 << (8 * len));
      sqlite3_bind_int64 (q, 1, iv);
      break;
    case 2:
      {
        uint64_t u = 0;
        for (size_t i = 0; i < len && i < 8; i++)
          u |= (uint64_t) p[i] << (8 * i);
        memcpy (&dv, &u, 8);
        sqlite3_bind_double (q, 1, dv);   /* NaN binds as NULL */
      }
      break;
    case 3:
      sqlite3_bind_text (q, 1, (const char *) p, (int) len, SQLITE_TRANSIENT);
      break;
    case 4:
      sqlite3_bind_blob (q, 1, p, (int) len, SQLITE_TRANSIENT);
      break;
    case 5:
      n = current (db, t, row, cur, sizeof cur, &iv);
      if (len)
        for (size_t i = 1, at = 8 * (size_t) p[0]; i < len && at < sizeof cur; i++, at++)
          {
            cur[at] = p[i];
            n = at + 1 > n ? at + 1 : n;
          }
      sqlite3_bind_blob (q, 1, cur, (int) n, SQLITE_TRANSIENT);
      break;
    case 6:
      n = current (db, t, row, cur, sizeof cur, &iv);
      n = len && 8 * (size_t) p[0] < n ? 8 * (size_t) p[0] : n;
      sqlite3_bind_blob (q, 1, cur, (int) n, SQLITE_TRANSIENT);
      break;
    default:
      current (db, t, row, cur, sizeof cur, &iv);
      sqlite3_bind_int64 (q, 1, (int64_t) ((uint64_t) iv + (uint64_t) (int64_t) (int8_t) (len ? p[0] : 1)));
      break;
    }
  sqlite3_step (q);
  sqlite3_finalize (q);
}

/* A fresh copy of the base store at WORK, edited by DATA. */
static bool
make_work (const uint8_t *data, size_t size)
{
  remove_work ();
  FILE *fp = fopen (work, "wb");
  if (!fp || fwrite (base_bytes, 1, base_len, fp) != base_len || fclose (fp) != 0)
    abort ();
  sqlite3 *db;
  if (sqlite3_open_v2 (work, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    abort ();
  sqlite3_exec (db, "PRAGMA foreign_keys = OFF; BEGIN", NULL, NULL, NULL);
  size_t pos = 0;
  for (int k = 0; k < MAX_EDITS && pos + 4 <= size; k++)
    {
      size_t len = data[pos + 3];
      len = len <= size - pos - 4 ? len : size - pos - 4;
      edit (db, data + pos, data + pos + 4, len);
      pos += 4 + len;
    }
  bool ok = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
  sqlite3_close (db);
  return ok;
}

/* ---------------------------------------------------------- the readers */

/* history --check: true if it says ok. */
static bool
check (void)
{
  evs_error err;
  bool ok = false;
  char msg[512];
  evs_store *s = store_open (work, STORE_READONLY, 0, &err);
  if (s && store_check (s, &ok, msg, sizeof msg, &err) == EVS_OK)
    ok = ok && store_read_end (s, &err) == EVS_OK;
  else
    ok = false;
  store_close (&s);
  return ok;
}

/* export: true if run 1 was read. */
static bool
export (void)
{
  evs_error err;
  store_run r;
  bool ok = false;
  evs_store *s = store_open (work, STORE_READONLY, 0, &err);
  if (s && store_run_load (s, 1, &r, &err) == EVS_OK)
    {
      output_json (stdout, &r.st);
      output_csv (stdout, &r.st, OUTPUT_CAR);
      output_csv (stdout, &r.st, OUTPUT_AR);
      output_table (stdout, &r.st, OUTPUT_BOTH);
      store_run_release (&r);
      ok = true;
    }
  store_close (&s);
  return ok;
}

/* Besides the sanitizers, the oracle: a store that --check calls ok is
 * exported, and rerun without a data error (it may still meet a usage
 * error: the stored arguments are parsed again, and edits reach them). */
static int
rerun (void)
{
  char *argv[] = { "evstudy", "run", "--db", work, "--rerun", "1", "--format", "json", NULL };
  return command (8, argv);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (!dir[0])
    {
      setup ();
      /* The undamaged store passes all three, or this target tests nothing. */
      if (!make_work (data, 0) || !check () || !export () || rerun () != 0)
        {
          fprintf (stderr, "fuzz-store: the base store does not pass\n");
          abort ();
        }
    }
  if (!make_work (data, size))
    return 0;
  bool ok = check ();
  bool exported = export ();
  int status = rerun ();
  if (ok && (!exported || status == EVS_EDATA))
    {
      fprintf (stderr, "fuzz-store: --check said ok, but %s\n",
               exported ? "run --rerun found bad data" : "export failed");
      abort ();
    }
  return 0;
}
