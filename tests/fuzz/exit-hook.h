/* exit-hook.h -- for fuzz targets that run the command layer in-process
 * (fuzz-cli.c, fuzz-store.c): cli_exit_hook longjmps back to the harness
 * instead of exit(), and the blocks the command leaves allocated on that
 * path are freed, so that a long run does not exhaust the fuzzer's
 * memory.  The sanitizer's malloc hooks record the blocks of BIG bytes
 * or more allocated while TRACKING; those still live after a longjmp are
 * freed by end_tracking (true).  Smaller blocks are left alone: the C
 * library keeps some of its own (setenv, tzset).  Run with
 * -detect_leaks=0.  Included once, by one target's .c file. */
#ifndef EVS_FUZZ_EXIT_HOOK_H
#define EVS_FUZZ_EXIT_HOOK_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

static jmp_buf back;

/* Big blocks allocated during the current run and not yet freed. */
enum { BIG = 16384, NBIG = 4096 };
static const volatile void *big[NBIG];
static size_t nbig;
static bool tracking;

/* Called by AddressSanitizer on every malloc and free (no-ops without it). */
void __sanitizer_malloc_hook (const volatile void *p, size_t n);
void __sanitizer_free_hook (const volatile void *p);

void
__sanitizer_malloc_hook (const volatile void *p, size_t n)
{
  if (tracking && n >= BIG && nbig < NBIG)
    big[nbig++] = p;
}

void
__sanitizer_free_hook (const volatile void *p)
{
  for (size_t i = tracking ? nbig : 0; i-- > 0;)
    if (big[i] == p)
      {
        big[i] = big[--nbig];
        break;
      }
}

/* Ends the tracking of big blocks; frees those left if LEAKED. */
static void
end_tracking (bool leaked)
{
  tracking = false;
  for (size_t i = 0; leaked && i < nbig; i++)
    free ((void *) (uintptr_t) big[i]);
  nbig = 0;
}

/* cli_exit_hook: back to the harness instead of exit(). */
__attribute__ ((noreturn)) static void
on_exit_status (int status)
{
  longjmp (back, status + 1);
}

#endif
