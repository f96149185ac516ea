/* test_nvm.c - device models: a contract every registered model meets, spreads, yield, tables */
#include "helpers.h"
#include "xtile/array.h"
#include "xtile/config.h"
#include "xtile/err.h"
#include "xtile/nvm.h"
#include "xtile/rng.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The parameters of a rows x cols array of class c on both pairs (F 3, w_max 1, 0.2 V, 1 GHz). */
#define ARR_PAR(c, encoding, r, n, s)                                                              \
    .rows = (r), .cols = (n), .enc = {(encoding), 3, 1}, .msp = (c), .lsp = (c), .seed = (s),      \
    .v_read = 0.2, .clk_mhz = 1000

static struct xt_config cfg;

/* A class of model m with every other parameter at its default (a jump table from sat_immediate).
 */
static void make_class(struct nvm_class *c, int m, double c2c)
{
    xt_config_defaults(&cfg);
    cfg.lsp.model = m;
    cfg.lsp.c2c = c2c;
    cfg.lsp.dyn_range = 20;
    if (nvm_models[m] == &nvm_jump_table) {
        struct nvm_class src;
        struct nvm_par d = cfg.lsp;
        FILE *f;

        d.model = 1; /* sat_immediate */
        cr_assert_eq(nvm_class_init(&src, &d, "lsp"), 0, "%s", xt_errmsg());
        snprintf(cfg.lsp.jt_file, sizeof cfg.lsp.jt_file, "%s/jt.csv", th_tmpdir());
        f = fopen(cfg.lsp.jt_file, "w");
        cr_assert_eq(nvm_jt_write(&src, 100, 33, f), 0, "%s", xt_errmsg());
        fclose(f);
        nvm_class_free(&src);
    }
    cr_assert_eq(nvm_class_init(c, &cfg.lsp, "lsp"), 0, "%s", xt_errmsg());
}

static int nmodels(void)
{
    int n = 0;

    while (nvm_models[n])
        n++;
    return n;
}

Test(nvm, model_choices_match_registry)
{
    size_t n;
    const struct xt_cfg_key *k = xt_config_keys(&n);

    for (size_t i = 0; i < n; i++) {
        if (strcmp(k[i].name, "lsp.model") != 0)
            continue;
        for (int m = 0; m < nmodels(); m++)
            cr_assert_str_eq(k[i].choices[m], nvm_models[m]->name);
        cr_assert_null(k[i].choices[nmodels()]);
        return;
    }
    cr_assert_fail("no lsp.model key");
}

Test(nvm, contract_bounds_monotonic_under_set_for_every_model)
{
    for (int m = 0; m < nmodels(); m++) {
        for (int noisy = 0; noisy < 2; noisy++) {
            struct nvm_class c;
            float g = 0.0f, gmax = 20.0f, dgmax = 1.0f;

            make_class(&c, m, noisy ? 0.5 : 0.0);
            for (uint32_t p = 0; p < 500; p++) {
                float n = nvm_set(&c, g, gmax, dgmax, p * 2654435761u);
                cr_assert(n >= g, "%s: SET lowered g from %g to %g", nvm_models[m]->name, g, n);
                cr_assert(n >= 0.0f && n <= gmax, "%s: g = %g out of [0, %g]", nvm_models[m]->name,
                          n, gmax);
                g = n;
            }
            cr_assert_gt(g, 0.5f * gmax, "%s: 500 pulses reached only %g", nvm_models[m]->name, g);
            /* the mean step shrinks (or stays) as g grows: saturating or linear */
            cr_assert(c.model->mean_dg(&c, 0.9f * gmax, gmax, dgmax) <=
                          c.model->mean_dg(&c, 0.5f * gmax, gmax, dgmax) + 1e-6f,
                      "%s", nvm_models[m]->name);
            nvm_class_free(&c);
        }
    }
}

Test(nvm, contract_same_seed_same_trajectory_and_reset_near_zero)
{
    for (int m = 0; m < nmodels(); m++) {
        struct nvm_class c;
        struct arr a, b;

        make_class(&c, m, 0.3);
        cfg.lsp.reset_sigma = 0.01;
        cr_assert_eq(arr_init(&a, &(struct arr_par){ARR_PAR(&c, ARR_ENC_2DEV, 3, 2, 5)}), 0);
        cr_assert_eq(arr_init(&b, &(struct arr_par){ARR_PAR(&c, ARR_ENC_2DEV, 3, 2, 5)}), 0);
        for (int p = 0; p < 30; p++) {
            arr_set(&a, p % 6, p % 2, 1 + p % 3);
            arr_set(&b, p % 6, p % 2, 1 + p % 3);
        }
        for (int d = 0; d < 12; d++)
            cr_assert_eq(a.dev[d].g, b.dev[d].g, "%s: device %d differs", nvm_models[m]->name, d);
        cr_assert_gt(a.dev[0].g, 1.0f, "%s", nvm_models[m]->name);
        arr_reset(&a, 0, 0);
        cr_assert_leq(a.dev[0].g, 0.06f * c.g_max, "%s: RESET left %g", nvm_models[m]->name,
                      a.dev[0].g);
        arr_free(&a);
        arr_free(&b);
        nvm_class_free(&c);
    }
}

/*
 * A batch of pulse events (docs/devices.md's stream rule: pulse number c of a
 * device draws word c % 2 of pair c / 2) equals the pulses applied one by one
 * by that rule: several pulses per event, odd and even counters, dead and
 * stuck devices, both classes in one batch, more events than one block; w
 * and the fixed-point line sums stay in step.
 */
