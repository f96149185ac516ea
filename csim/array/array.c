/* array.c - crossbar of unit cells: device state, SET/RESET through the models, reads, energy */
#include "xtile/array.h"

#include "xtile/err.h"
#include "xtile/kern.h"
#include "xtile/mem.h"
#include "xtile/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int64_t fix(float g)
{
    return (int64_t)((double)g * ARR_FIX);
}

static bool class_random(const struct nvm_class *c)
{
    return c->par->c2c > 0.0 || c->model == &nvm_jump_table;
}

/* Class of device slot k in cells of ndev devices (inlined: a constant ndev folds it). */
static inline int class_of(int ndev, int k)
{
    return ndev == 4 && k < 2 ? ARR_MSP : ARR_LSP;
}

int arr_class_of(const struct arr *a, int k)
{
    return class_of(a->ndev, k);
}

/*
 * The cell's weight, the layout (ndev, shared) given: always inlined, so that
 * a caller passing constants gets the branches folded (set_batch).
 */
static inline __attribute__((always_inline)) float weight_of(const struct arr *a, long cell,
                                                             int ndev, bool shared)
{
    const struct arr_dev *g = a->dev + cell * ndev;

    if (ndev == 4) {
        float lsp = g[ARR_LP].g - (shared ? a->ref[cell % a->cols].g : g[ARR_LM].g);
        return (a->f * (g[ARR_GP].g - g[ARR_GM].g) + (a->lsp_neg[cell] ? -lsp : lsp)) * a->inv_gref;
    }
    return (g[0].g - g[1].g) * a->inv_gref;
}

float arr_weight(const struct arr *a, long cell)
{
    return weight_of(a, cell, a->ndev, a->shared);
}

/* Device index (the network's) of class c: its Gmax, dGmax and yield, and its starting g. */
static void draw_dev(struct arr_dev *v, uint8_t *state, const struct nvm_class *c, uint64_t seed,
                     uint32_t index)
{
    uint32_t rnd[8];

    xt_rng_block(seed, XT_STREAM_D2D, index, 0, rnd);
    xt_rng_block(seed, XT_STREAM_D2D, index, 1, rnd + 4);
    nvm_draw_device(c, rnd, &v->gmax, &v->dgmax, state);
    v->g = *state == NVM_STUCK_ON ? v->gmax : nvm_reset_value(c, v->gmax, rnd[3]);
}

