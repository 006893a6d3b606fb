/* sha256.c -- SHA-256 after FIPS 180-4, section 6.2. */
#include <config.h>
#include "sha256.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const uint32_t K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
  0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
  0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

static uint32_t
ror (uint32_t x, int n)
{
  return (x >> n) | (x << (32 - n));
}

/* One 64-byte block into the state H (FIPS 180-4, 6.2.2). */
static void
block (uint32_t h[8], const unsigned char *p)
{
  uint32_t w[64];
  for (int t = 0; t < 16; t++)
    w[t] = (uint32_t) p[4 * t] << 24 | (uint32_t) p[4 * t + 1] << 16
           | (uint32_t) p[4 * t + 2] << 8 | p[4 * t + 3];
  for (int t = 16; t < 64; t++)
    {
      uint32_t s0 = ror (w[t - 15], 7) ^ ror (w[t - 15], 18) ^ (w[t - 15] >> 3);
      uint32_t s1 = ror (w[t - 2], 17) ^ ror (w[t - 2], 19) ^ (w[t - 2] >> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
  /* The working variables a..h in registers: shifting an array of them
   * each round (memmove) was half of the hashing time, and hashing a
   * third of a nightly re-import's CPU. */
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  for (int t = 0; t < 64; t++)
    {
      uint32_t t1 = hh + (ror (e, 6) ^ ror (e, 11) ^ ror (e, 25))
                    + ((e & f) ^ (~e & g)) + K[t] + w[t];
      uint32_t t2 = (ror (a, 2) ^ ror (a, 13) ^ ror (a, 22))
                    + ((a & b) ^ (a & c) ^ (b & c));
      hh = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
  h[5] += f;
  h[6] += g;
  h[7] += hh;
}

void
sha256_init (sha256_ctx *c)
{
  static const uint32_t h0[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
  memcpy (c->h, h0, sizeof h0);
  c->len = 0;
  c->nbuf = 0;
}

void
sha256_update (sha256_ctx *c, const void *buf, size_t len)
{
  const unsigned char *p = buf;
  c->len += len;
  if (c->nbuf)
    {
      size_t k = 64 - c->nbuf < len ? 64 - c->nbuf : len;
      memcpy (c->buf + c->nbuf, p, k);
      c->nbuf += k, p += k, len -= k;
      if (c->nbuf < 64)
        return;
      block (c->h, c->buf);
      c->nbuf = 0;
    }
  for (; len >= 64; len -= 64, p += 64)
    block (c->h, p);
  memcpy (c->buf, p, len);
  c->nbuf = len;
}

char *
sha256_final (sha256_ctx *c, char *hex)
{
  /* Padding: 0x80, zeros, then the length in bits, big-endian. */
  unsigned char tail[128] = { 0 };
  size_t n = c->nbuf;
  memcpy (tail, c->buf, n);
  tail[n] = 0x80;
  size_t tn = n < 56 ? 64 : 128;
  uint64_t bits = c->len * 8;
  for (int i = 0; i < 8; i++)
    tail[tn - 1 - i] = (unsigned char) (bits >> (8 * i));
  block (c->h, tail);
  if (tn == 128)
    block (c->h, tail + 64);
  for (int i = 0; i < 8; i++)
    snprintf (hex + 8 * i, 9, "%08x", (unsigned) c->h[i]);
  return hex;
}

char *
sha256_hex (const void *buf, size_t len, char *hex)
{
  sha256_ctx c;
  sha256_init (&c);
  sha256_update (&c, buf, len);
  return sha256_final (&c, hex);
}
