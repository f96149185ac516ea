/* tile_wxfer_ctl.c - cycle model of rtl/tile_wxfer_ctl.v: closed-loop weight transfer, row by row
 */
#include "xtile/tile_wxfer_ctl.h"

#include "xtile/err.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

int tile_wxfer_ctl_init(struct tile_wxfer_ctl_q *q, const struct tile_wxfer_ctl_p *p)
{
    size_t n = (size_t)p->cols;

    memset(q, 0, sizeof *q);
    q->col_q = calloc(n, sizeof *q->col_q);
    q->dev0_q = calloc(n, sizeof *q->dev0_q);
    q->rst_q = calloc(n, 1);
    q->need_q = calloc(n, 1);
    q->restart_q = calloc(n, 1);
    q->set_q = calloc(n, 1);
    q->plus_q = calloc(n, 1);
    if (!q->col_q || !q->dev0_q || !q->rst_q || !q->need_q || !q->restart_q || !q->set_q ||
        !q->plus_q) {
        tile_wxfer_ctl_free(q);
        return xt_fail(XT_ENOMEM, "cannot allocate the transfer controller");
    }
    return 0;
}

void tile_wxfer_ctl_free(struct tile_wxfer_ctl_q *q)
{
    free(q->col_q);
    free(q->dev0_q);
    free(q->rst_q);
    free(q->need_q);
    free(q->restart_q);
    free(q->set_q);
    free(q->plus_q);
    memset(q, 0, sizeof *q);
}

/* The scalar registers; the per-column ones only when `arrays` (see tile_wxfer_ctl_clock). */
static void copy(const struct tile_wxfer_ctl_p *p, struct tile_wxfer_ctl_q *dst,
                 const struct tile_wxfer_ctl_q *src, bool arrays)
{
    size_t n = (size_t)p->cols;

    dst->state_q = src->state_q;
    dst->rd_q = src->rd_q;
    dst->row_q = src->row_q;
    dst->iter_q = src->iter_q;
    dst->cnt_q = src->cnt_q;
    dst->st_q = src->st_q;
    dst->dirty = false;
    if (!arrays)
        return;
    memcpy(dst->col_q, src->col_q, n * sizeof *dst->col_q);
    memcpy(dst->dev0_q, src->dev0_q, n * sizeof *dst->dev0_q);
    memcpy(dst->rst_q, src->rst_q, n);
    memcpy(dst->need_q, src->need_q, n);
    memcpy(dst->restart_q, src->restart_q, n);
    memcpy(dst->set_q, src->set_q, n);
    memcpy(dst->plus_q, src->plus_q, n);
}

void tile_wxfer_ctl_copy(const struct tile_wxfer_ctl_p *p, struct tile_wxfer_ctl_q *dst,
                         const struct tile_wxfer_ctl_q *src)
{
    copy(p, dst, src, true);
}

void tile_wxfer_ctl_reset(struct tile_wxfer_ctl_q *q, const struct tile_wxfer_ctl_p *p)
{
    size_t n = (size_t)p->cols;

    q->dirty = false;
    q->state_q = WX_IDLE;
    q->rd_q = WX_RD_T;
    q->row_q = q->iter_q = q->cnt_q = 0;
    q->st_q = (struct clt_stats){0};
    memset(q->col_q, 0, n * sizeof *q->col_q);
    memset(q->dev0_q, 0, n * sizeof *q->dev0_q);
    memset(q->rst_q, 0, n);
    memset(q->need_q, 0, n);
    memset(q->restart_q, 0, n);
    memset(q->set_q, 0, n);
    memset(q->plus_q, 0, n);
}

/*
 * The clock edge q <- d. After it the per-column registers of d equal q's, so
 * comb's "hold" default for them costs nothing: only a cycle that wrote them
 * (d->dirty) copies them over. Same registers, same values, O(1) on the
 * cycles that only count.
 */
void tile_wxfer_ctl_clock(const struct tile_wxfer_ctl_p *p, struct tile_wxfer_ctl_q *q,
                          struct tile_wxfer_ctl_q *d)
{
    copy(p, q, d, d->dirty);
}

