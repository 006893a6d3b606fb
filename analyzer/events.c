/* events.c -- read the events timeline. */
#include <config.h>
#include "events.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "csvread.h"

enum { C_DATE, C_LABEL, C_TIME, C_TZ, C_COMPANY, C_SOURCE, C_TICKERS, C_N };

typedef struct reader {
  evs_timeline *t;
  const char *name;
  int col[C_N];          /* field index of each known column, or -1 */
  int *extra_col;        /* field index of each extra column */
  size_t nfields;        /* fields in the header */
  bool have_header;
} reader;

static int
known_column (const csvread_field *f)
{
  static const struct { const char *name; int col; } names[] = {
    { "date", C_DATE }, { "label", C_LABEL }, { "event", C_LABEL },
    { "title", C_LABEL }, { "name", C_LABEL }, { "time", C_TIME },
    { "timezone", C_TZ }, { "tz", C_TZ }, { "company", C_COMPANY },
    { "source", C_SOURCE }, { "tickers", C_TICKERS }, { "ticker", C_TICKERS },
  };
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (csvread_field_is (f, names[i].name))
      return names[i].col;
  return -1;
}

static int
read_header (reader *r, size_t nf, const csvread_field *f, evs_error *err)
{
  evs_timeline *t = r->t;
  for (int c = 0; c < C_N; c++)
    r->col[c] = -1;
  r->extra_col = evs_xcalloc (nf, sizeof *r->extra_col);
  t->extra_names = evs_xcalloc (nf, sizeof *t->extra_names);
  for (size_t i = 0; i < nf; i++)
    {
      int c = known_column (&f[i]);
      if (c >= 0 && r->col[c] < 0)
        r->col[c] = (int) i;
      else if (f[i].len > 0)
        {
          r->extra_col[t->nextra] = (int) i;
          t->extra_names[t->nextra++] = evs_xstrndup (f[i].s, f[i].len);
        }
    }
  r->nfields = nf;
  r->have_header = true;
  if (r->col[C_DATE] < 0)
    return evs_fail (err, EVS_EDATA, "%s:1: no 'date' column", r->name);
  if (r->col[C_LABEL] < 0)
    return evs_fail (err, EVS_EDATA,
                     "%s:1: no 'label' column (also accepted: event, title, name)",
                     r->name);
  return EVS_OK;
}

/* Field C of the row as a new string ("" when the column is absent). */
static char *
field_dup (const reader *r, size_t nf, const csvread_field *f, int c)
{
  if (c < 0 || (size_t) c >= nf)
    return evs_xstrdup ("");
  return evs_xstrndup (f[c].s, f[c].len);
}

void
events_split_tickers (evs_event *e, const char *s)
{
  size_t cap = 0;
  e->tickers = NULL;
  for (;;)
    {
      s += strspn (s, " ;,\t");
      size_t len = strcspn (s, " ;,\t");
      if (len == 0)
        break;
      evs_grow ((void **) &e->tickers, &cap, e->ntickers + 2, sizeof *e->tickers);
      e->tickers[e->ntickers++] = evs_xstrndup (s, len);
      s += len;
    }
  if (!e->tickers)
    e->tickers = evs_xcalloc (1, sizeof *e->tickers);
  e->tickers[e->ntickers] = NULL;
}

/* Works out the instant of the announcement from the date's own offset,
 * or from the time and timezone columns. */
static int
event_instant (const reader *r, evs_event *e, size_t line, const char *time,
               const char *tz, evs_error *err)
{
  char q[128];
  int minute;
  date_stamp *st = &e->stamp;
  if (st->has_time && st->has_offset)
    {
      e->has_instant = true;
      e->instant = (int64_t) st->day * 86400 + (int64_t) (st->minute - st->offset_min) * 60
                   + st->second;
      return EVS_OK;
    }
  if (*time && !date_parse_hhmm (time, strlen (time), &minute))
    return evs_fail (err, EVS_EDATA, "%s:%zu:%d: invalid time '%s'", r->name,
                     line, r->col[C_TIME] + 1, evs_quote (q, sizeof q, time, strlen (time)));
  if (st->has_time && *time)
    return evs_fail (err, EVS_EDATA, "%s:%zu:%d: time given twice, in the date and the time column",
                     r->name, line, r->col[C_TIME] + 1);
  if (st->has_time)
    minute = st->minute;
  if (*tz && !calendar_tz_valid (tz))
    return evs_fail (err, EVS_EDATA, "%s:%zu:%d: unknown timezone '%s'", r->name,
                     line, r->col[C_TZ] + 1, evs_quote (q, sizeof q, tz, strlen (tz)));
  if (!*time && !st->has_time)
    return EVS_OK;           /* a date alone: day 0 is that date's session */
  if (!*tz)
    return evs_fail (err, EVS_EDATA,
                     "%s:%zu:%d: time without a timezone (add a timezone column or an offset)",
                     r->name, line, (*time ? r->col[C_TIME] : r->col[C_DATE]) + 1);
  if (!calendar_local_to_utc (tz, st->day, minute, &e->instant))
    return evs_fail (err, EVS_EDATA, "%s:%zu: cannot convert the time to UTC", r->name, line);
  if (st->has_time)
    e->instant += st->second;
  e->has_instant = true;
  return EVS_OK;
}

