/* price_import.c -- daily price series from vendors' CSV layouts.
 *
 * The first row (for yfinance's three-line header, the first three) says
 * which column holds what: names are compared after lower-casing and
 * dropping everything but letters and digits, so "Adj Close",
 * "adjusted_close", "adjClose" and "Adj_Close" are one name.  The layout
 * is named from the set of names and their order, for messages and the
 * store; reading never depends on the position of a column.
 *
 * Rows go into a private list that is handed to the caller only when the
 * whole file has been read and checked, so a failure leaves OUT as it was.
 */
#define _GNU_SOURCE 1 /* strtod_l, newlocale, memmem, fileno */
#include <config.h>
#include "price_import.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvread.h"
#include "date.h"
#include "pool.h"
#include "series_spill.h"
#include "sha256.h"
#include "text.h"

/* What a column is, as far as import cares. */
enum role {
  R_DATE, R_OPEN, R_HIGH, R_LOW, R_CLOSE, R_ADJ, R_VOLUME, R_TICKER, R_PRICE,
  NROLES
};

/* Names that hold nothing we read but tell the layouts apart. */
enum mark {
  M_DIVIDENDS = 1 << 0, M_SPLITS = 1 << 1, M_WAP = 1 << 2, M_COUNT = 1 << 3,
  M_TIINGO = 1 << 4, M_AV = 1 << 5, M_INVESTING = 1 << 6,
  M_TIMESTAMP = 1 << 7, M_NASDAQ = 1 << 8
};

/* Known header names, normalised (see norm_name). */
static const struct known_name {
  const char *name;
  int role;      /* enum role, or -1 */
  unsigned mark;
} known[] = {
  { "date", R_DATE, 0 }, { "timestamp", R_DATE, M_TIMESTAMP },
  { "datetime", R_DATE, 0 }, { "open", R_OPEN, 0 }, { "high", R_HIGH, 0 },
  { "low", R_LOW, 0 }, { "close", R_CLOSE, 0 },
  { "closelast", R_CLOSE, M_NASDAQ }, { "adjclose", R_ADJ, 0 },
  { "adjustedclose", R_ADJ, M_AV }, { "volume", R_VOLUME, 0 },
  { "vol", R_VOLUME, M_INVESTING }, { "ticker", R_TICKER, 0 },
  { "symbol", R_TICKER, 0 }, { "price", R_PRICE, 0 },
  { "dividends", -1, M_DIVIDENDS }, { "stocksplits", -1, M_SPLITS },
  { "wap", -1, M_WAP }, { "count", -1, M_COUNT }, { "barcount", -1, M_COUNT },
  { "adjopen", -1, M_TIINGO }, { "adjhigh", -1, M_TIINGO },
  { "adjlow", -1, M_TIINGO }, { "adjvolume", -1, M_TIINGO },
  { "divcash", -1, M_TIINGO }, { "splitfactor", -1, M_TIINGO },
  { "dividendamount", -1, M_AV }, { "splitcoefficient", -1, M_AV },
  { "change", -1, M_INVESTING },
};

enum state { ST_HEADER, ST_TICKER_LINE, ST_DATE_LINE, ST_DATA };

typedef struct importer {
  const char *name;            /* the file as messages call it */
  const price_import_opts *opts;
  evs_series_list tmp;         /* series read so far */
  enum state state;
  size_t ncols;                /* fields in the header */
  char **names;                /* header names, trimmed, owned */
  int col[NROLES];             /* column of each role, or -1 */
  int price;                   /* column of the study price */
  int keep[SERIES_NCOLS];      /* column of each kept column, or -1 */
  int dup;                     /* a role's second column (yfinance), or -1 */
  size_t header_line;          /* line of the (first) header row */
  unsigned marks;
  bool yf3;                    /* yfinance three-line header */
  const char *layout;
  char *ticker;                /* ticker written in the header, owned */
  size_t cur;                  /* series of the previous row */
  size_t bytes;                /* size of the input, 0 if unknown */
  char month[8];               /* "YYYY-MM-" of the last ISO date read, */
  int32_t month_day0;          /* ... and the day before its 1st */
  locale_t c_locale;           /* "C", for strtod_l: one per import, so
                                  that imports on threads share nothing */
  series_spill *spill;         /* a stream's, or NULL: all in memory */
  size_t held;                 /* bytes of rows in memory (streams) */
  size_t rows;                 /* rows pushed (streams) */
} importer;

enum num { NUM_OK, NUM_MISSING, NUM_BAD };

/* ---------------------------------------------------------------- */
/* Small text helpers.                                               */

static char
lower (char c)
{
  return c >= 'A' && c <= 'Z' ? (char) (c - 'A' + 'a') : c;
}

static bool
eq_nocase (const char *s, size_t n, const char *lit)
{
  size_t i = 0;
  for (; i < n && lit[i]; i++)
    if (lower (s[i]) != lower (lit[i]))
      return false;
  return i == n && !lit[i];
}

/* Lower-case letters and digits of S[0..N) into BUF (SIZE bytes); false
 * if that does not fit, which no known name needs. */
static bool
norm_name (const char *s, size_t n, char *buf, size_t size)
{
  size_t o = 0;
  for (size_t i = 0; i < n; i++)
    {
      char c = lower (s[i]);
      if ((c < 'a' || c > 'z') && (c < '0' || c > '9'))
        continue;
      if (o + 1 >= size)
        return false;
      buf[o++] = c;
    }
  buf[o] = '\0';
  return true;
}

static const struct known_name *
lookup_name (const csvread_field *f)
{
  char b[32];
  if (!norm_name (f->s, f->len, b, sizeof b))
    return NULL;
  for (size_t i = 0; i < sizeof known / sizeof *known; i++)
    if (strcmp (b, known[i].name) == 0)
      return &known[i];
  return NULL;
}

/* ---------------------------------------------------------------- */
/* Numbers, in the C locale whatever the process locale.             */

static bool
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static bool
is_missing (const char *s, size_t n)
{
  if (n && is_digit (*s))     /* the usual case, decided at once */
    return false;
  return n == 0 || (n == 1 && (*s == '-' || *s == '.'))
         || eq_nocase (s, n, "null") || eq_nocase (s, n, "n/a");
}

/* Copies the digits at S[*I..N) to BUF[*O..CAP), dropping thousands
 * separators, which must group by three ("1,234,567", never "1,5": a
 * decimal comma is refused rather than read as a thousand times too
 * much).  Returns the number of digits, or -1 if misplaced. */
static int
copy_int (const char *s, size_t n, size_t *i, char *buf, size_t *o, size_t cap)
{
  int ndig = 0, run = 0;
  bool grouped = false;
  for (; *i < n && (is_digit (s[*i]) || s[*i] == ','); (*i)++)
    {
      if (s[*i] == ',')
        {
          if (run == 0 || run > 3 || (grouped && run != 3))
            return -1;
          grouped = true;
          run = 0;
          continue;
        }
      if (*o + 1 >= cap)
        return -1;
      buf[(*o)++] = s[*i];
      run++, ndig++;
    }
  return grouped && run != 3 ? -1 : ndig;
}