int arr_init(struct arr *a, const struct arr_par *p)
{
    int rows = p->rows, cols = p->cols;
    const struct nvm_class *msp = p->msp, *lsp = p->lsp;
    long cells = (long)rows * cols, ndev;
    uint64_t seed = p->seed;
    double var = 0.0;

    memset(a, 0, sizeof *a);
    a->id = p->id;
    a->rows = rows;
    a->cols = cols;
    a->ndev = arr_enc_four(&p->enc) ? 4 : 2;
    a->shared = p->enc.encoding == ARR_ENC_4DEV_SHARED;
    a->seed = seed;
    a->pulse_key = xt_rng_key32(seed, XT_STREAM_PULSE);
    a->dev_base = p->dev_base;
    a->inv_gref = (float)arr_weight_per_us(&p->enc, a->ndev == 4 ? msp->g_max : 0.0, lsp->g_max);
    if (a->ndev == 4) {
        a->f = (float)p->enc.f;
        a->cls[0] = a->cls[1] = msp;
        a->cls[2] = a->cls[3] = lsp;
    } else {
        a->f = 1.0f;
        a->cls[0] = a->cls[1] = lsp;
    }
    for (int k = 0; k < a->ndev; k++) {
        float s = (k & 1) ? -1.0f : 1.0f;
        const struct nvm_class *c = a->cls[k];
        a->gain[k] = s * (arr_class_of(a, k) == ARR_MSP ? a->f : 1.0f) * a->inv_gref;
        var += pow(a->gain[k] * c->par->read_sigma * c->g_max, 2);
    }
    a->read_sigma_w = sqrt(var);
    a->e_read_unit =
        p->v_read * p->v_read * (1e3 / p->clk_mhz) * 1e-3; /* V^2 µS ns = fJ = 1e-3 pJ */

    ndev = cells * a->ndev;
    _Static_assert(sizeof(struct arr_dev) == 16, "a 4dev cell is one 64-byte line");
    a->dev = xt_alloc_big((size_t)ndev * sizeof *a->dev); /* 2 MiB aligned: cells on lines */
    a->n_reset = xt_alloc_big((size_t)ndev * sizeof *a->n_reset);
    a->state = xt_alloc_big((size_t)ndev * sizeof *a->state);
    a->lsp_neg = calloc((size_t)cells, sizeof *a->lsp_neg);
    a->w = xt_alloc_big((size_t)cells * sizeof *a->w);
    /* on lines of its own: threads take rows by blocks of ARR_LINE_ROWS (array.h) */
    a->row_g = xt_alloc_lines((size_t)rows * sizeof *a->row_g);
    a->col_g = calloc((size_t)cols, sizeof *a->col_g);
    if (a->shared) {
        a->ref = calloc((size_t)cols, sizeof *a->ref);
        a->ref_state = calloc((size_t)cols, sizeof *a->ref_state);
        if (!a->ref || !a->ref_state) {
            arr_free(a);
            return xt_fail(XT_ENOMEM, "cannot allocate a %d x %d array", rows, cols);
        }
    }
    if (nvm_ages(lsp) || (a->ndev == 4 && nvm_ages(msp))) {
        /* programmed at time 0; 4dev_shared: the references after the cells */
        a->t_prog = calloc((size_t)ndev + (a->shared ? (size_t)cols : 0), sizeof *a->t_prog);
        a->drift_key = xt_rng_key32(seed, XT_STREAM_DRIFT);
        if (!a->t_prog) {
            arr_free(a);
            return xt_fail(XT_ENOMEM, "cannot allocate a %d x %d array", rows, cols);
        }
    }
    if (!a->dev || !a->n_reset || !a->state || !a->lsp_neg || !a->w || !a->row_g || !a->col_g) {
        arr_free(a);
        return xt_fail(XT_ENOMEM, "cannot allocate a %d x %d array", rows, cols);
    }
    for (int c = 0; a->shared && c < cols; c++) /* each column's reference, at its reset level */
        draw_dev(&a->ref[c], &a->ref_state[c], lsp, seed, p->dev_base + (uint32_t)(ndev + c));
    for (long cell = 0; cell < cells; cell++) {
        for (int k = 0; k < a->ndev; k++) {
            long d = cell * a->ndev + k;

            if (!arr_dev_present(a, d)) { /* 4dev_shared's slot g-: nothing there */
                a->state[d] = NVM_DEAD;
                continue;
            }
            draw_dev(&a->dev[d], &a->state[d], a->cls[k], seed, p->dev_base + (uint32_t)d);
            a->row_g[cell / cols] += fix(a->dev[d].g);
            a->col_g[cell % cols] += fix(a->dev[d].g);
        }
        a->w[cell] = arr_weight(a, cell);
    }
    return 0;
}

void arr_free(struct arr *a)
{
    free(a->dev);
    free(a->n_reset);
    free(a->state);
    free(a->lsp_neg);
    free(a->w);
    free(a->row_g);
    free(a->col_g);
    free(a->t_prog);
    free(a->ref);
    free(a->ref_state);
    memset(a, 0, sizeof *a);
}

/*
 * Moves device d of cell (r, c) to conductance g, keeping w, the row sum and
 * the column sum col_g (the array's, or a share's) in step.
 */
