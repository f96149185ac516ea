/* learner.c - picks the float or the device network and reports what it did */
#include "xtile/learner.h"

#include "xtile/err.h"
#include "xtile/hash.h"
#include "xtile/train.h"

#include <math.h>
#include <string.h>

int learner_init(struct xt_learner *lr, const struct xt_config *cfg)
{
    int ret;

    memset(lr, 0, sizeof *lr);
    lr->cfg = cfg;
    lr->analog = cfg->weights.encoding != ARR_ENC_FLOAT;
    if (lr->analog) {
        ret = anet_init(&lr->an, cfg);
        if (ret)
            return ret;
        lr->model = anet_model(&lr->an);
        return 0;
    }
    ret = net_init(&lr->net, &cfg->net.layers, cfg->net.hidden);
    if (ret)
        return ret;
    net_init_weights(&lr->net, cfg->run.seed);
    lr->model = net_model(&lr->net);
    return 0;
}

void learner_free(struct xt_learner *lr)
{
    if (lr->analog)
        anet_free(&lr->an);
    else
        net_free(&lr->net);
    memset(lr, 0, sizeof *lr);
}

/* FNV-1a 64 over the bits of one float, low byte first */
static uint64_t fnv(uint64_t h, float v)
{
    uint32_t bits;

    memcpy(&bits, &v, sizeof bits);
    return xt_fnv_u32(h, bits);
}

uint64_t learner_weights_hash(const struct xt_learner *lr)
{
    uint64_t h = XT_FNV_BASIS;

    if (lr->analog) {
        for (int l = 0; l < lr->an.nl; l++) {
            const struct arr *a = &lr->an.tile[l].arr;
            for (long d = 0; d < (long)a->rows * a->cols * a->ndev; d++)
                h = fnv(h, a->dev[d].g);
            for (int c = 0; a->shared && c < a->cols; c++)
                h = fnv(h, a->ref[c].g);
        }
        return h;
    }
    for (int l = 0; l < lr->net.nl; l++)
        for (long k = 0; k < (long)(lr->net.n[l] + 1) * lr->net.n[l + 1]; k++)
            h = fnv(h, lr->net.w[l][k]);
    return h;
}

/* Energy (pJ) of one book's pulses; tally per class as anet_totals gives it. */
static void book_energy(const struct xt_learner *lr, const struct arr_tally t[2], double *e_set,
                        double *e_reset)
{
    const struct xt_config *c = lr->cfg;
    const struct nvm_par *dc[2] = {&c->msp, &c->lsp};

    if (c->weights.encoding == ARR_ENC_2DEV)
        dc[0] = dc[1];
    *e_set = *e_reset = 0.0;
    for (int k = 0; k < 2; k++) {
        *e_set += (double)t[k].n_set * dc[k]->e_set_pj;
        *e_reset += (double)t[k].n_reset * dc[k]->e_reset_pj;
    }
}

static const char *const phase_name[XT_PHASES] = {"forward", "backward", "update", "transfer"};

const struct hw_phase_field hw_phase_fields[HW_PHASE_FIELDS] = {
    {"cycles", offsetof(struct hw_phase, cycles)},
    {"time_us", offsetof(struct hw_phase, time_us)},
    {"energy_pj", offsetof(struct hw_phase, energy_pj)},
    {"set_pj", offsetof(struct hw_phase, set_pj)},
    {"reset_pj", offsetof(struct hw_phase, reset_pj)},
    {"read_pj", offsetof(struct hw_phase, read_pj)},
    {"set_pulses", offsetof(struct hw_phase, set_pulses)},
    {"reset_pulses", offsetof(struct hw_phase, reset_pulses)},
};

void learner_phase_json(struct json *j, const char *key, const struct hw_phase *p)
{
    json_obj(j, key);
    for (size_t k = 0; k < HW_PHASE_FIELDS; k++)
        json_num(j, hw_phase_fields[k].key, *HW_PHASE_AT((struct hw_phase *)p, k));
    json_close(j, '}');
}