Test(nvm, pulse_batch_follows_the_stream_rule_for_every_model)
{
    enum { R = 5, C = 37, K = 4 };

    for (int m = 0; m < nmodels(); m++) {
        struct nvm_class c;
        struct arr a;
        struct arr_pulses ev[R * C];
        float g[R * C * K];
        uint32_t cnt[R * C * K];
        uint64_t n_set[2] = {0, 0};
        int n = 0;

        make_class(&c, m, 0.3);
        cfg.lsp.dead_frac = cfg.lsp.stuck_frac = 0.1;
        cr_assert_eq(arr_init(&a, &(struct arr_par){ARR_PAR(&c, ARR_ENC_4DEV, R, C, 9),
                                                    .dev_base = 1000, .id = 1}),
                     0);
        for (int cell = 0; cell < R * C; cell += 3) /* odd counters on some devices */
            arr_set(&a, cell, ARR_LP, 1);
        for (int d = 0; d < R * C * K; d++) {
            g[d] = a.dev[d].g;
            cnt[d] = a.dev[d].pulses;
        }
        for (int r = 0; r < R; r++)
            for (int col = 0; col < C; col++)
                if ((r * 7 + col) % 4 != 0)
                    ev[n++] = (struct arr_pulses){r, col, (uint16_t)((r + col) % 4),
                                                  (uint16_t)(1 + (r * col) % 5)};
        cr_assert_gt(n, 32);
        arr_set_batch(&a, ev, n);
        for (int e = 0; e < n; e++) {
            long d = ((long)ev[e].r * C + ev[e].c) * K + ev[e].k;
            n_set[arr_class_of(&a, ev[e].k)] += ev[e].n;
            for (int p = 0; p < ev[e].n; p++, cnt[d]++) {
                uint32_t pair[2];
                xt_rng_pair(a.pulse_key, a.dev_base + (uint32_t)d, cnt[d] / 2, pair);
                if (arr_state(&a, d) == NVM_ALIVE)
                    g[d] = nvm_set(&c, g[d], a.dev[d].gmax, a.dev[d].dgmax, pair[cnt[d] % 2]);
            }
        }
        for (int d = 0; d < R * C * K; d++) {
            cr_assert_eq(a.dev[d].g, g[d], "%s: device %d: %g, by the rule %g", nvm_models[m]->name,
                         d, (double)a.dev[d].g, (double)g[d]);
            cr_assert_eq(a.dev[d].pulses, cnt[d], "%s: device %d pulses", nvm_models[m]->name, d);
        }
        for (int r = 0; r < R; r++) {
            int64_t sum = 0;
            for (int d = r * C * K; d < (r + 1) * C * K; d++)
                sum += (int64_t)((double)a.dev[d].g * ARR_FIX);
            cr_assert_eq(a.row_g[r], sum, "%s: row %d sum", nvm_models[m]->name, r);
        }
        for (int col = 0; col < C; col++) {
            int64_t sum = 0;
            for (int r = 0; r < R; r++)
                for (int k = 0; k < K; k++)
                    sum += (int64_t)((double)a.dev[(r * C + col) * K + k].g * ARR_FIX);
            cr_assert_eq(a.col_g[col], sum, "%s: column %d sum", nvm_models[m]->name, col);
            for (int r = 0; r < R; r++)
                cr_assert_eq(a.w[r * C + col], arr_weight(&a, r * C + col));
        }
        for (int k = 0; k < 2; k++) /* the priming pulses were LSP */
            cr_assert_eq(arr_tally_of(&a, ARR_BOOK_TRAIN, -1, k).n_set,
                         n_set[k] + (k == ARR_LSP ? (R * C + 2) / 3 : 0));
        arr_free(&a);
        nvm_class_free(&c);
    }
}

Test(nvm, other_seed_other_device_draws)
{
    struct nvm_class c;
    struct arr a, b;
    int same = 0;

    make_class(&c, 1, 0.0);
    cfg.lsp.gmax_d2d = 0.2;
    cr_assert_eq(arr_init(&a, &(struct arr_par){ARR_PAR(&c, ARR_ENC_2DEV, 10, 10, 1)}), 0);
    cr_assert_eq(arr_init(&b, &(struct arr_par){ARR_PAR(&c, ARR_ENC_2DEV, 10, 10, 2)}), 0);
    for (int d = 0; d < 200; d++)
        same += a.dev[d].gmax == b.dev[d].gmax;
    cr_assert_lt(same, 5);
    arr_free(&a);
    arr_free(&b);
    nvm_class_free(&c);
}

/* mean and relative sigma of a sample */
static void moments(const double *v, int n, double *mean, double *rel_sd)
{
    double s = 0, s2 = 0;

    for (int i = 0; i < n; i++)
        s += v[i];
    *mean = s / n;
    for (int i = 0; i < n; i++)
        s2 += (v[i] - *mean) * (v[i] - *mean);
    *rel_sd = sqrt(s2 / (n - 1)) / *mean;
}

Test(nvm, device_to_device_spreads_match_sigma)
{
    enum { N = 100000 };
    static double gm[N], dg[N];
    struct nvm_class c;
    struct arr a;
    double mean, sd;

    make_class(&c, 1, 0.0);
    cfg.lsp.gmax_d2d = 0.1;
    cfg.lsp.dg_d2d = 0.2;
    cr_assert_eq(arr_init(&a, &(struct arr_par){ARR_PAR(&c, ARR_ENC_2DEV, 250, 200, 9)}), 0);
    for (int d = 0; d < N; d++) {
        gm[d] = a.dev[d].gmax;
        dg[d] = a.dev[d].dgmax;
    }
    moments(gm, N, &mean, &sd);
    cr_assert_float_eq(sd, 0.1, 0.002, "Gmax spread %g", sd);
    cr_assert_float_eq(mean, c.g_max, 0.01 * c.g_max);
    moments(dg, N, &mean, &sd);
    cr_assert_float_eq(sd, 0.2, 0.004, "dGmax spread %g", sd);
    arr_free(&a);
    nvm_class_free(&c);
}

Test(nvm, pulse_to_pulse_spread_matches_sigma)
{
    enum { N = 100000 };
    static double dg[N];
    struct nvm_class c;
    double mean, sd;

    make_class(&c, 0, 0.15); /* linear: the mean step does not depend on g */
    for (uint32_t i = 0; i < N; i++) {
        uint32_t rnd[2];
        xt_rng_pair(xt_rng_key32(3, XT_STREAM_PULSE), 0, i, rnd);
        dg[i] = c.model->draw_dg(&c, 1.0f, 20.0f, 1.0f, rnd[0]);
    }
    moments(dg, N, &mean, &sd);
    cr_assert_float_eq(sd, 0.15, 0.003, "c2c spread %g", sd);
    cr_assert_float_eq(mean, 1.0, 0.01);
    nvm_class_free(&c);
}

