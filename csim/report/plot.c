/* plot.c - a finished run's pictures: data files from its CSVs and summary, one gnuplot script */
#include "xtile/plot.h"

#include "xtile/err.h"
#include "xtile/file.h"
#include "xtile/report.h"
#include "xtile/results.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_FIELDS 16

/*
 * Calls row() for every line of a CSV file after its header, with its fields
 * split at the commas (at least `need` of them). A missing file: -XT_EIO when
 * `required`, else 0 with no row. A short line: -XT_EFORMAT naming the line.
 */
static int each_row(const char *path, int need, bool required,
                    int (*row)(void *user, char **f, int n), void *user)
{
    char *text, *line, *next;
    int ret, lineno = 0;

    if (!required && access(path, R_OK) != 0)
        return 0;
    if ((ret = xt_read_text(path, NULL, &text)) != 0)
        return ret;
    for (line = text; !ret && line && *line; line = next) {
        char *f[MAX_FIELDS];
        int n = 0;
        next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        if (lineno++ == 0 || !*line)
            continue; /* the header; a blank last line */
        for (char *p = line; n < MAX_FIELDS; p++) {
            f[n++] = p;
            if (!(p = strchr(p, ',')))
                break;
            *p = 0;
        }
        ret = n < need ? xt_fail(XT_EFORMAT, "%s:%d: %d fields, expected %d", path, lineno, n, need)
                       : row(user, f, n);
    }
    free(text);
    return ret;
}

static void join(char *buf, size_t n, const char *dir, const char *name)
{
    snprintf(buf, n, "%s/%s", dir, name);
}

/* The output files of plot_prepare, and what the figures found. */
struct out {
    const char *rundir;
    char dir[XT_PATH_MAX + 16];
    FILE *f;       /* the data file being written */
    FILE *gp, *md; /* plots.gp, index.md */
    int nfig;
    char last[16]; /* endurance: the block being written */
};

static int open_dat(struct out *o, const char *name)
{
    char path[XT_PATH_MAX + 64];

    join(path, sizeof path, o->dir, name);
    o->f = fopen(path, "w");
    return o->f ? 0 : xt_fail(XT_EIO, "%s: cannot write", path);
}

static int close_dat(struct out *o)
{
    int bad = ferror(o->f);

    if (fclose(o->f) != 0 || bad)
        return xt_fail(XT_EIO, "%s: cannot write a data file", o->dir);
    o->f = NULL;
    return 0;
}

/* One figure in plots.gp (drawn as SVG and PNG) and in index.md: its data file, plot commands. */
static void figure(struct out *o, const char *name, const char *dat, const char *what,
                   const char *body)
{
    for (int term = 0; term < 2; term++)
        fprintf(o->gp,
                "reset\nset terminal %s size 900,540 font \"sans,12\" noenhanced\n"
                "set output \"%s.%s\"\nset grid\nset key outside right\n%sset output\n\n",
                term ? "pngcairo" : "svg", name, term ? "png" : "svg", body);
    fprintf(o->md, "- `%s.svg`, `%s.png`: %s (data: `%s`)\n", name, name, what, dat);
    o->nfig++;
}

/* ---- accuracy and loss (metrics.csv: epoch,lr,train_loss,train_accuracy,test_loss,test_accuracy)
 */

static int metrics_row(void *user, char **f, int n)
{
    (void)n;
    fprintf(user, "%s %.6g %.6g %s %s\n", f[0], 100 * atof(f[3]), 100 * atof(f[5]), f[2], f[4]);
    return 0;
}

static int baseline_row(void *user, char **f, int n)
{
    (void)n;
    fprintf(user, "%s %.6g\n", f[0], 100 * atof(f[5]));
    return 0;
}