/* Where counter n (WX_ST_*) lives in struct clt_stats: the one map of the bus's order. */
static const size_t stat_off[WX_STS] = {
    [WX_ST_WEIGHTS] = offsetof(struct clt_stats, weights),
    [WX_ST_CHECKED] = offsetof(struct clt_stats, checked),
    [WX_ST_NOT_CONVERGED] = offsetof(struct clt_stats, not_converged),
    [WX_ST_ITERATIONS] = offsetof(struct clt_stats, iterations),
    [WX_ST_READS] = offsetof(struct clt_stats, reads),
    [WX_ST_SET_PULSES] = offsetof(struct clt_stats, set_pulses),
    [WX_ST_RESETS] = offsetof(struct clt_stats, resets),
    [WX_ST_RESTART_ITERS] = offsetof(struct clt_stats, restart_iters),
    [WX_ST_SET_ITERS] = offsetof(struct clt_stats, set_iters),
    [WX_ST_RESTARTS] = offsetof(struct clt_stats, restarts),
    [WX_ST_LSP_KEPT] = offsetof(struct clt_stats, lsp_kept),
};

uint64_t *tile_wxfer_ctl_stat_at(struct clt_stats *s, int n)
{
    return (uint64_t *)((char *)s + stat_off[n]);
}

uint64_t tile_wxfer_ctl_stat(const struct clt_stats *s, int n)
{
    return n >= 0 && n < WX_STS ? *(const uint64_t *)((const char *)s + stat_off[n]) : 0;
}

int tile_count_set(const uint8_t *m, int n)
{
    int k = 0;

    for (int c = 0; c < n; c++)
        k += m[c] != 0;
    return k;
}

/* Starts a weight read `rd` of the present row. */
static void read(struct tile_wxfer_ctl_q *d, int rd)
{
    d->rd_q = (uint8_t)rd;
    d->cnt_q = 0;
    d->state_q = WX_PWM;
}

/* Column c was tuned in this row and is not converged: still active, or gave up. */
static bool unconverged(const struct tile_wxfer_ctl_q *q, int c)
{
    return q->need_q[c] && clt_col_unconverged(&q->col_q[c]);
}

/* Column c was tuned in this row and its LSP takes a write-back pass (clt_col_kept). */
static bool kept_col(const struct tile_wxfer_ctl_p *p, const struct tile_wxfer_ctl_q *q, int c)
{
    return q->need_q[c] && clt_col_kept(p->clt, &q->col_q[c]);
}

/* What a read selects: the whole cell, or one device alone (2dev: the pair's; 4dev: the LSP's). */
static int rd_sel(const struct tile_wxfer_ctl_p *p, int rd)
{
    return rd == WX_RD_T || rd == WX_RD_M
               ? ARR_SEL_ALL
               : ARR_SEL_DEV0 + (p->two_dev ? 0 : ARR_LP) + rd - WX_RD_D0;
}

/* The codes of a finished read: what the controller does with them. */
static void consume(const struct tile_wxfer_ctl_p *p, const struct tile_wxfer_ctl_q *q,
                    const uint16_t *code, struct tile_wxfer_ctl_q *d)
{
    const struct clt_params *k = p->clt;
    int n;

    d->st_q.reads++;
    d->dirty = true;
    switch (q->rd_q) {
    case WX_RD_T:
        for (int c = 0; c < p->cols; c++)
            if (q->need_q[c])
                d->col_q[c] = (struct clt_col){.target = code[c], .active = true};
        d->st_q.weights += (uint64_t)tile_count_set(q->need_q, p->cols);
        d->state_q = p->two_dev ? WX_RESET_M : WX_RESET_L;
        d->cnt_q = 0;
        break;
    case WX_RD_D0:
        memcpy(d->dev0_q, code, (size_t)p->cols * sizeof *code);
        for (int c = 0; c < p->cols; c++)
            d->rst_q[c] = (uint8_t)((q->rst_q[c] & 2) | (code[c] >= p->refresh_thr));
        read(d, WX_RD_D1);
        break;
    case WX_RD_D1:
        if (!p->two_dev) { /* 4dev: which LSP devices need their RESET */
            for (int c = 0; c < p->cols; c++)
                d->rst_q[c] = (uint8_t)((q->rst_q[c] & 1) | (code[c] >= p->refresh_thr) << 1);
            read(d, WX_RD_T);
            break;
        }
        d->st_q.checked += (uint64_t)p->cols;
        for (int c = 0; c < p->cols; c++)
            d->need_q[c] = q->dev0_q[c] >= p->refresh_thr || code[c] >= p->refresh_thr;
        n = tile_count_set(d->need_q, p->cols);
        if (n == 0)
            d->state_q = WX_ROW_END;
        else if (k->strategy == CLT_STRAT_IDEAL)
            d->state_q = WX_IDEAL;
        else
            read(d, WX_RD_T);
        break;
    default: /* WX_RD_M */
        d->st_q.iterations++;
        d->state_q = WX_DECIDE;
        break;
    }
}

