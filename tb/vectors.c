/* vectors.c - the tile bench's stimulus on the C twin, recorded as vectors for tb/iv_tile_top.v
 *
 * usage: vectors OUT_DIR ROWSxCOLSxSHARExADCW... +codew=N [+seed=N] [+scale=X]
 *
 * Runs the directed and the constrained-random tile cases of tb/tile_bench.c on the C twin and
 * writes, per size, OUT_DIR/ROWSxCOLSxSHARExADCW.vec: every input of tile_top and every output the
 * twin gives, clock by clock, for a second simulator to replay (tests/icarus.sh). One line each:
 *   R cfg...                 a new tile at reset with its 16 configuration inputs
 *   C in... out... cmp...    one clock: the inputs, the expected outputs, the comparators
 *   K n value                a counter read without a clock (both words): the bench's, and
 *                            every counter after each phase's last clock
 *   X                        an asynchronous reset between two clocks, then every counter
 * Numbers in hex; a packed bus (rows x CodeW code bits, for example) as one number, line 0 in
 * its lowest bits, as tile_top's ports pack them, at the model's CodeW (+codew) and AdcW (the
 * size's).
 */
#include "tile_bench.h"

#include "xtile/clt.h"
#include "xtile/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int code_w, adc_w; /* the replayed model's CodeW and AdcW */
static FILE *vec;         /* the size's vector file */
static char line[65536];  /* the clock being recorded: written out at its edge */
static size_t len;

struct rec {
    const struct tile_top_p *p;
    void *c;   /* the C twin */
    bool done; /* the clock being recorded ends a phase */
};

static void add(const char *fmt, unsigned long long v)
{
    len += (size_t)snprintf(line + len, sizeof line - len, fmt, v);
}

/* n fields of w bits (v16, or v8 if v16 is NULL) as one hex number, field 0 lowest */
static void add_bus(int n, int w, const uint16_t *v16, const uint8_t *v8)
{
    int bits = n * w, digits = (bits + 3) / 4;

    line[len++] = ' ';
    for (int k = digits - 1; k >= 0; k--) {
        int nib = 0;
        for (int b = 3; b >= 0; b--) {
            int bit = 4 * k + b, f = bit / w, fb = bit % w;
            unsigned val = f < n ? (v16 ? v16[f] : v8[f]) : 0;
            nib = nib << 1 | (bit < bits && (val >> fb & 1));
        }
        line[len++] = "0123456789abcdef"[nib];
    }
    line[len] = 0;
}

static void *rec_open(const struct tile_top_p *p, void *ctx)
{
    struct rec *r = calloc(1, sizeof *r);
    const struct clt_params *c = p->wx.clt;

    (void)ctx;
    if (!r || !(r->c = tile_dut_c.open(p, NULL))) {
        free(r);
        xt_fail(XT_ENOMEM, "cannot open the recorded twin");
        return NULL;
    }
    r->p = p;
    fprintf(vec, "R %x %x %x %x %x %x %x %x %x %x %x %x %x %x %x %x %x\n", p->seq.x_max,
            p->seq.d_max, p->seq.set_cycles, p->fwd_bits, p->bwd_bits, c->adc.bits, p->wx.two_dev,
            p->wx.refresh_thr, c->strategy, c->tau, c->max_iter, c->sat_pulses, c->target_codes,
            c->step_codes, c->pol_inv, c->lsp_read, c->offset);
    return r;
}

static void rec_close(void *h)
{
    struct rec *r = h;

    if (r)
        tile_dut_c.close(r->c);
    free(r);
}

static void rec_out(void *h, const struct tile_top_in *in, struct tile_top_out *o)
{
    struct rec *r = h;
    int rows = r->p->rows, cols = r->p->cols;

    tile_dut_c.out(r->c, in, o);
    len = 0;
    add("C %x", in->reg_valid_i);
    add(" %x", in->reg_we_i);
    add(" %x", in->reg_addr_i);
    add(" %x", in->reg_wdata_i);
    add_bus(rows, code_w, in->row_code_i, NULL);
    add_bus(rows, 1, NULL, in->row_neg_i);
    add_bus(cols, code_w, in->col_code_i, NULL);
    add_bus(cols, 1, NULL, in->col_neg_i);
    add(" %x", o->reg_rdata_o);
    add(" %x", (unsigned)o->op_o);
    add(" %x", (unsigned)o->mode_o);
    add(" %x", (unsigned)o->sel_o);
    add(" %x", o->integ_rst_o);
    add(" %x", o->sample_o);
    add(" %x", o->conv_o);
    add(" %x", (unsigned)o->ramp_o);
    add_bus(rows, 1, NULL, o->row_en_o);
    add_bus(rows, 1, NULL, o->row_neg_o);
    add_bus(cols, 1, NULL, o->col_en_o);
    add_bus(cols, 1, NULL, o->col_neg_o);
    add(" %x", o->swap_o);
    add_bus(cols, adc_w, o->col_code_o, NULL);
    add_bus(rows, adc_w, o->row_code_o, NULL);
    add(" %x", o->busy_o);
    add(" %x", o->done_o);
    add(" %x", o->row_begin_o);
    add(" %x", o->row_end_o);
    add(" %x", (unsigned)o->row_o);
    add_bus(cols, 1, NULL, o->need_o);
    r->done = o->done_o;
}

