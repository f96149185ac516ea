/* test_tile_adc_rd.c - the ramp ADC's cycle model against adc_convert (L0 = L1) and directed cases
 */
#include "xtile/adc.h"
#include "xtile/rng.h"
#include "xtile/tile_adc_rd.h"

#include <criterion/criterion.h>
#include <math.h>
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

Test(adc_rd, code_at_least_equals_the_conversion_compared)
{
    struct xt_rng r;
    int n = 0;

    xt_rng_init(&r, 12, XT_STREAM_TEST, 1);
    for (int cs = 0; cs < 20000; cs++) {
        int bits = 2 + (int)xt_rng_below(&r, 9);
        struct adc a;
        float v;

        adc_init(&a, bits, (float)(0.5 + 10 * xt_rng_uniform(&r)));
        switch (xt_rng_below(&r, 8)) {
        case 0: v = adc_threshold(&a, (int)xt_rng_below(&r, (uint32_t)a.k - 1)); break;
        case 1: v = NAN; break;
        case 2: v = xt_rng_below(&r, 2) ? INFINITY : -INFINITY; break;
        default: v = (float)((2.4 * xt_rng_uniform(&r) - 1.2) * a.delta * (a.k / 2)); break;
        }
        for (int code = -1; code <= a.k + 1; code++, n++)
            cr_assert_eq(adc_code_at_least(&a, v, code), adc_convert(&a, v) >= code,
                         "case %d: %d bits, v %g, code %d: at least %d, converted %d", cs, bits,
                         (double)v, code, adc_code_at_least(&a, v, code), adc_convert(&a, v));
    }
    cr_assert_gt(n, 20000 * 4);
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

/* Registers of a and b equal (what a ramp step must leave). */
static void same_adc(const struct tile_adc_rd_p *p, const struct tile_adc_rd_q *a,
                     const struct tile_adc_rd_q *b, int trial)
{
    cr_assert(a->state_q == b->state_q && a->k_q == b->k_q && a->pass_q == b->pass_q &&
                  a->kmax_q == b->kmax_q,
              "trial %d: state %d/%d k %d/%d pass %d/%d", trial, a->state_q, b->state_q, a->k_q,
              b->k_q, a->pass_q, b->pass_q);
    for (int l = 0; l < p->lines; l++)
        cr_assert(a->code_q[l] == b->code_q[l] && a->latched_q[l] == b->latched_q[l],
                  "trial %d line %d: code %d/%d latched %d/%d", trial, l, a->code_q[l],
                  b->code_q[l], a->latched_q[l], b->latched_q[l]);
}

/*
 * tile_adc_rd_ramp against the clocks it stands for, over random converters
 * (lines, share, bits), trip steps (0 .. K - 1, the last step's and the
 * never-tripping one included) and points of the conversion: the registers
 * (q, and d, which comb reads as q's copy) equal after the step and after
 * the rest of the conversion clocked.
 */
Test(adc_rd, a_ramp_in_one_step_equals_its_clocks)
{
    struct xt_rng g;
    long stepped = 0, at_last = 0;

    xt_rng_init(&g, 5, XT_STREAM_TEST, 0);
    for (int trial = 0; trial < 400; trial++) {
        struct tile_adc_rd_p p = {1 + (int)xt_rng_below(&g, 40), 1 + (int)xt_rng_below(&g, 4)};
        int bits = 2 + (int)xt_rng_below(&g, 6), kk = 1 << bits;
        int *trip = malloc((size_t)p.lines * sizeof *trip);
        uint8_t *cmp = calloc((size_t)p.lines + 32, 1);
        struct tile_adc_rd_q q[2], d[2];
        struct tile_adc_rd_out out;
        long skip_at = (long)xt_rng_below(&g, (uint32_t)(p.share * kk + 2)), n = 0;

        cr_assert(trip && cmp);
        for (int l = 0; l < p.lines; l++)
            trip[l] = xt_rng_below(&g, 4) == 0 ? kk - 2 - (int)xt_rng_below(&g, 2)
                                               : (int)xt_rng_below(&g, (uint32_t)kk);
        for (int s = 0; s < 2; s++) {
            cr_assert_eq(tile_adc_rd_init(&q[s], &p), 0);
            cr_assert_eq(tile_adc_rd_init(&d[s], &p), 0);
            tile_adc_rd_reset(&q[s], &p);
            tile_adc_rd_reset(&d[s], &p);
        }
        /* twin 0 takes one ramp step at clock skip_at; twin 1 clocks every step */
        for (long cyc = 0; cyc < 100000; cyc++) {
            bool done = false;
            if (cyc == skip_at) {
                n = tile_adc_rd_ramp(&p, &q[0], &d[0], trip);
                for (long k = 0; k < n; k++) {
                    struct tile_adc_rd_in in = {.bits_i = bits, .cmp_i = cmp};
                    tile_adc_rd_outputs(&q[1], &out);
                    cr_assert(out.conv_o && !out.done_o, "trial %d: a step outside the ramp",
                              trial);
                    for (int l = 0; l < p.lines; l++)
                        cmp[l] = out.ramp_o >= trip[l];
                    tile_adc_rd_comb(&p, &q[1], &in, &d[1], &out);
                    tile_adc_rd_clock(&p, &q[1], &d[1]);
                }
                same_adc(&p, &q[0], &q[1], trial);
                same_adc(&p, &d[0], &q[1], trial);
            }
            for (int s = 0; s < 2; s++) {
                struct tile_adc_rd_in in = {.start_i = cyc == 0, .bits_i = bits, .cmp_i = cmp};
                tile_adc_rd_outputs(&q[s], &out);
                for (int l = 0; l < p.lines; l++)
                    cmp[l] = out.conv_o && out.ramp_o >= trip[l];
                tile_adc_rd_comb(&p, &q[s], &in, &d[s], &out);
                tile_adc_rd_clock(&p, &q[s], &d[s]);
                done = out.done_o;
            }
            if (done)
                break;
        }
        same_adc(&p, &q[0], &q[1], trial);
        stepped += n > 0;
        for (int l = 0; l < p.lines; l++)
            at_last += n > 0 && trip[l] == kk - 2;
        for (int s = 0; s < 2; s++) {
            tile_adc_rd_free(&q[s]);
            tile_adc_rd_free(&d[s]);
        }
        free(trip);
        free(cmp);
    }
    cr_assert_gt(stepped, 200, "%ld trials took a ramp step", stepped);
    cr_assert_gt(at_last, 100, "%ld lines tripping at the last step among them", at_last);
}
