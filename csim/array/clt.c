/* clt.c - closed-loop tuning, row by row with every column in parallel (DESIGN.md section 7) */
#include "xtile/clt.h"

#include "xtile/err.h"
#include "xtile/mem.h"
#include "xtile/pool.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/*
 * One thread's working memory: per-column state, two value rows, the active
 * columns, an iteration's SET pulses, which LSP devices of a column need their
 * RESET (bit 0 g+, bit 1 g-); and, when rows are split among threads, its view
 * of the array (the array with its own column sums, tallies and read count)
 * and its statistics.
 */
struct clt_part {
    struct clt_col *cs;
    float *v;
    bool *need;
    uint8_t *rst;
    int *act;
    struct arr_pulses *ev;
    struct arr view;
    int64_t *col_g;
    struct clt_stats st;
};

/* The working memory of a transfer: a part per thread; the errors kept for booking in row order. */
struct clt_work {
    int parts;
    struct clt_part *part;
    float *defer;    /* rows x cols target weights, NaN where no weight was tuned (parts > 1) */
    atomic_int next; /* the next row a part takes */
};

void clt_stats_add(struct clt_stats *dst, const struct clt_stats *src)
{
    dst->weights += src->weights;
    dst->checked += src->checked;
    dst->not_converged += src->not_converged;
    dst->iterations += src->iterations;
    dst->reads += src->reads;
    dst->set_pulses += src->set_pulses;
    dst->resets += src->resets;
    dst->restart_iters += src->restart_iters;
    dst->set_iters += src->set_iters;
    dst->restarts += src->restarts;
    dst->lsp_kept += src->lsp_kept;
    dst->cycles += src->cycles;
    dst->sum_abs_err += src->sum_abs_err;
    dst->sum_sq_err += src->sum_sq_err;
}

/* Headroom of the derived budget over the span: saturating steps shrink (docs/olt.md). */
enum { CLT_BUDGET_SPANS = 3 };

/* Weight units per µS of unweighted conductance (an LSP device's) of the tile's cell. */
static double weight_per_us(const struct clt_setup *s)
{
    return arr_weight_per_us(s->enc, arr_enc_four(s->enc) ? s->msp->g_max_us : 0.0,
                             s->lsp->g_max_us);
}

/*
 * The tuned pair's nominal step (one device's Gmax / N_DR) in weight units:
 * the MSP's, F-weighted, in 4dev; the pair's in 2dev.
 */
static double step_weight(const struct clt_setup *s)
{
    double dg = arr_enc_four(s->enc) ? s->enc->f * s->msp->g_max_us / s->msp->dyn_range
                                     : s->lsp->g_max_us / s->lsp->dyn_range;

    return dg * weight_per_us(s);
}

int clt_span_steps(const struct arr_enc *e, const struct nvm_par *msp, const struct nvm_par *lsp)
{
    /* 4dev: one LSP device's whole range, in MSP steps; 2dev: one device's range */
    double n =
        arr_enc_four(e) ? lsp->g_max_us / (e->f * msp->g_max_us / msp->dyn_range) : lsp->dyn_range;
    return (int)ceil(n - 1e-9);
}