static inline __attribute__((always_inline)) void
move_rc_as(struct arr *a, int r, int c, long d, float g, int64_t *col_g, int ndev, bool shared)
{
    long cell = (long)r * a->cols + c;
    int64_t dg = fix(g) - fix(a->dev[d].g);

    if (a->t_prog) /* a programming event restarts the device's drift */
        a->t_prog[d] = a->now;
    if (g == a->dev[d].g)
        return;
    a->dev[d].g = g;
    a->row_g[r] += dg;
    col_g[c] += dg;
    a->w[cell] = weight_of(a, cell, ndev, shared);
}

static void move_rc(struct arr *a, int r, int c, long d, float g, int64_t *col_g)
{
    move_rc_as(a, r, c, d, g, col_g, a->ndev, a->shared);
}

static void move(struct arr *a, long cell, long d, float g)
{
    move_rc(a, (int)(cell / a->cols), (int)(cell % a->cols), d, g, a->col_g);
}

void arr_set(struct arr *a, long cell, int k, int n)
{
    arr_set_rc(a, (int)(cell / a->cols), (int)(cell % a->cols), k, n);
}

void arr_set_rc(struct arr *a, int r, int col, int k, int n)
{
    struct arr_pulses ev = {r, col, (uint16_t)k, (uint16_t)n};

    arr_set_batch(a, &ev, 1);
}

/*
 * set_pulses for a cell in the pulse trace's window: the same steps, each
 * pulse recorded with the conductance before and after it (a dead or stuck
 * device's pulses too: they are applied and counted, and leave G).
 */
static void trace_sets(struct arr *a, const struct arr_pulses *ev, long d,
                       const struct nvm_class *c, bool random, bool down, uint32_t rnd[2])
{
    struct arr_dev *v = &a->dev[d];
    uint32_t cnt = v->pulses;
    float g = v->g;
    bool alive = a->state[d] == NVM_ALIVE;

    for (int p = 0; p < ev->n; p++, cnt++) {
        struct arr_trace_rec r = {.row = ev->r,
                                  .col = ev->c,
                                  .dev = (uint8_t)ev->k,
                                  .phase = (uint8_t)a->phase,
                                  .count = cnt,
                                  .before = g,
                                  .after = g};
        if (alive) {
            if (p > 0 && (cnt & 1) == 0 && random)
                xt_rng_pair(a->pulse_key, a->dev_base + (uint32_t)d, cnt >> 1, rnd);
            r.after = g = down ? nvm_depress(c, g, v->gmax, v->dgmax, rnd[cnt & 1])
                               : nvm_set(c, g, v->gmax, v->dgmax, rnd[cnt & 1]);
        }
        arr_trace_add(a->trace, &r);
    }
    v->pulses = cnt;
    if (alive)
        move_rc(a, ev->r, ev->c, d, g, a->col_g);
}

/*
 * The pulses of one event; first is the pair its first pulse draws from,
 * random says whether later pulses draw at all (the class's model is
 * random). Pulse number c of a device draws word c % 2 of pair c / 2 of its
 * stream.
 */
static inline __attribute__((always_inline)) void
set_pulses(struct arr *a, const struct arr_pulses *ev, long d, const struct nvm_class *c,
           bool random, bool down, uint32_t first0, uint32_t first1, int64_t *col_g, int ndev,
           bool shared)
{
    struct arr_dev *v = &a->dev[d];
    uint32_t rnd[2] = {first0, first1}, cnt = v->pulses;
    float g = v->g;

    if (a->state[d] != NVM_ALIVE) {
        v->pulses = cnt + ev->n;
        return;
    }
    for (int p = 0; p < ev->n; p++, cnt++) {
        if (p > 0 && (cnt & 1) == 0 && random)
            xt_rng_pair(a->pulse_key, a->dev_base + (uint32_t)d, cnt >> 1, rnd);
        g = down ? nvm_depress(c, g, v->gmax, v->dgmax, rnd[cnt & 1])
                 : nvm_set(c, g, v->gmax, v->dgmax, rnd[cnt & 1]);
    }
    v->pulses = cnt;
    move_rc_as(a, ev->r, ev->c, d, g, col_g, ndev, shared);
}

