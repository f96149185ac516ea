// tb_tile_adc_rd.cpp - block bench: rtl/tile_adc_rd.v in lockstep with csim/tile/tile_adc_rd.c
//
// Stimulus: conversions of random width started at random times (also while busy, which the
// block must ignore), comparators that trip at random steps and stay tripped, and noise.
#include "tb_block.hpp"
#include "adc_models.hpp" // generated: MODELS(X), X(class, lines, share)

#include <vector>

extern "C" {
#include "xtile/tile_adc_rd.h"
}

template <class M, int LINES, int SHARE> struct AdcBench {
    M *m;
    TbRng *r;
    struct tile_adc_rd_p p = {LINES, SHARE};
    struct tile_adc_rd_q q{}, d{}, rq{};
    struct tile_adc_rd_out o{};
    std::vector<uint8_t> cmp;
    std::vector<uint16_t> trip; // step at which each line's comparator trips
    int bits = 4, noisy = 0;

    AdcBench(M *m_, TbRng *r_) : m(m_), r(r_), cmp(LINES), trip(LINES)
    {
        tile_adc_rd_init(&q, &p);
        tile_adc_rd_init(&d, &p);
        tile_adc_rd_init(&rq, &p);
        tile_adc_rd_reset(&q, &p);
        tile_adc_rd_reset(&d, &p);
        tb_reset(m);
    }
    ~AdcBench()
    {
        tile_adc_rd_free(&q);
        tile_adc_rd_free(&d);
        tile_adc_rd_free(&rq);
    }

    void drive()
    {
        struct tile_adc_rd_in in;
        bool start = q.state_q == ADC_IDLE ? r->chance(3) : r->chance(50);

        if (start && q.state_q == ADC_IDLE) { // a new conversion: new trip steps
            bits = 1 + (int)r->below(XT_ADC_W);
            noisy = r->chance(4);
            for (int l = 0; l < LINES; l++)
                trip[(size_t)l] = (uint16_t)r->below((1u << bits) + 1);
        }
        for (int l = 0; l < LINES; l++)
            cmp[(size_t)l] = noisy ? r->chance(3) : q.k_q >= trip[(size_t)l];
        in = {start, start ? bits : (int)r->below(XT_ADC_W) + 1, cmp.data()};
        m->start_i = in.start_i;
        m->bits_i = (uint8_t)in.bits_i;
        vpack(m->cmp_i, LINES, cmp.data());
        tile_adc_rd_comb(&p, &q, &in, &d, &o);
    }

    void outputs(struct ls_log *g)
    {
        const char *b = "tile_adc_rd";
        LS_EQ(g, b, "sample_o", m->sample_o, o.sample_o);
        LS_EQ(g, b, "conv_o", m->conv_o, o.conv_o);
        LS_EQ(g, b, "ramp_o", m->ramp_o, o.ramp_o);
        LS_EQ(g, b, "busy_o", m->busy_o, o.busy_o);
        LS_EQ(g, b, "done_o", m->done_o, o.done_o);
        for (int l = 0; l < LINES; l++)
            if (vget(m->code_o, l * XT_ADC_W, XT_ADC_W) != q.code_q[l])
                ls_mismatch(g, b, "code_o", l, vget(m->code_o, l * XT_ADC_W, XT_ADC_W),
                            q.code_q[l]);
    }

    void edge() { tile_adc_rd_clock(&p, &q, &d); }

    void reset()
    {
        tile_adc_rd_reset(&q, &p);
        tile_adc_rd_reset(&d, &p);
        rq.state_q = q.state_q; // the RTL's too: a reset is not an FSM transition
    }
    static void print_resets()
    {
        static const char *const names[] = {"IDLE", "SAMPLE", "RAMP", "DONE"};
        tb_print_resets(names, (int)(sizeof names / sizeof *names));
    }

    void registers(struct ls_log *g)
    {
        int from = rq.state_q;

        XT_RTL_ADC(m->rootp, tile_adc_rd__DOT__, rq, LINES);
        ls_fsm_mark(ls_rtl_fsm.adc, from, rq.state_q);
        ls_cmp_adc(g, "tile_adc_rd", &p, &rq, &q);
    }
};

int main(int argc, char **argv)
{
    struct tb_opts o;
    struct ls_log g;

    tb_args(argc, argv, &o, "tb_tile_adc_rd");
    ls_log_init(&g);
#define XT_RUN(M, L, S)                                                                            \
    tb_size<AdcBench<M, L, S>, M>("tile_adc_rd", #L "x" #S, L > 200 ? 60000 : 200000, &o, &g);
    MODELS(XT_RUN)
    return tb_finish(&o, &g);
}
