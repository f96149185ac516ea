// sc_dut.hpp - a Verilated tile_top (--sc) in the SystemC kernel, behind the tile_dut table
//
// ScDut<M, ROWS, COLS> binds one SystemC model to signals; every clock the harness's out()
// writes the inputs and lets the kernel run a nanosecond (the model's combinational outputs
// settle), cmp() writes the comparators and clock() raises the clock for a nanosecond. The
// instances are made at elaboration, one per size; open() takes the free one of a size and
// resets it.
#ifndef XTILE_SC_DUT_HPP
#define XTILE_SC_DUT_HPP

#include "rtl_dut.hpp"
#include "rtl_regs.hpp"
#include "verilated_fst_sc.h"
#include "xtile/tile_dut.h"

#include <memory>
#include <systemc>
#include <type_traits>
#include <vector>

// The type Verilator gives a --sc port of W bits.
template <int W>
using sc_port_t =
    std::conditional_t<W == 1, bool,
                       std::conditional_t<W <= 32, uint32_t,
                                          std::conditional_t<W <= 64, uint64_t, sc_dt::sc_bv<W>>>>;

// Fields of an sc_bv through its 32-bit words (w <= 32): range() objects cost far more.
template <int W> static inline void sc_put(sc_dt::sc_bv<W> &v, int lsb, int w, uint32_t x)
{
    int i = lsb >> 5, s = lsb & 31;
    bool two = (i + 1) * 32 < W;
    uint64_t m = ((w >= 32 ? 0xffffffffull : (1ull << w) - 1)) << s;
    uint64_t cur = v.get_word(i) | (two ? (uint64_t)v.get_word(i + 1) << 32 : 0);

    cur = (cur & ~m) | (((uint64_t)x << s) & m);
    v.set_word(i, (sc_dt::sc_digit)cur);
    if (two)
        v.set_word(i + 1, (sc_dt::sc_digit)(cur >> 32));
}
template <class T> static inline void sc_put(T &v, int lsb, int w, uint32_t x) { vput(v, lsb, w, x); }
template <int W> static inline uint32_t sc_get(const sc_dt::sc_bv<W> &v, int lsb, int w)
{
    int i = lsb >> 5, s = lsb & 31;
    uint64_t x = (uint64_t)v.get_word(i) >> s;

    if (s + w > 32 && (i + 1) * 32 < W)
        x |= (uint64_t)v.get_word(i + 1) << (32 - s);
    return (uint32_t)(x & (w >= 32 ? 0xffffffffull : (1ull << w) - 1));
}
template <class T> static inline uint32_t sc_get(const T &v, int lsb, int w)
{
    return vget(v, lsb, w);
}

// A SystemC tile: made at elaboration, configured and reset for each tile (RtlBase's methods too).
struct ScBase : RtlBase {
    int rows, cols, share, adc_w;
    bool busy = false;
    virtual void configure(const struct tile_top_p *p) = 0;
    virtual void untrace() = 0;
};
std::vector<ScBase *> &sc_duts();

