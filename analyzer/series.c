/* series.c -- storage, sorting and look-up of a price series. */
#include <config.h>
#include "series.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"

void
series_init (evs_series *s)
{
  memset (s, 0, sizeof *s);
}

void
series_release (evs_series *s)
{
  free (s->ticker);
  free (s->source);
  free (s->price_column);
  free (s->layout);
  free (s->exchange);
  free (s->date);
  free (s->price);
  free (s->line);
  for (int c = 0; c < SERIES_NCOLS; c++)
    free (s->col[c]);
  series_init (s);
}

/* Room for N rows; the kept columns too with COLS. */
static void
grow (evs_series *s, size_t n, bool cols)
{
  s->date = evs_xrealloc (s->date, n * sizeof *s->date);
  s->price = evs_xrealloc (s->price, n * sizeof *s->price);
  s->line = evs_xrealloc (s->line, n * sizeof *s->line);
  for (int c = 0; c < SERIES_NCOLS && cols; c++)
    if (s->kept & (1u << c))
      s->col[c] = evs_xrealloc (s->col[c], n * sizeof *s->col[c]);
  s->cap = n;
}

void
series_reserve (evs_series *s, size_t n)
{
  if (n > s->cap)
    grow (s, n, true);
}

void
series_push (evs_series *s, int32_t date, double price, uint32_t line,
             const double *cols)
{
  if (s->n == s->cap)
    grow (s, s->cap ? 2 * s->cap : 256, cols != NULL);
  s->date[s->n] = date;
  s->price[s->n] = price;
  s->line[s->n] = line;
  for (int c = 0; c < SERIES_NCOLS && cols; c++)
    if (s->kept & (1u << c))
      s->col[c][s->n] = cols[c];
  s->n++;
}

static bool
is_sorted (const evs_series *s)
{
  for (size_t i = 1; i < s->n; i++)
    if (s->date[i] <= s->date[i - 1])
      return false;
  return true;
}

static bool
is_reversed (const evs_series *s)
{
  for (size_t i = 1; i < s->n; i++)
    if (s->date[i] >= s->date[i - 1])
      return false;
  return true;
}

/* Permutes every row array of S by ORDER (row i of the result is row
 * ORDER[i] of the input). */
static void
permute (evs_series *s, const size_t *order)
{
  int32_t *d = evs_xmalloc (s->n * sizeof *d);
  double *p = evs_xmalloc (s->n * sizeof *p);
  uint32_t *l = evs_xmalloc (s->n * sizeof *l);
  for (size_t i = 0; i < s->n; i++)
    {
      d[i] = s->date[order[i]];
      p[i] = s->price[order[i]];
      l[i] = s->line[order[i]];
    }
  memcpy (s->date, d, s->n * sizeof *d);
  memcpy (s->price, p, s->n * sizeof *p);
  memcpy (s->line, l, s->n * sizeof *l);
  for (int c = 0; c < SERIES_NCOLS; c++)
    if (s->col[c])
      {
        for (size_t i = 0; i < s->n; i++)
          p[i] = s->col[c][order[i]];
        memcpy (s->col[c], p, s->n * sizeof *p);
      }
  free (d);
  free (p);
  free (l);
}

static const evs_series *sort_series;

/* Ties are broken by line so that the duplicate message names the lines
 * in file order whatever qsort does. */
static int
cmp_rows (const void *a, const void *b)
{
  size_t i = *(const size_t *) a, j = *(const size_t *) b;
  int32_t di = sort_series->date[i], dj = sort_series->date[j];
  if (di != dj)
    return di < dj ? -1 : 1;
  uint32_t li = sort_series->line[i], lj = sort_series->line[j];
  return li < lj ? -1 : li > lj;
}

int
series_finish (evs_series *s, int date_col, evs_error *err)
{
  if (!is_sorted (s))
    {
      size_t *order = evs_xmalloc (s->n * sizeof *order);
      if (is_reversed (s))
        for (size_t i = 0; i < s->n; i++)
          order[i] = s->n - 1 - i;
      else
        {
          for (size_t i = 0; i < s->n; i++)
            order[i] = i;
          sort_series = s;
          qsort (order, s->n, sizeof *order, cmp_rows);
        }
      permute (s, order);
      free (order);
    }
  for (size_t i = 1; i < s->n; i++)
    if (s->date[i] == s->date[i - 1])
      {
        char b[11];
        return evs_fail (err, EVS_EDATA,
                         "%s:%u:%d: duplicate date '%s' (also on line %u)",
                         s->source, (unsigned) s->line[i], date_col,
                         date_format (s->date[i], b), (unsigned) s->line[i - 1]);
      }
  return EVS_OK;
}

size_t
series_lower_bound (const evs_series *s, int32_t day)
{
  return date_lower_bound (s->date, s->n, day);
}

void
series_list_init (evs_series_list *l)
{
  memset (l, 0, sizeof *l);
}

void
series_list_release (evs_series_list *l)
{
  for (size_t i = 0; i < l->n; i++)
    series_release (&l->v[i]);
  free (l->v);
  series_list_init (l);
}

evs_series *
series_list_add (evs_series_list *l)
{
  evs_grow ((void **) &l->v, &l->cap, l->n + 1, sizeof *l->v);
  series_init (&l->v[l->n]);
  return &l->v[l->n++];
}

evs_series *
series_list_find (evs_series_list *l, const char *ticker)
{
  for (size_t i = 0; i < l->n; i++)
    if (l->v[i].ticker && strcasecmp (l->v[i].ticker, ticker) == 0)
      return &l->v[i];
  return NULL;
}

/* The length of TICKER's key: without a leading '^' (*START moved past
 * it) and up to its first '.' (the exchange suffix). */
static size_t
ticker_key (const char **start)
{
  if (**start == '^')
    ++*start;
  return strcspn (*start, ".");
}

bool
series_ticker_near (const char *a, const char *b)
{
  size_t na = ticker_key (&a), nb = ticker_key (&b);
  return na && na == nb && strncasecmp (a, b, na) == 0;
}