Test(nvm, yield_fractions_are_binomial)
{
    enum { N = 100000 };
    struct nvm_class c;
    struct arr a;
    int dead = 0, stuck = 0;

    make_class(&c, 1, 0.0);
    cfg.lsp.dead_frac = 0.05;
    cfg.lsp.stuck_frac = 0.02;
    cr_assert_eq(arr_init(&a, &(struct arr_par){ARR_PAR(&c, ARR_ENC_2DEV, 250, 200, 4)}), 0);
    for (int d = 0; d < N; d++) {
        dead += arr_state(&a, d) == NVM_DEAD;
        stuck += arr_state(&a, d) == NVM_STUCK_ON;
        if (arr_state(&a, d) == NVM_STUCK_ON)
            cr_assert_eq(a.dev[d].g, a.dev[d].gmax);
    }
    cr_assert_leq(fabs(dead - 0.05 * N), 3 * sqrt(N * 0.05 * 0.95), "dead %d", dead);
    cr_assert_leq(fabs(stuck - 0.02 * N), 3 * sqrt(N * 0.02 * 0.98), "stuck %d", stuck);
    /* stuck devices do not move, but their pulses are counted */
    for (int d = 0; d < N; d += 2) {
        if (arr_state(&a, d) != NVM_ALIVE) {
            float g = a.dev[d].g;
            arr_set(&a, d / 2, 0, 3);
            cr_assert_eq(a.dev[d].g, g);
            cr_assert_eq(arr_n_set(&a, d), 3);
            break;
        }
    }
    arr_free(&a);
    nvm_class_free(&c);
}

Test(nvm, jump_table_of_sat_immediate_has_its_mean_steps)
{
    struct nvm_class jt, si;

    make_class(&jt, 3, 0.0);
    xt_config_defaults(&cfg);
    cfg.lsp.dyn_range = 20;
    cr_assert_eq(nvm_class_init(&si, &cfg.lsp, "lsp"), 0);
    for (float g = 0.1f; g < 20.0f; g += 1.3f) {
        float a = jt.model->mean_dg(&jt, g, 20.0f, 1.0f),
              b = si.model->mean_dg(&si, g, 20.0f, 1.0f);
        cr_assert_float_eq(a, b, 0.006f, "g %g: table %g, model %g", g, a, b);
    }
    nvm_class_free(&jt);
    nvm_class_free(&si);
}

static void expect_jt_error(const char *text, const char *needle)
{
    char path[256];
    struct nvm_jt *jt;

    snprintf(path, sizeof path, "%s/bad.csv", th_tmpdir());
    th_write(path, text, strlen(text));
    cr_assert_lt(nvm_jt_load(path, &jt), 0, "accepted: %s", text);
    cr_assert_null(jt);
    cr_assert_not_null(strstr(xt_errmsg(), needle), "'%s' lacks '%s'", xt_errmsg(), needle);
}

Test(nvm, malformed_jump_tables_name_the_line)
{
    expect_jt_error("", "empty");
    expect_jt_error("bins,3\n", "bad.csv:1: expected the header");
    expect_jt_error("xtile-jump-table,1,2,3\n0,0,1,2\n1,0,1\n", "bad.csv:3: expected a bin index");
    expect_jt_error("xtile-jump-table,1,2,3\n0,0,1,2\n0,0,1,2\n", "bad.csv:3: bin index 0");
    expect_jt_error("xtile-jump-table,1,2,3\n0,0,2,1\n1,0,1,2\n", "bad.csv:2: quantile 2");
    expect_jt_error("xtile-jump-table,1,2,3\n0,0,1,x\n1,0,1,2\n", "bad.csv:2:");
    expect_jt_error("xtile-jump-table,1,3,3\n0,0,1,2\n1,0,1,2\n", "2 of 3 bins");
    /* found by make fuzz: a bin index beyond int, a NaN quantile */
    expect_jt_error("xtile-jump-table,1,2,3\n8888888888888888888888,0,1,2\n",
                    "bad.csv:2: bin index");
    expect_jt_error("xtile-jump-table,1,2,3\n0,0,nan,2\n1,0,1,2\n", "bad.csv:2: quantile 1 is nan");
    expect_jt_error("xtile-jump-table,1,2,3\nnan,0,1,2\n1,0,1,2\n", "bad.csv:2: bin index nan");
    struct nvm_jt *jt;
    cr_assert_eq(nvm_jt_load("/nonexistent/jt.csv", &jt), -XT_EIO);
}

Test(nvm, bad_device_configuration_names_the_key)
{
    struct nvm_class c;

    xt_config_defaults(&cfg);
    cr_assert_eq(xt_config_set(&cfg, "lsp.c2c", "-0.1"), -XT_EINVAL);
    cr_assert_eq(xt_config_set(&cfg, "msp.dyn_range", "0.5"), -XT_EINVAL);
    cr_assert_not_null(strstr(xt_errmsg(), "msp.dyn_range"), "%s", xt_errmsg());
    cr_assert_eq(xt_config_set(&cfg, "lsp.dead_frac", "1.5"), -XT_EINVAL);
    cr_assert_eq(xt_config_set(&cfg, "lsp.gmax_d2d", "-1"), -XT_EINVAL);
    cfg.lsp.dead_frac = 0.6;
    cfg.lsp.stuck_frac = 0.6;
    cr_assert_eq(nvm_class_init(&c, &cfg.lsp, "lsp"), -XT_EINVAL);
    cr_assert_not_null(strstr(xt_errmsg(), "lsp.dead_frac"), "%s", xt_errmsg());
    xt_config_defaults(&cfg);
    cfg.lsp.model = 3;
    cr_assert_eq(nvm_class_init(&c, &cfg.lsp, "lsp"), -XT_EINVAL);
    cr_assert_not_null(strstr(xt_errmsg(), "lsp.jt_file"), "%s", xt_errmsg());
}

