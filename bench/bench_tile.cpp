// bench_tile.cpp - simulated clocks per second of one tile on the C twin (L1), the Verilated C++
// model and the Verilated SystemC model, through the same harness and array model (make bench);
// the twin every clock, as the RTL runs, and as the clocked engine runs it (quiet stretches in
// one step: tile_top_ramp, tile_top_hold)
//
// The tile: the default network's last layer (126 x 10) with the default presets; the workload:
// 300 random forward, backward and update phases and one weight transfer, the same on each DUT.
#include "sc_dut.hpp"
#include "sc_models.hpp" // generated: the Verilated SystemC sizes, SC_MODELS(X)

#include <algorithm>
#include <cstdio>

extern "C" {
#include "xtile/analog.h"
#include "xtile/clock.h"
#include "xtile/err.h"
#include "xtile/hash.h"
#include "xtile/rng.h"
extern const struct tile_dut_ops tile_dut_rtl;
}

namespace {
struct result {
    double secs;
    uint64_t clocks;
    uint64_t hash;
};

int run(const struct tile_dut_ops *dut, const struct xt_config *c, struct result *res)
{
    struct anet a;
    struct xt_rng r;
    float x[126], d[10];
    uint16_t code[126], p[126], q[10];
    uint8_t pn[126], qn[10];

    if (anet_init(&a, c))
        return -1;
    struct xt_tile *t = &a.tile[0];
    t->ops->detach(t);
    t->ops = &xt_engine_cycle;
    if (xt_cycle_attach(t, dut, nullptr)) {
        anet_free(&a);
        return -1;
    }
    xt_rng_init(&r, 1, XT_STREAM_TEST, 7);
    double t0 = xt_now();
    for (int k = 0; k < 300; k++) {
        int ph = (int)xt_rng_below(&r, 3);
        if (ph == 0) {
            for (int i = 0; i < 126; i++)
                x[i] = (float)xt_rng_below(&r, (uint32_t)t->x_max + 1);
            t->ops->forward(t, x, code);
        } else if (ph == 1) {
            for (int j = 0; j < 10; j++)
                d[j] = (float)xt_rng_below(&r, (uint32_t)t->d_max + 1) *
                       (xt_rng_below(&r, 2) ? 1.0f : -1.0f);
            t->ops->backward(t, d, code);
        } else {
            for (int i = 0; i < 126; i++) {
                p[i] = (uint16_t)xt_rng_below(&r, 64);
                pn[i] = (uint8_t)xt_rng_below(&r, 2);
            }
            for (int j = 0; j < 10; j++) {
                q[j] = (uint16_t)xt_rng_below(&r, 256);
                qn[j] = (uint8_t)xt_rng_below(&r, 2);
            }
            t->ops->update(t, p, pn, q, qn);
        }
        if (k == 150) {
            struct clt_stats st = {};
            t->ops->transfer(t, &st);
        }
    }
    res->secs = xt_now() - t0;
    res->clocks = 0;
    for (int ph = 0; ph < XT_PHASES; ph++)
        res->clocks += t->cycles[0][ph];
    res->hash = XT_FNV_BASIS;
    for (long k = 0; k < (long)t->arr.rows * t->arr.cols * t->arr.ndev; k++)
        res->hash = xt_fnv_bytes(res->hash, &t->arr.dev[k].g, sizeof t->arr.dev[k].g);
    anet_free(&a);
    return 0;
}
} // namespace

int sc_main(int argc, char **argv)
{
    // the twin as the RTL runs: every clock (the clocked engine takes quiet stretches in one step)
    struct tile_dut_ops twin_every = tile_dut_c;
    twin_every.ramp = nullptr;
    twin_every.hold = nullptr;
    const struct tile_dut_ops *duts[4] = {&twin_every, &tile_dut_rtl, &sc_dut_ops, &tile_dut_c};
    const char *names[4] = {"C twin (L1), every clock", "Verilated C++ (--cc)",
                            "Verilated SystemC (--sc)", "C twin, quiet stretches"};
    double med[4];
    uint64_t clocks = 0, hash = 0;
    struct xt_config c;

    Verilated::commandArgs(argc, argv);
#define XT_SC_MAKE(M, R, C, SH, AW) new ScDut<M, R, C, SH, XT_CODE_W, AW>(#M); /* lives until exit */
    SC_MODELS(XT_SC_MAKE)
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    xt_config_defaults(&c);
    if (xt_config_load(&c, "configs/default.ini") || xt_config_load(&c, "configs/tile/default.ini") ||
        xt_config_set(&c, "net.layers", "125,10")) {
        std::fprintf(stderr, "bench_tile: %s\n", xt_errmsg());
        return 1;
    }
    std::printf("tile 126 x 10 (default presets): 300 random forward/backward/update phases and "
                "one transfer, 3 runs per DUT\n");
    for (int k = 0; k < 4; k++) {
        double s[3];
        for (int rep = 0; rep < 3; rep++) {
            struct result res;
            if (run(duts[k], &c, &res)) {
                std::fprintf(stderr, "bench_tile: %s: %s\n", names[k], xt_errmsg());
                return 1;
            }
            if ((k || rep) && (res.clocks != clocks || res.hash != hash)) {
                std::fprintf(stderr, "bench_tile: %s disagrees with the C twin\n", names[k]);
                return 1;
            }
            clocks = res.clocks;
            hash = res.hash;
            s[rep] = (double)res.clocks / res.secs;
        }
        std::sort(s, s + 3);
        med[k] = s[1];
        std::printf("  %-26s median %8.3f M clocks/s (min %.3f, max %.3f), %llu clocks per run\n",
                    names[k], med[k] / 1e6, s[0] / 1e6, s[2] / 1e6, (unsigned long long)clocks);
        std::fflush(stdout);
    }
    std::printf("  ratios: C twin / C++ %.1f, C twin / SystemC %.1f, C++ / SystemC %.1f (every "
                "clock); quiet stretches in one step / every clock %.1f\n",
                med[0] / med[1], med[0] / med[2], med[1] / med[2], med[3] / med[0]);
    return 0;
}