/* Copies a run of digits; returns how many. */
static int
copy_digits (const char *s, size_t n, size_t *i, char *buf, size_t *o, size_t cap)
{
  int k = 0;
  for (; *i < n && is_digit (s[*i]) && *o + 1 < cap; (*i)++, k++)
    buf[(*o)++] = s[*i];
  return k;
}

/* Rewrites S[0..N) as [+-]DIGITS[.DIGITS][e[+-]DIGITS] into BUF, which
 * strtod then reads without surprises: no hex, inf or nan.  "$" after
 * the sign and thousands separators are dropped; with SUFFIX, a final
 * K, M or B sets *SCALE.  False if S is anything else. */
static bool
clean_number (const char *s, size_t n, bool suffix, char *buf, size_t cap,
              double *scale)
{
  size_t i = 0, o = 0;
  if (i < n && (s[i] == '+' || s[i] == '-'))
    buf[o++] = s[i++];
  if (i < n && s[i] == '$')
    i++;
  int nd = copy_int (s, n, &i, buf, &o, cap);
  if (nd < 0)
    return false;
  if (i < n && s[i] == '.' && o + 1 < cap)
    {
      buf[o++] = s[i++];
      nd += copy_digits (s, n, &i, buf, &o, cap);
    }
  if (nd == 0)
    return false;
  if (i + 1 < n && (s[i] == 'e' || s[i] == 'E') && o + 2 < cap)
    {
      buf[o++] = s[i++];
      if (s[i] == '+' || s[i] == '-')
        buf[o++] = s[i++];
      if (copy_digits (s, n, &i, buf, &o, cap) == 0)
        return false;
    }
  *scale = 1;
  if (suffix && i + 1 == n)
    *scale = s[i] == 'K' ? 1e3 : s[i] == 'M' ? 1e6 : s[i] == 'B' ? 1e9 : 1;
  if (*scale != 1)
    i++;
  buf[o] = '\0';
  return i == n;
}

/* Clinger's (1990) fast path for the usual price field, digits with
 * an optional point and no exponent: with the significand M < 2^53 and
 * 10^k exact (k <= 22), M / 10^k is a single correctly rounded IEEE
 * division, the very double strtod returns, at a fraction of its cost.
 * False (use strtod) for anything else. */
static bool
fast_decimal (const char *buf, double *out)
{
  static const double pow10[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };
  const char *p = buf;
  bool neg = *p == '-', point = false;
  uint64_t m = 0;
  int k = 0;
  if (*p == '+' || *p == '-')
    p++;
  for (; *p; p++)
    {
      if (*p == '.' && !point)
        {
          point = true;
          continue;
        }
      if (!is_digit (*p) || m >= (UINT64_C (1) << 53) / 10)
        return false;
      m = m * 10 + (uint64_t) (*p - '0');
      k += point;
    }
  if (k > 22)
    return false;
  double v = (double) m / pow10[k];
  *out = neg ? -v : v;
  return true;
}

/* fast_decimal straight from the field, for the plainest form,
 * [+-]DIGITS[.DIGITS] with at least one digit: the same M and k as
 * clean_number's copy would give fast_decimal, hence the same double.
 * False (take the general path) for anything else, or when M or k is
 * too large for one exact division. */
static bool
plain_decimal (const char *s, size_t n, double *out)
{
  static const double pow10[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };
  size_t i = n && (s[0] == '+' || s[0] == '-');
  bool point = false;
  uint64_t m = 0;
  int k = 0, nd = 0;
  for (; i < n; i++)
    if (is_digit (s[i]))
      {
        if (m >= (UINT64_C (1) << 53) / 10)
          return false;
        m = m * 10 + (uint64_t) (s[i] - '0');
        nd++;
        k += point;
      }
    else if (s[i] == '.' && !point)
      point = true;
    else
      return false;
  if (nd == 0 || k > 22)
    return false;
  double v = (double) m / pow10[k];
  *out = n && s[0] == '-' ? -v : v;
  return true;
}

/* Whether S[0..N) starts or ends with a blank that text_trim drops. */
static bool
has_blank_end (const char *s, size_t n)
{
  return n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t');
}

/* Parses a number field: NUM_MISSING for the gap markers (empty, null,
 * N/A, -, .), NUM_BAD for anything but a finite decimal number.  A
 * plain decimal (plain_decimal), which is none of the markers, is read
 * at once. */
static enum num
parse_number (const char *s, size_t n, bool suffix, locale_t loc, double *out)
{
  char buf[80], *end;
  double scale;
  if (has_blank_end (s, n))
    text_trim (&s, &n);
  if (plain_decimal (s, n, out))
    return NUM_OK;
  if (is_missing (s, n))
    return NUM_MISSING;
  if (!clean_number (s, n, suffix, buf, sizeof buf, &scale))
    return NUM_BAD;
  double v;
  if (fast_decimal (buf, &v))
    {
      *out = v * scale;
      return isfinite (*out) ? NUM_OK : NUM_BAD;
    }
  errno = 0;
  v = strtod_l (buf, &end, loc);
  if (*end || errno == ERANGE || !isfinite (v * scale))
    return NUM_BAD;
  *out = v * scale;
  return NUM_OK;
}

/* ---------------------------------------------------------------- */
/* Messages.                                                         */

/* "NAME:LINE:COL: WHAT 'VALUE'" and, with COLUMN, " in column 'X'". */
static int
fail_value (const importer *im, size_t line, int col, const char *what,
            const csvread_field *f, bool column, evs_error *err)
{
  char v[128], c[64];
  const char *s = f->s;
  size_t n = f->len;
  text_trim (&s, &n);
  evs_quote (v, sizeof v, s, n);
  if (!column)
    return evs_fail (err, EVS_EDATA, "%s:%zu:%d: %s '%s'", im->name, line,
                     col + 1, what, v);
  const char *name = im->names[col];
  evs_quote (c, sizeof c, name, strlen (name));
  return evs_fail (err, EVS_EDATA, "%s:%zu:%d: %s '%s' in column '%s'",
                   im->name, line, col + 1, what, v, c);
}

/* The header names as "Date, Close, ..." for messages, cut if long. */
static void
list_columns (const importer *im, char *buf, size_t size)
{
  size_t o = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < im->ncols; i++)
    {
      char q[48];
      evs_quote (q, sizeof q, im->names[i], strlen (im->names[i]));
      if (o + strlen (q) + 8 >= size)
        {
          snprintf (buf + o, size - o, "%s...", i ? ", " : "");
          return;
        }
      o += (size_t) snprintf (buf + o, size - o, "%s%s", i ? ", " : "", q);
    }
}

static int
fail_header (const importer *im, size_t line, const char *what, evs_error *err)
{
  char cols[400];
  list_columns (im, cols, sizeof cols);
  return evs_fail (err, EVS_EDATA, "%s:%zu: %s (columns: %s)", im->name, line,
                   what, cols);
}

/* ---------------------------------------------------------------- */
/* The header.                                                       */

static void
save_names (importer *im, size_t nf, const csvread_field *f)
{
  im->ncols = nf;
  im->names = evs_xcalloc (nf, sizeof *im->names);
  for (size_t i = 0; i < nf; i++)
    {
      const char *s = f[i].s;
      size_t n = f[i].len;
      text_trim (&s, &n);
      im->names[i] = evs_xstrndup (s, n);
    }
}