/*
 * The always @* block of rtl/tile_wxfer_ctl.v, state by state: one function, as long as the
 * block it mirrors, so that the two read side by side (STYLE.md, the C twin).
 */
void tile_wxfer_ctl_comb(const struct tile_wxfer_ctl_p *p, const struct tile_wxfer_ctl_q *q,
                         const struct tile_wxfer_ctl_in *in, struct tile_wxfer_ctl_q *d,
                         struct tile_wxfer_ctl_out *out)
{
    const struct clt_params *k = p->clt;
    bool any, kept, back;
    int n;

    copy(p, d, q, false); /* per-column registers: d already holds q's (clock) */
    out->op_o = WX_OP_NOP;
    /* a read holds its device select until the array has sampled it */
    out->sel_o = q->state_q == WX_PWM || q->state_q == WX_PWM_DONE || q->state_q == WX_ADC
                     ? rd_sel(p, q->rd_q)
                     : ARR_SEL_MSP;
    out->row_o = q->row_q;
    out->integ_rst_o = out->adc_start_o = out->row_begin_o = out->row_end_o = false;
    out->swap_o = k->pol_inv && q->state_q == WX_IDEAL;
    out->busy_o = q->state_q != WX_IDLE;
    out->done_o = false;
    tile_lines_clear(out->col_en_o, (size_t)p->cols, out->col_en_s);
    tile_lines_clear(out->col_neg_o, (size_t)p->cols, out->col_neg_s);