/*
 * Events go in blocks: the cells of the next block are fetched while this
 * one is worked, and a block's first random pairs are drawn together (one
 * vector computation); only a device's later pairs are drawn one by one.
 * The SET tally is booked once per call.
 */
enum { SET_BLOCK = 16, SET_AHEAD = 16 };

/*
 * set_batch's body for a layout (ndev, shared) and whether a trace may want
 * a cell: always inlined, so that the common layout's instance (4dev, not
 * traced) has its branches folded: a fifth fewer instructions in applying an
 * event than one body for every layout (docs/decisions.md, "What the 4dev
 * targets ask of a device event").
 */
static inline __attribute__((always_inline)) void set_events(struct arr *a,
                                                             const struct arr_pulses *ev, int n,
                                                             int64_t *col_g, uint64_t n_set[2],
                                                             int ndev, bool shared, bool traced)
{
    bool random[sizeof a->cls / sizeof a->cls[0]];

    for (int k = 0; k < ndev; k++)
        random[k] = class_random(a->cls[k]);
    for (int b = 0; b < n; b += SET_BLOCK) {
        int nb = n - b < SET_BLOCK ? n - b : SET_BLOCK;
        uint32_t index[SET_BLOCK], event[SET_BLOCK], r0[SET_BLOCK], r1[SET_BLOCK];
        long d[SET_BLOCK];

        for (int e = b + SET_AHEAD; e < n && e < b + SET_AHEAD + SET_BLOCK; e++) {
            long cell = (long)ev[e].r * a->cols + ev[e].c;
            __builtin_prefetch(&a->dev[cell * ndev], 1); /* the whole cell: one line */
            __builtin_prefetch(&a->state[cell * ndev], 0);
            __builtin_prefetch(&a->w[cell], 1);
        }
        for (int e = 0; e < nb; e++) {
            const struct arr_pulses *p = &ev[b + e];
            /* 4dev_shared: a pulse on slot g- is a depression pulse of the cell's g */
            d[e] = ((long)p->r * a->cols + p->c) * ndev + p->k - (shared && p->k == ARR_LM);
            index[e] = a->dev_base + (uint32_t)d[e];
            event[e] = a->dev[d[e]].pulses >> 1;
        }
        xt_rng_pairs(a->pulse_key, index, event, r0, r1, nb);
        for (int e = 0; e < nb; e++) {
            const struct arr_pulses *p = &ev[b + e];
            n_set[class_of(ndev, p->k)] += p->n;
            bool down = shared && p->k == ARR_LM;
            if (__builtin_expect(traced, 0) && arr_trace_wants(a->trace, p->r, p->c)) {
                uint32_t rnd[2] = {r0[e], r1[e]};
                trace_sets(a, p, d[e], a->cls[p->k], random[p->k], down, rnd);
            } else {
                set_pulses(a, p, d[e], a->cls[p->k], random[p->k], down, r0[e], r1[e], col_g, ndev,
                           shared);
            }
        }
    }
}

static void set_batch(struct arr *a, const struct arr_pulses *ev, int n, int64_t *col_g,
                      uint64_t tally[2])
{
    uint64_t n_set[2] = {0, 0}; /* here, not in tally: another thread's tally may share its line */

    if (a->ndev == 4 && !a->shared && !a->trace)
        set_events(a, ev, n, col_g, n_set, 4, false, false);
    else
        set_events(a, ev, n, col_g, n_set, a->ndev, a->shared, a->trace != NULL);
    tally[0] += n_set[0];
    tally[1] += n_set[1];
}

void arr_set_batch(struct arr *a, const struct arr_pulses *ev, int n)
{
    uint64_t n_set[2] = {0, 0};

    set_batch(a, ev, n, a->col_g, n_set);
    for (int k = 0; k < 2; k++)
        a->tally[a->book][a->phase][k].n_set += n_set[k];
}

