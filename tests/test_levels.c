/* test_levels.c - L0 = L1: the fast engine and the clocked engine, result by result */
#include "xtile/analog.h"
#include "xtile/err.h"
#include "xtile/port.h"
#include "xtile/rng.h"
#include "xtile/tile_dut.h"
#include "xtile/tile_top.h"

#include "../tb/lockstep.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

/* Builds the same network twice; the second one's tiles run on the clocked engine. */
static void twins(struct xt_config *c, struct anet *fast, struct anet *cyc)
{
    cr_assert_eq(anet_init(fast, c), 0, "%s", xt_errmsg());
    cr_assert_eq(anet_init(cyc, c), 0, "%s", xt_errmsg());
    for (int l = 0; l < cyc->nl; l++) {
        struct xt_tile *t = &cyc->tile[l];
        t->ops->detach(t);
        t->ops = &xt_engine_cycle;
        cr_assert_eq(t->ops->attach(t), 0, "%s", xt_errmsg());
    }
}

static void same_devices(const struct arr *a, const struct arr *b, const char *what)
{
    long n = (long)a->rows * a->cols * a->ndev;

    for (long d = 0; d < n; d++) {
        cr_assert_eq(a->dev[d].g, b->dev[d].g, "%s: device %ld: L0 %g, L1 %g", what, d,
                     (double)a->dev[d].g, (double)b->dev[d].g);
        cr_assert_eq(arr_n_set(a, d), arr_n_set(b, d), "%s: device %ld SETs", what, d);
        cr_assert_eq(arr_n_reset(a, d), arr_n_reset(b, d), "%s: device %ld RESETs", what, d);
    }
    cr_assert_eq(memcmp(a->w, b->w, (size_t)a->rows * a->cols * sizeof *a->w), 0, "%s: w", what);
    for (int k = 0; k < ARR_BOOKS; k++)
        for (int ph = 0; ph < XT_PHASES; ph++)
            cr_assert(a->e_read_fix[k][ph] == b->e_read_fix[k][ph],
                      "%s: read energy of book %d phase %d", what, k, ph);
}

/* XTILE_LONG=1 (make test-long): 2,300 networks, 46,000 phases (at least 10,000 of each
 * kind); otherwise 150 networks, 3,000 phases. */
static int cases(int quick, int full)
{
    const char *e = getenv("XTILE_LONG");

    return e && *e && strcmp(e, "0") ? full : quick;
}

/* Every transition of every block's FSM that the random phases must reach. */
static void expect_covered(const struct tile_cov *cov)
{
    static const int top[][2] = {{TOP_IDLE, TOP_IDLE}, {TOP_IDLE, TOP_FWD},  {TOP_IDLE, TOP_BWD},
                                 {TOP_IDLE, TOP_UPD},  {TOP_IDLE, TOP_XFER}, {TOP_FWD, TOP_FWD},
                                 {TOP_FWD, TOP_IDLE},  {TOP_BWD, TOP_BWD},   {TOP_BWD, TOP_IDLE},
                                 {TOP_UPD, TOP_UPD},   {TOP_UPD, TOP_IDLE},  {TOP_XFER, TOP_XFER},
                                 {TOP_XFER, TOP_IDLE}};
    static const int seq[][2] = {{SEQ_IDLE, SEQ_IDLE}, {SEQ_IDLE, SEQ_PWM},  {SEQ_IDLE, SEQ_SLOT},
                                 {SEQ_PWM, SEQ_PWM},   {SEQ_PWM, SEQ_DONE},  {SEQ_SLOT, SEQ_SLOT},
                                 {SEQ_SLOT, SEQ_DONE}, {SEQ_SLOT, SEQ_HOLD}, {SEQ_HOLD, SEQ_HOLD},
                                 {SEQ_HOLD, SEQ_SLOT}, {SEQ_HOLD, SEQ_DONE}, {SEQ_DONE, SEQ_IDLE}};
    static const int adc[][2] = {{ADC_IDLE, ADC_IDLE},   {ADC_IDLE, ADC_SAMPLE},
                                 {ADC_SAMPLE, ADC_RAMP}, {ADC_RAMP, ADC_RAMP},
                                 {ADC_RAMP, ADC_DONE},   {ADC_DONE, ADC_IDLE}};
    static const int wx[][2] = {
        {WX_IDLE, WX_IDLE},    {WX_IDLE, WX_ROW},       {WX_ROW, WX_PWM},
        {WX_ROW, WX_IDEAL},    {WX_PWM, WX_PWM},        {WX_PWM, WX_PWM_DONE},
        {WX_PWM_DONE, WX_ADC}, {WX_ADC, WX_ADC},        {WX_ADC, WX_RESET_L},
        {WX_ADC, WX_RESET_M},  {WX_ADC, WX_PWM},        {WX_ADC, WX_ROW_END},
        {WX_ADC, WX_IDEAL},    {WX_ADC, WX_DECIDE},     {WX_RESET_L, WX_RESET_M},
        {WX_RESET_L, WX_ITER}, {WX_RESET_M, WX_ITER},   {WX_ITER, WX_PWM},
        {WX_ITER, WX_ROW_END}, {WX_DECIDE, WX_RESTART}, {WX_DECIDE, WX_SET},
        {WX_DECIDE, WX_NEXT},  {WX_RESTART, WX_SET},    {WX_RESTART, WX_NEXT},
        {WX_SET, WX_NEXT},     {WX_NEXT, WX_ITER},      {WX_IDEAL, WX_ROW_END},
        {WX_ROW_END, WX_ROW},  {WX_ROW_END, WX_DONE},   {WX_DONE, WX_IDLE}};
#define COVERED(tab, bits, name)                                                                   \
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)                                        \
        cr_assert(bits[tab[i][0]] >> tab[i][1] & 1, "%s transition %d -> %d never taken", name,    \
                  tab[i][0], tab[i][1]);
    COVERED(top, cov->top, "tile_top")
    COVERED(seq, cov->seq, "tile_pulse_seq")
    COVERED(adc, cov->adc, "tile_adc_rd")
    COVERED(wx, cov->wx, "tile_wxfer_ctl")
