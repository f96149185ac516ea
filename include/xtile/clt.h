/* clt.h - closed-loop tuning: weight transfer LSP -> MSP, 2dev refresh, initial programming */
#ifndef XTILE_CLT_H
#define XTILE_CLT_H

#include "xtile/adc.h"
#include "xtile/array.h"
#include "xtile/pool.h"

#include <stdint.h>

enum clt_strategy { CLT_STRAT_INC, CLT_STRAT_RESET, CLT_STRAT_TARGET, CLT_STRAT_IDEAL };
/* all: both LSP devices of every cell; needed: read each alone, RESET those above its RESET level
 */
enum clt_lsp_reset { CLT_LSP_RESET_ALL, CLT_LSP_RESET_NEEDED };

/* The clt. keys (docs/config.md). */
struct clt_cfg {
    int every;              /* examples between transfers */
    double tau;             /* nominal steps of the tuned pair */
    int max_iter;           /* 0 = derived from the span */
    int polarity_inversion; /* 0 false, 1 true */
    int lsp_reset;          /* enum clt_lsp_reset: which LSP devices a transfer RESETs */
    int strategy;           /* enum clt_strategy */
    int sat_pulses;         /* SETs on one device in one transfer that mean "saturated" */
    int target_codes;       /* target strategy: |T - M| above this reprograms from RESET */
    double refresh_frac;    /* 2dev: a device above this fraction of Gmax triggers a refresh */
    int adc_bits;           /* resolution of the weight reads of a transfer */
    double offset_us;       /* 4dev: the MSP is tuned to the target less this (µS of LSP) */
};

/* What a tile's transfer parameters are derived from. */
struct clt_setup {
    const struct clt_cfg *clt;
    const struct arr_enc *enc;
    const struct nvm_par *msp, *lsp; /* msp unused for 2dev */
    int read_cycles;                 /* on-time of a weight read: the tile's X_max */
    int adc_share;                   /* lines per converter */
};

/*
 * Transfer error by target weight (the weight before the transfer, clt_book_error's `before`):
 * CLT_ERR_BINS bins of width 2 w_max / CLT_ERR_BINS over [-w_max, w_max], a target outside in
 * the edge bin. Sums of after - before, its magnitude and its square.
 */
#define CLT_ERR_BINS 40
struct clt_err_hist {
    double w_max;
    uint64_t n[CLT_ERR_BINS];
    double sum[CLT_ERR_BINS], sum_abs[CLT_ERR_BINS], sum_sq[CLT_ERR_BINS];
};

struct clt_params {
    int strategy;   /* enum clt_strategy */
    int tau;        /* codes: clt.tau (nominal steps of the tuned pair) converted */
    int max_iter;   /* clt.max_iter, or the budget derived from the LSP's span when 0 */
    int step_codes; /* the tuned pair's nominal step (Gmax / N_DR of one device), codes, >= 1 */
    int zero_code;  /* the code of weight 0 (adc_convert(0)) */
    int offset;     /* codes: clt.offset_us converted; the MSP's target is the target less it */
    bool pol_inv;   /* clt.polarity_inversion: the LSP's roles swap at every transfer */
    bool
        lsp_read; /* 4dev, clt.lsp_reset = needed: read the LSP devices, RESET those that need it */
    int sat_pulses;
    int target_codes;
    double refresh_frac;
    int read_cycles;           /* on-time of a weight read (X_max) */
    int adc_share;             /* lines per converter */
    struct adc adc;            /* weight reads: full scale w_max * read_cycles */
    struct clt_work *work;     /* per-column working memory (clt_work_alloc), NULL until then */
    struct clt_err_hist *hist; /* NULL, or where clt_book_error books each error by target */
};

/* Outcome of transfers, summed; mean values are sums / weights. */
struct clt_stats {
    uint64_t weights;       /* weights transferred (2dev: refreshed) */
    uint64_t checked;       /* weights examined */
    uint64_t not_converged; /* left with |e| > tau after max_iter, or given up */
    uint64_t iterations;    /* read-compare iterations, summed over rows */
    uint64_t reads;         /* row reads */
    uint64_t set_pulses, resets;
    uint64_t restart_iters;         /* iterations in which some column RESET its pair */
    uint64_t restarts;              /* columns that RESET their pair to program it from zero */
    uint64_t lsp_kept;              /* 4dev: columns whose residual the LSP took (write-back) */
    uint64_t set_iters;             /* iterations in which some column was SET */
    uint64_t cycles;                /* clocks the transfer controller takes (docs/tile.md) */
    double sum_abs_err, sum_sq_err; /* |W before - W after|, weight units */
};

/* Adds every counter and error sum of src to dst. */
void clt_stats_add(struct clt_stats *dst, const struct clt_stats *src);

/*
 * The transfer's parameters from its keys and the cell it tunes: tau from nominal steps to
 * codes of the transfer read, the iteration budget (clt.max_iter, or when it
 * is 0 the one derived from the span the transfer must move: DESIGN.md 7a,
 * docs/olt.md). Returns -XT_EINVAL naming the key when the configuration is
 * one no transfer can serve (a budget that cannot move the LSP's span,
 * polarity inversion on 2dev); *p is filled in either case.
 */
int clt_params_init(struct clt_params *p, const struct clt_setup *s);
/* The iterations of one nominal step needed to move the span the transfer must move. */
int clt_span_steps(const struct arr_enc *e, const struct nvm_par *msp, const struct nvm_par *lsp);
/*
 * The working memory of clt_transfer and clt_program for arrays of up to
 * `cols` columns, split among up to `parts` threads (rows x cols for parts >
 * 1), allocated once with the tile (so a transfer cannot fail): 0 or
 * -XT_ENOMEM. clt_work_free releases it (NULL-safe).
 */