/* ---- bidirectional models: the contract of a depression step too ---- */

/* Whether model m has a depression step (a jump table: generated from soft_bounds below). */
static bool bidir_model(int m)
{
    return nvm_models[m]->draw_dn != NULL;
}

/*
 * A bidirectional class of model m, asymmetry a (a jump table: version 2, generated from
 * soft_bounds with the same a and c2c).
 */
static void make_bidir(struct nvm_class *c, int m, double c2c, double a)
{
    xt_config_defaults(&cfg);
    cfg.lsp.model = m;
    cfg.lsp.c2c = c2c;
    cfg.lsp.dyn_range = 20;
    cfg.lsp.up_down = a;
    cfg.lsp.ls_decrease_up = 0.6;
    cfg.lsp.ls_decrease_down = 0.4;
    cfg.lsp.ps_gamma = 2.0;
    if (nvm_models[m] == &nvm_jump_table) {
        struct nvm_class src;
        struct nvm_par d = cfg.lsp;
        FILE *f;

        for (d.model = 0; nvm_models[d.model] != &nvm_soft_bounds; d.model++)
            ;
        cr_assert_eq(nvm_class_init(&src, &d, "lsp"), 0, "%s", xt_errmsg());
        snprintf(cfg.lsp.jt_file, sizeof cfg.lsp.jt_file, "%s/jt2.csv", th_tmpdir());
        f = fopen(cfg.lsp.jt_file, "w");
        cr_assert_eq(nvm_jt_write(&src, 100, 33, f), 0, "%s", xt_errmsg());
        fclose(f);
        nvm_class_free(&src);
    }
    cr_assert_eq(nvm_class_init(c, &cfg.lsp, "lsp"), 0, "%s", xt_errmsg());
    cr_assert(c->bidir, "%s: not bidirectional", nvm_models[m]->name);
}

Test(nvm, bidirectional_are_the_models_with_a_depression_step)
{
    int n = 0;

    for (int m = 0; m < nmodels(); m++) {
        struct nvm_class c;
        if (nvm_models[m] == &nvm_jump_table)
            continue; /* by its file: below */
        make_class(&c, m, 0.0);
        cr_assert_eq(c.bidir, bidir_model(m), "%s", nvm_models[m]->name);
        cr_assert_eq(c.reset_train, c.bidir && !nvm_models[m]->reset_abrupt, "%s",
                     nvm_models[m]->name);
        cr_assert_eq(c.reset_len, c.reset_train ? 60 : 1, "%s: reset_len %d (dyn_range 20)",
                     nvm_models[m]->name, c.reset_len);
        n += c.bidir;
        nvm_class_free(&c);
    }
    cr_assert_geq(n, 3, "only %d bidirectional models", n);
    for (int m = 0; m < nmodels(); m++) {
        struct nvm_class c;
        if (nvm_models[m] != &nvm_jump_table)
            continue;
        make_class(&c, m, 0.0); /* a version 1 table: potentiation only */
        cr_assert(!c.bidir);
        nvm_class_free(&c);
        make_bidir(&c, m, 0.0, 0.0); /* version 2 */
        cfg.lsp.reset_pulses = 7;
        nvm_class_free(&c);
        cr_assert_eq(nvm_class_init(&c, &cfg.lsp, "lsp"), 0, "%s", xt_errmsg());
        cr_assert_eq(c.reset_len, 7);
        nvm_class_free(&c);
    }
}

/* Up pulses never lower g, down pulses never raise it, both stay in [0, gmax]; each way moves. */
Test(nvm, contract_bidirectional_bounds_and_monotonic_per_polarity)
{
    static const double asym[] = {-0.5, 0.0, 0.5};

    for (int m = 0; m < nmodels(); m++) {
        if (!bidir_model(m))
            continue;
        for (int noisy = 0; noisy < 2; noisy++) {
            for (size_t k = 0; k < sizeof asym / sizeof asym[0]; k++) {
                struct nvm_class c;
                float g = 0.0f, gmax = 20.0f, dgmax = 1.0f;
                const char *name = nvm_models[m]->name;

                make_bidir(&c, m, noisy ? 0.5 : 0.0, asym[k]);
                for (uint32_t p = 0; p < 400; p++) {
                    float n = nvm_set(&c, g, gmax, dgmax, p * 2654435761u);
                    cr_assert(n >= g && n <= gmax, "%s: up pulse %g -> %g", name, g, n);
                    g = n;
                }
                cr_assert_gt(g, 0.5f * gmax, "%s, a %g: 400 up pulses reached only %g", name,
                             asym[k], g);
                for (uint32_t p = 0; p < 400; p++) {
                    float n = nvm_depress(&c, g, gmax, dgmax, p * 2246822519u + 7u);
                    cr_assert(n <= g && n >= 0.0f, "%s: down pulse %g -> %g", name, g, n);
                    g = n;
                }
                cr_assert_lt(g, 0.5f * gmax, "%s, a %g: 400 down pulses left %g", name, asym[k], g);
                /* interleaved at random: each pulse moves its own way */
                for (uint32_t p = 0; p < 2000; p++) {
                    uint32_t u = p * 2654435761u ^ 0x9e3779b9u;
                    float n = (u >> 31) ? nvm_set(&c, g, gmax, dgmax, u)
                                        : nvm_depress(&c, g, gmax, dgmax, u);
                    cr_assert((u >> 31) ? n >= g : n <= g, "%s: pulse %u moved the wrong way", name,
                              p);
                    cr_assert(n >= 0.0f && n <= gmax, "%s: g %g", name, n);
                    g = n;
                }
                nvm_class_free(&c);
            }
        }
    }
}

