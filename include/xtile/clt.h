/* clt.h - closed-loop tuning: weight transfer LSP -> MSP, 2dev refresh, initial programming */
#ifndef XTILE_CLT_H
#define XTILE_CLT_H

#include "xtile/adc.h"
#include "xtile/array.h"

#include <stdint.h>

struct clt_params {
    int strategy; /* enum xt_clt_strategy */
    int tau;      /* codes */
    int max_iter;
    int sat_pulses;
    int target_codes;
    double refresh_frac;
    int read_cycles;       /* on-time of a weight read (X_max) */
    int adc_share;         /* lines per converter */
    struct adc adc;        /* weight reads: full scale w_max * read_cycles */
    struct clt_work *work; /* per-column working memory (clt_work_alloc), NULL until then */
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
    uint64_t set_iters;             /* iterations in which some column was SET */
    uint64_t cycles;                /* clocks the transfer controller takes (docs/tile.md) */
    double sum_abs_err, sum_sq_err; /* |W before - W after|, weight units */
};

void clt_params_init(struct clt_params *p, const struct xt_config *c);
/*
 * The working memory of clt_transfer and clt_program for arrays of up to
 * `cols` columns, allocated once with the tile (so a transfer cannot fail):
 * 0 or -XT_ENOMEM. clt_work_free releases it (NULL-safe).
 */
int clt_work_alloc(struct clt_params *p, int cols);
void clt_work_free(struct clt_params *p);

/* Per-column state of the tuning loop: the registers of one column of the controller. */
struct clt_col {
    int target;  /* code */
    int dev;     /* CLT_PLUS / CLT_MINUS: device SET last; 0 none */
    int run;     /* SETs on it since m_start was taken; -1: gave up */
    int m_start; /* MSP code when that window started */
    bool active; /* still tuning */
    bool restarted;
};

enum { CLT_NONE = 0, CLT_PLUS = 1, CLT_MINUS = 2 };
enum clt_action { CLT_DONE, CLT_RESTART, CLT_GIVE_UP, CLT_SET_PLUS, CLT_SET_MINUS };

/*
 * One column's decision in iteration `it` after reading MSP code m (section 7
 * step 4): done within tau; the target rule; saturation (sat_pulses SETs in a
 * row that leave the code unmoved toward the target: RESET the pair once, give
 * up the second time or under `reset`); else SET toward the target. Updates
 * *s as the controller's registers would. The one definition of the rule:
 * clt_transfer (L0) and tile_wxfer_ctl (L1) both call it.
 */
enum clt_action clt_decide(const struct clt_params *p, struct clt_col *s, int m, int it);

/*
 * Transfers every row of a (4dev): reads the total weight, RESETs the LSP,
 * tunes the MSP to it (DESIGN.md section 7). For 2dev, refreshes the pairs
 * with a device above refresh_frac of Gmax (the occasional RESET). Adds to *st.
 * p's working memory must be allocated for a->cols columns.
 */
void clt_transfer(struct arr *a, const struct clt_params *p, struct clt_stats *st);

/* 2dev refresh threshold: the read code of refresh_frac Gmax on one device. */
int clt_refresh_code(const struct arr *a, const struct clt_params *p);

/* Clocks of one weight read by the controller: PWM, ADC start, sample, ramps, done. */
long clt_read_clocks(const struct clt_params *p);

/* The ideal strategy's exact write of cell: LSP (2dev: the pair) RESET, then w into the pair. */
void clt_ideal_cell(struct arr *a, long cell, float w);

/*
 * Programs target weights w[rows * cols] into a freshly built array with the
 * same closed loop (4dev: into the MSP; 2dev: into the matching device).
 * p's working memory must be allocated for a->cols columns.
 */
void clt_program(struct arr *a, const struct clt_params *p, const float *w, struct clt_stats *st);

#endif
