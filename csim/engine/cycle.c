/* cycle.c - the clocked engine (L1): the tile's C twins driving the array model cycle by cycle */
#include "xtile/engine.h"

#include "xtile/err.h"
#include "xtile/port.h"
#include "xtile/tile_adc_rd.h"
#include "xtile/tile_pulse_seq.h"
#include "xtile/tile_wxfer_ctl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * Forward, backward and update are clocked through tile_pulse_seq and
 * tile_adc_rd, transfers through tile_wxfer_ctl and tile_adc_rd; every clock
 * goes through the array port. tile_top (register bus, counters) is to come.
 */
struct cyc {
    struct olt_leap leap;
    struct tile_pulse_seq_p sp;
    struct tile_pulse_seq_q sq, sd;
    struct tile_pulse_seq_out so;
    struct tile_adc_rd_p ap, rp; /* column converters, row converters */
    struct tile_adc_rd_q aq, ad, rq, rd;
    struct port port;
    struct tile_wxfer_ctl_p wp;
    struct tile_wxfer_ctl_q wq, wd;
    struct tile_wxfer_ctl_out wo;
    uint16_t *rcode, *ccode;
    uint8_t *rneg, *cneg, *cmp, *onehot;
    float *before;
};

static int attach(struct xt_tile *t)
{
    struct arr *a = &t->arr;
    struct cyc *c = calloc(1, sizeof *c);
    size_t lines = (size_t)a->rows + (size_t)a->cols + 32;
    int ret = -XT_ENOMEM;

    if (!c)
        return xt_fail(XT_ENOMEM, "cannot allocate the cycle engine");
    t->priv = c;
    olt_leap_init(&c->leap, 8);
    c->sp = (struct tile_pulse_seq_p){a->rows, a->cols, t->x_max, t->d_max, 1, &c->leap};
    c->ap = (struct tile_adc_rd_p){a->cols, t->adc_share};
    c->rp = (struct tile_adc_rd_p){a->rows, t->adc_share};
    c->rcode = calloc(lines, sizeof *c->rcode);
    c->ccode = calloc(lines, sizeof *c->ccode);
    c->rneg = calloc(lines, 1);
    c->cneg = calloc(lines, 1);
    c->cmp = calloc(lines, 1);
    c->so.row_en_o = calloc(lines, 1);
    c->so.col_en_o = calloc(lines, 1);
    c->wo.col_en_o = calloc(lines, 1);
    c->wo.col_neg_o = calloc(lines, 1);
    c->onehot = calloc(lines, 1);
    c->before = calloc(lines, sizeof *c->before);
    if (!c->rcode || !c->ccode || !c->rneg || !c->cneg || !c->cmp || !c->so.row_en_o ||
        !c->so.col_en_o || !c->wo.col_en_o || !c->wo.col_neg_o || !c->onehot || !c->before)
        goto fail;
    c->wp = (struct tile_wxfer_ctl_p){
        a->rows, a->cols, t->clt.read_cycles, a->ndev == 2, clt_refresh_code(a, &t->clt), &t->clt};
    if ((ret = tile_wxfer_ctl_init(&c->wq, &c->wp)) || (ret = tile_wxfer_ctl_init(&c->wd, &c->wp)))
        goto fail;
    tile_wxfer_ctl_reset(&c->wq, &c->wp);
    if ((ret = tile_pulse_seq_init(&c->sq, &c->sp)) ||
        (ret = tile_pulse_seq_init(&c->sd, &c->sp)) || (ret = tile_adc_rd_init(&c->aq, &c->ap)) ||
        (ret = tile_adc_rd_init(&c->ad, &c->ap)) || (ret = tile_adc_rd_init(&c->rq, &c->rp)) ||
        (ret = tile_adc_rd_init(&c->rd, &c->rp)) ||
        (ret = port_init(&c->port, a, &t->adc_fwd, &t->adc_bwd, &t->clt.adc)))
        goto fail;
    tile_pulse_seq_reset(&c->sq, &c->sp);
    tile_adc_rd_reset(&c->aq, &c->ap);
    tile_adc_rd_reset(&c->rq, &c->rp);
    /* the sequencer's LFSRs hold what the tile's OLT state holds (seeded alike) */
    memcpy(c->sq.lfsr_q, t->olt.lfsr, ((size_t)a->rows + (size_t)a->cols) * sizeof *c->sq.lfsr_q);
    return 0;
fail:
    t->ops->detach(t);
    return ret ? ret : xt_fail(XT_ENOMEM, "cannot allocate the cycle engine");
}

