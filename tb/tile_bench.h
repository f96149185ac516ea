/* tile_bench.h - the tile-level lockstep stimulus, shared by the SystemC and the C++ benches */
#ifndef XTILE_TILE_BENCH_H
#define XTILE_TILE_BENCH_H

#ifdef __cplusplus
extern "C" {
#endif

#include "lockstep.h"

#include <stdint.h>

struct tb_opts {
    uint64_t seed;        /* +seed=N */
    bool trace;           /* +trace: waves of every case */
    bool nowave;          /* +nowave: no waveform of a failing run (mutation runs) */
    double scale;         /* +scale=X: cases and examples times X (cosim-long) */
    const char *name;     /* bench name, in file names */
    const char *wave_dir; /* where FST files go */
    const char *cov_dir;  /* +cov=DIR: coverage data there (models built with VM_COV=1) */
};

/* One tile size of the RTL and how many random cases (20 phases each) it gets. */
struct tb_size {
    int rows, cols, share;
    int cases;
    bool small_xfer; /* layer-sized: transfers with narrow ADCs and few iterations */
    int adc_w;       /* the RTL's AdcW: no conversion drawn wider (0: 10) */
};

/* Parses +seed=N, +trace, +nowave, +scale=X, +waves=DIR, +cov=DIR; prints the seed. */
void tb_args(int argc, char **argv, struct tb_opts *o, const char *name);

/*
 * Directed cases on a tile of size sz: the register bus (read-back, unused
 * addresses, every counter, a command while busy, an unknown command) and
 * phases with extreme inputs (all lines off, all on, one line, full and empty
 * update probabilities, the deterministic scheme, a transfer). Adds to g.
 */
void tb_directed(const struct tile_dut_ops *rtl, const struct tb_size *sz, const struct tb_opts *o,
                 struct ls_log *g);

/*
 * Constrained-random phases (forward, backward, update, transfer; every
 * encoding, strategy and OLT scheme) on tiles of each size, the RTL (rtl) in
 * lockstep with the C twin. The first failing case is run again with an FST
 * waveform. Adds to g.
 */
void tb_random(const struct tile_dut_ops *rtl, const struct tb_size *sz, int nsz,
               const struct tb_opts *o, struct ls_log *g);

/*
 * Training traffic: `examples` MNIST training examples (data/mnist) through
 * the network of `config` (its default network: 784-250-125-10), every layer's
 * tile in lockstep, a weight transfer every `every` examples. 0, or -1 if the
 * data or the configuration cannot be read (message printed).
 */
int tb_training(const struct tile_dut_ops *rtl, const char *config, int examples, int every,
                const struct tb_opts *o, struct ls_log *g);

/* Prints the closing line; returns the exit status (0 PASS, 1 FAIL). */
int tb_finish(const struct tb_opts *o, const struct ls_log *g);

#ifdef __cplusplus
}
#endif

#endif
