/* tile_bench.c - the tile-level lockstep stimulus, shared by the SystemC and the C++ benches */
#include "tile_bench.h"

#include "xtile/clt.h"

#include "xtile/analog.h"
#include "xtile/dataset.h"
#include "xtile/err.h"
#include "xtile/rng.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void tb_args(int argc, char **argv, struct tb_opts *o, const char *name)
{
    *o = (struct tb_opts){.seed = 1, .scale = 1.0, .name = name, .wave_dir = "build/cosim"};
    for (int i = 1; i < argc; i++) {
        if (!strncmp(argv[i], "+seed=", 6))
            o->seed = strtoull(argv[i] + 6, NULL, 0);
        else if (!strcmp(argv[i], "+trace"))
            o->trace = true;
        else if (!strcmp(argv[i], "+nowave"))
            o->nowave = true;
        else if (!strncmp(argv[i], "+scale=", 7))
            o->scale = atof(argv[i] + 7);
        else if (!strncmp(argv[i], "+waves=", 7))
            o->wave_dir = argv[i] + 7;
        else if (!strncmp(argv[i], "+cov=", 5))
            o->cov_dir = argv[i] + 5;
    }
    mkdir(o->wave_dir, 0777);
    printf("%s: seed %llu (replay with +seed=%llu, waves with +trace)\n", name,
           (unsigned long long)o->seed, (unsigned long long)o->seed);
    fflush(stdout);
}

/* Devices of the two arrays (the twin's and the RTL's) must stay equal. */
static void same_arrays(struct ls_log *g, const struct arr *a, const struct arr *b)
{
    long n = (long)a->rows * a->cols * a->ndev;

    for (long d = 0; d < n; d++)
        if (a->dev[d].g != b->dev[d].g || a->dev[d].pulses != b->dev[d].pulses) {
            ls_mismatch(g, "array", "device", d, b->dev[d].pulses, a->dev[d].pulses);
            return;
        }
}

/* Tile l of a on the lockstep DUT, the RTL answered by b's array. */
static int attach(struct anet *a, struct anet *b, int l, const struct tile_dut_ops *rtl,
                  struct ls_log *g, const char *wave)
{
    struct xt_tile *t = &a->tile[l];
    struct ls_ctx ctx = {rtl, &b->tile[l], g, wave};

    t->ops->detach(t);
    t->ops = &xt_engine_cycle;
    if (xt_cycle_attach(t, &ls_dut, &ctx)) {
        fprintf(stderr, "lockstep: %s\n", xt_errmsg());
        return -1;
    }
    return 0;
}

/* Asynchronous resets by the phase started before them (TOP_FWD .. TOP_XFER) and by whether it
 * was still running (1) or had ended (0). */
static long resets[TOP_XFER + 1][2];

/*
 * Phase cmd started from the bus and the DUT reset asynchronously after `clocks` clocks (the
 * CMD write's included), or at idle if the phase ended sooner; then STATUS, OLT and a counter
 * read back at their reset values and the tile configured again (OLT, seed) as attach does.
 * The lockstep DUT compares every register at the reset (ls_reset).
 */
static void reset_in(struct xt_tile *t, int cmd, long clocks)
{
    uint32_t busy = 1;

    xt_cycle_bus(t, true, TOP_REG_CMD, (uint32_t)cmd);
    for (long k = 1; k < clocks && busy; k++)
        busy = xt_cycle_bus(t, false, TOP_REG_STATUS, 0);
    xt_cycle_reset(t);
    resets[cmd][busy != 0]++;
    xt_cycle_bus(t, false, TOP_REG_STATUS, 0);
    xt_cycle_bus(t, false, TOP_REG_OLT, 0);
    xt_cycle_bus(t, false, TOP_REG_CNT, 0);
    xt_cycle_bus(t, true, TOP_REG_OLT, (uint32_t)(t->olt.scheme << 7 | t->olt.bl));
    xt_cycle_bus(t, true, TOP_REG_SEED, t->olt_base);
}