static void detach(struct xt_tile *t)
{
    struct cyc *c = t->priv;

    if (!c)
        return;
    tile_pulse_seq_free(&c->sq);
    tile_pulse_seq_free(&c->sd);
    tile_adc_rd_free(&c->aq);
    tile_adc_rd_free(&c->ad);
    tile_adc_rd_free(&c->rq);
    tile_adc_rd_free(&c->rd);
    port_free(&c->port);
    free(c->rcode);
    free(c->ccode);
    free(c->rneg);
    free(c->cneg);
    free(c->cmp);
    free(c->so.row_en_o);
    free(c->so.col_en_o);
    tile_wxfer_ctl_free(&c->wq);
    tile_wxfer_ctl_free(&c->wd);
    free(c->wo.col_en_o);
    free(c->wo.col_neg_o);
    free(c->onehot);
    free(c->before);
    free(c);
    t->priv = NULL;
}

/*
 * Runs one phase to its end: the sequencer, then (reads) the ADC, every clock
 * through the array port. Returns the clocks it took.
 */
static long run(struct xt_tile *t, int mode)
{
    struct cyc *c = t->priv;
    bool read = mode != SEQ_UPD, adc_started = false;
    int bits = mode == SEQ_BWD ? t->adc_bwd.bits : t->adc_fwd.bits;
    const struct tile_adc_rd_p *ap = mode == SEQ_BWD ? &c->rp : &c->ap;
    struct tile_adc_rd_q *aq = mode == SEQ_BWD ? &c->rq : &c->aq,
                         *ad = mode == SEQ_BWD ? &c->rd : &c->ad;
    long clocks = 0;

    for (bool first = true;; first = false) {
        struct tile_pulse_seq_in si = {.start_i = first,
                                       .mode_i = mode,
                                       .scheme_i = t->olt.scheme,
                                       .bl_i = t->olt.bl,
                                       .row_code_i = c->rcode,
                                       .row_neg_i = c->rneg,
                                       .col_code_i = c->ccode,
                                       .col_neg_i = c->cneg};
        struct tile_adc_rd_in ai = {.start_i = false, .bits_i = bits, .cmp_i = c->cmp};
        struct tile_adc_rd_out ao;
        struct port_in pi;

        tile_pulse_seq_comb(&c->sp, &c->sq, &si, &c->sd, &c->so);
        ai.start_i = read && c->so.done_o;
        tile_adc_rd_outputs(aq, &ao);
        pi = (struct port_in){
            .op = c->so.op_o == SEQ_OP_READ  ? PORT_READ
                  : c->so.op_o == SEQ_OP_SET ? PORT_SET
                                             : PORT_NOP,
            .mode = mode == SEQ_BWD ? PORT_BWD : PORT_FWD,
            .sel = ARR_SEL_ALL,
            .integ_rst = c->so.integ_rst_o,
            .sample = ao.sample_o,
            .conv = ao.conv_o,
            .ramp = ao.ramp_o,
            .row_en = c->so.row_en_o,
            .row_neg = c->rneg,
            .col_en = c->so.col_en_o,
            .col_neg = c->cneg,
        };
        port_clock(&c->port, &pi, c->cmp);
        tile_adc_rd_comb(ap, aq, &ai, ad, &ao); /* with the comparators of this cycle */
        tile_pulse_seq_clock(&c->sp, &c->sq, &c->sd);
        tile_adc_rd_clock(ap, aq, ad);
        clocks++;
        adc_started |= ai.start_i;
        if ((!read && c->so.done_o) || (read && adc_started && ao.done_o))
            break;
    }
    return clocks;
}

static void forward(struct xt_tile *t, const float *x, uint16_t *code)
{
    struct cyc *c = t->priv;

    for (int i = 0; i < t->arr.rows; i++) {
        c->rcode[i] = (uint16_t)(x[i] < 0 ? -x[i] : x[i]);
        c->rneg[i] = x[i] < 0;
    }
    t->cycles[t->arr.book][XT_PHASE_FWD] += run(t, SEQ_FWD);
    memcpy(code, c->aq.code_q, (size_t)t->arr.cols * sizeof *code);
}

static void backward(struct xt_tile *t, const float *d, uint16_t *code)
{
    struct cyc *c = t->priv;

    for (int j = 0; j < t->arr.cols; j++) {
        c->ccode[j] = (uint16_t)(d[j] < 0 ? -d[j] : d[j]);
        c->cneg[j] = d[j] < 0;
    }
    t->cycles[t->arr.book][XT_PHASE_BWD] += run(t, SEQ_BWD);
    memcpy(code, c->rq.code_q, (size_t)t->arr.rows * sizeof *code);
}

