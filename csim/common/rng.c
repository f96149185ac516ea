/* rng.c - Philox4x32-10 streams keyed by (seed, stream, index, event) */
#include "xtile/rng.h"

#include <Random123/philox.h>
#include <math.h>

void xt_rng_block(uint64_t seed, uint32_t stream, uint32_t index, uint64_t event, uint32_t out[4])
{
    philox4x32_key_t k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    philox4x32_ctr_t c = {{(uint32_t)event, (uint32_t)(event >> 32), index, stream}};
    philox4x32_ctr_t v = philox4x32(c, k);

    for (int i = 0; i < 4; i++)
        out[i] = v.v[i];
}

void xt_rng_init(struct xt_rng *r, uint64_t seed, uint32_t stream, uint32_t index)
{
    r->key[0] = (uint32_t)seed;
    r->key[1] = (uint32_t)(seed >> 32);
    r->ctr[0] = 0;
    r->ctr[1] = 0;
    r->ctr[2] = index;
    r->ctr[3] = stream;
    r->pos = 4;
}

uint32_t xt_rng_u32(struct xt_rng *r)
{
    if (r->pos == 4) {
        philox4x32_key_t k = {{r->key[0], r->key[1]}};
        philox4x32_ctr_t c = {{r->ctr[0], r->ctr[1], r->ctr[2], r->ctr[3]}};
        philox4x32_ctr_t v = philox4x32(c, k);

        for (int i = 0; i < 4; i++)
            r->buf[i] = v.v[i];
        if (++r->ctr[0] == 0)
            r->ctr[1]++;
        r->pos = 0;
    }
    return r->buf[r->pos++];
}

double xt_rng_uniform(struct xt_rng *r)
{
    uint64_t hi = xt_rng_u32(r) >> 5, lo = xt_rng_u32(r) >> 6; /* 27 + 26 bits */

    return (double)(hi << 26 | lo) * 0x1p-53;
}

uint32_t xt_rng_below(struct xt_rng *r, uint32_t n)
{
    uint32_t limit = (uint32_t)(-n) % n; /* 2^32 mod n: values below it are biased */
    uint32_t x;

    do
        x = xt_rng_u32(r);
    while (x < limit);
    return x % n;
}

double xt_rng_normal(struct xt_rng *r)
{
    double u1 = 1.0 - xt_rng_uniform(r); /* (0, 1]: log stays finite */
    double u2 = xt_rng_uniform(r);

    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}
