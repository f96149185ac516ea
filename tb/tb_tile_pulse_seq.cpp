// tb_tile_pulse_seq.cpp - block bench: rtl/tile_pulse_seq.v in lockstep with csim/tile/tile_pulse_seq.c
//
// Stimulus: forward, backward and update phases with random windows, slot counts, pulse widths,
// schemes and codes (codes also change mid-phase), reseeds while idle, starts while busy.
#include "tb_block.hpp"
#include "seq_models.hpp" // generated: MODELS(X), X(class, rows, cols)

#include <vector>

extern "C" {
#include "xtile/olt.h"
#include "xtile/tile_pulse_seq.h"
}

template <class M, int ROWS, int COLS> struct SeqBench {
    M *m;
    TbRng *r;
    struct olt_leap leap;
    struct tile_pulse_seq_p p;
    struct tile_pulse_seq_q q{}, d{}, rq{};
    struct tile_pulse_seq_out o{};
    std::vector<uint16_t> rcode, ccode;
    std::vector<uint8_t> rneg, cneg, ren, cen;
    int wide = 0; // the full-width phases run so far

    SeqBench(M *m_, TbRng *r_)
        : m(m_), r(r_), rcode(ROWS), ccode(COLS), rneg(ROWS), cneg(COLS), ren(ROWS), cen(COLS)
    {
        olt_leap_init(&leap, 8);
        p = {ROWS, COLS, 5, 3, 1, &leap};
        tile_pulse_seq_init(&q, &p);
        tile_pulse_seq_init(&d, &p);
        tile_pulse_seq_init(&rq, &p);
        tile_pulse_seq_reset(&q, &p);
        tile_pulse_seq_reset(&d, &p);
        o.row_en_o = ren.data();
        o.col_en_o = cen.data();
        tb_reset(m);
        codes();
    }
    ~SeqBench()
    {
        tile_pulse_seq_free(&q);
        tile_pulse_seq_free(&d);
        tile_pulse_seq_free(&rq);
    }

    void codes()
    {
        uint32_t top = r->chance(2) ? OLT_ONE + 1 : (1u << XT_CODE_W);
        for (int i = 0; i < ROWS; i++) {
            rcode[(size_t)i] = (uint16_t)r->below(top);
            rneg[(size_t)i] = (uint8_t)r->below(2);
            vput(m->row_code_i, i * XT_CODE_W, XT_CODE_W, rcode[(size_t)i]);
        }
        for (int j = 0; j < COLS; j++) {
            ccode[(size_t)j] = (uint16_t)r->below(top);
            cneg[(size_t)j] = (uint8_t)r->below(2);
            vput(m->col_code_i, j * XT_CODE_W, XT_CODE_W, ccode[(size_t)j]);
        }
        vpack(m->row_neg_i, ROWS, rneg.data());
        vpack(m->col_neg_i, COLS, cneg.data());
    }

    void drive()
    {
        struct tile_pulse_seq_in in{};
        bool idle = q.state_q == SEQ_IDLE;

        if (idle && r->chance(4)) { // the windows and pulse width are held through a phase
            p.x_max = 1 + (int)r->below(r->chance(8) ? 300 : 20);
            p.d_max = 1 + (int)r->below(r->chance(8) ? 300 : 20);
            p.set_cycles = 1 + (int)r->below(r->chance(3) ? 4 : 1);
        }
        if (r->chance(idle ? 4 : 64))
            codes();
        in.start_i = r->chance(idle ? 3 : 40);
        in.mode_i = 1 + (int)r->below(3);
        in.scheme_i = (int)r->below(2);
        in.bl_i = 1 + (int)r->below(r->chance(4) ? 127 : 40);
        // counters near their width, once on the smallest size: a forward and a backward window
        // of 65,535 cycles and one update slot held 65,535 cycles, every bit of the windows, the
        // count and the pulse width both ways (the random phases come back to small values)
        if (idle && ROWS * COLS <= 64 && wide < 3) {
            p.x_max = 65535;
            p.d_max = 65535;
            p.set_cycles = 65535;
            in.start_i = 1;
            in.mode_i = wide == 0 ? SEQ_FWD : wide == 1 ? SEQ_BWD : SEQ_UPD;
            in.bl_i = 1;
            wide++;
        }
        in.seed_i = r->chance(idle ? 6 : 40);
        in.seed_base_i = (uint32_t)r->next();
        in.row_code_i = rcode.data();
        in.row_neg_i = rneg.data();
        in.col_code_i = ccode.data();
        in.col_neg_i = cneg.data();
        m->start_i = in.start_i;
        m->mode_i = (uint8_t)in.mode_i;
        m->scheme_i = (uint8_t)in.scheme_i;
        m->bl_i = (uint8_t)in.bl_i;
        m->seed_i = in.seed_i;
        m->seed_base_i = in.seed_base_i;
        m->x_max_i = (uint16_t)p.x_max;
        m->d_max_i = (uint16_t)p.d_max;
        m->set_cycles_i = (uint16_t)p.set_cycles;
        tile_pulse_seq_comb(&p, &q, &in, &d, &o);
    }

    void outputs(struct ls_log *g)
    {
        const char *b = "tile_pulse_seq";
        std::vector<uint8_t> v(ROWS > COLS ? ROWS : COLS);
        LS_EQ(g, b, "op_o", m->op_o, o.op_o);
        LS_EQ(g, b, "dir_o", m->dir_o, o.dir_o);
        LS_EQ(g, b, "integ_rst_o", m->integ_rst_o, o.integ_rst_o);
        LS_EQ(g, b, "busy_o", m->busy_o, o.busy_o);
        LS_EQ(g, b, "done_o", m->done_o, o.done_o);
        vunpack(m->row_en_o, ROWS, v.data());
        LS_EQV(g, b, "row_en_o", ROWS, v.data(), o.row_en_o);
        vunpack(m->row_neg_o, ROWS, v.data());
        LS_EQV(g, b, "row_neg_o", ROWS, v.data(), o.row_neg_o);
        vunpack(m->col_en_o, COLS, v.data());
        LS_EQV(g, b, "col_en_o", COLS, v.data(), o.col_en_o);
        vunpack(m->col_neg_o, COLS, v.data());
        LS_EQV(g, b, "col_neg_o", COLS, v.data(), o.col_neg_o);
    }

    void edge() { tile_pulse_seq_clock(&p, &q, &d); }

    void reset()
    {
        tile_pulse_seq_reset(&q, &p);
        tile_pulse_seq_reset(&d, &p);
        rq.state_q = q.state_q; // the RTL's too: a reset is not an FSM transition
    }
    static void print_resets()
    {
        static const char *const names[] = {"IDLE", "PWM", "SLOT", "HOLD", "DONE"};
        tb_print_resets(names, (int)(sizeof names / sizeof *names));
    }

    void registers(struct ls_log *g)
    {
        int from = rq.state_q;

        XT_RTL_SEQ(m->rootp, tile_pulse_seq__DOT__, rq, ROWS, COLS);
        ls_fsm_mark(ls_rtl_fsm.seq, from, rq.state_q);
        ls_cmp_seq(g, "tile_pulse_seq", &p, &rq, &q);
    }
};

int main(int argc, char **argv)
{
    struct tb_opts o;
    struct ls_log g;

    tb_args(argc, argv, &o, "tb_tile_pulse_seq");
    ls_log_init(&g);
#define XT_RUN(M, R, C)                                                                            \
    tb_size<SeqBench<M, R, C>, M>("tile_pulse_seq", #R "x" #C,                                  \
                                  R * C > 10000 ? 60000 : R * C <= 64 ? 400000 : 200000,         \
                                  &o, &g);
    MODELS(XT_RUN)
    return tb_finish(&o, &g);
}