static int learning(struct out *o, const char *baseline)
{
    char path[XT_PATH_MAX + 64], body[1024];
    int ret;

    join(path, sizeof path, o->rundir, "metrics.csv");
    if ((ret = open_dat(o, "accuracy.dat")) != 0)
        return ret;
    fprintf(o->f, "# epoch train_accuracy_%% test_accuracy_%% train_loss test_loss\n");
    if ((ret = each_row(path, 6, true, metrics_row, o->f)) != 0 || (ret = close_dat(o)) != 0)
        return ret;
    if (baseline) {
        join(path, sizeof path, baseline, "metrics.csv");
        if ((ret = open_dat(o, "baseline.dat")) != 0)
            return ret;
        fprintf(o->f, "# epoch test_accuracy_%% (baseline %s)\n", baseline);
        if ((ret = each_row(path, 6, true, baseline_row, o->f)) != 0 || (ret = close_dat(o)) != 0)
            return ret;
    }
    snprintf(body, sizeof body,
             "set xlabel \"epoch\"\nset ylabel \"accuracy (%%)\"\nset title \"accuracy per "
             "epoch\"\nplot \"accuracy.dat\" using 1:3 with linespoints lw 2 title \"test\", "
             "\"accuracy.dat\" using 1:2 with linespoints lw 2 title \"train\"%s\n",
             baseline ? ", \"baseline.dat\" using 1:2 with linespoints lw 2 dt 2 title \"test, "
                        "baseline\""
                      : "");
    figure(o, "accuracy", "accuracy.dat", "test and training accuracy per epoch", body);
    figure(o, "loss", "accuracy.dat", "training and test loss (cross-entropy) per epoch",
           "set xlabel \"epoch\"\nset ylabel \"loss (cross-entropy, nats)\"\nset title \"loss "
           "per epoch\"\nplot \"accuracy.dat\" using 1:5 with linespoints lw 2 title \"test\", "
           "\"accuracy.dat\" using 1:4 with linespoints lw 2 title \"train\"\n");
    return 0;
}

/* ---- transfers (clt.csv:
 * transfer,example,weights,mean_abs_error,rms_error,not_converged_frac,...) */

/* The data file a row function writes to, and the rows it wrote. */
struct rows {
    FILE *f;
    int n;
};

static int clt_row(void *user, char **f, int n)
{
    struct rows *r = user;

    (void)n;
    fprintf(r->f, "%s %s %.6g\n", f[1], f[3], 100 * atof(f[5]));
    r->n++;
    return 0;
}

static int transfers(struct out *o)
{
    char path[XT_PATH_MAX + 64];
    int ret;

    join(path, sizeof path, o->rundir, "clt.csv");
    if ((ret = open_dat(o, "transfers.dat")) != 0)
        return ret;
    fprintf(o->f, "# example mean_abs_error_weight_units not_converged_%%\n");
    struct rows rows = {o->f, 0};
    if ((ret = each_row(path, 6, true, clt_row, &rows)) != 0 || (ret = close_dat(o)) != 0)
        return ret;
    if (rows.n == 0)
        return 0; /* a run without a transfer: no figure */
    figure(o, "transfers", "transfers.dat",
           "the transfers' mean |error| and the weights not converged, per transfer",
           "set xlabel \"training example\"\nset ylabel \"mean |error| (weight units)\"\n"
           "set y2label \"not converged (%)\"\nset ytics nomirror\nset y2tics\n"
           "set title \"weight transfers\"\nplot \"transfers.dat\" using 1:2 with linespoints "
           "lw 2 title \"mean |error|\", \"transfers.dat\" using 1:3 axes x1y2 with linespoints "
           "lw 2 title \"not converged\"\n");
    return 0;
}

/* ---- accuracy after drift (drift.csv: after_s,test_accuracy,test_loss) */

static int drift_row(void *user, char **f, int n)
{
    struct rows *r = user;

    (void)n;
    fprintf(r->f, "%s %.6g\n", f[0], 100 * atof(f[1]));
    r->n++;
    return 0;
}

static int drift(struct out *o)
{
    char path[XT_PATH_MAX + 64];
    struct rows rows;
    int ret;

    join(path, sizeof path, o->rundir, "drift.csv");
    if (access(path, R_OK) != 0)
        return 0; /* no time.infer_after */
    if ((ret = open_dat(o, "drift.dat")) != 0)
        return ret;
    fprintf(o->f, "# after_s test_accuracy_%%\n");
    rows = (struct rows){o->f, 0};
    if ((ret = each_row(path, 3, true, drift_row, &rows)) != 0 || (ret = close_dat(o)) != 0)
        return ret;
    if (rows.n == 0)
        return 0;
    figure(o, "drift", "drift.dat", "test accuracy after each time of drift past training",
           "set xlabel \"time after training (s)\"\nset ylabel \"test accuracy (%)\"\n"
           "set logscale x\nset title \"accuracy after drift\"\nplot \"drift.dat\" using "
           "($1 > 0 ? $1 : 1e-3):2 with linespoints lw 2 title \"test\"\n");
    return 0;
}

