/* error.c -- error reporting and checked allocation. */
#include <config.h>
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
evs_fail (evs_error *err, int code, const char *fmt, ...)
{
  if (err)
    {
      va_list ap;
      va_start (ap, fmt);
      vsnprintf (err->msg, sizeof err->msg, fmt, ap);
      va_end (ap);
      err->code = code;
    }
  return code;
}

char *
evs_quote (char *buf, size_t size, const char *s, size_t len)
{
  size_t o = 0;
  for (size_t i = 0; i < len; i++)
    {
      unsigned char c = (unsigned char) s[i];
      if (o + 8 >= size)
        {
          memcpy (buf + o, "...", 4);
          return buf;
        }
      /* Non-ASCII too: a stray BOM or invalid UTF-8 is invisible when
         printed as is, and the point of the message is to show it. */
      if (c < 0x20 || c >= 0x7f || c == '\'' || c == '\\')
        o += (size_t) snprintf (buf + o, size - o, "\\x%02x", c);
      else
        buf[o++] = (char) c;
    }
  buf[o] = '\0';
  return buf;
}

static void *
check (void *p)
{
  if (!p)
    {
      fputs ("evstudy: out of memory\n", stderr);
      exit (EVS_EINTERNAL);
    }
  return p;
}

void *
evs_xmalloc (size_t n)
{
  return check (malloc (n ? n : 1));
}

void *
evs_xcalloc (size_t n, size_t size)
{
  return check (calloc (n ? n : 1, size ? size : 1));
}

void *
evs_xrealloc (void *p, size_t n)
{
  return check (realloc (p, n ? n : 1));
}

char *
evs_xstrndup (const char *s, size_t n)
{
  char *d = evs_xmalloc (n + 1);
  memcpy (d, s, n);
  d[n] = '\0';
  return d;
}

char *
evs_xstrdup (const char *s)
{
  return evs_xstrndup (s, strlen (s));
}

void
evs_grow (void **p, size_t *cap, size_t need, size_t size)
{
  if (need <= *cap)
    return;
  size_t c = *cap ? *cap : 16;
  while (c < need)
    {
      if (c > ((size_t) -1) / 2 / size)
        check (NULL);
      c *= 2;
    }
  *p = evs_xrealloc (*p, c * size);
  *cap = c;
}
