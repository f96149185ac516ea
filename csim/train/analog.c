/* analog.c - digital neurons around the tiles: quantization, back-propagation, update codes */
#include "xtile/analog.h"

#include "xtile/err.h"
#include "xtile/hash.h"
#include "xtile/kern.h"
#include "xtile/net.h"
#include "xtile/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a over ADC codes: the run's codes_hash, equal on every engine. */
static uint64_t codes_hash(uint64_t h, const uint16_t *code, int n)
{
    for (int k = 0; k < n; k++)
        h = xt_fnv_u16(h, code[k]);
    return h;
}

/* round(v) for v >= 0, clamped to [0, max] */
static int qround(float v, int max)
{
    int k = (int)(v + 0.5f);

    return k < 0 ? 0 : k > max ? max : k;
}

static void free_buffers(struct anet *an)
{
    for (int l = 0; l < XT_MAX_LAYERS; l++) {
        free(an->xq[l]);
        free(an->act[l]);
        free(an->delta[l]);
    }
    free(an->z);
    free(an->p);
    free(an->don);
    free(an->code);
    free(an->pc);
    free(an->qc);
    free(an->pn);
    free(an->qn);
    free(an->xfers);
}

void anet_free(struct anet *an)
{
    for (int l = 0; l < an->nl; l++)
        xt_tile_free(&an->tile[l]);
    xt_pool_free(an->pool);
    free_buffers(an);
    shadow_free(&an->shadow);
    nvm_class_free(&an->msp);
    nvm_class_free(&an->lsp);
    memset(an, 0, sizeof *an);
}

static int alloc_buffers(struct anet *an)
{
    int maxn = 0;

    for (int l = 0; l <= an->nl; l++) {
        maxn = an->n[l] + 1 > maxn ? an->n[l] + 1 : maxn;
        an->xq[l] = calloc((size_t)an->n[l] + 1, sizeof(float));
        an->act[l] = calloc((size_t)an->n[l] + 1, sizeof(float));
        an->delta[l] = calloc((size_t)an->n[l] + 1, sizeof(float));
        if (!an->xq[l] || !an->act[l] || !an->delta[l])
            return -1;
    }
    an->z = calloc((size_t)an->n[an->nl], sizeof(float));
    an->p = calloc((size_t)an->n[an->nl], sizeof(float));
    an->don = calloc((size_t)maxn, sizeof(float));
    an->code = calloc((size_t)maxn, sizeof(uint16_t));
    an->pc = calloc((size_t)maxn, sizeof(uint16_t));
    an->qc = calloc((size_t)maxn, sizeof(uint16_t));
    an->pn = calloc((size_t)maxn, 1);
    an->qn = calloc((size_t)maxn, 1);
    return an->z && an->p && an->don && an->code && an->pc && an->qc && an->pn && an->qn ? 0 : -1;
}

static void anet_set_book(void *self, int book);
static void anet_now(struct anet *an);

