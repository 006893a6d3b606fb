/* numdiff -- compare two CSV files cell by cell, numbers with a tolerance.

   Usage: numdiff [--rtol X] [--atol Y] EXPECTED ACTUAL

   Both files are parsed with libcsv (RFC 4180 quoting; spaces are kept;
   blank lines are ignored).  They must have the same number of records and
   each record the same number of cells.  Two cells that both parse fully
   as numbers (strtod in the C locale, with at least one digit, no leading
   space) match when |a - b| <= rtol * max(|a|, |b|) + atol (defaults
   rtol 1e-9, atol 0; equal infinities match); any other pair must be
   byte-equal after CSV unquoting, so an empty cell matches only an empty
   cell.

   When the first record of EXPECTED is a header (no cell a number) and
   ACTUAL's header has every one of its names, columns are matched by
   name: ACTUAL may have more (fields added to evstudy's output after the
   reference was written; they are not compared), in any order.  Columns
   of the same name match in order.  Otherwise cells are compared by
   position and the records must have the same number of cells.

   The first mismatches are printed on stdout as
     LINE:COL: expected X, got Y (rel err Z)
   with LINE the line where the record starts in EXPECTED and COL counted
   from 1; text cells are shown in double quotes.

   Exit status: 0 the files match, 1 they differ, 2 usage, read or parse
   error.  */

#include <config.h>

#include <csv.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_SAME = 0, EXIT_DIFFERENT = 1, EXIT_TROUBLE = 2 };
enum { MAX_REPORTED = 10 };

static const char *program_name = "numdiff";

struct cell { char *text; size_t len; };
struct row { size_t line; size_t ncells, cap; struct cell *cells; };
struct table {
  const char *name;
  size_t nrows, cap;
  struct row *rows;
  size_t cur_line;     /* line being fed to the parser */
  bool in_row;         /* a record has started but not ended */
  bool nomem;
};

static _Noreturn void
usage (int status)
{
  if (status != EXIT_SAME)
    fprintf (stderr, "Try '%s --help' for more information.\n", program_name);
  else
    printf ("Usage: %s [--rtol X] [--atol Y] EXPECTED ACTUAL\n"
            "Compare two CSV files cell by cell.  Cells that are both numbers match\n"
            "when |a-b| <= rtol*max(|a|,|b|) + atol; other cells must be equal.\n"
            "\n"
            "  --rtol X   relative tolerance (default 1e-9)\n"
            "  --atol Y   absolute tolerance (default 0)\n"
            "  --help     display this help and exit\n"
            "\n"
            "Exit status: 0 if the files match, 1 if they differ, 2 on trouble.\n",
            program_name);
  exit (status);
}

static void *
grow (void *array, size_t *cap, size_t need, size_t size)
{
  if (need <= *cap)
    return array;
  size_t n = *cap ? *cap * 2 : 16;
  while (n < need)
    n *= 2;
  void *p = realloc (array, n * size);
  if (p)
    *cap = n;
  return p;
}

/* libcsv field callback: appends a cell to the current row, starting a
   row (and recording its first line) when none is open.  */
static void
on_field (void *field, size_t len, void *data)
{
  struct table *t = data;
  if (t->nomem)
    return;
  if (!t->in_row)
    {
      struct row *rows = grow (t->rows, &t->cap, t->nrows + 1, sizeof *rows);
      if (!rows)
        {
          t->nomem = true;
          return;
        }
      t->rows = rows;
      struct row *r = &t->rows[t->nrows++];
      *r = (struct row) { .line = t->cur_line };
      /* The field ends on the current line; it began as many lines
         earlier as it holds line feeds.  */
      for (size_t i = 0; i < len; i++)
        r->line -= ((const char *) field)[i] == '\n';
      t->in_row = true;
    }
  struct row *r = &t->rows[t->nrows - 1];
  struct cell *cells = grow (r->cells, &r->cap, r->ncells + 1, sizeof *cells);
  char *text = malloc (len + 1);
  if (!cells || !text)
    {
      if (cells)
        r->cells = cells;
      free (text);
      t->nomem = true;
      return;
    }
  r->cells = cells;
  if (len)
    memcpy (text, field, len);
  text[len] = '\0';
  r->cells[r->ncells++] = (struct cell) { text, len };
}

/* libcsv record callback.  */
static void
on_record (int c, void *data)
{
  struct table *t = data;
  (void) c;
  t->in_row = false;
}

/* No character is padding: cells compare with their spaces.  */
static int
never_space (unsigned char c)
{
  (void) c;
  return 0;
}