/* ---- weight error against the float shadow
 * (shadow.csv: epoch,layer,weights,rms_error,mean_error,rms_shadow) */

enum { SHADOW_ROWS = 4096, SHADOW_LAYERS = 8 };
struct shadow_tab {
    int rows, layers;
    double err[SHADOW_ROWS][SHADOW_LAYERS], w[SHADOW_ROWS][SHADOW_LAYERS];
};

static int shadow_row(void *user, char **f, int n)
{
    struct shadow_tab *t = user;
    int e = atoi(f[0]), l = atoi(f[1]);

    (void)n;
    if (e < 0 || e >= SHADOW_ROWS || l < 0 || l >= SHADOW_LAYERS)
        return xt_fail(XT_EFORMAT, "shadow.csv: epoch %d, layer %d out of range", e, l);
    t->err[e][l] = atof(f[3]);
    t->w[e][l] = atof(f[5]);
    t->rows = e + 1 > t->rows ? e + 1 : t->rows;
    t->layers = l + 1 > t->layers ? l + 1 : t->layers;
    return 0;
}

static int weight_error(struct out *o)
{
    static struct shadow_tab t;
    char path[XT_PATH_MAX + 64], body[2048];
    int ret, k;

    memset(&t, 0, sizeof t);
    join(path, sizeof path, o->rundir, "shadow.csv");
    if ((ret = each_row(path, 6, false, shadow_row, &t)) != 0 || !t.rows)
        return ret; /* a run from before the shadow: no figure */
    if ((ret = open_dat(o, "weight_error.dat")) != 0)
        return ret;
    fprintf(o->f, "# epoch, then per layer the RMS of w_device - w_shadow, then per layer the "
                  "RMS of w_shadow (weight units; epoch 0: after the initial programming)\n");
    for (int e = 0; e < t.rows; e++) {
        fprintf(o->f, "%d", e);
        for (int l = 0; l < t.layers; l++)
            fprintf(o->f, " %.6g", t.err[e][l]);
        for (int l = 0; l < t.layers; l++)
            fprintf(o->f, " %.6g", t.w[e][l]);
        fprintf(o->f, "\n");
    }
    if ((ret = close_dat(o)) != 0)
        return ret;
    k = snprintf(body, sizeof body,
                 "set xlabel \"epoch\"\nset ylabel \"RMS (weight units)\"\nset logscale y\n"
                 "set title \"weight error of the device network against its float shadow\"\n"
                 "plot ");
    for (int l = 0; l < t.layers; l++)
        k += snprintf(body + k, sizeof body - (size_t)k,
                      "%s\"weight_error.dat\" using 1:%d with linespoints lw 2 lc %d title "
                      "\"layer %d: |w - shadow|\", \"weight_error.dat\" using 1:%d with lines "
                      "dt 2 lc %d title \"layer %d: shadow\"",
                      l ? ", " : "", 2 + l, l + 1, l, 2 + t.layers + l, l + 1, l);
    snprintf(body + k, sizeof body - (size_t)k, "\n");
    figure(o, "weight_error", "weight_error.dat",
           "RMS error of the device weights against a float shadow trained by plain SGD from the "
           "same inputs and errors (a sample of up to 1,024 weights per layer), per epoch, with "
           "the shadow's own RMS for scale",
           body);
    return 0;
}

/* ---- cycles and energy per example by phase (summary.json's by_phase, as xtile report) */

static int phases(struct out *o, const struct hw_report *r)
{
    static const char *const name[XT_PHASES] = {"forward", "backward", "update", "transfer"};
    int ret;

    if ((ret = open_dat(o, "phases.dat")) != 0)
        return ret;
    fprintf(o->f, "# phase cycles_per_example set_nJ reset_nJ read_nJ\n");
    for (int ph = 0; ph < XT_PHASES; ph++)
        fprintf(o->f, "%s %.6g %.6g %.6g %.6g\n", name[ph], r->phase[ph].cycles,
                r->phase[ph].set_pj / 1e3, r->phase[ph].reset_pj / 1e3, r->phase[ph].read_pj / 1e3);
    if ((ret = close_dat(o)) != 0)
        return ret;
    figure(o, "phases_cycles", "phases.dat",
           "clocks per training example by phase (transfers amortized)",
           "set style data histogram\nset style fill solid 0.8 border -1\nset boxwidth 0.7\n"
           "set ylabel \"cycles per example\"\nset title \"cycles per training example\"\n"
           "plot \"phases.dat\" using 2:xtic(1) title \"cycles\"\n");
    figure(o, "phases_energy", "phases.dat",
           "pulse energy per training example by phase: SET, RESET, read",
           "set style data histogram\nset style histogram rowstacked\nset style fill solid 0.8 "
           "border -1\nset boxwidth 0.7\nset ylabel \"energy per example (nJ)\"\nset title "
           "\"pulse energy per training example\"\nplot \"phases.dat\" using 3:xtic(1) title "
           "\"SET\", \"\" using 4 title \"RESET\", \"\" using 5 title \"read\"\n");
    return 0;
}