int clt_params_init(struct clt_params *p, const struct clt_setup *s)
{
    const struct clt_cfg *c = s->clt;
    int span = clt_span_steps(s->enc, s->msp, s->lsp);
    double w_max = s->enc->w_max, step;

    p->strategy = c->strategy;
    p->hist = NULL;
    p->read_cycles = s->read_cycles;
    p->adc_share = s->adc_share;
    adc_init(&p->adc, c->adc_bits, (float)(w_max * p->read_cycles));
    step = step_weight(s) * (p->adc.k / 2) / w_max; /* codes */
    p->tau = (int)lround(c->tau * step);
    p->step_codes = step < 1.0 ? 1 : (int)lround(step);
    p->zero_code = adc_convert(&p->adc, 0.0f);
    p->offset = (int)lround(c->offset_us * weight_per_us(s) * (p->adc.k / 2) / w_max);
    p->max_iter = c->max_iter ? c->max_iter : CLT_BUDGET_SPANS * span;
    if (p->max_iter > 0xffff)
        p->max_iter = 0xffff; /* the controller's 16-bit register */
    p->pol_inv = c->polarity_inversion;
    p->lsp_read = c->lsp_reset == CLT_LSP_RESET_NEEDED && arr_enc_four(s->enc);
    p->sat_pulses = c->sat_pulses;
    p->target_codes = c->target_codes;
    p->refresh_frac = c->refresh_frac;
    p->work = NULL;
    if (p->pol_inv && !arr_enc_four(s->enc))
        return xt_fail(XT_EINVAL,
                       "key 'clt.polarity_inversion': true needs weights.encoding = 4dev (it swaps "
                       "the roles of the LSP's two devices; 2dev has no LSP)");
    if (c->offset_us > 0 && (!arr_enc_four(s->enc) || p->strategy == CLT_STRAT_IDEAL))
        return xt_fail(XT_EINVAL,
                       "key 'clt.offset_us': an offset needs weights.encoding = 4dev or "
                       "4dev_shared and an iterative clt.strategy (the LSP's write-back pass "
                       "takes it; 2dev has no LSP, ideal writes exact weights)");
    if (c->offset_us > s->lsp->g_max_us)
        return xt_fail(XT_EINVAL,
                       "key 'clt.offset_us': %g µS is above the LSP's Gmax (lsp.g_max_us = %g), "
                       "which must hold it",
                       c->offset_us, s->lsp->g_max_us);
    if (p->strategy != CLT_STRAT_IDEAL && p->max_iter < span)
        return xt_fail(XT_EINVAL,
                       "key 'clt.max_iter': %d iterations of one nominal step cannot move the "
                       "span a transfer must move (%d steps); set at least %d, or 0 for the "
                       "derived budget (%d)",
                       p->max_iter, span, span, CLT_BUDGET_SPANS * span);
    return 0;
}

int clt_work_alloc(struct clt_params *p, int rows, int cols, int parts)
{
    struct clt_work *s = calloc(1, sizeof *s);
    bool ok = s != NULL;

    clt_work_free(p);
    if (s) {
        p->work = s;
        s->part = calloc((size_t)parts, sizeof *s->part);
        s->parts = s->part ? parts : 0;
        if (parts > 1)
            s->defer = xt_alloc_lines((size_t)rows * (size_t)cols * sizeof *s->defer);
        ok = s->part && (parts == 1 || s->defer);
        for (int k = 0; ok && k < parts; k++) {
            struct clt_part *w = &s->part[k];
            w->cs = malloc((size_t)cols * sizeof *w->cs);
            w->v = malloc(2 * (size_t)cols * sizeof *w->v);
            w->need = malloc((size_t)cols * sizeof *w->need);
            w->act = malloc((size_t)cols * sizeof *w->act);
            w->ev = malloc((size_t)cols * sizeof *w->ev);
            w->rst = malloc((size_t)cols * sizeof *w->rst);
            if (parts > 1)
                w->col_g = calloc((size_t)cols, sizeof *w->col_g);
            ok = w->cs && w->v && w->need && w->act && w->ev && w->rst && (parts == 1 || w->col_g);
        }
        if (ok)
            return 0;
    }
    clt_work_free(p);
    return xt_fail(XT_ENOMEM, "cannot allocate the transfer's working memory (%d x %d, %d threads)",
                   rows, cols, parts);
}

void clt_work_free(struct clt_params *p)
{
    struct clt_work *s = p->work;

    if (s) {
        for (int k = 0; k < s->parts; k++) {
            struct clt_part *w = &s->part[k];
            free(w->cs);
            free(w->v);
            free(w->need);
            free(w->act);
            free(w->ev);
            free(w->rst);
            free(w->col_g);
        }
        free(s->part);
        free(s->defer);
        free(s);
    }
    p->work = NULL;
}

/* RESETs both devices of the pair: the column programs it from zero next. */
static void restart(struct arr *a, long cell, int plus, struct clt_stats *st)
{
    arr_reset(a, cell, plus);
    arr_reset(a, cell, plus + 1);
    st->resets += 2;
}

bool clt_restart_fits(const struct clt_params *p, int target, int it)
{
    return abs(target - p->zero_code) <= (long)(p->max_iter - it - 1) * p->step_codes / 2;
}

enum clt_action clt_decide(const struct clt_params *p, struct clt_col *s, int m, int it)
{
    int t = clt_col_target(p, s), e = t - m, k;
    int tau = s->keep && p->offset > 0 ? 0 : p->tau; /* the offset's LSP pass: to the code */

