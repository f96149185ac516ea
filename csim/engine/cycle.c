/* cycle.c - the clocked engine (L1): the tile's C twins driving the array model cycle by cycle */
#include "xtile/engine.h"

#include "xtile/err.h"
#include "xtile/port.h"
#include "xtile/tile_dut.h"
#include "xtile/tile_top.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The Verilated tile (csim/engine/rtl_dut.cpp), linked when Verilator is present. */
extern const struct tile_dut_ops tile_dut_rtl __attribute__((weak));

static void detach(struct xt_tile *t);

/*
 * The clocked engine: a harness around a tile_top DUT (the C twin for
 * `cycle`, the Verilated RTL for `rtl`): it writes the register bus like a
 * host does, starts each phase with CMD and clocks the DUT and the array port
 * until the phase is done. Codes, device states and clocks must equal the
 * fast engine's.
 */
struct cyc {
    struct olt_leap leap;
    struct tile_top_p tp;
    const struct tile_dut_ops *dut;
    void *h;
    struct tile_top_in in; /* the DUT's inputs: the lines' arrays set once, the bus per clock */
    struct tile_top_out to;
    struct port port;
    uint16_t *rcode, *ccode;
    uint8_t *rneg, *cneg, *rcmp, *ccmp;
    float *before;
};

/*
 * One clock with an optional register write (in_base's four bus fields; the
 * lines' arrays are the harness's own, set in c->in at attach); returns the
 * outputs in c->to.
 */
static void clock_once(struct xt_tile *t, const struct tile_top_in *in_base, struct clt_stats *st)
{
    struct cyc *c = t->priv;
    struct arr *a = &t->arr;
    struct tile_top_in *in = &c->in;
    struct port_in pi;

    in->reg_valid_i = in_base->reg_valid_i;
    in->reg_we_i = in_base->reg_we_i;
    in->reg_addr_i = in_base->reg_addr_i;
    in->reg_wdata_i = in_base->reg_wdata_i;
    c->dut->out(c->h, in, &c->to);
    if (c->to.row_begin_o)
        memcpy(c->before, a->w + (long)c->to.row_o * a->cols, (size_t)a->cols * sizeof *c->before);
    pi = tile_dut_port_in(&c->to);
    port_clock(&c->port, &pi, c->to.mode_o == PORT_BWD ? c->rcmp : c->ccmp);
    c->dut->cmp(c->h, in);
    if (c->to.row_end_o && st) { /* the row's transfer error, column by column as L0 books it */
        for (int col = 0; col < a->cols; col++)
            if (c->to.need_o[col])
                clt_book_error(&t->clt, c->before[col], a->w[(long)c->to.row_o * a->cols + col],
                               st);
    }
    c->dut->clock(c->h);
}

static void write_reg(struct xt_tile *t, uint8_t addr, uint32_t data)
{
    struct tile_top_in in = {
        .reg_valid_i = true, .reg_we_i = true, .reg_addr_i = addr, .reg_wdata_i = data};

    clock_once(t, &in, NULL);
}

/*
 * Starts phase cmd with a CMD write and clocks until it is done; returns its
 * clocks. A DUT with ramp and hold ops takes the stretches where nothing but
 * a counter moves in one step (docs/decisions.md, "Quiet stretches"): a
 * read's ramp, the array's comparators being the port's trip steps
 * (tile_top_ramp), and a transfer read's PWM window, the array integrating
 * the last clock's lines that many times (tile_top_hold, port_clocks).
 */
static long phase(struct xt_tile *t, int cmd, struct clt_stats *st)
{
    struct cyc *c = t->priv;
    struct tile_top_in in = {.reg_valid_i = true,
                             .reg_we_i = true,
                             .reg_addr_i = TOP_REG_CMD,
                             .reg_wdata_i = (uint32_t)cmd};
    long clocks = 0;

    for (;;) {
        clock_once(t, &in, st);
        in = (struct tile_top_in){0};
        clocks++;
        if (c->to.done_o)
            return clocks;
        if (c->dut->ramp && c->to.conv_o) {
            clocks += c->dut->ramp(c->h, c->port.trip);
        } else if (c->dut->hold && c->to.op_o == PORT_READ && c->to.mode_o == PORT_ROW) {
            long n = c->dut->hold(c->h);
            if (n > 0) {
                struct port_in pi = tile_dut_port_in(&c->to);
                port_clocks(&c->port, &pi, n);
                clocks += n;
            }
        }
    }
}

