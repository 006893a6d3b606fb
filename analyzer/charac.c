/* charac.c -- the --characteristics importer (charac.h). */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charac.h"
#include "csvread.h"
#include "date.h"

typedef struct loader {
  charac_table *t;
  long ticker_f, date_f;    /* field indexes, -1 when absent */
  size_t nfields;           /* of the header */
  size_t cap;
  bool header_done;
} loader;

static int
read_header (loader *l, size_t line, size_t nf, const csvread_field *f, evs_error *err)
{
  charac_table *t = l->t;
  l->ticker_f = l->date_f = -1;
  l->nfields = nf;
  t->names = evs_xcalloc (nf + 1, sizeof *t->names);
  t->field = evs_xcalloc (nf + 1, sizeof *t->field);
  for (size_t i = 0; i < nf; i++)
    {
      char q[128];
      if (f[i].len == 0)
        return evs_fail (err, EVS_EDATA, "%s:%zu:%zu: empty column name", t->source, line, i + 1);
      for (size_t j = 0; j < i; j++)
        if (f[j].len == f[i].len && strncasecmp (f[j].s, f[i].s, f[i].len) == 0)
          return evs_fail (err, EVS_EDATA, "%s:%zu:%zu: column '%s' repeated", t->source, line,
                           i + 1, evs_quote (q, sizeof q, f[i].s, f[i].len));
      if (csvread_field_is (&f[i], "ticker"))
        l->ticker_f = (long) i;
      else if (csvread_field_is (&f[i], "date"))
        l->date_f = (long) i;
      else
        {
          t->field[t->ncol] = i + 1;
          t->names[t->ncol++] = evs_xstrndup (f[i].s, f[i].len);
        }
    }
  if (l->ticker_f < 0)
    return evs_fail (err, EVS_EDATA, "%s:%zu: no ticker column", t->source, line);
  t->has_date = l->date_f >= 0;
  l->header_done = true;
  return CSVREAD_NOT_DATA;
}

static char *
dup_trim (const csvread_field *f)
{
  size_t a = 0, b = f->len;
  while (a < b && (f->s[a] == ' ' || f->s[a] == '\t'))
    a++;
  while (b > a && (f->s[b - 1] == ' ' || f->s[b - 1] == '\t'))
    b--;
  return evs_xstrndup (f->s + a, b - a);
}

static int
read_row (void *ctx, size_t line, size_t nf, const csvread_field *f, evs_error *err)
{
  loader *l = ctx;
  charac_table *t = l->t;
  char q[128];
  if (!l->header_done)
    return read_header (l, line, nf, f, err);
  if (nf != l->nfields)
    return evs_fail (err, EVS_EDATA, "%s:%zu: %zu fields, the header has %zu", t->source, line,
                     nf, l->nfields);
  if (t->nrow == CHARAC_MAX_ROWS)
    return evs_fail (err, EVS_EDATA, "%s:%zu: more than %d rows", t->source, line, CHARAC_MAX_ROWS);
  const csvread_field *tk = &f[l->ticker_f];
  if (tk->len == 0)
    return evs_fail (err, EVS_EDATA, "%s:%zu:%ld: empty ticker", t->source, line, l->ticker_f + 1);
  int32_t day = 0;
  if (t->has_date && !date_parse_any (f[l->date_f].s, f[l->date_f].len, &day))
    return evs_fail (err, EVS_EDATA, "%s:%zu:%ld: invalid date '%s'", t->source, line,
                     l->date_f + 1, evs_quote (q, sizeof q, f[l->date_f].s, f[l->date_f].len));
  if (t->nrow == l->cap)
    {
      l->cap = l->cap ? 2 * l->cap : 64;
      t->ticker = evs_xrealloc (t->ticker, l->cap * sizeof *t->ticker);
      t->date = evs_xrealloc (t->date, l->cap * sizeof *t->date);
      t->line = evs_xrealloc (t->line, l->cap * sizeof *t->line);
      t->cell = evs_xrealloc (t->cell, l->cap * (t->ncol + 1) * sizeof *t->cell);
    }
  size_t r = t->nrow++;
  t->ticker[r] = dup_trim (tk);
  t->date[r] = day;
  t->line[r] = (uint32_t) line;
  for (size_t c = 0; c < t->ncol; c++)
    t->cell[r * t->ncol + c] = dup_trim (&f[t->field[c] - 1]);
  return EVS_OK;
}

/* Sorting the rows: an index sorted by (ticker, date, line), then the
 * arrays permuted. */
static const charac_table *sort_t;

static int
cmp_rows (const void *a, const void *b)
{
  size_t i = *(const size_t *) a, j = *(const size_t *) b;
  int c = strcasecmp (sort_t->ticker[i], sort_t->ticker[j]);
  if (c)
    return c;
  if (sort_t->date[i] != sort_t->date[j])
    return sort_t->date[i] < sort_t->date[j] ? -1 : 1;
  return sort_t->line[i] < sort_t->line[j] ? -1 : sort_t->line[i] > sort_t->line[j];
}