    if (!s->keep && it == 0 && t > p->zero_code && t < p->zero_code + p->offset) {
        s->restarted = true; /* inside the offset: both MSP devices RESET, the LSP takes it all */
        s->dev = CLT_NONE;
        s->active = false;
        s->run = -1;
        return CLT_RESTART;
    }
    if (abs(e) <= tau) {
        s->active = false;
        return CLT_DONE;
    }
    if (p->strategy == CLT_STRAT_TARGET && !s->keep && it == 0 && abs(e) > p->target_codes &&
        clt_restart_fits(p, t, it)) {
        s->restarted = true;
        s->dev = CLT_NONE;
        return CLT_RESTART;
    }
    k = e > 0 ? CLT_PLUS : CLT_MINUS;
    if (s->keep && s->dev != CLT_NONE && k != s->dev) {
        s->active = false; /* the write-back crossed the target: within one LSP step */
        if (abs(e) >= p->tau + p->step_codes)
            s->run = -1; /* tau and the MSP's step or more past: counted not converged */
        return CLT_DONE;
    }
    if (k != s->dev) {
        s->dev = k;
        s->run = 0;
        s->m_start = m;
    } else if (s->run >= p->sat_pulses) {
        if ((k == CLT_PLUS ? m - s->m_start : s->m_start - m) >= p->step_codes) {
            s->run = 0; /* a nominal step's progress: a new window */
            s->m_start = m;
        } else if (s->restarted || p->strategy == CLT_STRAT_RESET || !clt_restart_fits(p, t, it)) {
            s->active = false; /* gives up: counted as not converged */
            s->run = -1;
            return CLT_GIVE_UP;
        } else {
            s->restarted = true;
            s->dev = CLT_NONE;
            return CLT_RESTART;
        }
    }
    s->run++;
    return k == CLT_PLUS ? CLT_SET_PLUS : CLT_SET_MINUS;
}

long clt_read_clocks(const struct clt_params *p)
{
    return p->read_cycles + 1 + adc_conv_clocks(p->adc_share, p->adc.bits); /* PWM, hand-over */
}

/*
 * The iterate loop of section 7 step 4 on the columns marked active: read the
 * whole cell, and apply each column's clt_decide(): SET, RESET of the pair, or stop.
 * Clocks: per iteration the check, the read, the decision, a RESET strobe if a
 * column restarts, a SET strobe if one is SET, the step; and the final check.
 */
static void tune_row(struct arr *a, const struct clt_params *p, int r, struct clt_part *s, bool msp,
                     struct clt_stats *st)
{
    struct clt_col *cs = s->cs;
    int nact = 0; /* the active columns, in column order */

    for (int c = 0; c < a->cols; c++)
        if (cs[c].active)
            s->act[nact++] = c;
    for (int it = 0; it < p->max_iter && nact; it++) {
        bool restarts = false;
        int nev = 0, still = 0; /* the iteration's SET pulses, one device per column: one batch */

        arr_read_row(a, r, ARR_SEL_ALL, p->read_cycles, s->v);
        st->reads++;
        st->iterations++;
        for (int i = 0; i < nact; i++) {
            int c = s->act[i];

            switch (clt_decide(p, &cs[c], adc_convert(&p->adc, s->v[c]), it)) {
            case CLT_RESTART:
                restart(a, (long)r * a->cols + c, arr_pair_plus(a, msp), st);
                restarts = true;
                st->restarts++;
                break;
            case CLT_SET_PLUS:
            case CLT_SET_MINUS:
                s->ev[nev++] =
                    (struct arr_pulses){r, c,
                                        (uint16_t)arr_pulse_slot(a, msp, (long)r * a->cols + c, 0,
                                                                 cs[c].dev == CLT_PLUS),
                                        1};
                break;
            default: break;
            }
            s->act[still] = c;
            still += cs[c].active;
        }
        nact = still;
        arr_set_batch(a, s->ev, nev);
        st->set_pulses += (uint64_t)nev;
        st->restart_iters += restarts;
        st->set_iters += nev > 0;
        st->cycles += 1 + (uint64_t)clt_read_clocks(p) + 1 + restarts + (nev > 0) + 1;
    }
    st->cycles += 1;
}

/* Adds g µS to device k of cell as far as it can go; whether it fell short. */
static bool write_short(struct arr *a, long cell, int k, float g)
{
    float want;

    if (!arr_dev_present(a, k)) { /* 4dev_shared's slot g-: lower the cell's g instead */
        k = ARR_LP;
        g = -g;
    }
    want = a->dev[cell * a->ndev + k].g + g;
    arr_write(a, cell, k, want);
    return a->dev[cell * a->ndev + k].g != want;
}

