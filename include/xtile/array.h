/* array.h - the crossbar: unit cells of 2 or 4 devices, reads, pulses, energy and endurance */
#ifndef XTILE_ARRAY_H
#define XTILE_ARRAY_H

#include "xtile/nvm.h"
#include "xtile/trace.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * Device slots of a unit cell. 4dev: W = F (G+ - G-) + (g+ - g-), slots
 * G+, G-, g+, g-. 2dev: W = g+ - g-, slots 0 and 1 (LSP-class devices).
 * 4dev_shared (the Nature cell): W = F (G+ - G-) + (g - g_ref), slot g+ the cell's own LSP
 * device g and g_ref one reference device per column (arr.ref); slot g- has no device: a pulse
 * on it is a depression pulse of g (the cell's pull-down), a RESET of it does nothing.
 * Weights are in weight units: w = W / G_ref with G_ref = (F Gmax_msp +
 * Gmax_lsp) / w_max (4dev) or Gmax_lsp / w_max (2dev), so that both encodings
 * span +-w_max. Cell (r, c) is index r * cols + c; its device k is
 * (r * cols + c) * ndev + k.
 */
enum { ARR_GP = 0, ARR_GM = 1, ARR_LP = 2, ARR_LM = 3 };

/* How a weight is held (the weights. keys); ARR_ENC_FLOAT has no array (the float network). */
enum arr_encoding { ARR_ENC_FLOAT, ARR_ENC_2DEV, ARR_ENC_4DEV, ARR_ENC_4DEV_SHARED };
struct arr_enc {
    int encoding; /* enum arr_encoding */
    double f;     /* MSP gain F */
    double w_max; /* weight that the largest representable W maps to */
};

/* Whether the encoding has an MSP pair (4dev, 4dev_shared): four slots per cell. */
static inline bool arr_enc_four(const struct arr_enc *e)
{
    return e->encoding == ARR_ENC_4DEV || e->encoding == ARR_ENC_4DEV_SHARED;
}

#define ARR_FIX 0x1p32 /* fixed-point units per µS of the line sums */

/*
 * Rows that threads split an array by: the weights of ARR_LINE_ROWS rows (4
 * bytes x cols each, from a 64-byte boundary) and their row sums (8 bytes each,
 * the array 64-byte aligned) fill whole cache lines, so threads working
 * different blocks of them never write one line (docs/decisions.md, "Threads").
 */
enum { ARR_LINE_ROWS = 16 };

/* What a row read selects (the weight-transfer controller's device select). */
enum arr_sel {
    ARR_SEL_ALL = 0, /* the whole weight (F-weighted MSP + LSP) */
    ARR_SEL_MSP = 1, /* F (G+ - G-) (4dev); the pair (2dev) */
    ARR_SEL_DEV0 = 2 /* + k: device k alone, G_k / G_ref */
};

enum { ARR_MSP = 0, ARR_LSP = 1 }; /* device classes, for tallies */

/* What the array's work is booked to: training, evaluation, or initial programming. */
enum { ARR_BOOK_TRAIN = 0, ARR_BOOK_EVAL = 1, ARR_BOOK_SETUP = 2, ARR_BOOKS = 3 };
/* ... and within a book, the tile's phase it was done in (the digital neurons set it). */
enum { XT_PHASE_FWD = 0, XT_PHASE_BWD = 1, XT_PHASE_UPD = 2, XT_PHASE_XFER = 3, XT_PHASES = 4 };

/*
 * Pulse counts of one device class; energies follow from them (exact in every engine). A RESET
 * of a bidirectional class counts the pulses of its depression train.
 */
struct arr_tally {
    uint64_t n_set, n_reset;
};

/*
 * One device, what a SET pulse reads and writes: 16 bytes, so that the four
 * devices of a 4dev cell are one cache line (a pulse's cost is mostly the
 * fetch of its cell). Its RESET count and yield class live in the array's
 * n_reset[] and state[] (arr_n_set, arr_n_reset, arr_state).
 */
struct arr_dev {
    float g;     /* conductance, µS */
    float gmax;  /* its Gmax (device-to-device draw), µS */
    float dgmax; /* its steep-jump size, µS */
    uint32_t
        pulses; /* SET + RESET pulses so far (a depression train: each): its stream's counter */
};

struct arr {
    int id;         /* array number in the network (random-number keys) */
    int rows, cols; /* rows include the bias row */
    int ndev;       /* 2 or 4 */
    float f;        /* MSP gain (4dev), 1 otherwise */
    float inv_gref; /* weight units per µS */
    uint64_t seed;
    uint32_t pulse_key; /* xt_rng_key32(seed, XT_STREAM_PULSE) */
    uint32_t dev_base;  /* network-wide index of this array's device 0 */
    const struct nvm_class *cls[4];
    float gain[4];       /* weight units per µS of each slot: +-F/G_ref, +-1/G_ref */
    struct arr_dev *dev; /* rows x cols x ndev */
    uint32_t *n_reset;   /* per device: RESET pulses so far */
    uint8_t *state;      /* per device: enum nvm_state */
    /*
     * Per cell (4dev): the LSP's two devices have swapped roles (polarity
     * inversion, clt.polarity_inversion): W = F (G+ - G-) - (g+ - g-), and a
     * positive update SETs g-. Swapped after the LSP's RESET at a transfer, so
     * between transfers every cell has the same polarity.
     */
    uint8_t *lsp_neg;
    float *w; /* effective weights, rows x cols, kept in step with g */
    /*
     * Sum of every device conductance of a row / column in fixed point
     * (ARR_FIX units per µS): integer sums are exact in any order, so the read
     * energy does not depend on the order in which an engine moves devices.
     */
    int64_t *row_g, *col_g;
    double read_sigma_w; /* read-noise sigma of one cell read, weight units */
    uint64_t reads;      /* read operations so far (read-noise key) */
    double e_read_unit;  /* pJ per (µS x cycle): V^2 t_cycle */
    int book;            /* ARR_BOOK_*: where pulses and read energy are booked */
    int phase;           /* XT_PHASE_*: and in which phase of the book */
    /*
     * Read energy per book and phase in ARR_FIX units per µS x cycle (on-times
     * are whole cycles): an exact integer, so the total is the same in any
     * order, a transfer's rows split among threads included (--threads).
     */
    unsigned __int128 e_read_fix[ARR_BOOKS][XT_PHASES];
    struct arr_tally tally[ARR_BOOKS][XT_PHASES][2];
    struct arr_trace *trace; /* NULL, or the pulse trace that records this array's pulses */
    /*
     * Time (drift, leakage; docs/devices.md "Time"), NULL t_prog when neither class ages: now is
     * the simulated time (s) a programming event is stamped with (the digital neurons set it),
     * t_prog[d] device d's last programming event, aged the time every g was last brought to.
     */
    double now, aged;
    double *t_prog;
    uint32_t drift_key; /* xt_rng_key32(seed, XT_STREAM_DRIFT) */
    /*
     * 4dev_shared: each column's reference device g_ref (LSP class; programmed at its reset
     * level, then only aged), its yield class; NULL otherwise. Device index (random keys,
     * t_prog) rows x cols x 4 + column.
     */
    bool shared;
    struct arr_dev *ref;
    uint8_t *ref_state;
};

/* Whether device d of the cells is a device (slot g- of a 4dev_shared cell is not). */
static inline bool arr_dev_present(const struct arr *a, long d)
{
    return !a->shared || (d & 3) != 3;
}

/*
 * Weight units per µS, 1 / G_ref, of an encoding: w_max over the largest W,
 * F Gmax_msp + Gmax_lsp (4dev) or Gmax_lsp (2dev; g_max_msp unused). The one
 * definition of the mapping (arr_init, the transfer's steps, the OLT's gains).
 */
static inline double arr_weight_per_us(const struct arr_enc *e, double g_max_msp, double g_max_lsp)
{
    return arr_enc_four(e) ? e->w_max / (e->f * g_max_msp + g_max_lsp) : e->w_max / g_max_lsp;
}

/* Pulses of device class k (ARR_MSP, ARR_LSP) booked to book, in one phase or all (phase < 0). */
struct arr_tally arr_tally_of(const struct arr *a, int book, int phase, int k);
/* Read energy booked to book, pJ, in one phase or all (phase < 0). */
double arr_read_energy(const struct arr *a, int book, int phase);

/* What one array is built from. */
struct arr_par {
    int id;         /* array number in the network (random-number keys) */
    int rows, cols; /* rows include the bias row */
    struct arr_enc enc;
    const struct nvm_class *msp, *lsp; /* msp unused for 2dev */
    uint64_t seed;                     /* run.seed */
    uint32_t dev_base;                 /* network-wide index of the array's device 0 */
    double v_read;                     /* read voltage, V */
    double clk_mhz;                    /* the tile's clock (a read cycle's length) */
};

/*
 * Builds the array: draws every device's Gmax, dGmax and yield from (seed,
 * XT_STREAM_D2D, device), sets every device to its RESET state (stuck-on
 * devices to Gmax). On error returns -XT_ENOMEM and leaves *a zeroed.
 */
int arr_init(struct arr *a, const struct arr_par *p);
void arr_free(struct arr *a);

/* Wear and yield of device d: SET pulses, RESET pulses, enum nvm_state. */
static inline uint32_t arr_n_reset(const struct arr *a, long d)
{
    return a->n_reset[d];
}
static inline uint32_t arr_n_set(const struct arr *a, long d)
{
    return a->dev[d].pulses - a->n_reset[d];
}
static inline int arr_state(const struct arr *a, long d)
{
    return a->state[d];
}

/*
 * Brings every alive device's g from time a->aged to t (s): drift since its last programming
 * event, leakage (nvm_age); w and the line sums follow. Nothing when t <= a->aged or no class
 * ages. Drift exponents come from (seed, XT_STREAM_DRIFT, device, its pulse count).
 */
void arr_age(struct arr *a, double t);

/* Class (ARR_MSP / ARR_LSP) of device slot k. */
int arr_class_of(const struct arr *a, int k);

/* The + device of the pair a pulse or RESET acts on: the MSP pair (4dev, msp) or the LSP pair. */
static inline int arr_pair_plus(const struct arr *a, bool msp)
{
    return a->ndev == 4 ? (msp ? ARR_GP : ARR_LP) : 0;
}

/*
 * The device of cell a coincidence SETs: + when the row's and the column's
 * polarities differ (the update -eta x delta is then positive), - when they
 * agree; on the LSP of a cell with swapped roles (lsp_neg), the other one.
 */
static inline int arr_pulse_slot(const struct arr *a, bool msp, long cell, int row_neg, int col_neg)
{
    int minus = (row_neg != 0) == (col_neg != 0);

    if (!msp && a->ndev == 4)
        minus ^= a->lsp_neg[cell];
    return arr_pair_plus(a, msp) + minus;
}

/* n SET pulses on device k of cell; each pulse counted, stuck devices do not move. */
void arr_set(struct arr *a, long cell, int k, int n);
/* The same for the cell at row r, column c. */
void arr_set_rc(struct arr *a, int r, int c, int k, int n);
/* SET pulses of one device in a batch: n pulses on device k of the cell at row r, column c. */
struct arr_pulses {
    int32_t r, c;
    uint16_t k, n;
};
/*
 * The events ev[0..n) (each device at most once), with the results of
 * arr_set_rc on each in turn; faster, since the cells are fetched and the
 * random numbers drawn ahead.
 */
void arr_set_batch(struct arr *a, const struct arr_pulses *ev, int n);
/*
 * One thread's share of an update: arr_set_part applies events of rows no
 * other share touches, and adds what rows share (the column sums, the SET
 * tally) into the share; arr_part_merge adds that to the array and clears
 * the share. Integer sums: the result does not depend on how rows are split
 * (--threads). No pulse trace: a traced update is not split.
 */
struct arr_part {
    int64_t *col_g;    /* per column, µS in ARR_FIX units */
    uint64_t n_set[2]; /* per class, ARR_MSP and ARR_LSP */
};
/*
 * The same for a whole view of a (a transfer's rows on another thread):
 * arr_view_init makes v a's cells with column sums col_g (a->cols, zeroed)
 * and tallies, read energy and read count of its own; arr_view_merge adds
 * those to a and clears v's column sums.
 */
void arr_view_init(struct arr *v, const struct arr *a, int64_t *col_g);
void arr_view_merge(struct arr *a, const struct arr *v);
int arr_part_init(struct arr_part *p, const struct arr *a);
void arr_part_free(struct arr_part *p);
void arr_set_part(struct arr *a, struct arr_part *p, const struct arr_pulses *ev, int n);
void arr_part_merge(struct arr *a, struct arr_part *p);
/*
 * RESET of device k of cell: abrupt (near 0, reset_sigma), or for a bidirectional class a train
 * of reset_len depression pulses, each drawn by the stream rule like a SET.
 */
void arr_reset(struct arr *a, long cell, int k);
/* Swaps the roles of the LSP's two devices of cell (4dev; polarity inversion): no pulse. */
void arr_swap_lsp(struct arr *a, long cell);
/* Writes a device directly (ideal transfer, no pulse counted): g clipped to [0, gmax]. */
void arr_write(struct arr *a, long cell, int k, float g);

/* Integrated value of every column: s_j = sum_i x_i w_ij (+ read noise); x = signed on-times. */
void arr_read_fwd(struct arr *a, const float *x, float *s);
/* Integrated value of every row: e_i = sum_j d_j w_ij (+ read noise); d = signed on-times. */
void arr_read_bwd(struct arr *a, const float *d, float *e);
/* Row r alone driven for `cycles`: v_c = cycles * selected value of cell (r, c), every column. */
void arr_read_row(struct arr *a, int r, int sel, int cycles, float *v);

/* Exact total weight of a cell in weight units (no noise): what w[] holds. */
float arr_weight(const struct arr *a, long cell);

#endif
