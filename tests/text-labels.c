/* text-labels.c -- hostile labels for tests/text-gnuplot.sh.
 *
 *   text-labels SEED N EXPECT > events.csv
 *
 * writes an events file (date, label, company) of N events on weekdays
 * from June 2024 to January 2025, with labels drawn by a seeded
 * generator (xorshift64*, so every run and machine gets the same file),
 * in six kinds by row: 1 printable ASCII weighted to the characters that
 * mean something to gnuplot, a shell, XML or Markdown (' " \ ` @ $ # ! %
 * { } [ ] < > & ; |); 2 any bytes but NUL; 3 UTF-8 of awkward code
 * points (C1 controls, U+2028, U+202E, U+FEFF, U+FFFE, U+FFFF,
 * U+10FFFF, emoji, CJK) mixed with quotes; 4 a fixed list of known
 * troublemakers; 5 escape-like text (\0047, \n, a trailing backslash);
 * 6 long printable labels (1,000 to 3,000 bytes).  Companies cycle
 * through six hostile values (groups for --group-by company).
 *
 * EXPECT gets "ROW: LABEL" for every label of kinds 1, 5 and 6 and
 * those of kind 4 that are printable ASCII: these must come back from a
 * chart exactly as written.  Labels never start or end with a space or
 * tab (the CSV reader trims those), and are never empty.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint32_t
rnd (uint32_t n)
{
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return (uint32_t) ((state * 0x2545f4914f6cdd1dULL) >> 32) % n;
}

static char buf[4096];
static size_t len;

static void
put (const char *s)
{
  size_t n = strlen (s);
  if (len + n < sizeof buf - 1)
    {
      memcpy (buf + len, s, n);
      len += n;
    }
}

static void
putb (unsigned char c)
{
  if (len < sizeof buf - 1)
    buf[len++] = (char) c;
}

static const char specials[] = "'\"\\`@$#!%{}[]<>&;|";

static void
ascii (size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      uint32_t k = rnd (4);
      if (k == 0)
        putb ((unsigned char) specials[rnd (sizeof specials - 1)]);
      else
        putb ((unsigned char) (0x20 + rnd (0x5f)));
    }
}

static const char *const awkward[] = {
  "\xc2\x85", "\xc2\x9b", "\xc2\xa0", "\xe2\x80\xa8", "\xe2\x80\xae", "\xef\xbb\xbf",
  "\xef\xbf\xbe", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf", "\xf0\x9f\x98\x80", "\xe4\xb8\xad",
  "\xc3\xa9", "'", "''", "\"", "\\", "`", "@", " ", "]]>", "&amp;", "<b>"
};

static const char *const fixed[] = {
  "''", "'", "'''", "Nvidia ''Blackwell'' launch", "]]>", "a]]>b]]]>", "@ticker", "@label",
  "@@x", "`touch pwned`", "$(touch pwned)", "'; system(\"touch pwned\"); '", "\\", "\\\\\\",
  "a\\", "\"", "\"\"", "x\n@y", "%s%n%d%%", "{{label}}", "{{data}}", "EOD", "|touch pwned",
  "<touch pwned", "<!-- x --><![CDATA[ y ]]>", "&lt;&amp;", "\x1b]0;pwned\x07", "\x7f" "del",
  "\xff\xfe", "caf\xc3\xa9 \xc3", "https://example.com/x www.example.com a@b.co",
  "\xc0\x80 overlong", "\xed\xa0\x80 surrogate",
};

/* True if the label of BUF (LEN bytes) is printable ASCII. */
static int
printable (void)
{
  for (size_t i = 0; i < len; i++)
    if ((unsigned char) buf[i] < 0x20 || (unsigned char) buf[i] > 0x7e)
      return 0;
  return 1;
}

/* The label of row I (from 0) in BUF; returns whether it must come back
 * exactly. */
static int
label (size_t i)
{
  len = 0;
  switch (i % 6)
    {
    case 0:
      putb ((unsigned char) specials[rnd (sizeof specials - 1)]);
      ascii (1 + rnd (60));
      break;
    case 1:
      putb ('B');
      for (uint32_t n = 1 + rnd (40), k = 0; k < n; k++)
        putb ((unsigned char) (1 + rnd (255)));
      break;
    case 2:
      putb ('U');
      for (uint32_t n = 1 + rnd (12), k = 0; k < n; k++)
        put (awkward[rnd (sizeof awkward / sizeof *awkward)]);
      break;
    case 3:
      put (fixed[(i / 6) % (sizeof fixed / sizeof *fixed)]);
      break;
    case 4:
      {
        static const char *const esc[] = { "\\0047", "\\047", "\\n", "\\t", "\\\"", "\\'",
                                           "\\x41", "\\u0041", "\\", "1", "7" };
        put ("E");
        for (uint32_t n = 1 + rnd (10), k = 0; k < n; k++)
          put (esc[rnd (sizeof esc / sizeof *esc)]);
      }
      break;
    default:
      putb ('L');
      ascii (1000 + rnd (2000));
      break;
    }
  /* The CSV reader trims spaces and tabs at both ends; every kind starts
   * with a byte that is neither. */
  while (len > 1 && (buf[len - 1] == ' ' || buf[len - 1] == '\t'))
    len--;
  buf[len] = '\0';
  return (i % 6 == 0 || i % 6 == 4 || i % 6 == 5 || i % 6 == 3) && printable ()
         && !strstr (buf, "]]>");
}

/* An RFC 4180 field. */
static void
csv (FILE *fp, const char *s)
{
  putc ('"', fp);
  for (; *s; s++)
    {
      if (*s == '"')
        putc ('"', fp);
      putc (*s, fp);
    }
  putc ('"', fp);
}

static const char *const companies[] = {
  "'", "''", "@x `id` $(id)", "a\"b\\", "\xc3\xa9 ]]> \xff", "Model Release"
};

int
main (int argc, char **argv)
{
  if (argc != 4)
    {
      fputs ("usage: text-labels SEED N EXPECT\n", stderr);
      return 2;
    }
  state = strtoull (argv[1], NULL, 10) * 2654435761u + 88172645463325252ULL;
  size_t n = strtoul (argv[2], NULL, 10);
  FILE *expect = fopen (argv[3], "w");
  if (!expect)
    {
      perror (argv[3]);
      return 2;
    }
  puts ("date,label,company");
  for (size_t i = 0; i < n; i++)
    {
      /* Months June 2024 .. January 2025, days 1-28: a weekend day 0
       * moves to the next session. */
      int m = 6 + (int) (i % 8), y = 2024 + (m > 12);
      printf ("%d-%02d-%02d,", y, m > 12 ? m - 12 : m, 1 + (int) rnd (28));
      int exact = label (i);
      csv (stdout, buf);
      putchar (',');
      csv (stdout, companies[i % 6]);
      putchar ('\n');
      if (exact)
        fprintf (expect, "%zu: %s\n", i + 1, buf);
    }
  return fclose (expect) != 0 || ferror (stdout);
}
