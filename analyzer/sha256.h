/* sha256.h -- SHA-256 (FIPS 180-4) of a buffer, as lower-case hex.
 *
 * The store keeps the hash of every file it imports, so that importing
 * the same bytes again changes nothing and a user can compare a file with
 * what was imported (`sha256sum FILE`).
 */
#ifndef EVS_SHA256_H
#define EVS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_HEX_SIZE 65

/* A hash being computed over bytes that come in pieces (an import read
 * in chunks, never whole in memory). */
typedef struct sha256_ctx {
  uint32_t h[8];
  uint64_t len;              /* bytes so far */
  unsigned char buf[64];     /* the last incomplete block */
  size_t nbuf;
} sha256_ctx;

void sha256_init (sha256_ctx *c);
void sha256_update (sha256_ctx *c, const void *buf, size_t len);
/* Writes the hex digits as sha256_hex does and returns HEX. */
char *sha256_final (sha256_ctx *c, char *hex);

/* Writes the 64 hex digits of SHA-256(BUF[0..LEN)) and a NUL into HEX
 * (at least SHA256_HEX_SIZE bytes); returns HEX.  Cannot fail. */
char *sha256_hex (const void *buf, size_t len, char *hex);

#endif
