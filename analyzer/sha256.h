/* sha256.h -- SHA-256 (FIPS 180-4) of a buffer, as lower-case hex.
 *
 * The store keeps the hash of every file it imports, so that importing
 * the same bytes again changes nothing and a user can compare a file with
 * what was imported (`sha256sum FILE`).
 */
#ifndef EVS_SHA256_H
#define EVS_SHA256_H

#include <stddef.h>

#define SHA256_HEX_SIZE 65

/* Writes the 64 hex digits of SHA-256(BUF[0..LEN)) and a NUL into HEX
 * (at least SHA256_HEX_SIZE bytes); returns HEX.  Cannot fail. */
char *sha256_hex (const void *buf, size_t len, char *hex);

#endif