static void random_config(struct xt_config *c, struct xt_rng *r, const struct tb_size *s,
                          uint64_t seed)
{
    char layers[64];
    uint32_t aw = s->adc_w ? (uint32_t)s->adc_w : 10; /* conversions of 2 .. aw bits */

    xt_config_defaults(c);
    snprintf(layers, sizeof layers, "%d,%d", s->rows - 1, s->cols);
    xt_config_set(c, "net.layers", layers);
    c->weights.encoding = xt_rng_below(r, 2) ? ARR_ENC_4DEV : ARR_ENC_2DEV;
    c->lsp.c2c = c->msp.c2c = 0.3;
    c->lsp.gmax_d2d = 0.1;
    c->lsp.dead_frac = 0.05;
    c->msp.stuck_frac = 0.05;
    c->olt.scheme = (int)xt_rng_below(r, 2);
    c->olt.bl = 1 + (int)xt_rng_below(r, 64);
    c->tile.x_bits = 2 + (int)xt_rng_below(r, s->small_xfer ? 3 : 7);
    c->tile.d_bits = 2 + (int)xt_rng_below(r, 7);
    c->tile.adc_bits = 2 + (int)xt_rng_below(r, aw - 1);
    c->tile.adc_share = s->share;
    c->clt.adc_bits = 2 + (int)xt_rng_below(r, s->small_xfer ? 3 : aw - 1);
    c->clt.strategy = (int)xt_rng_below(r, 4);
    /* coarse devices keep the span a transfer must move, and so its budget, short */
    c->msp.dyn_range = c->lsp.dyn_range = 2 + (int)xt_rng_below(r, s->small_xfer ? 2 : 10);
    c->clt.max_iter = xt_config_span_steps(c) + (int)xt_rng_below(r, s->small_xfer ? 3 : 16);
    c->clt.tau = 0.25 * (double)xt_rng_below(r, 5);
    c->clt.polarity_inversion = c->weights.encoding == ARR_ENC_4DEV && xt_rng_below(r, 2);
    c->clt.lsp_reset = (int)xt_rng_below(r, 2);
    c->clt.sat_pulses = 1 + (int)xt_rng_below(r, 8);
    c->clt.target_codes = (int)xt_rng_below(r, 20);
    c->clt.refresh_frac = 0.05 + 0.9 * xt_rng_uniform(r);
    c->run.seed = seed;
    /* corners from a stream of their own (the draws above, and so the phases, stay as they
     * were): a SET pulse of several clocks (the sequencer's HOLD), a backward ADC of another
     * width, and transfer settings from the top of their ranges */
    struct xt_rng k;
    xt_rng_init(&k, seed, XT_STREAM_TEST, 0x7fff0000u);
    c->tile.set_cycles =
        xt_rng_below(&k, 3) ? 1 : 2 + (int)xt_rng_below(&k, xt_rng_below(&k, 8) ? 4 : 300);
    c->tile.adc_bwd_bits = xt_rng_below(&k, 2) ? 0 : 2 + (int)xt_rng_below(&k, aw - 1);
    if (!xt_rng_below(&k, 8))
        c->clt.target_codes = (int)xt_rng_below(&k, 65536);
    if (!xt_rng_below(&k, 8))
        c->clt.tau = 0.25 * (double)xt_rng_below(&k, 100);
    if (!xt_rng_below(&k, 8))
        c->clt.sat_pulses = 1 + (int)xt_rng_below(&k, 10000);
    /* the Nature transfer's offset: up to half the LSP's range, and sometimes none */
    if (xt_rng_below(&k, 3) && c->weights.encoding == ARR_ENC_4DEV &&
        c->clt.strategy != CLT_STRAT_IDEAL)
        c->clt.offset_us = 0.5 * c->lsp.g_max_us * xt_rng_uniform(&k);
}

