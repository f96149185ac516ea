/* fast.c - the functional engine (L0): the tile's results computed directly, not clocked */
#include "xtile/engine.h"

#include "xtile/err.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One thread's share of an update: its events and its column sums, on lines of its own. */
struct fast_share {
    _Alignas(64) struct arr_part part;
    struct arr_pulses *ev; /* flushed every FAST_EVENTS or so */
};

/* Scratch of the functional engine, sized once per tile: nothing allocated per example. */
struct fast {
    float *v;       /* a read's values, max(rows, cols) */
    uint64_t *mask; /* line masks: rows then cols */
    /* the firing columns of an update, compacted: number, mask, polarity */
    int *fcol;
    uint64_t *fmask;
    uint8_t *fneg;
    uint64_t *slot_cols; /* per slot, the firing columns (compacted) in it: a bit set */
    int nf, nw;          /* the update's firing columns, and words of a set of them */
    uint64_t col_slots;  /* the slots any column fires in */
    const uint8_t *p_neg;
    int nshare;
    struct fast_share *share; /* one per part of the pool */
    int *frow, nfr;           /* the update's firing rows, in order */
    int *fblk, nblk;          /* where in frow each block of FAST_BLOCK rows with one starts */
    atomic_int next;          /* the next block a share takes */
};

enum { FAST_EVENTS = 4096 };

/* Below this many firing rows x firing columns an update is not split: the hand-over costs more. */
enum { FAST_SPLIT_PAIRS = 4096 };

/*
 * A share takes the firing rows of FAST_BLOCK consecutive rows at a time, so
 * that the rows' sums and weights are on cache lines no other share writes
 * (ARR_LINE_ROWS, array.h). Chunks of 8 firing rows, whatever rows they were,
 * shared lines at their edges; blocks of 16 rows were slower, and of 64 no
 * faster (docs/decisions.md, "Threads").
 */
enum { FAST_BLOCK = 2 * ARR_LINE_ROWS };

/* Words of a bit set over the columns. */
static size_t col_words(size_t cols)
{
    return (cols + 63) / 64;
}

static int attach(struct xt_tile *t)
{
    size_t rows = (size_t)t->arr.rows, cols = (size_t)t->arr.cols;
    int parts = xt_pool_parts(t->pool);
    struct fast *f = calloc(1, sizeof *f);
    bool ok = f != NULL;

    if (f) {
        f->v = malloc((rows > cols ? rows : cols) * sizeof *f->v);
        f->mask = malloc((rows + cols) * sizeof *f->mask);
        f->fcol = malloc(cols * sizeof *f->fcol);
        f->fmask = malloc(cols * sizeof *f->fmask);
        f->fneg = malloc(cols * sizeof *f->fneg);
        f->slot_cols = malloc(OLT_MAX_BL * col_words(cols) * sizeof *f->slot_cols);
        /* each share on lines of its own: calloc does not align to 64 */
        f->share = aligned_alloc(_Alignof(struct fast_share), (size_t)parts * sizeof *f->share);
        if (f->share)
            memset(f->share, 0, (size_t)parts * sizeof *f->share);
        f->frow = malloc(rows * sizeof *f->frow);
        f->fblk = malloc((rows / FAST_BLOCK + 2) * sizeof *f->fblk);
        ok = f->v && f->mask && f->fcol && f->fmask && f->fneg && f->slot_cols && f->share &&
             f->frow && f->fblk;
        f->nshare = f->share ? parts : 0; /* zeroed: a share not yet made frees as empty */
        for (int k = 0; ok && k < parts; k++)
            ok = arr_part_init(&f->share[k].part, &t->arr) == 0 &&
                 (f->share[k].ev = malloc((FAST_EVENTS + cols) * sizeof *f->share[k].ev));
    }
    t->priv = f;
    if (!ok) {
        t->ops->detach(t);
        return xt_fail(XT_ENOMEM, "cannot allocate the fast engine's scratch");
    }
    return 0;
}

