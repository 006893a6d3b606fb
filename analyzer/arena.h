/* arena.h -- a bump allocator for many small blocks freed all at once.
 *
 * The study keeps every pair's results (ARs, CARs, history) until it is
 * released; taking them from an arena per thread makes the per-pair loop
 * free of malloc calls (one per megabyte instead), and release frees
 * them together.  An arena is used by one thread at a time.
 */
#ifndef EVS_ARENA_H
#define EVS_ARENA_H

#include <stddef.h>

typedef struct arena {
  struct arena_chunk *head;   /* newest chunk first */
} arena;

void arena_init (arena *a);

/* N objects of SIZE bytes, zeroed, aligned for any type; exits like
 * evs_xmalloc when out of memory.  Never NULL, even for N = 0. */
void *arena_calloc (arena *a, size_t n, size_t size);

/* Frees every block of A at once. */
void arena_release (arena *a);

#endif
