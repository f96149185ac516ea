/* lockstep.h - the RTL and its C twin clock by clock: comparison, mismatch log, lockstep DUT */
#ifndef XTILE_LOCKSTEP_H
#define XTILE_LOCKSTEP_H

#ifdef __cplusplus
extern "C" {
#endif

#include "xtile/engine.h"
#include "xtile/tile_dut.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Mismatches: counted all, the first `limit` printed (cycle, block, signal, RTL, C). */
struct ls_log {
    uint64_t cycle;      /* clock edges compared so far */
    uint64_t mismatches; /* values that differed */
    int limit;           /* lines printed at most (20) */
    bool no_regs;        /* a DUT had no registers to compare (a netlist): outputs only */
    FILE *out;
};

void ls_log_init(struct ls_log *g);
/* Records a mismatch of signal (element idx, or -1 for a scalar) of block. */
void ls_mismatch(struct ls_log *g, const char *block, const char *signal, long idx, uint64_t rtl,
                 uint64_t c);

/* Compares a scalar, or elements [0, n) of two arrays, of block's signal; mismatches go to g. */
#define LS_EQ(g, blk, name, r, c)                                                                  \
    do {                                                                                           \
        if ((uint64_t)(r) != (uint64_t)(c))                                                        \
            ls_mismatch(g, blk, name, -1, (uint64_t)(r), (uint64_t)(c));                           \
    } while (0)
#define LS_EQV(g, blk, name, n, r, c)                                                              \
    do {                                                                                           \
        for (long i_ = 0; i_ < (long)(n); i_++)                                                    \
            if ((uint64_t)(r)[i_] != (uint64_t)(c)[i_])                                            \
                ls_mismatch(g, blk, name, i_, (uint64_t)(r)[i_], (uint64_t)(c)[i_]);               \
    } while (0)

/* Register compares, block by block: the RTL's registers (rtl) against the twin's (c). */
void ls_cmp_seq(struct ls_log *g, const char *block, const struct tile_pulse_seq_p *p,
                const struct tile_pulse_seq_q *rtl, const struct tile_pulse_seq_q *c);
void ls_cmp_adc(struct ls_log *g, const char *block, const struct tile_adc_rd_p *p,
                const struct tile_adc_rd_q *rtl, const struct tile_adc_rd_q *c);
void ls_cmp_wx(struct ls_log *g, const char *block, const struct tile_wxfer_ctl_p *p,
               const struct tile_wxfer_ctl_q *rtl, const struct tile_wxfer_ctl_q *c);
void ls_cmp_top(struct ls_log *g, const struct tile_top_p *p, const struct tile_top_q *rtl,
                const struct tile_top_q *c);
/* Every output of tile_top. */
void ls_cmp_top_out(struct ls_log *g, const struct tile_top_p *p, const struct tile_top_out *rtl,
                    const struct tile_top_out *c);

/*
 * FSM transitions of the RTL, read from its own state registers at every clock edge of every
 * bench (bit `to` of word `from`, struct tile_cov's layout): ls_fsm_mark() sets one; the tile
 * benches' lockstep DUT marks every block's. ls_fsm_write() appends them to DIR/fsm-NAME.txt,
 * one "block from to" line each (tb/coverage.sh checks them against tb/fsm_transitions.txt).
 */
extern struct tile_cov ls_rtl_fsm;
static inline void ls_fsm_mark(uint32_t *tab, int from, int to)
{
    tab[from] |= 1u << to;
}
int ls_fsm_write(const char *dir, const char *name);

/*
 * The lockstep DUT: open(p, ctx) with a struct ls_ctx. The harness's array
 * answers the C twin, which it drives; the RTL (ctx->rtl) gets the same inputs
 * and its own array (ctx->b, a tile built alike: same seed, so the same
 * devices) answers it. Every output is compared after out(), every register
 * after clock().
 */
struct ls_ctx {
    const struct tile_dut_ops *rtl;
    struct xt_tile *b;
    struct ls_log *log;
    const char *wave; /* FST of the RTL side from the start, or NULL */
};
extern const struct tile_dut_ops ls_dut;

#ifdef __cplusplus
}
#endif

#endif
