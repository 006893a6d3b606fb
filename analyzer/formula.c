/* formula.c -- a recursive-descent parser of R's formula subset that
 * formula.h describes. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formula.h"

static const char *const y_names[] = { "car", "scar", "bhar" };

const char *
formula_y_name (enum formula_y y)
{
  return y_names[y];
}

typedef struct parser {
  const char *s;
  size_t i;
  evs_error *err;
} parser;

static void
skip_ws (parser *p)
{
  while (p->s[p->i] == ' ' || p->s[p->i] == '\t')
    p->i++;
}

__attribute__ ((format (printf, 3, 4)))
static int
fail_at (parser *p, size_t pos, const char *fmt, ...)
{
  char msg[768];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (msg, sizeof msg, fmt, ap);
  va_end (ap);
  return evs_fail (p->err, EVS_EUSAGE, "position %zu: %s", pos + 1, msg);
}

/* What is at the cursor, quoted for a message. */
static const char *
here (const parser *p, char *buf, size_t size)
{
  const char *t = p->s + p->i;
  if (!*t)
    return "the end";
  char q[64];
  size_t len = strcspn (t, " \t+-~");
  evs_quote (q, sizeof q, t, len ? len : 1);
  snprintf (buf, size, "'%s'", q);
  return buf;
}

static bool
name_start (int c)
{
  return isalpha (c) || c == '_' || c == '.';
}

/* A name, or any text in backquotes, into *OUT (allocated). */
static int
parse_name (parser *p, char **out)
{
  char hb[96];
  size_t start = p->i;
  if (p->s[p->i] == '`')
    {
      const char *end = strchr (p->s + p->i + 1, '`');
      if (!end || end == p->s + p->i + 1)
        return fail_at (p, start, "unterminated or empty `name`");
      *out = evs_xstrndup (p->s + p->i + 1, (size_t) (end - p->s - p->i - 1));
      p->i = (size_t) (end - p->s) + 1;
      return EVS_OK;
    }
  if (!name_start ((unsigned char) p->s[p->i]))
    return fail_at (p, start, "expected a column name, found %s", here (p, hb, sizeof hb));
  while (isalnum ((unsigned char) p->s[p->i]) || p->s[p->i] == '_' || p->s[p->i] == '.')
    p->i++;
  *out = evs_xstrndup (p->s + start, p->i - start);
  return EVS_OK;
}

/* A signed whole number within +-100000. */
static int
parse_int (parser *p, int *v)
{
  char hb[96];
  skip_ws (p);
  size_t start = p->i;
  char *end;
  errno = 0;
  long x = strtol (p->s + p->i, &end, 10);
  if (end == p->s + p->i || !(isdigit ((unsigned char) p->s[p->i])
                              || p->s[p->i] == '-' || p->s[p->i] == '+'))
    return fail_at (p, start, "expected a relative day, found %s", here (p, hb, sizeof hb));
  if (errno || x < -100000 || x > 100000)
    return fail_at (p, start, "relative day out of range (at most 100000 either way)");
  p->i = (size_t) (end - p->s);
  *v = (int) x;
  return EVS_OK;
}

static int
expect_char (parser *p, char c)
{
  char hb[96];
  skip_ws (p);
  if (p->s[p->i] != c)
    return fail_at (p, p->i, "expected '%c', found %s", c, here (p, hb, sizeof hb));
  p->i++;
  return EVS_OK;
}

/* Y: car[A,B], scar[A,B] or bhar[A,B]. */
static int
parse_y (parser *p, formula *f)
{
  skip_ws (p);
  size_t start = p->i, len = 0;
  while (isalpha ((unsigned char) p->s[p->i + len]))
    len++;
  int y = -1;
  for (int k = 0; k < 3; k++)
    if (len == strlen (y_names[k]) && strncasecmp (p->s + p->i, y_names[k], len) == 0)
      y = k;
  if (y < 0)
    return fail_at (p, start, "expected car[A,B], scar[A,B] or bhar[A,B] before '~'");
  f->y = (enum formula_y) y;
  p->i += len;
  int rc;
  if ((rc = expect_char (p, '[')) || (rc = parse_int (p, &f->a)) || (rc = expect_char (p, ','))
      || (rc = parse_int (p, &f->b)) || (rc = expect_char (p, ']')))
    return rc;
  if (f->a > f->b)
    return fail_at (p, start, "window %d:%d ends before it starts", f->a, f->b);
  return expect_char (p, '~');
}

static int
add_term (parser *p, formula *f, char *name, bool factor, size_t pos)
{
  for (size_t j = 0; j < f->nterms; j++)
    if (strcmp (f->terms[j].name, name) == 0 && f->terms[j].factor == factor)
      {
        free (name);
        return fail_at (p, pos, "term repeated");
      }
  f->terms = evs_xrealloc (f->terms, (f->nterms + 1) * sizeof *f->terms);
  f->terms[f->nterms++] = (formula_term) { name, factor, pos };
  return EVS_OK;
}

/* One term after its sign (MINUS: it was '-'). */
static int
parse_term (parser *p, formula *f, bool minus)
{
  skip_ws (p);
  size_t pos = p->i;
  char c = p->s[p->i];
  if ((c == '0' || c == '1') && !isalnum ((unsigned char) p->s[p->i + 1]))
    {
      p->i++;
      f->intercept = (c == '1') != minus;
      return EVS_OK;
    }
  if (minus)
    return fail_at (p, pos, "only the intercept can be removed ('- 1')");
  bool factor = c == 'C' && p->s[p->i + 1] == '(';
  char *name = NULL;
  if (factor)
    {
      p->i += 2;
      skip_ws (p);
    }
  int rc = parse_name (p, &name);
  if (rc == EVS_OK && factor && (rc = expect_char (p, ')')) != EVS_OK)
    free (name);
  return rc == EVS_OK ? add_term (p, f, name, factor, pos) : rc;
}

int
formula_parse (const char *s, formula *f, evs_error *err)
{
  memset (f, 0, sizeof *f);
  f->text = evs_xstrdup (s);
  f->intercept = true;
  parser p = { f->text, 0, err };
  int rc = parse_y (&p, f);
  bool minus = false;
  skip_ws (&p);
  if (p.s[p.i] == '-' || p.s[p.i] == '+')     /* "Y ~ -1 + x", as R allows */
    minus = p.s[p.i++] == '-';
  while (rc == EVS_OK)
    {
      if ((rc = parse_term (&p, f, minus)) != EVS_OK)
        break;
      skip_ws (&p);
      char c = p.s[p.i];
      if (!c)
        break;
      if (c != '+' && c != '-')
        {
          char hb[96];
          rc = fail_at (&p, p.i, "expected '+', '-' or the end, found %s", here (&p, hb, sizeof hb));
          break;
        }
      minus = c == '-';
      p.i++;
    }
  if (rc == EVS_OK && f->nterms == 0 && !f->intercept)
    rc = fail_at (&p, p.i, "no regressor: the formula has neither a term nor an intercept");
  if (rc != EVS_OK)
    formula_release (f);
  return rc;
}

void
formula_release (formula *f)
{
  for (size_t j = 0; j < f->nterms; j++)
    free (f->terms[j].name);
  free (f->terms);
  free (f->text);
  memset (f, 0, sizeof *f);
}