void clt_ideal_cell(struct arr *a, long cell, float w, bool swap)
{
    float gain = a->ndev == 4 ? a->f * a->inv_gref : a->inv_gref;
    int plus = arr_pair_plus(a, true), lsp = arr_pair_plus(a, false);
    float r;

    arr_reset(a, cell, lsp);
    arr_reset(a, cell, lsp + 1);
    if (swap)
        arr_swap_lsp(a, cell);
    arr_write(a, cell, plus, 0.0f);
    arr_write(a, cell, plus + 1, 0.0f);
    r = (w - a->w[cell]) / gain; /* µS the pair must add: the difference lands on one device */
    if (r != 0.0f && !write_short(a, cell, plus + (r < 0.0f), fabsf(r)))
        return;
    /* 4dev: what the MSP could not hold (its range, a dead or stuck device) goes to the LSP */
    r = (w - a->w[cell]) / a->inv_gref;
    if (a->ndev == 4 && r != 0.0f)
        write_short(a, cell, lsp + ((r < 0.0f) != (a->lsp_neg[cell] != 0)), fabsf(r));
}

/*
 * 4dev: the columns the MSP loop left unconverged (out of its range, saturated,
 * past the budget), and with an offset every column (clt_col_kept), tune on with
 * their LSP pair against the whole target, as the Nature procedure corrects the
 * residual with g (docs/decisions.md): one
 * strobe, then the loop again from iteration 0, no restart, a column stopping
 * within tau or once it has crossed its target.
 */
static void keep_residuals(struct arr *a, const struct clt_params *p, int r, const bool *need,
                           struct clt_part *s, struct clt_stats *st)
{
    struct clt_col *cs = s->cs;
    uint64_t n = 0;

    for (int c = 0; c < a->cols; c++) {
        if ((need && !need[c]) || !clt_col_kept(p, &cs[c]))
            continue;
        cs[c] = (struct clt_col){
            .target = cs[c].target, .active = true, .restarted = true, .keep = true};
        n++;
    }
    if (!n)
        return;
    st->lsp_kept += n;
    st->cycles += 1; /* the write-back strobe */
    tune_row(a, p, r, s, false, st);
}

/*
 * Reads devices first and first + 1 of row r alone (2dev: the pair; 4dev: the
 * LSP's g+ and g-): bit k of s->rst[c] set when device first + k reads at or
 * above clt_refresh_code (a refresh, or a RESET, is needed).
 */
static void check_devices(struct arr *a, const struct clt_params *p, int r, int first,
                          struct clt_part *s, struct clt_stats *st)
{
    int thr = clt_refresh_code(a, p);

    memset(s->rst, 0, (size_t)a->cols);
    for (int k = 0; k < 2; k++) {
        arr_read_row(a, r, ARR_SEL_DEV0 + first + k, p->read_cycles, s->v);
        st->reads++;
        st->cycles += (uint64_t)clt_read_clocks(p);
        for (int c = 0; c < a->cols; c++)
            s->rst[c] |= (uint8_t)(adc_code_at_least(&p->adc, s->v[c], thr) << k);
    }
}

/*
 * Tunes row r to targets: w_target (weight units) given per column, or NULL
 * to read the present total weight. `need` marks the columns to tune (NULL =
 * all). The LSP devices that need it are RESET first in 4dev (its roles
 * swapped under polarity inversion), and the loop reads the whole cell: what
 * the LSP keeps after its RESET (stuck-on devices, RESET spread, a device
 * left below its RESET threshold) is part of what the MSP is tuned against,
 * so the cell ends at the target (DESIGN.md 7a).
 */
