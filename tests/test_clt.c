/* test_clt.c - closed-loop tuning converges, gives up where it must; energy by hand */
#include "xtile/clt.h"
#include "xtile/err.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

static struct xt_config cfg;
static struct nvm_class msp, lsp;

static void classes(int model, double dyn_range)
{
    xt_config_defaults(&cfg);
    cfg.msp.model = cfg.lsp.model = model;
    cfg.msp.dyn_range = cfg.lsp.dyn_range = dyn_range;
    cr_assert_eq(nvm_class_init(&msp, &cfg.msp, "msp"), 0);
    cr_assert_eq(nvm_class_init(&lsp, &cfg.lsp, "lsp"), 0);
}

/* p from cfg, with working memory for up to 64 columns */
static void params(struct clt_params *p)
{
    clt_params_init(p, &cfg);
    cr_assert_eq(clt_work_alloc(p, 64), 0, "%s", xt_errmsg());
}

/* targets in +-range, programmed into a fresh rows x cols 4dev array */
static void program(struct arr *a, struct clt_params *p, float range, struct clt_stats *st,
                    float *w)
{
    int n = a->rows * a->cols;

    for (int k = 0; k < n; k++)
        w[k] = range * (float)((k * 37) % 101 - 50) / 50.0f;
    *st = (struct clt_stats){0};
    clt_program(a, p, w, st);
}

Test(clt, converges_within_tau_on_ideal_devices)
{
    const int strategies[] = {XT_CLT_INC, XT_CLT_RESET, XT_CLT_TARGET};
    struct clt_stats st;
    struct clt_params p;
    struct arr a;
    float w[8 * 6];

    classes(0, 1000); /* linear, fine steps */
    for (size_t s = 0; s < 3; s++) {
        cfg.clt.strategy = strategies[s];
        cfg.clt.max_iter = 400;
        cfg.clt.tau = 1;
        params(&p);
        cr_assert_eq(arr_init(&a, 0, 8, 6, XT_ENC_4DEV, 3, 2, &msp, &lsp, 1, 0, 0.2, 1000), 0);
        program(&a, &p, 0.15f, &st, w);
        cr_assert_eq(st.not_converged, 0, "strategy %d: %llu not converged", strategies[s],
                     (unsigned long long)st.not_converged);
        for (int k = 0; k < 48; k++) {
            int want = adc_convert(&p.adc, w[k] * p.read_cycles);
            int got = adc_convert(&p.adc, a.w[k] * p.read_cycles);
            cr_assert_leq(abs(want - got), p.tau, "strategy %d weight %d: code %d, target %d",
                          strategies[s], k, got, want);
        }
        arr_free(&a);
        clt_work_free(&p);
    }
}

Test(clt, ideal_strategy_is_exact)
{
    struct clt_stats st;
    struct clt_params p;
    struct arr a;
    float w[4 * 5];

    classes(1, 100);
    cfg.clt.strategy = XT_CLT_IDEAL;
    params(&p);
    cr_assert_eq(arr_init(&a, 0, 4, 5, XT_ENC_4DEV, 3, 2, &msp, &lsp, 1, 0, 0.2, 1000), 0);
    program(&a, &p, 1.0f, &st, w);
    for (int k = 0; k < 20; k++)
        cr_assert_float_eq(a.w[k], w[k], 1e-6);
    cr_assert_eq(st.set_pulses, 0);
    arr_free(&a);
    clt_work_free(&p);
}

/* Every target is +-value; none of them is reachable. */
static void gives_up(const char *what, double dead, double stuck, float value)
{
    struct clt_stats st = {0};
    struct clt_params p;
    struct arr a;
    float w[6 * 4];

    classes(1, 50);
    cfg.msp.dead_frac = dead;
    cfg.msp.stuck_frac = stuck;
    cfg.clt.max_iter = 1000;
    params(&p);
    cr_assert_eq(arr_init(&a, 0, 6, 4, XT_ENC_4DEV, 3, 2, &msp, &lsp, 1, 0, 0.2, 1000), 0);
    for (int k = 0; k < 24; k++)
        w[k] = k % 2 ? value : -value;
    clt_program(&a, &p, w, &st);
    cr_assert_eq(st.not_converged, 24, "%s: only %llu of 24 not converged", what,
                 (unsigned long long)st.not_converged);
    /* it stopped on its saturation rule, before max_iter ran out on any row */
    cr_assert_lt(st.iterations, (uint64_t)6 * 1000 / 2, "%s: %llu iterations", what,
                 (unsigned long long)st.iterations);
    arr_free(&a);
    clt_work_free(&p);
}