/* Records what each column is.  A role named twice is an error, since
 * which of the two to read would be a guess; in a yfinance header the
 * error waits for the ticker line, which usually explains it. */
static int
find_roles (importer *im, size_t line, size_t nf, const csvread_field *f,
            evs_error *err)
{
  for (int r = 0; r < NROLES; r++)
    im->col[r] = -1;
  /* In a yfinance header "Price" heads the date column. */
  if (im->yf3)
    im->col[R_DATE] = 0;
  for (size_t i = im->yf3 ? 1 : 0; i < nf; i++)
    {
      const struct known_name *k = lookup_name (&f[i]);
      if (!k)
        continue;
      im->marks |= k->mark;
      if (k->role < 0)
        continue;
      if (im->col[k->role] < 0)
        im->col[k->role] = (int) i;
      else if (!im->yf3)
        return fail_value (im, line, (int) i, "duplicate column", &f[i],
                           false, err);
      else if (im->dup < 0)
        im->dup = (int) i;   /* several tickers? the next line tells */
    }
  return EVS_OK;
}

/* Column named NAME (as csvread_field_is compares), else -1.  The
 * "Price" over a yfinance date column is no price. */
static int
column_named (const importer *im, const char *name)
{
  for (size_t i = im->yf3 ? 1 : 0; i < im->ncols; i++)
    {
      csvread_field f = { im->names[i], strlen (im->names[i]), false };
      if (csvread_field_is (&f, name))
        return (int) i;
    }
  return -1;
}

/* The study price: opts->price_column, else the adjusted close, else
 * the close, else a column called "price". */
static int
choose_price (importer *im, size_t line, evs_error *err)
{
  if (im->col[R_DATE] < 0)
    return fail_header (im, line, "unrecognised header: no date column", err);
  const char *want = im->opts ? im->opts->price_column : NULL;
  if (want)
    {
      if ((im->price = column_named (im, want)) >= 0)
        return EVS_OK;
      char q[64], what[96];
      snprintf (what, sizeof what, "no column '%s'",
                evs_quote (q, sizeof q, want, strlen (want)));
      return fail_header (im, line, what, err);
    }
  im->price = im->col[R_ADJ] >= 0 ? im->col[R_ADJ]
              : im->col[R_CLOSE] >= 0 ? im->col[R_CLOSE] : im->col[R_PRICE];
  if (im->price < 0)
    return fail_header (im, line, "unrecognised header: no price column", err);
  return EVS_OK;
}

/* Names the layout from the columns present and their order. */
static const char *
detect_layout (const importer *im)
{
  const int *c = im->col;
  unsigned m = im->marks;
  if (im->yf3)
    return "yfinance3";
  if (c[R_TICKER] >= 0)
    return "long";
  if ((m & (M_DIVIDENDS | M_SPLITS)) == (M_DIVIDENDS | M_SPLITS))
    return "yfinance-history";
  if (m & M_NASDAQ)
    return "nasdaq";
  if (m & M_TIINGO)
    return "tiingo";
  if (m & (M_WAP | M_COUNT))
    return "ib";
  if (m & (M_AV | M_TIMESTAMP))
    return "alphavantage";
  if (c[R_PRICE] >= 0 && c[R_CLOSE] < 0 && (m & M_INVESTING))
    return "investing";
  if (c[R_OPEN] >= 0 && c[R_CLOSE] >= 0)
    /* yfinance writes its columns in alphabetical order, Yahoo's site
     * and Stooq in trading order. */
    return c[R_CLOSE] < c[R_OPEN] ? "yfinance" : c[R_ADJ] >= 0 ? "yahoo" : "stooq";
  return "generic";
}

/* Columns copied into series.col[]: all with opts->keep_columns (absent
 * ones as NaN), else the volume column, if there is one, with
 * opts->keep_volume. */
static void
choose_kept (importer *im)
{
  static const int role_of[SERIES_NCOLS] = {
    [SERIES_OPEN] = R_OPEN, [SERIES_HIGH] = R_HIGH, [SERIES_LOW] = R_LOW,
    [SERIES_CLOSE] = R_CLOSE, [SERIES_ADJ_CLOSE] = R_ADJ,
    [SERIES_VOLUME] = R_VOLUME
  };
  for (int k = 0; k < SERIES_NCOLS; k++)
    im->keep[k] = im->col[role_of[k]];
  if (im->keep[SERIES_CLOSE] < 0)
    im->keep[SERIES_CLOSE] = im->col[R_PRICE];  /* Investing's "Price" */
  if (!im->opts || !im->opts->keep_columns)
    for (int k = 0; k < SERIES_NCOLS; k++)
      if (k != SERIES_VOLUME || !im->opts || !im->opts->keep_volume)
        im->keep[k] = -1;
}

static int
read_header (importer *im, size_t line, size_t nf, const csvread_field *f,
             evs_error *err)
{
  int rc;
  im->header_line = line;
  im->yf3 = nf >= 2 && csvread_field_is (&f[0], "Price");
  save_names (im, nf, f);
  if ((rc = find_roles (im, line, nf, f, err)) != EVS_OK
      || (rc = choose_price (im, line, err)) != EVS_OK)
    return rc;
  im->layout = detect_layout (im);
  choose_kept (im);
  im->state = im->yf3 ? ST_TICKER_LINE : ST_DATA;
  return EVS_OK;
}

/* "NAME:LINE:COL: second ticker 'S' after 'FIRST'...". */
static int
fail_ticker (const importer *im, size_t line, int col, const char *s, size_t n,
             const char *first, size_t fn, evs_error *err)
{
  char a[64], b[64];
  return evs_fail (err, EVS_EDATA, "%s:%zu:%d: second ticker '%s' after '%s': "
                   "one ticker per file", im->name, line, col + 1,
                   evs_quote (a, sizeof a, s, n), evs_quote (b, sizeof b, first, fn));
}

/* Line 2 of a yfinance header: "Ticker,QQQ,QQQ,...".  A file with
 * several tickers side by side is refused rather than half read. */
static int
read_ticker_line (importer *im, size_t line, size_t nf, const csvread_field *f,
                  evs_error *err)
{
  if (!csvread_field_is (&f[0], "Ticker"))
    return evs_fail (err, EVS_EDATA, "%s:%zu: expected the 'Ticker' line of "
                     "a yfinance header", im->name, line);
  const char *t = f[im->price].s;
  size_t tn = f[im->price].len;
  text_trim (&t, &tn);
  for (size_t i = 1; i < nf; i++)
    {
      const char *s = f[i].s;
      size_t n = f[i].len;
      text_trim (&s, &n);
      if (n && (n != tn || memcmp (s, t, n) != 0))
        return fail_ticker (im, line, (int) i, s, n, t, tn, err);
    }
  if (im->dup >= 0)
    {
      csvread_field d = { im->names[im->dup], strlen (im->names[im->dup]), false };
      return fail_value (im, im->header_line, im->dup, "duplicate column", &d,
                         false, err);
    }
  if (tn)
    im->ticker = evs_xstrndup (t, tn);
  im->state = ST_DATE_LINE;
  return EVS_OK;
}

