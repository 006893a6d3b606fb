/* series_spill.c -- rows of price series set aside in a temporary file
 * (see series_spill.h).  A chunk is the arrays of one series as they are
 * in memory, one after the other: dates, prices, lines, then each kept
 * column; the chunks of a series are chained, so taking them back reads
 * only that series' chunks. */
#define _GNU_SOURCE 1 /* pread, pwrite, mkostemp */
#include <config.h>
#include "series_spill.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
series_spill_init (series_spill *sp)
{
  memset (sp, 0, sizeof *sp);
  sp->fd = -1;
}

void
series_spill_release (series_spill *sp)
{
  if (sp->fd >= 0)
    close (sp->fd);
  free (sp->chunk);
  free (sp->head);
  free (sp->tail);
  series_spill_init (sp);
}

static int
spill_fail (const char *what, evs_error *err)
{
  return evs_fail (err, EVS_EIO, "temporary file of the import: cannot %s: %s", what,
                   strerror (errno));
}

/* The unlinked temporary file, made on first use. */
static int
spill_open (series_spill *sp, evs_error *err)
{
  if (sp->fd >= 0)
    return EVS_OK;
  const char *dir = getenv ("TMPDIR");
  if (!dir || !*dir)
    dir = "/tmp";
  size_t n = strlen (dir) + sizeof "/evstudy-import-XXXXXX";
  char *path = evs_xmalloc (n);
  snprintf (path, n, "%s/evstudy-import-XXXXXX", dir);
  sp->fd = mkostemp (path, O_CLOEXEC);
  if (sp->fd >= 0)
    unlink (path);
  free (path);
  return sp->fd >= 0 ? EVS_OK : spill_fail ("create it", err);
}

static int
write_all (series_spill *sp, const void *buf, size_t len, evs_error *err)
{
  const char *p = buf;
  while (len)
    {
      ssize_t k = pwrite (sp->fd, p, len, sp->end);
      if (k < 0 && errno == EINTR)
        continue;
      if (k <= 0)
        return spill_fail ("write it", err);
      p += k, len -= (size_t) k, sp->end += k;
    }
  return EVS_OK;
}

static int
read_all (const series_spill *sp, void *buf, size_t len, off_t off, evs_error *err)
{
  char *p = buf;
  while (len)
    {
      ssize_t k = pread (sp->fd, p, len, off);
      if (k < 0 && errno == EINTR)
        continue;
      if (k <= 0)
        {
          if (k == 0)
            errno = EIO;   /* shorter than written */
          return spill_fail ("read it back", err);
        }
      p += k, len -= (size_t) k, off += k;
    }
  return EVS_OK;
}

/* Makes room for series IDX in the per-series chains. */
static void
grow_series (series_spill *sp, size_t idx)
{
  if (idx < sp->nseries)
    return;
  size_t n = sp->nseries ? sp->nseries : 64;
  while (n <= idx)
    n *= 2;
  sp->head = evs_xrealloc (sp->head, n * sizeof *sp->head);
  sp->tail = evs_xrealloc (sp->tail, n * sizeof *sp->tail);
  memset (sp->head + sp->nseries, 0, (n - sp->nseries) * sizeof *sp->head);
  memset (sp->tail + sp->nseries, 0, (n - sp->nseries) * sizeof *sp->tail);
  sp->nseries = n;
}

/* Frees the row arrays of S, keeping its names. */
static void
drop_rows (evs_series *s)
{
  free (s->date);
  free (s->price);
  free (s->line);
  s->date = NULL, s->price = NULL, s->line = NULL;
  for (int c = 0; c < SERIES_NCOLS; c++)
    {
      free (s->col[c]);
      s->col[c] = NULL;
    }
  s->n = s->cap = 0;
}

