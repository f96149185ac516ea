/* analog.h - the network on tiles: digital neurons around one tile per layer */
#ifndef XTILE_ANALOG_H
#define XTILE_ANALOG_H

#include "xtile/config.h"
#include "xtile/engine.h"
#include "xtile/model.h"
#include "xtile/nvm.h"
#include "xtile/shadow.h"

#include <stdbool.h>
#include <stdint.h>

/* Statistics of one weight transfer (all layers), for clt.csv. */
struct anet_xfer {
    long example; /* training examples seen when it ran */
    struct clt_stats st;
};

/*
 * The digital neurons quantize what crosses a tile: activations to x_bits
 * codes (PWM on-times), errors to sign + d_bits codes scaled by the layer's
 * largest |delta|, ADC codes back to values; they compute activations,
 * deltas and the update probabilities (docs/olt.md). Everything random comes
 * from run.seed, so a run is a pure function of its configuration.
 */
struct anet {
    const struct xt_config *cfg;
    int nl;
    int n[XT_MAX_LAYERS];
    struct nvm_class msp, lsp;
    struct xt_tile tile[XT_MAX_LAYERS - 1];
    float *xq[XT_MAX_LAYERS];  /* signed on-times into layer l's rows (bias = x_max) */
    float *act[XT_MAX_LAYERS]; /* quantized activations x_hat (bias 1) */
    float *z;                  /* output pre-activations */
    float *p;                  /* output probabilities */
    float *delta[XT_MAX_LAYERS];
    float *don;               /* scratch: signed on-times of deltas */
    uint16_t *code, *pc, *qc; /* scratch */
    uint8_t *pn, *qn;
    double lsp_step_w;   /* nominal LSP step in weight units */
    long examples;       /* training examples seen */
    uint64_t codes_hash; /* FNV-1a of every ADC code read, forward and backward, in order */
    long since_xfer;
    struct clt_stats init_clt; /* initial programming */
    /* errors by target weight: of the initial programming, of every transfer (each tile's
     * clt.hist points at the one in force) */
    struct clt_err_hist init_hist, xfer_hist;
    struct xt_prof prof;     /* off unless a bench turns it on */
    struct xt_pool *pool;    /* cfg->engine.threads threads, shared by the tiles; NULL: one */
    struct anet_xfer *xfers; /* one per transfer */
    int nxfers, cap_xfers;
    /* NULL, or the pulse trace of one tile's array (tile[l].arr.trace): told each example's
     * number when it starts, written when it ends (its transfer included) */
    struct arr_trace *trace;
    /* the float shadow of a sample of every layer's weights (shadow.h): row 0 of its error after
     * the initial programming; anet_shadow_record adds one */
    struct shadow shadow;
    double wait_s; /* simulated time waited after training (model op drift_to) */
    double t_end;  /* and when training ended (once ended) */
    bool ended;
};

/*
 * Builds the tiles for cfg (encoding 2dev or 4dev): device classes, arrays,
 * OLT states, then programs the initial software weights (the float
 * network's, same seed) with closed-loop tuning. Errors (-XT_EINVAL naming the
 * key, -XT_EFORMAT naming a jump-table line, -XT_ENOMEM) leave *an zeroed.
 */
int anet_init(struct anet *an, const struct xt_config *cfg);
void anet_free(struct anet *an);

/* A row of the float shadow's error (an->shadow.hist): now, against every tile's weights. */
int anet_shadow_record(struct anet *an);

struct xt_model anet_model(struct anet *an);

/*
 * The simulated time, s: every clock of every tile (all books) at tile.clk_mhz, time.idle_s per
 * training example, and what was waited after training. Programming events are stamped with
 * it and the devices aged to it (drift, leakage; docs/devices.md "Time").
 */
double anet_time(const struct anet *an);

/* Clocks of one book (ARR_BOOK_*) per phase (XT_PHASE_*), summed over the tiles. */
void anet_cycles(const struct anet *an, int book, uint64_t cycles[XT_PHASES]);

/* Sums over the tiles of one book's (ARR_BOOK_*) pulse counts and read energy, in one phase
 * (XT_PHASE_*) or all (phase < 0). */
void anet_totals(const struct anet *an, int book, int phase, struct arr_tally tally[2],
                 double *e_read_pj);

#endif
