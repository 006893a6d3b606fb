/* text.c -- UTF-8 repair, cutting, visible controls; see text.h. */
#include <config.h>
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/* U+FFFD REPLACEMENT CHARACTER and U+2026 HORIZONTAL ELLIPSIS. */
#define TEXT_FFFD "\xef\xbf\xbd"
#define TEXT_ELLIPSIS "\xe2\x80\xa6"

size_t
text_utf8_len (const char *s)
{
  const unsigned char *p = (const unsigned char *) s;
  unsigned char c = p[0];
  size_t n;
  unsigned char lo = 0x80, hi = 0xbf;   /* range of the second byte */
  if (c < 0x80)
    return c ? 1 : 0;
  if (c >= 0xc2 && c <= 0xdf)
    n = 2;
  else if (c >= 0xe0 && c <= 0xef)
    {
      n = 3;
      if (c == 0xe0)
        lo = 0xa0;              /* no overlong forms */
      else if (c == 0xed)
        hi = 0x9f;              /* no surrogates */
    }
  else if (c >= 0xf0 && c <= 0xf4)
    {
      n = 4;
      if (c == 0xf0)
        lo = 0x90;              /* no overlong forms */
      else if (c == 0xf4)
        hi = 0x8f;              /* nothing above U+10FFFF */
    }
  else
    return 0;
  if (p[1] < lo || p[1] > hi)
    return 0;
  for (size_t i = 2; i < n; i++)
    if (p[i] < 0x80 || p[i] > 0xbf)
      return 0;
  return n;
}

/* True if the 3-byte sequence at P is U+FFFE or U+FFFF. */
static bool
nonchar (const unsigned char *p)
{
  return p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf);
}

char *
text_sanitize (const char *s)
{
  text_buf b = { 0 };
  for (const char *p = s; *p;)
    {
      size_t n = text_utf8_len (p);
      if (n == 0 || (n == 3 && nonchar ((const unsigned char *) p)))
        {
          text_buf_puts (&b, TEXT_FFFD);
          p += n ? n : 1;
        }
      else
        {
          text_buf_add (&b, p, n);
          p += n;
        }
    }
  return text_buf_take (&b);
}

char *
text_cut (const char *s, size_t max)
{
  size_t len = strlen (s);
  if (len <= max)
    return evs_xstrdup (s);
  size_t keep = max >= 3 ? max - 3 : 0;
  /* Back up to the start of a character: never end on a lead byte whose
   * continuation bytes were cut, nor in the middle of them. */
  size_t k = keep;
  while (k > 0 && ((unsigned char) s[k] & 0xc0) == 0x80 && keep - k < 3)
    k--;
  text_buf b = { 0 };
  text_buf_add (&b, s, k);
  text_buf_puts (&b, TEXT_ELLIPSIS);
  return text_buf_take (&b);
}

char *
text_visible (const char *s)
{
  text_buf b = { 0 };
  for (const unsigned char *p = (const unsigned char *) s; *p;)
    {
      size_t n = text_utf8_len ((const char *) p);
      if (*p == '\n')
        text_buf_puts (&b, "\\n");
      else if (*p == '\r')
        text_buf_puts (&b, "\\r");
      else if (*p == '\t')
        text_buf_puts (&b, "\\t");
      else if (n == 0 || *p < 0x20 || *p == 0x7f)
        text_buf_printf (&b, "\\x%02x", *p);
      else if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0)
        text_buf_printf (&b, "\\u%04x", p[1]);
      else
        text_buf_add (&b, (const char *) p, n);
      p += n ? n : 1;
    }
  return text_buf_take (&b);
}

/* ------------------------------------------------------------------ */
/* Growable strings.                                                   */
/* ------------------------------------------------------------------ */

void
text_buf_add (text_buf *b, const char *p, size_t n)
{
  evs_grow ((void **) &b->s, &b->cap, b->len + n + 1, 1);
  memcpy (b->s + b->len, p, n);
  b->len += n;
  b->s[b->len] = '\0';
}

void
text_buf_puts (text_buf *b, const char *s)
{
  text_buf_add (b, s, strlen (s));
}

void
text_buf_putc (text_buf *b, char c)
{
  text_buf_add (b, &c, 1);
}

void
text_buf_printf (text_buf *b, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *s = text_vprintf (fmt, ap);
  va_end (ap);
  text_buf_puts (b, s);
  free (s);
}

char *
text_buf_take (text_buf *b)
{
  char *s = b->s ? b->s : evs_xstrdup ("");
  b->s = NULL;
  b->len = b->cap = 0;
  return s;
}

char *
text_vprintf (const char *fmt, va_list ap)
{
  va_list again;
  va_copy (again, ap);
  int n = vsnprintf (NULL, 0, fmt, ap);
  if (n < 0)
    n = 0;
  char *s = evs_xmalloc ((size_t) n + 1);
  if (vsnprintf (s, (size_t) n + 1, fmt, again) < 0)
    s[0] = '\0';
  va_end (again);
  return s;
}

char *
text_printf (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *s = text_vprintf (fmt, ap);
  va_end (ap);
  return s;
}

void
text_put_visible (FILE *fp, const char *s)
{
  char *v = text_visible (s);
  fputs (v, fp);
  free (v);
}

void
text_trim (const char **s, size_t *n)
{
  while (*n && (**s == ' ' || **s == '\t'))
    (*s)++, (*n)--;
  while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
    (*n)--;
}
