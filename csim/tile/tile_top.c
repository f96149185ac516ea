/* tile_top.c - cycle model of rtl/tile_top.v: register bus, phase control, performance counters */
#include "xtile/tile_top.h"

#include "xtile/err.h"
#include "xtile/olt.h"
#include "xtile/port.h"

#include <string.h>

int tile_top_init(struct tile_top_q *q, const struct tile_top_p *p)
{
    int ret;

    memset(q, 0, sizeof *q);
    if ((ret = tile_pulse_seq_init(&q->seq, &p->seq)) ||
        (ret = tile_adc_rd_init(&q->col_adc, &p->col_adc)) ||
        (ret = tile_adc_rd_init(&q->row_adc, &p->row_adc)) ||
        (ret = tile_wxfer_ctl_init(&q->wx, &p->wx))) {
        tile_top_free(q);
        return ret;
    }
    return 0;
}

void tile_top_free(struct tile_top_q *q)
{
    tile_pulse_seq_free(&q->seq);
    tile_adc_rd_free(&q->col_adc);
    tile_adc_rd_free(&q->row_adc);
    tile_wxfer_ctl_free(&q->wx);
}

void tile_top_reset(struct tile_top_q *q, const struct tile_top_p *p)
{
    q->state_q = TOP_IDLE;
    q->olt_q = 32; /* stochastic, bl 32 */
    q->started_q = false;
    q->adc_go = false;
    memset(q->cnt_q, 0, sizeof q->cnt_q);
    memset(&q->cov, 0, sizeof q->cov);
    tile_pulse_seq_reset(&q->seq, &p->seq);
    tile_adc_rd_reset(&q->col_adc, &p->col_adc);
    tile_adc_rd_reset(&q->row_adc, &p->row_adc);
    tile_wxfer_ctl_reset(&q->wx, &p->wx);
}

uint32_t tile_top_read(const struct tile_top_q *q, uint8_t addr)
{
    if (addr == TOP_REG_STATUS)
        return q->state_q != TOP_IDLE;
    if (addr == TOP_REG_OLT)
        return q->olt_q;
    if (addr >= TOP_REG_CNT && addr < TOP_REG_CNT + 8 * TOP_REG_COUNTERS) {
        int n = (addr - TOP_REG_CNT) / 8;
        uint64_t v = n < TOP_CNTS ? q->cnt_q[n] : tile_wxfer_ctl_stat(&q->wx.st_q, n - TOP_CNTS);
        return (uint32_t)((addr & 4) ? v >> 32 : v);
    }
    return 0;
}

/*
 * The output half of rtl/tile_top.v's always @* block: one function, as long as the block it
 * mirrors, so that the two read side by side (STYLE.md, the C twin).
 */