/* ---- conductance histograms (g_start.csv, g_end.csv: layer,slot,bin,g_lo_us,g_hi_us,devices) */

struct hist {
    int layer, nslot;
    char slot[4][4];
    double mid[4][LEARNER_G_BINS];
    unsigned long long n[2][4][LEARNER_G_BINS]; /* start, end */
    int which;
    bool seen;
};

static int g_row(void *user, char **f, int n)
{
    struct hist *h = user;
    int b = atoi(f[2]), k;

    (void)n;
    if (atoi(f[0]) != h->layer)
        return 0;
    for (k = 0; k < h->nslot && strcmp(h->slot[k], f[1]); k++)
        ;
    if (k == h->nslot) {
        if (k == 4)
            return xt_fail(XT_EFORMAT, "conductance histogram: more than 4 device slots");
        snprintf(h->slot[h->nslot++], sizeof h->slot[0], "%s", f[1]);
    }
    if (b < 0 || b >= LEARNER_G_BINS)
        return xt_fail(XT_EFORMAT, "conductance histogram: bin %d outside 0..%d", b,
                       LEARNER_G_BINS - 1);
    h->mid[k][b] = (atof(f[3]) + atof(f[4])) / 2;
    h->n[h->which][k][b] = strtoull(f[5], NULL, 10);
    h->seen = true;
    return 0;
}

/* One figure per layer: every slot's histogram at the start (dashed) and the end. */
static int conductance(struct out *o)
{
    static struct hist h;
    char path[XT_PATH_MAX + 64], name[32], dat[40], body[2048], what[96];
    int ret;

    for (int l = 1;; l++) {
        memset(&h, 0, sizeof h);
        h.layer = l;
        for (h.which = 0; h.which < 2; h.which++) {
            join(path, sizeof path, o->rundir, h.which ? "g_end.csv" : "g_start.csv");
            if ((ret = each_row(path, 6, true, g_row, &h)) != 0)
                return ret;
        }
        if (!h.seen)
            return 0;
        snprintf(name, sizeof name, "conductance_layer%d", l);
        snprintf(dat, sizeof dat, "%s.dat", name);
        if ((ret = open_dat(o, dat)) != 0)
            return ret;
        for (int k = 0; k < h.nslot; k++) {
            fprintf(o->f, "%s# %s: g_mid_uS start_devices end_devices\n", k ? "\n\n" : "",
                    h.slot[k]);
            for (int b = 0; b < LEARNER_G_BINS; b++)
                fprintf(o->f, "%.6g %llu %llu\n", h.mid[k][b], h.n[0][k][b], h.n[1][k][b]);
        }
        if ((ret = close_dat(o)) != 0)
            return ret;
        size_t len = (size_t)snprintf(body, sizeof body,
                                      "set xlabel \"conductance (uS)\"\nset ylabel \"devices\"\n"
                                      "set logscale y\nset title \"layer %d: conductances at the "
                                      "start (dashed) and the end\"\nplot ",
                                      l);
        for (int k = 0; k < h.nslot; k++)
            len +=
                (size_t)snprintf(body + len, sizeof body - len,
                                 "%s\"%s\" index %d using 1:($3+0.5) with steps lw 2 lc %d "
                                 "title \"%s end\", \"%s\" index %d using 1:($2+0.5) with "
                                 "steps dt 2 lc %d title \"%s start\"",
                                 k ? ", " : "", dat, k, k + 1, h.slot[k], dat, k, k + 1, h.slot[k]);
        snprintf(body + len, sizeof body - len, "\n");
        snprintf(what, sizeof what,
                 "layer %d: conductance histogram of every device slot, start and end", l);
        figure(o, name, dat, what, body);
    }
}