#define HIST_BINS 33 /* 0, 1, 2-3, 4-7, ..., 2^31.. */

static int hist_bin(uint32_t v)
{
    return v == 0 ? 0 : 32 - __builtin_clz(v); /* 1: bin 1; 2-3: bin 2; 2^31..: bin 32 */
}

/* Pulses per device of one class, SET (which = 0) or RESET (1): the log2 histogram and moments. */
struct wear {
    uint64_t hist[HIST_BINS], n, max;
    double sum;
    int last; /* the last bin holding a device */
};

static void wear_of(const struct anet *an, int cls, int which, struct wear *w)
{
    memset(w, 0, sizeof *w);
    for (int l = 0; l < an->nl; l++) {
        const struct arr *a = &an->tile[l].arr;
        long nd = (long)a->rows * a->cols * a->ndev;
        for (long d = 0; d < nd; d++) {
            uint32_t v;
            if (arr_class_of(a, (int)(d % a->ndev)) != cls || !arr_dev_present(a, d))
                continue;
            v = which ? arr_n_reset(a, d) : arr_n_set(a, d);
            w->hist[hist_bin(v)]++;
            w->sum += v;
            w->n++;
            w->max = v > w->max ? v : w->max;
        }
    }
    for (int b = 0; b < HIST_BINS; b++)
        if (w->hist[b])
            w->last = b;
}

/* Endurance of one class in summary.json. */
static void endurance(struct json *j, const struct anet *an, int cls, int which)
{
    struct wear w;

    wear_of(an, cls, which, &w);
    json_obj(j, which ? "reset" : "set");
    json_num(j, "mean", w.n ? w.sum / (double)w.n : 0.0);
    json_u64(j, "max", w.max);
    json_arr(j, "log2_histogram");
    for (int b = 0; b <= w.last; b++)
        json_u64(j, NULL, w.hist[b]);
    json_close(j, ']');
    json_close(j, '}');
}

static void clt_block(struct json *j, const char *key, const struct clt_stats *s, int count)
{
    double w = s->weights ? (double)s->weights : 1.0;

    json_obj(j, key);
    if (count >= 0)
        json_int(j, "transfers", count);
    json_u64(j, "weights", s->weights);
    json_num(j, "mean_abs_error", s->sum_abs_err / w);
    json_num(j, "rms_error", sqrt(s->sum_sq_err / w));
    json_num(j, "not_converged_frac", s->not_converged / w);
    json_u64(j, "set_pulses", s->set_pulses);
    json_u64(j, "resets", s->resets);
    json_u64(j, "restarts", s->restarts);
    json_u64(j, "lsp_kept", s->lsp_kept);
    json_u64(j, "row_reads", s->reads);
    json_close(j, '}');
}

/*
 * Per training example and phase: cycles, time, pulse energy by kind, pulses; and pulses per
 * device of each class (xtile report reads these).
 */