int anet_init(struct anet *an, const struct xt_config *cfg)
{
    const struct xt_engine_ops *ops = xt_engine_get(cfg->engine.kind);
    bool four = arr_enc_four(&cfg->weights);
    uint32_t dev_base = 0;
    struct net init;
    int ret;

    memset(an, 0, sizeof *an);
    an->cfg = cfg;
    an->codes_hash = XT_FNV_BASIS;
    an->nl = cfg->net.layers.n - 1;
    for (int l = 0; l <= an->nl; l++)
        an->n[l] = cfg->net.layers.size[l];
    if (!ops)
        return xt_fail(XT_EINVAL, "key 'engine.kind': engine not built into this binary");
    if (four && (ret = nvm_class_init(&an->msp, &cfg->msp, "msp")) != 0)
        goto out_free;
    if ((ret = nvm_class_init(&an->lsp, &cfg->lsp, "lsp")) != 0)
        goto out_free;
    if ((cfg->lsp.reset_to_ref && cfg->weights.encoding != ARR_ENC_4DEV_SHARED) ||
        cfg->msp.reset_to_ref) {
        ret = xt_fail(XT_EINVAL,
                      "key '%s.reset_to_ref': true needs weights.encoding = "
                      "4dev_shared and the LSP (a cell reset to its column's reference)",
                      cfg->msp.reset_to_ref ? "msp" : "lsp");
        goto out_free;
    }
    if (cfg->weights.encoding == ARR_ENC_4DEV_SHARED && !an->lsp.bidir) {
        ret = xt_fail(XT_EINVAL,
                      "key 'weights.encoding': 4dev_shared needs a bidirectional LSP model "
                      "(lsp.model = capacitor, soft_bounds, ...; not %s): a cell's g is lowered "
                      "by depression pulses",
                      an->lsp.model->name);
        goto out_free;
    }
    if (alloc_buffers(an)) {
        ret = xt_fail(XT_ENOMEM, "cannot allocate the neuron buffers");
        goto out_free;
    }
    if (cfg->engine.threads > 1 && (ret = xt_pool_new(cfg->engine.threads, &an->pool)) != 0)
        goto out_free;
    an->lsp_step_w = an->lsp.dg_max *
                     arr_weight_per_us(&cfg->weights, four ? an->msp.g_max : 0.0, an->lsp.g_max);
    for (int l = 0; l < an->nl; l++) {
        struct xt_tile_setup ts = {
            .layer = l,
            .rows = an->n[l] + 1,
            .cols = an->n[l + 1],
            .enc = &cfg->weights,
            .msp = &an->msp,
            .lsp = &an->lsp,
            .tile = &cfg->tile,
            .olt = &cfg->olt,
            .clt = &cfg->clt,
            .ops = ops,
            .seed = cfg->run.seed,
            .dev_base = dev_base,
            .prof = &an->prof,
            .pool = an->pool,
        };

        if ((long)dev_base + (long)ts.rows * ts.cols * (four ? 4 : 2) + ts.cols >
            (long)UINT32_MAX) {
            ret = xt_fail(XT_EINVAL, "key 'net.layers': more than 2^32 devices");
            goto out_free;
        }
        if ((ret = xt_tile_init(&an->tile[l], &ts)) != 0)
            goto out_free;
        dev_base += (uint32_t)(ts.rows * ts.cols * an->tile[l].arr.ndev +
                               (an->tile[l].arr.shared ? ts.cols : 0));
    }

    /* the float network's initial weights, programmed by the transfer's closed loop */
    if ((ret = net_init(&init, &cfg->net.layers, cfg->net.hidden)) != 0)
        goto out_free;
    net_init_weights(&init, cfg->run.seed);
    anet_set_book(an, ARR_BOOK_SETUP);
    an->init_hist.w_max = an->xfer_hist.w_max = cfg->weights.w_max;
    for (int l = 0; l < an->nl; l++) {
        anet_now(an);
        an->tile[l].arr.phase = XT_PHASE_XFER; /* a transfer of every weight */
        an->tile[l].clt.hist = &an->init_hist;
        clt_program(&an->tile[l].arr, &an->tile[l].clt, init.w[l], &an->init_clt, an->pool);
        an->tile[l].clt.hist = &an->xfer_hist;
    }
    anet_set_book(an, ARR_BOOK_TRAIN);
    int rows[XT_MAX_LAYERS], cols[XT_MAX_LAYERS];
    for (int l = 0; l < an->nl; l++) {
        rows[l] = an->n[l] + 1;
        cols[l] = an->n[l + 1];
    }
    _Static_assert(XT_MAX_LAYERS <= SHADOW_MAX_LAYERS, "the shadow holds every layer");
    ret = shadow_init(&an->shadow, an->nl, rows, cols, (const float *const *)init.w);
    net_free(&init);
    if (ret || (ret = anet_shadow_record(an)) != 0)
        goto out_free;
    return 0;

out_free:
    anet_free(an);
    return ret;
}

double anet_time(const struct anet *an)
{
    uint64_t clocks = 0;

    for (int l = 0; l < an->nl; l++)
        for (int b = 0; b < ARR_BOOKS; b++)
            for (int ph = 0; ph < XT_PHASES; ph++)
                clocks += an->tile[l].cycles[b][ph];
    return (double)clocks / (an->cfg->tile.clk_mhz * 1e6) +
           an->cfg->time.idle_s * (double)an->examples + an->wait_s;
}

/* Stamps the programming events that follow with the present time. */
static void anet_now(struct anet *an)
{
    double t = anet_time(an);

    for (int l = 0; l < an->nl; l++)
        an->tile[l].arr.now = t;
}

/* Brings every device to the present time (drift, leakage); nothing when no class ages. */
static void anet_age(struct anet *an)
{
    double t = anet_time(an);

    for (int l = 0; l < an->nl; l++)
        arr_age(&an->tile[l].arr, t);
}

static float activate(int hidden, float z)
{
    return hidden == XT_HIDDEN_TANH ? tanhf(z) : 1.0f / (1.0f + expf(-z));
}