static void detach(struct xt_tile *t)
{
    struct fast *f = t->priv;

    if (f) {
        free(f->v);
        free(f->mask);
        free(f->fcol);
        free(f->fmask);
        free(f->fneg);
        free(f->slot_cols);
        for (int k = 0; k < f->nshare; k++) {
            arr_part_free(&f->share[k].part);
            free(f->share[k].ev);
        }
        free(f->share);
        free(f->frow);
        free(f->fblk);
        free(f);
    }
    t->priv = NULL;
}

/* A read (arr_read_fwd or arr_read_bwd) of n lines, converted by adc. */
static void read_convert(struct xt_tile *t, void (*read)(struct arr *, const float *, float *),
                         const struct adc *adc, const float *on, int n, uint16_t *code)
{
    float *v = ((struct fast *)t->priv)->v;

    read(&t->arr, on, v);
    for (int k = 0; k < n; k++)
        code[k] = (uint16_t)adc_convert(adc, v[k]);
}

/*
 * Clocks of a read: the start cycle, the PWM window, the sequencer's done
 * cycle, then the ADC: sample, share ramps of K - 1 steps, done.
 */
long xt_cycles_read(const struct xt_tile *t, int backward)
{
    int window = backward ? t->d_max : t->x_max;
    int bits = backward ? t->adc_bwd.bits : t->adc_fwd.bits;

    return 1 + window + 1 + adc_conv_clocks(t->adc_share, bits);
}

/* Clocks of an update: the start cycle, bl SET slots of set_cycles clocks, done. */
long xt_cycles_update(const struct xt_tile *t)
{
    return 1 + (long)t->olt.bl * t->set_cycles + 1;
}

static void forward(struct xt_tile *t, const float *x, uint16_t *code)
{
    read_convert(t, arr_read_fwd, &t->adc_fwd, x, t->arr.cols, code);
    t->cycles[t->arr.book][XT_PHASE_FWD] += xt_cycles_read(t, 0);
}

static void backward(struct xt_tile *t, const float *d, uint16_t *code)
{
    read_convert(t, arr_read_bwd, &t->adc_bwd, d, t->arr.rows, code);
    t->cycles[t->arr.book][XT_PHASE_BWD] += xt_cycles_read(t, 1);
}

/*
 * Coincidences: a device's pulses are popcount(row mask & column mask). The
 * firing columns are compacted once, and for each slot the set of them that
 * fire in it is a bit set; a firing row's coinciding columns are the union of
 * the sets of its slots (a few word ORs), and only those are visited, in
 * column order, which is also the order of the cells in memory. Pulse order
 * does not matter (device-keyed randomness, exact line sums). The work is the
 * events themselves (about 5,000 per example on the study's network), not
 * firing rows x firing columns (about 21,000 pairs), nor a walk of per-slot
 * column lists, whose branches mispredict (make bench; docs/decisions.md,
 * "Speed of the fast engine").
 *
 * The shares take the firing rows a block of FAST_BLOCK rows at a time, in
 * whatever order the threads come: a row's cells and its row sum are its own,
 * and the column sums and SET tally go to the share that worked it, added
 * after; integers, so the sums do not depend on which share took which row.
 */
