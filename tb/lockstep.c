/* lockstep.c - the RTL and its C twin clock by clock: comparison, mismatch log, lockstep DUT */
#include "lockstep.h"

#include "xtile/err.h"
#include "xtile/port.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void ls_log_init(struct ls_log *g)
{
    *g = (struct ls_log){.limit = 20, .out = stderr};
}

void ls_mismatch(struct ls_log *g, const char *block, const char *signal, long idx, uint64_t rtl,
                 uint64_t c)
{
    if (g->mismatches++ >= (uint64_t)g->limit)
        return;
    if (idx >= 0)
        fprintf(g->out, "MISMATCH cycle %llu %s %s[%ld]: rtl 0x%llx c 0x%llx\n",
                (unsigned long long)g->cycle, block, signal, idx, (unsigned long long)rtl,
                (unsigned long long)c);
    else
        fprintf(g->out, "MISMATCH cycle %llu %s %s: rtl 0x%llx c 0x%llx\n",
                (unsigned long long)g->cycle, block, signal, (unsigned long long)rtl,
                (unsigned long long)c);
}

/* The log is g in every compare below; arrays are scanned only when they differ. */
#define EQ(blk, name, r, c) LS_EQ(g, blk, name, r, c)
#define EQV(blk, name, n, r, c)                                                                    \
    do {                                                                                           \
        if (memcmp((r), (c), (size_t)(n) * sizeof *(c)))                                           \
            LS_EQV(g, blk, name, n, r, c);                                                         \
    } while (0)

void ls_cmp_seq(struct ls_log *g, const char *b, const struct tile_pulse_seq_p *p,
                const struct tile_pulse_seq_q *r, const struct tile_pulse_seq_q *c)
{
    EQ(b, "state_q", r->state_q, c->state_q);
    EQ(b, "mode_q", r->mode_q, c->mode_q);
    EQ(b, "scheme_q", r->scheme_q, c->scheme_q);
    EQ(b, "bl_q", r->bl_q, c->bl_q);
    EQ(b, "cnt_q", r->cnt_q, c->cnt_q);
    EQ(b, "width_q", r->width_q, c->width_q);
    EQV(b, "lfsr_q", p->rows + p->cols, r->lfsr_q, c->lfsr_q);
    EQV(b, "acc_q", p->cols, r->acc_q, c->acc_q);
    EQV(b, "fire_q", p->rows + p->cols, r->fire_q, c->fire_q);
}

void ls_cmp_adc(struct ls_log *g, const char *b, const struct tile_adc_rd_p *p,
                const struct tile_adc_rd_q *r, const struct tile_adc_rd_q *c)
{
    EQ(b, "state_q", r->state_q, c->state_q);
    EQ(b, "k_q", r->k_q, c->k_q);
    EQ(b, "pass_q", r->pass_q, c->pass_q);
    EQ(b, "kmax_q", r->kmax_q, c->kmax_q);
    EQV(b, "code_q", p->lines, r->code_q, c->code_q);
    EQV(b, "latched_q", p->lines, r->latched_q, c->latched_q);
}