/* Line 3 of a yfinance header: "Date,,,,". */
static bool
is_date_line (size_t nf, const csvread_field *f)
{
  if (!csvread_field_is (&f[0], "Date") && !csvread_field_is (&f[0], "Datetime"))
    return false;
  for (size_t i = 1; i < nf; i++)
    {
      const char *s = f[i].s;
      size_t n = f[i].len;
      text_trim (&s, &n);
      if (n)
        return false;
    }
  return true;
}

/* ---------------------------------------------------------------- */
/* Series and rows.                                                  */

/* The file name without directory and last extension ("9988.HK.csv" ->
 * "9988.HK"), and without the " Historical Data" that Investing.com
 * appends to its downloads. */
static char *
ticker_from_name (const char *name)
{
  const char *b = strrchr (name, '/');
  b = b ? b + 1 : name;
  const char *dot = strrchr (b, '.');
  size_t n = dot && dot != b ? (size_t) (dot - b) : strlen (b);
  static const char suffix[] = " Historical Data";
  size_t sl = sizeof suffix - 1;
  if (n > sl && eq_nocase (b + n - sl, sl, suffix))
    n -= sl;
  return evs_xstrndup (b, n);
}

/* True if NAME is no file's name to take a ticker from: stdin ("-"),
 * /dev/stdin, a descriptor (a shell's <(...) as /dev/fd/63,
 * /proc/self/fd/0), or anything that is not a regular file (a FIFO, a
 * device).  A regular file under /dev/shm or /proc's siblings keeps its
 * name. */
static bool
unnamed_source (const char *name)
{
  struct stat sb;
  return strcmp (name, "-") == 0 || strcmp (name, "/dev/stdin") == 0
         || strncmp (name, "/dev/fd/", 8) == 0
         || (strncmp (name, "/proc/", 6) == 0 && strstr (name, "/fd/"))
         || (stat (name, &sb) == 0 && !S_ISREG (sb.st_mode));
}

/* Appends a series named TICKER[0..N) to the private list. */
static size_t
add_series (importer *im, const char *ticker, size_t n)
{
  evs_series *s = series_list_add (&im->tmp);
  s->ticker = evs_xstrndup (ticker, n);
  s->source = evs_xstrdup (im->name);
  s->price_column = evs_xstrdup (im->names[im->price]);
  s->layout = evs_xstrdup (im->layout);
  if (im->opts && im->opts->keep_columns)
    s->kept = (1u << SERIES_NCOLS) - 1;
  else if (im->keep[SERIES_VOLUME] >= 0)
    s->kept = 1u << SERIES_VOLUME;
  return im->tmp.n - 1;
}

/* The one series of a file without a ticker column. */
static size_t
single_series (importer *im)
{
  if (im->tmp.n)
    return 0;
  const char *t = im->ticker ? im->ticker
                  : im->opts && im->opts->ticker ? im->opts->ticker : NULL;
  if (t)
    return add_series (im, t, strlen (t));
  char *own = ticker_from_name (im->name);
  size_t i = add_series (im, own, strlen (own));
  free (own);
  return i;
}

static bool
ticker_is (const evs_series *s, const char *t, size_t n)
{
  return eq_nocase (t, n, s->ticker);
}

/* The series of the row's ticker in a long layout, made on first use;
 * rows mostly come grouped, so the previous row's series is tried first. */
static int
long_series (importer *im, size_t line, const csvread_field *f, size_t *idx,
             evs_error *err)
{
  int c = im->col[R_TICKER];
  const char *t = f[c].s;
  size_t n = f[c].len;
  text_trim (&t, &n);
  if (n == 0)
    return fail_value (im, line, c, "empty ticker", &f[c], false, err);
  if (im->cur >= im->tmp.n || !ticker_is (&im->tmp.v[im->cur], t, n))
    {
      size_t i = 0;
      while (i < im->tmp.n && !ticker_is (&im->tmp.v[i], t, n))
        i++;
      im->cur = i < im->tmp.n ? i : add_series (im, t, n);
    }
  *idx = im->cur;
  return EVS_OK;
}

/* Parses price-like column C into *V: NaN when missing, an error when
 * not a positive number. */
static int
parse_price (const importer *im, size_t line, int c, const csvread_field *f,
             double *v, evs_error *err)
{
  enum num k = parse_number (f[c].s, f[c].len, false, im->c_locale, v);
  if (k == NUM_MISSING)
    *v = NAN;
  else if (k == NUM_BAD)
    return fail_value (im, line, c, "invalid price", &f[c], true, err);
  else if (!(*v > 0))
    return fail_value (im, line, c, "non-positive price", &f[c], true, err);
  return EVS_OK;
}

/* Fills COLS for opts->keep_columns: NaN where absent or missing. */
static int
kept_columns (const importer *im, size_t line, const csvread_field *f,
              double *cols, evs_error *err)
{
  for (int k = 0; k < SERIES_NCOLS; k++)
    {
      int c = im->keep[k];
      cols[k] = NAN;
      if (c < 0)
        continue;
      if (k != SERIES_VOLUME)
        {
          int rc = parse_price (im, line, c, f, &cols[k], err);
          if (rc != EVS_OK)
            return rc;
          continue;
        }
      enum num r = parse_number (f[c].s, f[c].len, true, im->c_locale, &cols[k]);
      if (r == NUM_MISSING)
        cols[k] = NAN;
      else if (r == NUM_BAD || cols[k] < 0)
        return fail_value (im, line, c, "invalid volume", &f[c], true, err);
    }
  return EVS_OK;
}

/* Counts a row a stream pushed to S; past the budget, spills the rows of
 * every series (series_spill.h). */
static int
hold_row (importer *im, const evs_series *s, evs_error *err)
{
  im->rows++;
  im->held += sizeof *s->date + sizeof *s->price + sizeof *s->line
              + sizeof (double) * (size_t) __builtin_popcount (s->kept);
  if (im->held <= price_stream_hold)
    return EVS_OK;
  for (size_t i = 0; i < im->tmp.n; i++)
    {
      int rc = series_spill_put (im->spill, i, &im->tmp.v[i], err);
      if (rc != EVS_OK)
        return rc;
    }
  im->held = 0;
  return EVS_OK;
}

/* Before the first row of a file's one series: room for as many rows as
 * the input's size allows at this row's length, a quarter more for
 * longer lines (at most a million: past that it doubles as it goes).
 * Growing by doubling would copy the rows into fresh memory four or
 * five times; pages reserved and never written cost nothing. */
static void
reserve_rows (const importer *im, evs_series *s, size_t nf, const csvread_field *f)
{
  size_t len = nf;     /* the commas and the line end */
  for (size_t i = 0; i < nf; i++)
    len += f[i].len;
  size_t rows = im->bytes / len + im->bytes / len / 4 + 16;
  if (im->bytes)
    series_reserve (s, rows < (1u << 20) ? rows : 1u << 20);
}

