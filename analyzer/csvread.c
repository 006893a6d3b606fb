/* csvread.c -- rows of a CSV file from libcsv, with line numbers.
 *
 * libcsv does the parsing; this module only decides what to feed it and
 * when.  Input is fed one physical line at a time (LF, CR or CRLF ends a
 * line), so that the line a row starts on is known: it is the first line
 * with anything but blanks since the previous row ended.  libcsv keeps
 * the state of a field that is cut by the end of a read buffer or spans
 * lines, so nothing has to be carried over between buffers.
 *
 * libcsv does not tell its field callback whether the field was quoted;
 * its public struct does (csv_parser.quoted) between calls.  So a line
 * holding a quote is fed in pieces cut before each comma and before the
 * line end, and the flag is read before the byte that submits a field.
 * Lines without quotes, nearly all of a price file, go in one call.
 *
 * Field bytes are copied into one arena per row and the field array is
 * reused, so reading allocates nothing per field once warmed up.
 */
#include <config.h>
#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes read from a file (or taken from a buffer) at a time. */
#define CHUNK (1u << 20)
/* Growth step of libcsv's field buffer: large, so that a long field does
 * not cost thousands of reallocs. */
#define CSV_BLOCK (1u << 16)

size_t csvread_row_limit = CSVREAD_MAX_ROWS;

typedef struct reader {
  const char *name;
  csvread_row_fn fn;
  void *ctx;
  evs_error *err;
  struct csv_parser p;
  int status;            /* first error; EVS_OK while reading */
  size_t line;           /* current physical line, 1-based */
  size_t row_line;       /* line the current row started on */
  size_t quote_line;     /* line the open quoted field started on */
  size_t quote_col;      /* and its field number, 1-based */
  size_t rows;           /* rows handed to FN */
  size_t data_rows;      /* of which FN accepted as data */
  bool in_row;           /* a row has started and not ended */
  bool quote_open;       /* libcsv is inside a quoted field */
  bool next_quoted;      /* quoted flag of the field libcsv submits next */
  bool after_cr;         /* the last buffer ended in CR (maybe CRLF) */
  bool at_start;         /* nothing fed yet: a BOM may come */
  size_t row_limit;      /* data rows allowed: csvread_row_limit, or
                            none for a piece (the caller adds them up) */
  csvread_field *fields; /* current row; .s set when the row is complete */
  size_t *off;           /* offset of each field in ARENA */
  size_t nfields, fields_cap, off_cap;
  char *arena;
  size_t arena_len, arena_cap;
} reader;

/* Where the next line end, quote and NUL lie in the current buffer;
 * each is searched for again only once passed, so every byte is
 * scanned a constant number of times. */
typedef struct scan {
  const char *end, *lf, *cr, *quote, *nul;
} scan;

