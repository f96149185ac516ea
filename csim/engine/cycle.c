/* cycle.c - the clocked engine (L1): the tile's C twins driving the array model cycle by cycle */
#include "xtile/engine.h"

#include "xtile/err.h"
#include "xtile/port.h"
#include "xtile/tile_adc_rd.h"
#include "xtile/tile_pulse_seq.h"

#include <stdlib.h>
#include <string.h>

/*
 * Status: forward, backward and update are clocked through tile_pulse_seq and
 * tile_adc_rd; the weight transfer is not clocked yet (tile_wxfer_ctl is to
 * come, docs/tile.md) and runs the functional clt_transfer. The engine is
 * therefore not offered as engine.kind = cycle; the tests use it.
 */
struct cyc {
    struct olt_leap leap;
    struct tile_pulse_seq_p sp;
    struct tile_pulse_seq_q sq, sd;
    struct tile_pulse_seq_out so;
    struct tile_adc_rd_p ap;
    struct tile_adc_rd_q aq, ad;
    struct port port;
    uint16_t *rcode, *ccode;
    uint8_t *rneg, *cneg, *cmp;
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
    c->ap = (struct tile_adc_rd_p){a->rows > a->cols ? a->rows : a->cols, t->adc_share};
    c->rcode = calloc(lines, sizeof *c->rcode);
    c->ccode = calloc(lines, sizeof *c->ccode);
    c->rneg = calloc(lines, 1);
    c->cneg = calloc(lines, 1);
    c->cmp = calloc(lines, 1);
    c->so.row_en_o = calloc(lines, 1);
    c->so.col_en_o = calloc(lines, 1);
    if (!c->rcode || !c->ccode || !c->rneg || !c->cneg || !c->cmp || !c->so.row_en_o ||
        !c->so.col_en_o)
        goto fail;
    if ((ret = tile_pulse_seq_init(&c->sq, &c->sp)) ||
        (ret = tile_pulse_seq_init(&c->sd, &c->sp)) || (ret = tile_adc_rd_init(&c->aq, &c->ap)) ||
        (ret = tile_adc_rd_init(&c->ad, &c->ap)) ||
        (ret = port_init(&c->port, a, &t->adc_fwd, &t->adc_bwd, &t->clt.adc)))
        goto fail;
    tile_pulse_seq_reset(&c->sq, &c->sp);
    tile_adc_rd_reset(&c->aq, &c->ap);
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
    port_free(&c->port);
    free(c->rcode);
    free(c->ccode);
    free(c->rneg);
    free(c->cneg);
    free(c->cmp);
    free(c->so.row_en_o);
    free(c->so.col_en_o);
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
    struct arr *a = &t->arr;
    bool read = mode != SEQ_UPD, adc_started = false;
    int bits = t->adc_fwd.bits;
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
        tile_adc_rd_comb(&c->ap, &c->aq, &ai, &c->ad, &ao); /* outputs: Moore, from q */
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
        tile_adc_rd_comb(&c->ap, &c->aq, &ai, &c->ad, &ao); /* now with the comparators */
        tile_pulse_seq_clock(&c->sp, &c->sq, &c->sd);
        tile_adc_rd_clock(&c->ap, &c->aq, &c->ad);
        clocks++;
        adc_started |= ai.start_i;
        if ((!read && c->so.done_o) || (read && adc_started && ao.done_o))
            break;
    }
    (void)a;
    return clocks;
}

static void forward(struct xt_tile *t, const float *x, uint16_t *code)
{
    struct cyc *c = t->priv;

    for (int i = 0; i < t->arr.rows; i++) {
        c->rcode[i] = (uint16_t)(x[i] < 0 ? -x[i] : x[i]);
        c->rneg[i] = x[i] < 0;
    }
    t->cycles[XT_PHASE_FWD] += run(t, SEQ_FWD);
    memcpy(code, c->aq.code_q, (size_t)t->arr.cols * sizeof *code);
}

static void backward(struct xt_tile *t, const float *d, uint16_t *code)
{
    struct cyc *c = t->priv;

    for (int j = 0; j < t->arr.cols; j++) {
        c->ccode[j] = (uint16_t)(d[j] < 0 ? -d[j] : d[j]);
        c->cneg[j] = d[j] < 0;
    }
    t->cycles[XT_PHASE_BWD] += run(t, SEQ_BWD);
    memcpy(code, c->aq.code_q, (size_t)t->arr.rows * sizeof *code);
}

static void update(struct xt_tile *t, const uint16_t *p, const uint8_t *p_neg, const uint16_t *q,
                   const uint8_t *q_neg)
{
    struct cyc *c = t->priv;

    memcpy(c->rcode, p, (size_t)t->arr.rows * sizeof *p);
    memcpy(c->rneg, p_neg, (size_t)t->arr.rows);
    memcpy(c->ccode, q, (size_t)t->arr.cols * sizeof *q);
    memcpy(c->cneg, q_neg, (size_t)t->arr.cols);
    t->cycles[XT_PHASE_UPD] += run(t, SEQ_UPD);
    /* keep the tile's OLT state the sequencer's: the functional view of the same registers */
    memcpy(t->olt.lfsr, c->sq.lfsr_q,
           ((size_t)t->arr.rows + (size_t)t->arr.cols) * sizeof *t->olt.lfsr);
}

static void transfer(struct xt_tile *t, struct clt_stats *st)
{
    clt_transfer(&t->arr, &t->clt, st); /* not clocked yet: see the status above */
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
