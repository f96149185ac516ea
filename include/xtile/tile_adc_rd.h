/* tile_adc_rd.h - cycle model of rtl/tile_adc_rd.v: single-slope (ramp) ADC readout */
#ifndef XTILE_TILE_ADC_RD_H
#define XTILE_TILE_ADC_RD_H

#include <stdbool.h>
#include <stdint.h>

/* FSM states; the RTL uses the same encoding (docs/tile.md). */
enum { ADC_IDLE = 0, ADC_SAMPLE = 1, ADC_RAMP = 2, ADC_DONE = 3 };

/*
 * Parameters (RTL parameters): Lines integrating lines, Share lines per
 * converter; bits is a run-time input (forward/backward or transfer ramp).
 * Line l is converted in pass l % Share.
 */
struct tile_adc_rd_p {
    int lines, share;
};

/* Registers: one field per RTL register. */
struct tile_adc_rd_q {
    uint8_t state_q;
    uint16_t k_q;     /* ramp step */
    uint16_t pass_q;  /* 0 .. share - 1 */
    uint16_t kmax_q;  /* K - 2: last ramp step of this conversion */
    uint16_t *code_q; /* per line */
    uint8_t *latched_q;
    bool dirty; /* model only: comb wrote a per-line register */
};

struct tile_adc_rd_in {
    bool start_i; /* one cycle: convert with 2^bits_i codes */
    int bits_i;
    const uint8_t *cmp_i; /* comparator per line: ramp(k_q) >= value */
};

struct tile_adc_rd_out {
    bool sample_o; /* the array samples its integrators now */
    bool conv_o;   /* ramp_o is valid, cmp_i is read */
    uint16_t ramp_o;
    bool busy_o;
    bool done_o; /* one cycle, codes valid */
};

/* Allocates the per-line registers; 0 or -XT_ENOMEM. */
int tile_adc_rd_init(struct tile_adc_rd_q *q, const struct tile_adc_rd_p *p);
void tile_adc_rd_free(struct tile_adc_rd_q *q);
void tile_adc_rd_reset(struct tile_adc_rd_q *q, const struct tile_adc_rd_p *p);
/* The always @* block: next state d and outputs from q and in (d holds q's shape). */
void tile_adc_rd_comb(const struct tile_adc_rd_p *p, const struct tile_adc_rd_q *q,
                      const struct tile_adc_rd_in *in, struct tile_adc_rd_q *d,
                      struct tile_adc_rd_out *out);
/* The clock edge: q <- d (afterwards d's per-line registers equal q's). */
void tile_adc_rd_clock(const struct tile_adc_rd_p *p, struct tile_adc_rd_q *q,
                       struct tile_adc_rd_q *d);

/* Every register of src into dst (both of p's shape). */
void tile_adc_rd_copy(const struct tile_adc_rd_p *p, struct tile_adc_rd_q *dst,
                      const struct tile_adc_rd_q *src);

/* The outputs, a function of the registers alone (Moore): what comb also returns. */
void tile_adc_rd_outputs(const struct tile_adc_rd_q *q, struct tile_adc_rd_out *out);

/*
 * Steps k_q .. kmax_q - 1 of the ramp's pass in one go, for comparators that
 * trip at ramp >= trip[l]: every unlatched line of the pass whose trip falls
 * in them latches trip[l], and k_q becomes kmax_q (the pass's last
 * step is an ordinary clock). q and d alike (d's per-line registers equal
 * q's between clocks). Returns the clocks stepped: 0 outside a ramp, or at
 * its last step.
 */
long tile_adc_rd_ramp(const struct tile_adc_rd_p *p, struct tile_adc_rd_q *q,
                      struct tile_adc_rd_q *d, const int *trip);
/* Busy cycles of one conversion (sample, share ramps of 2^bits - 1 steps, done): the L0 formula. */
long tile_adc_rd_cycles(const struct tile_adc_rd_p *p, int bits);

#endif
