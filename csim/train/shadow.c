/* shadow.c - the float shadow of a sample of a device network's weights */
#include "xtile/shadow.h"

#include "xtile/err.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int shadow_init(struct shadow *s, int nl, const int *rows, const int *cols, const float *const *w0)
{
    memset(s, 0, sizeof *s);
    s->nl = nl;
    for (int l = 0; l < nl; l++) {
        struct shadow_layer *y = &s->l[l];
        long cells = (long)rows[l] * cols[l], stride = cells % 7919 ? 7919 : 7907;
        y->m = cells < SHADOW_SAMPLE ? (int)cells : SHADOW_SAMPLE;
        y->cell = malloc((size_t)y->m * sizeof *y->cell);
        y->row = malloc((size_t)y->m * sizeof *y->row);
        y->col = malloc((size_t)y->m * sizeof *y->col);
        y->w = malloc((size_t)y->m * sizeof *y->w);
        if (!y->cell || !y->row || !y->col || !y->w) {
            shadow_free(s);
            return xt_fail(XT_ENOMEM, "cannot allocate the float shadow");
        }
        for (int k = 0; k < y->m; k++) {
            y->cell[k] = (int32_t)(((long)k * stride + 13) % cells);
            y->row[k] = y->cell[k] / cols[l];
            y->col[k] = y->cell[k] % cols[l];
            y->w[k] = w0[l][y->cell[k]];
        }
    }
    return 0;
}

void shadow_free(struct shadow *s)
{
    for (int l = 0; l < s->nl; l++) {
        free(s->l[l].cell);
        free(s->l[l].row);
        free(s->l[l].col);
        free(s->l[l].w);
    }
    free(s->hist);
    memset(s, 0, sizeof *s);
}

void shadow_update(struct shadow_layer *l, const float *x, const float *d, double lr)
{
    float a = (float)-lr; /* as kern_update: w += (-lr x_i) d_j, in float */

    for (int k = 0; k < l->m; k++)
        l->w[k] += a * x[l->row[k]] * d[l->col[k]];
}

int shadow_record(struct shadow *s, const float *const *w_dev)
{
    if (s->rows == s->cap) {
        int cap = s->cap ? 2 * s->cap : 32;
        struct shadow_stat *h = realloc(s->hist, (size_t)cap * (size_t)s->nl * sizeof *h);
        if (!h)
            return xt_fail(XT_ENOMEM, "cannot record the float shadow's error");
        s->hist = h;
        s->cap = cap;
    }
    for (int l = 0; l < s->nl; l++) {
        const struct shadow_layer *y = &s->l[l];
        struct shadow_stat *st = &s->hist[(size_t)s->rows * (size_t)s->nl + (size_t)l];
        double se = 0, sum = 0, sw = 0;
        for (int k = 0; k < y->m; k++) {
            double e = (double)w_dev[l][y->cell[k]] - y->w[k];
            se += e * e;
            sum += e;
            sw += (double)y->w[k] * y->w[k];
        }
        st->rms_err = sqrt(se / y->m);
        st->mean_err = sum / y->m;
        st->rms_w = sqrt(sw / y->m);
    }
    s->rows++;
    return 0;
}