/* date_parse_any with a shortcut for the rows of a month: a YYYY-MM-DD
 * whose month is the previous ISO date's, with a day from 01 to 28 (a
 * day every month has), is that month's day 0 plus the day. */
static bool
parse_date (importer *im, const char *s, size_t n, int32_t *day)
{
  if (n == 10 && memcmp (s, im->month, 8) == 0 && is_digit (s[8]) && is_digit (s[9]))
    {
      int d = (s[8] - '0') * 10 + (s[9] - '0');
      if (d >= 1 && d <= 28)
        {
          *day = im->month_day0 + d;
          return true;
        }
    }
  if (!date_parse_any (s, n, day))
    return false;
  if (n == 10 && s[4] == '-' && s[7] == '-')
    {
      memcpy (im->month, s, 8);
      im->month_day0 = *day - ((s[8] - '0') * 10 + (s[9] - '0'));
    }
  return true;
}

static int
read_row (importer *im, size_t line, size_t nf, const csvread_field *f,
          evs_error *err)
{
  int rc, dc = im->col[R_DATE];
  const char *ds = f[dc].s;
  size_t dn = f[dc].len;
  int32_t day;
  if (has_blank_end (ds, dn))
    text_trim (&ds, &dn);
  if (!parse_date (im, ds, dn, &day))
    return fail_value (im, line, dc, "invalid date", &f[dc], false, err);
  size_t si = 0;
  if (im->col[R_TICKER] < 0 && !im->tmp.n && !im->ticker
      && !(im->opts && im->opts->ticker) && unnamed_source (im->name))
    return evs_fail (err, EVS_EUSAGE, "%s: no ticker: the prices have no ticker column, "
                     "and '%s' is no file name to take one from", im->name, im->name);
  if (im->col[R_TICKER] < 0)
    si = single_series (im);
  else if ((rc = long_series (im, line, f, &si, err)) != EVS_OK)
    return rc;
  double price, cols[SERIES_NCOLS];
  if ((rc = parse_price (im, line, im->price, f, &price, err)) != EVS_OK)
    return rc;
  if (isnan (price))
    {
      im->tmp.v[si].n_gaps++;
      return EVS_OK;
    }
  bool keep = im->opts && (im->opts->keep_columns || im->opts->keep_volume);
  if (keep && (rc = kept_columns (im, line, f, cols, err)) != EVS_OK)
    return rc;
  uint32_t l = line > UINT32_MAX ? UINT32_MAX : (uint32_t) line;
  if (im->tmp.v[si].cap == 0 && im->col[R_TICKER] < 0)
    reserve_rows (im, &im->tmp.v[si], nf, f);
  series_push (&im->tmp.v[si], day, price, l, keep ? cols : NULL);
  return im->spill ? hold_row (im, &im->tmp.v[si], err) : EVS_OK;
}

/* csvread callback: the header line(s), which are not data rows for
 * csvread's limit, then data. */
static int
on_row (void *ctx, size_t line, size_t nf, const csvread_field *f,
        evs_error *err)
{
  importer *im = ctx;
  if (im->state != ST_HEADER && nf != im->ncols)
    return evs_fail (err, EVS_EDATA, "%s:%zu: expected %zu fields, found %zu",
                     im->name, line, im->ncols, nf);
  int rc;
  switch (im->state)
    {
    case ST_HEADER:
      rc = read_header (im, line, nf, f, err);
      return rc == EVS_OK ? CSVREAD_NOT_DATA : rc;
    case ST_TICKER_LINE:
      rc = read_ticker_line (im, line, nf, f, err);
      return rc == EVS_OK ? CSVREAD_NOT_DATA : rc;
    case ST_DATE_LINE:
      im->state = ST_DATA;
      if (is_date_line (nf, f))
        return CSVREAD_NOT_DATA;
      break;
    case ST_DATA:
      break;
    }
  return read_row (im, line, nf, f, err);
}

/* ---------------------------------------------------------------- */
/* Whole files.                                                      */

static void
importer_init (importer *im, const char *name, const price_import_opts *opts)
{
  memset (im, 0, sizeof *im);
  im->name = name;
  im->opts = opts;
  im->dup = -1;
  series_list_init (&im->tmp);
}

static void
importer_release (importer *im)
{
  for (size_t i = 0; i < im->ncols; i++)
    free (im->names[i]);
  free (im->names);
  free (im->ticker);
  series_list_release (&im->tmp);
  if (im->c_locale != (locale_t) 0)
    freelocale (im->c_locale);
}

/* Rejects the first return of S (sorted) whose price ratio is not
 * finite and positive, or beyond the largest ratio either way (see
 * price_import.h): "NAME:LINE:COL: absurd return ..." naming the later
 * row's line. */
static int
check_returns (const importer *im, const evs_series *s, evs_error *err)
{
  double max = im->opts && im->opts->max_ratio > 0 ? im->opts->max_ratio : PRICE_IMPORT_MAX_RATIO;
  for (size_t i = 1; i < s->n; i++)
    {
      /* Nearly every day: a ratio within 1/2..2 (doubling is exact, and
       * where it overflows the bound holds anyway) passes any max >= 2
       * without the division. */
      double a = s->price[i - 1], b = s->price[i];
      if (max >= 2 && b <= 2 * a && a <= 2 * b)
        continue;
      double q = b / a;
      if (isfinite (q) && q > 0 && q <= max && q >= 1.0 / max)
        continue;
      char d[11];
      return evs_fail (err, EVS_EDATA, "%s:%u:%d: absurd return: price '%.10g' after '%.10g' "
                       "(%s, line %u), a ratio of %.3g (at most %g either way)",
                       im->name, s->line[i], im->price + 1, s->price[i], s->price[i - 1],
                       date_format (s->date[i - 1], d), s->line[i - 1], q, max);
    }
  return EVS_OK;
}

/* Sorts and checks series S, which has all its rows. */
static int
finish_one (const importer *im, evs_series *s, evs_error *err)
{
  if (s->n == 0 && im->col[R_TICKER] >= 0)
    return evs_fail (err, EVS_EDATA, "%s: no price rows for '%s'",
                     im->name, s->ticker);
  if (s->n == 0)
    return evs_fail (err, EVS_EDATA, "%s: no price rows", im->name);
  int rc = series_finish (s, im->col[R_DATE] + 1, err);
  return rc == EVS_OK ? check_returns (im, s, err) : rc;
}

/* Sorts and checks every series, then moves them all to OUT. */
static int
importer_finish (importer *im, evs_series_list *out, evs_error *err)
{
  if (im->tmp.n == 0)
    return evs_fail (err, EVS_EDATA, "%s: no price rows", im->name);
  for (size_t i = 0; i < im->tmp.n; i++)
    {
      int rc = finish_one (im, &im->tmp.v[i], err);
      if (rc != EVS_OK)
        return rc;
    }
  for (size_t i = 0; i < im->tmp.n; i++)
    *series_list_add (out) = im->tmp.v[i];
  im->tmp.n = 0;  /* moved: release must not free them */
  return EVS_OK;
}

/* First character after a BOM and blanks is '{': a JSON body where a
 * CSV was expected, which is how Alpha Vantage reports errors. */