Test(clt, dead_devices_are_reported_not_converged)
{
    gives_up("dead", 1.0, 0.0, 0.5f);
}

Test(clt, stuck_on_devices_are_reported_not_converged)
{
    gives_up("stuck", 0.0, 1.0, 0.5f);
}

Test(clt, targets_beyond_saturation_are_reported_not_converged)
{
    /* the MSP spans +-F Gmax_msp / G_ref = +-1.5 of w_max = 2: 1.9 is out of reach */
    gives_up("saturated", 0.0, 0.0, 1.9f);
}

Test(clt, transfer_moves_the_lsp_into_the_msp)
{
    struct clt_stats st = {0};
    struct clt_params p;
    struct arr a;

    classes(0, 1000);
    cfg.clt.max_iter = 200;
    params(&p);
    cr_assert_eq(arr_init(&a, 0, 2, 3, XT_ENC_4DEV, 3, 2, &msp, &lsp, 1, 0, 0.2, 1000), 0);
    arr_set(&a, 4, ARR_LP, 100); /* +100 LSP steps on weight 4 */
    float before = a.w[4];
    clt_transfer(&a, &p, &st);
    cr_assert_eq(a.dev[4 * 4 + ARR_LP].g, 0.0f, "LSP not reset");
    /* within tau + 1 codes of the 10-bit transfer read (1 code = w_max / 512) */
    cr_assert_float_eq(a.w[4], before, (p.tau + 1) * 2.0 / 512, "weight %g, was %g", a.w[4],
                       before);
    cr_assert_gt(a.dev[4 * 4 + ARR_GP].g, 0.0f);
    cr_assert_eq(st.not_converged, 0);
    arr_free(&a);
    clt_work_free(&p);
}

Test(energy, tally_equals_a_hand_computation_on_2x2)
{
    struct arr a;
    float x[2] = {3.0f, -5.0f}, s[2], d[2] = {-2.0f, 7.0f}, e[2];
    double g_row[2] = {0, 0}, g_col[2] = {0, 0}, want;

    classes(0, 10); /* linear: each SET adds exactly Gmax / 10 = 2 µS */
    cr_assert_eq(arr_init(&a, 0, 2, 2, XT_ENC_4DEV, 3, 2, &msp, &lsp, 1, 0, 0.5, 500), 0);
    arr_set(&a, 0, ARR_GP, 2); /* 4 µS */
    arr_set(&a, 1, ARR_LM, 1); /* 2 µS */
    arr_set(&a, 3, ARR_GM, 3); /* 6 µS */
    arr_reset(&a, 3, ARR_LP);
    for (int cell = 0; cell < 4; cell++)
        for (int k = 0; k < 4; k++) {
            g_row[cell / 2] += a.dev[cell * 4 + k].g;
            g_col[cell % 2] += a.dev[cell * 4 + k].g;
        }
    cr_assert_float_eq(g_row[0], 6.0, 1e-6);
    cr_assert_float_eq(g_row[1], 6.0, 1e-6);
    arr_read_fwd(&a, x, s);
    /* V^2 t per cycle: 0.25 V^2 x 2 ns; |x_i| cycles on row i (sign = polarity); µS V^2 ns = fJ */
    want = 0.25 * 2.0 * (3.0 * g_row[0] + 5.0 * g_row[1]) * 1e-3;
    cr_assert_float_eq(arr_read_energy(&a, ARR_BOOK_TRAIN, -1), want, 1e-12);
    arr_read_bwd(&a, d, e);
    want += 0.25 * 2.0 * (2.0 * g_col[0] + 7.0 * g_col[1]) * 1e-3;
    cr_assert_float_eq(arr_read_energy(&a, ARR_BOOK_TRAIN, -1), want, 1e-12);
    cr_assert_eq(arr_tally_of(&a, ARR_BOOK_TRAIN, -1, ARR_MSP).n_set, 5);
    cr_assert_eq(arr_tally_of(&a, ARR_BOOK_TRAIN, -1, ARR_LSP).n_set, 1);
    cr_assert_eq(arr_tally_of(&a, ARR_BOOK_TRAIN, -1, ARR_LSP).n_reset, 1);
    /* reads: s_j = sum_i x_i w_ij with w = (F (G+ - G-) + g+ - g-) / G_ref, G_ref = 80 / 2 */
    cr_assert_float_eq(s[0], 3.0 * (3 * 4.0 / 40), 1e-6);
    cr_assert_float_eq(s[1], 3.0 * (-2.0 / 40) - 5.0 * (3 * -6.0 / 40), 1e-6);
    arr_free(&a);
}
