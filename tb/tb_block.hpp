// tb_block.hpp - what the block benches share: plusargs, stimulus generator, the run loop
//
// A block bench drives a Verilated block and its C twin with the same inputs every cycle, compares
// every output before the edge and every register after it (lockstep.h), and on a mismatch runs
// the failing size again with an FST waveform. Sizes come from the build (generated MODELS(X)).
#ifndef XTILE_TB_BLOCK_HPP
#define XTILE_TB_BLOCK_HPP

extern "C" {
#include "tile_bench.h"
}
#include "rtl_regs.hpp"
#include "verilated_fst_c.h"
#if VM_COVERAGE
#include "verilated_cov.h"
#endif

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <memory>

// splitmix64: the benches' stimulus, seeded from +seed=N
struct TbRng {
    uint64_t s;
    uint64_t next()
    {
        uint64_t z = (s += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    uint32_t below(uint32_t n) { return (uint32_t)(next() % n); }
    bool chance(uint32_t n) { return below(n) == 0; } // probability 1/n
};

inline long tb_resets[32]; // mid-run resets by the state they interrupted, this size

// Prints the resets of a size by state ("resets in IDLE 40, PWM 12, ..."): names[k] of state k.
inline void tb_print_resets(const char *const *names, int n)
{
    std::printf("    asynchronous resets by state:");
    for (int k = 0; k < n; k++)
        std::printf(" %s %ld%s", names[k], tb_resets[k], k + 1 < n ? "," : "\n");
}

// A bench may hold off the mid-run resets (b.quiet(): a long stretch that a reset would cut).
template <class B> auto tb_quiet(const B &b, int) -> decltype(b.quiet()) { return b.quiet(); }
template <class B> bool tb_quiet(const B &, long) { return false; }

// Runs `cycles` cycles of bench B on model M; returns the mismatches. B(model, rng) sets up the
// twin; b.drive() sets this cycle's inputs on both; b.outputs(g) compares; b.edge() clocks both;
// b.registers(g) compares; b.reset() resets the twin (b.q its registers) when the RTL is reset
// in the middle of the run; B::print_resets() prints tb_resets by state name. cov: where the model's coverage data goes (VM_COVERAGE), or NULL.
template <class B, class M>
uint64_t tb_run_size(const char *block, long cycles, uint64_t seed, const char *wave,
                     const char *cov, struct ls_log *g)
{
    std::unique_ptr<VerilatedContext> ctx(new VerilatedContext);
    ctx->traceEverOn(true);
    std::unique_ptr<M> m(new M(ctx.get(), block));
    std::unique_ptr<VerilatedFstC> fst;
    TbRng rng{seed};
    uint64_t before = g->mismatches;

    if (wave) {
        fst.reset(new VerilatedFstC);
        m->trace(fst.get(), 99);
        fst->open(wave);
    }
    B b(m.get(), &rng);
    TbRng rr{seed ^ 0x5ee7ull}; // the resets' own stream: the stimulus stays as it was
    for (long k = 0; k < cycles; k++) {
        b.drive();
        m->eval();
        if (fst)
            fst->dump(ctx->time());
        b.outputs(g);
        ctx->timeInc(1);
        m->clk_i = 1;
        m->eval();
        b.edge();
        if (fst)
            fst->dump(ctx->time());
        ctx->timeInc(1);
        m->clk_i = 0;
        g->cycle++;
        b.registers(g);
        // an asynchronous reset between two clocks, about one in 2,000, whatever the state (one
        // in 8 in a state not yet reset in, so that every state gets some): the RTL's rst_ni
        // and the twin's reset at the same instant
        if (!tb_quiet(b, 0) && rr.chance(tb_resets[b.q.state_q] ? 2000 : 8)) {
            tb_resets[b.q.state_q]++;
            tb_reset(m.get());
            b.reset();
        }
    }
    m->final();
    if (fst)
        fst->close();
#if VM_COVERAGE
    if (cov)
        ctx->coveragep()->write(cov);
#else
    (void)cov;
#endif
    return g->mismatches - before;
}

// Resets a Verilated block: the asynchronous reset needs its falling edge.
template <class M> void tb_reset(M *m)
{
    m->clk_i = 0;
    m->rst_ni = 1;
    m->eval();
    m->rst_ni = 0;
    m->eval();
    m->rst_ni = 1;
    m->eval();
}

inline bool tb_waved = false; // the first failing size gets a waveform

// One size: runs it, and on a mismatch runs it again with an FST waveform.
template <class B, class M>
void tb_size(const char *block, const char *size, long cycles, const struct tb_opts *o,
             struct ls_log *g)
{
    char wave[512], cov[512];
    uint64_t c0 = g->cycle;

    std::snprintf(wave, sizeof wave, "%s/%s-%s-seed%llu.fst", o->wave_dir, block, size,
                  (unsigned long long)o->seed);
    std::snprintf(cov, sizeof cov, "%s/%s-%s-seed%llu.dat", o->cov_dir ? o->cov_dir : ".", block,
                  size, (unsigned long long)o->seed);
    long n = (long)(cycles * o->scale + 0.5);
    std::fill(std::begin(tb_resets), std::end(tb_resets), 0L);
    if (tb_run_size<B, M>(block, n, o->seed, o->trace ? wave : nullptr,
                          o->cov_dir ? cov : nullptr, g) &&
        !o->trace && !o->nowave && !tb_waved) {
        tb_waved = true;
        struct ls_log quiet = *g;
        quiet.limit = 0;
        tb_run_size<B, M>(block, n, o->seed, wave, nullptr, &quiet);
        std::fprintf(stderr, "waveform of the failing run: %s\n", wave);
    }
    std::printf("  %s %s: %llu cycles compared\n", block, size,
                (unsigned long long)(g->cycle - c0));
    B::print_resets();
    std::fflush(stdout);
}

#endif