/* up_down = a scales every up step by 1 + a and every down step by 1 - a, at every g. */
Test(nvm, contract_asymmetry_as_set)
{
    enum { G = 13 };

    for (int m = 0; m < nmodels(); m++) {
        float u0[G], d0[G];
        struct nvm_class c;
        /* a table holds 7 digits */
        float tol = nvm_models[m] == &nvm_jump_table ? 2e-5f : 1e-6f;

        if (!bidir_model(m))
            continue;
        make_bidir(&c, m, 0.0, 0.0); /* a class reads cfg: one at a time */
        for (int i = 0; i < G; i++) {
            float g = 0.5f + 1.5f * (float)i;
            u0[i] = c.model->mean_dg(&c, g, 20.0f, 1.0f);
            d0[i] = c.model->mean_dn(&c, g, 20.0f, 1.0f);
            cr_assert_gt(u0[i], 0.0f, "%s: no up step at %g", nvm_models[m]->name, g);
            cr_assert_gt(d0[i], 0.0f, "%s: no down step at %g", nvm_models[m]->name, g);
        }
        nvm_class_free(&c);
        for (double a = -0.8; a <= 0.81; a += 0.4) {
            make_bidir(&c, m, 0.0, a);
            for (int i = 0; i < G; i++) {
                float g = 0.5f + 1.5f * (float)i, ua = c.model->mean_dg(&c, g, 20.0f, 1.0f),
                      da = c.model->mean_dn(&c, g, 20.0f, 1.0f);
                cr_assert_float_eq(ua, u0[i] * (float)(1 + a), tol * (1 + u0[i]),
                                   "%s, a %g, g %g: up step %g, %g at a = 0", nvm_models[m]->name,
                                   a, g, ua, u0[i]);
                cr_assert_float_eq(da, d0[i] * (float)(1 - a), tol * (1 + d0[i]),
                                   "%s, a %g, g %g: down step %g, %g at a = 0", nvm_models[m]->name,
                                   a, g, da, d0[i]);
            }
            nvm_class_free(&c);
        }
    }
}

/* 10^5 draws each way: mean step as the model says, relative spread c2c, both within 2 %. */
Test(nvm, bidirectional_spreads_match_sigma)
{
    enum { N = 100000 };
    static double up[N], dn[N];

    for (int m = 0; m < nmodels(); m++) {
        struct nvm_class c;
        double mean, sd;
        const float g = 7.0f;

        if (!bidir_model(m) || nvm_models[m] == &nvm_jump_table)
            continue; /* a table's spread is its quantiles' (jump_table_of_* checks its means) */
        make_bidir(&c, m, 0.15, 0.25);
        for (uint32_t i = 0; i < N; i++) {
            uint32_t rnd[2];
            xt_rng_pair(xt_rng_key32(5, XT_STREAM_PULSE), 1, i, rnd);
            up[i] = c.model->draw_dg(&c, g, 20.0f, 1.0f, rnd[0]);
            dn[i] = c.model->draw_dn(&c, g, 20.0f, 1.0f, rnd[1]);
        }
        moments(up, N, &mean, &sd);
        cr_assert_float_eq(sd, 0.15, 0.003, "%s: up spread %g", nvm_models[m]->name, sd);
        cr_assert_float_eq(mean, c.model->mean_dg(&c, g, 20.0f, 1.0f),
                           0.02 * c.model->mean_dg(&c, g, 20.0f, 1.0f), "%s", nvm_models[m]->name);
        moments(dn, N, &mean, &sd);
        cr_assert_float_eq(sd, 0.15, 0.003, "%s: down spread %g", nvm_models[m]->name, sd);
        cr_assert_float_eq(mean, c.model->mean_dn(&c, g, 20.0f, 1.0f),
                           0.02 * c.model->mean_dn(&c, g, 20.0f, 1.0f), "%s", nvm_models[m]->name);
        nvm_class_free(&c);
    }
}

/*
 * A RESET of a bidirectional device is its train of depression pulses, each drawn by the stream
 * rule (pulse number c: word c % 2 of pair c / 2), after the device's SETs; the counts, the
 * tally and the energy's pulse count take every pulse of the train.
 */
Test(nvm, reset_of_a_bidirectional_device_is_a_depression_train)
{
    for (int m = 0; m < nmodels(); m++) {
        struct nvm_class c;
        struct arr a;
        uint32_t rnd[2], cnt;
        float g;

        if (!bidir_model(m) || nvm_models[m]->reset_abrupt)
            continue; /* the capacitor: capacitor_resets_at_once */
        make_bidir(&c, m, 0.3, 0.2);
        cfg.lsp.reset_pulses = 11;
        nvm_class_free(&c);
        cr_assert_eq(nvm_class_init(&c, &cfg.lsp, "lsp"), 0, "%s", xt_errmsg());
        cr_assert_eq(arr_init(&a, &(struct arr_par){ARR_PAR(&c, ARR_ENC_2DEV, 2, 2, 8)}), 0);
        arr_set(&a, 3, 0, 9); /* cell 3, device 0: 9 pulses, an odd counter after them */
        cnt = a.dev[6].pulses;
        g = a.dev[6].g;
        cr_assert_eq(cnt, 9);
        for (int p = 0; p < 11; p++, cnt++) {
            if (p == 0 || cnt % 2 == 0)
                xt_rng_pair(a.pulse_key, a.dev_base + 6, cnt / 2, rnd);
            g = nvm_depress(&c, g, a.dev[6].gmax, a.dev[6].dgmax, rnd[cnt % 2]);
        }
        arr_reset(&a, 3, 0);
        cr_assert_eq(a.dev[6].g, g, "%s: the train left %g, expected %g", nvm_models[m]->name,
                     a.dev[6].g, g);
        cr_assert_gt(g, 0.0f, "%s: 11 soft steps do not reach 0", nvm_models[m]->name);
        cr_assert_eq(a.dev[6].pulses, 20);
        cr_assert_eq(arr_n_reset(&a, 6), 11);
        cr_assert_eq(arr_n_set(&a, 6), 9);
        cr_assert_eq(arr_tally_of(&a, ARR_BOOK_TRAIN, -1, ARR_LSP).n_reset, 11);
        arr_free(&a);
        nvm_class_free(&c);
    }
}