int
series_spill_put (series_spill *sp, size_t idx, evs_series *s, evs_error *err)
{
  if (s->n == 0)
    return EVS_OK;
  int rc = spill_open (sp, err);
  off_t off = sp->end;
  size_t n = s->n;
  if (rc == EVS_OK)
    rc = write_all (sp, s->date, n * sizeof *s->date, err);
  if (rc == EVS_OK)
    rc = write_all (sp, s->price, n * sizeof *s->price, err);
  if (rc == EVS_OK)
    rc = write_all (sp, s->line, n * sizeof *s->line, err);
  for (int c = 0; rc == EVS_OK && c < SERIES_NCOLS; c++)
    if (s->kept & (1u << c))
      rc = write_all (sp, s->col[c], n * sizeof *s->col[c], err);
  if (rc != EVS_OK)
    return rc;
  evs_grow ((void **) &sp->chunk, &sp->chunk_cap, sp->nchunk + 1, sizeof *sp->chunk);
  grow_series (sp, idx);
  sp->chunk[sp->nchunk] = (struct series_spill_chunk) { off, n, 0 };
  if (sp->tail[idx])
    sp->chunk[sp->tail[idx] - 1].next = sp->nchunk + 1;
  else
    sp->head[idx] = sp->nchunk + 1;
  sp->tail[idx] = ++sp->nchunk;
  sp->rows += n;
  drop_rows (s);
  return EVS_OK;
}

/* Reads chunk C of series S into row AT of the arrays of S. */
static int
read_chunk (const series_spill *sp, const struct series_spill_chunk *c, evs_series *s,
            size_t at, evs_error *err)
{
  size_t n = c->n;
  off_t off = c->off;
  int rc = read_all (sp, s->date + at, n * sizeof *s->date, off, err);
  off += (off_t) (n * sizeof *s->date);
  if (rc == EVS_OK)
    rc = read_all (sp, s->price + at, n * sizeof *s->price, off, err);
  off += (off_t) (n * sizeof *s->price);
  if (rc == EVS_OK)
    rc = read_all (sp, s->line + at, n * sizeof *s->line, off, err);
  off += (off_t) (n * sizeof *s->line);
  for (int k = 0; rc == EVS_OK && k < SERIES_NCOLS; k++)
    if (s->kept & (1u << k))
      {
        rc = read_all (sp, s->col[k] + at, n * sizeof *s->col[k], off, err);
        off += (off_t) (n * sizeof *s->col[k]);
      }
  return rc;
}

int
series_spill_take (series_spill *sp, size_t idx, evs_series *s, evs_error *err)
{
  if (idx >= sp->nseries || !sp->head[idx])
    return EVS_OK;
  size_t spilled = 0;
  for (size_t c = sp->head[idx]; c; c = sp->chunk[c - 1].next)
    spilled += sp->chunk[c - 1].n;
  /* New arrays: the spilled rows, then those in memory. */
  evs_series t = *s;
  size_t total = spilled + s->n;
  t.cap = total;
  t.date = evs_xmalloc (total * sizeof *t.date);
  t.price = evs_xmalloc (total * sizeof *t.price);
  t.line = evs_xmalloc (total * sizeof *t.line);
  for (int k = 0; k < SERIES_NCOLS; k++)
    t.col[k] = s->kept & (1u << k) ? evs_xmalloc (total * sizeof *t.col[k]) : NULL;
  int rc = EVS_OK;
  size_t at = 0;
  for (size_t c = sp->head[idx]; rc == EVS_OK && c; c = sp->chunk[c - 1].next)
    {
      rc = read_chunk (sp, &sp->chunk[c - 1], &t, at, err);
      at += sp->chunk[c - 1].n;
    }
  if (s->n)
    {
      memcpy (t.date + at, s->date, s->n * sizeof *t.date);
      memcpy (t.price + at, s->price, s->n * sizeof *t.price);
      memcpy (t.line + at, s->line, s->n * sizeof *t.line);
      for (int k = 0; k < SERIES_NCOLS; k++)
        if (t.col[k])
          memcpy (t.col[k] + at, s->col[k], s->n * sizeof *t.col[k]);
    }
  drop_rows (s);
  s->date = t.date, s->price = t.price, s->line = t.line;
  memcpy (s->col, t.col, sizeof s->col);
  s->n = s->cap = total;
  sp->head[idx] = sp->tail[idx] = 0;
  return rc;
}
