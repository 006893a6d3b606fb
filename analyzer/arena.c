/* arena.c -- bump allocation in chunks (see arena.h). */
#include <config.h>
#include "arena.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/* Chunks of 1 MiB; a larger request gets a chunk of its own. */
#define ARENA_CHUNK (1u << 20)
#define ARENA_ALIGN alignof (max_align_t)

typedef struct arena_chunk {
  struct arena_chunk *next;
  size_t used, size;
  alignas (max_align_t) unsigned char data[];
} arena_chunk;

void
arena_init (arena *a)
{
  a->head = NULL;
}

/* A new chunk of SIZE bytes: the one to bump from next, or, for a block
 * of its own (OWN), linked behind the current one so that the rest of
 * that is not wasted. */
static arena_chunk *
new_chunk (arena *a, size_t size, bool own)
{
  arena_chunk *c = evs_xmalloc (sizeof *c + size);
  c->used = 0;
  c->size = size;
  arena_chunk **at = own && a->head ? &a->head->next : &a->head;
  c->next = *at;
  *at = c;
  return c;
}

void *
arena_calloc (arena *a, size_t n, size_t size)
{
  if (size && n > (SIZE_MAX - ARENA_CHUNK) / size)
    evs_xmalloc (SIZE_MAX);     /* cannot be met: reports out of memory */
  size_t need = (n * size + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN;
  if (need == 0)
    need = ARENA_ALIGN;
  arena_chunk *c = a->head;
  if (need > ARENA_CHUNK / 4)
    c = new_chunk (a, need, true);
  else if (!c || c->size - c->used < need)
    c = new_chunk (a, ARENA_CHUNK, false);
  void *p = c->data + c->used;
  c->used += need;
  memset (p, 0, need);
  return p;
}

void
arena_release (arena *a)
{
  while (a->head)
    {
      arena_chunk *c = a->head;
      a->head = c->next;
      free (c);
    }
}
