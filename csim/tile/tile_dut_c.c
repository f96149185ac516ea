/* tile_dut_c.c - tile_top's C twin behind the tile_dut table: the golden reference */
#include "xtile/tile_dut.h"

#include "xtile/err.h"

#include <stdlib.h>
#include <string.h>

struct twin {
    const struct tile_top_p *p;
    struct tile_top_q q, d;
};

static void *twin_open(const struct tile_top_p *p, void *ctx)
{
    struct twin *t = calloc(1, sizeof *t);

    (void)ctx;
    if (!t) {
        xt_fail(XT_ENOMEM, "cannot allocate the tile's C twin");
        return NULL;
    }
    t->p = p;
    if (tile_top_init(&t->q, p) || tile_top_init(&t->d, p)) {
        tile_top_free(&t->q);
        tile_top_free(&t->d);
        free(t);
        return NULL;
    }
    tile_top_reset(&t->q, p);
    tile_top_reset(&t->d, p);
    return t;
}

static void twin_close(void *h)
{
    struct twin *t = h;

    if (!t)
        return;
    tile_top_free(&t->q);
    tile_top_free(&t->d);
    free(t);
}

static void twin_out(void *h, const struct tile_top_in *in, struct tile_top_out *out)
{
    struct twin *t = h;

    tile_top_comb_out(t->p, &t->q, in, &t->d, out);
}

static void twin_cmp(void *h, const struct tile_top_in *in)
{
    struct twin *t = h;

    tile_top_comb_cmp(t->p, &t->q, in, &t->d);
}

static void twin_clock(void *h)
{
    struct twin *t = h;

    tile_top_clock(t->p, &t->q, &t->d);
}

/* the coverage bitmap is the model's, not a register: a reset keeps what it saw */
static void twin_reset(void *h)
{
    struct twin *t = h;
    struct tile_cov cov = t->q.cov;

    tile_top_reset(&t->q, t->p);
    tile_top_reset(&t->d, t->p);
    t->q.cov = cov;
}

static uint64_t twin_counter(void *h, int n)
{
    struct twin *t = h;
    uint8_t a = (uint8_t)(TOP_REG_CNT + 8 * n);

    return (uint64_t)tile_top_read(&t->q, (uint8_t)(a + 4)) << 32 | tile_top_read(&t->q, a);
}

static int twin_regs(void *h, struct tile_top_q *q)
{
    struct twin *t = h;

    tile_top_copy(t->p, q, &t->q);
    return 0;
}

static int twin_trace(void *h, const char *path)
{
    (void)h;
    return xt_fail(XT_EINVAL, "%s: the C twin writes no waveform", path);
}

static void twin_lfsr(void *h, uint32_t *s)
{
    struct twin *t = h;

    memcpy(s, t->q.seq.lfsr_q, ((size_t)t->p->rows + (size_t)t->p->cols) * sizeof *s);
}

static long twin_ramp(void *h, const int *trip)
{
    struct twin *t = h;

    return tile_top_ramp(t->p, &t->q, &t->d, trip);
}

static long twin_hold(void *h)
{
    struct twin *t = h;

    return tile_top_hold(t->p, &t->q, &t->d);
}

const struct tile_top_q *tile_dut_c_regs(void *h)
{
    return &((const struct twin *)h)->q;
}

const struct tile_dut_ops tile_dut_c = {
    .name = "c",
    .open = twin_open,
    .close = twin_close,
    .out = twin_out,
    .cmp = twin_cmp,
    .clock = twin_clock,
    .reset = twin_reset,
    .counter = twin_counter,
    .regs = twin_regs,
    .trace = twin_trace,
    .lfsr = twin_lfsr,
    .ramp = twin_ramp,
    .hold = twin_hold,
};