/* ---- endurance (endurance.csv: class,pulse,bin,lo,hi,devices) */

static int e_row(void *user, char **f, int n)
{
    struct out *o = user;
    char block[16];

    (void)n;
    snprintf(block, sizeof block, "%s %s", f[0], f[1]);
    if (strcmp(block, o->last)) {
        fprintf(o->f, "%s# %s: pulses_lo pulses_hi devices\n", o->last[0] ? "\n\n" : "", block);
        snprintf(o->last, sizeof o->last, "%s", block);
    }
    fprintf(o->f, "%s %s %s\n", f[3], f[4], f[5]);
    return 0;
}

static int endurance(struct out *o)
{
    char path[XT_PATH_MAX + 64];
    int ret;

    join(path, sizeof path, o->rundir, "endurance.csv");
    if ((ret = open_dat(o, "endurance.dat")) != 0)
        return ret;
    if ((ret = each_row(path, 6, true, e_row, o)) != 0 || (ret = close_dat(o)) != 0)
        return ret;
    figure(o, "endurance", "endurance.dat",
           "pulses per device over the run, SET and RESET, MSP and LSP (log2 bins, log scale)",
           "set xlabel \"pulses per device (bin: lo .. hi, log scale)\"\nset ylabel \"devices\"\n"
           "set logscale xy\nset title \"endurance: pulses per device\"\nplot "
           "\"endurance.dat\" index 0 using ($1+1):($3+0.5) with steps lw 2 title \"MSP SET\", "
           "\"\" index 1 using ($1+1):($3+0.5) with steps lw 2 title \"MSP RESET\", "
           "\"\" index 2 using ($1+1):($3+0.5) with steps lw 2 title \"LSP SET\", "
           "\"\" index 3 using ($1+1):($3+0.5) with steps lw 2 title \"LSP RESET\"\n");
    return 0;
}

int plot_prepare(const char *rundir, const char *baseline, int *nfig)
{
    static struct out o;
    struct hw_report r;
    char path[XT_PATH_MAX + 64];
    bool device;
    int ret;

    memset(&o, 0, sizeof o);
    o.rundir = rundir;
    *nfig = 0;
    if (!results_finished(rundir))
        return xt_fail(XT_EIO, "%s: not a finished run (no summary.json)", rundir);
    if (baseline && !results_finished(baseline))
        return xt_fail(XT_EIO, "%s: the baseline is not a finished run (no summary.json)",
                       baseline);
    ret = report_load(rundir, &r);
    device = ret == 0;
    if (ret && ret != -XT_EFORMAT) /* -XT_EFORMAT: no tile, a float run */
        return ret;
    snprintf(o.dir, sizeof o.dir, "%s/plots", rundir);
    if ((ret = xt_mkdirs(o.dir)) != 0)
        return ret;
    join(path, sizeof path, o.dir, "plots.gp");
    o.gp = fopen(path, "w");
    join(path, sizeof path, o.dir, "index.md");
    o.md = fopen(path, "w");
    if (!o.gp || !o.md) {
        ret = xt_fail(XT_EIO, "%s: cannot write plots.gp and index.md", o.dir);
        goto out_close;
    }
    fprintf(o.gp, "# gnuplot script of xtile plot: run `gnuplot plots.gp` in this folder\n\n");
    fprintf(o.md,
            "# Pictures of %s\n\nDrawn by `xtile plot` (gnuplot: `plots.gp` in this folder "
            "draws them again from the data files).\n\n",
            rundir);
    ret = learning(&o, baseline);
    if (!ret && device && (ret = transfers(&o)) == 0 && (ret = drift(&o)) == 0 &&
        (ret = weight_error(&o)) == 0 && (ret = phases(&o, &r)) == 0 &&
        (ret = conductance(&o)) == 0)
        ret = endurance(&o);
    *nfig = o.nfig;
out_close:
    if (o.f)
        fclose(o.f);
    if ((o.gp && (ferror(o.gp) | fclose(o.gp))) || (o.md && (ferror(o.md) | fclose(o.md))))
        ret = ret ? ret : xt_fail(XT_EIO, "%s: cannot write plots.gp and index.md", o.dir);
    return ret;
}