/* One random case: 20 phases; the RTL's waves into `wave` if not NULL. */
static void one_case(const struct tile_dut_ops *rtl, const struct tb_size *s, uint64_t seed,
                     long cs, struct ls_log *g, const char *wave)
{
    struct xt_rng r;
    struct xt_config c;
    struct anet a, b;
    float *x, *d;
    uint16_t *code, *p, *q;
    uint8_t *pn, *qn;
    int rows = s->rows, cols = s->cols, n = rows > cols ? rows : cols;

    struct xt_rng rr; /* the resets' own stream: the phases stay as they were */

    xt_rng_init(&r, seed, XT_STREAM_TEST, (uint32_t)cs);
    xt_rng_init(&rr, seed, XT_STREAM_TEST, (uint32_t)cs | 1u << 31);
    random_config(&c, &r, s, seed * 1000003u + (uint64_t)cs);
    if (anet_init(&a, &c) || anet_init(&b, &c)) {
        ls_mismatch(g, "bench", "anet_init", cs, 0, 0);
        fprintf(stderr, "case %ld: %s\n", cs, xt_errmsg());
        return;
    }
    if (attach(&a, &b, 0, rtl, g, wave)) {
        ls_mismatch(g, "bench", "attach", cs, 0, 0);
        anet_free(&a);
        anet_free(&b);
        return;
    }
    struct xt_tile *t = &a.tile[0];
    x = calloc((size_t)n, sizeof *x);
    d = calloc((size_t)n, sizeof *d);
    code = calloc((size_t)n, sizeof *code);
    p = calloc((size_t)n, sizeof *p);
    q = calloc((size_t)n, sizeof *q);
    pn = calloc((size_t)n, 1);
    qn = calloc((size_t)n, 1);
    for (int k = 0; k < 20 && x && d && code && p && q && pn && qn; k++) {
        int ph = (int)xt_rng_below(&r, 4);
        if (!xt_rng_below(&rr, 6)) /* a phase reset part-way, before this one */
            reset_in(t, TOP_FWD + (int)xt_rng_below(&rr, 4),
                     1 + (long)xt_rng_below(&rr, xt_rng_below(&rr, 2) ? 24 : 1500));
        if (s->small_xfer) /* layer-sized: one transfer, in the middle */
            ph = k == 10 ? 3 : ph == 3 ? 0 : ph;
        if (ph == 0) {
            for (int i = 0; i < rows; i++)
                x[i] = (float)xt_rng_below(&r, (uint32_t)t->x_max + 1) *
                       (xt_rng_below(&r, 4) ? 1.0f : -1.0f);
            t->ops->forward(t, x, code);
        } else if (ph == 1) {
            for (int j = 0; j < cols; j++)
                d[j] = (float)xt_rng_below(&r, (uint32_t)t->d_max + 1) *
                       (xt_rng_below(&r, 2) ? 1.0f : -1.0f);
            t->ops->backward(t, d, code);
        } else if (ph == 2) {
            for (int i = 0; i < rows; i++) {
                p[i] = (uint16_t)xt_rng_below(&r, OLT_ONE + 1);
                pn[i] = (uint8_t)xt_rng_below(&r, 2);
            }
            for (int j = 0; j < cols; j++) {
                q[j] = (uint16_t)xt_rng_below(&r, OLT_ONE + 1);
                qn[j] = (uint8_t)xt_rng_below(&r, 2);
            }
            t->ops->update(t, p, pn, q, qn);
        } else {
            struct clt_stats st = {0};
            t->ops->transfer(t, &st);
        }
        same_arrays(g, &a.tile[0].arr, &b.tile[0].arr);
    }
    free(x);
    free(d);
    free(code);
    free(p);
    free(q);
    free(pn);
    free(qn);
    anet_free(&a);
    anet_free(&b);
}

void tb_random(const struct tile_dut_ops *rtl, const struct tb_size *sz, int nsz,
               const struct tb_opts *o, struct ls_log *g)
{
    bool waved = o->nowave;

    for (int k = 0; k < nsz; k++) {
        const struct tb_size *s = &sz[k];
        long n = (long)(s->cases * o->scale + 0.5);
        uint64_t c0 = g->cycle;
        for (long cs = 0; cs < n; cs++) {
            uint64_t before = g->mismatches;
            char wave[512];
            snprintf(wave, sizeof wave, "%s/%s-%dx%dx%d-seed%llu-case%ld.fst", o->wave_dir, o->name,
                     s->rows, s->cols, s->share, (unsigned long long)o->seed, cs);
            one_case(rtl, s, o->seed + (uint64_t)k, cs, g, o->trace ? wave : NULL);
            if (g->mismatches > before && !waved && !o->trace) {
                struct ls_log quiet = *g;
                quiet.limit = 0;
                one_case(rtl, s, o->seed + (uint64_t)k, cs, &quiet, wave);
                fprintf(stderr, "waveform of the failing case: %s\n", wave);
                waved = true;
            }
        }
        printf("  %dx%d share %d AdcW %d: %ld random cases, %llu cycles compared\n", s->rows,
               s->cols, s->share, s->adc_w ? s->adc_w : 10, n, (unsigned long long)(g->cycle - c0));
        fflush(stdout);
    }
}

