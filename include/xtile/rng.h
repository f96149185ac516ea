/* rng.h - counter-based random numbers (Random123 Philox4x32-10) */
#ifndef XTILE_RNG_H
#define XTILE_RNG_H

#include <stdint.h>

/*
 * Every random number in xtile is a pure function of (seed, stream, index,
 * event): the Philox key is the 64-bit seed, the counter is
 * {event lo, event hi, index, stream}. Results therefore never depend on call
 * order, engine or thread count. Streams name what the numbers are for; a new
 * use takes a new stream number and never reuses an old one.
 */
enum xt_stream {
    XT_STREAM_INIT = 1,    /* initial weights, index = layer */
    XT_STREAM_SHUFFLE = 2, /* example order, index = epoch */
    XT_STREAM_D2D = 3,     /* device-to-device draws, index = device, event 0..1 */
    XT_STREAM_PULSE = 4,   /* pulse noise: key of xt_rng_pair, counter {pulse count / 2, device} */
    XT_STREAM_READ = 5,    /* read noise, index = array id << 20 | line, event = read count */
    XT_STREAM_LFSR = 6,    /* OLT LFSR seed of each array, index = array id */
    XT_STREAM_DRIFT = 7,   /* drift exponents: xt_rng_pair counter {pulse count, device}; the
                              device's own word at count 0xffffffff */
    XT_STREAM_TEST = 99    /* unit tests */
};

/* A sequential reader over one (seed, stream, index) sequence. */
struct xt_rng {
    uint32_t key[2];
    uint32_t ctr[4];
    uint32_t buf[4];
    unsigned pos; /* next unread word of buf; 4 = empty */
};

/* Starts the sequence (seed, stream, index) at event 0. */
void xt_rng_init(struct xt_rng *r, uint64_t seed, uint32_t stream, uint32_t index);

/* The four 32-bit words of block `event` of the sequence, without state. */
void xt_rng_block(uint64_t seed, uint32_t stream, uint32_t index, uint64_t event, uint32_t out[4]);

/*
 * The per-pulse stream: Philox2x32-10 with a 32-bit key derived once from
 * (seed, stream) by Philox4x32 (xt_rng_key32), counter {index, event}; half
 * the work of a 4x32 block for the one word a pulse needs.
 */
uint32_t xt_rng_key32(uint64_t seed, uint32_t stream);
void xt_rng_pair(uint32_t key, uint32_t index, uint32_t event, uint32_t out[2]);
/* n pairs at once: pair i is xt_rng_pair(key, index[i], event[i]) as {out0[i], out1[i]}. */
void xt_rng_pairs(uint32_t key, const uint32_t *index, const uint32_t *event, uint32_t *out0,
                  uint32_t *out1, int n);

uint32_t xt_rng_u32(struct xt_rng *r);
/* Uniform in [0, 1) with 53 random bits. */
double xt_rng_uniform(struct xt_rng *r);
/* Uniform integer in [0, n), unbiased (rejection); n > 0. */
uint32_t xt_rng_below(struct xt_rng *r, uint32_t n);
/* Standard normal N(0, 1) (Box-Muller, one value per two uniforms). */
double xt_rng_normal(struct xt_rng *r);

/* Uniform in (0, 1) from one 32-bit word: (u + 0.5) / 2^32. */
double xt_u32_open01(uint32_t u);

#define XT_NORM_BITS  12
#define XT_NORM_CELLS (1 << XT_NORM_BITS)
extern float xt_norm_table[XT_NORM_CELLS + 1];
double xt_normal_tail(uint32_t u);

/*
 * Standard normal from one 32-bit word, cheap enough to draw per pulse: the
 * inverse CDF by a 4096-cell table with linear interpolation (within 1e-3 of
 * xt_normal_inv), the 16 outermost cells on each side exactly (rng.c).
 */
static inline double xt_normal_u32(uint32_t u)
{
    uint32_t cell = u >> (32 - XT_NORM_BITS);

    if (cell < 16 || cell >= XT_NORM_CELLS - 16)
        return xt_normal_tail(u);
    return xt_norm_table[cell] + (float)(u & ((1u << (32 - XT_NORM_BITS)) - 1)) * 0x1p-20f *
                                     (xt_norm_table[cell + 1] - xt_norm_table[cell]);
}

/* Inverse of the standard normal CDF for p in (0, 1) (the function behind xt_normal_u32). */
double xt_normal_inv(double p);

#endif
