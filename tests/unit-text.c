/* unit-text.c -- the text module (text.h).  Every expected string is
 * written out by hand from the rules in text.h and the UTF-8 table of
 * Unicode 15 (table 3-7, well-formed byte sequences); the byte values of
 * the characters used: U+FFFD = EF BF BD, U+2026 (ellipsis) = E2 80 A6,
 * U+00E9 (é) = C3 A9, U+20AC (€) = E2 82 AC, U+1F600 = F0 9F 98 80,
 * U+0085 (NEL, a C1 control) = C2 85, U+009B (CSI) = C2 9B.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static int failures;

static void
check_str (const char *what, char *got, const char *want)
{
  if (strcmp (got, want) != 0)
    {
      printf ("FAIL %s: got [%s], want [%s]\n", what, got, want);
      failures++;
    }
  free (got);
}

static void
check_len (const char *s, size_t want)
{
  size_t got = text_utf8_len (s);
  if (got != want)
    {
      printf ("FAIL utf8_len of %02x %02x: got %zu, want %zu\n",
              (unsigned char) s[0], (unsigned char) s[1], got, want);
      failures++;
    }
}

static void
test_utf8_len (void)
{
  check_len ("a", 1);
  check_len ("", 0);
  check_len ("\xc3\xa9", 2);
  check_len ("\xe2\x82\xac", 3);
  check_len ("\xf0\x9f\x98\x80", 4);
  check_len ("\xc0\x80", 0);            /* overlong NUL */
  check_len ("\xc1\xbf", 0);            /* overlong: C0 and C1 never lead */
  check_len ("\xe0\x9f\xbf", 0);        /* overlong 3-byte form of U+07FF */
  check_len ("\xed\xa0\x80", 0);        /* surrogate U+D800 */
  check_len ("\xed\x9f\xbf", 3);        /* U+D7FF, the last before them */
  check_len ("\xf0\x8f\xbf\xbf", 0);    /* overlong 4-byte form of U+FFFF */
  check_len ("\xf4\x90\x80\x80", 0);    /* U+110000, beyond Unicode */
  check_len ("\xf4\x8f\xbf\xbf", 4);    /* U+10FFFF */
  check_len ("\xf5\x80\x80\x80", 0);
  check_len ("\x80", 0);                /* a lone continuation byte */
  check_len ("\xc3", 0);                /* cut before its continuation */
  check_len ("\xe2\x82", 0);
}

static void
test_sanitize (void)
{
  check_str ("valid", text_sanitize ("caf\xc3\xa9 \xe2\x82\xac"), "caf\xc3\xa9 \xe2\x82\xac");
  /* One U+FFFD per bad byte: FF, then C3 without its continuation. */
  check_str ("bad", text_sanitize ("a\xff" "b\xc3"), "a\xef\xbf\xbd" "b\xef\xbf\xbd");
  /* A surrogate's three bytes are each bad (ED A0 fails at A0; A0 and 80
   * are lone continuation bytes). */
  check_str ("surrogate", text_sanitize ("\xed\xa0\x80"),
             "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  check_str ("nonchar", text_sanitize ("x\xef\xbf\xbe" "y\xef\xbf\xbf"),
             "x\xef\xbf\xbd" "y\xef\xbf\xbd");
  check_str ("controls kept", text_sanitize ("a\nb\x1b"), "a\nb\x1b");
  check_str ("idempotent", text_sanitize ("\xef\xbf\xbd"), "\xef\xbf\xbd");
  check_str ("empty", text_sanitize (""), "");
}

static void
test_cut (void)
{
  check_str ("short", text_cut ("abc", 3), "abc");
  /* "abcdef" in 5 bytes: 5 - 3 = 2 bytes, then the ellipsis. */
  check_str ("ascii", text_cut ("abcdef", 5), "ab\xe2\x80\xa6");
  /* "ééé" (6 bytes) in 6: fits as is; in 5 bytes: 2 bytes = one é. */
  check_str ("fits", text_cut ("\xc3\xa9\xc3\xa9\xc3\xa9", 6), "\xc3\xa9\xc3\xa9\xc3\xa9");
  check_str ("boundary", text_cut ("\xc3\xa9\xc3\xa9\xc3\xa9", 5), "\xc3\xa9\xe2\x80\xa6");
  /* "aéé€" (8 bytes) in 6: 3 bytes left = "aé"; in 5: 2 bytes left =
   * "a" and the first byte of é: cut before that é. */
  check_str ("whole", text_cut ("a\xc3\xa9\xc3\xa9\xe2\x82\xac", 6),
             "a\xc3\xa9\xe2\x80\xa6");
  check_str ("mid", text_cut ("a\xc3\xa9\xc3\xa9\xe2\x82\xac", 5), "a\xe2\x80\xa6");
  /* A 4-byte character cut after 1, 2 or 3 of its bytes. */
  check_str ("4-byte", text_cut ("\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 6), "\xe2\x80\xa6");
  check_str ("4-byte+", text_cut ("\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 7),
             "\xf0\x9f\x98\x80\xe2\x80\xa6");
}

static void
test_visible (void)
{
  /* ESC ] 0 ; t BEL (set the window title), a newline, a tab, CR, DEL. */
  check_str ("osc", text_visible ("a\x1b]0;t\x07" "b\nc\td\re\x7f"),
             "a\\x1b]0;t\\x07b\\nc\\td\\re\\x7f");
  check_str ("c1", text_visible ("x\xc2\x9b" "2J\xc2\x85y"), "x\\u009b2J\\u0085y");
  check_str ("bad byte", text_visible ("x\x9b" "2J"), "x\\x9b2J");
  check_str ("printable", text_visible ("caf\xc3\xa9 \\ \xc2\xa0"), "caf\xc3\xa9 \\ \xc2\xa0");
}

static void
test_buf (void)
{
  text_buf b = { 0 };
  check_str ("empty buf", text_buf_take (&b), "");
  for (int i = 0; i < 1000; i++)
    text_buf_printf (&b, "%d,", i % 10);
  char *s = text_buf_take (&b);
  if (strlen (s) != 2000 || strncmp (s, "0,1,2,", 6) != 0 || strcmp (s + 1994, "7,8,9,") != 0)
    printf ("FAIL text_buf: %zu bytes\n", strlen (s)), failures++;
  free (s);
  char big[5000];
  memset (big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  s = text_printf ("<%s>", big);
  if (strlen (s) != 5001 || s[0] != '<' || s[5000] != '>')
    printf ("FAIL text_printf: %zu bytes\n", strlen (s)), failures++;
  free (s);
}

int
main (void)
{
  test_utf8_len ();
  test_sanitize ();
  test_cut ();
  test_visible ();
  test_buf ();
  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
