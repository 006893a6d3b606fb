/* unit-sha256.c -- SHA-256 against the examples of FIPS 180-2, appendix
 * B (one block "abc", the two-block 448-bit message, one million 'a'),
 * the empty message (its hash as published with the standard), and the
 * lengths around the padding boundaries (55, 56, 63, 64, 65 bytes) with
 * the hashes of coreutils' sha256sum.  The incremental form
 * (sha256_update) must give the same published hashes whatever the
 * pieces: the million 'a' fed in pieces of 1, 63, 64, 65 and 1000 bytes. */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"

static int failures;

static void
check (const char *what, const void *buf, size_t len, const char *want)
{
  char hex[SHA256_HEX_SIZE];
  sha256_hex (buf, len, hex);
  if (strcmp (hex, want) != 0)
    {
      printf ("FAIL %s: got %s, want %s\n", what, hex, want);
      failures++;
    }
}

int
main (void)
{
  /* GSL reports through return codes; its default handler aborts. */
  gsl_set_error_handler_off ();
  check ("abc", "abc", 3,
         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const char *m2 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  check ("448-bit message", m2, strlen (m2),
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  check ("empty", "", 0,
         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  char *a = malloc (1000000);
  memset (a, 'a', 1000000);
  check ("a million a", a, 1000000,
         "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  /* 55, 56, 63, 64 and 65 bytes: the padding boundaries.  Expected from
   * coreutils: head -c N < /dev/zero | tr '\0' a | sha256sum. */
  static const struct { size_t n; const char *h; } b[] = {
    { 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
    { 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
    { 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
    { 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
    { 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
  };
  for (size_t i = 0; i < sizeof b / sizeof *b; i++)
    {
      char what[32];
      snprintf (what, sizeof what, "%zu times a", b[i].n);
      check (what, a, b[i].n, b[i].h);
    }
  for (size_t step = 1; step <= 1000; step = step == 1 ? 63 : step == 65 ? 1000 : step + 1)
    {
      sha256_ctx c;
      char hex[SHA256_HEX_SIZE];
      sha256_init (&c);
      for (size_t o = 0; o < 1000000; o += step)
        sha256_update (&c, a + o, 1000000 - o < step ? 1000000 - o : step);
      sha256_final (&c, hex);
      if (strcmp (hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") != 0)
        {
          printf ("FAIL a million a in pieces of %zu: got %s\n", step, hex);
          failures++;
        }
    }
  free (a);
  if (failures)
    return EXIT_FAILURE;
  puts ("sha256: all checks passed");
  return EXIT_SUCCESS;
}
