/* tile_adc_rd.c - cycle model of rtl/tile_adc_rd.v: ramp ADC readout */
#include "xtile/tile_adc_rd.h"

#include "xtile/adc.h"
#include "xtile/err.h"

#include <stdlib.h>
#include <string.h>

int tile_adc_rd_init(struct tile_adc_rd_q *q, const struct tile_adc_rd_p *p)
{
    memset(q, 0, sizeof *q);
    q->code_q = calloc((size_t)p->lines, sizeof *q->code_q);
    q->latched_q = calloc((size_t)p->lines, 1);
    if (!q->code_q || !q->latched_q) {
        tile_adc_rd_free(q);
        return xt_fail(XT_ENOMEM, "cannot allocate the ADC registers");
    }
    return 0;
}

void tile_adc_rd_free(struct tile_adc_rd_q *q)
{
    free(q->code_q);
    free(q->latched_q);
    memset(q, 0, sizeof *q);
}

void tile_adc_rd_reset(struct tile_adc_rd_q *q, const struct tile_adc_rd_p *p)
{
    q->dirty = false;
    q->state_q = ADC_IDLE;
    q->k_q = 0;
    q->pass_q = 0;
    q->kmax_q = 0;
    memset(q->code_q, 0, (size_t)p->lines * sizeof *q->code_q);
    memset(q->latched_q, 0, (size_t)p->lines);
}

void tile_adc_rd_outputs(const struct tile_adc_rd_q *q, struct tile_adc_rd_out *out)
{
    *out = (struct tile_adc_rd_out){
        .busy_o = q->state_q != ADC_IDLE,
        .ramp_o = q->k_q,
        .sample_o = q->state_q == ADC_SAMPLE,
        .conv_o = q->state_q == ADC_RAMP,
        .done_o = q->state_q == ADC_DONE,
    };
}

void tile_adc_rd_comb(const struct tile_adc_rd_p *p, const struct tile_adc_rd_q *q,
                      const struct tile_adc_rd_in *in, struct tile_adc_rd_q *d,
                      struct tile_adc_rd_out *out)
{
    /* defaults: every register holds (the per-line ones: d holds q's, see the clock) */
    d->state_q = q->state_q;
    d->k_q = q->k_q;
    d->pass_q = q->pass_q;
    d->kmax_q = q->kmax_q;
    d->dirty = false;
    tile_adc_rd_outputs(q, out);

    switch (q->state_q) {
    case ADC_IDLE:
        if (in->start_i) {
            d->state_q = ADC_SAMPLE;
            d->kmax_q = (uint16_t)((1 << in->bits_i) - 2);
        }
        break;
    case ADC_SAMPLE:
        d->state_q = ADC_RAMP;
        d->k_q = 0;
        d->pass_q = 0;
        memset(d->latched_q, 0, (size_t)p->lines);
        d->dirty = true;
        break;
    case ADC_RAMP: {
        /* every unlatched line of the pass latches k on a trip; none at the last step: K - 1 */
        bool last = q->k_q == q->kmax_q;
        uint16_t k = last ? (uint16_t)(q->kmax_q + 1) : q->k_q;
        const uint8_t *restrict cmp = in->cmp_i, *restrict held = q->latched_q;
        uint8_t *restrict latch = d->latched_q;
        uint16_t *restrict code = d->code_q;
        uint16_t kq = q->k_q;
        uint8_t lst = last, any8 = 0;
        int any = 0, n = p->lines;
        if (p->share == 1) { /* unit stride: the latch update vectorizes; codes only where new */
            for (int l = 0; l < n; l++) {
                uint8_t now = (uint8_t)(held[l] | ((cmp[l] | lst) != 0));
                latch[l] = now;
                any8 |= (uint8_t)(now ^ held[l]);
            }
            any = any8;
            if (any)
                for (int l = 0; l < n; l++)
                    if (latch[l] && !held[l])
                        code[l] = cmp[l] ? kq : k;
        } else {
            for (int l = q->pass_q; l < p->lines; l += p->share) {
                if (held[l] || !(cmp[l] || last))
                    continue;
                code[l] = cmp[l] ? kq : k;
                latch[l] = 1;
                any = 1;
            }
        }
        d->dirty |= any != 0;
        if (!last) {
            d->k_q = (uint16_t)(q->k_q + 1);
        } else if (q->pass_q + 1 < p->share) {
            d->pass_q = (uint16_t)(q->pass_q + 1);
            d->k_q = 0;
        } else {
            d->state_q = ADC_DONE;
        }
        break;
    }
    case ADC_DONE: d->state_q = ADC_IDLE; break;
    default: d->state_q = ADC_IDLE; break;
    }
}

long tile_adc_rd_ramp(const struct tile_adc_rd_p *p, struct tile_adc_rd_q *q,
                      struct tile_adc_rd_q *d, const int *trip)
{
    int k = q->k_q, kmax = q->kmax_q;

    if (q->state_q != ADC_RAMP || k >= kmax)
        return 0;
    /* an unlatched line has not tripped at the steps before k: its trip step is k or later */
    for (int l = q->pass_q; l < p->lines; l += p->share) {
        if (q->latched_q[l] || trip[l] >= kmax)
            continue;
        q->code_q[l] = d->code_q[l] = (uint16_t)trip[l];
        q->latched_q[l] = d->latched_q[l] = 1;
    }
    q->k_q = d->k_q = (uint16_t)kmax;
    return kmax - k;
}

/*
 * The clock edge q <- d. Afterwards d's per-line registers equal q's, so comb's
 * hold default for them is free and only a cycle that wrote them (d->dirty)
 * copies them: same registers, same values.
 */
void tile_adc_rd_clock(const struct tile_adc_rd_p *p, struct tile_adc_rd_q *q,
                       struct tile_adc_rd_q *d)
{
    q->state_q = d->state_q;
    q->k_q = d->k_q;
    q->pass_q = d->pass_q;
    q->kmax_q = d->kmax_q;
    if (d->dirty) {
        memcpy(q->code_q, d->code_q, (size_t)p->lines * sizeof *q->code_q);
        memcpy(q->latched_q, d->latched_q, (size_t)p->lines);
        d->dirty = false;
    }
}

void tile_adc_rd_copy(const struct tile_adc_rd_p *p, struct tile_adc_rd_q *dst,
                      const struct tile_adc_rd_q *src)
{
    dst->state_q = src->state_q;
    dst->k_q = src->k_q;
    dst->pass_q = src->pass_q;
    dst->kmax_q = src->kmax_q;
    memcpy(dst->code_q, src->code_q, (size_t)p->lines * sizeof *dst->code_q);
    memcpy(dst->latched_q, src->latched_q, (size_t)p->lines);
}

long tile_adc_rd_cycles(const struct tile_adc_rd_p *p, int bits)
{
    return adc_conv_clocks(p->share, bits);
}
