// rtl_dut.hpp - a Verilated tile_top (--cc) behind the tile_dut table (include/xtile/tile_dut.h)
//
// RtlDut<M> wraps one Verilated size (class M, prefix Vtile_top_<rows>x<cols>x<share>); the
// build generates one small .cpp per size that instantiates it with XT_RTL_MODEL. csim/rtl/
// rtl_dut.cpp finds the size a tile needs and exports the table as tile_dut_rtl.
#ifndef XTILE_RTL_DUT_HPP
#define XTILE_RTL_DUT_HPP

#include "rtl_regs.hpp"
#include "verilated_fst_c.h"
#include "xtile/tile_dut.h"

#include <cstring>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

// A Verilated tile_top, --cc or --sc: the tile_dut table's functions as methods.
struct RtlBase {
    virtual ~RtlBase() = default;
    virtual void out(const struct tile_top_in *in, struct tile_top_out *out) = 0;
    virtual void cmp(const struct tile_top_in *in) = 0;
    virtual void clock() = 0;
    virtual void arst() = 0; // the table's reset: an asynchronous reset between two clocks
    virtual uint64_t counter(int n) = 0;
    virtual int regs(struct tile_top_q *q) = 0; // 0, or -XT_EINVAL: none to read
    virtual int trace(const char *path) = 0;
    virtual void lfsr(uint32_t *s) = 0;
};

// One Verilated size: its parameters and a constructor.
struct RtlModel {
    int rows, cols, share, code_w, adc_w;
    RtlBase *(*make)(const struct tile_top_p *p);
};
void rtl_register(const RtlModel *m);

// The configuration inputs; 0, or -XT_EINVAL if p does not fit the RTL's widths.
int rtl_check(const RtlModel *m, const struct tile_top_p *p);