#undef COVERED
}

Test(levels, fast_and_cycle_agree_on_random_phases, .timeout = 600)
{
    struct tile_cov cov = {0};
    struct xt_rng g;
    int phases = 0, n = cases(150, 2300), per_kind[4] = {0};

    xt_rng_init(&g, 3, XT_STREAM_TEST, 3);
    for (int cs = 0; cs < n; cs++) {
        struct xt_config c;
        struct anet f, y;
        int rows = 2 + (int)xt_rng_below(&g, 30), cols = 1 + (int)xt_rng_below(&g, 20);
        char layers[64];

        xt_config_defaults(&c);
        snprintf(layers, sizeof layers, "%d,%d", rows - 1, cols);
        cr_assert_eq(xt_config_set(&c, "net.layers", layers), 0);
        c.weights.encoding = xt_rng_below(&g, 2) ? ARR_ENC_4DEV : ARR_ENC_2DEV;
        c.lsp.c2c = c.msp.c2c = 0.3;
        c.lsp.gmax_d2d = 0.1;
        c.lsp.dead_frac = 0.05;
        c.olt.scheme = (int)xt_rng_below(&g, 2);
        c.olt.bl = 1 + (int)xt_rng_below(&g, 64);
        c.tile.x_bits = 2 + (int)xt_rng_below(&g, 7);
        c.tile.d_bits = 2 + (int)xt_rng_below(&g, 7);
        c.tile.adc_bits = 2 + (int)xt_rng_below(&g, 7);
        c.tile.adc_share = 1 + (int)xt_rng_below(&g, 4);
        c.clt.adc_bits = 2 + (int)xt_rng_below(&g, 8);
        c.clt.strategy = (int)xt_rng_below(&g, 4);
        c.msp.dyn_range = c.lsp.dyn_range = 2 + (int)xt_rng_below(&g, 10);
        c.clt.max_iter = xt_config_span_steps(&c) + (int)xt_rng_below(&g, 30);
        c.clt.tau = 0.25 * (double)xt_rng_below(&g, 5);
        c.clt.polarity_inversion = c.weights.encoding == ARR_ENC_4DEV && xt_rng_below(&g, 2);
        c.clt.lsp_reset = (int)xt_rng_below(&g, 2);
        c.clt.sat_pulses = 1 + (int)xt_rng_below(&g, 8);
        c.clt.target_codes = (int)xt_rng_below(&g, 20);
        c.clt.refresh_frac = 0.05 + 0.9 * xt_rng_uniform(&g);
        c.msp.stuck_frac = 0.05;
        c.tile.set_cycles = xt_rng_below(&g, 3) ? 1 : 2 + (int)xt_rng_below(&g, 3);
        c.tile.adc_bwd_bits = xt_rng_below(&g, 2) ? 0 : 2 + (int)xt_rng_below(&g, 7);
        c.run.seed = cs + 1;
        twins(&c, &f, &y);

        struct xt_tile *tf = &f.tile[0], *ty = &y.tile[0];
        float x[64], d[64];
        uint16_t cf[64], cy[64], p[64], q[64];
        uint8_t pn[64], qn[64];
        for (int k = 0; k < 20; k++, phases++) {
            int ph = (int)xt_rng_below(&g, 4);
            per_kind[ph]++;
            if (ph == 0) {
                for (int i = 0; i < rows; i++)
                    x[i] = (float)xt_rng_below(&g, (uint32_t)tf->x_max + 1) *
                           (xt_rng_below(&g, 4) ? 1.0f : -1.0f);
                tf->ops->forward(tf, x, cf);
                ty->ops->forward(ty, x, cy);
                cr_assert_eq(memcmp(cf, cy, (size_t)cols * sizeof *cf), 0, "case %d: forward codes",
                             cs);
            } else if (ph == 1) {
                for (int j = 0; j < cols; j++)
                    d[j] = (float)xt_rng_below(&g, (uint32_t)tf->d_max + 1) *
                           (xt_rng_below(&g, 2) ? 1.0f : -1.0f);
                tf->ops->backward(tf, d, cf);
                ty->ops->backward(ty, d, cy);
                cr_assert_eq(memcmp(cf, cy, (size_t)rows * sizeof *cf), 0,
                             "case %d: backward codes", cs);
            } else if (ph == 3) {
                struct clt_stats sf = {0}, sy = {0};
                tf->ops->transfer(tf, &sf);
                ty->ops->transfer(ty, &sy);
                cr_assert_eq(memcmp(&sf, &sy, sizeof sf), 0,
                             "case %d: transfer statistics: L0 %llu reads %llu iterations %llu "
                             "cycles, L1 %llu %llu %llu",
                             cs, (unsigned long long)sf.reads, (unsigned long long)sf.iterations,
                             (unsigned long long)sf.cycles, (unsigned long long)sy.reads,
                             (unsigned long long)sy.iterations, (unsigned long long)sy.cycles);
            } else {
                for (int i = 0; i < rows; i++) {
                    p[i] = (uint16_t)xt_rng_below(&g, OLT_ONE + 1);
                    pn[i] = (uint8_t)xt_rng_below(&g, 2);
                }
                for (int j = 0; j < cols; j++) {
                    q[j] = (uint16_t)xt_rng_below(&g, OLT_ONE + 1);
                    qn[j] = (uint8_t)xt_rng_below(&g, 2);
                }
                tf->ops->update(tf, p, pn, q, qn);
                ty->ops->update(ty, p, pn, q, qn);
            }
            same_devices(&tf->arr, &ty->arr, "after a phase");
            for (int ph2 = 0; ph2 < XT_PHASES; ph2++)
                cr_assert_eq(tf->cycles[0][ph2], ty->cycles[0][ph2],
                             "case %d phase %d: L0 formula %llu cycles, L1 counted %llu", cs, ph2,
                             (unsigned long long)tf->cycles[0][ph2],
                             (unsigned long long)ty->cycles[0][ph2]);
        }
        cr_assert_eq(memcmp(tf->olt.lfsr, ty->olt.lfsr, ((size_t)rows + cols) * sizeof(uint32_t)),
                     0, "case %d: LFSR states", cs);
        const struct tile_cov *cv = &xt_cycle_top(ty)->cov;
        for (int k = 0; k < 8; k++) {
            cov.top[k] |= cv->top[k];
            cov.seq[k] |= cv->seq[k];
            cov.adc[k] |= cv->adc[k];
        }
        for (int k = 0; k < 32; k++)
            cov.wx[k] |= cv->wx[k];
        anet_free(&f);
        anet_free(&y);
    }
    cr_assert_geq(phases, 20 * n);
    for (int k = 0; k < 4; k++) /* forward, backward, transfer, update */
        cr_assert_geq(per_kind[k], n >= 2000 ? 10000 : 4 * n, "only %d phases of kind %d",
                      per_kind[k], k);
    expect_covered(&cov);
}

