// tb_tile_top.cpp - tile_top in lockstep at the default network's layer sizes (Verilator --cc)
//
// The Verilated tiles of the rtl engine against the C twin, clock by clock: constrained-random
// phases on the 785 x 250 tile, and training traffic (MNIST examples) through the whole
// 784-250-125-10 network. The SystemC bench (tb_tile_top_sc.cpp) covers the small sizes.
extern "C" {
#include "tile_bench.h"
extern const struct tile_dut_ops tile_dut_rtl;
}

int main(int argc, char **argv)
{
    static const struct tb_size sz[] = {{785, 250, 1, 6, true}};
    struct tb_opts o;
    struct ls_log g;

    tb_args(argc, argv, &o, "tb_tile_top");
    ls_log_init(&g);
    tb_directed(&tile_dut_rtl, &sz[0], &o, &g);
    tb_random(&tile_dut_rtl, sz, 1, &o, &g);
    if (tb_training(&tile_dut_rtl, "configs/default.ini", 20, 1000000, &o, &g))
        return 2;
    return tb_finish(&o, &g);
}