static void
table_release (struct table *t)
{
  for (size_t i = 0; i < t->nrows; i++)
    {
      for (size_t j = 0; j < t->rows[i].ncells; j++)
        free (t->rows[i].cells[j].text);
      free (t->rows[i].cells);
    }
  free (t->rows);
  t->rows = NULL;
  t->nrows = t->cap = 0;
}

static char *
slurp (const char *name, size_t *len)
{
  FILE *f = fopen (name, "rb");
  if (!f)
    return NULL;
  size_t cap = 0, n = 0;
  char *buf = NULL;
  for (;;)
    {
      char *p = grow (buf, &cap, n + 65536, 1);
      if (!p)
        {
          errno = ENOMEM;
          break;
        }
      buf = p;
      size_t got = fread (buf + n, 1, cap - n, f);
      n += got;
      if (got == 0)
        break;
    }
  int err = ferror (f) ? errno : 0;
  if (fclose (f) != 0 && !err)
    err = errno;
  if (err || !buf)
    {
      free (buf);
      errno = err ? err : ENOMEM;
      return NULL;
    }
  *len = n;
  return buf;
}

/* Reads and parses NAME into T, a line at a time so that records know
   their line.  Prints a message and returns false on failure.  */
static bool
table_load (struct table *t, const char *name)
{
  *t = (struct table) { .name = name };
  size_t len;
  char *buf = slurp (name, &len);
  if (!buf)
    {
      fprintf (stderr, "%s: %s: %s\n", program_name, name, strerror (errno));
      return false;
    }
  struct csv_parser p;
  if (csv_init (&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
    {
      free (buf);
      fprintf (stderr, "%s: %s\n", program_name, strerror (ENOMEM));
      return false;
    }
  csv_set_space_func (&p, never_space);
  bool ok = true;
  for (size_t off = 0; ok && off < len; )
    {
      const char *nl = memchr (buf + off, '\n', len - off);
      size_t n = nl ? (size_t) (nl - (buf + off)) + 1 : len - off;
      t->cur_line++;
      ok = csv_parse (&p, buf + off, n, on_field, on_record, t) == n;
      off += n;
    }
  if (ok)
    ok = csv_fini (&p, on_field, on_record, t) == 0;
  if (!ok)
    fprintf (stderr, "%s: %s:%zu: %s\n", program_name, name, t->cur_line,
             csv_strerror (csv_error (&p)));
  else if (t->nomem)
    {
      fprintf (stderr, "%s: %s: %s\n", program_name, name, strerror (ENOMEM));
      ok = false;
    }
  csv_free (&p);
  free (buf);
  if (!ok)
    table_release (t);
  return ok;
}

/* Whether C is a whole number in the C locale; stores it in *X.  */
static bool
parse_number (const struct cell *c, double *x)
{
  if (c->len == 0 || strlen (c->text) != c->len
      || strpbrk (c->text, "0123456789") == NULL
      || strchr (" \t\n\v\f\r", c->text[0]) != NULL)
    return false;
  char *end;
  *x = strtod (c->text, &end);
  return *end == '\0';
}

struct compare {
  double rtol, atol;
  size_t mismatches;
};

static void
report (struct compare *cmp, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

static void
report (struct compare *cmp, const char *fmt, ...)
{
  if (cmp->mismatches++ >= MAX_REPORTED)
    return;
  va_list ap;
  va_start (ap, fmt);
  vprintf (fmt, ap);
  va_end (ap);
}

/* Compares one pair of cells at LINE:COL.  */
static void
compare_cells (struct compare *cmp, size_t line, size_t col,
               const struct cell *e, const struct cell *a)
{
  double x, y;
  if (parse_number (e, &x) && parse_number (a, &y))
    {
      if (x == y)
        return;
      double diff = fabs (x - y), big = fmax (fabs (x), fabs (y));
      if (diff <= cmp->rtol * big + cmp->atol)
        return;
      report (cmp, "%zu:%zu: expected %s, got %s (rel err %.3g)\n",
              line, col, e->text, a->text, diff / big);
    }
  else if (e->len != a->len || memcmp (e->text, a->text, e->len) != 0)
    report (cmp, "%zu:%zu: expected \"%s\", got \"%s\"\n",
            line, col, e->text, a->text);
}

static bool
same_cell (const struct cell *x, const struct cell *y)
{
  return x->len == y->len && memcmp (x->text, y->text, x->len) == 0;
}

/* MAP[j]: the column of A's header named as column j of E's header,
   each of A's columns used once.  False (MAP the identity) when E's first
   record is not a header or A lacks one of its names.  */
static bool
map_columns (const struct table *e, const struct table *a, size_t *map)
{
  const struct row *he = &e->rows[0], *ha = &a->rows[0];
  bool by_name = true;
  double x;
  for (size_t j = 0; j < he->ncells; j++)
    {
      map[j] = SIZE_MAX;
      for (size_t k = 0; k < ha->ncells && map[j] == SIZE_MAX; k++)
        {
          bool used = false;
          for (size_t i = 0; i < j; i++)
            used |= map[i] == k;
          if (!used && same_cell (&he->cells[j], &ha->cells[k]))
            map[j] = k;
        }
      by_name &= map[j] != SIZE_MAX && !parse_number (&he->cells[j], &x);
    }
  for (size_t j = 0; !by_name && j < he->ncells; j++)
    map[j] = j;
  return by_name;
}

static void
compare_tables (struct compare *cmp, const struct table *e, const struct table *a)
{
  size_t nrows = e->nrows < a->nrows ? e->nrows : a->nrows;
  size_t *map = nrows ? calloc (e->rows[0].ncells + 1, sizeof *map) : NULL;
  if (nrows && !map)
    {
      report (cmp, "%s\n", strerror (ENOMEM));
      return;
    }
  bool by_name = nrows && map_columns (e, a, map);
  for (size_t i = 0; i < nrows; i++)
    {
      const struct row *re = &e->rows[i], *ra = &a->rows[i];
      size_t want = by_name ? a->rows[0].ncells : re->ncells;
      if (ra->ncells != want || (by_name && re->ncells != e->rows[0].ncells))
        report (cmp, "%zu: expected %zu columns, got %zu\n", re->line, want, ra->ncells);
      for (size_t j = 0; j < re->ncells && j < e->rows[0].ncells; j++)
        if (map[j] < ra->ncells)
          compare_cells (cmp, re->line, j + 1, &re->cells[j], &ra->cells[map[j]]);
    }
  free (map);
  if (e->nrows != a->nrows)
    report (cmp, "%s: expected %zu rows, got %zu\n", a->name, e->nrows, a->nrows);
  if (cmp->mismatches > MAX_REPORTED)
    printf ("... %zu mismatches in all\n", cmp->mismatches);
}

static double
tolerance_arg (const char *opt, const char *arg)
{
  char *end;
  errno = 0;
  double x = strtod (arg, &end);
  if (*arg == '\0' || *end != '\0' || errno || !isfinite (x) || x < 0)
    {
      fprintf (stderr, "%s: invalid %s '%s'\n", program_name, opt, arg);
      usage (EXIT_TROUBLE);
    }
  return x;
}

int
main (int argc, char **argv)
{
  enum { RTOL_OPTION = CHAR_MAX + 1, ATOL_OPTION, HELP_OPTION };
  static const struct option long_options[] = {
    { "rtol", required_argument, NULL, RTOL_OPTION },
    { "atol", required_argument, NULL, ATOL_OPTION },
    { "help", no_argument, NULL, HELP_OPTION },
    { NULL, 0, NULL, 0 }
  };
  struct compare cmp = { .rtol = 1e-9, .atol = 0 };
  int c;
  while ((c = getopt_long (argc, argv, "", long_options, NULL)) != -1)
    switch (c)
      {
      case RTOL_OPTION: cmp.rtol = tolerance_arg ("--rtol", optarg); break;
      case ATOL_OPTION: cmp.atol = tolerance_arg ("--atol", optarg); break;
      case HELP_OPTION: usage (EXIT_SAME); break;
      default: usage (EXIT_TROUBLE);
      }
  if (argc - optind != 2)
    {
      fprintf (stderr, "%s: %s\n", program_name,
               argc - optind < 2 ? "missing file operand" : "too many operands");
      usage (EXIT_TROUBLE);
    }

  struct table expected, actual;
  if (!table_load (&expected, argv[optind]))
    return EXIT_TROUBLE;
  if (!table_load (&actual, argv[optind + 1]))
    {
      table_release (&expected);
      return EXIT_TROUBLE;
    }
  compare_tables (&cmp, &expected, &actual);
  table_release (&expected);
  table_release (&actual);
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      fprintf (stderr, "%s: write error\n", program_name);
      return EXIT_TROUBLE;
    }
  return cmp.mismatches ? EXIT_DIFFERENT : EXIT_SAME;
}