int clt_work_alloc(struct clt_params *p, int rows, int cols, int parts);
void clt_work_free(struct clt_params *p);

/* Per-column state of the tuning loop: the registers of one column of the controller. */
struct clt_col {
    int target;  /* code */
    int dev;     /* CLT_PLUS / CLT_MINUS: device SET last; 0 none */
    int run;     /* SETs on it since m_start was taken; -1: gave up */
    int m_start; /* MSP code when that window started */
    bool active; /* still tuning */
    bool restarted;
    bool keep; /* 4dev: in the write-back pass, the LSP takes what the MSP could not */
};

enum { CLT_NONE = 0, CLT_PLUS = 1, CLT_MINUS = 2 };

/*
 * The code the column tunes to: the target, less the offset in the MSP pass (the Nature
 * transfer: the MSP ends below the target, the LSP's write-back pass takes the rest).
 */
static inline int clt_col_target(const struct clt_params *p, const struct clt_col *s)
{
    return s->keep ? s->target : s->target - p->offset;
}

/*
 * Whether the write-back pass tunes column s of a tuned row: when the MSP pass left it
 * unconverged, and with an offset every column (the LSP takes the offset and what the MSP missed).
 */
static inline bool clt_col_kept(const struct clt_params *p, const struct clt_col *s)
{
    return p->offset > 0 || s->active || s->run < 0;
}

/* A column tuned and not converged: still active after the loop, or it gave up (run -1). */
static inline bool clt_col_unconverged(const struct clt_col *s)
{
    return s->active || s->run < 0;
}
enum clt_action { CLT_DONE, CLT_RESTART, CLT_GIVE_UP, CLT_SET_PLUS, CLT_SET_MINUS };

/*
 * One column's decision in iteration `it` after reading code m of the whole
 * cell (section 7 step 4; 7a: the cell as it will stay, its LSP RESET): done
 * within tau; the target rule; saturation (sat_pulses SETs in a row that
 * move the code by less than one nominal step toward the target: RESET the pair once, give up the
 * second time or under `reset`); else SET toward the target. A RESET of the
 * pair happens only when the iterations left can program the target from
 * zero (clt_restart_fits); otherwise saturation gives up and the target rule
 * tunes on from the present state. In the write-back pass (s->keep) there is no
 * restart, and a column stops once its error changes sign (it crossed the
 * target; counted not converged if that leaves more than tau plus one step of
 * the MSP, a coarse LSP pulse). With an offset (clt.offset_us) the MSP pass tunes to the target
 * less the offset (clt_col_target), and a column whose MSP target falls inside (0, offset) above
 * the code of weight 0 RESETs its pair in the first iteration and leaves the rest to the LSP (the
 * Nature transfer, docs/olt.md); its write-back pass stops at the target code (no tau: the
 * LSP's steps are finer than the MSP's, and stopping within tau from below would leave every
 * weight tau low). Updates *s as the controller's registers
 * would. The one definition of the rule: clt_transfer (L0) and tile_wxfer_ctl
 * (L1) both call it; rtl/tile_wx_col.v mirrors it.
 */
enum clt_action clt_decide(const struct clt_params *p, struct clt_col *s, int m, int it);
/*
 * Whether a pair RESET in iteration it can still reach target: |target -
 * zero_code| <= (max_iter - it - 1) step_codes (the controller computes the
 * product once per iteration for every column).
 */
bool clt_restart_fits(const struct clt_params *p, int target, int it);

/*
 * Transfers every row of a (4dev): reads the total weight, RESETs the LSP
 * devices (all, or under clt.lsp_reset = needed those a read of each alone
 * finds above its RESET level; swapping its roles under polarity inversion), tunes the MSP until
 * the whole cell, LSP remains included, reads the total again (DESIGN.md 7, 7a); what the MSP
 * cannot take, the LSP pair takes back by the same loop (write-back). For 2dev, refreshes the pairs
 * with a device above refresh_frac of Gmax (the occasional RESET). Adds to *st.
 * p's working memory must be allocated for a->cols columns. The rows are
 * split among pool's threads (NULL: one) where that gives the same bits.
 */
void clt_transfer(struct arr *a, const struct clt_params *p, struct clt_stats *st,
                  struct xt_pool *pool);

/*
 * The code at which a device read alone needs its RESET: 2dev, the refresh
 * (refresh_frac of Gmax); 4dev, an LSP device under clt.lsp_reset = needed
 * (half its nominal step, at least one code above weight 0).
 */
int clt_refresh_code(const struct arr *a, const struct clt_params *p);

/*
 * Books one transferred weight's error |before - after| into *st; under the
 * ideal strategy a miss of more than half a code of the transfer read (a
 * device that cannot take its part) is counted as not converged, since the
 * exact write has no loop to count it. Every engine books through it.
 */
void clt_book_error(const struct clt_params *p, float before, float after, struct clt_stats *st);

/* Clocks of one weight read by the controller: PWM, ADC start, sample, ramps, done. */
long clt_read_clocks(const struct clt_params *p);

/*
 * The ideal strategy's exact write of cell: LSP (2dev: the pair) RESET (and
 * its roles swapped when swap), then the tuned pair written so that the cell
 * holds w, whatever the RESET left and whichever devices are stuck (as far as
 * the live devices can).
 */
void clt_ideal_cell(struct arr *a, long cell, float w, bool swap);

/*
 * Programs target weights w[rows * cols] into a freshly built array with the
 * same closed loop (4dev: into the MSP; 2dev: into the matching device).
 * p's working memory must be allocated for a->cols columns; pool as for
 * clt_transfer.
 */
void clt_program(struct arr *a, const struct clt_params *p, const float *w, struct clt_stats *st,
                 struct xt_pool *pool);

#endif
