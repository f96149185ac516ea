// sc_dut.cpp - the SystemC tiles behind the tile_dut table (sc_dut_ops): a registry of the
// instances made at elaboration, and the table's functions
#include "sc_dut.hpp"

extern "C" {
#include "xtile/err.h"
}

std::vector<ScBase *> &sc_duts()
{
    static std::vector<ScBase *> v;
    return v;
}

namespace {
ScBase *S(void *h) { return static_cast<ScBase *>(h); }

// The first free model of the size whose AdcW holds the tile's widest conversion.
void *scd_open(const struct tile_top_p *p, void *ctx)
{
    int code_w, adc_w;

    (void)ctx;
    tile_top_widths(p->seq.x_max, p->seq.d_max, p->fwd_bits, p->bwd_bits, p->wx.clt->adc.bits,
                    &code_w, &adc_w);
    for (ScBase *d : sc_duts())
        if (!d->busy && d->rows == p->rows && d->cols == p->cols &&
            d->share == p->col_adc.share && adc_w <= d->adc_w) {
            d->busy = true;
            d->configure(p);
            return d;
        }
    xt_fail(XT_EINVAL, "no free SystemC tile of %d x %d, share %d, with an ADC of %d bits",
            p->rows, p->cols, p->col_adc.share, adc_w);
    return nullptr;
}
void scd_close(void *h)
{
    S(h)->untrace();
    S(h)->busy = false;
}
void scd_out(void *h, const struct tile_top_in *in, struct tile_top_out *o) { S(h)->out(in, o); }
void scd_cmp(void *h, const struct tile_top_in *in) { S(h)->cmp(in); }
void scd_clock(void *h) { S(h)->clock(); }
void scd_reset(void *h) { S(h)->arst(); }
uint64_t scd_counter(void *h, int n) { return S(h)->counter(n); }
int scd_regs(void *h, struct tile_top_q *q) { return S(h)->regs(q); }
int scd_trace(void *h, const char *path) { return S(h)->trace(path); }
void scd_lfsr(void *h, uint32_t *s) { S(h)->lfsr(s); }
} // namespace

const struct tile_dut_ops sc_dut_ops = {
    "systemc", scd_open, scd_close, scd_out, scd_cmp, scd_clock, scd_reset, scd_counter, scd_regs, scd_trace,
    scd_lfsr,
};
