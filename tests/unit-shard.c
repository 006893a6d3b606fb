/* unit-shard.c -- the shard of a ticker (shard.h): FNV-1a 64 against the
 * published test vectors of its authors (Fowler, Noll & Vo: "" ->
 * cbf29ce484222325, "a" -> af63dc4c8601ec8c, "foobar" ->
 * 85944171f73967e8), case folded (A-Z only), and shards of real tickers
 * modulo 3 and 7 as a separate reference implementation computes them
 * (python3, h ^= byte; h = h * 0x100000001b3 mod 2^64 over the
 * lower-cased bytes):
 *   NVDA 74da58ba60981756 (mod 7: 3, mod 3: 2), 9988.HK 8a3ee9b9c14aa52e
 *   (4, 1), ^HSI 8f1b004e912af993 (1, 0). */
#include <config.h>

#include <inttypes.h>
#include <stdint.h>

#define UNIT_NAME "unit-shard"
#include "check.h"
#include "shard.h"

static void
hash_is (const char *t, uint64_t want)
{
  uint64_t got = shard_hash (t);
  CHECK (got == want, "shard_hash (\"%s\") = %016" PRIx64 ", want %016" PRIx64, t, got, want);
}

int
main (void)
{
  hash_is ("", 0xcbf29ce484222325u);
  hash_is ("a", 0xaf63dc4c8601ec8cu);
  hash_is ("A", 0xaf63dc4c8601ec8cu);
  hash_is ("foobar", 0x85944171f73967e8u);
  hash_is ("FooBar", 0x85944171f73967e8u);
  hash_is ("NVDA", 0x74da58ba60981756u);
  hash_is ("9988.HK", 0x8a3ee9b9c14aa52eu);
  hash_is ("^HSI", 0x8f1b004e912af993u);
  /* Only A-Z fold: a byte above 127 stays as it is. */
  CHECK (shard_hash ("\xc3\x89") != shard_hash ("\xc3\xa9"), "non-ASCII bytes are not folded");
  struct { const char *t; unsigned n, want; } v[] = {
    { "NVDA", 7, 3 }, { "NVDA", 3, 2 }, { "9988.HK", 7, 4 }, { "9988.HK", 3, 1 },
    { "^HSI", 7, 1 }, { "^HSI", 3, 0 }, { "nvda", 7, 3 }, { "NVDA", 1, 0 } };
  for (size_t i = 0; i < sizeof v / sizeof *v; i++)
    CHECK (shard_of (v[i].t, v[i].n) == v[i].want, "shard_of (%s, %u) = %u, want %u",
           v[i].t, v[i].n, shard_of (v[i].t, v[i].n), v[i].want);
  printf ("%d checks, %d failed\n", n_checks, n_failed);
  return n_failed ? 1 : 0;
}