Test(levels, training_through_either_engine_gives_the_same_network)
{
    struct xt_config c;
    struct anet f, y;
    struct xt_rng g;
    uint8_t img[20];

    xt_config_defaults(&c);
    cr_assert_eq(xt_config_set(&c, "net.layers", "20,12,10"), 0);
    c.weights.encoding = ARR_ENC_4DEV;
    c.lsp.c2c = c.msp.c2c = 0.3;
    c.msp.gmax_d2d = 0.1;
    c.clt.every = 50;
    twins(&c, &f, &y);
    struct xt_model mf = anet_model(&f), my = anet_model(&y);
    xt_rng_init(&g, 8, XT_STREAM_TEST, 8);
    for (int k = 0; k < 300; k++) {
        int label = (int)xt_rng_below(&g, 10);
        for (int p = 0; p < 20; p++)
            img[p] = (uint8_t)(p / 2 == label ? 200 + xt_rng_below(&g, 55) : xt_rng_below(&g, 40));
        cr_assert_eq(mf.ops->forward(mf.self, img), my.ops->forward(my.self, img), "example %d", k);
        cr_assert_eq(mf.ops->loss(mf.self, label), my.ops->loss(my.self, label));
        mf.ops->learn(mf.self, label, 0.1);
        my.ops->learn(my.self, label, 0.1);
        cr_assert_eq(mf.ops->end_example(mf.self), 0);
        cr_assert_eq(my.ops->end_example(my.self), 0);
    }
    for (int l = 0; l < f.nl; l++) {
        same_devices(&f.tile[l].arr, &y.tile[l].arr, "after training");
        for (int ph = 0; ph < XT_PHASES; ph++)
            cr_assert_eq(f.tile[l].cycles[0][ph], y.tile[l].cycles[0][ph], "layer %d phase %d", l,
                         ph);
    }
    cr_assert_gt(f.nxfers, 0);
    /* the errors by target weight: equal on both engines, and they add up to the transfers' */
    cr_assert_eq(memcmp(&f.xfer_hist, &y.xfer_hist, sizeof f.xfer_hist), 0);
    cr_assert_eq(memcmp(&f.init_hist, &y.init_hist, sizeof f.init_hist), 0);
    uint64_t nw = 0, nh = 0, ni = 0;
    double ew = 0, eh = 0;
    for (int x = 0; x < f.nxfers; x++) {
        nw += f.xfers[x].st.weights;
        ew += f.xfers[x].st.sum_abs_err;
    }
    for (int b = 0; b < CLT_ERR_BINS; b++) {
        nh += f.xfer_hist.n[b];
        eh += f.xfer_hist.sum_abs[b];
        ni += f.init_hist.n[b];
    }
    cr_assert_eq(nh, nw, "%llu weights in the histogram, %llu transferred", (unsigned long long)nh,
                 (unsigned long long)nw);
    cr_assert_eq(ni, f.init_clt.weights);
    cr_assert_float_eq(eh, ew, 1e-9 * ew, "histogram |error| %g, transfers %g", eh, ew);
    anet_free(&f);
    anet_free(&y);
}

/*
 * A 4dev layer whose LSP holds +40 steps on every weight, transferred by both
 * engines; dead_lm: every g- device dead (under polarity inversion the one
 * that must take a positive residual after the swap).
 */
static void transfer_case(struct xt_config *c, struct clt_stats *sf, struct clt_stats *sy,
                          bool dead_lm)
{
    struct anet f, y;

    cr_assert_eq(xt_config_set(c, "net.layers", "5,4"), 0);
    c->weights.encoding = ARR_ENC_4DEV;
    twins(c, &f, &y);
    for (long cell = 0; cell < 6 * 4; cell++) {
        arr_set(&f.tile[0].arr, cell, ARR_LP, 40);
        arr_set(&y.tile[0].arr, cell, ARR_LP, 40);
        if (dead_lm)
            f.tile[0].arr.state[cell * 4 + ARR_LM] = y.tile[0].arr.state[cell * 4 + ARR_LM] =
                NVM_DEAD;
    }
    *sf = *sy = (struct clt_stats){0};
    f.tile[0].ops->transfer(&f.tile[0], sf);
    y.tile[0].ops->transfer(&y.tile[0], sy);
    same_devices(&f.tile[0].arr, &y.tile[0].arr, "after the transfer");
    cr_assert_eq(memcmp(sf, sy, sizeof *sf), 0, "transfer statistics differ");
    anet_free(&f);
    anet_free(&y);
}

