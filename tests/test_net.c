/* test_net.c - back-propagation against finite differences, softmax numerics, kernels */
#include "xtile/config.h"
#include "xtile/kern.h"
#include "xtile/net.h"
#include "xtile/rng.h"
#include "xtile/train.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

static void small_net(struct net *nt, int hidden)
{
    struct xt_layers l = {4, {6, 5, 4, 3}};
    struct xt_rng r;

    cr_assert_eq(net_init(nt, &l, hidden), 0);
    net_init_weights(nt, 3);
    xt_rng_init(&r, 5, XT_STREAM_TEST, 0);
    for (int i = 0; i < 6; i++)
        nt->a[0][i] = (float)xt_rng_uniform(&r);
    nt->a[0][2] = 0.0f; /* a zero input exercises the skip path */
}

static void gradient_check(int hidden)
{
    const int label = 1;
    const float h = 1e-2f;
    struct net nt;
    int checked = 0;

    small_net(&nt, hidden);
    net_forward(&nt);
    net_backward(&nt, label);
    for (int l = 0; l < nt.nl; l++) {
        int rows = nt.n[l] + 1, cols = nt.n[l + 1];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float *w = &nt.w[l][i * cols + j], w0 = *w;
                double analytic = (double)nt.a[l][i] * nt.d[l + 1][j], up, down, numeric;

                *w = w0 + h;
                net_forward(&nt);
                up = net_loss(&nt, label);
                *w = w0 - h;
                net_forward(&nt);
                down = net_loss(&nt, label);
                *w = w0;
                numeric = (up - down) / (2.0 * (double)h);
                cr_assert(fabs(numeric - analytic) <= 2e-4 + 2e-2 * fabs(analytic),
                          "layer %d w[%d][%d]: numeric %g, analytic %g", l, i, j, numeric,
                          analytic);
                checked++;
            }
        }
        /* re-run the pass so a[] and d[] belong to the unperturbed weights again */
        net_forward(&nt);
        net_backward(&nt, label);
    }
    cr_assert_eq(checked, 7 * 5 + 6 * 4 + 5 * 3);
    net_free(&nt);
}

Test(net, backward_matches_finite_differences_sigmoid)
{
    gradient_check(XT_HIDDEN_SIGMOID);
}

Test(net, backward_matches_finite_differences_tanh)
{
    gradient_check(XT_HIDDEN_TANH);
}

Test(net, softmax_is_exact_for_huge_logits)
{
    float z[4] = {1e4f, -1e4f, 1e4f - 1.0f, 88.0f}, p[4];
    double s = 0;

    net_softmax(z, p, 4);
    for (int j = 0; j < 4; j++) {
        cr_assert(isfinite(p[j]), "p[%d] = %g", j, p[j]);
        s += p[j];
    }
    cr_assert_float_eq(s, 1.0, 1e-6);
    cr_assert_float_eq(p[0] / p[2], exp(1.0), 1e-4);
    cr_assert_eq(p[1], 0.0f);
}

Test(net, loss_is_finite_and_right_for_huge_logits)
{
    struct net nt;
    struct xt_layers l = {2, {1, 3}};

    cr_assert_eq(net_init(&nt, &l, XT_HIDDEN_SIGMOID), 0);
    /* logits = bias row: {1000, -1000, 0} */
    nt.w[0][0] = nt.w[0][1] = nt.w[0][2] = 0.0f;
    nt.w[0][3] = 1000.0f;
    nt.w[0][4] = -1000.0f;
    nt.w[0][5] = 0.0f;
    nt.a[0][0] = 0.0f;
    cr_assert_eq(net_forward(&nt), 0);
    cr_assert_float_eq(net_loss(&nt, 0), 0.0, 1e-12);
    cr_assert_float_eq(net_loss(&nt, 2), 1000.0, 1e-9);
    cr_assert_float_eq(net_loss(&nt, 1), 2000.0, 1e-9);
    net_free(&nt);
}

Test(kern, dot_equals_a_double_reference_for_every_tail)
{
    float a[37], b[37];

    for (int i = 0; i < 37; i++) {
        a[i] = (float)(i % 5) - 1.5f;
        b[i] = 0.25f * (float)(i % 7);
    }
    for (int n = 0; n <= 37; n++) {
        double ref = 0;
        for (int i = 0; i < n; i++)
            ref += (double)a[i] * b[i];
        cr_assert_float_eq(kern_dot(a, b, n), ref, 1e-4, "n = %d", n);
    }
}