uint32_t xt_cycle_bus(struct xt_tile *t, bool write, uint8_t addr, uint32_t data)
{
    struct cyc *c = t->priv;
    struct tile_top_in in = {
        .reg_valid_i = true, .reg_we_i = write, .reg_addr_i = addr, .reg_wdata_i = data};

    clock_once(t, &in, NULL);
    return c->to.reg_rdata_o;
}

long xt_cycle_wait(struct xt_tile *t)
{
    struct cyc *c = t->priv;
    struct tile_top_in in = {0};
    long clocks = 0;

    do {
        clock_once(t, &in, NULL);
        clocks++;
    } while (!c->to.done_o && c->to.busy_o);
    return clocks;
}

void xt_cycle_reset(struct xt_tile *t)
{
    struct cyc *c = t->priv;

    c->dut->reset(c->h);
}

int xt_cycle_attach(struct xt_tile *t, const struct tile_dut_ops *dut, void *ctx)
{
    struct arr *a = &t->arr;
    struct cyc *c = calloc(1, sizeof *c);
    size_t lines = (size_t)a->rows + (size_t)a->cols + 32;
    int ret = -XT_ENOMEM;

    if (!c)
        return xt_fail(XT_ENOMEM, "cannot allocate the cycle engine");
    t->priv = c;
    olt_leap_init(&c->leap, 8);
    c->dut = dut;
    c->tp = (struct tile_top_p){
        .rows = a->rows,
        .cols = a->cols,
        .fwd_bits = t->adc_fwd.bits,
        .bwd_bits = t->adc_bwd.bits,
        .seq = {a->rows, a->cols, t->x_max, t->d_max, t->set_cycles, &c->leap},
        .col_adc = {a->cols, t->adc_share},
        .row_adc = {a->rows, t->adc_share},
        .wx = {a->rows, a->cols, t->clt.read_cycles, a->ndev == 2, clt_refresh_code(a, &t->clt),
               &t->clt},
    };
    c->rcode = calloc(lines, sizeof *c->rcode);
    c->ccode = calloc(lines, sizeof *c->ccode);
    c->rneg = calloc(lines, 1);
    c->cneg = calloc(lines, 1);
    c->rcmp = calloc(lines, 1);
    c->ccmp = calloc(lines, 1);
    c->to.row_en_o = calloc(lines, 1);
    c->to.row_neg_o = calloc(lines, 1);
    c->to.col_en_o = calloc(lines, 1);
    c->to.col_neg_o = calloc(lines, 1);
    c->before = calloc(lines, sizeof *c->before);
    if (!c->rcode || !c->ccode || !c->rneg || !c->cneg || !c->rcmp || !c->ccmp || !c->to.row_en_o ||
        !c->to.row_neg_o || !c->to.col_en_o || !c->to.col_neg_o || !c->before)
        goto fail;
    c->in = (struct tile_top_in){.row_code_i = c->rcode,
                                 .col_code_i = c->ccode,
                                 .row_neg_i = c->rneg,
                                 .col_neg_i = c->cneg,
                                 .col_cmp_i = c->ccmp,
                                 .row_cmp_i = c->rcmp};
    if ((ret = port_init(&c->port, a, &t->adc_fwd, &t->adc_bwd, &t->clt.adc)))
        goto fail;
    if (!(c->h = dut->open(&c->tp, ctx))) {
        ret = -XT_EINVAL;
        goto fail;
    }
    /* configure as a harness would: the update's scheme and slots, the LFSR seed */
    write_reg(t, TOP_REG_OLT, (uint32_t)(t->olt.scheme << 7 | t->olt.bl));
    write_reg(t, TOP_REG_SEED, t->olt_base);
    return 0;
fail:
    detach(t);
    return ret ? ret : xt_fail(XT_ENOMEM, "cannot allocate the cycle engine");
}

static int attach(struct xt_tile *t)
{
    return xt_cycle_attach(t, &tile_dut_c, NULL);
}