    switch (q->state_q) {
    case WX_IDLE:
        if (in->start_i) {
            d->row_q = 0;
            d->iter_q = 0;
            d->state_q = WX_ROW;
        }
        break;
    case WX_ROW:
        out->row_begin_o = true;
        d->dirty = true;
        d->iter_q = 0;
        memset(d->need_q, p->two_dev ? 0 : 1, (size_t)p->cols);
        memset(d->rst_q, 3, (size_t)p->cols);
        memset(d->col_q, 0, (size_t)p->cols * sizeof *d->col_q);
        if (p->two_dev) {
            read(d, WX_RD_D0);
        } else {
            d->st_q.checked += (uint64_t)p->cols;
            if (k->strategy == CLT_STRAT_IDEAL)
                d->state_q = WX_IDEAL;
            else
                read(d, k->lsp_read ? WX_RD_D0 : WX_RD_T);
        }
        break;
    case WX_PWM:
        out->op_o = WX_OP_READ;
        out->integ_rst_o = q->cnt_q == 0;
        if (q->cnt_q + 1 == p->x_max)
            d->state_q = WX_PWM_DONE;
        else
            d->cnt_q = (uint16_t)(q->cnt_q + 1);
        break;
    case WX_PWM_DONE:
        out->adc_start_o = true;
        d->state_q = WX_ADC;
        break;
    case WX_ADC:
        if (in->adc_done_i)
            consume(p, q, in->code_i, d);
        break;
    case WX_RESET_L: /* the LSP's content is in the targets now: g+, g-, then the swap */
        if (q->cnt_q < 2) {
            out->op_o = WX_OP_RESET;
            out->sel_o = ARR_SEL_DEV0 + ARR_LP + q->cnt_q;
            for (int c = 0; c < p->cols; c++)
                out->col_en_o[c] = q->need_q[c] && (q->rst_q[c] >> q->cnt_q & 1);
            tile_lines_any(out->col_en_s);
            d->st_q.resets += (uint64_t)tile_count_set(out->col_en_o, p->cols);
        } else {
            out->op_o = WX_OP_SWAP;
            memcpy(out->col_en_o, q->need_q, (size_t)p->cols);
            tile_lines_any(out->col_en_s);
        }
        d->cnt_q = (uint16_t)(q->cnt_q + 1);
        if (q->cnt_q == (k->pol_inv ? 2 : 1))
            d->state_q = k->strategy == CLT_STRAT_RESET ? WX_RESET_M : WX_ITER;
        break;
    case WX_RESET_M: /* the tuned pair starts from RESET */
        out->op_o = WX_OP_RESET;
        memcpy(out->col_en_o, q->need_q, (size_t)p->cols);
        tile_lines_any(out->col_en_s);
        d->st_q.resets += 2 * (uint64_t)tile_count_set(q->need_q, p->cols);
        for (int c = 0; c < p->cols; c++)
            if (q->need_q[c])
                d->col_q[c].restarted = true;
        d->dirty = true;
        d->state_q = WX_ITER;
        break;
    case WX_ITER:
        any = kept = back = false;
        for (int c = 0; c < p->cols; c++) {
            any |= q->col_q[c].active;
            kept |= q->col_q[c].keep;
            back |= kept_col(p, q, c);
        }
        if (any && q->iter_q < k->max_iter)
            read(d, WX_RD_M);
        else if (!p->two_dev && !kept && back)
            d->state_q = WX_KEEP;
        else
            d->state_q = WX_ROW_END;
        break;
    case WX_KEEP: /* the residual of the columns the MSP could not take (or the offset): LSP */
        n = 0;
        for (int c = 0; c < p->cols; c++) {
            if (!kept_col(p, q, c))
                continue;
            d->col_q[c] = (struct clt_col){
                .target = q->col_q[c].target, .active = true, .restarted = true, .keep = true};
            n++;
        }
        d->dirty = true;
        d->st_q.lsp_kept += (uint64_t)n;
        d->iter_q = 0;
        d->state_q = WX_ITER;
        break;
    case WX_DECIDE: {
        int restarts = 0, sets = 0;
        d->dirty = true;
        for (int c = 0; c < p->cols; c++) {
            d->restart_q[c] = d->set_q[c] = 0;
            if (!q->col_q[c].active)
                continue;
            switch (clt_decide(k, &d->col_q[c], in->code_i[c], q->iter_q)) {
            case CLT_RESTART:
                d->restart_q[c] = 1;
                restarts++;
                break;
            case CLT_SET_PLUS:
            case CLT_SET_MINUS:
                d->set_q[c] = 1;
                d->plus_q[c] = d->col_q[c].dev == CLT_PLUS;
                sets++;
                break;
            default: break;
            }
        }
        d->st_q.set_pulses += (uint64_t)sets;
        d->st_q.restart_iters += restarts > 0;
        d->st_q.set_iters += sets > 0;
        d->state_q = restarts ? WX_RESTART : sets ? WX_SET : WX_NEXT;
        break;
    }
    case WX_RESTART:
        out->op_o = WX_OP_RESET;
        memcpy(out->col_en_o, q->restart_q, (size_t)p->cols);
        tile_lines_any(out->col_en_s);
        d->st_q.resets += 2 * (uint64_t)tile_count_set(q->restart_q, p->cols);
        d->st_q.restarts += (uint64_t)tile_count_set(q->restart_q, p->cols);
        d->state_q = tile_count_set(q->set_q, p->cols) ? WX_SET : WX_NEXT;
        break;
    case WX_SET: /* polarity: the row drives +, a column's - selects the + device */
        out->op_o = WX_OP_SET;
        for (int c = 0; c < p->cols; c++)
            if (q->col_q[c].keep)
                out->sel_o = ARR_SEL_ALL; /* the write-back's SETs go to the LSP pair */
        memcpy(out->col_en_o, q->set_q, (size_t)p->cols);
        tile_lines_any(out->col_en_s);
        memcpy(out->col_neg_o, q->plus_q, (size_t)p->cols);
        tile_lines_any(out->col_neg_s);
        d->state_q = WX_NEXT;
        break;
    case WX_NEXT:
        d->iter_q = (uint16_t)(q->iter_q + 1);
        d->state_q = WX_ITER;
        break;
    case WX_IDEAL:
        out->op_o = WX_OP_IDEAL;
        memcpy(out->col_en_o, q->need_q, (size_t)p->cols);
        tile_lines_any(out->col_en_s);
        d->st_q.weights += (uint64_t)tile_count_set(q->need_q, p->cols);
        d->st_q.resets += 2 * (uint64_t)tile_count_set(q->need_q, p->cols);
        d->state_q = WX_ROW_END;
        break;
    case WX_ROW_END:
        out->row_end_o = true;
        for (int c = 0; c < p->cols; c++)
            d->st_q.not_converged += unconverged(q, c);
        if (q->row_q + 1 < p->rows) {
            d->row_q = (uint16_t)(q->row_q + 1);
            d->state_q = WX_ROW;
        } else {
            d->state_q = WX_DONE;
        }
        break;
    case WX_DONE:
        out->done_o = true;
        d->state_q = WX_IDLE;
        break;
    default: d->state_q = WX_IDLE; break;
    }
}

long tile_wxfer_ctl_pwm(const struct tile_wxfer_ctl_p *p, struct tile_wxfer_ctl_q *q,
                        struct tile_wxfer_ctl_q *d)
{
    long n = (long)p->x_max - q->cnt_q;

    if (q->state_q != WX_PWM || q->cnt_q < 2 || n <= 0)
        return 0;
    q->cnt_q = d->cnt_q = (uint16_t)(p->x_max - 1);
    q->state_q = d->state_q = WX_PWM_DONE;
    return n;
}
