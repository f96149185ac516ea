/* test_clt.c - closed-loop tuning converges, gives up where it must; energy by hand */
#include "xtile/clt.h"
#include "xtile/config.h"
#include "xtile/err.h"
#include "xtile/mem.h"
#include "xtile/rng.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct xt_config cfg;
static struct nvm_class msp, lsp;

static void classes(int model, double dyn_range)
{
    xt_config_defaults(&cfg);
    cfg.weights.encoding = ARR_ENC_4DEV;
    cfg.msp.model = cfg.lsp.model = model;
    cfg.msp.dyn_range = cfg.lsp.dyn_range = dyn_range;
    cr_assert_eq(nvm_class_init(&msp, &cfg.msp, "msp"), 0);
    cr_assert_eq(nvm_class_init(&lsp, &cfg.lsp, "lsp"), 0);
}

/* A 4dev array of the classes above (F 3, w_max 2, seed 1): rows x cols, read at v_read. */
static int array4(struct arr *a, int rows, int cols, double v_read, double clk_mhz)
{
    struct arr_par p = {.rows = rows,
                        .cols = cols,
                        .enc = {ARR_ENC_4DEV, 3, 2},
                        .msp = &msp,
                        .lsp = &lsp,
                        .seed = 1,
                        .v_read = v_read,
                        .clk_mhz = clk_mhz};

    return arr_init(a, &p);
}

/* p from cfg, with working memory for up to 64 columns */
static void params(struct clt_params *p)
{
    struct clt_setup s = xt_config_clt_setup(&cfg);

    cr_assert_eq(clt_params_init(p, &s), 0, "%s", xt_errmsg());
    cr_assert_eq(clt_work_alloc(p, 64, 64, 1), 0, "%s", xt_errmsg());
}

/* targets in +-range, programmed into a fresh rows x cols 4dev array */
static void program(struct arr *a, struct clt_params *p, float range, struct clt_stats *st,
                    float *w)
{
    int n = a->rows * a->cols;

    for (int k = 0; k < n; k++)
        w[k] = range * (float)((k * 37) % 101 - 50) / 50.0f;
    *st = (struct clt_stats){0};
    clt_program(a, p, w, st, NULL);
}