static int attach_rtl(struct xt_tile *t)
{
    if (!&tile_dut_rtl)
        return xt_fail(XT_EINVAL, "engine.kind = rtl: this xtile was built without Verilator "
                                  "(install it with scripts/deps.sh, then make)");
    return xt_cycle_attach(t, &tile_dut_rtl, NULL);
}

static void detach(struct xt_tile *t)
{
    struct cyc *c = t->priv;

    if (!c)
        return;
    if (c->h)
        c->dut->close(c->h);
    port_free(&c->port);
    free(c->rcode);
    free(c->ccode);
    free(c->rneg);
    free(c->cneg);
    free(c->rcmp);
    free(c->ccmp);
    free(c->to.row_en_o);
    free(c->to.row_neg_o);
    free(c->to.col_en_o);
    free(c->to.col_neg_o);
    free(c->before);
    free(c);
    t->priv = NULL;
}

static void forward(struct xt_tile *t, const float *x, uint16_t *code)
{
    struct cyc *c = t->priv;

    for (int i = 0; i < t->arr.rows; i++) {
        c->rcode[i] = (uint16_t)(x[i] < 0 ? -x[i] : x[i]);
        c->rneg[i] = x[i] < 0;
    }
    t->cycles[t->arr.book][XT_PHASE_FWD] += (uint64_t)phase(t, TOP_FWD, NULL);
    memcpy(code, c->to.col_code_o, (size_t)t->arr.cols * sizeof *code);
}

static void backward(struct xt_tile *t, const float *d, uint16_t *code)
{
    struct cyc *c = t->priv;

    for (int j = 0; j < t->arr.cols; j++) {
        c->ccode[j] = (uint16_t)(d[j] < 0 ? -d[j] : d[j]);
        c->cneg[j] = d[j] < 0;
    }
    t->cycles[t->arr.book][XT_PHASE_BWD] += (uint64_t)phase(t, TOP_BWD, NULL);
    memcpy(code, c->to.row_code_o, (size_t)t->arr.rows * sizeof *code);
}

static void update(struct xt_tile *t, const uint16_t *p, const uint8_t *p_neg, const uint16_t *q,
                   const uint8_t *q_neg)
{
    struct cyc *c = t->priv;

    memcpy(c->rcode, p, (size_t)t->arr.rows * sizeof *p);
    memcpy(c->rneg, p_neg, (size_t)t->arr.rows);
    memcpy(c->ccode, q, (size_t)t->arr.cols * sizeof *q);
    memcpy(c->cneg, q_neg, (size_t)t->arr.cols);
    t->cycles[t->arr.book][XT_PHASE_UPD] += (uint64_t)phase(t, TOP_UPD, NULL);
    /* keep the tile's OLT state the sequencer's: the functional view of the same registers */
    c->dut->lfsr(c->h, t->olt.lfsr);
}

/* The transfer controller's counters (WX_ST_*), read over the bus. */
static void wx_counts(struct cyc *c, uint64_t *v)
{
    for (int n = 0; n < WX_STS; n++)
        v[n] = c->dut->counter(c->h, TOP_CNTS + n);
}

static void transfer(struct xt_tile *t, struct clt_stats *st)
{
    struct cyc *c = t->priv;
    uint64_t from[WX_STS], to[WX_STS];
    long clocks;

    wx_counts(c, from);
    clocks = phase(t, TOP_XFER, st);
    wx_counts(c, to);
    for (int n = 0; n < WX_STS; n++)
        *tile_wxfer_ctl_stat_at(st, n) += to[n] - from[n];
    st->cycles += (uint64_t)clocks;
    t->cycles[t->arr.book][XT_PHASE_XFER] += (uint64_t)clocks;
}

const struct tile_top_q *xt_cycle_top(const struct xt_tile *t)
{
    const struct cyc *c = t->priv;

    return c->dut == &tile_dut_c ? tile_dut_c_regs(c->h) : NULL;
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

const struct xt_engine_ops xt_engine_rtl = {
    .name = "rtl",
    .attach = attach_rtl,
    .detach = detach,
    .forward = forward,
    .backward = backward,
    .update = update,
    .transfer = transfer,
};