void ls_cmp_wx(struct ls_log *g, const char *b, const struct tile_wxfer_ctl_p *p,
               const struct tile_wxfer_ctl_q *r, const struct tile_wxfer_ctl_q *c)
{
    EQ(b, "state_q", r->state_q, c->state_q);
    EQ(b, "rd_q", r->rd_q, c->rd_q);
    EQ(b, "row_q", r->row_q, c->row_q);
    EQ(b, "iter_q", r->iter_q, c->iter_q);
    EQ(b, "cnt_q", r->cnt_q, c->cnt_q);
    for (int k = 0; k < p->cols; k++) {
        const struct clt_col *x = &r->col_q[k], *y = &c->col_q[k];
        if (x->target != y->target)
            ls_mismatch(g, b, "target_q", k, (uint64_t)x->target, (uint64_t)y->target);
        if (x->dev != y->dev)
            ls_mismatch(g, b, "dev_q", k, (uint64_t)x->dev, (uint64_t)y->dev);
        if (x->run != y->run)
            ls_mismatch(g, b, "run_q", k, (uint64_t)x->run, (uint64_t)y->run);
        if (x->m_start != y->m_start)
            ls_mismatch(g, b, "m_start_q", k, (uint64_t)x->m_start, (uint64_t)y->m_start);
        if (x->active != y->active)
            ls_mismatch(g, b, "active_q", k, x->active, y->active);
        if (x->restarted != y->restarted)
            ls_mismatch(g, b, "restarted_q", k, x->restarted, y->restarted);
        if (x->keep != y->keep)
            ls_mismatch(g, b, "keep_q", k, x->keep, y->keep);
    }
    EQV(b, "dev0_q", p->cols, r->dev0_q, c->dev0_q);
    EQV(b, "rst_q", p->cols, r->rst_q, c->rst_q);
    EQV(b, "need_q", p->cols, r->need_q, c->need_q);
    EQV(b, "restart_q", p->cols, r->restart_q, c->restart_q);
    EQV(b, "set_q", p->cols, r->set_q, c->set_q);
    EQV(b, "plus_q", p->cols, r->plus_q, c->plus_q);
    for (int n = 0; n < WX_STS; n++)
        if (tile_wxfer_ctl_stat(&r->st_q, n) != tile_wxfer_ctl_stat(&c->st_q, n))
            ls_mismatch(g, b, "st_q", n, tile_wxfer_ctl_stat(&r->st_q, n),
                        tile_wxfer_ctl_stat(&c->st_q, n));
}

void ls_cmp_top(struct ls_log *g, const struct tile_top_p *p, const struct tile_top_q *r,
                const struct tile_top_q *c)
{
    EQ("tile_top", "state_q", r->state_q, c->state_q);
    EQ("tile_top", "olt_q", r->olt_q, c->olt_q);
    EQ("tile_top", "started_q", r->started_q, c->started_q);
    EQV("tile_top", "cnt_q", TOP_CNTS, r->cnt_q, c->cnt_q);
    ls_cmp_seq(g, "tile_top.u_seq", &p->seq, &r->seq, &c->seq);
    ls_cmp_adc(g, "tile_top.u_col_adc", &p->col_adc, &r->col_adc, &c->col_adc);
    ls_cmp_adc(g, "tile_top.u_row_adc", &p->row_adc, &r->row_adc, &c->row_adc);
    ls_cmp_wx(g, "tile_top.u_wx", &p->wx, &r->wx, &c->wx);
}

void ls_cmp_top_out(struct ls_log *g, const struct tile_top_p *p, const struct tile_top_out *r,
                    const struct tile_top_out *c)
{
    const char *b = "tile_top";

    EQ(b, "reg_rdata_o", r->reg_rdata_o, c->reg_rdata_o);
    EQ(b, "op_o", r->op_o, c->op_o);
    EQ(b, "mode_o", r->mode_o, c->mode_o);
    EQ(b, "sel_o", r->sel_o, c->sel_o);
    EQ(b, "integ_rst_o", r->integ_rst_o, c->integ_rst_o);
    EQ(b, "sample_o", r->sample_o, c->sample_o);
    EQ(b, "conv_o", r->conv_o, c->conv_o);
    EQ(b, "ramp_o", r->ramp_o, c->ramp_o);
    EQV(b, "row_en_o", p->rows, r->row_en_o, c->row_en_o);
    EQV(b, "row_neg_o", p->rows, r->row_neg_o, c->row_neg_o);
    EQV(b, "col_en_o", p->cols, r->col_en_o, c->col_en_o);
    EQV(b, "col_neg_o", p->cols, r->col_neg_o, c->col_neg_o);
    EQ(b, "swap_o", r->swap_o, c->swap_o);
    EQV(b, "col_code_o", p->cols, r->col_code_o, c->col_code_o);
    EQV(b, "row_code_o", p->rows, r->row_code_o, c->row_code_o);
    EQV(b, "need_o", p->cols, r->need_o, c->need_o);
    EQ(b, "busy_o", r->busy_o, c->busy_o);
    EQ(b, "done_o", r->done_o, c->done_o);
    EQ(b, "row_begin_o", r->row_begin_o, c->row_begin_o);
    EQ(b, "row_end_o", r->row_end_o, c->row_end_o);
    EQ(b, "row_o", r->row_o, c->row_o);
}