static void update_rows(void *arg, int part, int parts)
{
    struct xt_tile *t = arg;
    struct arr *a = &t->arr;
    struct fast *f = t->priv;
    struct fast_share *sh = &f->share[part];
    const uint64_t *rm = f->mask;
    int nw = f->nw, nev = 0, k0;

    (void)parts;
    while ((k0 = atomic_fetch_add_explicit(&f->next, 1, memory_order_relaxed)) < f->nblk) {
        for (int x = f->fblk[k0]; x < f->fblk[k0 + 1]; x++) {
            int i = f->frow[x];
            uint64_t r = rm[i] & f->col_slots;
            for (int w = 0; w < nw; w++) {
                uint64_t hit = 0;
                for (uint64_t m = r; m; m &= m - 1)
                    hit |= f->slot_cols[(size_t)__builtin_ctzll(m) * nw + w];
                for (; hit; hit &= hit - 1) {
                    int k = w * 64 + __builtin_ctzll(hit);
                    sh->ev[nev++] = (struct arr_pulses){
                        i, f->fcol[k],
                        (uint16_t)arr_pulse_slot(a, false, (long)i * a->cols + f->fcol[k],
                                                 f->p_neg[i], f->fneg[k]),
                        (uint16_t)__builtin_popcountll(r & f->fmask[k])};
                }
            }
            if (nev >= FAST_EVENTS) {
                arr_set_part(a, &sh->part, sh->ev, nev);
                nev = 0;
            }
        }
    }
    arr_set_part(a, &sh->part, sh->ev, nev);
}

static void update(struct xt_tile *t, const uint16_t *p, const uint8_t *p_neg, const uint16_t *q,
                   const uint8_t *q_neg)
{
    struct arr *a = &t->arr;
    int rows = a->rows, cols = a->cols;
    struct fast *f = t->priv;
    uint64_t *rm = f->mask, *cm = rm + rows;
    bool prof = t->prof && t->prof->on;
    double t0 = prof ? xt_now() : 0.0;
    int nf = 0;

    olt_masks(&t->olt, 0, rows, p, rm);
    olt_masks(&t->olt, rows, cols, q, cm);
    if (prof) {
        double t1 = xt_now();
        t->prof->pulse_gen += t1 - t0;
        t0 = t1;
    }
    f->col_slots = 0;
    for (int j = 0; j < cols; j++) {
        f->fcol[nf] = j;
        f->fmask[nf] = cm[j];
        f->fneg[nf] = q_neg[j];
        f->col_slots |= cm[j];
        nf += cm[j] != 0;
    }
    f->nf = nf;
    f->nw = (int)col_words((size_t)nf);
    f->p_neg = p_neg;
    for (uint64_t m = f->col_slots; m; m &= m - 1)
        memset(f->slot_cols + (size_t)__builtin_ctzll(m) * f->nw, 0,
               (size_t)f->nw * sizeof *f->slot_cols);
    for (int k = 0; k < nf; k++)
        for (uint64_t m = f->fmask[k]; m; m &= m - 1)
            f->slot_cols[(size_t)__builtin_ctzll(m) * f->nw + k / 64] |= 1ull << (k % 64);
    f->nfr = f->nblk = 0;
    for (int i = 0; i < rows; i++) {
        if ((rm[i] & f->col_slots) == 0)
            continue;
        if (f->nfr == 0 || f->frow[f->nfr - 1] / FAST_BLOCK != i / FAST_BLOCK)
            f->fblk[f->nblk++] = f->nfr;
        f->frow[f->nfr++] = i;
    }
    f->fblk[f->nblk] = f->nfr;
    atomic_store_explicit(&f->next, 0, memory_order_relaxed);
    /* small or traced (one trace buffer): not split */
    if (xt_pool_parts(t->pool) > 1 && !a->trace && (long)f->nfr * nf >= FAST_SPLIT_PAIRS)
        xt_pool_run(t->pool, update_rows, t);
    else
        update_rows(t, 0, 1);
    for (int k = 0; k < f->nshare; k++)
        arr_part_merge(a, &f->share[k].part);
    t->cycles[t->arr.book][XT_PHASE_UPD] += xt_cycles_update(t);
    if (prof)
        t->prof->dev_update += xt_now() - t0;
}

static void transfer(struct xt_tile *t, struct clt_stats *st)
{
    uint64_t before = st->cycles;

    clt_transfer(&t->arr, &t->clt, st, t->pool);
    t->cycles[t->arr.book][XT_PHASE_XFER] += st->cycles - before;
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