Test(clt, converges_within_tau_on_ideal_devices)
{
    const int strategies[] = {CLT_STRAT_INC, CLT_STRAT_RESET, CLT_STRAT_TARGET};
    struct clt_stats st;
    struct clt_params p;
    struct arr a;
    float w[8 * 6];

    classes(0, 1000); /* linear, fine steps */
    for (size_t s = 0; s < 3; s++) {
        cfg.clt.strategy = strategies[s];
        cfg.clt.max_iter = 400;
        cfg.clt.tau = 1; /* one step of 0.38 codes: 0 codes, exact */
        params(&p);
        cr_assert_eq(array4(&a, 8, 6, 0.2, 1000), 0);
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
    cfg.clt.strategy = CLT_STRAT_IDEAL;
    params(&p);
    cr_assert_eq(array4(&a, 4, 5, 0.2, 1000), 0);
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
    cr_assert_eq(array4(&a, 6, 4, 0.2, 1000), 0);
    for (int k = 0; k < 24; k++)
        w[k] = k % 2 ? value : -value;
    clt_program(&a, &p, w, &st, NULL);
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
    cfg.clt.max_iter = 0; /* derived from the span */
    params(&p);
    cr_assert_eq(array4(&a, 2, 3, 0.2, 1000), 0);
    arr_set(&a, 4, ARR_LP, 100); /* +100 LSP steps on weight 4 */
    float before = a.w[4];
    clt_transfer(&a, &p, &st, NULL);
    cr_assert_eq(a.dev[4 * 4 + ARR_LP].g, 0.0f, "LSP not reset");
    /* within tau + 1 codes of the 10-bit transfer read (1 code = w_max / 512) */
    cr_assert_float_eq(a.w[4], before, (p.tau + 1) * 2.0 / 512, "weight %g, was %g", a.w[4],
                       before);
    cr_assert_gt(a.dev[4 * 4 + ARR_GP].g, 0.0f);
    cr_assert_eq(st.not_converged, 0);
    arr_free(&a);
    clt_work_free(&p);
}

/*
 * The Nature transfer on an array: a weight whose MSP part (the weight less the offset) falls
 * inside (0, offset) leaves its MSP pair RESET and its LSP holding it all; a weight of 0 and
 * one of three offsets go to the MSP less the offset; every weight ends where it was.
 */
Test(clt, offset_resets_the_msp_inside_the_offset)
{
    struct clt_stats st = {0};
    struct clt_params p;
    struct arr a;
    const float off = 4.0f, g[3] = {1.5f * off, 0.0f, 3.0f * off}; /* µS of LSP g+ */

    classes(0, 1000);
    cfg.clt.offset_us = off;
    params(&p);
    cr_assert_eq(array4(&a, 1, 3, 0.2, 1000), 0);
    for (int c = 0; c < 3; c++)
        arr_write(&a, c, ARR_LP, g[c]);
    float before[3] = {a.w[0], a.w[1], a.w[2]};
    clt_transfer(&a, &p, &st, NULL);
    cr_assert_eq(st.restarts, 1, "%llu MSP pairs RESET", (unsigned long long)st.restarts);
    cr_assert_eq(st.lsp_kept, 3);
    cr_assert_eq(a.dev[0 * 4 + ARR_GP].g + a.dev[0 * 4 + ARR_GM].g, 0.0f,
                 "inside the offset: the MSP pair left RESET");
    cr_assert_gt(a.dev[1 * 4 + ARR_GM].g, 0.0f, "weight 0: the MSP at minus the offset");
    cr_assert_gt(a.dev[2 * 4 + ARR_GP].g, 0.0f, "three offsets: the MSP at two");
    for (int c = 0; c < 3; c++) { /* the LSP holds about the offset or more */
        float lsp_w = (a.dev[c * 4 + ARR_LP].g - a.dev[c * 4 + ARR_LM].g) * a.inv_gref;
        cr_assert_gt(lsp_w, 0.5f * off * a.inv_gref, "weight %d: the LSP holds %g", c, lsp_w);
        cr_assert_float_eq(a.w[c], before[c], (p.tau + p.step_codes + 1) * 2.0 / 512,
                           "weight %d: %g, was %g", c, a.w[c], before[c]);
    }
    cr_assert_eq(st.not_converged, 0);
    arr_free(&a);
    clt_work_free(&p);
}

/*
 * clt.lsp_reset = needed: an LSP device read one code below clt_refresh_code is left alone, one
 * read at it is RESET, and the weight is conserved either way (the device kept is tuned against).
 */
Test(clt, lsp_devices_are_reset_from_the_threshold_code_up)
{
    struct clt_stats st = {0};
    struct clt_params p;
    struct arr a;

    classes(0, 20);
    cfg.clt.lsp_reset = CLT_LSP_RESET_NEEDED;
    params(&p);
    cr_assert_eq(array4(&a, 1, 3, 0.2, 1000), 0);
    int thr = clt_refresh_code(&a, &p);
    float g_lo = 0, g_hi = 0, dg = lsp.g_max / 100000;
    /* the largest conductance whose read is below the threshold code, and the next one */
    for (float g = 0; g < lsp.g_max && g_hi == 0; g += dg) {
        int code = adc_convert(&p.adc, g * a.inv_gref * (float)p.read_cycles);
        if (code < thr)
            g_lo = g;
        else
            g_hi = g;
    }
    cr_assert_gt(g_lo, 0.0f, "threshold code %d at 0 µS", thr);
    arr_write(&a, 1, ARR_LP, g_lo);
    arr_write(&a, 2, ARR_LP, g_hi);
    float before[3] = {a.w[0], a.w[1], a.w[2]};
    clt_transfer(&a, &p, &st, NULL);
    cr_assert_eq(arr_n_reset(&a, 0 * 4 + ARR_LP), 0, "a device at 0 µS was RESET");
    cr_assert_eq(arr_n_reset(&a, 1 * 4 + ARR_LP), 0, "g+ one code below the threshold was RESET");
    cr_assert_eq(arr_n_reset(&a, 2 * 4 + ARR_LP), 1, "g+ at the threshold code was not RESET");
    cr_assert_eq(a.dev[1 * 4 + ARR_LP].g, g_lo, "the device kept moved");
    for (int c = 0; c < 3; c++) /* within tau + 1 codes of the transfer read */
        cr_assert_float_eq(a.w[c], before[c], (p.tau + 1) * 2.0 / 512, "weight %d: %g, was %g", c,
                           a.w[c], before[c]);
    arr_free(&a);
    clt_work_free(&p);
}

Test(energy, tally_equals_a_hand_computation_on_2x2)
{
    struct arr a;
    float x[2] = {3.0f, -5.0f}, s[2], d[2] = {-2.0f, 7.0f}, e[2];
    double g_row[2] = {0, 0}, g_col[2] = {0, 0}, want;

    classes(0, 10); /* linear: each SET adds exactly Gmax / 10 = 2 µS */
    cr_assert_eq(array4(&a, 2, 2, 0.5, 500), 0);
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

/* A row read of the whole cells, of the MSP, of one device of each cell: each books the devices it
 * reads. */
Test(energy, row_reads_book_the_devices_they_read)
{
    struct arr a;
    float v[3];
    double want = 0.0;
    const double unit = 0.25 * 2.0 * 1e-3; /* 0.5 V, 2 ns a cycle: pJ per µS cycle */

    classes(0, 10);
    cr_assert_eq(array4(&a, 2, 3, 0.5, 500), 0);
    for (int cell = 0; cell < 6; cell++)
        for (int k = 0; k < 4; k++)
            arr_set(&a, cell, k, (cell + k) % 4); /* 0-3 steps of 2 µS */
    for (int sel = ARR_SEL_ALL; sel <= ARR_SEL_DEV0 + ARR_LM; sel++) {
        int k0 = sel >= ARR_SEL_DEV0 ? sel - ARR_SEL_DEV0 : 0,
            k1 = sel >= ARR_SEL_DEV0  ? k0 + 1
                 : sel == ARR_SEL_MSP ? 2
                                      : 4,
            cycles = 2 + sel;
        arr_read_row(&a, 1, sel, cycles, v);
        for (int c = 0; c < 3; c++) {
            const struct arr_dev *g = &a.dev[(3 + c) * 4];
            for (int k = k0; k < k1; k++)
                want += unit * cycles * g[k].g;
            float val = sel == ARR_SEL_ALL   ? a.w[3 + c]
                        : sel == ARR_SEL_MSP ? a.f * (g[ARR_GP].g - g[ARR_GM].g) * a.inv_gref
                                             : g[k0].g * a.inv_gref;
            cr_assert_float_eq(v[c], (float)cycles * val, 1e-6, "select %d, column %d", sel, c);
        }
        cr_assert_float_eq(arr_read_energy(&a, ARR_BOOK_TRAIN, -1), want, 1e-12, "select %d", sel);
    }
    arr_free(&a);
}

/*
 * The Nature transfer's offset in clt_decide: the MSP pass tunes to the target less the offset;
 * a target whose MSP part falls inside (0, offset) above the zero code RESETs the pair at once
 * and gives the MSP up (the LSP takes it); the write-back pass tunes to the whole target.
 */
Test(clt, offset_rule)
{
    struct clt_params p = {.tau = 1,
                           .step_codes = 2,
                           .zero_code = 512,
                           .offset = 10,
                           .max_iter = 100,
                           .sat_pulses = 8};
    struct clt_col s;

    for (int t = 500; t <= 540; t++) {
        bool inside = t - 10 > 512 && t - 10 < 522;
        s = (struct clt_col){.target = t, .active = true};
        enum clt_action a = clt_decide(&p, &s, t - 10, 0); /* the MSP at its own target */
        cr_assert_eq(a, inside ? CLT_RESTART : CLT_DONE, "target %d: action %d", t, a);
        cr_assert_eq(clt_col_unconverged(&s), inside, "target %d", t);
        cr_assert(clt_col_kept(&p, &s), "target %d: every column takes the write-back", t);
    }
    s = (struct clt_col){.target = 530, .active = true};
    cr_assert_eq(clt_decide(&p, &s, 500, 1), CLT_SET_PLUS); /* later iterations: no RESET */
    s = (struct clt_col){.target = 540, .active = true};
    cr_assert_eq(clt_decide(&p, &s, 535, 0), CLT_SET_MINUS, "the MSP aims at 530, not 540");
    s = (struct clt_col){.target = 540, .active = true, .keep = true};
    cr_assert_eq(clt_decide(&p, &s, 535, 0), CLT_SET_PLUS, "the write-back aims at 540");
    /* under an offset the write-back tunes to the code itself */
    s = (struct clt_col){.target = 540, .active = true, .keep = true, .dev = CLT_PLUS};
    cr_assert_eq(clt_decide(&p, &s, 539, 2), CLT_SET_PLUS, "within tau, but not at the code");
    s = (struct clt_col){.target = 540, .active = true, .keep = true, .dev = CLT_PLUS};
    cr_assert_eq(clt_decide(&p, &s, 540, 2), CLT_DONE);
    /* a write-back that crosses by tau + one MSP step or more is counted (half a code of
     * the read's rounding more and it would be beyond the bound of DESIGN.md 7a) */
    s = (struct clt_col){.target = 530, .active = true, .keep = true, .dev = CLT_PLUS};
    cr_assert_eq(clt_decide(&p, &s, 532, 3), CLT_DONE);
    cr_assert(!clt_col_unconverged(&s), "2 codes past: below tau + step");
    s = (struct clt_col){.target = 530, .active = true, .keep = true, .dev = CLT_PLUS};
    cr_assert_eq(clt_decide(&p, &s, 533, 3), CLT_DONE);
    cr_assert(clt_col_unconverged(&s), "3 codes past: tau + step, counted");
    p.offset = 0;
    s = (struct clt_col){.target = 540, .active = true, .keep = true, .dev = CLT_PLUS};
    cr_assert_eq(clt_decide(&p, &s, 539, 2), CLT_DONE, "no offset: the write-back within tau");
    s = (struct clt_col){.target = 515, .active = true};
    cr_assert_eq(clt_decide(&p, &s, 515, 0), CLT_DONE, "no offset: no RESET");
    cr_assert(!clt_col_kept(&p, &s), "no offset: converged columns skip the write-back");
}

/* ---- conservation (DESIGN.md 7a): over random cases, faulty devices included ---- */

struct fault {
    const char *name;
    double lsp_dead, lsp_stuck, lsp_reset, msp_dead, msp_stuck, msp_reset;
    bool reachable; /* every target can be reached: (almost) every weight must converge */
    /* bidirectional devices: models by name (NULL: sat_immediate), asymmetry, RESET trains */
    const char *lsp_model, *msp_model;
    double up_down;
    int reset_pulses;
    double lsp_reset_g; /* the LSP's reset level, fraction of Gmax (a capacitor's) */
    bool reset_to_ref;  /* 4dev_shared: a RESET copies the column's reference */
};

static const struct fault faults[] = {
    {"healthy", .reachable = true},
    {"LSP 30 % dead", .lsp_dead = 0.3, .reachable = true},
    {"LSP 10 % stuck-on", .lsp_stuck = 0.1, .reachable = true},
    {"LSP RESET spread 5 %", .lsp_reset = 0.05, .reachable = true},
    {"MSP 10 % dead", .msp_dead = 0.1},
    {"MSP 5 % stuck-on", .msp_stuck = 0.05},
    {"all of them", 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, false, NULL, NULL, 0, 0, 0, false},
    /* a RESET of a bidirectional device is a depression train: 6 pulses leave much behind */
    {"bidirectional LSP (soft_bounds, up_down 0.3, RESET 6 depression pulses)", .reachable = true,
     .lsp_model = "soft_bounds", .up_down = 0.3, .reset_pulses = 6},
    {"bidirectional pairs (pow_step LSP, linear_step MSP, up_down -0.4), 10 % dead",
     .lsp_dead = 0.1, .msp_dead = 0.1, .lsp_model = "pow_step", .msp_model = "linear_step",
     .up_down = -0.4},
    /* 4dev_shared: a capacitor LSP reset to 40 % of Gmax, references dead and stuck too */
    {"capacitor LSP (reset at 0.4 Gmax, up_down 0.2)", .reachable = true, .lsp_model = "capacitor",
     .up_down = 0.2, .lsp_reset_g = 0.4},
    {"capacitor LSP (reset at 0.5 Gmax), 10 % dead, 10 % stuck-on, MSP 5 % dead", .lsp_dead = 0.1,
     .lsp_stuck = 0.1, .msp_dead = 0.05, .lsp_model = "capacitor", .lsp_reset_g = 0.5},
    {"capacitor LSP reset to its reference, 10 % dead, 10 % stuck-on", .lsp_dead = 0.1,
     .lsp_stuck = 0.1, .lsp_model = "capacitor", .lsp_reset_g = 0.3, .reset_to_ref = true},
};

static const char *enc_name(int encoding)
{
    return encoding == ARR_ENC_2DEV ? "2dev" : encoding == ARR_ENC_4DEV ? "4dev" : "4dev_shared";
}

/* The registry index of model name (NULL: sat_immediate, the default). */
static int model_named(const char *name)
{
    for (int m = 0; nvm_models[m]; m++)
        if (!strcmp(nvm_models[m]->name, name ? name : "sat_immediate"))
            return m;
    cr_assert_fail("no model %s", name);
    return -1;
}

struct conserve {
    const struct clt_params *p;
    const struct arr *a;
    double bound;    /* tau plus one nominal step of the tuned pair (at least one code), weight */
    long checked;    /* weights compared */
    long off;        /* of them, moved by more than bound */
    uint64_t unconv; /* counted not converged */
    uint64_t in_offset; /* restarts under an offset (targets inside it among them) */
    uint64_t no_offset; /* restarts of the same cases without it */
    long checked_o;     /* of the weights compared, under an offset */
    uint64_t unconv_o;  /* of those not converged, under an offset */
};

/* Every weight that moved by more than tau plus one step must be counted not converged. */
static void conserved(struct conserve *k, const float *before, const struct clt_stats *st,
                      const char *what)
{
    long n = (long)k->a->rows * k->a->cols, off = 0;

    for (long i = 0; i < n; i++)
        off += fabs((double)k->a->w[i] - before[i]) > k->bound;
    cr_assert_leq((uint64_t)off, st->not_converged,
                  "%s: %ld weights moved by more than %g, only %llu counted not converged", what,
                  off, k->bound, (unsigned long long)st->not_converged);
    k->checked += n;
    k->off += off;
    k->unconv += st->not_converged;
    k->checked_o += k->p->offset > 0 ? n : 0;
    k->unconv_o += k->p->offset > 0 ? st->not_converged : 0;
}

/* LSP traffic (2dev: the pair's) as training would leave it: up to n pulses on one device. */
static void traffic(struct arr *a, struct xt_rng *g, int n)
{
    for (long cell = 0; cell < (long)a->rows * a->cols; cell++) {
        int neg = (int)xt_rng_below(g, 2), pulses = (int)xt_rng_below(g, (uint32_t)n + 1);
        if (pulses)
            arr_set(a, cell, arr_pulse_slot(a, false, cell, neg, 0), pulses);
    }
}

static void conservation_case(const struct fault *f, int encoding, int strategy, bool pol_inv,
                              double offset, uint64_t seed, struct conserve *k)
{
    enum { ROWS = 6, COLS = 12 };
    struct clt_stats st = {0};
    struct clt_params p;
    struct arr a;
    struct xt_rng g;
    float w[ROWS * COLS], before[ROWS * COLS];
    char what[160];

    xt_config_defaults(&cfg);
    cfg.weights.encoding = encoding;
    cfg.msp.dyn_range = 50;
    cfg.lsp.dyn_range = 20;
    cfg.msp.c2c = cfg.lsp.c2c = 0.3;
    cfg.msp.dg_d2d = cfg.lsp.dg_d2d = 0.2;
    cfg.lsp.dead_frac = f->lsp_dead;
    cfg.lsp.stuck_frac = f->lsp_stuck;
    cfg.lsp.reset_sigma = f->lsp_reset;
    cfg.msp.dead_frac = f->msp_dead;
    cfg.msp.stuck_frac = f->msp_stuck;
    cfg.msp.reset_sigma = f->msp_reset;
    cfg.lsp.model = model_named(f->lsp_model);
    cfg.msp.model = model_named(f->msp_model);
    cfg.msp.up_down = cfg.lsp.up_down = f->up_down;
    cfg.lsp.reset_pulses = f->lsp_model ? f->reset_pulses : 0;
    cfg.msp.reset_pulses = f->msp_model ? f->reset_pulses : 0;
    cfg.lsp.reset_g_us = f->lsp_reset_g * cfg.lsp.g_max_us;
    cfg.lsp.reset_to_ref = f->reset_to_ref;
    cfg.clt.strategy = strategy;
    cfg.clt.polarity_inversion = pol_inv;
    cfg.clt.offset_us = offset * cfg.lsp.g_max_us;
    cfg.clt.lsp_reset =
        (int)(seed % 2); /* 4dev: odd seeds RESET only the LSP devices that need it */
    cr_assert_eq(nvm_class_init(&msp, &cfg.msp, "msp"), 0);
    cr_assert_eq(nvm_class_init(&lsp, &cfg.lsp, "lsp"), 0);
    params(&p);
    cr_assert_eq(arr_init(&a, &(struct arr_par){.rows = ROWS,
                                                .cols = COLS,
                                                .enc = {encoding, cfg.weights.f, cfg.weights.w_max},
                                                .msp = &msp,
                                                .lsp = &lsp,
                                                .seed = seed,
                                                .v_read = 0.2,
                                                .clk_mhz = 1000}),
                 0);
    k->p = &p;
    k->a = &a;
    k->bound = p.tau * (double)p.adc.delta / p.read_cycles +
               (double)p.step_codes * p.adc.delta / p.read_cycles; /* step_codes >= 1 */
    xt_rng_init(&g, seed, XT_STREAM_TEST, (uint32_t)(strategy * 8 + encoding));
    for (int i = 0; i < ROWS * COLS; i++)
        w[i] = (float)(0.6 * (2.0 * xt_rng_uniform(&g) - 1.0));
    snprintf(what, sizeof what,
             "%s, %s, strategy %d%s, offset %g Gmax, seed %llu, initial programming", f->name,
             enc_name(encoding), strategy, pol_inv ? ", inverting" : "", offset,
             (unsigned long long)seed);
    clt_program(&a, &p, w, &st, NULL);
    conserved(k, w, &st, what);
    for (int x = 0; x < 3; x++) {
        traffic(&a, &g, (int)cfg.lsp.dyn_range / 4);
        memcpy(before, a.w, sizeof before);
        st = (struct clt_stats){0};
        clt_transfer(&a, &p, &st, NULL);
        snprintf(what, sizeof what, "%s, %s, strategy %d%s, offset %g Gmax, seed %llu, transfer %d",
                 f->name, enc_name(encoding), strategy, pol_inv ? ", inverting" : "", offset,
                 (unsigned long long)seed, x + 1);
        conserved(k, before, &st, what);
        /* with an offset every weight takes the LSP's write-back pass (and some RESET the MSP) */
        if (offset > 0) {
            cr_assert_eq(st.lsp_kept, st.weights, "%s: %llu of %llu weights kept by the LSP", what,
                         (unsigned long long)st.lsp_kept, (unsigned long long)st.weights);
            k->in_offset += st.restarts;
        } else if (strategy != CLT_STRAT_IDEAL) { /* the cases that run with an offset too */
            k->no_offset += st.restarts;
        }
    }
    arr_free(&a);
    clt_work_free(&p);
    nvm_class_free(&msp);
    nvm_class_free(&lsp);
}

Test(clt, transfers_conserve_the_weight_on_faulty_devices)
{
    for (size_t f = 0; f < sizeof faults / sizeof faults[0]; f++) {
        for (int enc = ARR_ENC_2DEV; enc <= ARR_ENC_4DEV_SHARED; enc++) {
            struct conserve k = {0};
            bool bidir = faults[f].lsp_model && strcmp(faults[f].lsp_model, "sat_immediate");
            if ((enc == ARR_ENC_4DEV_SHARED) != (bidir && faults[f].lsp_reset_g > 0.0))
                continue; /* the shared cell: a bidirectional LSP that rests inside its range */
            /* 4dev, iterative strategies: the Nature transfer's offset too (0.2 Gmax_lsp) */
            for (int strategy = 0; strategy < 4; strategy++)
                for (int inv = 0; inv <= (enc != ARR_ENC_2DEV); inv++)
                    for (int o = 0; o <= (enc != ARR_ENC_2DEV && strategy != CLT_STRAT_IDEAL); o++)
                        for (uint64_t seed = 1; seed <= 3; seed++)
                            conservation_case(&faults[f], enc, strategy, inv, 0.2 * o, seed, &k);
            /*
             * Not vacuous: where every target is reachable, the weights converge.
             * (2dev's pair is LSP-class: its LSP faults are the tuned pair's.)
             */
            if (faults[f].reachable && (enc != ARR_ENC_2DEV || f == 0))
                cr_assert_leq(k.unconv - k.unconv_o, (uint64_t)(k.checked - k.checked_o) / 50,
                              "%s, %s: %llu of %ld weights not converged", faults[f].name,
                              enc_name(enc), (unsigned long long)(k.unconv - k.unconv_o),
                              k.checked - k.checked_o);
            /* under an offset the LSP must take it: a dead or stuck LSP device cannot */
            if (faults[f].reachable && faults[f].lsp_dead == 0 && faults[f].lsp_stuck == 0)
                cr_assert_leq(k.unconv_o, (uint64_t)k.checked_o / 50,
                              "%s, %s, offset: %llu of %ld weights not converged", faults[f].name,
                              enc_name(enc), (unsigned long long)k.unconv_o, k.checked_o);
            if (enc != ARR_ENC_2DEV)
                cr_assert_gt(k.in_offset, 0, "%s, %s: no MSP RESET under an offset", faults[f].name,
                             enc_name(enc));
            cr_log_info("%s, %s: %ld weights, %ld moved beyond the bound, %llu not converged, "
                        "MSP RESETs %llu under an offset, %llu without",
                        faults[f].name, enc_name(enc), k.checked, k.off,
                        (unsigned long long)k.unconv, (unsigned long long)k.in_offset,
                        (unsigned long long)k.no_offset);
        }
    }
}

/*
 * --threads: a transfer (and the programming before it) split among threads
 * leaves the same bits as one thread, over random arrays with dead and stuck
 * devices, both encodings, every strategy, LSP RESET all or needed, and read
 * noise (which keeps the rows in order): devices, pulse counts, weights, line
 * sums, tallies, read energy, read count and every statistic, exactly.
 */
static void same_arrays(const struct arr *a, const struct arr *b, const char *what)
{
    long cells = (long)a->rows * a->cols, devs = cells * a->ndev;

    for (long d = 0; d < devs; d++) {
        cr_assert_eq(a->dev[d].g, b->dev[d].g, "%s: device %ld", what, d);
        cr_assert_eq(a->dev[d].pulses, b->dev[d].pulses, "%s: device %ld pulses", what, d);
        cr_assert_eq(a->n_reset[d], b->n_reset[d], "%s: device %ld RESETs", what, d);
    }
    cr_assert_eq(memcmp(a->w, b->w, (size_t)cells * sizeof *a->w), 0, "%s: w", what);
    cr_assert_eq(memcmp(a->lsp_neg, b->lsp_neg, (size_t)cells), 0, "%s: LSP polarity", what);
    cr_assert_eq(memcmp(a->row_g, b->row_g, (size_t)a->rows * sizeof *a->row_g), 0, "%s", what);
    cr_assert_eq(memcmp(a->col_g, b->col_g, (size_t)a->cols * sizeof *a->col_g), 0, "%s", what);
    cr_assert_eq(memcmp(a->tally, b->tally, sizeof a->tally), 0, "%s: tallies", what);
    cr_assert(!memcmp(a->e_read_fix, b->e_read_fix, sizeof a->e_read_fix), "%s: energy", what);
    cr_assert_eq(a->reads, b->reads, "%s: reads", what);
}

static void same_stats(const struct clt_stats *a, const struct clt_stats *b, const char *what)
{
    cr_assert_eq(a->weights, b->weights, "%s", what);
    cr_assert_eq(a->not_converged, b->not_converged, "%s", what);
    cr_assert_eq(a->iterations, b->iterations, "%s", what);
    cr_assert_eq(a->reads, b->reads, "%s", what);
    cr_assert_eq(a->set_pulses, b->set_pulses, "%s", what);
    cr_assert_eq(a->resets, b->resets, "%s", what);
    cr_assert_eq(a->restarts, b->restarts, "%s", what);
    cr_assert_eq(a->lsp_kept, b->lsp_kept, "%s", what);
    cr_assert_eq(a->cycles, b->cycles, "%s", what);
    cr_assert_eq(a->sum_abs_err, b->sum_abs_err, "%s: sum |error|", what);
    cr_assert_eq(a->sum_sq_err, b->sum_sq_err, "%s: sum error^2", what);
}

/*
 * What threads split by rows is on lines of its own: the weights and row sums of
 * every block of ARR_LINE_ROWS rows start on a 64-byte line, whatever the shape,
 * and xt_alloc_lines gives zeroed memory on lines.
 */
Test(clt, row_blocks_start_on_cache_lines)
{
    classes(1, 100);
    for (int cols = 1; cols <= 23; cols += 11)
        for (int rows = 1; rows <= 40; rows += 13) {
            struct arr a;
            cr_assert_eq(array4(&a, rows, cols, 0.2, 1000), 0);
            for (int r = 0; r < rows; r += ARR_LINE_ROWS) {
                cr_assert_eq((uintptr_t)(a.w + (long)r * cols) % 64, 0, "%d x %d row %d", rows,
                             cols, r);
                cr_assert_eq((uintptr_t)(a.row_g + r) % 64, 0, "%d x %d row %d", rows, cols, r);
            }
            arr_free(&a);
        }
    for (size_t n = 1; n <= 300; n += 37) {
        unsigned char *m = xt_alloc_lines(n);
        cr_assert(m && (uintptr_t)m % 64 == 0, "n %zu", n);
        for (size_t k = 0; k < n; k++)
            cr_assert_eq(m[k], 0, "n %zu byte %zu", n, k);
        free(m);
    }
    cr_assert_null(xt_alloc_lines(0));
    nvm_class_free(&msp);
    nvm_class_free(&lsp);
}

Test(clt, threads_leave_the_same_bits)
{
    struct xt_pool *pool[3] = {NULL};
    int threads[3] = {1, 2, 3}, split = 0;

    for (int k = 1; k < 3; k++)
        cr_assert_eq(xt_pool_new(threads[k], &pool[k]), 0, "%s", xt_errmsg());
    for (int n = 0; n < 24; n++) {
        struct xt_rng rng;
        xt_rng_init(&rng, 42, XT_STREAM_TEST, (uint32_t)n);
        bool four = n % 3 != 2;
        int rows = 4 + (int)(xt_rng_u32(&rng) % 29), cols = 1 + (int)(xt_rng_u32(&rng) % 40);
        struct arr a[3];
        struct clt_params p[3];
        struct clt_stats prog[3] = {{0}}, st[3] = {{0}};
        float *w = malloc((size_t)rows * cols * sizeof *w);
        char what[128];

        xt_config_defaults(&cfg);
        cfg.weights.encoding = four ? ARR_ENC_4DEV : ARR_ENC_2DEV;
        cfg.msp.dead_frac = cfg.lsp.dead_frac = 0.05 * (n % 4);
        cfg.msp.stuck_frac = cfg.lsp.stuck_frac = 0.03 * (n % 5);
        cfg.lsp.read_sigma = n % 7 == 6 ? 0.01 : 0.0;
        cfg.lsp.reset_sigma = n % 2 ? 0.05 : 0.0;
        cfg.clt.strategy = four ? n % 4 : CLT_STRAT_INC;
        cfg.clt.lsp_reset = n % 5 == 1 ? CLT_LSP_RESET_NEEDED : CLT_LSP_RESET_ALL;
        cr_assert_eq(nvm_class_init(&msp, &cfg.msp, "msp"), 0);
        cr_assert_eq(nvm_class_init(&lsp, &cfg.lsp, "lsp"), 0);
        for (int k = 0; k < rows * cols; k++)
            w[k] = 1.8f * ((float)(xt_rng_u32(&rng) % 2001) / 1000.0f - 1.0f);
        snprintf(what, sizeof what, "case %d (%s, %d x %d, strategy %d, read noise %g)", n,
                 four ? "4dev" : "2dev", rows, cols, cfg.clt.strategy, cfg.lsp.read_sigma);
        for (int k = 0; k < 3; k++) {
            struct clt_setup s = xt_config_clt_setup(&cfg);
            struct arr_par ap = {.rows = rows,
                                 .cols = cols,
                                 .enc = {cfg.weights.encoding, 3, 2},
                                 .msp = &msp,
                                 .lsp = &lsp,
                                 .seed = (uint64_t)n + 1,
                                 .v_read = 0.2,
                                 .clk_mhz = 1000};
            cr_assert_eq(clt_params_init(&p[k], &s), 0, "%s", xt_errmsg());
            cr_assert_eq(clt_work_alloc(&p[k], rows, cols, threads[k]), 0, "%s", xt_errmsg());
            cr_assert_eq(arr_init(&a[k], &ap), 0);
            a[k].phase = XT_PHASE_XFER;
            clt_program(&a[k], &p[k], w, &prog[k], pool[k]);
            /* the same open-loop pulses on every copy, then two transfers */
            struct xt_rng ev;
            xt_rng_init(&ev, 7, XT_STREAM_TEST, (uint32_t)n);
            for (int e = 0; e < rows * cols; e++) {
                long cell = (long)(xt_rng_u32(&ev) % (uint32_t)(rows * cols));
                int dev = (int)(xt_rng_u32(&ev) % 2) + (four ? ARR_LP : 0);
                arr_set(&a[k], cell, dev, 1 + (int)(xt_rng_u32(&ev) % 30));
            }
            clt_transfer(&a[k], &p[k], &st[k], pool[k]);
            clt_transfer(&a[k], &p[k], &st[k], pool[k]);
        }
        for (int k = 1; k < 3; k++) {
            char at[160];
            snprintf(at, sizeof at, "%s, %d threads against 1", what, threads[k]);
            same_arrays(&a[0], &a[k], at);
            same_stats(&prog[0], &prog[k], at);
            same_stats(&st[0], &st[k], at);
        }
        split += cfg.lsp.read_sigma == 0.0 && rows >= 6;
        for (int k = 0; k < 3; k++) {
            arr_free(&a[k]);
            clt_work_free(&p[k]);
        }
        nvm_class_free(&msp);
        nvm_class_free(&lsp);
        free(w);
    }
    cr_assert_gt(split, 12, "too few cases were split among threads");
    for (int k = 1; k < 3; k++)
        xt_pool_free(pool[k]);
}