int arr_part_init(struct arr_part *p, const struct arr *a)
{
    memset(p, 0, sizeof *p);
    if (!(p->col_g = calloc((size_t)a->cols, sizeof *p->col_g)))
        return xt_fail(XT_ENOMEM, "cannot allocate a share of a %d-column update", a->cols);
    return 0;
}

void arr_part_free(struct arr_part *p)
{
    free(p->col_g);
    memset(p, 0, sizeof *p);
}

void arr_set_part(struct arr *a, struct arr_part *p, const struct arr_pulses *ev, int n)
{
    set_batch(a, ev, n, p->col_g, p->n_set);
}

void arr_part_merge(struct arr *a, struct arr_part *p)
{
    for (int c = 0; c < a->cols; c++)
        a->col_g[c] += p->col_g[c];
    memset(p->col_g, 0, (size_t)a->cols * sizeof *p->col_g);
    for (int k = 0; k < 2; k++)
        a->tally[a->book][a->phase][k].n_set += p->n_set[k];
    p->n_set[0] = p->n_set[1] = 0;
}

void arr_reset(struct arr *a, long cell, int k)
{
    if (!arr_dev_present(a, k)) /* 4dev_shared's slot g-: no device */
        return;
    long d = cell * a->ndev + k;
    struct arr_dev *v = &a->dev[d];
    const struct nvm_class *c = a->cls[k];
    struct arr_tally *t = &a->tally[a->book][a->phase][arr_class_of(a, k)];
    uint32_t rnd[2] = {0};

    float before = v->g;

    t->n_reset += (uint64_t)c->reset_len;             /* a depression train: each of its pulses */
    if (a->state[d] == NVM_ALIVE && c->reset_train) { /* a train of depression pulses */
        uint32_t cnt = v->pulses;
        float g = v->g;
        bool random = class_random(c);
        for (int p = 0; p < c->reset_len; p++, cnt++) {
            if ((p == 0 || (cnt & 1) == 0) && random)
                xt_rng_pair(a->pulse_key, a->dev_base + (uint32_t)d, cnt >> 1, rnd);
            g = nvm_depress(c, g, v->gmax, v->dgmax, rnd[cnt & 1]);
        }
        move(a, cell, d, g);
    } else if (a->state[d] == NVM_ALIVE && a->shared && c->par->reset_to_ref) {
        float ref = a->ref[cell % a->cols].g; /* the reset line driven from the reference */
        move(a, cell, d, ref < v->gmax ? ref : v->gmax);
    } else if (a->state[d] == NVM_ALIVE) {
        uint32_t cnt = v->pulses;
        if (c->par->reset_sigma > 0.0)
            xt_rng_pair(a->pulse_key, a->dev_base + (uint32_t)d, cnt >> 1, rnd);
        move(a, cell, d, nvm_reset_value(c, v->gmax, rnd[cnt & 1]));
    }
    if (a->trace && arr_trace_wants(a->trace, (int)(cell / a->cols), (int)(cell % a->cols))) {
        struct arr_trace_rec rec = {.row = (int32_t)(cell / a->cols),
                                    .col = (int32_t)(cell % a->cols),
                                    .dev = (uint8_t)k,
                                    .reset = 1,
                                    .phase = (uint8_t)a->phase,
                                    .count = v->pulses,
                                    .before = before,
                                    .after = v->g};
        arr_trace_add(a->trace, &rec);
    }
    v->pulses += (uint32_t)c->reset_len;
    a->n_reset[d] += (uint32_t)c->reset_len;
}

/* Device v of class c, index d among the array's (t_prog, random keys), from a->aged to t. */
static void age_dev(struct arr *a, struct arr_dev *v, const struct nvm_class *c, long d, double t)
{
    uint32_t dev[2] = {0}, ev[2] = {0}, index = a->dev_base + (uint32_t)d;

    if (c->par->drift_nu_dtod > 0.0)
        xt_rng_pair(a->drift_key, index, UINT32_MAX, dev);
    if (c->par->drift_nu_std > 0.0)
        xt_rng_pair(a->drift_key, index, v->pulses, ev);
    v->g = nvm_age(c, v->g, v->gmax, nvm_drift_nu(c, dev[0], ev[0]), a->t_prog[d], a->aged, t);
}

