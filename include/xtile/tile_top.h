/* tile_top.h - cycle model of rtl/tile_top.v: register bus, phase control, counters */
#ifndef XTILE_TILE_TOP_H
#define XTILE_TILE_TOP_H

#include "xtile/tile_adc_rd.h"
#include "xtile/tile_pulse_seq.h"
#include "xtile/tile_wxfer_ctl.h"

#include <stdbool.h>
#include <stdint.h>

/* Phase states; CMD values are the same numbers (docs/tile.md). */
enum { TOP_IDLE = 0, TOP_FWD = 1, TOP_BWD = 2, TOP_UPD = 3, TOP_XFER = 4 };

/* Register map (byte addresses of 32-bit registers). */
enum {
    TOP_REG_CMD = 0x00,    /* W: TOP_FWD .. TOP_XFER starts a phase */
    TOP_REG_STATUS = 0x04, /* R: bit 0 busy */
    TOP_REG_OLT = 0x08,    /* RW: bit 7 deterministic scheme, bits 6:0 bl */
    TOP_REG_SEED = 0x0C,   /* W: LFSR base seed, reseeds every line */
    TOP_REG_CNT = 0x40     /* R: counters, two words each (low, high): TOP_CNT_* */
};

/* Performance counters: clocks per phase, pulses by kind. */
enum { TOP_CNT_FWD, TOP_CNT_BWD, TOP_CNT_UPD, TOP_CNT_XFER, TOP_CNT_SET, TOP_CNT_RESET, TOP_CNTS };
/* Counters on the bus: TOP_CNTS of tile_top, then the transfer controller's WX_ST_*. */
enum { TOP_REG_COUNTERS = TOP_CNTS + WX_STS };

struct tile_top_p {
    int rows, cols;
    int fwd_bits, bwd_bits; /* ADC resolution of forward and backward reads */
    struct tile_pulse_seq_p seq;
    struct tile_adc_rd_p col_adc, row_adc;
    struct tile_wxfer_ctl_p wx;
};

/*
 * The narrowest RTL that runs a tile: tile_top's CodeW (bits of a line code:
 * PWM on-times up to the larger window, OLT probabilities up to OLT_ONE) and
 * AdcW (the widest conversion: forward, backward or transfer read). The rtl
 * engine checks its Verilated widths against them; synthesis uses them.
 */
void tile_top_widths(int x_max, int d_max, int fwd_bits, int bwd_bits, int xfer_bits, int *code_w,
                     int *adc_w);

/*
 * Functional coverage (model only, not registers): bit `to` of from_state's
 * word is set when a block went from one state to the other on a clock edge.
 */
struct tile_cov {
    uint32_t top[8], seq[8], adc[8], wx[32];
};

struct tile_top_q {
    uint8_t state_q;
    uint32_t olt_q;
    bool started_q; /* the read's conversion has started */
    uint64_t cnt_q[TOP_CNTS];
    bool adc_go;         /* model only: the first half of comb starts a conversion this cycle */
    struct tile_cov cov; /* model only */
    struct tile_pulse_seq_q seq;
    struct tile_adc_rd_q col_adc, row_adc;
    struct tile_wxfer_ctl_q wx;
};

struct tile_top_in {
    bool reg_valid_i, reg_we_i;
    uint8_t reg_addr_i;
    uint32_t reg_wdata_i;
    const uint16_t *row_code_i, *col_code_i; /* FWD: X; BWD: D; UPD: P and Q */
    const uint8_t *row_neg_i, *col_neg_i;
    const uint8_t *col_cmp_i, *row_cmp_i; /* the array's comparators (second half only) */
};

/* The array interface (port.h numbering) and the bus. */
struct tile_top_out {
    uint32_t reg_rdata_o;
    int op_o, mode_o, sel_o;
    bool integ_rst_o, sample_o, conv_o;
    int ramp_o;
    uint8_t *row_en_o, *row_neg_o, *col_en_o, *col_neg_o;       /* caller-owned */
    struct tile_lines row_en_s, row_neg_s, col_en_s, col_neg_s; /* model only: what they hold */
    const uint16_t *col_code_o, *row_code_o;                    /* the converters' codes */
    bool swap_o; /* with the ideal write: swap the LSP's roles (port.h; the transfer: PORT_SWAP) */
    bool busy_o, done_o;
    bool row_begin_o, row_end_o; /* transfer rows, for the engine's error booking */
    int row_o;
    const uint8_t *need_o; /* the transfer controller's columns tuned in this row */
};

int tile_top_init(struct tile_top_q *q, const struct tile_top_p *p);
void tile_top_free(struct tile_top_q *q);
void tile_top_reset(struct tile_top_q *q, const struct tile_top_p *p);

/*
 * comb, in two halves around the analog model: the first gives every output
 * and every next state but the converters'; the array answers the outputs with
 * its comparators; the second gives the converters' next states. In the RTL
 * it is one always @* block, the comparators being inputs of this cycle.
 */
void tile_top_comb_out(const struct tile_top_p *p, const struct tile_top_q *q,
                       const struct tile_top_in *in, struct tile_top_q *d,
                       struct tile_top_out *out);
void tile_top_comb_cmp(const struct tile_top_p *p, const struct tile_top_q *q,
                       const struct tile_top_in *in, struct tile_top_q *d);
/*
 * A quiet stretch of a read's ramp in one step: when the phase does nothing
 * but wait for its converter (a forward or backward read after its PWM
 * window, or a transfer's controller in WX_ADC), the converter's steps up to
 * its pass's last (tile_adc_rd_ramp, comparators tripping at ramp >= trip[l])
 * and their clocks on the phase's counter and in the coverage, between two
 * clocks and with the bus idle. Every register then equals what that many
 * clocks give, and every output of those clocks is the same as the last
 * ordinary one's but ramp_o (no array operation, not busy-ending); returns
 * the clocks, 0 when the tile is not in such a stretch.
 */
long tile_top_ramp(const struct tile_top_p *p, struct tile_top_q *q, struct tile_top_q *d,
                   const int *trip);
/*
 * The rest of a transfer read's PWM window in one step (tile_wxfer_ctl_pwm),
 * between two clocks with the bus idle: its clocks on the counter and in the
 * coverage. Every output of those clocks equals the last ordinary clock's
 * (the row driven, READ); returns the clocks, 0 outside such a window.
 */
long tile_top_hold(const struct tile_top_p *p, struct tile_top_q *q, struct tile_top_q *d);
/* Every register of src into dst (both of p's shape; not the model-only fields). */
void tile_top_copy(const struct tile_top_p *p, struct tile_top_q *dst,
                   const struct tile_top_q *src);
/* What the register bus reads at addr (combinational: STATUS, OLT, the counters). */
uint32_t tile_top_read(const struct tile_top_q *q, uint8_t addr);
void tile_top_clock(const struct tile_top_p *p, struct tile_top_q *q, struct tile_top_q *d);

#endif