static void rec_cmp(void *h, const struct tile_top_in *in)
{
    struct rec *r = h;

    tile_dut_c.cmp(r->c, in);
    add_bus(r->p->cols, 1, NULL, in->col_cmp_i);
    add_bus(r->p->rows, 1, NULL, in->row_cmp_i);
}

static void rec_clock(void *h)
{
    struct rec *r = h;

    tile_dut_c.clock(r->c);
    fprintf(vec, "%s\n", line);
    /* every counter after every phase: the replay compares outputs only, and these registers
     * show on the bus alone */
    for (int n = 0; r->done && n < TOP_REG_COUNTERS; n++)
        fprintf(vec, "K %x %llx\n", n, (unsigned long long)tile_dut_c.counter(r->c, n));
}

static void rec_reset(void *h)
{
    struct rec *r = h;

    tile_dut_c.reset(r->c);
    fprintf(vec, "X\n");
    for (int n = 0; n < TOP_REG_COUNTERS; n++)
        fprintf(vec, "K %x %llx\n", n, (unsigned long long)tile_dut_c.counter(r->c, n));
}

/* a read between two clocks: written before the clock being recorded, whose state it reads */
static uint64_t rec_counter(void *h, int n)
{
    struct rec *r = h;
    uint64_t v = tile_dut_c.counter(r->c, n);

    fprintf(vec, "K %x %llx\n", n, (unsigned long long)v);
    return v;
}

static int rec_regs(void *h, struct tile_top_q *q)
{
    return tile_dut_c.regs(((struct rec *)h)->c, q);
}

static int rec_trace(void *h, const char *path)
{
    (void)h;
    return xt_fail(XT_EINVAL, "%s: the recorder writes vectors, not waves", path);
}

static void rec_lfsr(void *h, uint32_t *s)
{
    tile_dut_c.lfsr(((struct rec *)h)->c, s);
}

static const struct tile_dut_ops rec_dut = {
    .name = "recorded C twin",
    .open = rec_open,
    .close = rec_close,
    .out = rec_out,
    .cmp = rec_cmp,
    .clock = rec_clock,
    .reset = rec_reset,
    .counter = rec_counter,
    .regs = rec_regs,
    .trace = rec_trace,
    .lfsr = rec_lfsr,
};

int main(int argc, char **argv)
{
    struct tb_opts o;
    struct ls_log g;
    int fail = 0;

    for (int k = 2; k < argc; k++)
        if (!strncmp(argv[k], "+codew=", 7))
            code_w = atoi(argv[k] + 7);
    if (argc < 3 || code_w < 9 || code_w > 16) {
        fprintf(stderr,
                "usage: %s OUT_DIR ROWSxCOLSxSHARExADCW... +codew=N (9..16) [+seed=N] "
                "[+scale=X]\n",
                argv[0]);
        return 2;
    }
    tb_args(argc, argv, &o, "vectors");
    o.nowave = true;
    ls_log_init(&g);
    for (int k = 2; k < argc && !fail; k++) {
        struct tb_size s = {0};
        char path[4096];

        if (argv[k][0] == '+')
            continue;
        if (sscanf(argv[k], "%dx%dx%dx%d", &s.rows, &s.cols, &s.share, &s.adc_w) != 4 ||
            s.rows < 2 || s.cols < 1 || s.share < 1 || s.adc_w < 5 || s.adc_w > 16) {
            fprintf(stderr, "vectors: %s: not a size ROWSxCOLSxSHARExADCW (ADCW 5..16)\n", argv[k]);
            return 2;
        }
        adc_w = s.adc_w;
        s.cases = s.rows * s.cols <= 64 ? 30 : 8; /* as the SystemC bench's small sizes */
        snprintf(path, sizeof path, "%s/%s.vec", argv[1], argv[k]);
        if (!(vec = fopen(path, "w"))) {
            fprintf(stderr, "vectors: %s: cannot write\n", path);
            return 2;
        }
        tb_directed(&rec_dut, &s, &o, &g);
        tb_random(&rec_dut, &s, 1, &o, &g);
        fail = ferror(vec) | fclose(vec);
        if (fail)
            fprintf(stderr, "vectors: %s: write failed\n", path);
    }
    return fail ? 2 : tb_finish(&o, &g);
}
