/* test_olt.c - open-loop update slot trains: the spec, their statistics, exact overlaps */
#include "xtile/olt.h"

#include <criterion/criterion.h>
#include <math.h>

/* The spec of olt.h, step by step: 8 single steps per slot, compare the top byte. */
static uint64_t reference_mask(uint32_t *state, int code, int bl)
{
    uint64_t m = 0;

    for (int s = 0; s < bl; s++) {
        for (int k = 0; k < 8; k++)
            *state = olt_step(*state);
        if ((*state >> 24) < (uint32_t)code)
            m |= 1ull << s;
    }
    return m;
}

Test(olt, lfsr_is_maximal_on_a_prefix_and_never_zero)
{
    uint32_t s = 1;

    for (int i = 0; i < 1000000; i++) {
        s = olt_step(s);
        cr_assert_neq(s, 0u);
        cr_assert_neq(s, 1u, "period %d", i + 1);
    }
}

Test(olt, table_masks_equal_the_step_by_step_spec)
{
    const int bls[] = {1, 7, 8, 13, 32, 64};

    for (size_t b = 0; b < sizeof bls / sizeof bls[0]; b++) {
        struct olt o;
        uint16_t code[6] = {0, 1, 77, 128, 255, 256};
        uint64_t mask[6];
        uint32_t ref[6];

        cr_assert_eq(olt_init(&o, 4, 2, bls[b], OLT_STOCHASTIC, 0xdeadbeef), 0);
        for (int k = 0; k < 6; k++)
            ref[k] = o.lfsr[k];
        for (int rep = 0; rep < 50; rep++) {
            olt_masks(&o, 0, 4, code, mask);
            olt_masks(&o, 4, 2, code + 4, mask + 4);
            for (int k = 0; k < 6; k++) {
                cr_assert_eq(mask[k], reference_mask(&ref[k], code[k], bls[b]),
                             "bl %d line %d rep %d", bls[b], k, rep);
                cr_assert_eq(o.lfsr[k], ref[k], "state of line %d", k);
            }
        }
        olt_free(&o);
    }
}

Test(olt, seeds_are_odd_and_distinct)
{
    cr_assert_neq(olt_seed(5, 0, 3), olt_seed(5, 1, 3));
    cr_assert_neq(olt_seed(5, 0, 3), olt_seed(5, 0, 4));
    cr_assert_neq(olt_seed(5, 0, 3), olt_seed(6, 0, 3));
    cr_assert_eq(olt_seed(olt_mix32(7) ^ 0, 0, 7) & 1, 1u);
}

Test(olt, stochastic_counts_have_mean_bl_p_q)
{
    const int n = 10000, bl = 32;
    const uint16_t p[3] = {40, 128, 230}, q[2] = {20, 200};
    struct olt o;
    double sum[3][2] = {{0}};
    uint64_t m[5];

    cr_assert_eq(olt_init(&o, 3, 2, bl, OLT_STOCHASTIC, 12345), 0);
    for (int k = 0; k < n; k++) {
        olt_masks(&o, 0, 3, p, m);
        olt_masks(&o, 3, 2, q, m + 3);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 2; j++)
                sum[i][j] += __builtin_popcountll(m[i] & m[3 + j]);
    }
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 2; j++) {
            double pq = p[i] / 256.0 * q[j] / 256.0, mean = sum[i][j] / n;
            double sd = sqrt(bl * pq * (1 - pq) / n);
            cr_assert_leq(fabs(mean - bl * pq), 3 * sd, "p %d q %d: mean %g, expected %g (sd %g)",
                          p[i], q[j], mean, bl * pq, sd);
        }
    }
    olt_free(&o);
}

Test(olt, deterministic_overlap_is_floor_n_m_over_bl)
{
    for (int bl = 1; bl <= 64; bl += 7) {
        for (int pc = 0; pc <= 256; pc += 5) {
            for (int qc = 0; qc <= 256; qc += 11) {
                int n = (pc * bl + 128) >> 8, m = (qc * bl + 128) >> 8;
                uint64_t r = olt_det_row(pc, bl), c = olt_det_col(qc, bl);
                cr_assert_eq(__builtin_popcountll(r), n);
                cr_assert_eq(__builtin_popcountll(c), m);
                cr_assert_eq(__builtin_popcountll(r & c), n * m / bl, "bl %d n %d m %d", bl, n, m);
            }
        }
    }
}