Test(nvm, bad_bidirectional_configuration_names_the_key_or_the_line)
{
    struct nvm_class c;
    int jt = 0;

    xt_config_defaults(&cfg);
    cr_assert_eq(xt_config_set(&cfg, "lsp.up_down", "1"), -XT_EINVAL);
    cr_assert_not_null(strstr(xt_errmsg(), "lsp.up_down"), "%s", xt_errmsg());
    cr_assert_eq(xt_config_set(&cfg, "msp.up_down", "-1.5"), -XT_EINVAL);
    cr_assert_eq(xt_config_set(&cfg, "lsp.ps_gamma", "0"), -XT_EINVAL);
    cr_assert_eq(xt_config_set(&cfg, "lsp.ls_decrease_down", "1.2"), -XT_EINVAL);
    cr_assert_eq(xt_config_set(&cfg, "lsp.reset_pulses", "-3"), -XT_EINVAL);
    /* a RESET train asked of a unidirectional model */
    cfg.lsp.reset_pulses = 5;
    cr_assert_eq(nvm_class_init(&c, &cfg.lsp, "lsp"), -XT_EINVAL);
    cr_assert_not_null(strstr(xt_errmsg(), "lsp.reset_pulses"), "%s", xt_errmsg());
    cr_assert_not_null(strstr(xt_errmsg(), "sat_immediate is RESET at once"), "%s", xt_errmsg());
    /* ... of a jump table without its depression part */
    while (nvm_models[jt] != &nvm_jump_table)
        jt++;
    make_class(&c, jt, 0.0);
    nvm_class_free(&c);
    cfg.lsp.reset_pulses = 5;
    cr_assert_eq(nvm_class_init(&c, &cfg.lsp, "lsp"), -XT_EINVAL);
    cr_assert_not_null(strstr(xt_errmsg(), "has no depression part"), "%s", xt_errmsg());
    /* a version 2 table that stops after its potentiation part, or repeats a bin in the other */
    expect_jt_error("xtile-jump-table,2,2,3\n0,0,1,2\n1,0,1,2\n",
                    "2 of 4 rows present (2 bins of potentiation, then 2 of depression)");
    expect_jt_error("xtile-jump-table,2,2,3\n0,0,1,2\n1,0,1,2\n0,0,1,2\n0,0,1,2\n",
                    "bad.csv:5: bin index 0, expected 1 of the depression part");
    expect_jt_error("xtile-jump-table,3,2,3\n0,0,1,2\n1,0,1,2\n", "bad.csv:1: expected the header");
}

/* xtile jt-gen of a bidirectional class writes both parts: the table keeps both mean steps. */
Test(nvm, jump_table_of_soft_bounds_has_its_mean_steps_both_ways)
{
    struct nvm_class jt, sb;
    int m = 0, s = 0;
    float up[13], dn[13];

    while (nvm_models[m] != &nvm_jump_table)
        m++;
    while (nvm_models[s] != &nvm_soft_bounds)
        s++;
    make_bidir(&sb, s, 0.0, 0.3); /* a class reads cfg: one at a time */
    for (int i = 0; i < 13; i++) {
        up[i] = sb.model->mean_dg(&sb, 0.1f + 1.5f * (float)i, 20.0f, 1.0f);
        dn[i] = sb.model->mean_dn(&sb, 0.1f + 1.5f * (float)i, 20.0f, 1.0f);
    }
    nvm_class_free(&sb);
    make_bidir(&jt, m, 0.0, 0.3);
    for (int i = 0; i < 13; i++) {
        float g = 0.1f + 1.5f * (float)i;
        cr_assert_float_eq(jt.model->mean_dg(&jt, g, 20.0f, 1.0f), up[i], 0.008f, "up, g %g", g);
        cr_assert_float_eq(jt.model->mean_dn(&jt, g, 20.0f, 1.0f), dn[i], 0.008f, "down, g %g", g);
    }
    nvm_class_free(&jt);
}

/* ---- time: drift and leakage against their closed forms (docs/devices.md "Time") ---- */

/* A 2dev array of sat_immediate devices whose class ages as cfg.lsp says; every device SET
 * `pulses` times at t_p. */
static void aging_array(struct arr *a, struct nvm_class *c, double t_p, int pulses)
{
    cfg.lsp.model = 1;
    cfg.lsp.dyn_range = 20;
    cr_assert_eq(nvm_class_init(c, &cfg.lsp, "lsp"), 0, "%s", xt_errmsg());
    cr_assert_eq(arr_init(a, &(struct arr_par){ARR_PAR(c, ARR_ENC_2DEV, 20, 25, 3)}), 0);
    cr_assert_not_null(a->t_prog, "an aging class keeps programming times");
    a->now = t_p;
    for (long cell = 0; cell < (long)a->rows * a->cols; cell++)
        for (int k = 0; k < 2; k++)
            arr_set(a, cell, k, pulses + (int)(cell % 7));
}

/* Every alive device against expect(g at programming, time since), within rel; w follows g. */
static void check_aged(const struct arr *a, const float *g0, double since, double rel,
                       double (*expect)(double g, double since))
{
    int checked = 0;

    for (long d = 0; d < (long)a->rows * a->cols * 2; d++) {
        if (a->state[d] != NVM_ALIVE)
            continue;
        double want = expect(g0[d], since);
        cr_assert(fabs(a->dev[d].g - want) <= rel * want + 1e-6,
                  "device %ld after %g s: g %.6f, closed form %.6f", d, since, a->dev[d].g, want);
        checked++;
    }
    for (long cell = 0; cell < (long)a->rows * a->cols; cell++) {
        double w = (a->dev[2 * cell].g - a->dev[2 * cell + 1].g) * a->inv_gref;
        cr_assert_float_eq(a->w[cell], w, 1e-5, "cell %ld: w %g, from its devices %g", cell,
                           a->w[cell], w);
    }
    cr_assert_gt(checked, 900);
}

static double drift_form(double g, double since)
{
    return g * pow(fmax(since, 20.0) / 20.0, -0.05);
}