static int anet_forward(void *self, const uint8_t *px)
{
    struct anet *an = self;
    int out = an->nl, best = 0;

    for (int l = 0; l < an->nl; l++) {
        struct xt_tile *t = &an->tile[l];
        int rows = an->n[l] + 1, x_max = t->x_max;

        if (l == 0) {
            for (int i = 0; i < an->n[0]; i++) {
                int x = x_max == 255 ? px[i] : qround((float)px[i] * (float)x_max / 255.0f, x_max);
                an->xq[0][i] = (float)x;
                an->act[0][i] = (float)x / (float)x_max;
            }
        }
        an->xq[l][rows - 1] = (float)x_max; /* bias row */
        an->act[l][rows - 1] = 1.0f;
        double t0 = an->prof.on ? xt_now() : 0.0;
        t->arr.phase = XT_PHASE_FWD;
        t->ops->forward(t, an->xq[l], an->code);
        if (an->prof.on)
            an->prof.fwd += xt_now() - t0;
        an->codes_hash = codes_hash(an->codes_hash, an->code, an->n[l + 1]);
        for (int j = 0; j < an->n[l + 1]; j++) {
            float z = adc_value(&t->adc_fwd, an->code[j]) / (float)x_max;
            if (l + 1 == out) {
                an->z[j] = z;
                continue;
            }
            float a = activate(an->cfg->net.hidden, z);
            int nx = an->tile[l + 1].x_max, x = qround(fabsf(a) * (float)nx, nx);
            an->xq[l + 1][j] = a < 0.0f ? -(float)x : (float)x;
            an->act[l + 1][j] = an->xq[l + 1][j] / (float)nx;
        }
    }
    net_softmax(an->z, an->p, an->n[out]);
    for (int j = 1; j < an->n[out]; j++)
        if (an->p[j] > an->p[best])
            best = j;
    return best;
}

static double anet_loss(const void *self, int label)
{
    const struct anet *an = self;
    int n = an->n[an->nl];
    double m = an->z[0], s = 0.0;

    for (int j = 1; j < n; j++)
        if (an->z[j] > m)
            m = an->z[j];
    for (int j = 0; j < n; j++)
        s += exp((double)an->z[j] - m);
    return m + log(s) - (double)an->z[label];
}

/*
 * Quantizes delta[0..n) in place to sign + d_max codes scaled by its largest
 * magnitude; writes the signed codes (on-times) to on[] and returns the scale.
 */
static float quant_delta(float *delta, int n, int d_max, float *on)
{
    float m = kern_absmax(delta, n);

    for (int j = 0; j < n; j++) {
        int d = m > 0.0f ? qround(fabsf(delta[j]) / m * (float)d_max, d_max) : 0;
        on[j] = delta[j] < 0.0f ? -(float)d : (float)d;
        delta[j] = on[j] / (float)d_max * m;
    }
    return m;
}

static void anet_learn(void *self, int label, double lr)
{
    struct anet *an = self;
    int out = an->nl;

    if (an->trace)
        arr_trace_example(an->trace, an->examples);
    for (int j = 0; j < an->n[out]; j++)
        an->delta[out][j] = an->p[j] - (j == label ? 1.0f : 0.0f);
    /* backward: quantize each layer's deltas, read the transposed array, apply f' */
    for (int l = out - 1; l >= 0; l--) {
        struct xt_tile *t = &an->tile[l];
        float m = quant_delta(an->delta[l + 1], an->n[l + 1], t->d_max, an->don);

        if (l == 0)
            break;
        if (m == 0.0f) {
            memset(an->delta[l], 0, (size_t)an->n[l] * sizeof(float));
            continue;
        }
        double t0 = an->prof.on ? xt_now() : 0.0;
        t->arr.phase = XT_PHASE_BWD;
        t->ops->backward(t, an->don, an->code);
        if (an->prof.on)
            an->prof.bwd += xt_now() - t0;
        an->codes_hash = codes_hash(an->codes_hash, an->code, an->n[l]);
        for (int i = 0; i < an->n[l]; i++) {
            float e = adc_value(&t->adc_bwd, an->code[i]) / (float)t->d_max * m, a = an->act[l][i];
            an->delta[l][i] =
                e * (an->cfg->net.hidden == XT_HIDDEN_TANH ? 1.0f - a * a : a * (1.0f - a));
        }
    }
    /*
     * Update (docs/olt.md): E[pulses_ij] = bl p_i q_j must be lr |x_i delta_j| / step.
     * k = lr / (bl step), capped at 1 / (x_max delta_max) so that no probability
     * is clipped (a clipped one biases the update); split so that the largest
     * p and the largest q are equal: c_x = sqrt(k delta_max / x_max), c_d =
     * sqrt(k x_max / delta_max) (the update management of RPU arrays).
     */
    anet_now(an);
    for (int l = 0; l < out; l++) {
        struct xt_tile *t = &an->tile[l];
        float xm = kern_absmax(an->act[l], an->n[l] + 1),
              dm = kern_absmax(an->delta[l + 1], an->n[l + 1]);
        float k = (float)(lr / (an->cfg->olt.bl * an->lsp_step_w)), cx, cd;

        if (dm == 0.0f)
            continue; /* nothing to learn: no pulse, and the OLT lines do not advance */
        shadow_update(&an->shadow.l[l], an->act[l], an->delta[l + 1], lr);
        if (k * xm * dm > 1.0f)
            k = 1.0f / (xm * dm);
        cx = sqrtf(k * dm / xm);
        cd = sqrtf(k * xm / dm);
        for (int i = 0; i <= an->n[l]; i++) {
            float x = an->act[l][i];
            an->pc[i] = (uint16_t)qround(cx * fabsf(x) * OLT_ONE, OLT_ONE);
            an->pn[i] = x < 0.0f;
        }
        for (int j = 0; j < an->n[l + 1]; j++) {
            float d = an->delta[l + 1][j];
            an->qc[j] = (uint16_t)qround(cd * fabsf(d) * OLT_ONE, OLT_ONE);
            an->qn[j] = d < 0.0f;
        }
        t->arr.phase = XT_PHASE_UPD;
        t->ops->update(t, an->pc, an->pn, an->qc, an->qn);
    }
}

