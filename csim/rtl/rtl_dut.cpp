// rtl_dut.cpp - the rtl engine's DUT: the Verilated tile_top of the tile's size (tile_dut_rtl)
#include "rtl_dut.hpp"

#include "xtile/err.h"

#include <string>

namespace {
std::vector<const RtlModel *> &models()
{
    static std::vector<const RtlModel *> v;
    return v;
}

RtlBase *B(void *h) { return static_cast<RtlBase *>(h); }

void *rtl_open(const struct tile_top_p *p, void *ctx)
{
    std::string sizes;

    (void)ctx;
    for (const RtlModel *m : models()) {
        if (m->rows == p->rows && m->cols == p->cols && m->share == p->col_adc.share) {
            if (rtl_check(m, p))
                return nullptr;
            try {
                return m->make(p);
            } catch (...) {
                xt_fail(XT_ENOMEM, "cannot build the Verilated tile");
                return nullptr;
            }
        }
        sizes += (sizes.empty() ? "" : ", ") + std::to_string(m->rows) + "x" +
                 std::to_string(m->cols) + " share " + std::to_string(m->share);
    }
    xt_fail(XT_EINVAL,
            "engine rtl: no Verilated tile of %d rows x %d columns, adc_share %d (built: %s); "
            "add the size to RTL_SIZES in the Makefile",
            p->rows, p->cols, p->col_adc.share, sizes.empty() ? "none" : sizes.c_str());
    return nullptr;
}

void rtl_close(void *h) { delete B(h); }
void rtl_out(void *h, const struct tile_top_in *in, struct tile_top_out *o) { B(h)->out(in, o); }
void rtl_cmp(void *h, const struct tile_top_in *in) { B(h)->cmp(in); }
void rtl_clock(void *h) { B(h)->clock(); }
void rtl_reset(void *h) { B(h)->arst(); }
uint64_t rtl_counter(void *h, int n) { return B(h)->counter(n); }
int rtl_regs(void *h, struct tile_top_q *q) { return B(h)->regs(q); }
int rtl_trace(void *h, const char *path) { return B(h)->trace(path); }
void rtl_lfsr(void *h, uint32_t *s) { B(h)->lfsr(s); }
} // namespace

void rtl_register(const RtlModel *m) { models().push_back(m); }

int rtl_check(const RtlModel *m, const struct tile_top_p *p)
{
    const struct clt_params *k = p->wx.clt;
    int code_w, adc_w;

    tile_top_widths(p->seq.x_max, p->seq.d_max, p->fwd_bits, p->bwd_bits, k->adc.bits, &code_w,
                    &adc_w);
    if (code_w > m->code_w)
        return xt_fail(XT_EINVAL,
                       "engine rtl: line codes up to %d need more than the RTL's %d bits "
                       "(tile.x_bits, tile.d_bits)",
                       p->seq.x_max > p->seq.d_max ? p->seq.x_max : p->seq.d_max, m->code_w);
    if (adc_w > m->adc_w)
        return xt_fail(XT_EINVAL,
                       "engine rtl: ADC of %d bits is wider than the RTL's %d "
                       "(tile.adc_bits, clt.adc_bits)",
                       adc_w, m->adc_w);
    if (p->wx.refresh_thr < 0 || p->wx.refresh_thr > 0xffff || k->sat_pulses > 0x7fff ||
        k->max_iter > 0xffff || k->tau > 0xffff || k->target_codes > 0xffff ||
        k->step_codes > 0xffff || k->offset > 0xffff)
        return xt_fail(XT_EINVAL, "engine rtl: a transfer setting does not fit its 16-bit input");
    return 0;
}

extern "C" const struct tile_dut_ops tile_dut_rtl = {
    "rtl", rtl_open, rtl_close, rtl_out, rtl_cmp, rtl_clock, rtl_reset, rtl_counter, rtl_regs, rtl_trace,
    rtl_lfsr,
};
