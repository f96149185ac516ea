/* tile_dut.h - what the clocked engine clocks: tile_top's C twin or its RTL, behind one table */
#ifndef XTILE_TILE_DUT_H
#define XTILE_TILE_DUT_H

#ifdef __cplusplus
extern "C" {
#endif

#include "xtile/err.h"
#include "xtile/port.h"
#include "xtile/tile_top.h"

#include <stdint.h>

/*
 * One clock of a tile_top, in the two halves of tile_top.h: out() drives the
 * inputs but the comparators and returns every output (row_en_o .. col_neg_o
 * caller-owned; the code and need pointers stay valid until the next call);
 * cmp() gives the comparators of the same cycle; clock() is the rising edge.
 * The C twin (tile_dut_c) is the golden reference; the RTL (tile_dut_rtl,
 * csim/engine/rtl_dut.cpp) exists when xtile was built with Verilator.
 */
struct tile_dut_ops {
    const char *name;
    /*
     * A DUT at reset for p (p must outlive it); ctx is the caller's (the
     * lockstep bench's second array), NULL for the engines. NULL on error,
     * with xt_fail's message.
     */
    void *(*open)(const struct tile_top_p *p, void *ctx);
    void (*close)(void *h);
    void (*out)(void *h, const struct tile_top_in *in, struct tile_top_out *out);
    void (*cmp)(void *h, const struct tile_top_in *in);
    void (*clock)(void *h);
    /*
     * An asynchronous reset between two clocks (after clock(), before the
     * next out()): rst_ni falls and rises again; every register takes its
     * reset value, the configuration inputs stay.
     */
    void (*reset)(void *h);
    /* Bus counter n (0 .. TOP_REG_COUNTERS - 1), both words, without a clock. */
    uint64_t (*counter)(void *h, int n);
    /*
     * Every register into q (a tile_top_q of the same p, from tile_top_init):
     * the RTL's state in the twin's struct, for lockstep comparison. The
     * twin's model-only fields (coverage, dirty flags) are left alone. 0, or
     * -XT_EINVAL if the DUT has no registers to read (a gate-level netlist:
     * its flops have lost their names), q unchanged.
     */
    int (*regs)(void *h, struct tile_top_q *q);
    /* Waveform of the rest of the run into path (FST); 0, or -XT_E* if the DUT has none. */
    int (*trace)(void *h, const char *path);
    /* The sequencer's line LFSRs (rows then columns) into s: what an update leaves behind. */
    void (*lfsr)(void *h, uint32_t *s);
    /*
     * Optional (NULL: the DUT is clocked step by step): a quiet stretch of a
     * ramp in one step, between two clocks with the bus idle, for comparators
     * tripping at ramp >= trip[l] (tile_top_ramp); returns the clocks it
     * stands for, 0 when there is none.
     */
    long (*ramp)(void *h, const int *trip);
    /*
     * Optional, like ramp: the rest of a transfer read's PWM window in one step
     * (tile_top_hold), its outputs the last clock's; returns the clocks, 0
     * when there is none.
     */
    long (*hold)(void *h);
};

extern const struct tile_dut_ops tile_dut_c;

/* What a DUT's outputs drive into the array model this clock. */
static inline struct port_in tile_dut_port_in(const struct tile_top_out *o)
{
    struct port_in pi = {o->op_o,      o->mode_o,   o->sel_o,     o->integ_rst_o,
                         o->sample_o,  o->conv_o,   o->ramp_o,    o->row_en_o,
                         o->row_neg_o, o->col_en_o, o->col_neg_o, o->swap_o};
    return pi;
}

/* The C twin's registers (coverage included), for tests. */
const struct tile_top_q *tile_dut_c_regs(void *h);

#ifdef __cplusplus
}
#endif

#endif
