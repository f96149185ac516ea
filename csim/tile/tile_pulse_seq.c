/* tile_pulse_seq.c - cycle model of rtl/tile_pulse_seq.v: read PWM and OLT slot trains */
#include "xtile/tile_pulse_seq.h"

#include "xtile/err.h"

#include <stdlib.h>
#include <string.h>

int tile_pulse_seq_init(struct tile_pulse_seq_q *q, const struct tile_pulse_seq_p *p)
{
    size_t lines = (size_t)p->rows + (size_t)p->cols;

    memset(q, 0, sizeof *q);
    q->lfsr_q = calloc(lines, sizeof *q->lfsr_q);
    q->acc_q = calloc((size_t)p->cols, sizeof *q->acc_q);
    q->fire_q = calloc(lines, 1);
    if (!q->lfsr_q || !q->acc_q || !q->fire_q) {
        tile_pulse_seq_free(q);
        return xt_fail(XT_ENOMEM, "cannot allocate the pulse sequencer registers");
    }
    return 0;
}

void tile_pulse_seq_free(struct tile_pulse_seq_q *q)
{
    free(q->lfsr_q);
    free(q->acc_q);
    free(q->fire_q);
    memset(q, 0, sizeof *q);
}

void tile_pulse_seq_reset(struct tile_pulse_seq_q *q, const struct tile_pulse_seq_p *p)
{
    size_t lines = (size_t)p->rows + (size_t)p->cols;

    q->state_q = SEQ_IDLE;
    q->mode_q = 0;
    q->scheme_q = 0;
    q->bl_q = 1;
    q->cnt_q = 0;
    q->width_q = 0;
    for (size_t l = 0; l < lines; l++)
        q->lfsr_q[l] = 1; /* a valid non-zero state until the first seed */
    memset(q->acc_q, 0, (size_t)p->cols * sizeof *q->acc_q);
    memset(q->fire_q, 0, lines);
}

static void copy_lines(const struct tile_pulse_seq_p *p, struct tile_pulse_seq_q *dst,
                       const struct tile_pulse_seq_q *src)
{
    size_t lines = (size_t)p->rows + (size_t)p->cols;

    memcpy(dst->lfsr_q, src->lfsr_q, lines * sizeof *dst->lfsr_q);
    memcpy(dst->acc_q, src->acc_q, (size_t)p->cols * sizeof *dst->acc_q);
    memcpy(dst->fire_q, src->fire_q, lines);
}

static void copy_scalars(struct tile_pulse_seq_q *dst, const struct tile_pulse_seq_q *src)
{
    dst->state_q = src->state_q;
    dst->mode_q = src->mode_q;
    dst->scheme_q = src->scheme_q;
    dst->bl_q = src->bl_q;
    dst->cnt_q = src->cnt_q;
    dst->width_q = src->width_q;
}

void tile_pulse_seq_copy(const struct tile_pulse_seq_p *p, struct tile_pulse_seq_q *dst,
                         const struct tile_pulse_seq_q *src)
{
    copy_scalars(dst, src);
    copy_lines(p, dst, src);
}

/*
 * The per-line registers hold by default; a cycle that writes one first takes
 * all of q's into d (copy on write) and marks d dirty, and only a dirty cycle's
 * clock copies them back: the same registers as a copy every cycle, without
 * copying a thousand lines on the many cycles (a transfer's) that hold them.
 */
static void write_lines(const struct tile_pulse_seq_p *p, const struct tile_pulse_seq_q *q,
                        struct tile_pulse_seq_q *d)
{
    if (!d->dirty) {
        copy_lines(p, d, q);
        d->dirty = true;
    }
}

/* Fire bits of slot q->cnt_q into d->fire_q; LFSRs leap, accumulators step. */
static void slot(const struct tile_pulse_seq_p *p, const struct tile_pulse_seq_q *q,
                 const struct tile_pulse_seq_in *in, struct tile_pulse_seq_q *d)
{
    int bl = q->bl_q;

    for (int l = 0; l < p->rows + p->cols; l++) {
        bool col = l >= p->rows;
        int code = col ? in->col_code_i[l - p->rows] : in->row_code_i[l];
        bool fire;

        if (q->scheme_q == OLT_DETERMINISTIC) {
            int n = (code * bl + 128) >> 8;
            if (!col) {
                fire = q->cnt_q < n; /* the first n slots */
            } else {                 /* Bresenham: floor((s+1) m / bl) > floor(s m / bl) */
                int acc = q->acc_q[l - p->rows] + n;
                fire = acc >= bl;
                d->acc_q[l - p->rows] = (uint16_t)(fire ? acc - bl : acc);
            }
        } else {
            uint32_t s = olt_leap(p->leap, q->lfsr_q[l]);
            d->lfsr_q[l] = s;
            fire = (s >> 24) < (uint32_t)code;
        }
        d->fire_q[l] = fire;
    }
}

/* en[l] = cnt < code[l]: the lines still driving in PWM cycle cnt. */
static void pwm_lines(uint8_t *restrict en, const uint16_t *restrict code, int n, uint16_t cnt)
{
    for (int l = 0; l < n; l++)
        en[l] = cnt < code[l];
}