void arr_age(struct arr *a, double t)
{
    bool ages[4];
    long cells = (long)a->rows * a->cols;

    if (!a->t_prog || t <= a->aged)
        return;
    for (int k = 0; k < a->ndev; k++)
        ages[k] = nvm_ages(a->cls[k]);
    memset(a->row_g, 0, (size_t)a->rows * sizeof *a->row_g);
    memset(a->col_g, 0, (size_t)a->cols * sizeof *a->col_g);
    for (int c = 0; a->shared && ages[ARR_LP] && c < a->cols; c++) /* the references first */
        if (a->ref_state[c] == NVM_ALIVE)
            age_dev(a, &a->ref[c], a->cls[ARR_LP], cells * a->ndev + c, t);
    for (long cell = 0; cell < cells; cell++) {
        for (int k = 0; k < a->ndev; k++) {
            long d = cell * a->ndev + k;
            if (ages[k] && a->state[d] == NVM_ALIVE)
                age_dev(a, &a->dev[d], a->cls[k], d, t);
            a->row_g[cell / a->cols] += fix(a->dev[d].g);
            a->col_g[cell % a->cols] += fix(a->dev[d].g);
        }
        a->w[cell] = arr_weight(a, cell);
    }
    a->aged = t;
}

void arr_swap_lsp(struct arr *a, long cell)
{
    if (a->ndev != 4)
        return;
    a->lsp_neg[cell] ^= 1;
    a->w[cell] = arr_weight(a, cell);
}

void arr_write(struct arr *a, long cell, int k, float g)
{
    long d = cell * a->ndev + k;
    float gmax = a->dev[d].gmax;

    if (a->state[d] != NVM_ALIVE)
        return;
    move(a, cell, d, g < 0.0f ? 0.0f : g > gmax ? gmax : g);
}

void arr_view_init(struct arr *v, const struct arr *a, int64_t *col_g)
{
    *v = *a;
    v->col_g = col_g;
    v->reads = 0;
    memset(v->tally, 0, sizeof v->tally);
    memset(v->e_read_fix, 0, sizeof v->e_read_fix);
}

void arr_view_merge(struct arr *a, const struct arr *v)
{
    for (int c = 0; c < a->cols; c++)
        a->col_g[c] += v->col_g[c];
    memset(v->col_g, 0, (size_t)a->cols * sizeof *v->col_g);
    for (int b = 0; b < ARR_BOOKS; b++)
        for (int ph = 0; ph < XT_PHASES; ph++) {
            a->e_read_fix[b][ph] += v->e_read_fix[b][ph];
            for (int k = 0; k < 2; k++) {
                a->tally[b][ph][k].n_set += v->tally[b][ph][k].n_set;
                a->tally[b][ph][k].n_reset += v->tally[b][ph][k].n_reset;
            }
        }
    a->reads += v->reads;
}

/* Adds N(0, sigma^2) to v[0..n) from (seed, XT_STREAM_READ, id << 20 | line, reads). */
static void read_noise(struct arr *a, float *v, int n, double sigma)
{
    if (sigma > 0.0) {
        for (int j = 0; j < n; j++) {
            uint32_t rnd[4];
            xt_rng_block(a->seed, XT_STREAM_READ, (uint32_t)a->id << 20 | (uint32_t)j, a->reads,
                         rnd);
            v[j] += (float)(sigma * xt_normal_u32(rnd[0]));
        }
    }
    a->reads++;
}

/*
 * Books the read energy of lines driven for |on[i]| cycles (line i holding
 * line_g[i] µS in all) and adds the read noise of that drive to the n_out
 * integrated values.
 */