template <class M, int ROWS, int COLS, int SHARE, int CW, int AW>
struct ScDut final : sc_core::sc_module, ScBase {
    M dut;
    sc_core::sc_signal<bool> clk{"clk"}, rst_n{"rst_n"}, reg_valid{"reg_valid"}, reg_we{"reg_we"};
    sc_core::sc_signal<uint32_t> reg_addr{"reg_addr"}, reg_wdata{"reg_wdata"}, reg_rdata{"reg_rdata"};
    sc_core::sc_signal<uint32_t> x_max{"x_max"}, d_max{"d_max"}, set_cycles{"set_cycles"};
    sc_core::sc_signal<uint32_t> fwd_bits{"fwd_bits"}, bwd_bits{"bwd_bits"}, xfer_bits{"xfer_bits"};
    sc_core::sc_signal<bool> two_dev{"two_dev"};
    sc_core::sc_signal<uint32_t> refresh_thr{"refresh_thr"}, strategy{"strategy"}, tau{"tau"};
    sc_core::sc_signal<uint32_t> max_iter{"max_iter"}, sat_pulses{"sat_pulses"};
    sc_core::sc_signal<uint32_t> target_codes{"target_codes"}, step_codes{"step_codes"};
    sc_core::sc_signal<uint32_t> offset{"offset"};
    sc_core::sc_signal<bool> pol_inv{"pol_inv"}, lsp_read{"lsp_read"}, swap{"swap"};
    sc_core::sc_signal<sc_port_t<ROWS * CW>> row_code{"row_code"};
    sc_core::sc_signal<sc_port_t<COLS * CW>> col_code{"col_code"};
    sc_core::sc_signal<sc_port_t<ROWS>> row_neg{"row_neg"}, row_cmp{"row_cmp"};
    sc_core::sc_signal<sc_port_t<COLS>> col_neg{"col_neg"}, col_cmp{"col_cmp"};
    sc_core::sc_signal<uint32_t> op{"op"}, mode{"mode"}, sel{"sel"}, ramp{"ramp"}, row{"row"};
    sc_core::sc_signal<bool> integ_rst{"integ_rst"}, sample{"sample"}, conv{"conv"};
    sc_core::sc_signal<sc_port_t<ROWS>> row_en{"row_en"}, row_neg_o{"row_neg_o"};
    sc_core::sc_signal<sc_port_t<COLS>> col_en{"col_en"}, col_neg_o{"col_neg_o"}, need{"need"};
    sc_core::sc_signal<sc_port_t<COLS * AW>> col_code_o{"col_code_o"};
    sc_core::sc_signal<sc_port_t<ROWS * AW>> row_code_o{"row_code_o"};
    sc_core::sc_signal<bool> busy_o{"busy_o"}, done{"done"}, row_begin{"row_begin"}, row_end{"row_end"};
    std::unique_ptr<VerilatedFstSc> fst;
    std::vector<uint16_t> rcode, ccode, rcode_o, ccode_o;
    std::vector<uint8_t> need_b;
    sc_port_t<ROWS> rbuf{};
    sc_port_t<COLS> cbuf{};

    explicit ScDut(sc_core::sc_module_name name) : sc_core::sc_module(name), dut("tile_top")
    {
        rows = ROWS;
        cols = COLS;
        share = SHARE;
        adc_w = AW;
        dut.clk_i(clk);
        dut.rst_ni(rst_n);
        dut.reg_valid_i(reg_valid);
        dut.reg_we_i(reg_we);
        dut.reg_addr_i(reg_addr);
        dut.reg_wdata_i(reg_wdata);
        dut.reg_rdata_o(reg_rdata);
        dut.cfg_x_max_i(x_max);
        dut.cfg_d_max_i(d_max);
        dut.cfg_set_cycles_i(set_cycles);
        dut.cfg_fwd_bits_i(fwd_bits);
        dut.cfg_bwd_bits_i(bwd_bits);
        dut.cfg_xfer_bits_i(xfer_bits);
        dut.cfg_two_dev_i(two_dev);
        dut.cfg_refresh_thr_i(refresh_thr);
        dut.cfg_strategy_i(strategy);
        dut.cfg_tau_i(tau);
        dut.cfg_max_iter_i(max_iter);
        dut.cfg_sat_pulses_i(sat_pulses);
        dut.cfg_target_codes_i(target_codes);
        dut.cfg_step_codes_i(step_codes);
        dut.cfg_offset_i(offset);
        dut.cfg_pol_inv_i(pol_inv);
        dut.cfg_lsp_read_i(lsp_read);
        dut.row_code_i(row_code);
        dut.row_neg_i(row_neg);
        dut.col_code_i(col_code);
        dut.col_neg_i(col_neg);
        dut.col_cmp_i(col_cmp);
        dut.row_cmp_i(row_cmp);
        dut.op_o(op);
        dut.mode_o(mode);
        dut.sel_o(sel);
        dut.integ_rst_o(integ_rst);
        dut.sample_o(sample);
        dut.conv_o(conv);
        dut.ramp_o(ramp);
        dut.row_en_o(row_en);
        dut.row_neg_o(row_neg_o);
        dut.col_en_o(col_en);
        dut.col_neg_o(col_neg_o);
        dut.swap_o(swap);
        dut.col_code_o(col_code_o);
        dut.row_code_o(row_code_o);
        dut.busy_o(busy_o);
        dut.done_o(done);
        dut.row_begin_o(row_begin);
        dut.row_end_o(row_end);
        dut.row_o(row);
        dut.need_o(need);
        rcode.assign(ROWS, 0xffff);
        ccode.assign(COLS, 0xffff);
        rcode_o.assign(ROWS, 0);
        ccode_o.assign(COLS, 0);
        need_b.assign(COLS, 0);
        sc_duts().push_back(this);
    }