Test(wxfer_ctl, converges_on_ideal_devices_within_max_iter)
{
    struct xt_config c;
    struct clt_stats sf, sy;

    xt_config_defaults(&c);
    c.msp.model = c.lsp.model = 0; /* linear, steps below one code of the 10-bit read */
    c.msp.dyn_range = 1000;
    c.clt.max_iter = 400; /* the span: 20 µS of LSP in 0.06 µS MSP steps, 334 */
    transfer_case(&c, &sf, &sy, false);
    cr_assert_eq(sy.weights, 24);
    cr_assert_eq(sy.not_converged, 0);
    cr_assert_gt(sy.set_pulses, 0);
    cr_assert_eq(sy.resets, 24, "g+ holds 40 steps, g- none: only g+ is RESET");
    cr_assert_eq(sy.reads, 6 * 2 + 6 + sy.iterations,
                 "each LSP device read alone, then the targets");
    c.clt.lsp_reset = CLT_LSP_RESET_ALL;
    transfer_case(&c, &sf, &sy, false);
    cr_assert_eq(sy.not_converged, 0);
    cr_assert_eq(sy.resets, 2 * 24, "clt.lsp_reset = all: both devices of every cell");
    cr_assert_eq(sy.reads, 6 + sy.iterations, "no device read alone");
}

Test(wxfer_ctl, dead_msp_leaves_the_weight_in_the_lsp_and_says_so)
{
    struct xt_config c;
    struct clt_stats sf, sy;

    xt_config_defaults(&c);
    c.msp.dead_frac = 1.0;
    c.lsp.model = 0; /* linear: it climbs back to any level it held */
    c.clt.max_iter = 500;
    transfer_case(&c, &sf, &sy, false);
    cr_assert_geq(sy.lsp_kept, 20, "%llu of 24 written back", (unsigned long long)sy.lsp_kept);
    cr_assert_eq(sy.not_converged, 0, "the LSP takes back its +40 steps: %llu not",
                 (unsigned long long)sy.not_converged);
    cr_assert_lt(sy.sum_abs_err / 24, 0.01, "the weight is conserved");
    cr_assert_lt(sy.iterations, 6 * 2 * 500, "both passes stop before max_iter on every row");
}

Test(wxfer_ctl, gives_up_when_neither_pair_can_hold_the_weight)
{
    struct xt_config c;
    struct clt_stats sf, sy;

    xt_config_defaults(&c);
    c.msp.dead_frac = 1.0;
    c.clt.max_iter = 500;
    c.clt.polarity_inversion = 1;
    transfer_case(&c, &sf, &sy, true);
    cr_assert_geq(sy.not_converged, 20, "%llu of 24", (unsigned long long)sy.not_converged);
    cr_assert_leq(sy.not_converged, sy.lsp_kept, "every one tried the LSP first");
    cr_assert_eq(sy.lsp_kept, 24, "%llu of 24", (unsigned long long)sy.lsp_kept);
    cr_assert_lt(sy.iterations, 6 * 2 * 500, "it gave up before max_iter on every row");
}

Test(wxfer_ctl, ideal_strategy_takes_one_strobe_per_row)
{
    struct xt_config c;
    struct clt_stats sf, sy;

    xt_config_defaults(&c);
    c.clt.strategy = CLT_STRAT_IDEAL;
    transfer_case(&c, &sf, &sy, false);
    cr_assert_eq(sy.reads, 0);
    cr_assert_eq(sy.cycles, 2 + 6 * 3, "start, done; per row begin, exact write, end");
    cr_assert_eq(sy.not_converged, 0);
}

/* n training examples of 20-pixel synthetic digits (seed: their stream) on network y. */
static void train_digits(struct anet *y, uint64_t seed, int n)
{
    struct xt_model my = anet_model(y);
    struct xt_rng g;
    uint8_t img[20];

    xt_rng_init(&g, seed, XT_STREAM_TEST, seed);
    for (int k = 0; k < n; k++) {
        int label = (int)xt_rng_below(&g, 10);
        for (int p = 0; p < 20; p++)
            img[p] = (uint8_t)(p / 2 == label ? 220 : xt_rng_below(&g, 30));
        my.ops->forward(my.self, img);
        my.ops->learn(my.self, label, 0.1);
        cr_assert_eq(my.ops->end_example(my.self), 0);
    }
}

Test(tile_top, counters_equal_the_cycles_and_pulses_of_the_phases)
{
    struct xt_config c;
    struct anet f, y;

    xt_config_defaults(&c);
    cr_assert_eq(xt_config_set(&c, "net.layers", "20,12,10"), 0);
    c.weights.encoding = ARR_ENC_4DEV;
    c.clt.every = 40;
    twins(&c, &f, &y);
    train_digits(&y, 9, 100);
    for (int l = 0; l < y.nl; l++) {
        const struct xt_tile *t = &y.tile[l];
        const struct tile_top_q *q = xt_cycle_top(t);
        for (int ph = 0; ph < XT_PHASES; ph++) {
            uint64_t sum = 0;
            for (int b = 0; b < ARR_BOOKS; b++)
                sum += t->cycles[b][ph];
            cr_assert_eq(q->cnt_q[TOP_CNT_FWD + ph], sum, "layer %d phase %d: counter %llu, %llu",
                         l, ph, (unsigned long long)q->cnt_q[TOP_CNT_FWD + ph],
                         (unsigned long long)sum);
        }
        /* SET pulses the top counted = the array's, minus the initial programming's */
        uint64_t sets = 0, resets = 0;
        for (int b = 0; b < ARR_BOOKS; b++)
            for (int k = 0; k < 2; k++)
                if (b != ARR_BOOK_SETUP) {
                    sets += arr_tally_of(&t->arr, b, -1, k).n_set;
                    resets += arr_tally_of(&t->arr, b, -1, k).n_reset;
                }
        cr_assert_eq(q->cnt_q[TOP_CNT_SET], sets, "layer %d SET pulses", l);
        cr_assert_eq(q->cnt_q[TOP_CNT_RESET], resets, "layer %d RESET pulses", l);
        cr_assert_eq(q->state_q, TOP_IDLE);
    }
    anet_free(&f);
    anet_free(&y);
}