Test(nvm, drift_matches_its_closed_form_in_any_steps)
{
    static const double at[] = {3, 15, 21, 100, 3600, 86400, 2592000, 31536000};
    struct nvm_class c;
    struct arr a, b;
    float *g0;

    xt_config_defaults(&cfg);
    cfg.lsp.drift_nu = 0.05;
    aging_array(&a, &c, 7.0, 10);
    g0 = malloc((size_t)a.rows * a.cols * 2 * sizeof *g0);
    for (long d = 0; d < (long)a.rows * a.cols * 2; d++)
        g0[d] = a.dev[d].g;
    cr_assert_eq(arr_init(&b, &(struct arr_par){ARR_PAR(&c, ARR_ENC_2DEV, 20, 25, 3)}), 0);
    b.now = 7.0;
    for (long cell = 0; cell < (long)b.rows * b.cols; cell++)
        for (int k = 0; k < 2; k++)
            arr_set(&b, cell, k, 10 + (int)(cell % 7));
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        arr_age(&a, 7.0 + at[i]); /* step by step */
        check_aged(&a, g0, at[i], 0.01, drift_form);
    }
    arr_age(&b, 7.0 + at[7]); /* at once */
    for (long d = 0; d < (long)a.rows * a.cols * 2; d++)
        cr_assert_float_eq(a.dev[d].g, b.dev[d].g, 1e-5 * (1 + b.dev[d].g),
                           "device %ld: in steps %g, at once %g", d, a.dev[d].g, b.dev[d].g);
    arr_age(&a, 5.0); /* the past: nothing */
    check_aged(&a, g0, at[7], 0.01, drift_form);

    /* a programming event restarts the drift of its device only */
    a.now = 7.0 + at[7];
    arr_set(&a, 0, 0, 1);
    float restarted = a.dev[0].g, other = a.dev[2].g;
    arr_age(&a, a.now + 2000.0);
    cr_assert_float_eq(a.dev[0].g, restarted * pow(100.0, -0.05), 1e-4 * restarted);
    cr_assert_float_eq(a.dev[2].g, other * pow((at[7] + 2000.0) / at[7], -0.05), 1e-4 * other);
    free(g0);
    arr_free(&a);
    arr_free(&b);
    nvm_class_free(&c);
}

static double leak_form(double g, double since)
{
    return 5.0 + (g - 5.0) * exp(-since / 100.0);
}

Test(nvm, leakage_matches_its_closed_form)
{
    static const double at[] = {1, 10, 50, 100, 300, 1000};
    struct nvm_class c;
    struct arr a;
    float *g0;

    xt_config_defaults(&cfg);
    cfg.lsp.leak_tau_s = 100.0;
    cfg.lsp.leak_rest_us = 5.0;
    aging_array(&a, &c, 2.0, 3);
    g0 = malloc((size_t)a.rows * a.cols * 2 * sizeof *g0);
    for (long d = 0; d < (long)a.rows * a.cols * 2; d++)
        g0[d] = a.dev[d].g;
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        arr_age(&a, 2.0 + at[i]);
        check_aged(&a, g0, at[i], 0.01, leak_form);
    }
    free(g0);
    arr_free(&a);
    nvm_class_free(&c);
}

Test(nvm, drift_exponent_spreads_on_1e5_draws)
{
    struct nvm_class c;
    double sum = 0.0, sq = 0.0, sd = sqrt(0.01 * 0.01 + 0.02 * 0.02);
    struct xt_rng r;
    const int n = 100000;

    xt_config_defaults(&cfg);
    cfg.lsp.drift_nu = 0.1;
    cfg.lsp.drift_nu_dtod = 0.01;
    cfg.lsp.drift_nu_std = 0.02;
    cr_assert_eq(nvm_class_init(&c, &cfg.lsp, "lsp"), 0, "%s", xt_errmsg());
    xt_rng_init(&r, 5, XT_STREAM_TEST, 0);
    for (int i = 0; i < n; i++) {
        uint32_t u_dev = xt_rng_u32(&r), u_ev = xt_rng_u32(&r);
        double nu = nvm_drift_nu(&c, u_dev, u_ev);
        sum += nu;
        sq += nu * nu;
    }
    double mean = sum / n, s = sqrt(sq / n - mean * mean);
    cr_assert(fabs(mean - 0.1) <= 0.02 * 0.1, "mean nu %g, set 0.1", mean);
    cr_assert(fabs(s - sd) <= 0.02 * sd, "sd of nu %g, set %g", s, sd);
    cr_assert_eq(nvm_drift_nu(&c, 0x80000000u, 0x80000000u) >= 0.0, true);
    cfg.lsp.drift_nu_std = 0.0; /* then one draw per device, whatever the event word */
    cr_assert_eq(nvm_drift_nu(&c, 1234567u, 1u), nvm_drift_nu(&c, 1234567u, 0xdeadbeefu));
    nvm_class_free(&c);
}

/* The capacitor's RESET is its reset transistor: at once to reset_g_us, one pulse counted. */
Test(nvm, capacitor_resets_at_once_to_its_level)
{
    struct nvm_class c;
    struct arr a;

    xt_config_defaults(&cfg);
    cfg.lsp.model = 7;
    cr_assert_eq(nvm_models[cfg.lsp.model], &nvm_capacitor);
    cfg.lsp.dyn_range = 20;
    cfg.lsp.reset_g_us = 3.5;
    cr_assert_eq(nvm_class_init(&c, &cfg.lsp, "lsp"), 0, "%s", xt_errmsg());
    cr_assert(c.bidir && !c.reset_train && c.reset_len == 1);
    cr_assert_eq(arr_init(&a, &(struct arr_par){ARR_PAR(&c, ARR_ENC_2DEV, 2, 2, 8)}), 0);
    cr_assert_float_eq(a.dev[6].g, 3.5f, 1e-6, "a device starts at its reset level");
    arr_set(&a, 3, 0, 9);
    cr_assert_float_eq(a.dev[6].g, 3.5f + 9.0f, 1e-4, "nine steps of dGmax = 1 µS");
    arr_reset(&a, 3, 0);
    cr_assert_eq(a.dev[6].g, 3.5f);
    cr_assert_eq(arr_n_reset(&a, 6), 1);
    cr_assert_eq(arr_tally_of(&a, ARR_BOOK_TRAIN, -1, ARR_LSP).n_reset, 1);
    arr_free(&a);
    nvm_class_free(&c);
    cfg.lsp.reset_g_us = 25.0;
    cr_assert_eq(nvm_class_init(&c, &cfg.lsp, "lsp"), -XT_EINVAL);
    cr_assert_not_null(strstr(xt_errmsg(), "key 'lsp.reset_g_us' = 25: above 'lsp.g_max_us'"), "%s",
                       xt_errmsg());
}