static void drive_book(struct arr *a, const float *on, int n, const int64_t *line_g, float *out,
                       int n_out)
{
    unsigned __int128 energy = 0;
    double sq = 0.0;

    for (int i = 0; i < n; i++) {
        energy += (unsigned __int128)(uint64_t)fabsf(on[i]) * (uint64_t)line_g[i];
        sq += (double)on[i] * on[i];
    }
    a->e_read_fix[a->book][a->phase] += energy;
    read_noise(a, out, n_out, a->read_sigma_w * sqrt(sq));
}

void arr_read_fwd(struct arr *a, const float *x, float *s)
{
    kern_matvec(a->w, a->rows, a->cols, x, s);
    drive_book(a, x, a->rows, a->row_g, s, a->cols);
}

void arr_read_bwd(struct arr *a, const float *d, float *e)
{
    kern_backward(a->w, a->rows, a->cols, d, e);
    drive_book(a, d, a->cols, a->col_g, e, a->rows);
}

void arr_read_row(struct arr *a, int r, int sel, int cycles, float *v)
{
    int k0 = 0, k1 = a->ndev; /* devices read: [k0, k1) */
    int64_t energy = 0;       /* the devices read, ARR_FIX units */
    double var = 0.0;

    if (sel == ARR_SEL_MSP && a->ndev == 4)
        k1 = 2;
    else if (sel >= ARR_SEL_DEV0) {
        k0 = sel - ARR_SEL_DEV0;
        k1 = k0 + 1;
    }
    if (sel == ARR_SEL_ALL) { /* every device of the row: its line sum */
        const float *w = a->w + (long)r * a->cols;
        for (int c = 0; c < a->cols; c++)
            v[c] = (float)cycles * w[c];
        energy = a->row_g[r];
    } else if (sel == ARR_SEL_MSP) { /* F (G+ - G-) in 4dev, the pair G+ - G- in 2dev */
        const struct arr_dev *g = a->dev + (long)r * a->cols * a->ndev;
        for (int c = 0; c < a->cols; c++, g += a->ndev) {
            float val = a->ndev == 4 ? a->f * (g[ARR_GP].g - g[ARR_GM].g) * a->inv_gref
                                     : (g[0].g - g[1].g) * a->inv_gref;
            v[c] = (float)cycles * val;
            energy += fix(g[0].g) + fix(g[1].g);
        }
    } else { /* one device of each cell; 4dev_shared's slot g- reads the column's reference */
        bool ref = a->shared && k0 == ARR_LM;
        const struct arr_dev *g = ref ? a->ref : a->dev + (long)r * a->cols * a->ndev + k0;
        for (int c = 0; c < a->cols; c++, g += ref ? 1 : a->ndev) {
            v[c] = (float)cycles * (g->g * a->inv_gref);
            energy += fix(g->g);
        }
    }
    for (int k = k0; k < k1; k++) {
        const struct nvm_class *c = a->cls[k];
        double s =
            (sel >= ARR_SEL_DEV0 ? a->inv_gref : fabsf(a->gain[k])) * c->par->read_sigma * c->g_max;
        var += s * s;
    }
    a->e_read_fix[a->book][a->phase] += (unsigned __int128)(uint64_t)energy * (uint64_t)cycles;
    read_noise(a, v, a->cols, cycles * sqrt(var));
}

struct arr_tally arr_tally_of(const struct arr *a, int book, int phase, int k)
{
    struct arr_tally t = {0, 0};

    for (int ph = phase < 0 ? 0 : phase; ph < (phase < 0 ? XT_PHASES : phase + 1); ph++) {
        t.n_set += a->tally[book][ph][k].n_set;
        t.n_reset += a->tally[book][ph][k].n_reset;
    }
    return t;
}

double arr_read_energy(const struct arr *a, int book, int phase)
{
    unsigned __int128 e = 0;

    for (int ph = phase < 0 ? 0 : phase; ph < (phase < 0 ? XT_PHASES : phase + 1); ph++)
        e += a->e_read_fix[book][ph];
    return (double)e / ARR_FIX * a->e_read_unit;
}