static void phases_block(const struct xt_learner *lr, struct json *j, const uint64_t *cyc,
                         double per)
{
    static const char *const cls_name[2] = {"msp", "lsp"};
    const struct anet *an = &lr->an;
    struct arr_tally t[2];
    double e_read, e_set, e_reset, devs[2] = {0, 0};

    json_obj(j, "by_phase");
    for (int ph = 0; ph < XT_PHASES; ph++) {
        anet_totals(an, ARR_BOOK_TRAIN, ph, t, &e_read);
        book_energy(lr, t, &e_set, &e_reset);
        struct hw_phase p = {
            .cycles = (double)cyc[ph] * per,
            .time_us = (double)cyc[ph] * per / lr->cfg->tile.clk_mhz,
            .energy_pj = (e_set + e_reset + e_read) * per,
            .set_pj = e_set * per,
            .reset_pj = e_reset * per,
            .read_pj = e_read * per,
            .set_pulses = (double)(t[0].n_set + t[1].n_set) * per,
            .reset_pulses = (double)(t[0].n_reset + t[1].n_reset) * per,
        };
        learner_phase_json(j, phase_name[ph], &p);
    }
    json_close(j, '}');
    for (int l = 0; l < an->nl; l++) {
        const struct arr *a = &an->tile[l].arr;
        for (int k = 0; k < a->ndev; k++)
            devs[arr_class_of(a, k)] += arr_dev_present(a, k) ? (double)a->rows * a->cols : 0.0;
        devs[ARR_LSP] += a->shared ? a->cols : 0; /* the references */
    }
    anet_totals(an, ARR_BOOK_TRAIN, -1, t, &e_read);
    json_obj(j, "pulses_per_device_per_example");
    for (int k = 0; k < 2; k++) {
        if (devs[k] == 0)
            continue;
        json_obj(j, cls_name[k]);
        json_num(j, "devices", devs[k]);
        json_num(j, "set", (double)t[k].n_set * per / devs[k]);
        json_num(j, "reset", (double)t[k].n_reset * per / devs[k]);
        json_close(j, '}');
    }
    json_close(j, '}');
}

/*
 * Each layer's tile: its size, converters and the RTL widths it needs (synthesis, xtile report),
 * and its cycles per training example (the tiles work one after another).
 */
static void tiles_block(const struct anet *an, struct json *j, double per)
{
    json_obj(j, "tiles");
    for (int l = 0; l < an->nl; l++) {
        const struct xt_tile *t = &an->tile[l];
        int code_w, adc_w, s = t->adc_share;
        char name[16];

        xt_tile_widths(t, &code_w, &adc_w);
        snprintf(name, sizeof name, "layer%d", l + 1);
        json_obj(j, name);
        json_int(j, "rows", t->arr.rows);
        json_int(j, "cols", t->arr.cols);
        json_int(j, "adc_share", s);
        json_int(j, "converters", (t->arr.cols + s - 1) / s + (t->arr.rows + s - 1) / s);
        json_int(j, "code_w", code_w);
        json_int(j, "adc_w", adc_w);
        json_obj(j, "phase_cycles"); /* per example; not cycles_per_example: scripts grep that */
        for (int ph = 0; ph < XT_PHASES; ph++)
            json_num(j, phase_name[ph], (double)t->cycles[ARR_BOOK_TRAIN][ph] * per);
        json_close(j, '}');
        json_close(j, '}');
    }
    json_close(j, '}');
}

