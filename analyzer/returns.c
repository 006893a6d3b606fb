/* returns.c -- align two price series and compute their returns. */
#include <config.h>
#include "returns.h"

#include "date.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double
ret (double p0, double p1, enum returns_kind kind)
{
  return kind == RETURNS_LOG ? log (p1 / p0) : p1 / p0 - 1.0;
}

void
returns_align (const evs_series *s, const evs_series *m,
               enum returns_kind kind, evs_aligned *out)
{
  size_t cap = s->n;
  memset (out, 0, sizeof *out);
  out->date = evs_xmalloc (cap * sizeof *out->date);
  out->r = evs_xmalloc (cap * sizeof *out->r);
  out->rm = m ? evs_xmalloc (cap * sizeof *out->rm) : NULL;
  double ps = NAN, pm = NAN;
  size_t j = 0;
  for (size_t i = 0; i < s->n; i++)
    {
      if (m)
        {
          while (j < m->n && m->date[j] < s->date[i])
            j++;
          if (j == m->n || m->date[j] != s->date[i])
            continue;
        }
      size_t k = out->n++;
      out->date[k] = s->date[i];
      out->r[k] = k ? ret (ps, s->price[i], kind) : NAN;
      ps = s->price[i];
      if (m)
        {
          out->rm[k] = k ? ret (pm, m->price[j], kind) : NAN;
          pm = m->price[j];
        }
    }
}

void
returns_align_volume (const evs_series *s, const evs_series *m,
                      evs_aligned *out)
{
  const double *v = s->col[SERIES_VOLUME];
  const double *vm = m ? m->col[SERIES_VOLUME] : NULL;
  size_t cap = s->n ? s->n : 1;
  memset (out, 0, sizeof *out);
  out->date = evs_xmalloc (cap * sizeof *out->date);
  out->r = evs_xmalloc (cap * sizeof *out->r);
  out->rm = m ? evs_xmalloc (cap * sizeof *out->rm) : NULL;
  size_t j = 0;
  for (size_t i = 0; i < s->n; i++)
    {
      if (!v || isnan (v[i]))
        continue;
      if (m)
        {
          while (j < m->n && m->date[j] < s->date[i])
            j++;
          if (j == m->n || m->date[j] != s->date[i] || !vm || isnan (vm[j]))
            continue;
        }
      size_t k = out->n++;
      out->date[k] = s->date[i];
      out->r[k] = k ? log1p (v[i]) : NAN;
      if (m)
        out->rm[k] = k ? log1p (vm[j]) : NAN;
    }
}

void
returns_release (evs_aligned *a)
{
  free (a->date);
  free (a->r);
  free (a->rm);
  free (a->f);
  free (a->rf);
  memset (a, 0, sizeof *a);
}

size_t
returns_lower_bound (const evs_aligned *a, int32_t day)
{
  return date_lower_bound (a->date, a->n, day);
}
