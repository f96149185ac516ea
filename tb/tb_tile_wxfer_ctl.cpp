// tb_tile_wxfer_ctl.cpp - block bench: rtl/tile_wxfer_ctl.v in lockstep with csim/tile/tile_wxfer_ctl.c
//
// Stimulus: transfers (4dev and 2dev refresh, every strategy, random tau, iteration limits and
// saturation windows) whose reads return random codes near or far from the targets after a
// random conversion time, so every decision (done, SET either way, restart, give up) is taken.
#include "tb_block.hpp"
#include "wx_models.hpp" // generated: MODELS(X), X(class, rows, cols)

#include <vector>

extern "C" {
#include "xtile/tile_wxfer_ctl.h"
}

template <class M, int ROWS, int COLS> struct WxBench {
    M *m;
    TbRng *r;
    struct clt_params k{};
    struct tile_wxfer_ctl_p p;
    struct tile_wxfer_ctl_q q{}, d{}, rq{};
    struct tile_wxfer_ctl_out o{};
    std::vector<uint16_t> code;
    std::vector<uint8_t> en, neg;
    int base = 100;
    // the one transfer of a 1 x 1 run whose read window nears 2^16: set, started, ended
    bool long_read = false, long_ran = false, long_done = false;

    bool quiet() const { return long_read; }

    WxBench(M *m_, TbRng *r_) : m(m_), r(r_), code(COLS), en(COLS), neg(COLS)
    {
        p = {ROWS, COLS, 2, false, 500, &k};
        k.max_iter = 4;
        k.sat_pulses = 2;
        tile_wxfer_ctl_init(&q, &p);
        tile_wxfer_ctl_init(&d, &p);
        tile_wxfer_ctl_init(&rq, &p);
        tile_wxfer_ctl_reset(&q, &p);
        tile_wxfer_ctl_reset(&d, &p);
        o.col_en_o = en.data();
        o.col_neg_o = neg.data();
        tb_reset(m);
    }
    ~WxBench()
    {
        tile_wxfer_ctl_free(&q);
        tile_wxfer_ctl_free(&d);
        tile_wxfer_ctl_free(&rq);
    }

    void drive()
    {
        struct tile_wxfer_ctl_in in;
        bool idle = q.state_q == WX_IDLE;

        long_ran |= long_read && !idle;
        // the settings are held through a transfer (the long window's until it has run)
        if (idle && !(long_read && !long_ran) && r->chance(3)) {
            p.x_max = 1 + (int)r->below(4);
            p.two_dev = r->chance(2);
            p.refresh_thr = (int)r->below(1u << XT_ADC_W);
            k.strategy = (int)r->below(4);
            k.tau = (int)r->below(4);
            k.max_iter = 1 + (int)r->below(r->chance(4) ? 40 : 6);
            k.sat_pulses = 1 + (int)r->below(5);
            k.target_codes = (int)r->below(30);
            k.step_codes = 1 + (int)r->below(r->chance(4) ? 40 : 4);
            k.zero_code = (int)r->below(1u << XT_ADC_W);
            k.pol_inv = r->chance(2);
            k.lsp_read = r->chance(2);
            k.offset = r->chance(3) ? (int)r->below(r->chance(4) ? 40 : 8) : 0;
            base = (int)r->below(1u << XT_ADC_W);
            if (r->chance(8)) { // the settings' full 16-bit range (not the PWM window)
                p.refresh_thr = (int)r->below(65536);
                k.tau = (int)r->below(65536);
                k.max_iter = k.tau >= (1 << XT_ADC_W) ? (int)r->below(65536) : k.max_iter;
                k.sat_pulses = 1 + (int)r->below(65535);
                k.target_codes = (int)r->below(65536);
                k.step_codes = 1 + (int)r->below(65535);
                k.offset = (int)r->below(65536);
            }
            // once per 1 x 1 run: a window near the top of its 16 bits (the counter's last
            // values; a transfer's reads, not the ideal write's, then take some 200,000 clocks,
            // without resets)
            long_read = false;
            if (ROWS * COLS == 1 && !long_done && r->chance(16)) {
                p.x_max = 65535 - (int)r->below(8);
                k.strategy = k.strategy == CLT_STRAT_IDEAL ? CLT_STRAT_INC : k.strategy;
                long_read = long_done = true;
            }
        }
        if (q.state_q == WX_ADC || r->chance(8)) // codes near a base, sometimes anywhere
            for (int c = 0; c < COLS; c++) {
                int v = r->chance(6) ? (int)r->below(1u << XT_ADC_W)
                                     : base + (int)r->below(17) - 8;
                code[(size_t)c] = (uint16_t)(v < 0 ? 0 : v >= (1 << XT_ADC_W) ? (1 << XT_ADC_W) - 1 : v);
                vput(m->code_i, c * XT_ADC_W, XT_ADC_W, code[(size_t)c]);
            }
        in.start_i = r->chance(idle ? 4 : 500);
        in.code_i = code.data();
        in.adc_done_i = r->chance(q.state_q == WX_ADC ? 3 : 200);
        m->start_i = in.start_i;
        m->adc_done_i = in.adc_done_i;
        m->x_max_i = (uint16_t)p.x_max;
        m->two_dev_i = p.two_dev;
        m->refresh_thr_i = (uint16_t)p.refresh_thr;
        m->strategy_i = (uint8_t)k.strategy;
        m->tau_i = (uint16_t)k.tau;
        m->max_iter_i = (uint16_t)k.max_iter;
        m->sat_pulses_i = (uint16_t)k.sat_pulses;
        m->target_codes_i = (uint16_t)k.target_codes;
        m->step_codes_i = (uint16_t)k.step_codes;
        m->zero_code_i = (uint16_t)k.zero_code;
        m->offset_i = (uint16_t)k.offset;
        m->pol_inv_i = k.pol_inv;
        m->lsp_read_i = k.lsp_read;
        tile_wxfer_ctl_comb(&p, &q, &in, &d, &o);
    }

    void outputs(struct ls_log *g)
    {
        const char *b = "tile_wxfer_ctl";
        std::vector<uint8_t> v(COLS);
        LS_EQ(g, b, "op_o", m->op_o, o.op_o);
        LS_EQ(g, b, "sel_o", m->sel_o, o.sel_o);
        LS_EQ(g, b, "row_o", m->row_o, o.row_o);
        LS_EQ(g, b, "integ_rst_o", m->integ_rst_o, o.integ_rst_o);
        LS_EQ(g, b, "adc_start_o", m->adc_start_o, o.adc_start_o);
        LS_EQ(g, b, "swap_o", m->swap_o, o.swap_o);
        LS_EQ(g, b, "row_begin_o", m->row_begin_o, o.row_begin_o);
        LS_EQ(g, b, "row_end_o", m->row_end_o, o.row_end_o);
        LS_EQ(g, b, "busy_o", m->busy_o, o.busy_o);
        LS_EQ(g, b, "done_o", m->done_o, o.done_o);
        vunpack(m->col_en_o, COLS, v.data());
        LS_EQV(g, b, "col_en_o", COLS, v.data(), o.col_en_o);
        vunpack(m->col_neg_o, COLS, v.data());
        LS_EQV(g, b, "col_neg_o", COLS, v.data(), o.col_neg_o);
        vunpack(m->need_o, COLS, v.data());
        LS_EQV(g, b, "need_o", COLS, v.data(), q.need_q);
        for (int n = 0; n < WX_STS; n++) {
            uint64_t rv = (uint64_t)vget(m->st_o, 64 * n + 32, 32) << 32 | vget(m->st_o, 64 * n, 32);
            if (rv != tile_wxfer_ctl_stat(&q.st_q, n))
                ls_mismatch(g, b, "st_o", n, rv, tile_wxfer_ctl_stat(&q.st_q, n));
        }
    }

    void edge() { tile_wxfer_ctl_clock(&p, &q, &d); }

    void reset()
    {
        tile_wxfer_ctl_reset(&q, &p);
        tile_wxfer_ctl_reset(&d, &p);
        rq.state_q = q.state_q; // the RTL's too: a reset is not an FSM transition
    }
    static void print_resets()
    {
        static const char *const names[] = {"IDLE", "ROW", "PWM", "PWM_DONE", "ADC", "RESET_L", "RESET_M", "ITER", "DECIDE", "RESTART", "SET", "NEXT", "IDEAL", "ROW_END", "DONE", "KEEP"};
        tb_print_resets(names, (int)(sizeof names / sizeof *names));
    }

    void registers(struct ls_log *g)
    {
        int from = rq.state_q;

        XT_RTL_WX(m->rootp, tile_wxfer_ctl__DOT__, rq, COLS);
        ls_fsm_mark(ls_rtl_fsm.wx, from, rq.state_q);
        ls_cmp_wx(g, "tile_wxfer_ctl", &p, &rq, &q);
    }
};

int main(int argc, char **argv)
{
    struct tb_opts o;
    struct ls_log g;

    tb_args(argc, argv, &o, "tb_tile_wxfer_ctl");
    ls_log_init(&g);
#define XT_RUN(M, R, C)                                                                            \
    tb_size<WxBench<M, R, C>, M>("tile_wxfer_ctl", #R "x" #C, R * C > 10000 ? 60000 : 200000,   \
                                 &o, &g);
    MODELS(XT_RUN)
    return tb_finish(&o, &g);
}