void learner_summary(const struct xt_learner *lr, long train_examples, struct json *j)
{
    const struct xt_config *c = lr->cfg;
    const struct anet *an = &lr->an;
    static const char *const cls_name[2] = {"msp", "lsp"};
    struct arr_tally t[2];
    struct clt_stats all = {0};
    double e_read, e_set, e_reset, per = train_examples > 0 ? 1.0 / train_examples : 0;
    char hex[32];

    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)learner_weights_hash(lr));
    json_str(j, "weights_hash", hex);
    if (!lr->analog)
        return;
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)an->codes_hash);
    json_str(j, "codes_hash", hex);
    anet_totals(an, ARR_BOOK_TRAIN, -1, t, &e_read);
    book_energy(lr, t, &e_set, &e_reset); /* 2dev: every device is of the LSP class */
    uint64_t cyc[XT_PHASES], total = 0;
    anet_cycles(an, ARR_BOOK_TRAIN, cyc);
    for (int ph = 0; ph < XT_PHASES; ph++)
        total += cyc[ph];
    json_num(j, "cycles_per_example", (double)total * per);
    json_num(j, "time_us_per_example", (double)total * per / c->tile.clk_mhz);
    json_obj(j, "cycles_per_example_by_phase");
    for (int ph = 0; ph < XT_PHASES; ph++)
        json_num(j, phase_name[ph], (double)cyc[ph] * per);
    json_close(j, '}');
    json_num(j, "energy_pj_per_example", (e_set + e_reset + e_read) * per);
    json_obj(j, "energy_pj_per_example_by_kind");
    json_num(j, "set", e_set * per);
    json_num(j, "reset", e_reset * per);
    json_num(j, "read", e_read * per);
    json_close(j, '}');
    json_obj(j, "pulses_per_example");
    for (int k = 0; k < 2; k++) {
        json_obj(j, cls_name[k]);
        json_num(j, "set", (double)t[k].n_set * per);
        json_num(j, "reset", (double)t[k].n_reset * per);
        json_close(j, '}');
    }
    json_close(j, '}');
    phases_block(lr, j, cyc, per);
    tiles_block(an, j, per);
    for (int x = 0; x < an->nxfers; x++) {
        clt_stats_add(&all, &an->xfers[x].st);
    }
    clt_block(j, "clt", &all, an->nxfers);
    clt_block(j, "initial_programming", &an->init_clt, -1);
    json_obj(j, "endurance");
    for (int k = 0; k < 2; k++) {
        if (k == ARR_MSP && c->weights.encoding == ARR_ENC_2DEV)
            continue;
        json_obj(j, cls_name[k]);
        endurance(j, an, k, 0);
        endurance(j, an, k, 1);
        json_close(j, '}');
    }
    json_close(j, '}');
}

void learner_print(const struct xt_learner *lr, FILE *f)
{
    const struct anet *an = &lr->an;
    uint64_t w = 0, nc = 0;
    double err = 0.0;

    if (!lr->analog)
        return;
    for (int x = 0; x < an->nxfers; x++) {
        w += an->xfers[x].st.weights;
        nc += an->xfers[x].st.not_converged;
        err += an->xfers[x].st.sum_abs_err;
    }
    fprintf(f,
            "transfers: %d, mean |error| %.4g (weight units), %.3g %% of weights not converged\n",
            an->nxfers, w ? err / (double)w : 0.0, w ? 100.0 * (double)nc / (double)w : 0.0);
}

int learner_write_shadow(const struct xt_learner *lr, FILE *f)
{
    const struct shadow *s = &lr->an.shadow;

    fprintf(f, "epoch,layer,weights,rms_error,mean_error,rms_shadow\n");
    for (int r = 0; lr->analog && r < s->rows; r++)
        for (int l = 0; l < s->nl; l++) {
            const struct shadow_stat *st = &s->hist[(size_t)r * (size_t)s->nl + (size_t)l];
            fprintf(f, "%d,%d,%d,%.9g,%.9g,%.9g\n", r, l, s->l[l].m, st->rms_err, st->mean_err,
                    st->rms_w);
        }
    return ferror(f) ? xt_fail(XT_EIO, "cannot write shadow.csv") : 0;
}

int learner_shadow_epoch(struct xt_learner *lr)
{
    return lr->analog ? anet_shadow_record(&lr->an) : 0;
}

int learner_write_clt(const struct xt_learner *lr, FILE *f)
{
    fprintf(f, "transfer,example,weights,mean_abs_error,rms_error,not_converged_frac,"
               "set_pulses,resets,row_reads,restarts,lsp_kept\n");
    for (int x = 0; lr->analog && x < lr->an.nxfers; x++) {
        const struct clt_stats *s = &lr->an.xfers[x].st;
        double w = s->weights ? (double)s->weights : 1.0;
        fprintf(f, "%d,%ld,%llu,%.9g,%.9g,%.9g,%llu,%llu,%llu,%llu,%llu\n", x + 1,
                lr->an.xfers[x].example, (unsigned long long)s->weights, s->sum_abs_err / w,
                sqrt(s->sum_sq_err / w), s->not_converged / w, (unsigned long long)s->set_pulses,
                (unsigned long long)s->resets, (unsigned long long)s->reads,
                (unsigned long long)s->restarts, (unsigned long long)s->lsp_kept);
    }
    return ferror(f) ? xt_fail(XT_EIO, "cannot write clt.csv") : 0;
}