    void configure(const struct tile_top_p *p) override
    {
        x_max.write((uint32_t)p->seq.x_max);
        d_max.write((uint32_t)p->seq.d_max);
        set_cycles.write((uint32_t)p->seq.set_cycles);
        fwd_bits.write((uint32_t)p->fwd_bits);
        bwd_bits.write((uint32_t)p->bwd_bits);
        xfer_bits.write((uint32_t)p->wx.clt->adc.bits);
        two_dev.write(p->wx.two_dev);
        refresh_thr.write((uint32_t)p->wx.refresh_thr);
        strategy.write((uint32_t)p->wx.clt->strategy);
        tau.write((uint32_t)p->wx.clt->tau);
        max_iter.write((uint32_t)p->wx.clt->max_iter);
        sat_pulses.write((uint32_t)p->wx.clt->sat_pulses);
        target_codes.write((uint32_t)p->wx.clt->target_codes);
        step_codes.write((uint32_t)p->wx.clt->step_codes);
        offset.write((uint32_t)p->wx.clt->offset);
        pol_inv.write(p->wx.clt->pol_inv);
        lsp_read.write(p->wx.clt->lsp_read);
        reg_valid.write(false);
        reg_we.write(false);
        arst();
        rcode.assign(ROWS, 0xffff);
        ccode.assign(COLS, 0xffff);
    }

    // rst_n low for a nanosecond between two clocks: the asynchronous reset needs its falling
    // edge (the clock is low, as after clock())
    void arst() override
    {
        clk.write(false);
        rst_n.write(true);
        sc_core::sc_start(1, sc_core::SC_NS);
        rst_n.write(false);
        sc_core::sc_start(1, sc_core::SC_NS);
        rst_n.write(true);
        sc_core::sc_start(1, sc_core::SC_NS);
    }