static int anet_end_example(void *self)
{
    struct anet *an = self;
    struct anet_xfer x = {0};

    an->examples++;
    if (an->examples % an->cfg->time.age_every == 0)
        anet_age(an);
    if (++an->since_xfer < an->cfg->clt.every)
        return an->trace ? arr_trace_flush(an->trace) : 0;
    an->since_xfer = 0;
    x.example = an->examples;
    anet_age(an); /* a transfer reads the weights as they are now */
    anet_now(an);
    double t0 = an->prof.on ? xt_now() : 0.0;
    for (int l = 0; l < an->nl; l++) {
        an->tile[l].arr.phase = XT_PHASE_XFER;
        an->tile[l].ops->transfer(&an->tile[l], &x.st);
    }
    if (an->prof.on)
        an->prof.xfer += xt_now() - t0;
    if (an->nxfers == an->cap_xfers) {
        int cap = an->cap_xfers ? 2 * an->cap_xfers : 64;
        struct anet_xfer *nx = realloc(an->xfers, (size_t)cap * sizeof *nx);
        if (!nx)
            return xt_fail(XT_ENOMEM, "cannot record transfer statistics");
        an->xfers = nx;
        an->cap_xfers = cap;
    }
    an->xfers[an->nxfers++] = x;
    return an->trace ? arr_trace_flush(an->trace) : 0;
}

static void anet_set_book(void *self, int book)
{
    struct anet *an = self;

    if (book == ARR_BOOK_EVAL)
        anet_age(an); /* an evaluation reads the weights as they are now */
    for (int l = 0; l < an->nl; l++)
        an->tile[l].arr.book = book;
}

static void anet_drift_to(void *self, double after_s)
{
    struct anet *an = self;

    if (!an->ended) {
        an->ended = true;
        an->t_end = anet_time(an);
    }
    if (an->t_end + after_s > anet_time(an))
        an->wait_s += an->t_end + after_s - anet_time(an);
    anet_age(an);
}

static int anet_last_transfer(const void *self, long left)
{
    const struct anet *an = self;

    return an->since_xfer + 1 >= an->cfg->clt.every && left < an->cfg->clt.every;
}

int anet_shadow_record(struct anet *an)
{
    const float *w[XT_MAX_LAYERS];

    for (int l = 0; l < an->nl; l++)
        w[l] = an->tile[l].arr.w;
    return shadow_record(&an->shadow, w);
}

static const struct xt_model_ops anet_ops = {anet_forward,     anet_loss,     anet_learn,
                                             anet_end_example, anet_set_book, anet_last_transfer,
                                             anet_drift_to};

struct xt_model anet_model(struct anet *an)
{
    return (struct xt_model){&anet_ops, an};
}

void anet_cycles(const struct anet *an, int book, uint64_t cycles[XT_PHASES])
{
    for (int ph = 0; ph < XT_PHASES; ph++) {
        cycles[ph] = 0;
        for (int l = 0; l < an->nl; l++)
            cycles[ph] += an->tile[l].cycles[book][ph];
    }
}

void anet_totals(const struct anet *an, int book, int phase, struct arr_tally tally[2],
                 double *e_read_pj)
{
    memset(tally, 0, 2 * sizeof *tally);
    *e_read_pj = 0.0;
    for (int l = 0; l < an->nl; l++) {
        const struct arr *a = &an->tile[l].arr;
        for (int k = 0; k < 2; k++) {
            struct arr_tally t = arr_tally_of(a, book, phase, k);
            tally[k].n_set += t.n_set;
            tally[k].n_reset += t.n_reset;
        }
        *e_read_pj += arr_read_energy(a, book, phase);
    }
}
