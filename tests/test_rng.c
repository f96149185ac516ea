/* test_rng.c - Philox streams: reproducible, independent, correctly distributed */
#include "xtile/rng.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

Test(rng, same_key_gives_same_sequence)
{
    struct xt_rng a, b;

    xt_rng_init(&a, 42, XT_STREAM_TEST, 3);
    xt_rng_init(&b, 42, XT_STREAM_TEST, 3);
    for (int i = 0; i < 1000; i++)
        cr_assert_eq(xt_rng_u32(&a), xt_rng_u32(&b));
}

Test(rng, seed_stream_and_index_each_change_the_sequence)
{
    struct xt_rng r[4];
    uint32_t first[4];

    xt_rng_init(&r[0], 42, XT_STREAM_TEST, 3);
    xt_rng_init(&r[1], 43, XT_STREAM_TEST, 3);
    xt_rng_init(&r[2], 42, XT_STREAM_SHUFFLE, 3);
    xt_rng_init(&r[3], 42, XT_STREAM_TEST, 4);
    for (int i = 0; i < 4; i++)
        first[i] = xt_rng_u32(&r[i]);
    for (int i = 1; i < 4; i++)
        cr_assert_neq(first[0], first[i], "key %d collides", i);
}

Test(rng, sequential_reader_equals_stateless_blocks)
{
    struct xt_rng r;
    uint32_t blk[4];

    xt_rng_init(&r, 7, XT_STREAM_TEST, 11);
    for (uint64_t ev = 0; ev < 50; ev++) {
        xt_rng_block(7, XT_STREAM_TEST, 11, ev, blk);
        for (int i = 0; i < 4; i++)
            cr_assert_eq(xt_rng_u32(&r), blk[i], "event %lu word %d", (unsigned long)ev, i);
    }
}

Test(rng, known_answer_of_philox4x32_10)
{
    /* Random123's published known-answer vector: key = {0, 0}, counter = {0, 0, 0, 0} */
    uint32_t out[4];

    xt_rng_block(0, 0, 0, 0, out);
    cr_assert_eq(out[0], 0x6627e8d5u);
    cr_assert_eq(out[1], 0xe169c58du);
    cr_assert_eq(out[2], 0xbc57ac4cu);
    cr_assert_eq(out[3], 0x9b00dbd8u);
}

Test(rng, uniform_and_normal_moments)
{
    struct xt_rng r;
    const int n = 200000;
    double su = 0, sn = 0, sn2 = 0, lo = 1, hi = 0;

    xt_rng_init(&r, 1, XT_STREAM_TEST, 0);
    for (int i = 0; i < n; i++) {
        double u = xt_rng_uniform(&r), z = xt_rng_normal(&r);
        su += u;
        lo = u < lo ? u : lo;
        hi = u > hi ? u : hi;
        sn += z;
        sn2 += z * z;
    }
    cr_assert(lo >= 0.0 && hi < 1.0);
    /* 5 sigma bounds: sd of the mean of U(0,1) is 0.2887/sqrt(n) */
    cr_assert_float_eq(su / n, 0.5, 5 * 0.2887 / sqrt(n));
    cr_assert_float_eq(sn / n, 0.0, 5.0 / sqrt(n));
    cr_assert_float_eq(sn2 / n, 1.0, 5 * sqrt(2.0 / n));
}

Test(rng, below_stays_in_range_and_covers_it)
{
    struct xt_rng r;
    int hist[7] = {0};

    xt_rng_init(&r, 9, XT_STREAM_TEST, 0);
    for (int i = 0; i < 70000; i++) {
        uint32_t v = xt_rng_below(&r, 7);
        cr_assert_lt(v, 7);
        hist[v]++;
    }
    for (int k = 0; k < 7; k++) /* expected 10000, sd ~ 93 */
        cr_assert(hist[k] > 9500 && hist[k] < 10500, "bin %d holds %d", k, hist[k]);
}

Test(rng, table_normal_follows_the_exact_inverse_cdf)
{
    double worst = 0.0;

    for (uint64_t u = 0; u < (1ull << 32); u += 0x10001ull * 7) {
        double a = xt_normal_u32((uint32_t)u), b = xt_normal_inv(xt_u32_open01((uint32_t)u));
        worst = fabs(a - b) > worst ? fabs(a - b) : worst;
    }
    cr_assert_lt(worst, 1e-3, "largest difference %g", worst);
    cr_assert_float_eq(xt_normal_u32(0x80000000u), 0.0, 1e-6);
}

Test(rng, batched_pairs_equal_philox2x32_one_by_one)
{
    enum { N = 53 };
    uint32_t key = xt_rng_key32(5, XT_STREAM_PULSE), index[N], event[N], o0[N], o1[N];

    for (int i = 0; i < N; i++) {
        index[i] = 0x9e3779b9u * (uint32_t)i;
        event[i] = (uint32_t)(i * i) ^ 0x80000000u;
    }
    /* every count up to 53: sixteen lanes, eight, and the scalar tail, each after the others */
    for (int n = 0; n <= N; n++) {
        memset(o0, 0, sizeof o0);
        memset(o1, 0, sizeof o1);
        xt_rng_pairs(key, index, event, o0, o1, n);
        for (int i = 0; i < N; i++) {
            uint32_t one[2] = {0, 0};
            if (i < n)
                xt_rng_pair(key, index[i], event[i], one);
            cr_assert_eq(o0[i], one[0], "n %d, pair %d word 0", n, i);
            cr_assert_eq(o1[i], one[1], "n %d, pair %d word 1", n, i);
        }
    }
}