static int
read_event (reader *r, size_t line, size_t nf, const csvread_field *f,
            evs_error *err)
{
  evs_timeline *t = r->t;
  char q[128];
  if (t->n >= EVENTS_MAX_ROWS)
    return evs_fail (err, EVS_EDATA, "%s:%zu: more than %d events", r->name,
                     line, EVENTS_MAX_ROWS);
  evs_grow ((void **) &t->v, &t->cap, t->n + 1, sizeof *t->v);
  evs_event *e = &t->v[t->n];
  memset (e, 0, sizeof *e);
  e->row = t->n + 1;
  e->line = (uint32_t) line;
  e->date_text = field_dup (r, nf, f, r->col[C_DATE]);
  e->label = field_dup (r, nf, f, r->col[C_LABEL]);
  e->company = field_dup (r, nf, f, r->col[C_COMPANY]);
  e->source = field_dup (r, nf, f, r->col[C_SOURCE]);
  char *tick = field_dup (r, nf, f, r->col[C_TICKERS]);
  events_split_tickers (e, tick);
  free (tick);
  e->extra = evs_xcalloc (t->nextra, sizeof *e->extra);
  for (size_t i = 0; i < t->nextra; i++)
    e->extra[i] = field_dup (r, nf, f, r->extra_col[i]);
  t->n++;            /* owned by T from here, so errors free it */

  const char *d = e->date_text;
  if (!date_parse_iso (d, strlen (d), &e->stamp))
    return evs_fail (err, EVS_EDATA, "%s:%zu:%d: invalid date '%s'", r->name, line,
                     r->col[C_DATE] + 1, evs_quote (q, sizeof q, d, strlen (d)));
  if (!*e->label)
    return evs_fail (err, EVS_EDATA, "%s:%zu:%d: empty label", r->name, line,
                     r->col[C_LABEL] + 1);
  char *time = field_dup (r, nf, f, r->col[C_TIME]);
  char *tz = field_dup (r, nf, f, r->col[C_TZ]);
  int rc = event_instant (r, e, line, time, tz, err);
  free (time);
  free (tz);
  return rc;
}

static int
on_row (void *ctx, size_t line, size_t nf, const csvread_field *f, evs_error *err)
{
  reader *r = ctx;
  if (!r->have_header)
    {
      int rc = read_header (r, nf, f, err);
      return rc == EVS_OK ? CSVREAD_NOT_DATA : rc;
    }
  if (nf != r->nfields)
    return evs_fail (err, EVS_EDATA, "%s:%zu: expected %zu fields, found %zu",
                     r->name, line, r->nfields, nf);
  return read_event (r, line, nf, f, err);
}

/* Shared by the file and buffer readers: BUF NULL means read PATH. */
static int
load (const char *path, const char *buf, size_t len, evs_timeline *out,
      evs_error *err)
{
  memset (out, 0, sizeof *out);
  out->source = evs_xstrdup (path);
  reader r = { .t = out, .name = path };
  int rc = buf ? csvread_buffer (path, buf, len, on_row, &r, err)
               : csvread_file (path, path, on_row, &r, err);
  free (r.extra_col);
  if (rc == EVS_OK && out->n == 0)
    rc = evs_fail (err, EVS_EDATA, "%s: no events", path);
  if (rc != EVS_OK)
    events_release (out);
  return rc;
}

int
events_load (const char *path, evs_timeline *out, evs_error *err)
{
  return load (path, NULL, 0, out, err);
}

int
events_load_buffer (const char *name, const char *buf, size_t len,
                    evs_timeline *out, evs_error *err)
{
  return load (name, buf, len, out, err);
}

static void
event_release (const evs_timeline *t, evs_event *e)
{
  free (e->date_text);
  free (e->label);
  free (e->company);
  free (e->source);
  for (size_t i = 0; i < e->ntickers; i++)
    free (e->tickers[i]);
  free (e->tickers);
  for (size_t i = 0; e->extra && i < t->nextra; i++)
    free (e->extra[i]);
  free (e->extra);
}

void
events_release (evs_timeline *t)
{
  for (size_t i = 0; i < t->n; i++)
    event_release (t, &t->v[i]);
  free (t->v);
  for (size_t i = 0; i < t->nextra; i++)
    free (t->extra_names[i]);
  free (t->extra_names);
  free (t->source);
  memset (t, 0, sizeof *t);
}

bool
events_applies (const evs_event *e, const char *ticker)
{
  if (e->ntickers == 0)
    return true;
  for (size_t i = 0; i < e->ntickers; i++)
    if (strcasecmp (e->tickers[i], ticker) == 0)
      return true;
  return false;
}

const char *
events_extra (const evs_timeline *t, const evs_event *e, const char *name)
{
  for (size_t i = 0; i < t->nextra; i++)
    if (strcasecmp (t->extra_names[i], name) == 0)
      return e->extra[i];
  return NULL;
}
