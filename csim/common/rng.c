/* rng.c - Philox4x32-10 streams keyed by (seed, stream, index, event) */
#include "xtile/rng.h"

#include <Random123/philox.h>
#ifdef __AVX2__
#include <immintrin.h>
#endif
#include <math.h>

void xt_rng_block(uint64_t seed, uint32_t stream, uint32_t index, uint64_t event, uint32_t out[4])
{
    philox4x32_key_t k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    philox4x32_ctr_t c = {{(uint32_t)event, (uint32_t)(event >> 32), index, stream}};
    philox4x32_ctr_t v = philox4x32(c, k);

    for (int i = 0; i < 4; i++)
        out[i] = v.v[i];
}

uint32_t xt_rng_key32(uint64_t seed, uint32_t stream)
{
    uint32_t w[4];

    xt_rng_block(seed, stream, 0xffffffffu, 0, w);
    return w[0];
}

void xt_rng_pair(uint32_t key, uint32_t index, uint32_t event, uint32_t out[2])
{
    philox2x32_key_t k = {{key}};
    philox2x32_ctr_t c = {{event, index}};
    philox2x32_ctr_t v = philox2x32(c, k);

    out[0] = v.v[0];
    out[1] = v.v[1];
}

/*
 * Eight pairs side by side in AVX2 lanes: 32 x 32 -> 64 products of the even
 * lanes and of the odd lanes (vpmuludq), their halves put back in lane order.
 * The rest one by one (xt_rng_pair); a unit test holds the lanes to it.
 */
void xt_rng_pairs(uint32_t key, const uint32_t *index, const uint32_t *event, uint32_t *out0,
                  uint32_t *out1, int n)
{
    int i = 0;
#ifdef __AVX2__
    const __m256i m = _mm256_set1_epi32((int)PHILOX_M2x32_0);
    for (; i + 8 <= n; i += 8) {
        __m256i x0 = _mm256_loadu_si256((const __m256i *)(event + i));
        __m256i x1 = _mm256_loadu_si256((const __m256i *)(index + i));
        uint32_t k = key;
        for (int r = 0; r < 10; r++) {
            __m256i even = _mm256_mul_epu32(x0, m);
            __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(x0, 32), m);
            __m256i hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xaa);
            __m256i lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xaa);
            x0 = _mm256_xor_si256(_mm256_xor_si256(hi, _mm256_set1_epi32((int)k)), x1);
            x1 = lo;
            k += PHILOX_W32_0;
        }
        _mm256_storeu_si256((__m256i *)(out0 + i), x0);
        _mm256_storeu_si256((__m256i *)(out1 + i), x1);
    }
#endif
    for (; i < n; i++) {
        uint32_t one[2];
        xt_rng_pair(key, index[i], event[i], one);
        out0[i] = one[0];
        out1[i] = one[1];
    }
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

double xt_u32_open01(uint32_t u)
{
    return ((double)u + 0.5) * 0x1p-32;
}

/*
 * Inverse CDF by table: the top 12 bits of u pick a cell of width 2^-12 in p,
 * the low 20 bits interpolate linearly (error < 1e-3). The 16 outermost cells
 * on each side (|z| > 2.65, 0.8 % of draws), where the curve bends too much for
 * that, take the rational approximation. The table is filled before main()
 * from the same function, so every engine agrees.
 */
float xt_norm_table[XT_NORM_CELLS + 1];

__attribute__((constructor)) static void norm_init(void)
{
    for (int k = 1; k < XT_NORM_CELLS; k++)
        xt_norm_table[k] = (float)xt_normal_inv((double)k / XT_NORM_CELLS);
}

double xt_normal_tail(uint32_t u)
{
    return xt_normal_inv(xt_u32_open01(u));
}

double xt_normal_inv(double p)
{
    static const double a[6] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                -2.759285104469687e+02, 1.383577518672690e+02,
                                -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[5] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                -1.556989798598866e+02, 6.680131188771972e+01,
                                -1.328068155288572e+01};
    static const double c[6] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                -2.400758277161838e+00, -2.549732539343734e+00,
                                4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[4] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                3.754408661907416e+00};
    const double plow = 0.02425;
    double q, r;

    if (p < plow) {
        q = sqrt(-2.0 * log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    }
    if (p > 1.0 - plow) {
        q = sqrt(-2.0 * log(1.0 - p));
        return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    }
    q = p - 0.5;
    r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}
