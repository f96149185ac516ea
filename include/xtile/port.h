/* port.h - the analog array model's per-clock interface (DESIGN.md section 8) */
#ifndef XTILE_PORT_H
#define XTILE_PORT_H

#include "xtile/adc.h"
#include "xtile/array.h"

#include <stdbool.h>
#include <stdint.h>

enum { PORT_NOP = 0, PORT_READ = 1, PORT_SET = 2, PORT_RESET = 3, PORT_IDEAL = 4, PORT_SWAP = 5 };
enum { PORT_FWD = 0, PORT_BWD = 1, PORT_ROW = 2 }; /* what a READ integrates */

/* What the digital side drives in one clock. */
struct port_in {
    int op;   /* PORT_* */
    int mode; /* READ: PORT_FWD / PORT_BWD / PORT_ROW (one row, device select `sel`) */
    int sel;  /* enum arr_sel for PORT_ROW reads; SET/RESET: 1 MSP pair, 0 LSP pair; RESET:
                 ARR_SEL_DEV0 + k device k alone */
    bool integ_rst;
    bool sample;
    bool conv; /* ramp valid */
    int ramp;
    const uint8_t *row_en, *row_neg; /* rows */
    const uint8_t *col_en, *col_neg; /* cols */
    bool swap;                       /* with PORT_IDEAL: swap the LSP's roles (arr_swap_lsp) */
};

/* The model's own state between clocks: on-times and sampled values. */
struct port {
    struct arr *a;
    const struct adc *adc[3]; /* converter scale of a PORT_FWD / PORT_BWD / PORT_ROW read */
    int32_t *on;              /* signed on-time per line: rows then cols */
    float *v;                 /* sampled values of the integrating lines */
    int *trip;                /* per line: first ramp step whose threshold is >= v */
    float *onf;               /* the on-times as the read functions take them */
    int mode, sel, row;       /* of the last sample */
    int *list_r, *list_c;     /* scratch */
};

int port_init(struct port *ps, struct arr *a, const struct adc *fwd, const struct adc *bwd,
              const struct adc *row);
void port_free(struct port *ps);

/*
 * One clock of the array: integrator reset, READ (every enabled driving line
 * adds +-1 to its on-time), sample (the values, computed by arr_read_fwd,
 * arr_read_bwd or arr_read_row from the on-times: the functions L0 calls),
 * SET/RESET strobes at the enabled crossings (+ device of the pair when the
 * row and column polarities differ; a RESET of a pair, or of one device),
 * PORT_SWAP (the LSP's roles swapped at the enabled crossings: arr_swap_lsp), the ideal strategy's
 * exact write (PORT_IDEAL, a model-only op: clt_ideal_cell of each crossing), and the comparator of
 * every integrating line against the ramp (cmp: cols for PORT_FWD and PORT_ROW, rows for PORT_BWD).
 * The thresholds rise with the step, so a comparator trips from its line's first tripping step on:
 * the model finds that step once per sample.
 */
void port_clock(struct port *ps, const struct port_in *in, uint8_t *cmp);

/*
 * n clocks of the same inputs, the comparators not read: a READ without
 * reset, sample or conversion in one pass (on-times +-n), anything else clock
 * by clock. The same state as n port_clock calls.
 */
void port_clocks(struct port *ps, const struct port_in *in, long n);

#endif