static void
permute (charac_table *t, const size_t *ix)
{
  size_t n = t->nrow, m = t->ncol;
  char **tk = evs_xmalloc (n * sizeof *tk + 1), **cell = evs_xmalloc (n * m * sizeof *cell + 1);
  int32_t *date = evs_xmalloc (n * sizeof *date + 1);
  uint32_t *line = evs_xmalloc (n * sizeof *line + 1);
  for (size_t r = 0; r < n; r++)
    {
      tk[r] = t->ticker[ix[r]];
      date[r] = t->date[ix[r]];
      line[r] = t->line[ix[r]];
      memcpy (&cell[r * m], &t->cell[ix[r] * m], m * sizeof *cell);
    }
  free (t->ticker), free (t->date), free (t->line), free (t->cell);
  t->ticker = tk, t->date = date, t->line = line, t->cell = cell;
}

/* Sorts the rows and refuses a repeated (ticker, date), naming the later
 * line and the earlier. */
static int
sort_rows (charac_table *t, evs_error *err)
{
  size_t *ix = evs_xmalloc (t->nrow * sizeof *ix + 1);
  for (size_t r = 0; r < t->nrow; r++)
    ix[r] = r;
  sort_t = t;     /* qsort has no context argument; loads are not concurrent */
  qsort (ix, t->nrow, sizeof *ix, cmp_rows);
  sort_t = NULL;
  permute (t, ix);
  free (ix);
  for (size_t r = 1; r < t->nrow; r++)
    if (strcasecmp (t->ticker[r - 1], t->ticker[r]) == 0 && t->date[r - 1] == t->date[r])
      {
        char q[128], d[16];
        evs_quote (q, sizeof q, t->ticker[r], strlen (t->ticker[r]));
        if (!t->has_date)
          return evs_fail (err, EVS_EDATA, "%s:%u: duplicate ticker '%s' (also line %u): "
                           "give a date column to hold several rows per ticker",
                           t->source, t->line[r], q, t->line[r - 1]);
        return evs_fail (err, EVS_EDATA, "%s:%u: duplicate ticker '%s' and date %s (also line %u)",
                         t->source, t->line[r], q, date_format (t->date[r], d), t->line[r - 1]);
      }
  return EVS_OK;
}

static int
finish (loader *l, int rc, evs_error *err)
{
  charac_table *t = l->t;
  if (rc == EVS_OK && !l->header_done)
    rc = evs_fail (err, EVS_EDATA, "%s: empty file", t->source);
  if (rc == EVS_OK)
    rc = sort_rows (t, err);
  if (rc != EVS_OK)
    charac_release (t);
  return rc;
}

int
charac_load (const char *path, charac_table *t, evs_error *err)
{
  memset (t, 0, sizeof *t);
  t->source = evs_xstrdup (path);
  loader l = { t, -1, -1, 0, 0, false };
  return finish (&l, csvread_file (path, path, read_row, &l, err), err);
}

int
charac_load_buffer (const char *name, const char *buf, size_t len, charac_table *t,
                    evs_error *err)
{
  memset (t, 0, sizeof *t);
  t->source = evs_xstrdup (name);
  loader l = { t, -1, -1, 0, 0, false };
  return finish (&l, csvread_buffer (name, buf, len, read_row, &l, err), err);
}

void
charac_release (charac_table *t)
{
  for (size_t r = 0; r < t->nrow; r++)
    {
      free (t->ticker[r]);
      for (size_t c = 0; c < t->ncol; c++)
        free (t->cell[r * t->ncol + c]);
    }
  for (size_t c = 0; c < t->ncol; c++)
    free (t->names[c]);
  free (t->names), free (t->field), free (t->ticker), free (t->date), free (t->line);
  free (t->cell), free (t->source);
  memset (t, 0, sizeof *t);
}

long
charac_column (const charac_table *t, const char *name)
{
  for (size_t c = 0; c < t->ncol; c++)
    if (strcasecmp (t->names[c], name) == 0)
      return (long) c;
  return -1;
}

long
charac_row (const charac_table *t, const char *ticker, int32_t day)
{
  /* The first row past TICKER's rows up to DAY, by bisection. */
  size_t lo = 0, hi = t->nrow;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      int c = strcasecmp (t->ticker[mid], ticker);
      if (c < 0 || (c == 0 && t->date[mid] <= day))
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 && strcasecmp (t->ticker[lo - 1], ticker) == 0
         && (!t->has_date || t->date[lo - 1] <= day) ? (long) lo - 1 : -1;
}

bool
charac_missing (const char *s)
{
  return !*s || strcmp (s, "NA") == 0;
}

bool
charac_parse_number (const char *s, double *v)
{
  char *end;
  while (*s == ' ')
    s++;
  /* strtod would take "inf", "nan" and hex: a characteristic is decimal. */
  if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == '+' || *s == '.'))
    return false;
  if (strpbrk (s, "xXnNiI"))
    return false;
  *v = strtod (s, &end);
  while (*end == ' ')
    end++;
  return end != s && !*end && isfinite (*v);
}

int
charac_numeric (const charac_table *t, size_t col, double *out, evs_error *err)
{
  for (size_t r = 0; r < t->nrow; r++)
    {
      const char *s = t->cell[r * t->ncol + col];
      out[r] = NAN;
      if (charac_missing (s))
        continue;
      if (!charac_parse_number (s, &out[r]))
        {
          char q[128], qn[128];
          return evs_fail (err, EVS_EDATA, "%s:%u:%zu: non-numeric value '%s' in column '%s'",
                           t->source, t->line[r], t->field[col], evs_quote (q, sizeof q, s, strlen (s)),
                           evs_quote (qn, sizeof qn, t->names[col], strlen (t->names[col])));
        }
    }
  return EVS_OK;
}