static size_t
first_char (const char *buf, size_t len)
{
  size_t i = len >= 3 && memcmp (buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r'
                     || buf[i] == '\n'))
    i++;
  return i;
}

static bool
is_json (const char *buf, size_t len)
{
  size_t i = first_char (buf, len);
  return i < len && buf[i] == '{';
}

/* Copies the JSON string starting after the quote at S[0..N) into BUF,
 * unescaped enough for a message (escapes become their character, or a
 * space for control characters). */
static size_t
json_string (const char *s, size_t n, char *buf, size_t size)
{
  size_t o = 0;
  for (size_t i = 0; i < n && s[i] != '"' && o + 1 < size; i++)
    {
      char c = s[i];
      if (c == '\\' && i + 1 < n)
        {
          c = s[++i];
          if (c == 'n' || c == 't' || c == 'r')
            c = ' ';
        }
      buf[o++] = c;
    }
  buf[o] = '\0';
  return o;
}

/* The message of an Alpha Vantage JSON body, as an EVS_EDATA error. */
static int
json_error (const char *name, const char *buf, size_t len, evs_error *err)
{
  static const char *const keys[] = { "\"Error Message\"", "\"Note\"",
                                      "\"Information\"" };
  for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
    {
      const char *p = memmem (buf, len, keys[k], strlen (keys[k]));
      if (!p)
        continue;
      p += strlen (keys[k]);
      const char *end = buf + len;
      while (p < end && (*p == ' ' || *p == ':' || *p == '\n' || *p == '\r'
                         || *p == '\t'))
        p++;
      if (p == end || *p != '"')
        continue;
      char text[512], q[160];
      size_t tn = json_string (p + 1, (size_t) (end - p - 1), text, sizeof text);
      return evs_fail (err, EVS_EDATA, "%s: Alpha Vantage error: '%s'", name,
                       evs_quote (q, sizeof q, text, tn));
    }
  return evs_fail (err, EVS_EDATA, "%s: a JSON document, not CSV prices", name);
}

/* The C locale of IM, made at the start of an import. */
static int
make_locale (importer *im, evs_error *err)
{
  im->c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  if (im->c_locale == (locale_t) 0)
    return evs_fail (err, EVS_EINTERNAL, "cannot create the C locale");
  return EVS_OK;
}

/* ---------------------------------------------------------------- */
/* One buffer on several threads (issue 15).                         */

/* Fine cuts of the buffer: the header's piece is the first (about this
 * size, read before the threads start), the rest are grouped into one
 * piece per thread. */
#define SPLIT_HEAD ((size_t) 64 << 10)
#define SPLIT_MAX_CUTS 4096

/* Not split after all (a header longer than the first piece, a cut
 * inside a quoted field of a file whose quotes are wrong, the data-row
 * limit reached): the caller reads the buffer on one thread. */
#define NOT_SPLIT (-100)

typedef struct split {
  const importer *head;     /* after the header: read only meanwhile */
  const char *buf;
  size_t *cut;              /* piece i is buf[cut[i] .. cut[i + 1]) */
  size_t *line;             /* line ends in piece i, then its first line */
  size_t npieces;
  importer *im;             /* the rows of each piece */
  evs_error *err;
  int *rc;
  size_t *rows;             /* data rows of each piece */
} split;

/* A reader of a piece's rows with the header of HEAD: its own series
 * and locale, HEAD's names and ticker (not owned). */
static int
clone_init (importer *c, const importer *head, evs_error *err)
{
  *c = *head;
  series_list_init (&c->tmp);
  c->cur = 0;
  c->spill = NULL;
  c->held = c->rows = 0;
  return make_locale (c, err);
}

static void
clone_release (importer *c)
{
  series_list_release (&c->tmp);
  if (c->c_locale != (locale_t) 0)
    freelocale (c->c_locale);
}

static void
count_lines (void *ctx, size_t i, unsigned worker)
{
  (void) worker;
  split *sp = ctx;
  sp->line[i] = csvread_line_ends (sp->buf + sp->cut[i], sp->cut[i + 1] - sp->cut[i]);
}

static void
parse_piece (void *ctx, size_t i, unsigned worker)
{
  (void) worker;
  split *sp = ctx;
  importer *c = &sp->im[i];
  csvread_piece_opts po = { sp->line[i], false, i + 1 == sp->npieces };
  sp->rows[i] = 0;
  sp->rc[i] = clone_init (c, sp->head, &sp->err[i]);
  if (sp->rc[i] == EVS_OK)
    sp->rc[i] = csvread_piece (c->name, sp->buf + sp->cut[i], sp->cut[i + 1] - sp->cut[i],
                               &po, on_row, c, &sp->rows[i], &sp->err[i]);
}

/* A table from ticker (ASCII case folded, as ticker_is compares) to the
 * series of the importer, for joining the pieces' series. */
typedef struct ticker_map {
  size_t *slot;             /* series index + 1, 0 empty */
  size_t cap;               /* a power of two */
} ticker_map;

static uint64_t
ticker_hash (const char *t)
{
  uint64_t h = 1469598103934665603u;   /* FNV-1a */
  for (; *t; t++)
    h = (h ^ (unsigned char) lower (*t)) * 1099511628211u;
  return h;
}

/* Series of IM named like T, or, with ADD, NEW (its index) recorded. */
static size_t
map_find (ticker_map *m, const importer *im, const char *t, size_t add)
{
  size_t mask = m->cap - 1;
  for (size_t i = ticker_hash (t) & mask;; i = (i + 1) & mask)
    {
      if (m->slot[i] == 0)
        {
          if (add != SIZE_MAX)
            m->slot[i] = add + 1;
          return SIZE_MAX;
        }
      if (ticker_is (&im->tmp.v[m->slot[i] - 1], t, strlen (t)))
        return m->slot[i] - 1;
    }
}

/* Appends the rows of SRC to DST, which has the same columns. */
static void
append_rows (evs_series *dst, const evs_series *src)
{
  size_t n = dst->n + src->n;
  if (n > dst->cap)
    {
      size_t cap = dst->cap * 2 > n ? dst->cap * 2 : n;
      dst->date = evs_xrealloc (dst->date, cap * sizeof *dst->date);
      dst->price = evs_xrealloc (dst->price, cap * sizeof *dst->price);
      dst->line = evs_xrealloc (dst->line, cap * sizeof *dst->line);
      for (int c = 0; c < SERIES_NCOLS; c++)
        if (dst->kept & (1u << c))
          dst->col[c] = evs_xrealloc (dst->col[c], cap * sizeof *dst->col[c]);
      dst->cap = cap;
    }
  memcpy (dst->date + dst->n, src->date, src->n * sizeof *dst->date);
  memcpy (dst->price + dst->n, src->price, src->n * sizeof *dst->price);
  memcpy (dst->line + dst->n, src->line, src->n * sizeof *dst->line);
  for (int c = 0; c < SERIES_NCOLS; c++)
    if (dst->kept & (1u << c))
      memcpy (dst->col[c] + dst->n, src->col[c], src->n * sizeof *dst->col[c]);
  dst->n = n;
  dst->n_gaps += src->n_gaps;
}