Test(tile_top, reset_state_and_register_bus)
{
    struct olt_leap leap;
    struct clt_params cp;
    struct clt_setup cs;
    struct xt_config c;
    struct tile_top_p p;
    struct tile_top_q q, d;
    uint16_t code[8] = {0};
    uint8_t zero[8] = {0}, en_r[40], neg_r[40], en_c[40], neg_c[40];
    struct tile_top_out out = {
        .row_en_o = en_r, .row_neg_o = neg_r, .col_en_o = en_c, .col_neg_o = neg_c};

    xt_config_defaults(&c);
    cs = xt_config_clt_setup(&c);
    clt_params_init(&cp, &cs);
    olt_leap_init(&leap, 8);
    p = (struct tile_top_p){.rows = 3,
                            .cols = 2,
                            .fwd_bits = 4,
                            .bwd_bits = 4,
                            .seq = {3, 2, 15, 15, 1, &leap},
                            .col_adc = {2, 1},
                            .row_adc = {3, 1},
                            .wx = {3, 2, 15, false, 0, &cp}};
    cr_assert_eq(tile_top_init(&q, &p), 0);
    cr_assert_eq(tile_top_init(&d, &p), 0);
    tile_top_reset(&q, &p);
    tile_top_reset(&d, &p);
    cr_assert_eq(q.state_q, TOP_IDLE);
    struct tile_top_in in = {.reg_valid_i = true,
                             .reg_we_i = true,
                             .reg_addr_i = TOP_REG_OLT,
                             .reg_wdata_i = 0x80 | 17,
                             .row_code_i = code,
                             .col_code_i = code,
                             .row_neg_i = zero,
                             .col_neg_i = zero,
                             .col_cmp_i = zero,
                             .row_cmp_i = zero};
    tile_top_comb_out(&p, &q, &in, &d, &out);
    tile_top_comb_cmp(&p, &q, &in, &d);
    cr_assert(!out.busy_o && out.op_o == PORT_NOP);
    tile_top_clock(&p, &q, &d);
    in = (struct tile_top_in){.reg_valid_i = true,
                              .reg_addr_i = TOP_REG_OLT,
                              .row_code_i = code,
                              .col_code_i = code,
                              .row_neg_i = zero,
                              .col_neg_i = zero,
                              .col_cmp_i = zero,
                              .row_cmp_i = zero};
    tile_top_comb_out(&p, &q, &in, &d, &out);
    cr_assert_eq(out.reg_rdata_o, 0x80 | 17, "OLT reads back what was written");
    /* an update of 17 slots: the busy flag, then its clocks in the UPD counter */
    in.reg_we_i = true;
    in.reg_addr_i = TOP_REG_CMD;
    in.reg_wdata_i = TOP_UPD;
    long clocks = 0;
    for (;; clocks++) {
        tile_top_comb_out(&p, &q, &in, &d, &out);
        tile_top_comb_cmp(&p, &q, &in, &d);
        tile_top_clock(&p, &q, &d);
        in.reg_we_i = false;
        in.reg_addr_i = TOP_REG_STATUS;
        if (out.done_o)
            break;
        if (clocks > 0)
            cr_assert(out.busy_o && out.reg_rdata_o == 1, "STATUS reads busy during a phase");
    }
    cr_assert_eq(clocks + 1, 1 + 17 + 1);
    cr_assert_eq(q.cnt_q[TOP_CNT_UPD], 19);
    in.reg_addr_i = TOP_REG_CNT + 8 * TOP_CNT_UPD;
    tile_top_comb_out(&p, &q, &in, &d, &out);
    cr_assert_eq(out.reg_rdata_o, 19, "the counter's low word");
    in.reg_addr_i = TOP_REG_CNT + 8 * TOP_CNT_UPD + 4;
    tile_top_comb_out(&p, &q, &in, &d, &out);
    cr_assert_eq(out.reg_rdata_o, 0, "the counter's high word");
    tile_top_free(&q);
    tile_top_free(&d);
}

Test(wxfer_ctl, reset_state_is_idle_and_quiet)
{
    struct clt_params cp;
    struct clt_setup cs;
    struct xt_config c;
    struct tile_wxfer_ctl_p p;
    struct tile_wxfer_ctl_q q, d;
    uint8_t en[8], neg[8];
    uint16_t code[4] = {0};
    struct tile_wxfer_ctl_out out = {.col_en_o = en, .col_neg_o = neg};
    struct tile_wxfer_ctl_in in = {false, code, false};

    xt_config_defaults(&c);
    cs = xt_config_clt_setup(&c);
    clt_params_init(&cp, &cs);
    p = (struct tile_wxfer_ctl_p){2, 4, 15, false, 0, &cp};
    cr_assert_eq(tile_wxfer_ctl_init(&q, &p), 0);
    cr_assert_eq(tile_wxfer_ctl_init(&d, &p), 0);
    tile_wxfer_ctl_reset(&q, &p);
    tile_wxfer_ctl_reset(&d, &p);
    cr_assert_eq(q.state_q, WX_IDLE);
    tile_wxfer_ctl_comb(&p, &q, &in, &d, &out);
    cr_assert_eq(d.state_q, WX_IDLE, "no start: it stays idle");
    cr_assert(out.op_o == WX_OP_NOP && !out.busy_o && !out.done_o && !out.adc_start_o);
    for (int k = 0; k < 4; k++)
        cr_assert(!en[k]);
    in.start_i = true;
    tile_wxfer_ctl_comb(&p, &q, &in, &d, &out);
    cr_assert_eq(d.state_q, WX_ROW, "a start begins with row 0");
    cr_assert_eq(d.row_q, 0);
    tile_wxfer_ctl_free(&q);
    tile_wxfer_ctl_free(&d);
}