/* The lanes' maximum is the ordered pass's, bit for bit: every length, signs, -0, NaN, infinity. */
Test(kern, absmax_equals_the_pass_in_order)
{
    float v[70];
    uint32_t rnd[2];

    for (int trial = 0; trial < 2000; trial++) {
        int n = trial % 71;
        for (int j = 0; j < n; j++) {
            xt_rng_pair(7, (uint32_t)trial, (uint32_t)j, rnd);
            v[j] = ((float)(rnd[0] >> 8) - 8388608.0f) * 0x1p-20f;
            if (rnd[1] % 17 == 0)
                v[j] = NAN;
            else if (rnd[1] % 17 == 1)
                v[j] = -0.0f;
            else if (rnd[1] % 97 == 2)
                v[j] = -INFINITY;
        }
        float ref = 0.0f, got = kern_absmax(v, n);
        for (int j = 0; j < n; j++)
            ref = fabsf(v[j]) > ref ? fabsf(v[j]) : ref;
        cr_assert(memcmp(&got, &ref, sizeof got) == 0, "trial %d, n %d: %a against %a", trial, n,
                  (double)got, (double)ref);
    }
}

Test(kern, forward_backward_update_agree_with_naive_loops)
{
    enum { NI = 9, NO = 11 };
    float w[(NI + 1) * NO], x[NI], y[NO], d[NO], e[NI], w2[(NI + 1) * NO];

    for (int k = 0; k < (NI + 1) * NO; k++)
        w[k] = w2[k] = 0.01f * (float)((k * 37) % 23 - 11);
    for (int i = 0; i < NI; i++)
        x[i] = i % 3 == 0 ? 0.0f : 0.1f * (float)i;
    for (int j = 0; j < NO; j++)
        d[j] = 0.05f * (float)(j - 5);
    kern_forward(w, NI, NO, x, y);
    kern_backward(w, NI, NO, d, e);
    for (int j = 0; j < NO; j++) {
        double ref = w[NI * NO + j];
        for (int i = 0; i < NI; i++)
            ref += (double)x[i] * w[i * NO + j];
        cr_assert_float_eq(y[j], ref, 1e-5);
    }
    for (int i = 0; i < NI; i++) {
        double ref = 0;
        for (int j = 0; j < NO; j++)
            ref += (double)w[i * NO + j] * d[j];
        cr_assert_float_eq(e[i], ref, 1e-5);
    }
    kern_update(w2, NI, NO, x, d, 0.5f);
    for (int i = 0; i <= NI; i++)
        for (int j = 0; j < NO; j++) {
            double xi = i < NI ? x[i] : 1.0;
            cr_assert_float_eq(w2[i * NO + j], w[i * NO + j] - 0.5 * xi * d[j], 1e-6);
        }
}

Test(train, learning_rate_schedules)
{
    struct xt_config c;

    xt_config_defaults(&c);
    c.train.lr = 0.2;
    c.train.lr_decay = 0.5;
    c.train.lr_step_epochs = 3;
    c.train.lr_schedule = XT_LR_CONST;
    cr_assert_float_eq(train_lr(&c, 7), 0.2, 1e-15);
    c.train.lr_schedule = XT_LR_STEP;
    cr_assert_float_eq(train_lr(&c, 2), 0.2, 1e-15);
    cr_assert_float_eq(train_lr(&c, 3), 0.1, 1e-15);
    cr_assert_float_eq(train_lr(&c, 7), 0.05, 1e-15);
    c.train.lr_schedule = XT_LR_EXP;
    cr_assert_float_eq(train_lr(&c, 3), 0.025, 1e-15);
}

Test(net, same_seed_same_weights_other_seed_other_weights)
{
    struct xt_layers l = {3, {20, 8, 10}};
    struct net a, b;

    cr_assert_eq(net_init(&a, &l, XT_HIDDEN_SIGMOID), 0);
    cr_assert_eq(net_init(&b, &l, XT_HIDDEN_SIGMOID), 0);
    net_init_weights(&a, 11);
    net_init_weights(&b, 11);
    cr_assert_arr_eq(a.w[0], b.w[0], 21 * 8 * sizeof(float));
    net_init_weights(&b, 12);
    cr_assert(memcmp(a.w[0], b.w[0], 21 * 8 * sizeof(float)) != 0);
    for (int k = 0; k < 21 * 8; k++) /* uniform in +-1/sqrt(21) */
        cr_assert(fabsf(a.w[0][k]) <= 1.0f / sqrtf(21.0f));
    net_free(&a);
    net_free(&b);
}
