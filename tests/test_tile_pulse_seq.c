/* test_tile_pulse_seq.c - the pulse sequencer's cycle model against olt_masks (L0 = L1), PWM */
#include "xtile/olt.h"
#include "xtile/rng.h"
#include "xtile/tile_pulse_seq.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

struct rig {
    struct tile_pulse_seq_p p;
    struct tile_pulse_seq_q q, d;
    struct tile_pulse_seq_out out;
    struct olt_leap leap;
};

static void rig_init(struct rig *r, int rows, int cols, int x_max, int d_max, int set_cycles)
{
    olt_leap_init(&r->leap, 8);
    r->p = (struct tile_pulse_seq_p){rows, cols, x_max, d_max, set_cycles, &r->leap};
    cr_assert_eq(tile_pulse_seq_init(&r->q, &r->p), 0);
    cr_assert_eq(tile_pulse_seq_init(&r->d, &r->p), 0);
    tile_pulse_seq_reset(&r->q, &r->p);
    r->out = (struct tile_pulse_seq_out){0}; /* no tile_lines kept: every cycle clears */
    r->out.row_en_o = calloc((size_t)rows + 32, 1);
    r->out.col_en_o = calloc((size_t)cols + 32, 1);
}

static void rig_free(struct rig *r)
{
    tile_pulse_seq_free(&r->q);
    tile_pulse_seq_free(&r->d);
    free(r->out.row_en_o);
    free(r->out.col_en_o);
}

/* One clock: comb, then edge. */
static void step(struct rig *r, const struct tile_pulse_seq_in *in)
{
    tile_pulse_seq_comb(&r->p, &r->q, in, &r->d, &r->out);
    tile_pulse_seq_clock(&r->p, &r->q, &r->d);
}

Test(pulse_seq, reset_state_is_idle_and_quiet)
{
    struct rig r;
    uint16_t code[3] = {5, 5, 5};
    uint8_t neg[3] = {0};
    struct tile_pulse_seq_in in = {
        .row_code_i = code, .row_neg_i = neg, .col_code_i = code, .col_neg_i = neg};

    rig_init(&r, 3, 3, 7, 7, 1);
    cr_assert_eq(r.q.state_q, SEQ_IDLE);
    step(&r, &in);
    cr_assert_eq(r.out.op_o, SEQ_OP_NOP);
    cr_assert(!r.out.busy_o && !r.out.done_o);
    for (int k = 0; k < 3; k++)
        cr_assert(!r.out.row_en_o[k] && !r.out.col_en_o[k]);
    rig_free(&r);
}

Test(pulse_seq, pwm_drives_each_line_for_its_code)
{
    for (int mode = SEQ_FWD; mode <= SEQ_BWD; mode++) {
        struct rig r;
        uint16_t rc[4] = {0, 1, 200, 255}, cc[3] = {3, 0, 15};
        uint8_t rn[4] = {0, 1, 0, 1}, cn[3] = {1, 0, 0};
        int on[7] = {0}, rst = 0;
        long busy = 0;

        rig_init(&r, 4, 3, 255, 15, 1);
        for (long cyc = 0; cyc < 1000; cyc++) {
            struct tile_pulse_seq_in in = {.start_i = cyc == 0,
                                           .mode_i = mode,
                                           .bl_i = 1,
                                           .row_code_i = rc,
                                           .row_neg_i = rn,
                                           .col_code_i = cc,
                                           .col_neg_i = cn};
            step(&r, &in);
            busy += r.out.busy_o;
            rst += r.out.integ_rst_o;
            if (r.out.op_o == SEQ_OP_READ) {
                cr_assert_eq(r.out.dir_o, mode == SEQ_BWD);
                for (int i = 0; i < 4; i++)
                    on[i] += r.out.row_en_o[i];
                for (int j = 0; j < 3; j++)
                    on[4 + j] += r.out.col_en_o[j];
            }
            if (r.out.done_o)
                break;
        }
        cr_assert_eq(busy, tile_pulse_seq_cycles(&r.p, mode, 1));
        cr_assert_eq(rst, 1, "one integrator reset per read");
        for (int i = 0; i < 4; i++)
            cr_assert_eq(on[i], mode == SEQ_FWD ? rc[i] : 0, "row %d on %d", i, on[i]);
        for (int j = 0; j < 3; j++)
            cr_assert_eq(on[4 + j], mode == SEQ_BWD ? cc[j] : 0, "col %d on %d", j, on[4 + j]);
        rig_free(&r);
    }
}

Test(pulse_seq, update_slots_equal_olt_masks_on_10000_random_cases)
{
    struct xt_rng g;

    xt_rng_init(&g, 5, XT_STREAM_TEST, 2);
    for (int cs = 0; cs < 10000; cs++) {
        int rows = 1 + (int)xt_rng_below(&g, 9), cols = 1 + (int)xt_rng_below(&g, 7);
        int bl = 1 + (int)xt_rng_below(&g, 64), scheme = (int)xt_rng_below(&g, 2);
        int width = 1 + (int)xt_rng_below(&g, 3), updates = 1 + (int)xt_rng_below(&g, 3);
        uint32_t base = xt_rng_u32(&g);
        uint16_t code[16];
        uint8_t neg[16] = {0};
        uint64_t want[16], got[16];
        struct rig r;
        struct olt o;

        for (int l = 0; l < rows + cols; l++) /* 0, 256 and everything between */
            code[l] = (uint16_t)(xt_rng_below(&g, 4) == 0 ? 256 * xt_rng_below(&g, 2)
                                                          : xt_rng_below(&g, 257));
        rig_init(&r, rows, cols, 255, 255, width);
        cr_assert_eq(olt_init(&o, rows, cols, bl, scheme, base), 0);
        struct tile_pulse_seq_in in = {.seed_i = true,
                                       .seed_base_i = base,
                                       .row_code_i = code,
                                       .row_neg_i = neg,
                                       .col_code_i = code + rows,
                                       .col_neg_i = neg + rows};
        step(&r, &in); /* load the seeds */
        in.seed_i = false;
        for (int u = 0; u < updates; u++) {
            long busy = 0, strobes = 0;
            olt_masks(&o, 0, rows, code, want);
            olt_masks(&o, rows, cols, code + rows, want + rows);
            memset(got, 0, sizeof got);
            in.start_i = true;
            in.mode_i = SEQ_UPD;
            in.scheme_i = scheme;
            in.bl_i = bl;
            for (long cyc = 0; cyc < 100000; cyc++) {
                step(&r, &in);
                in.start_i = false;
                busy += r.out.busy_o;
                if (r.out.op_o == SEQ_OP_SET) {
                    for (int i = 0; i < rows; i++)
                        got[i] |= (uint64_t)r.out.row_en_o[i] << strobes;
                    for (int j = 0; j < cols; j++)
                        got[rows + j] |= (uint64_t)r.out.col_en_o[j] << strobes;
                    strobes++;
                }
                if (r.out.done_o)
                    break;
            }
            cr_assert_eq(strobes, bl);
            cr_assert_eq(busy, tile_pulse_seq_cycles(&r.p, SEQ_UPD, bl), "case %d", cs);
            for (int l = 0; l < rows + cols; l++) {
                cr_assert_eq(got[l], want[l], "case %d update %d line %d: L1 %llx, L0 %llx", cs, u,
                             l, (unsigned long long)got[l], (unsigned long long)want[l]);
                cr_assert_eq(r.q.lfsr_q[l], o.lfsr[l], "case %d line %d LFSR", cs, l);
            }
        }
        olt_free(&o);
        rig_free(&r);
    }
}
