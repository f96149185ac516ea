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
#if VM_COVERAGE
#include "verilated_cov.h"
#include <string>
#endif

int sc_main(int argc, char **argv)
{
    struct tb_opts o;
    struct ls_log g;
    std::vector<struct tb_size> sz;

    Verilated::commandArgs(argc, argv);
    Verilated::traceEverOn(true);
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    /* random cases per size: many small tiles, a few larger ones */
#define XT_SC_MAKE(M, R, C, SH, AW)                                                                \
    new ScDut<M, R, C, SH, XT_CODE_W, AW>(#M); /* lives until exit */                              \
    sz.push_back({R, C, SH, R * C <= 64 ? 30 : R * C <= 600 ? 8 : 2, R * C > 20000, AW});
    SC_MODELS(XT_SC_MAKE)
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    tb_args(argc, argv, &o, "tb_tile_top_sc");
    ls_log_init(&g);
    for (const struct tb_size &s : sz)
        tb_directed(&sc_dut_ops, &s, &o, &g);
    tb_random(&sc_dut_ops, sz.data(), (int)sz.size(), &o, &g);
#if VM_COVERAGE
    if (o.cov_dir)
        Verilated::threadContextp()->coveragep()->write(
            (std::string(o.cov_dir) + "/tb_tile_top_sc-seed" + std::to_string(o.seed) + ".dat")
                .c_str());
#endif
    return tb_finish(&o, &g);
}
