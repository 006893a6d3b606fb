/* bar_import.c -- intraday bar files: layout detection, timestamps,
 * zones and offsets (bar_import.h). */
#include <config.h>
#include "bar_import.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "csvread.h"
#include "date.h"
#include "text.h"

/* How a time column counts. */
enum unit { UNIT_TEXT, UNIT_NS, UNIT_MS };

/* What a parsed timestamp says about its zone. */
enum zkind { Z_NONE, Z_OFFSET, Z_NAIVE, Z_NAMED };

/* Per series: the offsets written (Z_OFFSET files) or the naive local
 * times (Z_NAIVE, Z_NAMED) still to be converted. */
typedef struct pending {
  int32_t *off;
  size_t n, cap;
} pending;

typedef struct importer {
  const char *name;
  const bar_import_opts *opts;
  const char *layout;
  bool header_done;
  int yf3_stage;             /* yfinance3: 1 = Ticker line next, 2 = Datetime */
  char *yf3_ticker;
  enum unit unit;
  int c_time, c_clock, c_close, c_volume, c_ticker; /* -1: none */
  int nfields;
  bool fixed_point;          /* databento prices in 1e-9 units */
  enum zkind zone;           /* of the file's first timestamp */
  size_t zone_line;
  char zname[64];            /* Z_NAMED: the zone written (IB) */
  bars_list tmp;
  pending *pend;
  size_t npend, pend_cap;
  size_t last;               /* cache of the last long-layout series */
} importer;

/* ---- small parsers ---- */

static bool
num (const char *s, size_t n, int *out)
{
  int v = 0;
  if (n == 0)
    return false;
  for (size_t i = 0; i < n; i++)
    {
      if (s[i] < '0' || s[i] > '9')
        return false;
      v = v * 10 + (s[i] - '0');
    }
  *out = v;
  return true;
}

/* YYYY-MM-DD, YYYYMMDD or MM/DD/YYYY at the start of S: the day and the
 * length read, 0 if none. */
static size_t
parse_day (const char *s, size_t n, int32_t *day)
{
  int y, m, d;
  if (n >= 10 && s[4] == '-' && s[7] == '-' && num (s, 4, &y) && num (s + 5, 2, &m)
      && num (s + 8, 2, &d))
    return date_from_ymd (y, m, d, day) ? 10 : 0;
  if (n >= 10 && s[2] == '/' && s[5] == '/' && num (s, 2, &m) && num (s + 3, 2, &d)
      && num (s + 6, 4, &y))
    return date_from_ymd (y, m, d, day) ? 10 : 0;
  if (n >= 8 && num (s, 4, &y) && num (s + 4, 2, &m) && num (s + 6, 2, &d)
      && (n == 8 || s[8] == ' ' || s[8] == 'T'))
    return date_from_ymd (y, m, d, day) ? 8 : 0;
  return 0;
}

/* HH:MM[:SS[.fff]] at the start of S: seconds after midnight (fractions
 * dropped) and the length read, 0 if none. */
static size_t
parse_clock (const char *s, size_t n, int *sec)
{
  int h, m, x = 0;
  size_t i = 5;
  if (n < 5 || s[2] != ':' || !num (s, 2, &h) || !num (s + 3, 2, &m) || h > 23 || m > 59)
    return 0;
  if (n >= 8 && s[5] == ':')
    {
      if (!num (s + 6, 2, &x) || x > 59)
        return 0;
      i = 8;
      if (i < n && s[i] == '.')
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
          ;
    }
  *sec = h * 3600 + m * 60 + x;
  return i;
}

/* A parsed timestamp: T is UTC seconds (Z_NONE: epoch, Z_OFFSET) or the
 * local wall clock read as UTC (Z_NAIVE, Z_NAMED). */
typedef struct stamp {
  int64_t t;
  enum zkind z;
  int offset;                /* Z_OFFSET, seconds east of UTC */
  const char *zname;         /* Z_NAMED, not terminated */
  size_t zlen;
} stamp;

