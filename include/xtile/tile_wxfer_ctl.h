/* tile_wxfer_ctl.h - cycle model of rtl/tile_wxfer_ctl.v: the weight-transfer controller */
#ifndef XTILE_TILE_WXFER_CTL_H
#define XTILE_TILE_WXFER_CTL_H

#include "xtile/clt.h"
#include "xtile/tile_lines.h"

#include <stdbool.h>
#include <stdint.h>

/* FSM states; the RTL uses the same encoding (docs/tile.md). */
enum {
    WX_IDLE = 0,
    WX_ROW,      /* row begins */
    WX_PWM,      /* the row is driven for x_max cycles */
    WX_PWM_DONE, /* ADC start */
    WX_ADC,      /* waiting for the codes */
    WX_RESET_L,  /* RESET of the LSP devices that need it, then the swap (4dev; cnt_q: which) */
    WX_RESET_M,  /* RESET of the tuned pair (strategy reset, 2dev refresh) */
    WX_ITER,     /* another iteration? */
    WX_DECIDE,   /* clt_decide for every active column */
    WX_RESTART,  /* RESET of the pairs that restart */
    WX_SET,      /* SET strobe toward the targets */
    WX_NEXT,     /* iteration done */
    WX_IDEAL,    /* exact write (ideal strategy, model-only op) */
    WX_ROW_END,
    WX_DONE,
    WX_KEEP /* 4dev: the columns left unconverged tune on with their LSP pair */
};

/* The controller's integer counters (struct clt_stats) in register order (tile_top's bus). */
enum {
    WX_ST_WEIGHTS,
    WX_ST_CHECKED,
    WX_ST_NOT_CONVERGED,
    WX_ST_ITERATIONS,
    WX_ST_READS,
    WX_ST_SET_PULSES,
    WX_ST_RESETS,
    WX_ST_RESTART_ITERS,
    WX_ST_SET_ITERS,
    WX_ST_RESTARTS,
    WX_ST_LSP_KEPT,
    WX_STS
};

/* Counter n (WX_ST_*) of s (0 outside 0 .. WX_STS - 1). */
uint64_t tile_wxfer_ctl_stat(const struct clt_stats *s, int n);
/* The field of s that counter n (0 .. WX_STS - 1) is. */
uint64_t *tile_wxfer_ctl_stat_at(struct clt_stats *s, int n);

/*
 * Which read the controller is doing: the target (the whole cell), 2dev's
 * devices 0 and 1, and the loop's read of the whole cell (WX_RD_M: the cell as
 * it stays once its LSP is RESET, DESIGN.md 7a).
 */
enum { WX_RD_T = 0, WX_RD_D0 = 1, WX_RD_D1 = 2, WX_RD_M = 3 };

/* Array ops the controller issues (port.h numbering plus the model-only exact write). */
enum {
    WX_OP_NOP = 0,
    WX_OP_READ = 1,
    WX_OP_SET = 2,
    WX_OP_RESET = 3,
    WX_OP_IDEAL = 4,
    WX_OP_SWAP = 5
};

struct tile_wxfer_ctl_p {
    int rows, cols;
    int x_max;       /* on-time of a weight read */
    bool two_dev;    /* 2dev refresh instead of 4dev transfer */
    int refresh_thr; /* a device read alone at or above this code needs a refresh (2dev) or its
                        RESET (4dev, clt.lsp_reset = needed): clt_refresh_code */
    const struct clt_params *clt;
};

struct tile_wxfer_ctl_q {
    uint8_t state_q, rd_q;
    uint16_t row_q;
    uint16_t iter_q;
    uint16_t cnt_q;
    struct clt_col *col_q;               /* per column */
    uint16_t *dev0_q;                    /* code of the first device read alone */
    uint8_t *rst_q;                      /* 4dev: LSP devices to RESET, bit 0 g+, bit 1 g- */
    uint8_t *need_q;                     /* columns tuned in this row */
    uint8_t *restart_q, *set_q, *plus_q; /* this iteration's decisions */
    struct clt_stats st_q;               /* integer counters (error sums: the engine's) */
    bool dirty;                          /* model only: comb wrote a per-column register */
};

struct tile_wxfer_ctl_in {
    bool start_i;
    const uint16_t *code_i; /* the ADC's codes, valid when adc_done_i */
    bool adc_done_i;
};

struct tile_wxfer_ctl_out {
    int op_o;  /* WX_OP_* */
    int sel_o; /* enum arr_sel; SET/RESET: ARR_SEL_MSP tuned pair, ARR_SEL_ALL LSP pair (the
                  write-back's SETs); RESET: ARR_SEL_DEV0 + k LSP device k alone */
    int row_o; /* the one row driven or strobed */
    uint8_t *col_en_o, *col_neg_o;           /* caller-owned, cols */
    struct tile_lines *col_en_s, *col_neg_s; /* model only: what they hold (NULL: not kept) */
    bool integ_rst_o, adc_start_o;
    bool swap_o; /* polarity inversion: the ideal write swaps the LSP's roles (else WX_OP_SWAP) */
    bool row_begin_o, row_end_o; /* the engine books the row's transfer error here */
    bool busy_o, done_o;
};

/* How many lines of an n-line enable vector are set (the strobes' popcount). */
int tile_count_set(const uint8_t *m, int n);

int tile_wxfer_ctl_init(struct tile_wxfer_ctl_q *q, const struct tile_wxfer_ctl_p *p);
void tile_wxfer_ctl_free(struct tile_wxfer_ctl_q *q);
void tile_wxfer_ctl_reset(struct tile_wxfer_ctl_q *q, const struct tile_wxfer_ctl_p *p);
void tile_wxfer_ctl_comb(const struct tile_wxfer_ctl_p *p, const struct tile_wxfer_ctl_q *q,
                         const struct tile_wxfer_ctl_in *in, struct tile_wxfer_ctl_q *d,
                         struct tile_wxfer_ctl_out *out);
/* Every register of src into dst (both of p's shape). */
void tile_wxfer_ctl_copy(const struct tile_wxfer_ctl_p *p, struct tile_wxfer_ctl_q *dst,
                         const struct tile_wxfer_ctl_q *src);
/*
 * The rest of a read's PWM window in one step, from its third clock on (the
 * clock before drove the same row, op and select without the integrator
 * reset, as every clock to the window's end does): the window's counter at
 * its end and the state WX_PWM_DONE, q and d alike. Returns the clocks, 0
 * outside such a stretch.
 */
long tile_wxfer_ctl_pwm(const struct tile_wxfer_ctl_p *p, struct tile_wxfer_ctl_q *q,
                        struct tile_wxfer_ctl_q *d);
/* The clock edge q <- d; afterwards d's per-column registers equal q's (see the .c). */
void tile_wxfer_ctl_clock(const struct tile_wxfer_ctl_p *p, struct tile_wxfer_ctl_q *q,
                          struct tile_wxfer_ctl_q *d);

#endif
