/* replay.c -- runs a fuzz target over files named on the command line,
 * without libFuzzer: `make check` replays the regression corpus with the
 * ordinary (or sanitizer) build.  Exit 0 if every input ran. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      FILE *fp = fopen (argv[i], "rb");
      if (!fp)
        {
          perror (argv[i]);
          return 2;
        }
      size_t cap = 1 << 16, n = 0, got;
      uint8_t *buf = malloc (cap);
      while (buf && (got = fread (buf + n, 1, cap - n, fp)) > 0)
        if ((n += got) == cap)
          buf = realloc (buf, cap *= 2);
      fclose (fp);
      if (!buf)
        return 2;
      LLVMFuzzerTestOneInput (buf, n);
      free (buf);
    }
  return 0;
}
