// tb_tile_top_syn.cpp - the post-synthesis bench: Yosys gate-level netlists of tile_top
// (synth/synth.sh, the netlists whose area make synth reports) in lockstep with the C twin
//
// The tile-level stimulus of the SystemC and C++ benches (tile_bench.c: directed cases, then
// constrained-random phases) at the netlists' sizes (SYN_SIM_SIZES in the Makefile), through the
// lockstep DUT: every output compared every clock and the two arrays after every phase. The
// netlist's registers are not read, so not compared (make equiv proves blocks' registers equal to
// the RTL's at small sizes). +seed=N replays, +trace writes waves.
#include "syn_sizes.hpp" // generated: SYN_SIZES(X), X(rows, cols, share) per netlist

extern "C" {
#include "tile_bench.h"
extern const struct tile_dut_ops tile_dut_rtl; // here: the netlists (csim/rtl/rtl_dut.cpp)
}

#include <vector>

int main(int argc, char **argv)
{
    struct tb_opts o;
    struct ls_log g;
    std::vector<struct tb_size> sz;

    // a gate-level netlist simulates about 5,000 clocks/s: a few random cases per size (about
    // 90,000 clocks each at 9 x 4, 330,000 at 33 x 16); +scale=10 runs the tile bench's count
#define XT_SYN_SIZE(R, C, SH) sz.push_back({R, C, SH, R * C <= 64 ? 3 : 1, false});
    SYN_SIZES(XT_SYN_SIZE)
    tb_args(argc, argv, &o, "tb_tile_top_syn");
    ls_log_init(&g);
    for (const struct tb_size &s : sz)
        tb_directed(&tile_dut_rtl, &s, &o, &g);
    tb_random(&tile_dut_rtl, sz.data(), (int)sz.size(), &o, &g);
    return tb_finish(&o, &g);
}