/*
 * 4dev_shared: W = F (G+ - G-) + (g - g_ref); a pulse on slot g- is a depression pulse of g,
 * a RESET of slot g- does nothing, a read of slot g- alone reads the column's reference.
 */
Test(nvm, shared_reference_cell_moves_g_both_ways)
{
    struct nvm_class c;
    struct arr a;
    float v[2];

    xt_config_defaults(&cfg);
    cfg.lsp.model = 7; /* capacitor */
    cfg.lsp.dyn_range = 20;
    cfg.lsp.up_down = 0.2;
    cfg.lsp.reset_g_us = 8.0;
    cr_assert_eq(nvm_class_init(&c, &cfg.lsp, "lsp"), 0, "%s", xt_errmsg());
    cr_assert_eq(arr_init(&a, &(struct arr_par){ARR_PAR(&c, ARR_ENC_4DEV_SHARED, 3, 2, 4)}), 0);
    cr_assert(a.shared && a.ndev == 4);
    long cell = 3, g = cell * 4 + ARR_LP; /* row 1, column 1 */
    cr_assert(!arr_dev_present(&a, cell * 4 + ARR_LM) && arr_dev_present(&a, g));
    cr_assert_eq(a.dev[g].g, 8.0f);
    cr_assert_eq(a.ref[1].g, 8.0f);
    cr_assert_eq(a.w[cell], 0.0f, "g = g_ref at rest: no LSP weight");
    arr_set(&a, cell, ARR_LP, 5); /* up: 5 x dGmax (1 + 0.2) = 6 µS */
    cr_assert_float_eq(a.dev[g].g, 14.0f, 1e-5);
    arr_set(&a, cell, ARR_LM, 3); /* down: 3 x dGmax (1 - 0.2) = 2.4 µS off g */
    cr_assert_float_eq(a.dev[g].g, 11.6f, 1e-5);
    cr_assert_eq(a.dev[g].pulses, 8);
    cr_assert_float_eq(a.w[cell], (11.6f - 8.0f) * a.inv_gref, 1e-6);
    arr_swap_lsp(&a, cell); /* polarity inversion: W = F (G+ - G-) - (g - g_ref) */
    cr_assert_float_eq(a.w[cell], -(11.6f - 8.0f) * a.inv_gref, 1e-6);
    double e0 = arr_read_energy(&a, ARR_BOOK_TRAIN, -1), refs = 0.0;
    arr_read_row(&a, 1, ARR_SEL_DEV0 + ARR_LM, 2, v);
    cr_assert_float_eq(v[1], 2 * 8.0f * a.inv_gref, 1e-6, "slot g- alone: the reference");
    for (int j = 0; j < a.cols; j++)
        refs += a.ref[j].g;
    cr_assert_float_eq(arr_read_energy(&a, ARR_BOOK_TRAIN, -1) - e0, 2 * refs * a.e_read_unit, 1e-9,
                       "the references read for 2 cycles, their energy booked");
    arr_reset(&a, cell, ARR_LM);
    cr_assert_float_eq(a.dev[g].g, 11.6f, 1e-5, "a RESET of slot g- leaves g");
    cr_assert_eq(arr_tally_of(&a, ARR_BOOK_TRAIN, -1, ARR_LSP).n_reset, 0);
    arr_reset(&a, cell, ARR_LP);
    cr_assert_eq(a.dev[g].g, 8.0f, "the cell's reset transistor");
    cr_assert_eq(arr_tally_of(&a, ARR_BOOK_TRAIN, -1, ARR_LSP).n_reset, 1);
    cr_assert_eq(arr_tally_of(&a, ARR_BOOK_TRAIN, -1, ARR_LSP).n_set, 8);
    arr_free(&a);
    nvm_class_free(&c);
}

/* lsp.reset_to_ref: a RESET copies the column's reference, and then their leakage cancels. */
Test(nvm, shared_cell_reset_to_its_reference_leaks_with_it)
{
    struct nvm_class c;
    struct arr a;

    xt_config_defaults(&cfg);
    cfg.lsp.model = 7; /* capacitor */
    cfg.lsp.dyn_range = 20;
    cfg.lsp.reset_g_us = 5.0;
    cfg.lsp.leak_tau_s = 10.0;
    cfg.lsp.leak_rest_us = 8.0;
    cfg.lsp.reset_to_ref = 1;
    cr_assert_eq(nvm_class_init(&c, &cfg.lsp, "lsp"), 0, "%s", xt_errmsg());
    cr_assert_eq(arr_init(&a, &(struct arr_par){ARR_PAR(&c, ARR_ENC_4DEV_SHARED, 3, 2, 4)}), 0);
    long cell = 3, g = cell * 4 + ARR_LP;
    arr_age(&a, 10.0); /* g and its reference leak alike from 5 toward 8 */
    cr_assert_float_eq(a.ref[1].g, 8.0 - 3.0 * exp(-1.0), 1e-5);
    cr_assert_float_eq(a.dev[g].g, a.ref[1].g, 1e-6);
    a.now = 10.0;
    arr_set(&a, cell, ARR_LP, 4);
    cr_assert_gt(a.w[cell], 0.0f);
    arr_reset(&a, cell, ARR_LP);
    cr_assert_eq(a.dev[g].g, a.ref[1].g, "reset to the reference, not to reset_g_us");
    cr_assert_float_eq(a.w[cell], 0.0f, 1e-7);
    arr_age(&a, 100.0);
    cr_assert_float_eq(a.w[cell], 0.0f, 1e-6, "leaking together: no weight appears");
    arr_free(&a);
    nvm_class_free(&c);
}