int learner_write_transfer_error(const struct xt_learner *lr, FILE *f)
{
    static const char *const kind[2] = {"initial", "transfer"};

    fprintf(f, "kind,bin,target_lo,target_hi,weights,mean_error,mean_abs_error,rms_error\n");
    for (int k = 0; lr->analog && k < 2; k++) {
        const struct clt_err_hist *h = k ? &lr->an.xfer_hist : &lr->an.init_hist;
        double width = 2 * h->w_max / CLT_ERR_BINS;
        for (int b = 0; b < CLT_ERR_BINS; b++) {
            double n = h->n[b] ? (double)h->n[b] : 1.0;
            fprintf(f, "%s,%d,%.9g,%.9g,%llu,%.9g,%.9g,%.9g\n", kind[k], b, -h->w_max + b * width,
                    -h->w_max + (b + 1) * width, (unsigned long long)h->n[b], h->sum[b] / n,
                    h->sum_abs[b] / n, sqrt(h->sum_sq[b] / n));
        }
    }
    return ferror(f) ? xt_fail(XT_EIO, "cannot write transfer_error.csv") : 0;
}

int learner_write_conductance(const struct xt_learner *lr, FILE *f)
{
    static const char *const slot4[4] = {"G+", "G-", "g+", "g-"}, *const slot2[2] = {"g+", "g-"},
                             *const shared[4] = {"G+", "G-", "g", "g_ref"};
    const struct anet *an = &lr->an;

    fprintf(f, "layer,slot,bin,g_lo_us,g_hi_us,devices\n");
    for (int l = 0; l < an->nl; l++) {
        const struct arr *a = &an->tile[l].arr;
        for (int k = 0; k < a->ndev; k++) {
            uint64_t hist[LEARNER_G_BINS] = {0};
            double width = 1.5 * a->cls[k]->g_max / LEARNER_G_BINS;
            /* 4dev_shared: slot g- holds no device; the column references instead */
            bool refs = !arr_dev_present(a, k);
            for (long i = 0; i < (refs ? a->cols : (long)a->rows * a->cols); i++) {
                int b = (int)((refs ? a->ref[i].g : a->dev[i * a->ndev + k].g) / width);
                hist[b < LEARNER_G_BINS ? b : LEARNER_G_BINS - 1]++;
            }
            for (int b = 0; b < LEARNER_G_BINS; b++)
                fprintf(f, "%d,%s,%d,%.6g,%.6g,%llu\n", l + 1,
                        a->shared      ? shared[k]
                        : a->ndev == 4 ? slot4[k]
                                       : slot2[k],
                        b, b * width, (b + 1) * width, (unsigned long long)hist[b]);
        }
    }
    return ferror(f) ? xt_fail(XT_EIO, "cannot write the conductance histogram") : 0;
}

int learner_write_endurance(const struct xt_learner *lr, FILE *f)
{
    static const char *const cls_name[2] = {"msp", "lsp"}, *const kind[2] = {"set", "reset"};
    const struct anet *an = &lr->an;

    fprintf(f, "class,pulse,bin,lo,hi,devices\n");
    for (int cls = 0; cls < 2; cls++) {
        for (int which = 0; which < 2; which++) {
            struct wear w;
            wear_of(an, cls, which, &w);
            for (int b = 0; w.n && b <= w.last; b++)
                fprintf(f, "%s,%s,%d,%llu,%llu,%llu\n", cls_name[cls], kind[which], b,
                        b ? 1ull << (b - 1) : 0ull, b ? (1ull << b) - 1 : 0ull,
                        (unsigned long long)w.hist[b]);
        }
    }
    return ferror(f) ? xt_fail(XT_EIO, "cannot write the endurance histogram") : 0;
}