// Regs: the RTL's registers can be read (its public_flat_rd names); false for a gate-level
// netlist of tile_top (make cosim-synth), whose flops have lost their names.
template <class M, bool Regs = true> struct RtlDut final : RtlBase {
    const struct tile_top_p *p;
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<M> m;
    std::unique_ptr<VerilatedFstC> fst;
    std::vector<uint16_t> rcode, ccode, rcode_o, ccode_o; // inputs as last packed; codes out
    std::vector<uint8_t> need, rneg, cneg; // negs as last packed
    // the code and need outputs as last unpacked: they change a few times per phase, so the
    // per-clock unpacking of hundreds of fields is done only when their words changed
    std::remove_reference_t<decltype(std::declval<M>().col_code_o)> ccode_w{};
    std::remove_reference_t<decltype(std::declval<M>().row_code_o)> rcode_w{};
    std::remove_reference_t<decltype(std::declval<M>().need_o)> need_w{};
    int code_w, adc_w;

    RtlDut(const struct tile_top_p *p_, int code_w_, int adc_w_)
        : p(p_), ctx(new VerilatedContext), code_w(code_w_), adc_w(adc_w_)
    {
        ctx->traceEverOn(true);
        m.reset(new M(ctx.get(), "tile_top"));
        rcode.assign((size_t)p->rows, 0xffff);
        ccode.assign((size_t)p->cols, 0xffff);
        rcode_o.assign((size_t)p->rows, 0);
        ccode_o.assign((size_t)p->cols, 0);
        need.assign((size_t)p->cols, 0);
        rneg.assign((size_t)p->rows, 2); // no packed value yet
        cneg.assign((size_t)p->cols, 2);
        m->cfg_x_max_i = (uint16_t)p->seq.x_max;
        m->cfg_d_max_i = (uint16_t)p->seq.d_max;
        m->cfg_set_cycles_i = (uint16_t)p->seq.set_cycles;
        m->cfg_fwd_bits_i = (uint8_t)p->fwd_bits;
        m->cfg_bwd_bits_i = (uint8_t)p->bwd_bits;
        m->cfg_xfer_bits_i = (uint8_t)p->wx.clt->adc.bits;
        m->cfg_two_dev_i = p->wx.two_dev;
        m->cfg_refresh_thr_i = (uint16_t)p->wx.refresh_thr;
        m->cfg_strategy_i = (uint8_t)p->wx.clt->strategy;
        m->cfg_tau_i = (uint16_t)p->wx.clt->tau;
        m->cfg_max_iter_i = (uint16_t)p->wx.clt->max_iter;
        m->cfg_sat_pulses_i = (uint16_t)p->wx.clt->sat_pulses;
        m->cfg_target_codes_i = (uint16_t)p->wx.clt->target_codes;
        m->cfg_step_codes_i = (uint16_t)p->wx.clt->step_codes;
        m->cfg_offset_i = (uint16_t)p->wx.clt->offset;
        m->cfg_pol_inv_i = p->wx.clt->pol_inv;
        m->cfg_lsp_read_i = p->wx.clt->lsp_read;
        arst();
    }
    ~RtlDut() override
    {
        if (fst)
            fst->close();
        m->final();
    }

    void dump()
    {
        if (fst)
            fst->dump(ctx->time());
    }

    void out(const struct tile_top_in *in, struct tile_top_out *o) override
    {
        m->reg_valid_i = in->reg_valid_i;
        m->reg_we_i = in->reg_we_i;
        m->reg_addr_i = in->reg_addr_i;
        m->reg_wdata_i = in->reg_wdata_i;
        if (std::memcmp(rcode.data(), in->row_code_i, rcode.size() * 2)) {
            std::memcpy(rcode.data(), in->row_code_i, rcode.size() * 2);
            for (int i = 0; i < p->rows; i++)
                vput(m->row_code_i, i * code_w, code_w, rcode[(size_t)i]);
        }
        if (std::memcmp(ccode.data(), in->col_code_i, ccode.size() * 2)) {
            std::memcpy(ccode.data(), in->col_code_i, ccode.size() * 2);
            for (int j = 0; j < p->cols; j++)
                vput(m->col_code_i, j * code_w, code_w, ccode[(size_t)j]);
        }
        if (std::memcmp(rneg.data(), in->row_neg_i, rneg.size())) {
            std::memcpy(rneg.data(), in->row_neg_i, rneg.size());
            vpack(m->row_neg_i, p->rows, in->row_neg_i);
        }
        if (std::memcmp(cneg.data(), in->col_neg_i, cneg.size())) {
            std::memcpy(cneg.data(), in->col_neg_i, cneg.size());
            vpack(m->col_neg_i, p->cols, in->col_neg_i);
        }
        m->eval();
        dump();
        o->reg_rdata_o = m->reg_rdata_o;
        o->op_o = m->op_o;
        o->mode_o = m->mode_o;
        o->sel_o = m->sel_o;
        o->integ_rst_o = m->integ_rst_o;
        o->sample_o = m->sample_o;
        o->conv_o = m->conv_o;
        o->ramp_o = m->ramp_o;
        vunpack(m->row_en_o, p->rows, o->row_en_o);
        vunpack(m->row_neg_o, p->rows, o->row_neg_o);
        vunpack(m->col_en_o, p->cols, o->col_en_o);
        vunpack(m->col_neg_o, p->cols, o->col_neg_o);
        if (ccode_w != m->col_code_o) {
            ccode_w = m->col_code_o;
            for (int j = 0; j < p->cols; j++)
                ccode_o[(size_t)j] = (uint16_t)vget(ccode_w, j * adc_w, adc_w);
        }
        if (rcode_w != m->row_code_o) {
            rcode_w = m->row_code_o;
            for (int i = 0; i < p->rows; i++)
                rcode_o[(size_t)i] = (uint16_t)vget(rcode_w, i * adc_w, adc_w);
        }
        if (need_w != m->need_o) {
            need_w = m->need_o;
            vunpack(need_w, p->cols, need.data());
        }
        o->col_code_o = ccode_o.data();
        o->row_code_o = rcode_o.data();
        o->need_o = need.data();
        o->busy_o = m->busy_o;
        o->done_o = m->done_o;
        o->row_begin_o = m->row_begin_o;
        o->row_end_o = m->row_end_o;
        o->row_o = m->row_o;
        o->swap_o = m->swap_o;
    }

    // The comparators settle with the rising edge: one eval settles the combinational logic
    // with them (Verilator's input region), then the flops take the _d values.
    void cmp(const struct tile_top_in *in) override
    {
        vpack(m->col_cmp_i, p->cols, in->col_cmp_i);
        vpack(m->row_cmp_i, p->rows, in->row_cmp_i);
    }

    // The falling edge is left to the next out(), whose eval settles it with the new inputs.
    void clock() override
    {
        ctx->timeInc(1);
        m->clk_i = 1;
        m->eval();
        dump();
        ctx->timeInc(1);
        m->clk_i = 0;
    }

    // rst_ni low with a clock edge inside it: the RTL's asynchronous reset needs its falling
    // edge, a netlist's synchronous one (async2sync) the clock edge; the RTL ignores that edge
    // under reset. clk_i is low after it, as after clock().
    void arst() override
    {
        m->clk_i = 0;
        m->rst_ni = 1;
        m->eval();
        m->rst_ni = 0;
        m->eval();
        m->clk_i = 1;
        m->eval();
        m->clk_i = 0;
        m->eval();
        m->rst_ni = 1;
        m->eval();
        dump();
    }

    uint64_t counter(int n) override
    {
        uint8_t a = m->reg_addr_i;
        uint64_t lo, hi;

        m->reg_addr_i = (uint8_t)(TOP_REG_CNT + 8 * n);
        m->eval();
        lo = m->reg_rdata_o;
        m->reg_addr_i = (uint8_t)(TOP_REG_CNT + 8 * n + 4);
        m->eval();
        hi = m->reg_rdata_o;
        m->reg_addr_i = a;
        m->eval();
        return hi << 32 | lo;
    }

    int regs(struct tile_top_q *q) override
    {
        if constexpr (Regs) {
            XT_RTL_TOP(m->rootp, *q, p->rows, p->cols);
            return 0;
        } else {
            (void)q;
            return -XT_EINVAL;
        }
    }

    // A netlist runs only in lockstep, where the LFSR states are the twin's: s is left alone.
    void lfsr(uint32_t *s) override
    {
        if constexpr (Regs)
            XT_RTL_LFSR(m->rootp, s, p->rows + p->cols);
        else
            (void)s;
    }

    int trace(const char *path) override
    {
        if (fst)
            fst->close();
        fst.reset(new VerilatedFstC);
        m->trace(fst.get(), 99);
        fst->open(path);
        if (!fst->isOpen())
            return xt_fail(XT_EIO, "%s: cannot write the waveform", path);
        return 0;
    }
};

// Instantiates and registers one Verilated size (REGS: false for a gate-level netlist).
#define XT_RTL_MODEL(M, ROWS, COLS, SHARE, CODE_W, ADC_W, REGS)                                    \
    static RtlBase *make_##M(const struct tile_top_p *p)                                           \
    {                                                                                              \
        return new RtlDut<M, REGS>(p, CODE_W, ADC_W);                                              \
    }                                                                                              \
    static const RtlModel model_##M = {ROWS, COLS, SHARE, CODE_W, ADC_W, make_##M};                \
    static const struct Register_##M {                                                             \
        Register_##M() { rtl_register(&model_##M); }                                               \
    } register_##M;

#endif