static void tune(struct arr *a, const struct clt_params *p, int r, const float *w_target,
                 const bool *need, struct clt_part *s, float *defer, struct clt_stats *st)
{
    struct clt_col *cs = s->cs;
    float *v = s->v;
    bool four = a->ndev == 4, from_reset = p->strategy == CLT_STRAT_RESET || !four;
    int plus = arr_pair_plus(a, true); /* the tuned pair: MSP (4dev), the pair (2dev) */
    float *before = v + a->cols;

    for (int c = 0; c < a->cols; c++) {
        before[c] = w_target ? w_target[c] : a->w[(long)r * a->cols + c];
        cs[c] = (struct clt_col){.dev = CLT_NONE};
    }
    if (p->strategy == CLT_STRAT_IDEAL) {
        for (int c = 0; c < a->cols; c++) {
            if (need && !need[c])
                continue;
            st->weights++;
            st->resets += 2;
            clt_ideal_cell(a, (long)r * a->cols + c, before[c], p->pol_inv);
        }
        st->cycles += 1;
    } else {
        if (four && p->lsp_read)
            check_devices(a, p, r, ARR_LP, s, st);
        else if (four)
            memset(s->rst, 3, (size_t)a->cols); /* clt.lsp_reset = all */
        if (!w_target) {
            arr_read_row(a, r, ARR_SEL_ALL, p->read_cycles, v);
            st->reads++;
            st->cycles += (uint64_t)clt_read_clocks(p);
        }
        for (int c = 0; c < a->cols; c++) {
            long cell = (long)r * a->cols + c;
            struct clt_col *col = &cs[c];

            if (need && !need[c])
                continue;
            st->weights++;
            col->active = true;
            col->target =
                adc_convert(&p->adc, w_target ? w_target[c] * (float)p->read_cycles : v[c]);
            for (int k = 0; four && k < 2; k++) {
                if (s->rst[c] >> k & 1) {
                    arr_reset(a, cell, ARR_LP + k);
                    st->resets++;
                }
            }
            if (four && p->pol_inv)
                arr_swap_lsp(a, cell);
            if (from_reset) {
                arr_reset(a, cell, plus);
                arr_reset(a, cell, plus + 1);
                st->resets += 2;
                col->restarted = true;
            }
        }
        /* the strobes: the LSP's RESET, one per device, and its swap; the tuned pair's RESET */
        st->cycles += (four ? 2u + p->pol_inv : 0u) + (uint64_t)from_reset;
        tune_row(a, p, r, s, true, st);
        if (four)
            keep_residuals(a, p, r, need, s, st);
    }
    for (int c = 0; c < a->cols; c++) {
        if (need && !need[c])
            continue;
        if (defer)
            defer[(long)r * a->cols + c] = before[c];
        else
            clt_book_error(p, before[c], a->w[(long)r * a->cols + c], st);
        st->not_converged += clt_col_unconverged(&cs[c]);
    }
}

void clt_book_error(const struct clt_params *p, float before, float after, struct clt_stats *st)
{
    double err = fabs((double)before - after);

    st->sum_abs_err += err;
    st->sum_sq_err += err * err;
    if (p->hist) {
        struct clt_err_hist *h = p->hist;
        int b = (int)floor(((double)before + h->w_max) / (2 * h->w_max) * CLT_ERR_BINS);
        b = b < 0 ? 0 : b >= CLT_ERR_BINS ? CLT_ERR_BINS - 1 : b;
        h->n[b]++;
        h->sum[b] += (double)after - before;
        h->sum_abs[b] += err;
        h->sum_sq[b] += err * err;
    }
    /* the exact write missed: a device that cannot hold its part (half a code of the read) */
    if (p->strategy == CLT_STRAT_IDEAL && err > 0.5 * p->adc.delta / p->read_cycles)
        st->not_converged++;
}

int clt_refresh_code(const struct arr *a, const struct clt_params *p)
{
    int zero, half;

    if (a->ndev != 4)
        return adc_convert(&p->adc, (float)(p->refresh_frac * a->cls[0]->g_max * a->inv_gref) *
                                        (float)p->read_cycles);
    /* 4dev: half an LSP step above weight 0, and at least one code, so a device at 0 µS passes */
    zero = adc_convert(&p->adc, 0.0f);
    half =
        adc_convert(&p->adc, 0.5f * a->cls[ARR_LP]->dg_max * a->inv_gref * (float)p->read_cycles);
    return half > zero ? half : zero + 1;
}

/* 2dev: which pairs of row r hold a device above refresh_frac of the nominal Gmax. */
static int refresh_needed(struct arr *a, const struct clt_params *p, int r, struct clt_part *s,
                          struct clt_stats *st)
{
    int n = 0;

    check_devices(a, p, r, 0, s, st);
    for (int c = 0; c < a->cols; c++) {
        s->need[c] = s->rst[c] != 0;
        n += s->need[c];
    }
    st->checked += (uint64_t)a->cols;
    return n;
}

