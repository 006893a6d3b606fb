/* unit-plot.c -- the sanitising and template functions of plot.c.  Every
 * expected string here is written out by hand from the rules in plot.h:
 * slugs keep [A-Za-z0-9._-], turn other runs into one '_' (or '-'), never
 * start with '.' or '-'; quoted strings double ' and blank control bytes;
 * templates replace {{name}} and reject unknown names.
 */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"

static int failures;

static void
check_str (const char *what, const char *got, const char *want)
{
  if (strcmp (got, want) != 0)
    {
      printf ("FAIL %s: got [%s], want [%s]\n", what, got, want);
      failures++;
    }
}

static void
test_slug (void)
{
  char b[64];
  check_str ("ticker", plot_slug ("9988.HK", 40, false, b, sizeof b), "9988.HK");
  check_str ("pipe", plot_slug ("|touch pwned", 40, false, b, sizeof b), "touch_pwned");
  check_str ("redirect", plot_slug ("<x", 40, false, b, sizeof b), "x");
  check_str ("dot", plot_slug ("../etc/passwd", 40, false, b, sizeof b), "_._etc_passwd");
  check_str ("dash", plot_slug ("-rf", 40, false, b, sizeof b), "_rf");
  check_str ("backquote", plot_slug ("`touch pwned`", 40, false, b, sizeof b), "touch_pwned");
  check_str ("empty", plot_slug ("$('')", 40, false, b, sizeof b), "_");
  check_str ("utf8", plot_slug ("\xc3\x89mile & Co", 40, false, b, sizeof b), "mile_Co");
  check_str ("lower", plot_slug ("Qwen 2.5-Max launched", 24, true, b, sizeof b),
             "qwen-2-5-max-launched");
  /* 11 bytes at most: "deepseek-v2" fits, the next word does not. */
  check_str ("cut", plot_slug ("DeepSeek-V2 released", 11, true, b, sizeof b), "deepseek-v2");
  check_str ("cut gap", plot_slug ("DeepSeek-V2 released", 12, true, b, sizeof b), "deepseek-v2");
  check_str ("small buffer", plot_slug ("abcdef", 40, false, b, 4), "abc");
}

static void
test_quote (void)
{
  /* Plain text stays single-quoted; anything with a byte outside the
   * plain set becomes a double-quoted string with that byte as an octal
   * escape: ' = 047 -> \0047, " = 042 -> \0042, ` = 0140 -> \140,
   * @ = 0100 -> \100, $ = 044 -> \0044, \ = 0134 -> \134 (four digits
   * below 0100, so that a following digit is not read into the escape:
   * "\0047" then '1' gives '1, where "\0471" would give '9'). */
  const char *cases[][2] = {
    { "plain", "'plain'" },
    { "it's", "\"it\\0047s\"" },
    { "'; system(\"touch pwned\"); '",
      "\"\\0047; system(\\0042touch pwned\\0042); \\0047\"" },
    { "''", "\"\\0047\\0047\"" },
    { "''1", "\"\\0047\\00471\"" },
    { "Nvidia ''Blackwell'' launch", "\"Nvidia \\0047\\0047Blackwell\\0047\\0047 launch\"" },
    { "`touch pwned` $(touch pwned) @x \\n",
      "\"\\140touch pwned\\140 \\0044(touch pwned) \\100x \\134n\"" },
    /* Control bytes and DEL: spaces; plain text then. */
    { "a\nb\tc\r\x7f" "d", "'a b c  d'" },
    { "\xc3\x89mile", "'\xc3\x89mile'" },
    /* Not UTF-8: U+FFFD (EF BF BD) per bad byte. */
    { "a\xff" "b\xc3", "'a\xef\xbf\xbd" "b\xef\xbf\xbd'" },
    /* "]]>": U+2060 (E2 81 A0) before the '>'. */
    { "x]]>y]>", "'x]]\xe2\x81\xa0>y]>'" },
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    {
      char *q = plot_gp_quote (cases[i][0]);
      check_str ("quote", q, cases[i][1]);
      free (q);
    }
}

/* Fills TEXT with two variables into a string. */
static int
fill (const char *text, char *out, size_t size, evs_error *err)
{
  plot_var vars[] = { { "a", "'x'" }, { "n", "3" } };
  FILE *fp = fmemopen (out, size, "w");
  int rc = plot_fill (text, "t.gp", vars, 2, fp, err);
  fclose (fp);
  return rc;
}

static void
test_fill (void)
{
  char out[256];
  evs_error err;
  if (fill ("set title {{a}}\nN = {{n}}\n", out, sizeof out, &err) != EVS_OK)
    printf ("FAIL fill: %s\n", err.msg), failures++;
  else
    check_str ("fill", out, "set title 'x'\nN = 3\n");
  if (fill ("# ok\nplot {{b}}\n", out, sizeof out, &err) != EVS_EDATA)
    printf ("FAIL unknown placeholder accepted\n"), failures++;
  else
    check_str ("unknown", err.msg, "t.gp:2: unknown placeholder 'b'");
  if (fill ("x {{a\n}}", out, sizeof out, &err) != EVS_EDATA)
    printf ("FAIL unterminated placeholder accepted\n"), failures++;
  else
    check_str ("unterminated", err.msg, "t.gp:1: unterminated placeholder");
}

static void
test_format (void)
{
  enum plot_format f;
  if (!plot_parse_format ("svg", &f) || f != PLOT_SVG || plot_parse_format ("gif", &f))
    printf ("FAIL plot_parse_format\n"), failures++;
  check_str ("ext", plot_format_ext (PLOT_PDF), "pdf");
}

int
main (void)
{
  /* GSL reports through return codes; its default handler aborts. */
  gsl_set_error_handler_off ();
  test_slug ();
  test_quote ();
  test_fill ();
  test_format ();
  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