static void update(struct xt_tile *t, const uint16_t *p, const uint8_t *p_neg, const uint16_t *q,
                   const uint8_t *q_neg)
{
    struct cyc *c = t->priv;

    memcpy(c->rcode, p, (size_t)t->arr.rows * sizeof *p);
    memcpy(c->rneg, p_neg, (size_t)t->arr.rows);
    memcpy(c->ccode, q, (size_t)t->arr.cols * sizeof *q);
    memcpy(c->cneg, q_neg, (size_t)t->arr.cols);
    t->cycles[t->arr.book][XT_PHASE_UPD] += run(t, SEQ_UPD);
    /* keep the tile's OLT state the sequencer's: the functional view of the same registers */
    memcpy(t->olt.lfsr, c->sq.lfsr_q,
           ((size_t)t->arr.rows + (size_t)t->arr.cols) * sizeof *t->olt.lfsr);
}

/* Adds the controller's counters to st (everything but the error sums and clocks). */
static void add_counts(struct clt_stats *st, const struct clt_stats *x)
{
    st->weights += x->weights;
    st->checked += x->checked;
    st->not_converged += x->not_converged;
    st->iterations += x->iterations;
    st->reads += x->reads;
    st->set_pulses += x->set_pulses;
    st->resets += x->resets;
    st->restart_iters += x->restart_iters;
    st->set_iters += x->set_iters;
}

static void transfer(struct xt_tile *t, struct clt_stats *st)
{
    static const int ops[] = {PORT_NOP, PORT_READ, PORT_SET, PORT_RESET, PORT_IDEAL};
    struct cyc *c = t->priv;
    struct arr *a = &t->arr;
    long clocks = 0;

    tile_wxfer_ctl_reset(&c->wq, &c->wp);
    tile_wxfer_ctl_reset(&c->wd, &c->wp); /* d holds q's per-column registers (the clock's rule) */
    for (bool first = true;; first = false) {
        struct tile_adc_rd_in ai = {.bits_i = t->clt.adc.bits, .cmp_i = c->cmp};
        struct tile_adc_rd_out ao;
        struct tile_wxfer_ctl_in wi;
        struct port_in pi;
        bool done;

        tile_adc_rd_outputs(&c->aq, &ao);
        wi = (struct tile_wxfer_ctl_in){first, c->aq.code_q, ao.done_o};
        tile_wxfer_ctl_comb(&c->wp, &c->wq, &wi, &c->wd, &c->wo);
        if (c->wo.row_begin_o)
            memcpy(c->before, a->w + (long)c->wo.row_o * a->cols,
                   (size_t)a->cols * sizeof *c->before);
        memset(c->onehot, 0, (size_t)a->rows);
        c->onehot[c->wo.row_o] = c->wo.op_o != WX_OP_NOP;
        pi = (struct port_in){.op = ops[c->wo.op_o],
                              .mode = PORT_ROW,
                              .sel = c->wo.sel_o,
                              .integ_rst = c->wo.integ_rst_o,
                              .sample = ao.sample_o,
                              .conv = ao.conv_o,
                              .ramp = ao.ramp_o,
                              .row_en = c->onehot,
                              .row_neg = c->rneg,
                              .col_en = c->wo.col_en_o,
                              .col_neg = c->wo.col_neg_o};
        memset(c->rneg, 0, (size_t)a->rows);
        port_clock(&c->port, &pi, c->cmp);
        ai.start_i = c->wo.adc_start_o;
        tile_adc_rd_comb(&c->ap, &c->aq, &ai, &c->ad, &ao);
        if (c->wo.row_end_o) { /* the row's transfer error, column by column as L0 books it */
            for (int col = 0; col < a->cols; col++) {
                double err;
                if (!c->wq.need_q[col])
                    continue;
                err = fabs((double)c->before[col] - a->w[(long)c->wo.row_o * a->cols + col]);
                st->sum_abs_err += err;
                st->sum_sq_err += err * err;
            }
        }
        done = c->wo.done_o;
        tile_wxfer_ctl_clock(&c->wp, &c->wq, &c->wd);
        tile_adc_rd_clock(&c->ap, &c->aq, &c->ad);
        clocks++;
        if (done)
            break;
    }
    add_counts(st, &c->wq.st_q);
    st->cycles += (uint64_t)clocks;
    t->cycles[t->arr.book][XT_PHASE_XFER] += (uint64_t)clocks;
}

const struct xt_engine_ops xt_engine_cycle = {
    .name = "cycle",
    .attach = attach,
    .detach = detach,
    .forward = forward,
    .backward = backward,
    .update = update,
    .transfer = transfer,
};