/* ---- FSM transitions of the RTL ---- */

struct tile_cov ls_rtl_fsm;

int ls_fsm_write(const char *dir, const char *name)
{
    static const struct {
        const char *block;
        size_t off;
        int n;
    } tab[] = {{"tile_top", offsetof(struct tile_cov, top), 8},
               {"tile_pulse_seq", offsetof(struct tile_cov, seq), 8},
               {"tile_adc_rd", offsetof(struct tile_cov, adc), 8},
               {"tile_wxfer_ctl", offsetof(struct tile_cov, wx), 32}};
    char path[4096];
    FILE *f;

    snprintf(path, sizeof path, "%s/fsm-%s.txt", dir, name);
    if (!(f = fopen(path, "a")))
        return -1;
    for (size_t b = 0; b < sizeof tab / sizeof *tab; b++) {
        const uint32_t *w = (const uint32_t *)((const char *)&ls_rtl_fsm + tab[b].off);
        for (int from = 0; from < tab[b].n; from++)
            for (int to = 0; to < 32; to++)
                if (w[from] >> to & 1)
                    fprintf(f, "%s %d %d\n", tab[b].block, from, to);
    }
    return fclose(f) ? -1 : 0;
}

/* ---- the lockstep DUT ---- */

struct ls {
    const struct tile_top_p *p;
    struct ls_ctx ctx;
    void *c, *r; /* the twin, the RTL */
    struct port port;
    struct tile_top_out ro; /* the RTL's outputs */
    struct tile_top_q rq;   /* the RTL's registers */
    uint8_t *rcmp, *ccmp;
};

static void ls_close(void *h)
{
    struct ls *s = h;

    if (!s)
        return;
    if (s->c)
        tile_dut_c.close(s->c);
    if (s->r)
        s->ctx.rtl->close(s->r);
    port_free(&s->port);
    tile_top_free(&s->rq);
    free(s->ro.row_en_o);
    free(s->ro.row_neg_o);
    free(s->ro.col_en_o);
    free(s->ro.col_neg_o);
    free(s->rcmp);
    free(s->ccmp);
    free(s);
}

static void *ls_open(const struct tile_top_p *p, void *ctx)
{
    struct ls *s = calloc(1, sizeof *s);
    struct xt_tile *b = ((struct ls_ctx *)ctx)->b;
    size_t n = (size_t)p->rows + (size_t)p->cols;

    if (!s) {
        xt_fail(XT_ENOMEM, "cannot allocate the lockstep DUT");
        return NULL;
    }
    s->p = p;
    s->ctx = *(struct ls_ctx *)ctx;
    s->ro.row_en_o = calloc(n, 1);
    s->ro.row_neg_o = calloc(n, 1);
    s->ro.col_en_o = calloc(n, 1);
    s->ro.col_neg_o = calloc(n, 1);
    s->rcmp = calloc(n, 1);
    s->ccmp = calloc(n, 1);
    if (!s->ro.row_en_o || !s->ro.row_neg_o || !s->ro.col_en_o || !s->ro.col_neg_o || !s->rcmp ||
        !s->ccmp || tile_top_init(&s->rq, p) ||
        port_init(&s->port, &b->arr, &b->adc_fwd, &b->adc_bwd, &b->clt.adc) ||
        !(s->c = tile_dut_c.open(p, NULL)) || !(s->r = s->ctx.rtl->open(p, NULL)) ||
        (s->ctx.wave && s->ctx.rtl->trace(s->r, s->ctx.wave))) {
        ls_close(s);
        return NULL;
    }
    return s;
}

