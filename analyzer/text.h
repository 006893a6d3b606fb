/* text.h -- text from users' files on its way to a chart, a report or a
 * terminal: UTF-8 validation and repair, cutting on character
 * boundaries, visible control characters, and a growable string.
 *
 * Labels, tickers and group values are data and are stored as written
 * (events.h); these functions make the copies that the writers show.
 * Every function here returns a new string that the caller frees, and
 * never fails (allocation failure aborts, as evs_xmalloc).
 */
#ifndef EVS_TEXT_H
#define EVS_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Length (1-4) of the well-formed UTF-8 sequence at S (Unicode 15,
 * table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF),
 * or 0 if S does not start one.  S is NUL-terminated; 0 at the NUL. */
size_t text_utf8_len (const char *s);

/* S with every byte that does not belong to a well-formed UTF-8 sequence
 * replaced by U+FFFD, one per byte, and so are U+FFFE and U+FFFF (not
 * characters, and not allowed in XML).  Valid text is copied unchanged;
 * sanitising twice changes nothing more. */
char *text_sanitize (const char *s);

/* S, cut to at most MAX bytes (MAX >= 3) on a character boundary: when it
 * is longer, as many whole characters as fit before an ellipsis "…"
 * (U+2026, 3 bytes) within MAX.  S should be valid UTF-8 (text_sanitize);
 * a cut never splits a sequence of continuation bytes. */
char *text_cut (const char *s, size_t max);

/* S for a terminal: control characters shown as escapes, so that they
 * can neither move the cursor nor change the terminal's state: \n, \r,
 * \t, other C0 and DEL as \xHH, C1 (U+0080-U+009F) as \u00HH, and bytes
 * that are not UTF-8 as \xHH.  Everything else, including a backslash,
 * is copied. */
char *text_visible (const char *s);

/* Writes text_visible (S) to FP: text from the input on its way to a
 * terminal (the table formats). */
void text_put_visible (FILE *fp, const char *s);

/* Drops the blanks and tabs around the field *S of *N bytes (moving *S,
 * shrinking *N): the CSV readers' numbers and names. */
void text_trim (const char **s, size_t *n);

/* A growable string; {0} is an empty one.  S is always NUL-terminated
 * once anything was added. */
typedef struct text_buf {
  char *s;
  size_t len, cap;
} text_buf;

void text_buf_add (text_buf *b, const char *p, size_t n);
void text_buf_puts (text_buf *b, const char *s);
void text_buf_putc (text_buf *b, char c);
__attribute__ ((format (printf, 2, 3)))
void text_buf_printf (text_buf *b, const char *fmt, ...);
/* Hands over the string (an empty one if nothing was added). */
char *text_buf_take (text_buf *b);

/* A new string formatted like printf, of whatever length. */
__attribute__ ((format (printf, 1, 2)))
char *text_printf (const char *fmt, ...);
char *text_vprintf (const char *fmt, va_list ap);

#endif