/*
 * The two-twin DUTs below (struct pair, struct rpair) begin with a struct
 * twins: two C twins clocked side by side; reset, counters and LFSRs are the
 * first's.
 */
struct twins {
    void *a, *b;
};

static void twins_open(struct twins *w, const struct tile_top_p *p)
{
    w->a = tile_dut_c.open(p, NULL);
    w->b = tile_dut_c.open(p, NULL);
    cr_assert(w->a && w->b);
}

static void twins_close(struct twins *w)
{
    tile_dut_c.close(w->a);
    tile_dut_c.close(w->b);
}

static void twins_reset(void *h)
{
    struct twins *w = h;

    tile_dut_c.reset(w->a);
    tile_dut_c.reset(w->b);
}

static uint64_t twins_counter(void *h, int n)
{
    return tile_dut_c.counter(((struct twins *)h)->a, n);
}

static void twins_lfsr(void *h, uint32_t *s)
{
    tile_dut_c.lfsr(((struct twins *)h)->a, s);
}

/* y on configuration c, every tile clocked (the cycle engine's harness) on dut. */
static void clocked_on(struct anet *y, const struct xt_config *c, const struct tile_dut_ops *dut)
{
    cr_assert_eq(anet_init(y, c), 0, "%s", xt_errmsg());
    for (int l = 0; l < y->nl; l++) {
        struct xt_tile *t = &y->tile[l];
        t->ops->detach(t);
        t->ops = &xt_engine_cycle;
        cr_assert_eq(xt_cycle_attach(t, dut, NULL), 0, "%s", xt_errmsg());
    }
}

/* The line outputs' arrays of o, n lines each (a tile's rows and columns). */
static void lines_alloc(struct tile_top_out *o, size_t n)
{
    o->row_en_o = calloc(n, 1);
    o->row_neg_o = calloc(n, 1);
    o->col_en_o = calloc(n, 1);
    o->col_neg_o = calloc(n, 1);
    cr_assert(o->row_en_o && o->row_neg_o && o->col_en_o && o->col_neg_o);
}

static void lines_free(struct tile_top_out *o)
{
    free(o->row_en_o);
    free(o->row_neg_o);
    free(o->col_en_o);
    free(o->col_neg_o);
}

/*
 * The enables' tile_lines (comb clears only what it set) against the plain
 * rule (every line driven every cycle): a DUT of two twins, the first on the
 * engine's outputs (kept across clocks, lines tracked), the second on outputs
 * poisoned and marked unknown before every cycle; every output equal on every
 * clock of every phase, transfers included.
 */
struct pair {
    struct twins w; /* first */
    int rows, cols;
    struct tile_top_out ob;
    long clocks;
};

static long pair_clocks, pair_row_ops; /* clocks compared; of them, transfer strobes */

static void *pair_open(const struct tile_top_p *p, void *ctx)
{
    struct pair *s = calloc(1, sizeof *s);
    size_t n = (size_t)p->rows + (size_t)p->cols;

    (void)ctx;
    cr_assert(s);
    s->rows = p->rows;
    s->cols = p->cols;
    twins_open(&s->w, p);
    lines_alloc(&s->ob, n);
    return s;
}

static void pair_close(void *h)
{
    struct pair *s = h;

    twins_close(&s->w);
    lines_free(&s->ob);
    free(s);
}

static void pair_out(void *h, const struct tile_top_in *in, struct tile_top_out *o)
{
    struct pair *s = h;
    struct tile_top_out *b = &s->ob;

    memset(b->row_en_o, 0x5a, (size_t)s->rows);
    memset(b->row_neg_o, 0x5a, (size_t)s->rows);
    memset(b->col_en_o, 0x5a, (size_t)s->cols);
    memset(b->col_neg_o, 0x5a, (size_t)s->cols);
    b->row_en_s = b->row_neg_s = b->col_en_s = b->col_neg_s = (struct tile_lines){0};
    tile_dut_c.out(s->w.a, in, o);
    tile_dut_c.out(s->w.b, in, b);
    cr_assert(o->op_o == b->op_o && o->mode_o == b->mode_o && o->sel_o == b->sel_o &&
                  o->integ_rst_o == b->integ_rst_o && o->sample_o == b->sample_o &&
                  o->conv_o == b->conv_o && o->ramp_o == b->ramp_o && o->swap_o == b->swap_o &&
                  o->busy_o == b->busy_o && o->done_o == b->done_o && o->row_o == b->row_o,
              "clock %ld: the outputs differ", s->clocks);
    cr_assert(!memcmp(o->row_en_o, b->row_en_o, (size_t)s->rows), "clock %ld: row_en_o", s->clocks);
    cr_assert(!memcmp(o->row_neg_o, b->row_neg_o, (size_t)s->rows), "clock %ld: row_neg_o",
              s->clocks);
    cr_assert(!memcmp(o->col_en_o, b->col_en_o, (size_t)s->cols), "clock %ld: col_en_o", s->clocks);
    cr_assert(!memcmp(o->col_neg_o, b->col_neg_o, (size_t)s->cols), "clock %ld: col_neg_o",
              s->clocks);
    pair_row_ops += o->mode_o == PORT_ROW && o->op_o != PORT_NOP && o->op_o != PORT_READ;
}

static void pair_cmp(void *h, const struct tile_top_in *in)
{
    struct pair *s = h;

    tile_dut_c.cmp(s->w.a, in);
    tile_dut_c.cmp(s->w.b, in);
}

static void pair_clock(void *h)
{
    struct pair *s = h;

    tile_dut_c.clock(s->w.a);
    tile_dut_c.clock(s->w.b);
    s->clocks++;
    pair_clocks++;
}