/* Row r of a transfer (w NULL) or of the programming of w. */
static void one_row(struct arr *a, const struct clt_params *p, const float *w, int r,
                    struct clt_part *s, float *defer, struct clt_stats *st)
{
    if (w) {
        tune(a, p, r, w + (long)r * a->cols, NULL, s, defer, st);
        return;
    }
    st->cycles += 2; /* the row's begin and end */
    if (a->ndev == 4) {
        st->checked += (uint64_t)a->cols;
        tune(a, p, r, NULL, NULL, s, defer, st);
    } else if (refresh_needed(a, p, r, s, st)) {
        tune(a, p, r, NULL, s->need, s, defer, st);
    }
}

struct rows_job {
    const struct clt_params *p;
    const float *w;
};

/*
 * Rows a part takes at a time: a block whose weights, row sums and deferred
 * errors no other part writes a line of. Taken one at a time, neighbouring
 * rows' row sums shared a line: a transfer's two threads together worked 37 %
 * longer than one thread alone.
 */
enum { CLT_CHUNK = ARR_LINE_ROWS };

static void rows_part(void *arg, int part, int parts)
{
    const struct rows_job *j = arg;
    struct clt_work *W = j->p->work;
    struct clt_part *s = &W->part[part];

    (void)parts;
    for (int r0; (r0 = atomic_fetch_add_explicit(&W->next, CLT_CHUNK, memory_order_relaxed)) <
                 s->view.rows;)
        for (int r = r0; r < r0 + CLT_CHUNK && r < s->view.rows; r++)
            one_row(&s->view, j->p, j->w, r, s, W->defer, &s->st);
}

/*
 * Splitting rows among threads gives the same bits, whichever thread takes
 * which row (they take the next CLT_CHUNK as they come, so that rows whose loops
 * run long do not leave the others idle): a row's cells, devices
 * and row sum are its own; each thread books column sums, tallies, read
 * energy (integers) and statistics into its part, added after; the errors,
 * the only sums in floating point, are booked after, in row order, as one
 * thread books them. Read noise is keyed by the array's running read count,
 * which only one thread can keep: with read noise, the rows go in order. So
 * does a traced array (one trace buffer).
 */
static int split_parts(const struct arr *a, const struct clt_params *p, struct xt_pool *pool)
{
    int parts = xt_pool_parts(pool);

    if (parts > p->work->parts || a->trace || a->rows < 2 * parts)
        return 1;
    for (int k = 0; k < a->ndev; k++)
        if (a->cls[k]->par->read_sigma > 0.0)
            return 1;
    return parts;
}

/* Every row, for a transfer (w NULL) or the programming of w. */
static void all_rows(struct arr *a, const struct clt_params *p, const float *w,
                     struct clt_stats *st, struct xt_pool *pool)
{
    struct clt_work *W = p->work;
    int parts = split_parts(a, p, pool);
    struct rows_job job = {p, w};

    if (parts == 1) {
        for (int r = 0; r < a->rows; r++)
            one_row(a, p, w, r, &W->part[0], NULL, st);
        return;
    }
    memset(W->defer, 0xff, (size_t)a->rows * (size_t)a->cols * sizeof *W->defer); /* NaN */
    for (int k = 0; k < parts; k++) {
        arr_view_init(&W->part[k].view, a, W->part[k].col_g);
        W->part[k].st = (struct clt_stats){0};
    }
    atomic_store_explicit(&W->next, 0, memory_order_relaxed);
    xt_pool_run(pool, rows_part, &job);
    for (int k = 0; k < parts; k++) {
        arr_view_merge(a, &W->part[k].view);
        clt_stats_add(st, &W->part[k].st);
    }
    for (long cell = 0; cell < (long)a->rows * a->cols; cell++)
        if (W->defer[cell] == W->defer[cell]) /* not NaN: a weight was tuned */
            clt_book_error(p, W->defer[cell], a->w[cell], st);
}

void clt_program(struct arr *a, const struct clt_params *p, const float *w, struct clt_stats *st,
                 struct xt_pool *pool)
{
    all_rows(a, p, w, st, pool);
}

void clt_transfer(struct arr *a, const struct clt_params *p, struct clt_stats *st,
                  struct xt_pool *pool)
{
    st->cycles += 2; /* the start and done cycles */
    all_rows(a, p, NULL, st, pool);
}