static int train(const struct tile_dut_ops *rtl, const struct xt_config *c,
                 const struct dataset *ds, int examples, const struct tb_opts *o, struct ls_log *g,
                 bool waves)
{
    struct anet a, b;
    struct xt_model m;
    char wave[XT_MAX_LAYERS][512];

    if (anet_init(&a, c) || anet_init(&b, c)) {
        fprintf(stderr, "training traffic: %s\n", xt_errmsg());
        return -1;
    }
    for (int l = 0; l < a.nl - 1; l++) {
        snprintf(wave[l], sizeof wave[l], "%s/%s-train-layer%d-seed%llu.fst", o->wave_dir, o->name,
                 l, (unsigned long long)o->seed);
        if (attach(&a, &b, l, rtl, g, waves ? wave[l] : NULL)) {
            anet_free(&a);
            anet_free(&b);
            return -1;
        }
    }
    m = anet_model(&a);
    for (int e = 0; e < examples; e++) {
        long k = (long)((o->seed * 7919u + (uint64_t)e) % (uint64_t)ds->n);
        m.ops->forward(m.self, ds->x + k * ds->dim);
        m.ops->learn(m.self, ds->y[k], c->train.lr);
        m.ops->end_example(m.self);
        for (int l = 0; l < a.nl - 1; l++)
            same_arrays(g, &a.tile[l].arr, &b.tile[l].arr);
    }
    anet_free(&a);
    anet_free(&b);
    return 0;
}

int tb_training(const struct tile_dut_ops *rtl, const char *config, int examples, int every,
                const struct tb_opts *o, struct ls_log *g)
{
    struct xt_config c;
    struct dataset ds;
    char ev[32];
    uint64_t c0 = g->cycle, m0 = g->mismatches;
    int n = (int)(examples * o->scale + 0.5), ret;

    xt_config_defaults(&c);
    snprintf(ev, sizeof ev, "%d", every);
    if (xt_config_load(&c, config) || xt_config_set(&c, "clt.every", ev)) {
        fprintf(stderr, "training traffic: %s\n", xt_errmsg());
        return -1;
    }
    if (dataset_load("data/mnist", "train", 1000, &ds)) {
        fprintf(stderr, "training traffic: %s (scripts/fetch-data.sh fetches MNIST)\n",
                xt_errmsg());
        return -1;
    }
    ret = train(rtl, &c, &ds, n, o, g, o->trace);
    if (!ret && g->mismatches > m0 && !o->trace && !o->nowave) {
        struct ls_log quiet = *g;
        quiet.limit = 0;
        train(rtl, &c, &ds, n, o, &quiet, true);
        fprintf(stderr, "waveforms of the failing run: %s/%s-train-layer*-seed%llu.fst\n",
                o->wave_dir, o->name, (unsigned long long)o->seed);
    }
    dataset_free(&ds);
    printf("  training traffic (%s, %d examples, transfer every %d): %llu cycles compared\n",
           config, n, every, (unsigned long long)(g->cycle - c0));
    fflush(stdout);
    return ret;
}

int tb_finish(const struct tb_opts *o, const struct ls_log *g)
{
    static const char *const ph[] = {"", "FWD", "BWD", "UPD", "XFER"};

    if (resets[TOP_FWD][0] + resets[TOP_FWD][1]) { /* a tile bench */
        printf("  asynchronous resets in a phase (after its end):");
        for (int k = TOP_FWD; k <= TOP_XFER; k++)
            printf(" %s %ld (%ld)%s", ph[k], resets[k][1], resets[k][0], k < TOP_XFER ? "," : "\n");
    }
    if (o->cov_dir && ls_fsm_write(o->cov_dir, o->name))
        fprintf(stderr, "%s: cannot write the FSM transitions into %s\n", o->name, o->cov_dir);
    printf("%s: %llu cycles compared, %llu mismatches -> %s%s\n", o->name,
           (unsigned long long)g->cycle, (unsigned long long)g->mismatches,
           g->mismatches ? "FAIL" : "PASS",
           g->no_regs ? " (outputs and arrays; the netlist's registers are not read)" : "");
    return g->mismatches ? 1 : 0;
}

