/* factors.c -- read Ken French factor files and align them to returns
 * (see factors.h for the layout and the rules). */
#include <config.h>
#include "factors.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvread.h"
#include "date.h"
#include "text.h"

enum load_state { IN_PREAMBLE, IN_DATA, IN_FOOTER };

/* What one file holds while it is read. */
typedef struct loader {
  const char *name;
  enum load_state state;
  size_t ncols;                 /* data columns: header fields - 1 */
  char **names;
  size_t header_line;
  int32_t *date;
  double *v;
  size_t n, cap_date, cap_v;
} loader;

void
factors_init (factors_set *fs)
{
  memset (fs, 0, sizeof *fs);
}

static void
free_names (char **names, size_t n)
{
  for (size_t i = 0; names && i < n; i++)
    free (names[i]);
  free (names);
}

void
factors_release (factors_set *fs)
{
  free (fs->date);
  free_names (fs->name, fs->m);
  free (fs->v);
  memset (fs, 0, sizeof *fs);
}

/* "NAME:LINE:COLUMN: WHAT 'VALUE'" for field COL (0-based) of a row. */
static int
fail_field (const loader *ld, size_t line, size_t col, const char *what,
            const csvread_field *f, evs_error *err)
{
  char q[128];
  const char *s = f->s;
  size_t n = f->len;
  text_trim (&s, &n);
  evs_quote (q, sizeof q, s, n);
  return evs_fail (err, EVS_EDATA, "%s:%zu:%zu: %s '%s'", ld->name, line,
                   col + 1, what, q);
}

/* The header ",A,B,...": column names, trimmed, none empty. */
static int
read_header (loader *ld, size_t line, size_t nf, const csvread_field *f,
             evs_error *err)
{
  ld->ncols = nf - 1;
  ld->names = evs_xcalloc (ld->ncols, sizeof *ld->names);
  for (size_t j = 1; j < nf; j++)
    {
      const char *s = f[j].s;
      size_t n = f[j].len;
      text_trim (&s, &n);
      if (n == 0)
        return fail_field (ld, line, j, "empty factor name", &f[j], err);
      ld->names[j - 1] = evs_xstrndup (s, n);
    }
  ld->header_line = line;
  ld->state = IN_DATA;
  return EVS_OK;
}

/* True if S[0..N) is exactly 8 digits; *DAY gets the date if valid. */
static bool
is_yyyymmdd (const char *s, size_t n)
{
  if (n != 8)
    return false;
  for (size_t i = 0; i < 8; i++)
    if (s[i] < '0' || s[i] > '9')
      return false;
  return true;
}

/* A value in percent as Ken French writes it ([-]digits[.digits]),
 * returned as a decimal; -99.99 and -999 are missing (NaN). */
static bool
parse_percent (const char *s, size_t n, double *out)
{
  char buf[64];
  size_t i = 0, digits = 0;
  text_trim (&s, &n);
  if (n == 0 || n >= sizeof buf)
    return false;
  if (s[i] == '-' || s[i] == '+')
    i++;
  for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
    digits++;
  if (i < n && s[i] == '.')
    for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
      digits++;
  if (i != n || digits == 0)
    return false;
  memcpy (buf, s, n);
  buf[n] = '\0';
  errno = 0;
  double v = strtod (buf, NULL);
  if (errno == ERANGE || !isfinite (v))
    return false;
  *out = v == -99.99 || v == -999.0 ? NAN : v / 100.0;
  return true;
}

static int
read_date (loader *ld, size_t line, const csvread_field *f, int32_t *day,
           evs_error *err)
{
  const char *s = f->s;
  size_t n = f->len;
  text_trim (&s, &n);
  int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  int m = (s[4] - '0') * 10 + (s[5] - '0'), d = (s[6] - '0') * 10 + (s[7] - '0');
  if (!date_from_ymd (y, m, d, day))
    return fail_field (ld, line, 0, "invalid date", f, err);
  if (ld->n && *day <= ld->date[ld->n - 1])
    return fail_field (ld, line, 0, "date not after the previous row's", f, err);
  return EVS_OK;
}

/* One data row: "YYYYMMDD, v1, ..., vm". */
static int
read_row (loader *ld, size_t line, size_t nf, const csvread_field *f,
          evs_error *err)
{
  int32_t day;
  if (nf != ld->ncols + 1)
    return evs_fail (err, EVS_EDATA, "%s:%zu: expected %zu fields, found %zu",
                     ld->name, line, ld->ncols + 1, nf);
  int rc = read_date (ld, line, &f[0], &day, err);
  if (rc != EVS_OK)
    return rc;
  evs_grow ((void **) &ld->date, &ld->cap_date, ld->n + 1, sizeof *ld->date);
  evs_grow ((void **) &ld->v, &ld->cap_v, (ld->n + 1) * ld->ncols, sizeof *ld->v);
  for (size_t j = 1; j < nf; j++)
    if (!parse_percent (f[j].s, f[j].len, &ld->v[ld->n * ld->ncols + j - 1]))
      return fail_field (ld, line, j, "invalid number", &f[j], err);
  ld->date[ld->n++] = day;
  return EVS_OK;
}