void tile_pulse_seq_comb(const struct tile_pulse_seq_p *p, const struct tile_pulse_seq_q *q,
                         const struct tile_pulse_seq_in *in, struct tile_pulse_seq_q *d,
                         struct tile_pulse_seq_out *out)
{
    copy_scalars(d, q);
    d->dirty = false;
    out->op_o = SEQ_OP_NOP;
    out->dir_o = q->mode_q == SEQ_BWD;
    out->integ_rst_o = false;
    out->busy_o = q->state_q != SEQ_IDLE;
    out->done_o = false;
    out->row_neg_o = in->row_neg_i;
    out->col_neg_o = in->col_neg_i;
    tile_lines_clear(out->row_en_o, (size_t)p->rows, out->row_en_s);
    tile_lines_clear(out->col_en_o, (size_t)p->cols, out->col_en_s);

    switch (q->state_q) {
    case SEQ_IDLE:
        if (in->seed_i || in->start_i)
            write_lines(p, q, d);
        if (in->seed_i) {
            for (int i = 0; i < p->rows; i++)
                d->lfsr_q[i] = olt_seed(in->seed_base_i, 0, i);
            for (int j = 0; j < p->cols; j++)
                d->lfsr_q[p->rows + j] = olt_seed(in->seed_base_i, 1, j);
        }
        if (in->start_i) {
            d->mode_q = (uint8_t)in->mode_i;
            d->scheme_q = (uint8_t)in->scheme_i;
            d->bl_q = (uint8_t)in->bl_i;
            d->cnt_q = 0;
            d->state_q = in->mode_i == SEQ_UPD ? SEQ_SLOT : SEQ_PWM;
            memset(d->acc_q, 0, (size_t)p->cols * sizeof *d->acc_q);
        }
        break;
    case SEQ_PWM: { /* forward: rows drive X cycles; backward: columns drive D cycles */
        bool fwd = q->mode_q == SEQ_FWD;
        int window = fwd ? p->x_max : p->d_max;
        out->op_o = SEQ_OP_READ;
        out->integ_rst_o = q->cnt_q == 0;
        /*
         * Locals, so that the byte stores cannot alias the count or the code
         * pointer and the compare runs as one vector loop (it is most of the
         * clocked engine's reads).
         */
        uint16_t cnt = q->cnt_q;
        if (fwd) {
            pwm_lines(out->row_en_o, in->row_code_i, p->rows, cnt);
            tile_lines_any(out->row_en_s);
        } else {
            pwm_lines(out->col_en_o, in->col_code_i, p->cols, cnt);
            tile_lines_any(out->col_en_s);
        }
        if (q->cnt_q + 1 == window)
            d->state_q = SEQ_DONE;
        else
            d->cnt_q = (uint16_t)(q->cnt_q + 1);
        break;
    }
    case SEQ_SLOT: /* one SET strobe at the crossings of the lines that fire */
        write_lines(p, q, d);
        slot(p, q, in, d);
        out->op_o = SEQ_OP_SET;
        memcpy(out->row_en_o, d->fire_q, (size_t)p->rows);
        memcpy(out->col_en_o, d->fire_q + p->rows, (size_t)p->cols);
        tile_lines_any(out->row_en_s);
        tile_lines_any(out->col_en_s);
        d->width_q = (uint16_t)(p->set_cycles - 1);
        if (p->set_cycles > 1)
            d->state_q = SEQ_HOLD;
        else if (q->cnt_q + 1 == q->bl_q)
            d->state_q = SEQ_DONE;
        else
            d->cnt_q = (uint16_t)(q->cnt_q + 1);
        break;
    case SEQ_HOLD: /* the pulse lasts set_cycles: lines held, no new strobe */
        memcpy(out->row_en_o, q->fire_q, (size_t)p->rows);
        memcpy(out->col_en_o, q->fire_q + p->rows, (size_t)p->cols);
        tile_lines_any(out->row_en_s);
        tile_lines_any(out->col_en_s);
        if (q->width_q > 1) {
            d->width_q = (uint16_t)(q->width_q - 1);
        } else if (q->cnt_q + 1 == q->bl_q) {
            d->state_q = SEQ_DONE;
        } else {
            d->state_q = SEQ_SLOT;
            d->cnt_q = (uint16_t)(q->cnt_q + 1);
        }
        break;
    case SEQ_DONE:
        out->done_o = true;
        d->state_q = SEQ_IDLE;
        break;
    default: d->state_q = SEQ_IDLE; break;
    }
}

void tile_pulse_seq_clock(const struct tile_pulse_seq_p *p, struct tile_pulse_seq_q *q,
                          const struct tile_pulse_seq_q *d)
{
    copy_scalars(q, d);
    if (d->dirty)
        copy_lines(p, q, d);
}

long tile_pulse_seq_cycles(const struct tile_pulse_seq_p *p, int mode, int bl)
{
    switch (mode) {
    case SEQ_FWD: return p->x_max + 1;
    case SEQ_BWD: return p->d_max + 1;
    default: return (long)bl * p->set_cycles + 1;
    }
}
