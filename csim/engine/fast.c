/* fast.c - the functional engine (L0): the tile's results computed directly, not clocked */
#include "xtile/engine.h"

#include "xtile/config.h"

#include <stdlib.h>
#include <time.h>

static int attach(struct xt_tile *t)
{
    (void)t;
    return 0;
}

static void detach(struct xt_tile *t)
{
    (void)t;
}

/* A read (arr_read_fwd or arr_read_bwd) of n lines, converted by adc. */
static void read_convert(struct xt_tile *t, void (*read)(struct arr *, const float *, float *),
                         const struct adc *adc, const float *on, int n, uint16_t *code)
{
    float *v = malloc((size_t)n * sizeof *v);

    read(&t->arr, on, v);
    for (int k = 0; k < n; k++)
        code[k] = (uint16_t)adc_convert(adc, v[k]);
    free(v);
}

static void forward(struct xt_tile *t, const float *x, uint16_t *code)
{
    read_convert(t, arr_read_fwd, &t->adc_fwd, x, t->arr.cols, code);
}

static void backward(struct xt_tile *t, const float *d, uint16_t *code)
{
    read_convert(t, arr_read_bwd, &t->adc_bwd, d, t->arr.rows, code);
}

/* Coincidences counted with one AND and a popcount per device pair (DESIGN.md section 3). */
static void update(struct xt_tile *t, const uint16_t *p, const uint8_t *p_neg, const uint16_t *q,
                   const uint8_t *q_neg)
{
    struct arr *a = &t->arr;
    uint64_t *rm = malloc(((size_t)a->rows + 2 * (size_t)a->cols) * sizeof *rm), *cm = rm + a->rows,
             *am = cm + a->cols; /* masks of the active columns, packed */
    int *act = malloc((size_t)a->cols * sizeof *act), nact = 0;
    bool prof = t->prof && t->prof->on;
    double t0 = prof ? xt_now() : 0.0;

    olt_masks(&t->olt, 0, a->rows, p, rm);
    olt_masks(&t->olt, a->rows, a->cols, q, cm);
    if (prof) {
        double t1 = xt_now();
        t->prof->pulse_gen += t1 - t0;
        t0 = t1;
    }
    for (int j = 0; j < a->cols; j++)
        if (cm[j]) {
            am[nact] = cm[j];
            act[nact++] = j;
        }
    for (int i = 0; i < a->rows && nact; i++) {
        uint64_t r = rm[i];
        long base = (long)i * a->cols;

        if (!r)
            continue;
        for (int k = 0; k < nact; k++) {
            int n = __builtin_popcountll(r & am[k]);
            if (k + 8 < nact) { /* the cells are far apart in memory: fetch ahead */
                long ahead = base + act[k + 8];
                __builtin_prefetch(&a->dev[ahead * a->ndev + a->ndev - 2], 1);
                __builtin_prefetch(&a->w[ahead], 1);
            }
            if (n)
                arr_set(a, base + act[k], xt_update_slot(t, p_neg[i], q_neg[act[k]]), n);
        }
    }
    free(rm);
    free(act);
    if (prof)
        t->prof->dev_update += xt_now() - t0;
}

static void transfer(struct xt_tile *t, struct clt_stats *st)
{
    clt_transfer(&t->arr, &t->clt, st);
}

const struct xt_engine_ops xt_engine_fast = {
    .name = "fast",
    .attach = attach,
    .detach = detach,
    .forward = forward,
    .backward = backward,
    .update = update,
    .transfer = transfer,
};

double xt_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

const struct xt_engine_ops *xt_engine_get(int kind)
{
    switch (kind) {
    case XT_ENGINE_FAST: return &xt_engine_fast;
    default: return NULL;
    }
}