void tb_directed(const struct tile_dut_ops *rtl, const struct tb_size *s, const struct tb_opts *o,
                 struct ls_log *g)
{
    struct xt_config c;
    struct anet a, b;
    char layers[64];
    uint64_t c0 = g->cycle;
    int rows = s->rows, cols = s->cols, n = rows > cols ? rows : cols;
    float *x = calloc((size_t)n, sizeof *x), *d = calloc((size_t)n, sizeof *d);
    uint16_t *code = calloc((size_t)n, sizeof *code), *p = calloc((size_t)n, sizeof *p);
    uint16_t *q = calloc((size_t)n, sizeof *q);
    uint8_t *pn = calloc((size_t)n, 1), *qn = calloc((size_t)n, 1);

    (void)o;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    xt_config_defaults(&c);
    snprintf(layers, sizeof layers, "%d,%d", rows - 1, cols);
    xt_config_set(&c, "net.layers", layers);
    c.tile.x_bits = 4;
    c.tile.d_bits = 4;
    c.tile.adc_bits = 5;
    c.tile.adc_bwd_bits = 4; /* backward reads narrower than forward ones */
    c.tile.set_cycles = 3;   /* SET pulses of three clocks */
    c.tile.adc_share = s->share;
    c.clt.adc_bits = 5;
    c.clt.max_iter = xt_config_span_steps(&c); /* the least budget allowed */
    if (!x || !d || !code || !p || !q || !pn || !qn || anet_init(&a, &c) || anet_init(&b, &c)) {
        ls_mismatch(g, "bench", "directed set-up", -1, 0, 0);
        goto out_free;
    }
    if (attach(&a, &b, 0, rtl, g, NULL)) {
        ls_mismatch(g, "bench", "attach", -1, 0, 0);
        goto out_free;
    }
    struct xt_tile *t = &a.tile[0];
    uint32_t olt = (uint32_t)(t->olt.scheme << 7 | t->olt.bl);
    /* the bus: every read is compared (reg_rdata_o), counters through the DUT's counter() */
    xt_cycle_bus(t, false, TOP_REG_STATUS, 0);
    xt_cycle_bus(t, false, TOP_REG_OLT, 0);
    xt_cycle_bus(t, true, TOP_REG_OLT, 0x85);
    xt_cycle_bus(t, false, TOP_REG_OLT, 0);
    xt_cycle_bus(t, true, TOP_REG_OLT, 0xffffff00u | olt); /* only bits 7:0 are kept */
    xt_cycle_bus(t, false, TOP_REG_OLT, 0);
    xt_cycle_bus(t, false, 0x10, 0); /* unused addresses read 0 */
    xt_cycle_bus(t, false, 0xfc, 0);
    xt_cycle_bus(t, true, TOP_REG_CMD, 7); /* an unknown command starts nothing */
    xt_cycle_bus(t, false, TOP_REG_STATUS, 0);
    /* nor one with high bits (every bit both ways), nor writes to unmapped, unaligned or
     * read-only addresses; unaligned reads */
    static const uint32_t junk[] = {0xffffffffu, 0x80000001u, 0x55555555u, 0xaaaaaaaau, 0x10004u};
    for (size_t k = 0; k < sizeof junk / sizeof *junk; k++)
        xt_cycle_bus(t, true, TOP_REG_CMD, junk[k]);
    xt_cycle_bus(t, true, 0x10, 0xffffffffu);
    xt_cycle_bus(t, true, 0x01, TOP_FWD);
    xt_cycle_bus(t, true, TOP_REG_CNT + 4, 0xffffffffu);
    xt_cycle_bus(t, true, TOP_REG_STATUS, 0xffffffffu);
    xt_cycle_bus(t, false, 0x0a, 0);
    xt_cycle_bus(t, false, TOP_REG_CNT + 1, 0);
    xt_cycle_bus(t, false, TOP_REG_CNT + 8 * TOP_REG_COUNTERS, 0); /* past the last counter */
    xt_cycle_bus(t, false, TOP_REG_STATUS, 0);
    xt_cycle_bus(t, true, TOP_REG_SEED, 0x12345678u);
    for (int k = 0; k < rows; k++)
        x[k] = (float)t->x_max;
    t->ops->forward(t, x, code); /* every row on */
    xt_cycle_bus(t, true, TOP_REG_CMD, TOP_FWD);
    xt_cycle_bus(t, false, TOP_REG_STATUS, 0);        /* busy */
    xt_cycle_bus(t, true, TOP_REG_CMD, TOP_BWD);      /* ignored while busy */
    xt_cycle_bus(t, true, TOP_REG_OLT, olt ^ 0x81);   /* a new OLT value while busy */
    xt_cycle_bus(t, true, TOP_REG_SEED, 0x9abcdef0u); /* a reseed while busy */
    xt_cycle_wait(t);
    xt_cycle_bus(t, true, TOP_REG_OLT, olt);
    /* every command (and unknown ones) written at every clock of a read and an update started
     * from the bus, through its last (done) clock by the phase's closed-form length: all
     * ignored (both sides compared every clock; a write past the end would start a phase) */
    for (int ph = TOP_FWD; ph <= TOP_UPD; ph++) {
        long len = ph == TOP_UPD ? xt_cycles_update(t) : xt_cycles_read(t, ph == TOP_BWD);
        xt_cycle_bus(t, true, TOP_REG_CMD, (uint32_t)ph);
        for (long k = 1; k < len; k++)
            xt_cycle_bus(t, true, TOP_REG_CMD, (uint32_t)(k % 6));
        xt_cycle_wait(t);
    }
    for (int a8 = TOP_REG_CNT; a8 < TOP_REG_CNT + 8 * TOP_REG_COUNTERS; a8 += 4)
        xt_cycle_bus(t, false, (uint8_t)a8, 0);
    /* an asynchronous reset at the first clocks of each phase, half-way, in its done cycle and
     * after it; a transfer at clocks 1 .. 3 and a few later ones (its length has no closed form) */
    for (int ph = TOP_FWD; ph <= TOP_UPD; ph++) {
        long len = ph == TOP_UPD ? xt_cycles_update(t) : xt_cycles_read(t, ph == TOP_BWD);
        long at[] = {1, 2, len / 2, len - 1, len};
        for (size_t k = 0; k < sizeof at / sizeof *at; k++) {
            reset_in(t, ph, at[k]);
            xt_cycle_bus(t, true, TOP_REG_CMD, (uint32_t)ph); /* and the phase runs again */
            xt_cycle_wait(t);
        }
    }
    static const long xat[] = {1, 2, 3, 7, 20, 60, 200, 600};
    for (size_t k = 0; k < sizeof xat / sizeof *xat; k++)
        reset_in(t, TOP_XFER, xat[k]);
    for (int a8 = TOP_REG_CNT; a8 < TOP_REG_CNT + 8 * TOP_REG_COUNTERS; a8 += 4)
        xt_cycle_bus(t, false, (uint8_t)a8, 0);
    memset(x, 0, (size_t)n * sizeof *x);
    t->ops->forward(t, x, code); /* every row off */
    x[0] = -(float)t->x_max;
    t->ops->forward(t, x, code); /* one row, negative */
    for (int k = 0; k < cols; k++)
        d[k] = -(float)t->d_max;
    t->ops->backward(t, d, code);
    for (int k = 0; k < rows; k++)
        p[k] = OLT_ONE, pn[k] = (uint8_t)(k & 1);
    for (int k = 0; k < cols; k++)
        q[k] = OLT_ONE, qn[k] = 0;
    t->ops->update(t, p, pn, q, qn); /* every slot fires */
    memset(p, 0, (size_t)n * sizeof *p);
    t->ops->update(t, p, pn, q, qn);              /* none fires */
    xt_cycle_bus(t, true, TOP_REG_OLT, 0x80 | 7); /* deterministic, 7 slots */
    for (int k = 0; k < rows; k++)
        p[k] = (uint16_t)(37 * k % (OLT_ONE + 1));
    for (int k = 0; k < cols; k++)
        q[k] = (uint16_t)(91 * k % (OLT_ONE + 1));
    t->ops->update(t, p, pn, q, qn);
    xt_cycle_bus(t, true, TOP_REG_OLT, olt);
    struct clt_stats st = {0};
    t->ops->transfer(t, &st);
    same_arrays(g, &a.tile[0].arr, &b.tile[0].arr);
    printf("  %dx%d share %d AdcW %d: directed bus and phase cases, %llu cycles compared\n", rows,
           cols, s->share, s->adc_w ? s->adc_w : 10, (unsigned long long)(g->cycle - c0));
    fflush(stdout);
out_free:
    anet_free(&a);
    anet_free(&b);
    free(x);
    free(d);
    free(code);
    free(p);
    free(q);
    free(pn);
    free(qn);
}