/* Z, +HH:MM, +HHMM, +HH (or '-'), or " Zone/Name", ending S. */
static bool
parse_zone (const char *s, size_t n, stamp *st)
{
  int h, m = 0;
  if (n == 0)
    return st->z = Z_NAIVE, true;
  if (n == 1 && (s[0] == 'Z' || s[0] == 'z'))
    return st->z = Z_OFFSET, st->offset = 0, true;
  if (s[0] == '+' || s[0] == '-')
    {
      bool ok = (n == 3 && num (s + 1, 2, &h))
                || (n == 6 && s[3] == ':' && num (s + 1, 2, &h) && num (s + 4, 2, &m))
                || (n == 5 && num (s + 1, 2, &h) && num (s + 3, 2, &m));
      if (!ok || h > 18 || m > 59)
        return false;
      st->z = Z_OFFSET;
      st->offset = (s[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
      return true;
    }
  if (s[0] != ' ')
    return false;
  while (n && *s == ' ')
    s++, n--;
  if (n == 0 || n >= 64)
    return false;
  st->z = Z_NAMED, st->zname = s, st->zlen = n;
  return true;
}

/* Epoch digits in UNIT (text: seconds) into *T. */
static bool
parse_epoch (const char *s, size_t n, enum unit unit, int64_t *t)
{
  if (n == 0 || n > 19)
    return false;
  uint64_t v = 0;   /* 19 digits fit in 64 bits unsigned */
  for (size_t i = 0; i < n; i++)
    {
      if (s[i] < '0' || s[i] > '9')
        return false;
      v = v * 10 + (uint64_t) (s[i] - '0');
    }
  /* Bars start on whole seconds; sub-second digits are dropped. */
  v = unit == UNIT_NS ? v / 1000000000 : unit == UNIT_MS ? v / 1000 : v;
  /* 1970..2199, as date.h accepts */
  *t = (int64_t) (v < 7258118400u ? v : 0);
  return v < 7258118400u;
}

/* A timestamp field, with CLOCK the separate time field (Kibot) or
 * NULL. */
static bool
parse_stamp (const importer *im, const csvread_field *f, const csvread_field *clock,
             stamp *st)
{
  const char *s = f->s;
  size_t n = f->len;
  text_trim (&s, &n);
  memset (st, 0, sizeof *st);
  bool digits = n > 0 && strspn (s, "0123456789") >= n;
  if (digits && !clock && (im->unit != UNIT_TEXT || n >= 9))
    return st->z = Z_NONE, parse_epoch (s, n, im->unit, &st->t);
  int32_t day;
  int sec;
  size_t i = parse_day (s, n, &day);
  if (!i)
    return false;
  if (clock)
    {
      const char *c = clock->s;
      size_t cn = clock->len;
      text_trim (&c, &cn);
      if (i != n || parse_clock (c, cn, &sec) != cn)
        return false;
      st->z = Z_NAIVE;
    }
  else
    {
      size_t j = i;
      while (j < n && (s[j] == ' ' || (j == i && s[j] == 'T')))
        j++;
      size_t k = j > i ? parse_clock (s + j, n - j, &sec) : 0;
      if (!k || !parse_zone (s + j + k, n - j - k, st))
        return false;
    }
  st->t = (int64_t) day * 86400 + sec - (st->z == Z_OFFSET ? st->offset : 0);
  return true;
}

/* A price field: finite and > 0; *OUT NaN for a missing one. */
static bool
parse_price (const importer *im, const csvread_field *f, bool raw, double *out)
{
  const char *s = f->s;
  size_t n = f->len;
  text_trim (&s, &n);
  if (n == 0 || (n == 4 && strncasecmp (s, "null", 4) == 0)
      || (n == 3 && strncasecmp (s, "nan", 3) == 0))
    return *out = NAN, true;
  char buf[64];
  if (n >= sizeof buf)
    return false;
  memcpy (buf, s, n);
  buf[n] = '\0';
  char *end;
  double v = strtod (buf, &end);
  if (*end || !isfinite (v) || !(v > 0) || strpbrk (buf, "xXpPiInN"))
    return false;
  /* Databento's raw CSV writes prices as integers in units of 1e-9. */
  if (raw && im->fixed_point && !memchr (buf, '.', n))
    v *= 1e-9;
  *out = v;
  return true;
}

/* A volume field: finite and >= 0; *OUT NaN for a missing one. */
static bool
parse_volume (const csvread_field *f, double *out)
{
  const char *s = f->s;
  size_t n = f->len;
  text_trim (&s, &n);
  char buf[64];
  if (n == 0 || (n == 4 && strncasecmp (s, "null", 4) == 0))
    return *out = NAN, true;
  if (n >= sizeof buf)
    return false;
  memcpy (buf, s, n);
  buf[n] = '\0';
  char *end;
  double v = strtod (buf, &end);
  if (*end || !isfinite (v) || v < 0 || strpbrk (buf, "xXpPiInN"))
    return false;
  *out = v;
  return true;
}

/* ---- errors ---- */

static int
fail_field (const importer *im, size_t line, int col, const char *what,
            const csvread_field *f, int code, evs_error *err)
{
  char q[96];
  return evs_fail (err, code, "%s:%zu:%d: %s '%s'", im->name, line, col + 1, what,
                   evs_quote (q, sizeof q, f->s, f->len));
}

/* ---- header ---- */

static bool
name_is (const csvread_field *f, const char *name)
{
  return csvread_field_is (f, name);
}

/* Polygon's one-letter names are case-sensitive: t time, T ticker. */
static bool
exact (const csvread_field *f, const char *name)
{
  return f->len == strlen (name) && memcmp (f->s, name, f->len) == 0;
}

static int
find (size_t nf, const csvread_field *f, const char *name)
{
  for (size_t i = 0; i < nf; i++)
    if (name_is (&f[i], name))
      return (int) i;
  return -1;
}

static int
find_exact (size_t nf, const csvread_field *f, const char *name)
{
  for (size_t i = 0; i < nf; i++)
    if (exact (&f[i], name))
      return (int) i;
  return -1;
}

/* Picks the layout from the time column's name. */
static void
detect (importer *im, size_t nf, const csvread_field *f)
{
  int c;
  im->unit = UNIT_TEXT;
  im->c_clock = -1;
  if ((c = find (nf, f, "window_start")) >= 0)
    im->layout = "polygon-flat", im->unit = UNIT_NS;
  else if ((c = find (nf, f, "ts_event")) >= 0)
    im->layout = "databento", im->unit = UNIT_NS;
  else if ((c = find_exact (nf, f, "t")) >= 0)
    im->layout = "polygon-aggs", im->unit = UNIT_MS;
  else if ((c = find (nf, f, "timestamp")) >= 0)
    im->layout = "alpaca";
  else if ((c = find (nf, f, "datetime")) >= 0)
    im->layout = "yfinance";
  else if ((c = find (nf, f, "date")) >= 0)
    {
      im->c_clock = find (nf, f, "time");
      im->layout = im->c_clock >= 0 ? "kibot" : "ib";
    }
  im->c_time = c;
  im->fixed_point = c >= 0 && strcmp (im->layout, "databento") == 0;
  bool aggs = im->unit == UNIT_MS;
  im->c_close = aggs ? find_exact (nf, f, "c") : find (nf, f, "close");
  im->c_volume = aggs ? find_exact (nf, f, "v") : find (nf, f, "volume");
  im->c_ticker = aggs ? find_exact (nf, f, "T") : find (nf, f, "ticker");
  if (im->c_ticker < 0 && !aggs)
    im->c_ticker = find (nf, f, "symbol");
}

static int
read_header (importer *im, size_t line, size_t nf, const csvread_field *f,
             evs_error *err)
{
  im->nfields = (int) nf;
  if (nf > 1 && name_is (&f[0], "price"))
    {
      /* yfinance's three-line header: the time column is the first. */
      detect (im, nf, f);
      im->layout = "yfinance", im->c_time = 0, im->unit = UNIT_TEXT;
      im->yf3_stage = 1;
    }
  else
    detect (im, nf, f);
  if (im->c_time < 0)
    return evs_fail (err, EVS_EDATA, "%s:%zu: unknown intraday layout: no time "
                     "column (Datetime, date, Date and Time, timestamp, "
                     "window_start, t, ts_event)", im->name, line);
  if (im->c_close < 0)
    return evs_fail (err, EVS_EDATA, "%s:%zu: no close column", im->name, line);
  im->header_done = true;
  return CSVREAD_NOT_DATA;
}

/* Kibot's files have no header: MM/DD/YYYY,HH:MM and five numbers. */
static bool
kibot_headerless (importer *im, size_t nf, const csvread_field *f)
{
  int32_t day;
  int sec;
  if (nf != 7 || parse_day (f[0].s, f[0].len, &day) != 10 || f[0].len != 10
      || parse_clock (f[1].s, f[1].len, &sec) != f[1].len)
    return false;
  im->layout = "kibot", im->unit = UNIT_TEXT, im->nfields = 7;
  im->c_time = 0, im->c_clock = 1, im->c_close = 5, im->c_volume = 6, im->c_ticker = -1;
  im->header_done = true;
  return true;
}

/* yfinance3's second and third header lines. */
static int
read_yf3 (importer *im, size_t line, size_t nf, const csvread_field *f, evs_error *err)
{
  if (im->yf3_stage == 1)
    {
      if (!name_is (&f[0], "ticker") || nf < 2 || im->c_close >= (int) nf)
        return evs_fail (err, EVS_EDATA, "%s:%zu: expected the Ticker line of "
                         "yfinance's three-line header", im->name, line);
      const char *t = f[im->c_close].s;
      size_t n = f[im->c_close].len;
      text_trim (&t, &n);
      if (n == 0 || n > 64 || memchr (t, '\0', n))
        return fail_field (im, line, im->c_close, "invalid ticker", &f[im->c_close],
                           EVS_EDATA, err);
      im->yf3_ticker = evs_xstrndup (t, n);
      im->yf3_stage = 2;
      return CSVREAD_NOT_DATA;
    }
  im->yf3_stage = 0;
  if (!name_is (&f[0], "datetime"))
    return evs_fail (err, EVS_EDATA, "%s:%zu: expected the Datetime line of "
                     "yfinance's three-line header", im->name, line);
  return CSVREAD_NOT_DATA;
}

/* ---- series ---- */

static char *
ticker_from_name (const char *name)
{
  const char *b = strrchr (name, '/');
  b = b ? b + 1 : name;
  const char *dot = strrchr (b, '.');
  return evs_xstrndup (b, dot && dot != b ? (size_t) (dot - b) : strlen (b));
}

static bool
unnamed_source (const char *name)
{
  struct stat sb;
  return strcmp (name, "-") == 0 || strncmp (name, "/dev/", 5) == 0
         || strncmp (name, "/proc/", 6) == 0
         || (stat (name, &sb) == 0 && !S_ISREG (sb.st_mode));
}

static size_t
add_series (importer *im, char *ticker /* owned */)
{
  bars_series *s = bars_list_add (&im->tmp);
  s->ticker = ticker;
  s->source = evs_xstrdup (im->name);
  s->layout = evs_xstrdup (im->layout);
  s->x = im->opts && im->opts->exchange ? im->opts->exchange
         : calendar_for_ticker (ticker);
  evs_grow ((void **) &im->pend, &im->pend_cap, im->tmp.n, sizeof *im->pend);
  memset (&im->pend[im->tmp.n - 1], 0, sizeof *im->pend);
  im->npend = im->tmp.n;
  return im->tmp.n - 1;
}

static int
series_for (importer *im, size_t line, const csvread_field *f, size_t *idx,
            evs_error *err)
{
  if (im->c_ticker < 0)
    {
      if (im->tmp.n == 0)
        {
          const char *t = im->yf3_ticker ? im->yf3_ticker
                          : im->opts && im->opts->ticker ? im->opts->ticker : NULL;
          if (!t && unnamed_source (im->name))
            return evs_fail (err, EVS_EUSAGE, "%s: no ticker: the data names "
                             "none; give --ticker", im->name);
          add_series (im, t ? evs_xstrdup (t) : ticker_from_name (im->name));
        }
      *idx = 0;
      return EVS_OK;
    }
  const csvread_field *tf = &f[im->c_ticker];
  const char *t = tf->s;
  size_t n = tf->len;
  text_trim (&t, &n);
  if (n == 0 || n > 64 || memchr (t, '\0', n))
    return fail_field (im, line, im->c_ticker, "invalid ticker", tf, EVS_EDATA, err);
  if (im->last < im->tmp.n && strlen (im->tmp.v[im->last].ticker) == n
      && strncasecmp (im->tmp.v[im->last].ticker, t, n) == 0)
    return *idx = im->last, EVS_OK;
  for (size_t i = 0; i < im->tmp.n; i++)
    if (strlen (im->tmp.v[i].ticker) == n && strncasecmp (im->tmp.v[i].ticker, t, n) == 0)
      return *idx = im->last = i, EVS_OK;
  *idx = im->last = add_series (im, evs_xstrndup (t, n));
  return EVS_OK;
}

/* The file's zone kind must not change from row to row. */
static int
check_zone_kind (importer *im, size_t line, const stamp *st, const csvread_field *f,
                 evs_error *err)
{
  enum zkind z = st->z == Z_NONE ? Z_OFFSET : st->z;
  if (im->zone_line == 0)
    {
      im->zone = z, im->zone_line = line;
      if (z == Z_NAMED)
        {
          memcpy (im->zname, st->zname, st->zlen);
          im->zname[st->zlen] = '\0';
          if (!calendar_tz_valid (im->zname))
            return fail_field (im, line, im->c_time, "unknown time zone in", f,
                               EVS_EDATA, err);
        }
      else if (z == Z_NAIVE && !(im->opts && im->opts->exchange))
        return fail_field (im, line, im->c_time, "timestamp without a UTC offset "
                           "needs --exchange to say its time zone:", f, EVS_EUSAGE, err);
      return EVS_OK;
    }
  if (z != im->zone || (z == Z_NAMED && (strlen (im->zname) != st->zlen
                                         || memcmp (im->zname, st->zname, st->zlen))))
    {
      char what[128];
      snprintf (what, sizeof what, "timestamp %s, unlike line %zu's:",
                z == Z_NAIVE ? "without a UTC offset" : z == Z_NAMED
                ? "with a zone name" : "with a UTC offset", im->zone_line);
      return fail_field (im, line, im->c_time, what, f, EVS_EDATA, err);
    }
  return EVS_OK;
}

static int
read_row (importer *im, size_t line, size_t nf, const csvread_field *f, evs_error *err)
{
  if ((int) nf < im->nfields)
    return evs_fail (err, EVS_EDATA, "%s:%zu: %zu fields, the header has %d",
                     im->name, line, nf, im->nfields);
  stamp st;
  const csvread_field *clock = im->c_clock >= 0 ? &f[im->c_clock] : NULL;
  if (!parse_stamp (im, &f[im->c_time], clock, &st))
    return fail_field (im, line, im->c_time, "invalid timestamp", &f[im->c_time],
                       EVS_EDATA, err);
  int rc = check_zone_kind (im, line, &st, &f[im->c_time], err);
  if (rc)
    return rc;
  double close, volume = NAN;
  bool raw = st.z == Z_NONE;
  if (!parse_price (im, &f[im->c_close], raw, &close))
    return fail_field (im, line, im->c_close, "invalid close", &f[im->c_close],
                       EVS_EDATA, err);
  if (im->c_volume >= 0 && !parse_volume (&f[im->c_volume], &volume))
    return fail_field (im, line, im->c_volume, "invalid volume", &f[im->c_volume],
                       EVS_EDATA, err);
  size_t idx = 0;
  if ((rc = series_for (im, line, f, &idx, err)))
    return rc;
  if (isnan (close))
    return EVS_OK;   /* a missing close is a gap, as in daily files */
  bars_push (&im->tmp.v[idx], st.t, close, volume, (uint32_t) line);
  pending *p = &im->pend[idx];
  evs_grow ((void **) &p->off, &p->cap, p->n + 1, sizeof *p->off);
  p->off[p->n++] = st.z == Z_OFFSET ? st.offset : 0;
  return EVS_OK;
}

static int
on_row (void *ctx, size_t line, size_t nf, const csvread_field *f, evs_error *err)
{
  importer *im = ctx;
  if (!im->header_done)
    {
      if (kibot_headerless (im, nf, f))
        return read_row (im, line, nf, f, err);
      return read_header (im, line, nf, f, err);
    }
  if (im->yf3_stage)
    return read_yf3 (im, line, nf, f, err);
  return read_row (im, line, nf, f, err);
}

/* ---- after reading ---- */

/* Naive local times of S (in ZONE) to instants; the repeated hour by
 * file order (bar_import.h). */
static int
convert_naive (importer *im, bars_series *s, const char *zone, evs_error *err)
{
  char *saved = bars_zone_enter (zone);
  int rc = EVS_OK;
  int64_t prev = INT64_MIN;
  for (size_t i = 0; i < s->n && !rc; i++)
    {
      int64_t l = s->t[i], first, second;
      int32_t day = (int32_t) (l >= 0 ? l / 86400 : -((-l + 86399) / 86400));
      int sec = (int) (l - (int64_t) day * 86400);
      enum bars_local k = bars_local_instants (day, sec, &first, &second);
      if (k == BARS_LOCAL_GAP)
        {
          char d[11];
          rc = evs_fail (err, EVS_EDATA, "%s:%u:%d: local time %sT%02d:%02d does not "
                         "exist in %s (clocks go forward)", im->name, s->line[i],
                         im->c_time + 1, date_format (day, d), sec / 3600,
                         sec / 60 % 60, zone);
          break;
        }
      s->t[i] = k == BARS_LOCAL_REPEATED && prev >= first ? second : first;
      prev = s->t[i];
    }
  bars_zone_leave (saved);
  return rc;
}

/* Offsets may differ within S only as its exchange's zone does. */
static int
check_offsets (importer *im, bars_series *s, const pending *p, evs_error *err)
{
  size_t i;
  for (i = 1; i < p->n && p->off[i] == p->off[0]; i++)
    ;
  if (i >= p->n)
    return EVS_OK;
  char *saved = bars_zone_enter (s->x->tz);
  int rc = EVS_OK;
  for (i = 0; i < p->n && !rc; i++)
    {
      int off;
      if (bars_zone_offset (s->t[i], &off) && off == p->off[i])
        continue;
      int a = p->off[i] < 0 ? -p->off[i] : p->off[i];
      rc = evs_fail (err, EVS_EDATA, "%s:%u:%d: mixed UTC offsets: %c%02d:%02d is "
                     "neither the file's first offset nor %s's at that instant",
                     im->name, s->line[i], im->c_time + 1, p->off[i] < 0 ? '-' : '+',
                     a / 3600, a / 60 % 60, s->x->tz);
    }
  bars_zone_leave (saved);
  return rc;
}

static int
finish (importer *im, bars_list *out, evs_error *err)
{
  if (!im->header_done || im->yf3_stage)
    return evs_fail (err, EVS_EDATA, "%s: no bars", im->name);
  if (im->tmp.n == 0)
    return evs_fail (err, EVS_EDATA, "%s: no bars (every close is missing)", im->name);
  for (size_t k = 0; k < im->tmp.n; k++)
    {
      bars_series *s = &im->tmp.v[k];
      int rc = EVS_OK;
      if (im->zone == Z_NAIVE)
        rc = convert_naive (im, s, s->x->tz, err);
      else if (im->zone == Z_NAMED)
        rc = convert_naive (im, s, im->zname, err);
      else
        rc = check_offsets (im, s, &im->pend[k], err);
      if (rc || (rc = bars_finish (s, im->c_time + 1, err)))
        return rc;
    }
  for (size_t k = 0; k < im->tmp.n; k++)
    *bars_list_add (out) = im->tmp.v[k];
  free (im->tmp.v);
  bars_list_init (&im->tmp);
  return EVS_OK;
}

static void
importer_release (importer *im)
{
  bars_list_release (&im->tmp);
  for (size_t k = 0; k < im->npend; k++)
    free (im->pend[k].off);
  free (im->pend);
  free (im->yf3_ticker);
}

static int
run (importer *im, int rc, bars_list *out, evs_error *err)
{
  if (rc == EVS_OK)
    rc = finish (im, out, err);
  importer_release (im);
  return rc;
}

int
bar_import_buffer (const char *name, const char *buf, size_t len,
                   const bar_import_opts *opts, bars_list *out, evs_error *err)
{
  importer im = { .name = name, .opts = opts, .c_time = -1 };
  return run (&im, csvread_buffer (name, buf, len, on_row, &im, err), out, err);
}

int
bar_import_file (const char *path, const bar_import_opts *opts, bars_list *out,
                 evs_error *err)
{
  importer im = { .name = path, .opts = opts, .c_time = -1 };
  return run (&im, csvread_file (path, path, on_row, &im, err), out, err);
}