static const struct tile_dut_ops pair_dut = {
    .name = "pair",
    .open = pair_open,
    .close = pair_close,
    .out = pair_out,
    .cmp = pair_cmp,
    .clock = pair_clock,
    .reset = twins_reset,
    .counter = twins_counter,
    .lfsr = twins_lfsr,
};

Test(tile_top, tracked_enables_equal_every_line_driven_every_cycle)
{
    struct xt_config c;
    struct anet y;

    xt_config_defaults(&c);
    cr_assert_eq(xt_config_set(&c, "net.layers", "20,12,10"), 0);
    c.weights.encoding = ARR_ENC_4DEV;
    c.clt.every = 20;
    c.clt.polarity_inversion = 1;
    clocked_on(&y, &c, &pair_dut);
    train_digits(&y, 7, 60);
    cr_assert_gt(pair_clocks, 100000, "%ld clocks compared", pair_clocks);
    cr_assert_gt(pair_row_ops, 100, "%ld transfer strobes among them", pair_row_ops);
    anet_free(&y);
}

/*
 * Quiet stretches in one step (the C twin's ramp and hold ops, tile_top_ramp
 * and tile_top_hold) against their clocks one by one: a DUT of two twins, the
 * first taking the harness's steps, the second clocking each of their clocks,
 * a ramp's with the comparators the port gives (ramp >= trip) and checked
 * quiet (no array operation, converting, not done), a PWM window's checked
 * to repeat the last ordinary clock's outputs; every output of every ordinary
 * clock, and every register and the coverage after each step, equal. Shared
 * converters (passes) too.
 */
struct rpair {
    struct twins w; /* first */
    const struct tile_top_p *p;
    struct tile_top_in in;        /* the last ordinary clock's inputs: the lines' arrays */
    struct tile_top_out ob, last; /* the second twin's outputs; those of the last ordinary clock */
    uint8_t *cmp;
    struct ls_log log;
};

/* ramp and hold steps taken; the clocks they stood for */
static long rpair_steps, rpair_clocks, rpair_holds, rpair_held;
static uint64_t rpair_mismatches;

/* Every output of src into dst (dst's line arrays its own). */
static void copy_out(const struct tile_top_p *p, struct tile_top_out *dst,
                     const struct tile_top_out *src)
{
    uint8_t *re = dst->row_en_o, *rn = dst->row_neg_o, *ce = dst->col_en_o, *cn = dst->col_neg_o;

    *dst = *src;
    dst->row_en_o = memcpy(re, src->row_en_o, (size_t)p->rows);
    dst->row_neg_o = memcpy(rn, src->row_neg_o, (size_t)p->rows);
    dst->col_en_o = memcpy(ce, src->col_en_o, (size_t)p->cols);
    dst->col_neg_o = memcpy(cn, src->col_neg_o, (size_t)p->cols);
}

static void *rpair_open(const struct tile_top_p *p, void *ctx)
{
    struct rpair *s = calloc(1, sizeof *s);
    size_t n = (size_t)p->rows + (size_t)p->cols;

    (void)ctx;
    cr_assert(s);
    s->p = p;
    twins_open(&s->w, p);
    lines_alloc(&s->ob, n);
    lines_alloc(&s->last, n);
    s->cmp = calloc(n, 1);
    cr_assert(s->cmp);
    ls_log_init(&s->log);
    return s;
}

static void rpair_close(void *h)
{
    struct rpair *s = h;

    rpair_mismatches += s->log.mismatches;
    twins_close(&s->w);
    lines_free(&s->ob);
    lines_free(&s->last);
    free(s->cmp);
    free(s);
}

static void rpair_out(void *h, const struct tile_top_in *in, struct tile_top_out *o)
{
    struct rpair *s = h;

    s->in = *in;
    tile_dut_c.out(s->w.a, in, o);
    tile_dut_c.out(s->w.b, in, &s->ob);
    ls_cmp_top_out(&s->log, s->p, o, &s->ob);
    copy_out(s->p, &s->last, &s->ob);
}

static void rpair_cmp(void *h, const struct tile_top_in *in)
{
    struct rpair *s = h;

    tile_dut_c.cmp(s->w.a, in);
    tile_dut_c.cmp(s->w.b, in);
}

static void rpair_clock(void *h)
{
    struct rpair *s = h;

    tile_dut_c.clock(s->w.a);
    tile_dut_c.clock(s->w.b);
    s->log.cycle++;
}

static long rpair_ramp(void *h, const int *trip)
{
    struct rpair *s = h;
    struct tile_top_in in = s->in;
    const struct tile_top_q *qa = tile_dut_c_regs(s->w.a), *qb = tile_dut_c_regs(s->w.b);
    long n = tile_dut_c.ramp(s->w.a, trip);

    in.reg_valid_i = in.reg_we_i = false;
    in.row_cmp_i = in.col_cmp_i = s->cmp;
    for (long k = 0; k < n; k++) {
        struct tile_top_out *o = &s->ob;
        tile_dut_c.out(s->w.b, &in, o);
        cr_assert(o->op_o == PORT_NOP && o->conv_o && !o->sample_o && !o->integ_rst_o &&
                      !o->done_o && !o->row_begin_o && !o->row_end_o,
                  "clock %llu: a ramp step that is not quiet", (unsigned long long)s->log.cycle);
        for (int l = 0, m = o->mode_o == PORT_BWD ? s->p->rows : s->p->cols; l < m; l++)
            s->cmp[l] = o->ramp_o >= trip[l];
        tile_dut_c.cmp(s->w.b, &in);
        tile_dut_c.clock(s->w.b);
        s->log.cycle++;
    }
    ls_cmp_top(&s->log, s->p, qa, qb);
    cr_assert(!memcmp(&qa->cov, &qb->cov, sizeof qa->cov), "clock %llu: coverage differs",
              (unsigned long long)s->log.cycle);
    rpair_steps += n > 0;
    rpair_clocks += n;
    return n;
}