/* Joins the series of the pieces to IM's, in file order: a ticker's
 * rows go to its series in the order the pieces hold them, a new ticker
 * comes after those seen before, as one reader would have made them. */
static void
join_pieces (importer *im, split *sp)
{
  size_t total = im->tmp.n;
  for (size_t i = 0; i < sp->npieces; i++)
    total += sp->im[i].tmp.n;
  ticker_map m = { NULL, 16 };
  while (m.cap < 2 * total)
    m.cap *= 2;
  m.slot = evs_xcalloc (m.cap, sizeof *m.slot);
  for (size_t k = 0; k < im->tmp.n; k++)
    map_find (&m, im, im->tmp.v[k].ticker, k);
  for (size_t i = 0; i < sp->npieces; i++)
    for (size_t k = 0; k < sp->im[i].tmp.n; k++)
      {
        evs_series *s = &sp->im[i].tmp.v[k];
        size_t at = map_find (&m, im, s->ticker, im->tmp.n);
        if (at != SIZE_MAX)
          append_rows (&im->tmp.v[at], s);
        else
          {
            *series_list_add (&im->tmp) = *s;
            series_init (s);   /* moved */
          }
      }
  free (m.slot);
}

/* The first piece that failed, as one reader would have met it: its
 * error if the data rows before it are within the limit, else
 * NOT_SPLIT (one reader then finds the limit's error).  EVS_OK if none
 * failed and the rows are within the limit. */
static int
first_failure (const split *sp, size_t head_rows, evs_error *err)
{
  size_t rows = head_rows;
  for (size_t i = 0; i < sp->npieces; i++)
    {
      rows += sp->rows[i];
      if (rows > csvread_row_limit || sp->rc[i] == CSVREAD_SPLIT_BAD)
        return NOT_SPLIT;
      if (sp->rc[i] != EVS_OK)
        {
          *err = sp->err[i];
          return sp->rc[i];
        }
    }
  return EVS_OK;
}

/* Cuts BUF into fine pieces, reads the first (with the header) into IM,
 * then groups the rest into JOBS pieces.  Returns the pieces in *SP, or
 * NOT_SPLIT, or the header's error. */
static int
read_head (importer *im, const char *buf, size_t len, unsigned jobs,
           split *sp, size_t *head_rows, evs_error *err)
{
  size_t want = len / SPLIT_HEAD;
  want = want < 4 * (size_t) jobs ? 4 * (size_t) jobs : want > SPLIT_MAX_CUTS ? SPLIT_MAX_CUTS : want;
  size_t *fine = evs_xcalloc (want + 1, sizeof *fine);
  size_t k = csvread_split (buf, len, want, fine);
  int rc = NOT_SPLIT;
  if (k >= 3)
    {
      csvread_piece_opts po = { 1, true, false };
      rc = csvread_piece (im->name, buf, fine[1], &po, on_row, im, head_rows, err);
      if (rc == CSVREAD_SPLIT_BAD || (rc == EVS_OK && im->state != ST_DATA)
          || (rc != EVS_OK && *head_rows > csvread_row_limit))
        rc = NOT_SPLIT;
    }
  if (rc == EVS_OK)
    {
      /* The rest, [fine[1], len), in JOBS pieces of about equal size. */
      sp->cut = evs_xcalloc ((size_t) jobs + 2, sizeof *sp->cut);
      size_t n = 0, rest = len - fine[1];
      sp->cut[n++] = fine[1];
      for (size_t j = 2; j < k; j++)
        if (fine[j] - fine[1] >= rest / jobs * n && n < jobs)
          sp->cut[n++] = fine[j];
      sp->cut[n] = len;
      sp->npieces = n;
      sp->line = evs_xcalloc (n + 1, sizeof *sp->line);
      sp->line[n] = csvread_line_ends (buf, fine[1]);  /* the head's */
    }
  free (fine);
  return rc;
}

/* price_import_buffer's rows on JOBS threads into IM (made, locale
 * and all); NOT_SPLIT if IM must be read again on one thread. */
static int
read_split (importer *im, const char *buf, size_t len, unsigned jobs,
            size_t *pieces, evs_error *err)
{
  split sp = { .head = im, .buf = buf };
  size_t head_rows = 0;
  int rc = read_head (im, buf, len, jobs, &sp, &head_rows, err);
  if (rc != EVS_OK)
    return rc;
  size_t n = sp.npieces;
  pool_for (n, jobs, count_lines, &sp);
  /* Line ends before each piece give its first line: the head's, kept
   * in line[n], then each piece's. */
  size_t first = 1 + sp.line[n];
  for (size_t i = 0; i < n; i++)
    {
      size_t ends = sp.line[i];
      sp.line[i] = first;
      first += ends;
    }
  sp.im = evs_xcalloc (n, sizeof *sp.im);
  sp.err = evs_xcalloc (n, sizeof *sp.err);
  sp.rc = evs_xcalloc (n, sizeof *sp.rc);
  sp.rows = evs_xcalloc (n, sizeof *sp.rows);
  pool_for (n, jobs, parse_piece, &sp);
  rc = first_failure (&sp, head_rows, err);
  if (rc == EVS_OK)
    join_pieces (im, &sp);
  *pieces = rc == NOT_SPLIT ? 0 : n;
  for (size_t i = 0; i < n; i++)
    clone_release (&sp.im[i]);
  free (sp.im);
  free (sp.err);
  free (sp.rc);
  free (sp.rows);
  free (sp.cut);
  free (sp.line);
  return rc;
}

int
price_import_buffer (const char *name, const char *buf, size_t len,
                     const price_import_opts *opts, evs_series_list *out,
                     evs_error *err)
{
  return price_import_buffer_split (name, buf, len, opts, NULL, out, err);
}

int
price_import_buffer_split (const char *name, const char *buf, size_t len,
                           const price_import_opts *opts,
                           price_import_split *sl,
                           evs_series_list *out, evs_error *err)
{
  if (is_json (buf, len))
    return json_error (name, buf, len, err);
  importer im;
  importer_init (&im, name, opts);
  im.bytes = len;
  int rc = make_locale (&im, err);
  unsigned jobs = sl ? sl->jobs : 0;
  size_t min = sl && sl->min ? sl->min : PRICE_IMPORT_SPLIT_MIN;
  bool threads = jobs > 1 && len >= min;
  if (sl)
    sl->pieces = 0;
  if (rc == EVS_OK && threads && (rc = read_split (&im, buf, len, jobs, &sl->pieces, err)) == NOT_SPLIT)
    {
      importer_release (&im);   /* one thread, from the start */
      importer_init (&im, name, opts);
      rc = make_locale (&im, err);
      threads = false;
    }
  if (rc == EVS_OK && !threads)
    rc = csvread_buffer (name, buf, len, on_row, &im, err);
  if (rc == EVS_OK)
    rc = importer_finish (&im, out, err);
  importer_release (&im);
  return rc;
}

/* Reads the start of PATH to see whether it is a JSON body; if so, fails
 * with its message.  Only regular files are looked at, since peeking
 * would eat the start of a pipe; a file that cannot be read is left to
 * csvread to report. */
