/* tile_pulse_seq.h - cycle model of rtl/tile_pulse_seq.v: read PWM and update slot trains */
#ifndef XTILE_TILE_PULSE_SEQ_H
#define XTILE_TILE_PULSE_SEQ_H

#include "xtile/olt.h"
#include "xtile/tile_lines.h"

#include <stdbool.h>
#include <stdint.h>

/* FSM states and phase modes; the RTL uses the same encodings (docs/tile.md). */
enum { SEQ_IDLE = 0, SEQ_PWM = 1, SEQ_SLOT = 2, SEQ_HOLD = 3, SEQ_DONE = 4 };
enum { SEQ_FWD = 1, SEQ_BWD = 2, SEQ_UPD = 3 };
enum { SEQ_OP_NOP = 0, SEQ_OP_READ = 1, SEQ_OP_SET = 2 };

struct tile_pulse_seq_p {
    int rows, cols;
    int x_max, d_max;            /* PWM windows of the forward and backward reads, cycles */
    int set_cycles;              /* width of a SET pulse */
    const struct olt_leap *leap; /* the 8-step leap (combinational XOR network in the RTL) */
};

struct tile_pulse_seq_q {
    uint8_t state_q, mode_q, scheme_q;
    uint8_t bl_q;
    uint16_t cnt_q;   /* PWM cycle or slot */
    uint16_t width_q; /* cycles left of the present pulse */
    uint32_t *lfsr_q; /* rows then cols */
    uint16_t *acc_q;  /* deterministic scheme: per column Bresenham accumulator */
    uint8_t *fire_q;  /* rows then cols: lines firing in the present slot */
    bool dirty;       /* model only: comb wrote a per-line register this cycle */
};

struct tile_pulse_seq_in {
    bool start_i;
    int mode_i, scheme_i, bl_i;
    bool seed_i; /* reseed every LFSR from seed_base_i (docs/olt.md) */
    uint32_t seed_base_i;
    const uint16_t *row_code_i; /* FWD: X, UPD: P */
    const uint8_t *row_neg_i;
    const uint16_t *col_code_i; /* BWD: D, UPD: Q */
    const uint8_t *col_neg_i;
};

struct tile_pulse_seq_out {
    int op_o;   /* SEQ_OP_* */
    bool dir_o; /* 1 = backward read */
    bool integ_rst_o;
    uint8_t *row_en_o, *col_en_o;           /* caller-owned, rows / cols */
    struct tile_lines *row_en_s, *col_en_s; /* model only: what they hold (NULL: not kept) */
    const uint8_t *row_neg_o, *col_neg_o;
    bool busy_o, done_o;
};

int tile_pulse_seq_init(struct tile_pulse_seq_q *q, const struct tile_pulse_seq_p *p);
void tile_pulse_seq_free(struct tile_pulse_seq_q *q);
void tile_pulse_seq_reset(struct tile_pulse_seq_q *q, const struct tile_pulse_seq_p *p);
/* Every register of src into dst (both of p's shape). */
void tile_pulse_seq_copy(const struct tile_pulse_seq_p *p, struct tile_pulse_seq_q *dst,
                         const struct tile_pulse_seq_q *src);
void tile_pulse_seq_comb(const struct tile_pulse_seq_p *p, const struct tile_pulse_seq_q *q,
                         const struct tile_pulse_seq_in *in, struct tile_pulse_seq_q *d,
                         struct tile_pulse_seq_out *out);
void tile_pulse_seq_clock(const struct tile_pulse_seq_p *p, struct tile_pulse_seq_q *q,
                          const struct tile_pulse_seq_q *d);

/* Busy cycles of a phase (the L0 formulas): FWD x_max + 1, BWD d_max + 1, UPD bl set_cycles + 1. */
long tile_pulse_seq_cycles(const struct tile_pulse_seq_p *p, int mode, int bl);

#endif