void tile_top_comb_out(const struct tile_top_p *p, const struct tile_top_q *q,
                       const struct tile_top_in *in, struct tile_top_q *d, struct tile_top_out *out)
{
    static const int wx_ops[] = {PORT_NOP, PORT_READ, PORT_SET, PORT_RESET, PORT_IDEAL, PORT_SWAP};
    bool we = in->reg_valid_i && in->reg_we_i;
    int cmd = we && in->reg_addr_i == TOP_REG_CMD && q->state_q == TOP_IDLE ? (int)in->reg_wdata_i
                                                                            : TOP_IDLE;
    struct tile_adc_rd_out col, row;
    struct tile_pulse_seq_out so = {.row_en_o = out->row_en_o,
                                    .col_en_o = out->col_en_o,
                                    .row_en_s = &out->row_en_s,
                                    .col_en_s = &out->col_en_s};
    struct tile_wxfer_ctl_out wo = {.col_en_o = out->col_en_o,
                                    .col_neg_o = out->col_neg_o,
                                    .col_en_s = &out->col_en_s,
                                    .col_neg_s = &out->col_neg_s};
    int phase = cmd != TOP_IDLE ? cmd : q->state_q;

    d->state_q = q->state_q;
    d->olt_q = q->olt_q;
    d->started_q = q->started_q;
    memcpy(d->cnt_q, q->cnt_q, sizeof d->cnt_q);
    d->adc_go = false;
    out->reg_rdata_o = tile_top_read(q, in->reg_addr_i);
    if (we && in->reg_addr_i == TOP_REG_OLT)
        d->olt_q = in->reg_wdata_i & 0xff;
    if (cmd >= TOP_FWD && cmd <= TOP_XFER) {
        d->state_q = (uint8_t)cmd;
        d->started_q = false;
    }

    /* the blocks: the sequencer and the controller, the converters' outputs */
    struct tile_pulse_seq_in si = {
        .start_i = cmd >= TOP_FWD && cmd <= TOP_UPD,
        .mode_i = cmd,
        .scheme_i = (int)(q->olt_q >> 7) & 1,
        .bl_i = (int)(q->olt_q & 0x7f),
        .seed_i = we && in->reg_addr_i == TOP_REG_SEED,
        .seed_base_i = in->reg_wdata_i,
        .row_code_i = in->row_code_i,
        .row_neg_i = in->row_neg_i,
        .col_code_i = in->col_code_i,
        .col_neg_i = in->col_neg_i,
    };
    tile_adc_rd_outputs(&q->col_adc, &col);
    tile_adc_rd_outputs(&q->row_adc, &row);
    if (phase == TOP_XFER) {
        struct tile_wxfer_ctl_in wi = {cmd == TOP_XFER, q->col_adc.code_q, col.done_o};
        /* the idle sequencer holds (and clears the enables), then the controller drives */
        tile_pulse_seq_comb(&p->seq, &q->seq, &si, &d->seq, &so);
        tile_wxfer_ctl_comb(&p->wx, &q->wx, &wi, &d->wx, &wo);
        out->op_o = wx_ops[wo.op_o];
        out->mode_o = PORT_ROW;
        out->sel_o = wo.sel_o;
        out->integ_rst_o = wo.integ_rst_o;
        if (wo.op_o != WX_OP_NOP) { /* the sequencer cleared the rows */
            out->row_en_o[wo.row_o] = 1;
            tile_lines_one(&out->row_en_s, wo.row_o);
        }
        tile_lines_clear(out->row_neg_o, (size_t)p->rows, &out->row_neg_s);
        out->row_o = wo.row_o;
        out->row_begin_o = wo.row_begin_o;
        out->row_end_o = wo.row_end_o;
        out->swap_o = wo.swap_o;
        d->adc_go = wo.adc_start_o;
    } else {
        struct tile_wxfer_ctl_in wi = {false, q->col_adc.code_q, false};
        /* the idle controller holds (and clears its enables), then the sequencer drives */
        tile_wxfer_ctl_comb(&p->wx, &q->wx, &wi, &d->wx, &wo);
        tile_pulse_seq_comb(&p->seq, &q->seq, &si, &d->seq, &so);
        out->op_o = so.op_o == SEQ_OP_READ  ? PORT_READ
                    : so.op_o == SEQ_OP_SET ? PORT_SET
                                            : PORT_NOP;
        out->mode_o = phase == TOP_BWD ? PORT_BWD : PORT_FWD;
        out->sel_o = ARR_SEL_ALL;
        out->integ_rst_o = so.integ_rst_o;
        memcpy(out->row_neg_o, in->row_neg_i, (size_t)p->rows);
        memcpy(out->col_neg_o, in->col_neg_i, (size_t)p->cols);
        tile_lines_any(&out->row_neg_s);
        tile_lines_any(&out->col_neg_s);
        out->row_begin_o = out->row_end_o = false;
        out->swap_o = false;
        out->row_o = 0;
        d->adc_go = (phase == TOP_FWD || phase == TOP_BWD) && so.done_o;
    }
    const struct tile_adc_rd_out *adc = phase == TOP_BWD ? &row : &col;
    out->sample_o = adc->sample_o;
    out->conv_o = adc->conv_o;
    out->ramp_o = adc->ramp_o;
    out->col_code_o = q->col_adc.code_q;
    out->row_code_o = q->row_adc.code_q;
    out->need_o = q->wx.need_q;

    /* phase end */
    out->done_o = false;
    if ((q->state_q == TOP_FWD || q->state_q == TOP_BWD) && q->started_q && adc->done_o)
        out->done_o = true;
    else if (q->state_q == TOP_UPD && so.done_o)
        out->done_o = true;
    else if (q->state_q == TOP_XFER && wo.done_o)
        out->done_o = true;
    if (out->done_o)
        d->state_q = TOP_IDLE;
    if (d->adc_go)
        d->started_q = true;
    out->busy_o = q->state_q != TOP_IDLE;

    /* performance counters: clocks of the phase (its start cycle included), pulses */
    if (phase >= TOP_FWD && phase <= TOP_XFER)
        d->cnt_q[phase - 1]++;
    if (out->op_o == PORT_SET)
        d->cnt_q[TOP_CNT_SET] += (uint64_t)tile_count_set(out->row_en_o, p->rows) *
                                 (uint64_t)tile_count_set(out->col_en_o, p->cols);
    else if (out->op_o == PORT_RESET || out->op_o == PORT_IDEAL) /* a pair, or one device */
        d->cnt_q[TOP_CNT_RESET] +=
            (out->op_o == PORT_RESET && out->sel_o >= ARR_SEL_DEV0 ? 1u : 2u) *
            (uint64_t)tile_count_set(out->row_en_o, p->rows) *
            (uint64_t)tile_count_set(out->col_en_o, p->cols);
}

void tile_top_comb_cmp(const struct tile_top_p *p, const struct tile_top_q *q,
                       const struct tile_top_in *in, struct tile_top_q *d)
{
    bool bwd = q->state_q == TOP_BWD;
    struct tile_adc_rd_in ci = {.start_i = d->adc_go && !bwd,
                                .bits_i =
                                    q->state_q == TOP_XFER ? p->wx.clt->adc.bits : p->fwd_bits,
                                .cmp_i = in->col_cmp_i};
    struct tile_adc_rd_in ri = {
        .start_i = d->adc_go && bwd, .bits_i = p->bwd_bits, .cmp_i = in->row_cmp_i};
    struct tile_adc_rd_out o;

    tile_adc_rd_comb(&p->col_adc, &q->col_adc, &ci, &d->col_adc, &o);
    tile_adc_rd_comb(&p->row_adc, &q->row_adc, &ri, &d->row_adc, &o);
}