static void
reader_init (reader *r, const char *name, csvread_row_fn fn, void *ctx,
             evs_error *err)
{
  memset (r, 0, sizeof *r);
  r->name = name;
  r->fn = fn;
  r->ctx = ctx;
  r->err = err;
  r->line = 1;
  r->at_start = true;
  r->row_limit = csvread_row_limit;
  /* Strict: a stray quote is an error rather than a guess; strict fini
   * reports a quote left open at the end of the file. */
  csv_init (&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
  csv_set_realloc_func (&r->p, evs_xrealloc);
  csv_set_blk_size (&r->p, CSV_BLOCK);
  r->arena_cap = 4096;
  r->arena = evs_xmalloc (r->arena_cap);
}

static void
reader_release (reader *r)
{
  csv_free (&r->p);
  free (r->fields);
  free (r->off);
  free (r->arena);
}

/* Records the first error; later callbacks of the same csv_parse call
 * see it and do nothing. */
static int
reader_fail (reader *r, size_t line, const char *what)
{
  if (r->status == EVS_OK)
    r->status = evs_fail (r->err, EVS_EDATA, "%s:%zu: %s", r->name, line, what);
  return r->status;
}

/* "NAME:LINE:COL: WHAT", COL the 1-based number of the field at fault. */
static int
reader_fail_at (reader *r, size_t line, size_t col, const char *what)
{
  if (r->status == EVS_OK)
    r->status = evs_fail (r->err, EVS_EDATA, "%s:%zu:%zu: %s", r->name, line, col, what);
  return r->status;
}

static int
fail_field_length (reader *r)
{
  char what[64];
  snprintf (what, sizeof what, "field longer than %u bytes", CSVREAD_MAX_FIELD);
  return reader_fail_at (r, r->row_line, r->nfields + 1, what);
}

/* Whether the row can take one more field of LEN bytes; records the
 * error otherwise. */
static bool
field_fits (reader *r, size_t len)
{
  if (len > CSVREAD_MAX_FIELD)
    {
      fail_field_length (r);
      return false;
    }
  if (r->nfields == CSVREAD_MAX_FIELDS)
    {
      char what[64];
      snprintf (what, sizeof what, "more than %d fields in a row", CSVREAD_MAX_FIELDS);
      reader_fail_at (r, r->row_line, (size_t) CSVREAD_MAX_FIELDS + 1, what);
      return false;
    }
  return true;
}

/* Records the next field of the row: LEN bytes at offset OFF of the
 * arena, NUL-terminated there. */
static inline void
add_field (reader *r, size_t off, size_t len, bool quoted)
{
  /* Tested here first: this runs for every field of the file. */
  if (r->nfields + 1 > r->fields_cap || r->nfields + 1 > r->off_cap)
    {
      evs_grow ((void **) &r->fields, &r->fields_cap, r->nfields + 1, sizeof *r->fields);
      evs_grow ((void **) &r->off, &r->off_cap, r->nfields + 1, sizeof *r->off);
    }
  r->off[r->nfields] = off;
  r->fields[r->nfields].len = len;
  r->fields[r->nfields].quoted = quoted;
  r->nfields++;
}

/* libcsv field callback: copies the field into the row arena. */
static void
on_field (void *s, size_t len, void *data)
{
  reader *r = data;
  bool quoted = r->next_quoted;
  r->next_quoted = false;
  if (r->status != EVS_OK || !field_fits (r, len))
    return;
  if (r->arena_len + len + 1 > r->arena_cap)
    evs_grow ((void **) &r->arena, &r->arena_cap, r->arena_len + len + 1, 1);
  memcpy (r->arena + r->arena_len, s, len);
  r->arena[r->arena_len + len] = '\0';
  add_field (r, r->arena_len, len, quoted);
  r->arena_len += len + 1;
}

/* libcsv row callback: hands the complete row to the caller.  The
 * arena may have moved while the row grew, hence pointers only now.
 * Only the caller knows which rows are data (a header is not), so the
 * data-row limit is checked after it has seen the row: the first data
 * row past the limit is the error, and no more are read. */
static void
on_row (int c, void *data)
{
  reader *r = data;
  r->in_row = false;
  if (r->status != EVS_OK)
    return;
  for (size_t i = 0; i < r->nfields; i++)
    r->fields[i].s = r->arena + r->off[i];
  r->rows++;
  int rc = r->fn (r->ctx, r->row_line, r->nfields, r->fields, r->err);
  if (rc == CSVREAD_NOT_DATA)
    rc = EVS_OK;
  else if (rc == EVS_OK && ++r->data_rows > r->row_limit)
    {
      char what[64];
      snprintf (what, sizeof what, "more than %zu data rows", r->row_limit);
      rc = reader_fail (r, r->row_line, what);
    }
  r->status = rc;
  r->nfields = 0;
  r->arena_len = 0;
}

/* Feeds S[0..N) to libcsv and checks what libcsv cannot: a field
 * growing past the limit (caught here, before a hostile file fills
 * memory) and a parse error in strict mode. */
static int
parse (reader *r, const char *s, size_t n)
{
  size_t used = csv_parse (&r->p, s, n, on_field, on_row, r);
  if (r->status != EVS_OK)
    return r->status;
  if (used < n || csv_error (&r->p) != CSV_SUCCESS)
    return reader_fail_at (r, r->line, r->nfields + 1, "misplaced quote");
  /* libcsv's buffer also holds a quoted field's closing quote and the
   * blanks after a field, dropped on submission; on_field checks the
   * exact length.  Blanks count too once they pass the limit, so that
   * memory stays bounded whatever the file. */
  size_t blanks = r->p.spaces <= CSVREAD_MAX_FIELD ? r->p.spaces : 0;
  if (r->p.entry_pos > CSVREAD_MAX_FIELD + 1 + blanks)
    return fail_field_length (r);
  if (!r->p.quoted)
    r->quote_open = false;
  else if (!r->quote_open)
    {
      r->quote_open = true;
      r->quote_line = r->line;
      r->quote_col = r->nfields + 1;
    }
  return EVS_OK;
}

/* Feeds the byte(s) at S that may submit a field (comma or line end),
 * telling on_field whether that field was quoted. */
static int
parse_delim (reader *r, const char *s, size_t n)
{
  r->next_quoted = r->p.quoted;
  return parse (r, s, n);
}

/* Feeds a line that holds a quote, or continues a quoted field, in
 * pieces: BODY[0..N) up to the line end, then the line end TERM[0..TN). */
static int
parse_pieces (reader *r, const char *body, size_t n, const char *term, size_t tn)
{
  const char *end = body + n, *comma;
  int rc;
  while ((comma = memchr (body, ',', (size_t) (end - body))))
    {
      if ((rc = parse (r, body, (size_t) (comma - body))) != EVS_OK
          || (rc = parse_delim (r, comma, 1)) != EVS_OK)
        return rc;
      body = comma + 1;
    }
  if ((rc = parse (r, body, (size_t) (end - body))) != EVS_OK)
    return rc;
  return tn ? parse_delim (r, term, tn) : EVS_OK;
}

static bool
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
is_space (char c)
{
  return c == ' ' || c == '\t';
}

/* The first comma in S[I..N), or N: eight bytes at a time (the word has
 * a zero byte where the comma is, Mycroft's test; the lowest byte
 * flagged is a true one, as a borrow only moves up), then byte by byte. */
static size_t
find_comma (const char *s, size_t i, size_t n)
{
#if defined __GNUC__ && defined __BYTE_ORDER__ && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  const uint64_t ones = UINT64_C (0x0101010101010101), commas = ones * ',';
  for (; i + 8 <= n; i += 8)
    {
      uint64_t v;
      memcpy (&v, s + i, sizeof v);
      v ^= commas;
      uint64_t z = (v - ones) & ~v & (ones << 7);
      if (z)
        return i + (size_t) __builtin_ctzll (z) / 8;
    }
#endif
  while (i < n && s[i] != ',')
    i++;
  return i;
}

/* A whole line without quotes, at the start of a row, split here rather
 * than by libcsv (byte by byte through its state machine, two fifths of
 * the estudy2 job's time), with libcsv's rules: blanks (space, tab)
 * around an unquoted field are dropped, a line of blanks is no row.  The
 * fields are found in S, then the line is copied into the arena at once
 * and each field's end there overwritten by its NUL (the comma or a
 * blank after the field). */
static int
fast_line (reader *r, const char *s, size_t n)
{
  const char *end = s + n;
  while (s < end && is_space (*s))
    s++;
  if (s == end)
    return EVS_OK;
  n = (size_t) (end - s);
  for (size_t i = 0;;)
    {
      size_t b = i, e;
      i = find_comma (s, i, n);
      for (e = i; e > b && is_space (s[e - 1]); e--)
        ;
      if (!field_fits (r, e - b))
        return r->status;
      add_field (r, b, e - b, false);
      if (i == n)
        break;
      for (i++; i < n && is_space (s[i]); i++)
        ;
    }
  if (n + 1 > r->arena_cap)
    evs_grow ((void **) &r->arena, &r->arena_cap, n + 1, 1);
  memcpy (r->arena, s, n);
  for (size_t f = 0; f < r->nfields; f++)
    r->arena[r->off[f] + r->fields[f].len] = '\0';
  r->arena_len = n + 1;
  on_row ('\n', r);
  return r->status;
}

/* Feeds one physical line, or the part of it in this buffer: BODY[0..N)
 * then its line end TERM[0..TN) (TN = 0 if the line goes on).
 * HAS_QUOTE says whether BODY holds a quote character. */
static int
feed_line (reader *r, const char *body, size_t n, size_t tn, bool has_quote)
{
  if (!r->in_row)
    {
      size_t i = 0;
      while (i < n && is_blank (body[i]))
        i++;
      if (i < n)
        {
          r->in_row = true;
          r->row_line = r->line;
        }
    }
  if (has_quote || r->p.quoted)
    return parse_pieces (r, body, n, body + n, tn);
  /* libcsv's state 0 (ROW_NOT_BEGUN) with nothing buffered: the line
   * starts a row and ends in this buffer. */
  if (tn && r->p.pstate == 0 && r->p.entry_pos == 0)
    return fast_line (r, body, n);
  r->next_quoted = false;
  return parse (r, body, n + tn);
}

/* The first C in [POS, END), or END. */
static const char *
search (const char *pos, const char *end, char c)
{
  const char *f = memchr (pos, c, (size_t) (end - pos));
  return f ? f : end;
}

/* Moves a cached search result past POS when POS has gone beyond it. */
static const char *
find (const char *cached, const char *pos, const char *end, char c)
{
  return cached >= pos ? cached : search (pos, end, c);
}

/* Feeds the next line of the buffer starting at P; returns where the
 * following line starts, or NULL after an error. */
/* The number of the field the NUL at NUL falls in, its line starting at
 * P: the row's fields so far, then the commas outside quotes before it. */
static size_t
nul_field (const reader *r, const char *p, const char *nul)
{
  size_t col = r->nfields + 1;
  bool quoted = r->quote_open;
  for (; p < nul; p++)
    if (*p == '"')
      quoted = !quoted;
    else if (*p == ',' && !quoted)
      col++;
  return col;
}

static const char *
feed_next_line (reader *r, scan *sc, const char *p)
{
  sc->lf = find (sc->lf, p, sc->end, '\n');
  sc->cr = find (sc->cr, p, sc->end, '\r');
  sc->quote = find (sc->quote, p, sc->end, '"');
  const char *eol = sc->lf < sc->cr ? sc->lf : sc->cr;
  const char *next = eol < sc->end ? eol + 1 : sc->end;
  if (eol == sc->cr && next < sc->end && *next == '\n')
    next++;
  if (eol == sc->cr && next == sc->end && eol < sc->end)
    r->after_cr = true;          /* an LF may open the next buffer */
  if (sc->nul < next)
    {
      reader_fail_at (r, r->line, nul_field (r, p, sc->nul), "NUL byte");
      return NULL;
    }
  if (feed_line (r, p, (size_t) (eol - p), (size_t) (next - eol),
                 sc->quote < eol) != EVS_OK)
    return NULL;
  if (eol < sc->end)
    r->line++;
  return next;
}

/* Feeds BUF[0..LEN), the next part of the input. */
static int
feed_chunk (reader *r, const char *buf, size_t len)
{
  const char *p = buf, *end = buf + len;
  if (r->at_start && len >= 3 && memcmp (buf, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  r->at_start = false;
  if (r->after_cr && p < end && *p == '\n')
    {
      /* The LF of a CRLF cut by the buffer: the line was counted. */
      r->next_quoted = r->p.quoted;
      if (parse (r, p, 1) != EVS_OK)
        return r->status;
      p++;
    }
  r->after_cr = false;
  scan sc = { end, search (p, end, '\n'), search (p, end, '\r'),
              search (p, end, '"'), search (p, end, '\0') };
  while (p && p < end)
    p = feed_next_line (r, &sc, p);
  return r->status;
}

/* Ends the input: submits a last row without a line end, and reports an
 * open quote or an input without any row. */
static int
reader_finish (reader *r)
{
  r->next_quoted = r->p.quoted;
  if (csv_fini (&r->p, on_field, on_row, r) != 0)
    return reader_fail_at (r, r->quote_open ? r->quote_line : r->line,
                           r->quote_open ? r->quote_col : r->nfields + 1,
                           "unterminated quoted field");
  if (r->status != EVS_OK)
    return r->status;
  if (r->rows == 0)
    return r->status = evs_fail (r->err, EVS_EDATA, "%s: empty file", r->name);
  return EVS_OK;
}

/* Feeds BUF[0..LEN) in slices like a file, so that one huge line in
 * memory is caught by the field limit before libcsv has copied all of
 * it. */
static int
feed_buffer (reader *r, const char *buf, size_t len)
{
  int rc = EVS_OK;
  for (size_t o = 0; o < len && rc == EVS_OK; o += CHUNK)
    rc = feed_chunk (r, buf + o, len - o < CHUNK ? len - o : CHUNK);
  return rc;
}

int
csvread_buffer (const char *name, const char *buf, size_t len,
                csvread_row_fn fn, void *ctx, evs_error *err)
{
  reader r;
  reader_init (&r, name, fn, ctx, err);
  int rc = feed_buffer (&r, buf, len);
  if (rc == EVS_OK)
    rc = reader_finish (&r);
  reader_release (&r);
  return rc;
}

/* ------------------------------------------------------------ pieces */

int
csvread_piece (const char *name, const char *buf, size_t len,
               const csvread_piece_opts *po, csvread_row_fn fn, void *ctx,
               size_t *data_rows, evs_error *err)
{
  reader r;
  reader_init (&r, name, fn, ctx, err);
  r.line = po->first_line;
  r.at_start = po->first;
  r.row_limit = SIZE_MAX;
  int rc = feed_buffer (&r, buf, len);
  if (rc == EVS_OK && !po->last && (r.p.quoted || r.in_row))
    rc = CSVREAD_SPLIT_BAD;   /* the cut fell inside a field or a row */
  else if (rc == EVS_OK)
    {
      /* reader_finish without its "empty file": a piece may hold only
       * blank lines. */
      r.rows += 1;
      rc = reader_finish (&r);
    }
  *data_rows = r.data_rows;
  reader_release (&r);
  return rc;
}

size_t
csvread_line_ends (const char *buf, size_t len)
{
  size_t n = 0;
  const char *p = buf, *end = buf + len;
  while ((p = memchr (p, '\n', (size_t) (end - p))))
    n++, p++;
  /* A CR ends a line too, unless an LF follows (CRLF, counted once). */
  for (p = buf; (p = memchr (p, '\r', (size_t) (end - p))); p++)
    if (p + 1 == end || p[1] != '\n')
      n++;
  return n;
}

/* A scan for cuts: the parity of the quotes before POS says whether
 * POS is inside a quoted field (a doubled quote toggles twice); QUOTE is
 * the first quote at or after POS, searched for once, so that every
 * byte is scanned a constant number of times whatever the cuts. */
typedef struct cut_scan {
  const char *buf, *end;
  const char *pos, *quote;
  bool inq;
} cut_scan;

static const char *
next_quote (const cut_scan *cs, const char *from)
{
  return search (from, cs->end, '"');
}

/* The first line start at or after FROM that is outside quotes; END if
 * none. */
static const char *
next_cut (cut_scan *cs, const char *from)
{
  while (cs->quote < from)
    {
      cs->inq = !cs->inq;
      cs->quote = next_quote (cs, cs->quote + 1);
    }
  const char *p = from;
  for (;;)
    {
      const char *nl = cs->inq ? NULL : memchr (p, '\n', (size_t) (cs->quote - p));
      if (nl)
        return cs->pos = nl + 1;
      if (cs->quote == cs->end)
        return cs->pos = cs->end;
      cs->inq = !cs->inq;
      p = cs->quote + 1;
      cs->quote = next_quote (cs, p);
    }
}

size_t
csvread_split (const char *buf, size_t len, size_t n, size_t *cut)
{
  cut_scan cs = { buf, buf + len, buf, NULL, false };
  cs.quote = next_quote (&cs, buf);
  size_t k = 0;
  cut[k++] = 0;
  for (size_t i = 1; i < n && cs.pos < cs.end; i++)
    {
      const char *target = buf + len / n * i;
      if (target < cs.pos)
        continue;
      size_t c = (size_t) (next_cut (&cs, target) - buf);
      if (c < len && c > cut[k - 1])
        cut[k++] = c;
    }
  cut[k] = len;
  return k;
}

/* Reads F to the end through R, showing each piece to TAP if not NULL;
 * EVS_EIO on a read error (a directory opens but fails here with
 * EISDIR). */
static int
read_stream (reader *r, FILE *f, const char *name, csvread_tap_fn tap,
             void *tap_ctx, evs_error *err)
{
  char *buf = evs_xmalloc (CHUNK);
  int rc = EVS_OK;
  for (bool first = true;; first = false)
    {
      size_t n = fread (buf, 1, CHUNK, f);
      if (n > 0 && tap && (rc = tap (tap_ctx, buf, n, first, err)) != EVS_OK)
        break;
      if (n > 0 && (rc = feed_chunk (r, buf, n)) != EVS_OK)
        break;
      if (n < CHUNK)
        {
          if (ferror (f))
            rc = evs_fail (err, EVS_EIO, "%s: cannot read: %s", name,
                           strerror (errno));
          break;
        }
    }
  free (buf);
  return rc;
}

int
csvread_file_tap (const char *path, const char *name, csvread_row_fn fn,
                  void *ctx, csvread_tap_fn tap, void *tap_ctx, evs_error *err)
{
  bool in = strcmp (path, "-") == 0;
  FILE *f = in ? stdin : fopen (path, "rb");
  if (!f)
    return evs_fail (err, EVS_EIO, "%s: cannot read: %s", name, strerror (errno));
  reader r;
  reader_init (&r, name, fn, ctx, err);
  int rc = read_stream (&r, f, name, tap, tap_ctx, err);
  if (rc == EVS_OK)
    rc = reader_finish (&r);
  reader_release (&r);
  if (!in)
    fclose (f);
  return rc;
}

int
csvread_file (const char *path, const char *name, csvread_row_fn fn,
              void *ctx, evs_error *err)
{
  return csvread_file_tap (path, name, fn, ctx, NULL, NULL, err);
}

static char
ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? (char) (c - 'A' + 'a') : c;
}

bool
csvread_field_is (const csvread_field *f, const char *name)
{
  const char *s = f->s, *e = f->s + f->len;
  while (s < e && (*s == ' ' || *s == '\t'))
    s++;
  while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
    e--;
  size_t n = strlen (name);
  if ((size_t) (e - s) != n)
    return false;
  for (size_t i = 0; i < n; i++)
    if (ascii_lower (s[i]) != ascii_lower (name[i]))
      return false;
  return true;
}