static void ls_out(void *h, const struct tile_top_in *in, struct tile_top_out *out)
{
    struct ls *s = h;

    tile_dut_c.out(s->c, in, out);
    s->ctx.rtl->out(s->r, in, &s->ro);
    ls_cmp_top_out(s->ctx.log, s->p, &s->ro, out);
}

static void ls_cmp(void *h, const struct tile_top_in *in)
{
    struct ls *s = h;
    struct tile_top_in ri = *in;
    struct port_in pi = tile_dut_port_in(&s->ro);

    tile_dut_c.cmp(s->c, in);
    port_clock(&s->port, &pi, s->ro.mode_o == PORT_BWD ? s->rcmp : s->ccmp);
    ri.col_cmp_i = s->ccmp;
    ri.row_cmp_i = s->rcmp;
    s->ctx.rtl->cmp(s->r, &ri);
}

static void ls_clock(void *h)
{
    struct ls *s = h;
    struct tile_top_q *q = &s->rq; /* the RTL's registers of the clock before, then of this one */
    int top = q->state_q, seq = q->seq.state_q, cadc = q->col_adc.state_q;
    int radc = q->row_adc.state_q, wx = q->wx.state_q;

    tile_dut_c.clock(s->c);
    s->ctx.rtl->clock(s->r);
    s->ctx.log->cycle++;
    if (s->ctx.rtl->regs(s->r, q) == 0) {
        ls_cmp_top(s->ctx.log, s->p, q, tile_dut_c_regs(s->c));
        ls_fsm_mark(ls_rtl_fsm.top, top, q->state_q);
        ls_fsm_mark(ls_rtl_fsm.seq, seq, q->seq.state_q);
        ls_fsm_mark(ls_rtl_fsm.adc, cadc, q->col_adc.state_q);
        ls_fsm_mark(ls_rtl_fsm.adc, radc, q->row_adc.state_q);
        ls_fsm_mark(ls_rtl_fsm.wx, wx, q->wx.state_q);
    } else { /* a gate-level netlist: outputs and arrays only */
        s->ctx.log->no_regs = true;
    }
}

/* Both reset at the same instant, then every register compared; the RTL's mirrored states
 * become the reset ones (a reset is not an FSM transition). */
static void ls_reset(void *h)
{
    struct ls *s = h;

    tile_dut_c.reset(s->c);
    s->ctx.rtl->reset(s->r);
    if (s->ctx.rtl->regs(s->r, &s->rq) == 0)
        ls_cmp_top(s->ctx.log, s->p, &s->rq, tile_dut_c_regs(s->c));
}

static uint64_t ls_counter(void *h, int n)
{
    struct ls *s = h;
    uint64_t c = tile_dut_c.counter(s->c, n), r = s->ctx.rtl->counter(s->r, n);

    if (c != r)
        ls_mismatch(s->ctx.log, "tile_top", "counter", n, r, c);
    return c;
}

static int ls_regs(void *h, struct tile_top_q *q)
{
    struct ls *s = h;

    return tile_dut_c.regs(s->c, q);
}

static void ls_lfsr(void *h, uint32_t *s)
{
    struct ls *l = h;

    tile_dut_c.lfsr(l->c, s);
}

static int ls_trace(void *h, const char *path)
{
    struct ls *s = h;

    return s->ctx.rtl->trace(s->r, path);
}

const struct tile_dut_ops ls_dut = {
    .name = "lockstep",
    .open = ls_open,
    .close = ls_close,
    .out = ls_out,
    .cmp = ls_cmp,
    .clock = ls_clock,
    .reset = ls_reset,
    .counter = ls_counter,
    .regs = ls_regs,
    .trace = ls_trace,
    .lfsr = ls_lfsr,
};
