/* engine.h - the three ways to run a tile (fast, cycle, rtl) behind one table of functions */
#ifndef XTILE_ENGINE_H
#define XTILE_ENGINE_H

#include "xtile/adc.h"
#include "xtile/array.h"
#include "xtile/clt.h"
#include "xtile/clock.h"
#include "xtile/olt.h"
#include "xtile/pool.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * A tile holds one layer's array and the state of its peripheral logic. The
 * digital neurons (csim/train/analog.c) talk to it in integer codes only, so
 * every engine sees the same inputs and must return the same codes and leave
 * the same device states (DESIGN.md section 3).
 */

/* The engine. key: which of the three runs a tile (the registry's order, engine.c). */
enum xt_engine_kind { XT_ENGINE_FAST, XT_ENGINE_CYCLE, XT_ENGINE_RTL, XT_ENGINES };
struct xt_engine_cfg {
    int kind;    /* enum xt_engine_kind */
    int threads; /* not a key: --threads, a speed setting (0 or 1: one thread) */
};

/* The tile. keys: the periphery of every tile. */
struct xt_tile_cfg {
    int x_bits, d_bits, adc_bits;
    int adc_bwd_bits;     /* backward reads; 0: adc_bits */
    int set_cycles;       /* clocks of an update's SET pulse */
    int adc_share;        /* lines per converter */
    double adc_fwd_range; /* pre-activation at ADC full scale */
    double adc_bwd_range; /* back-propagated error (normalized) at full scale */
    double v_read;        /* V */
    double clk_mhz;
};

/* Where the time goes (seconds), summed when `on`: make bench reports it. */
struct xt_prof {
    bool on;
    double fwd, bwd, pulse_gen, dev_update, xfer;
};

struct xt_tile {
    const struct xt_engine_ops *ops;
    struct xt_prof *prof; /* may be NULL */
    struct xt_pool *pool; /* the network's threads; may be NULL (one) */
    struct arr arr;
    struct olt olt;
    struct adc adc_fwd, adc_bwd;
    struct clt_params clt;
    int x_max, d_max;
    int adc_share;                         /* lines per converter */
    int set_cycles;                        /* clocks of an update's SET pulse */
    uint32_t olt_base;                     /* seed base of the tile's OLT lines */
    uint64_t cycles[ARR_BOOKS][XT_PHASES]; /* clocks per book and phase: L0 formulas, L1 counted */
    void *priv;                            /* engine state (cycle model, Verilated model) */
};

struct xt_engine_ops {
    const char *name;
    /* Engine state for a tile whose arr/olt/adc are set up; 0 or -XT_E*. */
    int (*attach)(struct xt_tile *t);
    void (*detach)(struct xt_tile *t);
    /* Forward read: signed on-times x[rows] (bias row included) -> ADC code per column. */
    void (*forward)(struct xt_tile *t, const float *x, uint16_t *code);
    /* Backward read: signed on-times d[cols] -> ADC code per row. */
    void (*backward)(struct xt_tile *t, const float *d, uint16_t *code);
    /*
     * Open-loop update: probability codes p[rows], q[cols] (0..OLT_ONE) and
     * signs (1 = negative). A coincidence SETs g+ when the signs differ
     * (dw = -eta x delta > 0), g- when they agree.
     */
    void (*update)(struct xt_tile *t, const uint16_t *p, const uint8_t *p_neg, const uint16_t *q,
                   const uint8_t *q_neg);
    /* Closed-loop transfer of every row (4dev) or refresh (2dev). */
    void (*transfer)(struct xt_tile *t, struct clt_stats *st);
};

extern const struct xt_engine_ops xt_engine_fast;
/* The clocked engine (cycle.c): tile_top and the array port, one clock at a time. */
extern const struct xt_engine_ops xt_engine_cycle;

/* The clocked engine through the Verilated RTL (when built with Verilator; else attach fails). */
extern const struct xt_engine_ops xt_engine_rtl;

struct tile_top_q;
struct tile_dut_ops;
/* The registers of a tile on the clocked engine with the C twin (tests read them); else NULL. */
const struct tile_top_q *xt_cycle_top(const struct xt_tile *t);

/*
 * Attaches the clocked engine's harness to t with DUT dut (open gets ctx).
 * 0, or -XT_E* with t->priv NULL.
 */
int xt_cycle_attach(struct xt_tile *t, const struct tile_dut_ops *dut, void *ctx);

/*
 * A clocked tile's register bus, as a host drives it: one clock with a read
 * (returns the data) or a write of addr; and clocking with the bus idle until
 * the phase in progress is done (returns the clocks; 1 if none was running).
 * Phase inputs (codes) are the last phase's.
 */
uint32_t xt_cycle_bus(struct xt_tile *t, bool write, uint8_t addr, uint32_t data);
long xt_cycle_wait(struct xt_tile *t);
/*
 * An asynchronous reset of a clocked tile's DUT between two clocks, whatever
 * it was doing: every register, OLT, the LFSRs and the counters included,
 * takes its reset value; a host configures it again through the bus.
 */
void xt_cycle_reset(struct xt_tile *t);

/* Clocks of one phase (the closed forms the cycle engine must count). */
long xt_cycles_read(const struct xt_tile *t, int backward);
long xt_cycles_update(const struct xt_tile *t);

/* The registry: engine by configuration value (enum xt_engine_kind); NULL if none. */
const struct xt_engine_ops *xt_engine_get(int kind);

/* What one layer's tile is built from. */
struct xt_tile_setup {
    int layer, rows, cols; /* rows include the bias row */
    const struct arr_enc *enc;
    const struct nvm_class *msp, *lsp; /* msp unused for 2dev */
    const struct xt_tile_cfg *tile;
    const struct olt_cfg *olt;
    const struct clt_cfg *clt;
    const struct xt_engine_ops *ops;
    uint64_t seed;        /* run.seed */
    uint32_t dev_base;    /* network-wide index of the tile's device 0 */
    struct xt_prof *prof; /* may be NULL */
    struct xt_pool *pool; /* may be NULL */
};

/*
 * The inputs of a tile's transfer parameters (clt_params_init): the read's
 * on-time from tc's x_bits, its converters' sharing; msp unused (any) for 2dev.
 */
struct clt_setup xt_tile_clt_setup(const struct xt_tile_cfg *tc, const struct clt_cfg *clt,
                                   const struct arr_enc *enc, const struct nvm_par *msp,
                                   const struct nvm_par *lsp);

/*
 * Builds t: its array, OLT lines, converters and transfer parameters, then
 * attaches its engine. On error returns -XT_E* naming the key or the resource,
 * with whatever was built released (t zeroed).
 */
int xt_tile_init(struct xt_tile *t, const struct xt_tile_setup *s);
void xt_tile_free(struct xt_tile *t);

/* The RTL widths t needs (rtl/tile_top.v CodeW, AdcW): synthesis and xtile report. */
void xt_tile_widths(const struct xt_tile *t, int *code_w, int *adc_w);

#endif
