/* fuzz-cli.c -- fuzz target: the whole command line, in-process.
 *
 * The input is a header of HEADER_LEN bytes choosing options from a fixed
 * table of safe flags (model, windows, format, table, group-by, bootstrap,
 * exchange...; never an output path: no -o, --plot, --report or --db),
 * then up to four files separated by NUL bytes: an events file, a price
 * file, a market price file and a Fama-French factor file.  The files are
 * written into a private temporary directory and cmd_main runs on the
 * argument vector built from the header, with stdout sent to /dev/null.
 * Where the program would exit (cli_die, cli_usage_error), cli_exit_hook
 * longjmps back here.
 *
 * Leaks: the command layer leaves its memory to exit() on an error, so
 * the longjmp path leaks by design; run this target with
 * -detect_leaks=0 and ASAN_OPTIONS=detect_leaks=0 (tests/fuzz.mk does;
 * tests/fuzz-replay.sh replays the corpus without a leak check too).
 * Leaks on the success path are caught by valgrind in `make
 * check-expensive`, whose tests run evstudy itself on such inputs.
 * So that these leaks do not exhaust the fuzzer's memory limit (the flag
 * form's options alone take some 170 kB), the sanitizer's malloc hooks
 * record the blocks of BIG bytes or more allocated during a run, and
 * those still live when it ends in a longjmp are freed.  Smaller blocks
 * are left alone: the C library keeps some of its own (setenv, tzset). */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <fcntl.h>
#include <getopt.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"
#include "model.h"
#include "exit-hook.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

enum { HEADER_LEN = 16, MAX_ARGS = 64 };

static char dir[256];


/* The header's bytes, read in order (zero past its end). */
typedef struct header {
  const uint8_t *b;
  size_t i;
} header;

static unsigned
next (header *h)
{
  return h->i < HEADER_LEN ? h->b[h->i++] : 0;
}

/* The argument vector under construction; its strings live in POOL. */
typedef struct args {
  char *v[MAX_ARGS + 1];
  int n;
  char pool[MAX_ARGS][160];
} args;

static void
add (args *a, const char *opt, const char *val)
{
  if (a->n + 2 > MAX_ARGS)
    return;
  snprintf (a->pool[a->n], sizeof a->pool[0], "%s", opt);
  a->v[a->n] = a->pool[a->n];
  a->n++;
  if (val)
    {
      snprintf (a->pool[a->n], sizeof a->pool[0], "%s", val);
      a->v[a->n] = a->pool[a->n];
      a->n++;
    }
}

/* A window A:B from two bytes: A in -64..63, B within 15 days after. */
static void
add_window (args *a, const char *opt, header *h)
{
  char w[32];
  int start = (int) (int8_t) next (h) / 2;
  snprintf (w, sizeof w, "%d:%d", start, start + (int) (next (h) % 16));
  add (a, opt, w);
}

/* Writes LEN bytes of DATA to DIR/NAME; returns that path in BUF. */
static const char *
put_file (const char *name, const uint8_t *data, size_t len, char *buf, size_t cap)
{
  snprintf (buf, cap, "%s/%s", dir, name);
  FILE *fp = fopen (buf, "wb");
  if (!fp)
    abort ();
  if (len && fwrite (data, 1, len, fp) != len)
    abort ();
  fclose (fp);
  return buf;
}

/* The next NUL-separated part of DATA from *POS, or NULL at the end. */
static const uint8_t *
part (const uint8_t *data, size_t size, size_t *pos, size_t *len)
{
  if (*pos > size)
    return NULL;
  const uint8_t *p = data + *pos;
  const uint8_t *nul = memchr (p, 0, size - *pos);
  *len = nul ? (size_t) (nul - p) : size - *pos;
  *pos += *len + 1;
  return p;
}

static const char *const price_names[] = {
  "NVDA.csv", "9988.HK.csv", "600519.SS.csv", "7203.T.csv",
  "prices.csv", "BABA.csv", "HSBA.L.csv", "SAP.DE.csv"
};
static const char *const market_names[] = { "SPY.csv", "HSI.csv", "QQQ.csv", "NVDA.csv" };
static const char *const models[] = {
  NULL, "mean", "market-adjusted", "market", "scholes-williams", "dimson",
  "garch", "ff3", "carhart", "factors", "ff5"
};
static const char *const formats[] = { NULL, "table", "csv", "json" };
static const char *const tables[] = { NULL, "car", "ar", "aggregate", "tests" };
static const char *const groups[] = {
  "ticker", "event", "company", "label", "type", "source", "nosuch", "date"
};
static const char *const exchanges[] = { "US", "HK", "SS", "SZ", "T", "L", "DE", "PA" };
static const char *const columns[] = { "Close", "Adj Close", "close", "Price" };

/* The options the header chooses, in ARGS; whether to give --factors
 * (for the factor models, and sometimes to the others, an error). */