/*
 * n quiet clocks of the phase in q->state_q: its counter, and the coverage of
 * the edges they would have clocked (the phase and the idle sequencer and
 * converter holding; the stepping blocks add their own).
 */
static void quiet_clocks(struct tile_top_q *q, long n)
{
    q->cnt_q[q->state_q - 1] += (uint64_t)n;
    q->cov.top[q->state_q] |= 1u << q->state_q;
    q->cov.seq[SEQ_IDLE] |= 1u << SEQ_IDLE;
    q->cov.adc[ADC_IDLE] |= 1u << ADC_IDLE;
}

long tile_top_ramp(const struct tile_top_p *p, struct tile_top_q *q, struct tile_top_q *d,
                   const int *trip)
{
    bool read = (q->state_q == TOP_FWD || q->state_q == TOP_BWD) && q->started_q &&
                q->wx.state_q == WX_IDLE;
    bool xfer = q->state_q == TOP_XFER && q->wx.state_q == WX_ADC;
    bool bwd = q->state_q == TOP_BWD;
    struct tile_adc_rd_q *adc = bwd ? &q->row_adc : &q->col_adc;
    const struct tile_adc_rd_q *other = bwd ? &q->col_adc : &q->row_adc;
    long n;

    if (!(read || xfer) || q->seq.state_q != SEQ_IDLE || other->state_q != ADC_IDLE)
        return 0;
    n = tile_adc_rd_ramp(bwd ? &p->row_adc : &p->col_adc, adc, bwd ? &d->row_adc : &d->col_adc,
                         trip);
    if (n == 0)
        return 0;
    quiet_clocks(q, n);
    q->cov.adc[ADC_RAMP] |= 1u << ADC_RAMP;
    q->cov.wx[q->wx.state_q] |= 1u << q->wx.state_q;
    return n;
}

long tile_top_hold(const struct tile_top_p *p, struct tile_top_q *q, struct tile_top_q *d)
{
    long n;

    if (q->state_q != TOP_XFER || q->seq.state_q != SEQ_IDLE || q->col_adc.state_q != ADC_IDLE ||
        q->row_adc.state_q != ADC_IDLE || (n = tile_wxfer_ctl_pwm(&p->wx, &q->wx, &d->wx)) == 0)
        return 0;
    quiet_clocks(q, n);
    q->cov.wx[WX_PWM] |= (n > 1 ? 1u << WX_PWM : 0) | 1u << WX_PWM_DONE;
    return n;
}

void tile_top_copy(const struct tile_top_p *p, struct tile_top_q *dst, const struct tile_top_q *src)
{
    dst->state_q = src->state_q;
    dst->olt_q = src->olt_q;
    dst->started_q = src->started_q;
    memcpy(dst->cnt_q, src->cnt_q, sizeof dst->cnt_q);
    tile_pulse_seq_copy(&p->seq, &dst->seq, &src->seq);
    tile_adc_rd_copy(&p->col_adc, &dst->col_adc, &src->col_adc);
    tile_adc_rd_copy(&p->row_adc, &dst->row_adc, &src->row_adc);
    tile_wxfer_ctl_copy(&p->wx, &dst->wx, &src->wx);
}

void tile_top_clock(const struct tile_top_p *p, struct tile_top_q *q, struct tile_top_q *d)
{
    q->cov.top[q->state_q] |= 1u << d->state_q;
    q->cov.seq[q->seq.state_q] |= 1u << d->seq.state_q;
    q->cov.adc[q->col_adc.state_q] |= 1u << d->col_adc.state_q;
    q->cov.adc[q->row_adc.state_q] |= 1u << d->row_adc.state_q;
    q->cov.wx[q->wx.state_q] |= 1u << d->wx.state_q;
    q->state_q = d->state_q;
    q->olt_q = d->olt_q;
    q->started_q = d->started_q;
    memcpy(q->cnt_q, d->cnt_q, sizeof q->cnt_q);
    tile_pulse_seq_clock(&p->seq, &q->seq, &d->seq);
    tile_adc_rd_clock(&p->col_adc, &q->col_adc, &d->col_adc);
    tile_adc_rd_clock(&p->row_adc, &q->row_adc, &d->row_adc);
    tile_wxfer_ctl_clock(&p->wx, &q->wx, &d->wx);
}

void tile_top_widths(int x_max, int d_max, int fwd_bits, int bwd_bits, int xfer_bits, int *code_w,
                     int *adc_w)
{
    int code = x_max > d_max ? x_max : d_max, w = 1;

    if (code < OLT_ONE)
        code = OLT_ONE;
    while ((code >> w) != 0)
        w++;
    *code_w = w;
    *adc_w = fwd_bits > bwd_bits ? fwd_bits : bwd_bits;
    if (xfer_bits > *adc_w)
        *adc_w = xfer_bits;
}
