// tb_tile_top_sc.cpp - the tile-level SystemC bench: Verilated tile_top (--sc) in lockstep with
// its C twin, each with its own array model, every output and register compared every clock
//
// Sizes (built by the Makefile, SC_SIZES): constrained-random phases on each; +seed=N replays,
// +trace writes FST waves of every case, +scale=X runs X times the cases (make cosim-long).
#include "sc_dut.hpp"
#include "sc_models.hpp" // generated: the Verilated SystemC sizes, SC_MODELS(X)

extern "C" {
#include "tile_bench.h"
#include "xtile/err.h"
}

std::vector<ScBase *> &sc_duts()
{
    static std::vector<ScBase *> v;
    return v;
}

namespace {
ScBase *S(void *h) { return static_cast<ScBase *>(h); }

void *scd_open(const struct tile_top_p *p, void *ctx)
{
    (void)ctx;
    for (ScBase *d : sc_duts())
        if (!d->busy && d->rows == p->rows && d->cols == p->cols && d->share == p->col_adc.share) {
            d->busy = true;
            d->reset(p);
            return d;
        }
    xt_fail(XT_EINVAL, "no free SystemC tile of %d x %d, share %d", p->rows, p->cols,
            p->col_adc.share);
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
uint64_t scd_counter(void *h, int n) { return S(h)->counter(n); }
void scd_regs(void *h, struct tile_top_q *q) { S(h)->regs(q); }
int scd_trace(void *h, const char *path) { return S(h)->trace(path); }
} // namespace

const struct tile_dut_ops sc_dut_ops = {
    "systemc", scd_open, scd_close, scd_out, scd_cmp, scd_clock, scd_counter, scd_regs, scd_trace,
};

int sc_main(int argc, char **argv)
{
    struct tb_opts o;
    struct ls_log g;
    std::vector<struct tb_size> sz;

    Verilated::commandArgs(argc, argv);
    Verilated::traceEverOn(true);
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    /* random cases per size: many small tiles, a few larger ones */
#define XT_SC_MAKE(M, R, C, SH)                                                                    \
    static ScDut<M, R, C, SH, XT_CODE_W, XT_ADC_W> dut_##M(#M);                                    \
    sz.push_back({R, C, SH, R * C <= 64 ? 30 : R * C <= 600 ? 8 : 2, R * C > 20000});
    SC_MODELS(XT_SC_MAKE)
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    tb_args(argc, argv, &o, "tb_tile_top_sc");
    ls_log_init(&g);
    tb_random(&sc_dut_ops, sz.data(), (int)sz.size(), &o, &g);
    return tb_finish(&o, &g);
}
