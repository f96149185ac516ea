/* olt.h - open-loop tuning: the slot trains of one update, defined at the integer level */
#ifndef XTILE_OLT_H
#define XTILE_OLT_H

#include <stdint.h>

/*
 * The spec the cycle model and the RTL match bit for bit (docs/olt.md).
 * Every row and column line has a probability code in 0..256 (OLT_ONE = fire
 * in every slot). An update has bl slots (1..64); the lines' firing patterns
 * are bl-bit masks, bit s = slot s. The device at (i, j) gets one SET pulse
 * per slot in which both fire: popcount(row_mask & col_mask).
 *
 * stochastic: each line owns a 32-bit Galois LFSR (x^32+x^22+x^2+x+1, taps
 *   0x80200003, shifting right). Per slot the LFSR leaps 8 steps, then the
 *   line fires if (state >> 24) < code. Every LFSR leaps in every slot of
 *   every update, firing or not. Seeds: row i (base ^ olt_mix32(i)) | 1,
 *   column j (base ^ olt_mix32(0x80000000 | j)) | 1.
 * deterministic: row i fires in its first n_i = (P_i bl + 128) >> 8 slots;
 *   column j with m_j = (Q_j bl + 128) >> 8 fires in slot s when
 *   floor((s+1) m_j / bl) > floor(s m_j / bl). Overlap = floor(n_i m_j / bl).
 */
#define OLT_ONE    256
#define OLT_TAPS   0x80200003u
#define OLT_MAX_BL 64

enum olt_scheme { OLT_STOCHASTIC = 0, OLT_DETERMINISTIC = 1 };

/* The olt. keys. */
struct olt_cfg {
    int scheme; /* enum olt_scheme */
    int bl;     /* slots per update */
};

/* One Galois step. */
static inline uint32_t olt_step(uint32_t s)
{
    return (s >> 1) ^ ((s & 1u) ? OLT_TAPS : 0u);
}

/* The seed-mixing hash (lowbias32): a pure function the RTL evaluates at elaboration. */
static inline uint32_t olt_mix32(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

/* The 8-step leap as four byte tables (the map is linear over GF(2)). */
struct olt_leap {
    uint32_t t[4][256];
};

/* Builds the table of `steps` single steps. */
void olt_leap_init(struct olt_leap *l, int steps);

static inline uint32_t olt_leap(const struct olt_leap *l, uint32_t s)
{
    return l->t[0][s & 0xff] ^ l->t[1][(s >> 8) & 0xff] ^ l->t[2][(s >> 16) & 0xff] ^
           l->t[3][s >> 24];
}

/* The LFSR state of every line of one array. */
struct olt {
    int rows, cols, bl, scheme;
    uint32_t *lfsr;       /* rows then cols */
    struct olt_leap slot; /* 8 steps: one slot */
    struct olt_leap jump; /* 8 bl steps: a whole update */
    /*
     * The compared bytes of every slot at once: top[byte][v][s] is (state >>
     * 24) in slot s from the start state v << (8 byte). The map is linear, so
     * a start state's bytes XOR four of these 64-byte rows (one cache line
     * each).
     */
    uint8_t (*top)[256][OLT_MAX_BL];
};

/* Seeds every line from base. On error returns -XT_ENOMEM and leaves *o zeroed. */
int olt_init(struct olt *o, int rows, int cols, int bl, int scheme, uint32_t base);
void olt_free(struct olt *o);

/* Seed of row line i (col = 0) or column line j (col = 1). */
uint32_t olt_seed(uint32_t base, int col, int line);

/*
 * Firing masks of lines [first, first + n) (rows: first = 0, columns: first =
 * rows) for codes code[0..n), and advances their LFSRs by one update.
 */
void olt_masks(struct olt *o, int first, int n, const uint16_t *code, uint64_t *mask);

/* The deterministic scheme's masks, from a code and bl (no state). */
uint64_t olt_det_row(int code, int bl);
uint64_t olt_det_col(int code, int bl);

#endif
