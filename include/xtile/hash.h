/* hash.h - FNV-1a 64: the one hash of the run's digests (weights, codes, checkpoints) */
#ifndef XTILE_HASH_H
#define XTILE_HASH_H

#include <stddef.h>
#include <stdint.h>

#define XT_FNV_BASIS 0xcbf29ce484222325ull
#define XT_FNV_PRIME 0x100000001b3ull

static inline uint64_t xt_fnv_byte(uint64_t h, unsigned b)
{
    return (h ^ (b & 0xffu)) * XT_FNV_PRIME;
}

/* The bytes of p in memory order. */
static inline uint64_t xt_fnv_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = (const unsigned char *)p; /* a cast: C++ benches include this too */

    for (size_t k = 0; k < n; k++)
        h = xt_fnv_byte(h, b[k]);
    return h;
}

/* A 16-bit value, low byte first (the same on every host). */
static inline uint64_t xt_fnv_u16(uint64_t h, uint16_t v)
{
    return xt_fnv_byte(xt_fnv_byte(h, v & 0xffu), v >> 8);
}

/* A 32-bit value, low byte first. */
static inline uint64_t xt_fnv_u32(uint64_t h, uint32_t v)
{
    for (int b = 0; b < 4; b++)
        h = xt_fnv_byte(h, v >> (8 * b));
    return h;
}

#endif