static int
check_json_file (const char *path, size_t *size, evs_error *err)
{
  enum { PEEK = 1 << 16, FIRST = 1 << 12 };
  struct stat st;
  FILE *f = fopen (path, "rb");
  if (!f)
    return EVS_OK;
  if (fstat (fileno (f), &st) != 0 || !S_ISREG (st.st_mode))
    {
      fclose (f);
      return EVS_OK;
    }
  *size = st.st_size > 0 ? (size_t) st.st_size : 0;
  char *buf = evs_xmalloc (PEEK);
  /* The first character is nearly always in the first 4 KiB: the rest
   * only for a JSON body's message, or after that many blanks. */
  size_t n = fread (buf, 1, FIRST, f);
  if (n == FIRST && (is_json (buf, n) || first_char (buf, n) == n))
    n += fread (buf + n, 1, PEEK - n, f);
  fclose (f);
  int rc = is_json (buf, n) ? json_error (path, buf, n, err) : EVS_OK;
  free (buf);
  return rc;
}

int
price_import_file (const char *path, const price_import_opts *opts,
                   evs_series_list *out, evs_error *err)
{
  size_t size = 0;
  int rc = check_json_file (path, &size, err);
  if (rc != EVS_OK)
    return rc;
  importer im;
  importer_init (&im, path, opts);
  im.bytes = size;
  if ((rc = make_locale (&im, err)) == EVS_OK)
    rc = csvread_file (path, path, on_row, &im, err);
  if (rc == EVS_OK)
    rc = importer_finish (&im, out, err);
  importer_release (&im);
  return rc;
}

/* The size of PATH if it is a regular file, else 0. */
static size_t
regular_size (const char *path)
{
  struct stat st;
  if (strcmp (path, "-") == 0 || stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return 0;
  return (size_t) st.st_size;
}

/* A mapped file that another process truncates while it is read raises
 * SIGBUS on the pages past its new end.  There is no way to return an
 * error from there, so the handler (async-signal-safe: write and _exit)
 * says which file changed and exits with EVS_EIO; nothing has been
 * written yet (outputs come after the prices are read, and are written
 * atomically: fsout.h).  One thread reading with stdio would instead
 * read the shorter file. */
static char bus_msg[600];
static size_t bus_len;

static void
on_sigbus (int sig)
{
  (void) sig;
  if (write (STDERR_FILENO, bus_msg, bus_len) < 0)
    _exit (EVS_EIO);
  _exit (EVS_EIO);
}

int
price_import_file_split (const char *path, const price_import_opts *opts,
                         price_import_split *sl,
                         evs_series_list *out, evs_error *err)
{
  size_t min = sl && sl->min ? sl->min : PRICE_IMPORT_SPLIT_MIN;
  size_t size = sl && sl->jobs > 1 ? regular_size (path) : 0;
  if (size < min)
    return price_import_file (path, opts, out, err);
  /* A JSON body is reported from its start, as price_import_file does. */
  size_t json_size = 0;
  int rc = check_json_file (path, &json_size, err);
  if (rc != EVS_OK)
    return rc;
  /* Mapped, not read: the pages are the page cache's, and a file that
   * cannot be mapped is read as usual, which reports what is wrong. */
  int fd = open (path, O_RDONLY);
  void *map = fd < 0 ? MAP_FAILED : mmap (NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (fd >= 0)
    close (fd);
  if (map == MAP_FAILED)
    return price_import_file (path, opts, out, err);
  char shown[400];
  evs_quote (shown, sizeof shown, path, strlen (path));
  int n = snprintf (bus_msg, sizeof bus_msg, "evstudy: %s: the file was cut short while it "
                    "was read (another program changed it)\n", shown);
  bus_len = n < 0 ? 0 : (size_t) n < sizeof bus_msg ? (size_t) n : sizeof bus_msg - 1;
  struct sigaction sa = { .sa_handler = on_sigbus }, old;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGBUS, &sa, &old);
  /* tests/pparse.sh: another program truncating the file now. */
  if (getenv ("EVSTUDY_TEST_TRUNCATE") && truncate (path, (off_t) (size / 2)) != 0)
    perror ("truncate");
  rc = price_import_buffer_split (path, map, size, opts, sl, out, err);
  sigaction (SIGBUS, &old, NULL);
  munmap (map, size);
  return rc;
}

/* ---------------------------------------------------------------- */
/* Streams (price_import.h).                                         */

size_t price_stream_hold = PRICE_STREAM_HOLD;

struct price_stream {
  importer im;
  series_spill spill;
  sha256_ctx sha;
  char hash[SHA256_HEX_SIZE];
  size_t next;               /* the next series to hand out */
};

/* csvread tap: refuses a JSON body (the first piece suffices, as for
 * check_json_file) and hashes the bytes. */
static int
stream_tap (void *ctx, const char *buf, size_t len, bool first, evs_error *err)
{
  price_stream *ps = ctx;
  if (first && is_json (buf, len))
    return json_error (ps->im.name, buf, len, err);
  sha256_update (&ps->sha, buf, len);
  return EVS_OK;
}

int
price_stream_open (const char *path, const char *buf, size_t len,
                   const price_import_opts *opts, price_stream **out,
                   evs_error *err)
{
  price_stream *ps = evs_xcalloc (1, sizeof *ps);
  importer_init (&ps->im, path, opts);
  series_spill_init (&ps->spill);
  ps->im.spill = &ps->spill;
  sha256_init (&ps->sha);
  int rc = make_locale (&ps->im, err);
  if (rc == EVS_OK && buf)
    rc = stream_tap (ps, buf, len, true, err);
  if (rc == EVS_OK)
    rc = buf ? csvread_buffer (path, buf, len, on_row, &ps->im, err)
             : csvread_file_tap (path, path, on_row, &ps->im, stream_tap, ps, err);
  if (rc == EVS_OK && ps->im.tmp.n == 0)
    rc = evs_fail (err, EVS_EDATA, "%s: no price rows", path);
  sha256_final (&ps->sha, ps->hash);
  *out = ps;
  if (rc != EVS_OK)
    price_stream_close (out);
  return rc;
}

const char *
price_stream_hash (const price_stream *ps)
{
  return ps->hash;
}

size_t
price_stream_series (const price_stream *ps)
{
  return ps->im.tmp.n;
}

size_t
price_stream_rows (const price_stream *ps)
{
  return ps->im.rows;
}

int
price_stream_next (price_stream *ps, evs_series *out, bool *got, evs_error *err)
{
  *got = ps->next < ps->im.tmp.n;
  if (!*got)
    return EVS_OK;
  evs_series *s = &ps->im.tmp.v[ps->next++];
  int rc = series_spill_take (&ps->spill, ps->next - 1, s, err);
  if (rc == EVS_OK)
    rc = finish_one (&ps->im, s, err);
  if (rc != EVS_OK)
    {
      *got = false;
      return rc;
    }
  *out = *s;
  series_init (s);   /* moved: release must not free it */
  return EVS_OK;
}

void
price_stream_close (price_stream **psp)
{
  price_stream *ps = *psp;
  if (!ps)
    return;
  importer_release (&ps->im);
  series_spill_release (&ps->spill);
  free (ps);
  *psp = NULL;
}
