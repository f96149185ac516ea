/* test_tile_adc_rd.c - the ramp ADC's cycle model against adc_convert (L0 = L1) and directed cases
 */
#include "xtile/adc.h"
#include "xtile/rng.h"
#include "xtile/tile_adc_rd.h"

#include <criterion/criterion.h>
#include <stdlib.h>

/* Runs one conversion of values v; returns busy cycles, fills codes and the pass of each latch. */
static long convert(const struct tile_adc_rd_p *p, const struct adc *a, const float *v,
                    uint16_t *code, int *latch_pass)
{
    struct tile_adc_rd_q q, d;
    struct tile_adc_rd_out out;
    /* rounded up to 32: gcc 12 sees the vectorized fill below as a 32-byte store */
    uint8_t *cmp = calloc(((size_t)p->lines + 31) / 32 * 32, 1);
    long busy = 0;

    cr_assert_eq(tile_adc_rd_init(&q, p), 0);
    cr_assert_eq(tile_adc_rd_init(&d, p), 0);
    tile_adc_rd_reset(&q, p);
    for (long cyc = 0; cyc < 10000000; cyc++) {
        struct tile_adc_rd_in in = {.start_i = cyc == 0, .bits_i = a->bits, .cmp_i = cmp};
        /* the comparators answer the ramp step the ADC shows in this cycle */
        tile_adc_rd_outputs(&q, &out);
        if (out.conv_o)
            for (int l = 0; l < p->lines; l++)
                cmp[l] = (uint8_t)adc_trips(a, out.ramp_o, v[l]);
        tile_adc_rd_comb(p, &q, &in, &d, &out);
        if (out.conv_o && latch_pass)
            for (int l = 0; l < p->lines; l++)
                if (!q.latched_q[l] && d.latched_q[l])
                    latch_pass[l] = q.pass_q;
        busy += out.busy_o;
        tile_adc_rd_clock(p, &q, &d);
        if (out.done_o)
            break;
    }
    for (int l = 0; l < p->lines; l++)
        code[l] = q.code_q[l];
    tile_adc_rd_free(&q);
    tile_adc_rd_free(&d);
    free(cmp);
    return busy;
}

Test(adc_rd, reset_state_is_idle)
{
    struct tile_adc_rd_p p = {5, 2};
    struct tile_adc_rd_q q;
    struct tile_adc_rd_out out;
    uint8_t cmp[5] = {0};
    struct tile_adc_rd_in in = {.cmp_i = cmp, .bits_i = 4};

    cr_assert_eq(tile_adc_rd_init(&q, &p), 0);
    tile_adc_rd_reset(&q, &p);
    cr_assert_eq(q.state_q, ADC_IDLE);
    tile_adc_rd_comb(&p, &q, &in, &q, &out); /* no start: holds */
    cr_assert_eq(q.state_q, ADC_IDLE);
    cr_assert(!out.busy_o && !out.done_o && !out.sample_o && !out.conv_o);
    tile_adc_rd_free(&q);
}

Test(adc_rd, equals_adc_convert_on_10000_random_cases)
{
    struct xt_rng r;

    xt_rng_init(&r, 11, XT_STREAM_TEST, 1);
    for (int cs = 0; cs < 10000; cs++) {
        int lines = 1 + (int)xt_rng_below(&r, 24), bits = 2 + (int)xt_rng_below(&r, 6);
        struct tile_adc_rd_p p = {lines, 1 + (int)xt_rng_below(&r, (uint32_t)lines)};
        struct adc a;
        float v[24];
        uint16_t code[24];

        adc_init(&a, bits, (float)(0.5 + 10 * xt_rng_uniform(&r)));
        for (int l = 0; l < lines; l++) {
            double u = xt_rng_uniform(&r);
            v[l] = (float)((2.4 * u - 1.2) * a.delta * (a.k / 2)); /* 10 % beyond each end */
            if (xt_rng_below(&r, 8) == 0)                          /* exactly on a threshold */
                v[l] = adc_threshold(&a, (int)xt_rng_below(&r, (uint32_t)a.k - 1));
        }
        long busy = convert(&p, &a, v, code, NULL);
        cr_assert_eq(busy, tile_adc_rd_cycles(&p, bits), "case %d: %ld busy cycles", cs, busy);
        for (int l = 0; l < lines; l++)
            cr_assert_eq(code[l], adc_convert(&a, v[l]), "case %d line %d: L1 %d, L0 %d", cs, l,
                         code[l], adc_convert(&a, v[l]));
    }
}

Test(adc_rd, saturates_without_trip_and_at_the_bottom)
{
    struct tile_adc_rd_p p = {3, 1};
    struct adc a;
    float v[3] = {1e9f, -1e9f, 0.0f};
    uint16_t code[3];

    adc_init(&a, 4, 8.0f);
    convert(&p, &a, v, code, NULL);
    cr_assert_eq(code[0], 15, "no trip reads K - 1");
    cr_assert_eq(code[1], 0, "below the first threshold reads 0");
    cr_assert_eq(code[2], 7, "zero sits in the code below mid-scale");
}

Test(adc_rd, shared_converter_converts_its_lines_in_turn)
{
    struct tile_adc_rd_p p = {10, 4};
    struct adc a;
    float v[10];
    uint16_t code[10];
    int pass[10];

    adc_init(&a, 5, 4.0f);
    for (int l = 0; l < 10; l++)
        v[l] = 0.3f * (float)(l - 5);
    long busy = convert(&p, &a, v, code, pass);
    cr_assert_eq(busy, 2 + 4 * 31);
    for (int l = 0; l < 10; l++)
        cr_assert_eq(pass[l], l % 4, "line %d latched in pass %d", l, pass[l]);
}
