/* test_shadow.c - the float shadow follows the float network's update on its sample, and measures
 */
#include "xtile/kern.h"
#include "xtile/rng.h"
#include "xtile/shadow.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

/* Random shapes, inputs (some zero, as pixels are), errors and learning rates: after every update
 * each sampled shadow weight equals the float network's weight of its cell, bit for bit. */
Test(shadow, follows_the_float_update_on_its_sample)
{
    struct xt_rng r;

    xt_rng_init(&r, 11, XT_STREAM_TEST, 0);
    for (int trial = 0; trial < 20; trial++) {
        int n_in = 1 + (int)(xt_rng_uniform(&r) * 60), n_out = 1 + (int)(xt_rng_uniform(&r) * 40);
        int rows = n_in + 1, cols = n_out;
        float *w = malloc((size_t)rows * cols * sizeof *w), *x = malloc((size_t)rows * sizeof *x),
              *d = malloc((size_t)cols * sizeof *d);
        const float *w0[1] = {w};
        struct shadow s;

        for (int k = 0; k < rows * cols; k++)
            w[k] = (float)(xt_rng_uniform(&r) - 0.5);
        cr_assert_eq(shadow_init(&s, 1, &rows, &cols, w0), 0);
        for (int step = 0; step < 30; step++) {
            double lr = 0.01 + 0.2 * xt_rng_uniform(&r);
            for (int i = 0; i < n_in; i++)
                x[i] = xt_rng_uniform(&r) < 0.3 ? 0.0f : (float)xt_rng_uniform(&r);
            x[n_in] = 1.0f; /* the bias row's input */
            for (int j = 0; j < cols; j++)
                d[j] = (float)(xt_rng_uniform(&r) - 0.5);
            kern_update(w, n_in, n_out, x, d, (float)lr);
            shadow_update(&s.l[0], x, d, lr);
        }
        for (int k = 0; k < s.l[0].m; k++)
            cr_assert_eq(s.l[0].w[k], w[s.l[0].cell[k]], "trial %d, sample %d: %g vs %g", trial, k,
                         s.l[0].w[k], w[s.l[0].cell[k]]);
        /* the device weights are the float network's: no error; then a known offset */
        cr_assert_eq(shadow_record(&s, w0), 0);
        cr_assert_eq(s.hist[0].rms_err, 0.0);
        for (int k = 0; k < rows * cols; k++)
            w[k] += 0.25f;
        cr_assert_eq(shadow_record(&s, w0), 0);
        cr_assert_float_eq(s.hist[1].rms_err, 0.25, 1e-6);
        cr_assert_float_eq(s.hist[1].mean_err, 0.25, 1e-6);
        shadow_free(&s);
        free(w);
        free(x);
        free(d);
    }
}

/* The sample: min(cells, SHADOW_SAMPLE) distinct cells, for cell counts that are multiples of the
 * stride too. */
Test(shadow, sample_cells_distinct)
{
    static const int shapes[][2] = {{785, 250}, {251, 125}, {126, 10}, {7919, 1}, {3, 2}, {1, 1}};

    for (size_t t = 0; t < sizeof shapes / sizeof shapes[0]; t++) {
        int rows = shapes[t][0], cols = shapes[t][1];
        long cells = (long)rows * cols;
        float *w = calloc((size_t)cells, sizeof *w);
        const float *w0[1] = {w};
        char *seen = calloc((size_t)cells, 1);
        struct shadow s;

        cr_assert_eq(shadow_init(&s, 1, &rows, &cols, w0), 0);
        cr_assert_eq(s.l[0].m, cells < SHADOW_SAMPLE ? cells : SHADOW_SAMPLE);
        for (int k = 0; k < s.l[0].m; k++) {
            cr_assert(s.l[0].cell[k] >= 0 && s.l[0].cell[k] < cells);
            cr_assert_eq(seen[s.l[0].cell[k]]++, 0, "%d x %d: cell %d twice", rows, cols,
                         s.l[0].cell[k]);
        }
        shadow_free(&s);
        free(w);
        free(seen);
    }
}