static bool
add_options (args *a, header *h, const char *ticker)
{
  unsigned f = next (h), g = next (h), m = next (h);
  const char *model = models[m % (sizeof models / sizeof *models)];
  char buf[64];
  if (model)
    add (a, "--model", model);
  if (model && strcmp (model, "factors") == 0)
    add (a, "--factor-columns", m & 0x80 ? "Mkt-RF,SMB" : "HML , RF");
  if (model && strcmp (model, "dimson") == 0 && (m & 0x40))
    add (a, "--dimson-lags", "2");
  if (f & 1)
    add_window (a, "--window", h);
  if (f & 2)
    add_window (a, "--window", h);
  if (f & 4)
    add_window (a, "--ar-days", h);
  if (f & 8)
    {
      int end = -1 - (int) (next (h) % 32);
      snprintf (buf, sizeof buf, "%d:%d", end - 3 - (int) (next (h) % 64), end);
      add (a, "--estimation", buf);
    }
  if (f & 16)
    {
      snprintf (buf, sizeof buf, "%u", 3 + next (h) % 40);
      add (a, "--min-estimation", buf);
    }
  if (f & 32)
    add (a, "--group-by", groups[next (h) % 8]);
  if (f & 64)
    {
      snprintf (buf, sizeof buf, "%u", 1 + next (h) % 20);
      add (a, "--bootstrap", buf);
      snprintf (buf, sizeof buf, "%u", next (h));
      add (a, "--seed", buf);
    }
  if (f & 128)
    add (a, "--adjust", g & 0x80 ? "holm" : "bh");
  if (formats[g % 4])
    add (a, "--format", formats[g % 4]);
  if (tables[(g >> 2) % 5])
    add (a, "--table", tables[(g >> 2) % 5]);
  if (g & 0x20)
    add (a, "--returns", "log");
  if (g & 0x40)
    {
      snprintf (buf, sizeof buf, "%s=%s", ticker, exchanges[next (h) % 8]);
      add (a, "--exchange", buf);
    }
  enum model_kind k;
  return (m & 0x20) || (model && model_parse (model, &k) && model_uses_factors (k));
}

/* Builds the argument vector for the files in DATA (after the header). */
static void
build (args *a, header *h, const uint8_t *data, size_t size, char paths[4][300])
{
  size_t pos = 0, len;
  unsigned w = next (h);
  const char *pname = price_names[w % 8];
  const uint8_t *p;
  add (a, "evstudy", NULL);
  if ((p = part (data, size, &pos, &len)))
    add (a, "--events", put_file ("events.csv", p, len, paths[0], sizeof paths[0]));
  if ((p = part (data, size, &pos, &len)))
    {
      if (w & 8)
        add (a, "--ticker", "TICK");
      add (a, "--prices", put_file (pname, p, len, paths[1], sizeof paths[1]));
    }
  if (w & 16)
    add (a, "--price-column", columns[(w >> 5) % 4]);
  if ((p = part (data, size, &pos, &len)))
    add (a, "--market", put_file (market_names[(w >> 5) % 4], p, len,
                                  paths[2], sizeof paths[2]));
  char ticker[32];
  snprintf (ticker, sizeof ticker, "%.*s", (int) (strrchr (pname, '.') - pname), pname);
  bool factors = add_options (a, h, w & 8 ? "TICK" : ticker);
  if ((p = part (data, size, &pos, &len)) && factors)
    add (a, "--factors", put_file ("factors.csv", p, len, paths[3], sizeof paths[3]));
}

static void
remove_dir (void)
{
  rmdir (dir);
}

static void
setup (void)
{
  const char *tmp = getenv ("TMPDIR");
  snprintf (dir, sizeof dir, "%s/evs-fuzz-cli-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp (dir))
    abort ();
  atexit (remove_dir);
  setvbuf (stdout, NULL, _IONBF, 0);  /* no buffer allocated in a run */
  int fd = open ("/dev/null", O_WRONLY);
  if (fd < 0 || dup2 (fd, STDOUT_FILENO) < 0)
    abort ();
  close (fd);
  cli_exit_hook = on_exit_status;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  gsl_set_error_handler_off ();   /* as main.c: GSL errors are statuses */
  static args a;
  static char paths[4][300];
  if (!dir[0])
    setup ();
  if (size < HEADER_LEN)
    return 0;
  header h = { data, 0 };
  memset (&a, 0, sizeof a);
  memset (paths, 0, sizeof paths);
  build (&a, &h, data + HEADER_LEN, size - HEADER_LEN, paths);
  optind = 0;                   /* getopt_long starts afresh */
  nbig = 0;
  tracking = true;
  if (setjmp (back) == 0)
    {
      cmd_main (a.n, a.v);
      end_tracking (false);
    }
  else
    end_tracking (true);
  fflush (stdout);
  clearerr (stdout);
  for (int i = 0; i < 4; i++)
    if (paths[i][0])
      unlink (paths[i]);
  return 0;
}