static long rpair_hold(void *h)
{
    struct rpair *s = h;
    struct tile_top_in in = s->in;
    const struct tile_top_q *qa = tile_dut_c_regs(s->w.a), *qb = tile_dut_c_regs(s->w.b);
    long n = tile_dut_c.hold(s->w.a);

    in.reg_valid_i = in.reg_we_i = false;
    for (long k = 0; k < n; k++) {
        tile_dut_c.out(s->w.b, &in, &s->ob);
        ls_cmp_top_out(&s->log, s->p, &s->last, &s->ob); /* the last ordinary clock's, held */
        tile_dut_c.cmp(s->w.b, &in);
        tile_dut_c.clock(s->w.b);
        s->log.cycle++;
    }
    ls_cmp_top(&s->log, s->p, qa, qb);
    cr_assert(!memcmp(&qa->cov, &qb->cov, sizeof qa->cov), "clock %llu: coverage differs",
              (unsigned long long)s->log.cycle);
    rpair_holds += n > 0;
    rpair_held += n;
    return n;
}

static const struct tile_dut_ops rpair_dut = {
    .name = "ramp pair",
    .open = rpair_open,
    .close = rpair_close,
    .out = rpair_out,
    .cmp = rpair_cmp,
    .clock = rpair_clock,
    .reset = twins_reset,
    .counter = twins_counter,
    .lfsr = twins_lfsr,
    .ramp = rpair_ramp,
    .hold = rpair_hold,
};

Test(tile_top, a_quiet_stretch_in_one_step_equals_its_clocks_one_by_one)
{
    static const char *share[] = {"1", "3"};

    for (int v = 0; v < 2; v++) {
        struct xt_config c;
        struct anet y;
        long steps = rpair_steps, clocks = rpair_clocks, holds = rpair_holds, held = rpair_held;

        xt_config_defaults(&c);
        cr_assert_eq(xt_config_set(&c, "net.layers", "20,12,10"), 0);
        cr_assert_eq(xt_config_set(&c, "tile.adc_share", share[v]), 0);
        c.weights.encoding = ARR_ENC_4DEV;
        c.clt.every = 20;
        c.clt.polarity_inversion = v;
        clocked_on(&y, &c, &rpair_dut);
        train_digits(&y, 11, 200);
        anet_free(&y);
        cr_assert_eq(rpair_mismatches, 0, "adc_share %s: %llu mismatches (printed above)", share[v],
                     (unsigned long long)rpair_mismatches);
        cr_assert_gt(rpair_steps - steps, 1000, "adc_share %s: %ld ramp steps", share[v],
                     rpair_steps - steps);
        cr_assert_gt(rpair_clocks - clocks, 100000, "adc_share %s: %ld clocks in them", share[v],
                     rpair_clocks - clocks);
        cr_assert_gt(rpair_holds - holds, 100, "adc_share %s: %ld PWM windows held", share[v],
                     rpair_holds - holds);
        cr_assert_gt(rpair_held - held, 10000, "adc_share %s: %ld clocks in them", share[v],
                     rpair_held - held);
    }
}

/*
 * port_clocks against the clocks it stands for: READs of random lines (rows,
 * columns, one row) over random spans, and other ops clock by clock; the
 * on-times equal.
 */
Test(port, n_clocks_in_one_step_equal_n_clocks)
{
    struct xt_config c;
    struct anet y;
    struct port ps[2];
    struct xt_rng g;

    xt_config_defaults(&c);
    cr_assert_eq(xt_config_set(&c, "net.layers", "70,20,10"), 0);
    c.weights.encoding = ARR_ENC_4DEV;
    cr_assert_eq(anet_init(&y, &c), 0, "%s", xt_errmsg());
    struct xt_tile *t = &y.tile[0];
    struct arr *a = &t->arr;
    size_t lines = (size_t)a->rows + (size_t)a->cols;
    uint8_t *en = calloc(lines, 1), *neg = calloc(lines, 1);
    long folded = 0;

    cr_assert(en && neg);
    for (int s = 0; s < 2; s++)
        cr_assert_eq(port_init(&ps[s], a, &t->adc_fwd, &t->adc_bwd, &t->clt.adc), 0);
    xt_rng_init(&g, 3, XT_STREAM_TEST, 0);
    for (int trial = 0; trial < 300; trial++) {
        int mode = (int)xt_rng_below(&g, 3), dens = 1 + (int)xt_rng_below(&g, 4);
        long n = 1 + (long)xt_rng_below(&g, 300);
        struct port_in in = {.op = xt_rng_below(&g, 5) ? PORT_READ : PORT_NOP,
                             .mode = mode,
                             .sel = ARR_SEL_ALL,
                             .integ_rst = xt_rng_below(&g, 10) == 0,
                             .row_en = en,
                             .row_neg = neg,
                             .col_en = en + a->rows,
                             .col_neg = neg + a->rows};
        for (size_t l = 0; l < lines; l++) {
            en[l] = mode == PORT_ROW ? 0 : xt_rng_below(&g, (uint32_t)dens) == 0;
            neg[l] = (uint8_t)xt_rng_below(&g, 2);
        }
        if (mode == PORT_ROW)
            en[xt_rng_below(&g, (uint32_t)a->rows)] = 1;
        port_clocks(&ps[0], &in, n);
        for (long k = 0; k < n; k++)
            port_clock(&ps[1], &in, NULL);
        folded += in.op == PORT_READ && !in.integ_rst;
        cr_assert(!memcmp(ps[0].on, ps[1].on, lines * sizeof *ps[0].on),
                  "trial %d (mode %d, %ld clocks): the on-times differ", trial, mode, n);
    }
    cr_assert_gt(folded, 150, "%ld READ spans in one step", folded);
    for (int s = 0; s < 2; s++)
        port_free(&ps[s]);
    free(en);
    free(neg);
    anet_free(&y);
}