static int
on_row (void *ctx, size_t line, size_t nf, const csvread_field *f,
        evs_error *err)
{
  loader *ld = ctx;
  const char *s = f[0].s;
  size_t n = f[0].len;
  text_trim (&s, &n);
  /* Only the dated rows are data for csvread's row limit. */
  if (ld->state == IN_PREAMBLE)
    {
      int rc = n == 0 && nf >= 2 ? read_header (ld, line, nf, f, err) : EVS_OK;
      return rc == EVS_OK ? CSVREAD_NOT_DATA : rc;
    }
  if (ld->state == IN_FOOTER)
    return CSVREAD_NOT_DATA;
  if (is_yyyymmdd (s, n))
    return read_row (ld, line, nf, f, err);
  if (ld->n == 0)
    return fail_field (ld, line, 0, "expected a YYYYMMDD date", &f[0], err);
  ld->state = IN_FOOTER;
  return CSVREAD_NOT_DATA;
}

/* Checks that no column of LD is already in FS. */
static int
check_names (const loader *ld, const factors_set *fs, evs_error *err)
{
  for (size_t j = 0; j < ld->ncols; j++)
    if (factors_find (fs, ld->names[j]) >= 0)
      {
        char q[64];
        evs_quote (q, sizeof q, ld->names[j], strlen (ld->names[j]));
        return evs_fail (err, EVS_EDATA,
                         "%s:%zu:%zu: factor already read from another file '%s'",
                         ld->name, ld->header_line, j + 2, q);
      }
  return EVS_OK;
}

/* Adds LD's columns to FS on FS's dates (NaN where LD has no row). */
static void
join (loader *ld, factors_set *fs)
{
  size_t m = fs->m + ld->ncols;
  double *v = evs_xmalloc (fs->n * m * sizeof *v);
  for (size_t i = 0; i < fs->n; i++)
    {
      size_t k = date_lower_bound (ld->date, ld->n, fs->date[i]);
      bool has = k < ld->n && ld->date[k] == fs->date[i];
      memcpy (v + i * m, fs->v + i * fs->m, fs->m * sizeof *v);
      for (size_t j = 0; j < ld->ncols; j++)
        v[i * m + fs->m + j] = has ? ld->v[k * ld->ncols + j] : NAN;
    }
  fs->name = evs_xrealloc (fs->name, m * sizeof *fs->name);
  memcpy (fs->name + fs->m, ld->names, ld->ncols * sizeof *ld->names);
  free (ld->names);
  ld->names = NULL;
  free (fs->v);
  fs->v = v;
  fs->m = m;
}

/* Moves a finished file into FS: whole if FS is empty, else joined. */
static int
finish (loader *ld, factors_set *fs, evs_error *err)
{
  if (ld->state == IN_PREAMBLE)
    return evs_fail (err, EVS_EDATA, "%s: no factor header (a first cell left empty, as in ',Mkt-RF,SMB,HML,RF')",
                     ld->name);
  if (ld->n == 0)
    return evs_fail (err, EVS_EDATA, "%s: no factor rows", ld->name);
  int rc = check_names (ld, fs, err);
  if (rc != EVS_OK)
    return rc;
  if (fs->m == 0)
    {
      fs->n = ld->n, fs->date = ld->date, fs->m = ld->ncols;
      fs->name = ld->names, fs->v = ld->v;
      ld->date = NULL, ld->names = NULL, ld->v = NULL;
      return EVS_OK;
    }
  join (ld, fs);
  return EVS_OK;
}

static int
load (const char *path, const char *buf, size_t len, factors_set *fs,
      evs_error *err)
{
  loader ld;
  memset (&ld, 0, sizeof ld);
  ld.name = path;
  int rc = buf ? csvread_buffer (path, buf, len, on_row, &ld, err)
               : csvread_file (path, path, on_row, &ld, err);
  if (rc == EVS_OK)
    rc = finish (&ld, fs, err);
  free (ld.date);
  free (ld.v);
  free_names (ld.names, ld.ncols);
  return rc;
}

int
factors_load (const char *path, factors_set *fs, evs_error *err)
{
  return load (path, NULL, 0, fs, err);
}

int
factors_load_buffer (const char *name, const char *buf, size_t len,
                     factors_set *fs, evs_error *err)
{
  return load (name, buf, len, fs, err);
}

long
factors_find (const factors_set *fs, const char *name)
{
  for (size_t j = 0; j < fs->m; j++)
    if (strcasecmp (fs->name[j], name) == 0)
      return (long) j;
  return -1;
}

/* Column COL compounded over factor rows [K0, K1]: prod(1 + f) - 1;
 * a single row is returned as it is (1 + f - 1 would round it). */
static double
compound (const factors_set *fs, size_t col, size_t k0, size_t k1)
{
  if (k0 == k1)
    return fs->v[k0 * fs->m + col];
  double g = 1.0;
  for (size_t k = k0; k <= k1; k++)
    g *= 1.0 + fs->v[k * fs->m + col];
  return g - 1.0;
}

void
factors_align (const factors_set *fs, const int32_t *date, size_t n,
               const size_t *cols, size_t nc, double *out)
{
  for (size_t j = 0; j < nc; j++)
    out[j] = NAN;
  for (size_t i = 1; i < n; i++)
    {
      size_t k1 = date_lower_bound (fs->date, fs->n, date[i]);
      size_t k0 = date_lower_bound (fs->date, fs->n, date[i - 1] + 1);
      bool has = k1 < fs->n && fs->date[k1] == date[i] && k0 > 0;
      for (size_t j = 0; j < nc; j++)
        out[i * nc + j] = has ? compound (fs, cols[j], k0, k1) : NAN;
    }
}
