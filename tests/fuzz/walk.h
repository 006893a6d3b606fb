/* walk.h -- synthetic prices for the fuzz targets that build a valid
 * base (a store, a shard file) once per process and then damage it. */
#ifndef EVS_FUZZ_WALK_H
#define EVS_FUZZ_WALK_H

#include <stdio.h>
#include <stdlib.h>

#include "date.h"

/* A Date,Close file of N weekdays from 2023-01-02: a random walk from a
 * fixed seed (the same base in every process).  The caller frees it. */
static char *
walk_prices (unsigned seed, int n)
{
  char *b = malloc (64 * (size_t) n + 64), *p = b;
  double x = 100;
  int32_t d0;
  if (!b || !date_from_ymd (2023, 1, 2, &d0))
    abort ();
  p += sprintf (p, "Date,Close\n");
  for (int i = 0, day = 0; i < n; day++)
    {
      if (day % 7 >= 5)   /* 2023-01-02 was a Monday */
        continue;
      seed = seed * 1103515245u + 12345u;
      x *= 1 + ((double) (seed >> 16 & 0x7fff) / 32768.0 - 0.5) / 25;
      char d[16];
      p += sprintf (p, "%s,%.4f\n", date_format (d0 + day, d), x);
      i++;
    }
  return b;
}

#endif