    void out(const struct tile_top_in *in, struct tile_top_out *o) override
    {
        reg_valid.write(in->reg_valid_i);
        reg_we.write(in->reg_we_i);
        reg_addr.write(in->reg_addr_i);
        reg_wdata.write(in->reg_wdata_i);
        if (std::memcmp(rcode.data(), in->row_code_i, rcode.size() * 2)) {
            sc_port_t<ROWS * CW> v{};
            std::memcpy(rcode.data(), in->row_code_i, rcode.size() * 2);
            for (int i = 0; i < ROWS; i++)
                sc_put(v, i * CW, CW, rcode[(size_t)i]);
            row_code.write(v);
        }
        if (std::memcmp(ccode.data(), in->col_code_i, ccode.size() * 2)) {
            sc_port_t<COLS * CW> v{};
            std::memcpy(ccode.data(), in->col_code_i, ccode.size() * 2);
            for (int j = 0; j < COLS; j++)
                sc_put(v, j * CW, CW, ccode[(size_t)j]);
            col_code.write(v);
        }
        for (int i = 0; i < ROWS; i++)
            sc_put(rbuf, i, 1, in->row_neg_i[i] != 0);
        row_neg.write(rbuf);
        for (int j = 0; j < COLS; j++)
            sc_put(cbuf, j, 1, in->col_neg_i[j] != 0);
        col_neg.write(cbuf);
        sc_core::sc_start(1, sc_core::SC_NS);
        o->reg_rdata_o = reg_rdata.read();
        o->op_o = (int)op.read();
        o->mode_o = (int)mode.read();
        o->sel_o = (int)sel.read();
        o->integ_rst_o = integ_rst.read();
        o->sample_o = sample.read();
        o->conv_o = conv.read();
        o->ramp_o = (int)ramp.read();
        const auto &ren = row_en.read(), &rneg = row_neg_o.read(), &rco = row_code_o.read();
        const auto &cen = col_en.read(), &cneg = col_neg_o.read(), &cco = col_code_o.read();
        const auto &nd = need.read();
        for (int i = 0; i < ROWS; i++) {
            o->row_en_o[i] = (uint8_t)sc_get(ren, i, 1);
            o->row_neg_o[i] = (uint8_t)sc_get(rneg, i, 1);
            rcode_o[(size_t)i] = (uint16_t)sc_get(rco, i * AW, AW);
        }
        for (int j = 0; j < COLS; j++) {
            o->col_en_o[j] = (uint8_t)sc_get(cen, j, 1);
            o->col_neg_o[j] = (uint8_t)sc_get(cneg, j, 1);
            ccode_o[(size_t)j] = (uint16_t)sc_get(cco, j * AW, AW);
            need_b[(size_t)j] = (uint8_t)sc_get(nd, j, 1);
        }
        o->col_code_o = ccode_o.data();
        o->row_code_o = rcode_o.data();
        o->need_o = need_b.data();
        o->busy_o = busy_o.read();
        o->done_o = done.read();
        o->row_begin_o = row_begin.read();
        o->row_end_o = row_end.read();
        o->row_o = (int)row.read();
        o->swap_o = swap.read();
    }

    void cmp(const struct tile_top_in *in) override
    {
        for (int j = 0; j < COLS; j++)
            sc_put(cbuf, j, 1, in->col_cmp_i[j] != 0);
        col_cmp.write(cbuf);
        for (int i = 0; i < ROWS; i++)
            sc_put(rbuf, i, 1, in->row_cmp_i[i] != 0);
        row_cmp.write(rbuf);
    }

    void clock() override
    {
        clk.write(true);
        sc_core::sc_start(1, sc_core::SC_NS);
        clk.write(false);
    }

    uint64_t counter(int n) override
    {
        uint64_t lo, hi;

        reg_valid.write(false);
        reg_addr.write((uint32_t)(TOP_REG_CNT + 8 * n));
        sc_core::sc_start(1, sc_core::SC_NS);
        lo = reg_rdata.read();
        reg_addr.write((uint32_t)(TOP_REG_CNT + 8 * n + 4));
        sc_core::sc_start(1, sc_core::SC_NS);
        hi = reg_rdata.read();
        return hi << 32 | lo;
    }

    int regs(struct tile_top_q *q) override
    {
        XT_RTL_TOP(dut.rootp, *q, ROWS, COLS);
        return 0;
    }
    void lfsr(uint32_t *s) override { XT_RTL_LFSR(dut.rootp, s, ROWS + COLS); }

    int trace(const char *path) override
    {
        if (fst)
            fst->close();
        fst.reset(new VerilatedFstSc);
        dut.trace(fst.get(), 99);
        fst->open(path);
        return fst->isOpen() ? 0 : xt_fail(XT_EIO, "%s: cannot write the waveform", path);
    }

    void untrace() override
    {
        if (fst)
            fst->close();
        fst.reset();
    }
};

extern const struct tile_dut_ops sc_dut_ops;

#endif
