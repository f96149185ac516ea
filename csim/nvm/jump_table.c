/* jump_table.c - tabulated step distributions (Sidler/Burr jump tables): load, draw, generate */
#include "xtile/err.h"
#include "xtile/nvm.h"
#include "xtile/rng.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JT_MAX_BINS      4096
#define JT_MAX_QUANTILES 1024

struct nvm_jt {
    int bins, q;
    int parts;   /* 1: potentiation; 2: and depression (version 2) */
    float *dg;   /* parts x bins x q quantiles of dG / dGmax (depression: its size) */
    float *mean; /* per part and bin: mean of the quantiles */
};

bool nvm_jt_has_down(const struct nvm_jt *jt)
{
    return jt && jt->parts == 2;
}

void nvm_jt_free(struct nvm_jt *jt)
{
    if (!jt)
        return;
    free(jt->dg);
    free(jt->mean);
    free(jt);
}

/* Parses a comma-separated list of up to max numbers; returns the count or -1. */
static int parse_row(char *line, float *out, int max)
{
    int n = 0;
    char *p = line, *end;

    for (;;) {
        double v;
        errno = 0;
        v = strtod(p, &end);
        if (end == p || errno || n == max)
            return -1;
        out[n++] = (float)v;
        while (*end == ' ' || *end == '\t')
            end++;
        if (*end == 0 || *end == '\n' || *end == '\r')
            return n;
        if (*end != ',')
            return -1;
        p = end + 1;
    }
}

/* The header line "xtile-jump-table,V,BINS,QUANTILES" (V 1 or 2): jt's sizes and tables. */
static int jt_header(struct nvm_jt *jt, const char *line, const char *path, int lineno)
{
    int v, b, q;

    if (sscanf(line, "xtile-jump-table,%d,%d,%d", &v, &b, &q) != 3 || v < 1 || v > 2 || b < 1 ||
        b > JT_MAX_BINS || q < 2 || q > JT_MAX_QUANTILES)
        return xt_fail(XT_EFORMAT,
                       "%s:%d: expected the header 'xtile-jump-table,1,BINS,QUANTILES' "
                       "(2: with a depression part; 1..%d bins, 2..%d quantiles)",
                       path, lineno, JT_MAX_BINS, JT_MAX_QUANTILES);
    jt->parts = v;
    jt->bins = b;
    jt->q = q;
    jt->dg = malloc((size_t)v * (size_t)b * (size_t)q * sizeof *jt->dg);
    jt->mean = malloc((size_t)v * (size_t)b * sizeof *jt->mean);
    if (!jt->dg || !jt->mean)
        return xt_fail(XT_ENOMEM, "%s: out of memory", path);
    return 0;
}

/*
 * Row `filled` (bins of the potentiation part, then of the depression part): its bin index and
 * q quantiles (n numbers parsed), checked and stored with its mean.
 */
static int jt_row(struct nvm_jt *jt, const float *row, int n, int filled, const char *path,
                  int lineno)
{
    double sum = 0;

    if (n != jt->q + 1)
        return xt_fail(XT_EFORMAT, "%s:%d: expected a bin index and %d numbers", path, lineno,
                       jt->q);
    if (filled == jt->parts * jt->bins || row[0] != (float)(filled % jt->bins))
        return xt_fail(XT_EFORMAT, "%s:%d: bin index %g, expected %d%s", path, lineno,
                       (double)row[0], filled % jt->bins,
                       filled == jt->parts * jt->bins ? " (every bin already present)"
                       : filled >= jt->bins           ? " of the depression part"
                                                      : "");
    for (int k = 0; k < jt->q; k++) {
        float v = row[k + 1];
        if (!(v >= -1e3f && v <= 1e3f) || (k && v < row[k])) /* NaN fails too */
            return xt_fail(XT_EFORMAT,
                           "%s:%d: quantile %d is %g: quantiles must be finite (|v| <= 1000) "
                           "and non-decreasing",
                           path, lineno, k, (double)v);
        jt->dg[filled * jt->q + k] = v;
        sum += v;
    }
    jt->mean[filled] = (float)(sum / jt->q);
    return 0;
}

int nvm_jt_load(const char *path, struct nvm_jt **out)
{
    FILE *f = fopen(path, "r");
    static char line[65536];
    float *row = NULL;
    struct nvm_jt *jt = NULL;
    int lineno = 0, filled = 0, ret, n;

    *out = NULL;
    if (!f)
        return xt_fail(XT_EIO, "%s: cannot open jump table: %s", path, strerror(errno));
    row = malloc((JT_MAX_QUANTILES + 1) * sizeof *row);
    jt = calloc(1, sizeof *jt);
    if (!row || !jt) {
        ret = xt_fail(XT_ENOMEM, "%s: out of memory", path);
        goto out_err;
    }
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[strspn(line, " \t\r\n")] == 0)
            continue;
        if (!jt->bins) {
            if ((ret = jt_header(jt, line, path, lineno)) != 0)
                goto out_err;
            continue;
        }
        n = parse_row(line, row, jt->q + 1);
        if ((ret = jt_row(jt, row, n, filled, path, lineno)) != 0)
            goto out_err;
        filled++;
    }
    if (!jt->bins) {
        ret = xt_fail(XT_EFORMAT, "%s: no header line (empty jump table)", path);
        goto out_err;
    }
    if (filled != jt->parts * jt->bins) {
        ret = jt->parts == 1
                  ? xt_fail(XT_EFORMAT, "%s:%d: %d of %d bins present", path, lineno, filled,
                            jt->bins)
                  : xt_fail(XT_EFORMAT,
                            "%s:%d: %d of %d rows present (%d bins of potentiation, then %d of "
                            "depression)",
                            path, lineno, filled, 2 * jt->bins, jt->bins, jt->bins);
        goto out_err;
    }
    fclose(f);
    free(row);
    *out = jt;
    return 0;

out_err:
    fclose(f);
    free(row);
    nvm_jt_free(jt);
    return ret;
}

static int bin_of(const struct nvm_jt *jt, float g, float gmax)
{
    int b = (int)(g / gmax * (float)jt->bins);

    return b < 0 ? 0 : b >= jt->bins ? jt->bins - 1 : b;
}

static float mean_dg(const struct nvm_class *c, float g, float gmax, float dgmax)
{
    return c->jt->mean[bin_of(c->jt, g, gmax)] * dgmax;
}

/* Inverse CDF: quantile k sits at level (k + 0.5) / Q; linear in between, flat outside. */
static float draw_part(const struct nvm_jt *jt, int part, float g, float gmax, float dgmax,
                       uint32_t u)
{
    const float *q =
        jt->dg + ((size_t)part * (size_t)jt->bins + (size_t)bin_of(jt, g, gmax)) * (size_t)jt->q;
    double pos = xt_u32_open01(u) * jt->q - 0.5;
    int k;

    if (pos <= 0.0)
        return q[0] * dgmax;
    if (pos >= jt->q - 1)
        return q[jt->q - 1] * dgmax;
    k = (int)pos;
    return (float)((double)q[k] + (pos - k) * ((double)q[k + 1] - q[k])) * dgmax;
}

static float draw_dg(const struct nvm_class *c, float g, float gmax, float dgmax, uint32_t u)
{
    return draw_part(c->jt, 0, g, gmax, dgmax, u);
}

/* The depression part (version 2 only: a class is bidirectional only with it). */
static float mean_dn(const struct nvm_class *c, float g, float gmax, float dgmax)
{
    return c->jt->mean[c->jt->bins + bin_of(c->jt, g, gmax)] * dgmax;
}

static float draw_dn(const struct nvm_class *c, float g, float gmax, float dgmax, uint32_t u)
{
    return draw_part(c->jt, 1, g, gmax, dgmax, u);
}

const struct nvm_model nvm_jump_table = {
    .name = "jump_table",
    .help = "dG drawn from a tabulated distribution per conductance bin (jt_file; version 2 "
            "adds depression)",
    .mean_dg = mean_dg,
    .draw_dg = draw_dg,
    .mean_dn = mean_dn,
    .draw_dn = draw_dn,
};

/* One part of a generated table: per bin the quantiles of mean (1 + c2c z), at least 0. */
static void write_part(const struct nvm_class *c, int bins, int quantiles, int part, FILE *f)
{
    for (int b = 0; b < bins; b++) {
        float gc = ((float)b + 0.5f) / (float)bins * c->g_max;
        const struct nvm_model *m = c->model;
        double mean = (part ? m->mean_dn : m->mean_dg)(c, gc, c->g_max, c->dg_max) / c->dg_max;
        fprintf(f, "%d", b);
        for (int k = 0; k < quantiles; k++) {
            double z = xt_normal_inv((k + 0.5) / quantiles), v = mean * (1.0 + c->par->c2c * z);
            fprintf(f, ",%.7g", v > 0.0 ? v : 0.0);
        }
        fputc('\n', f);
    }
}

int nvm_jt_write(const struct nvm_class *c, int bins, int quantiles, FILE *f)
{
    if (c->model == &nvm_jump_table)
        return xt_fail(XT_EINVAL, "jt-gen: the class already uses a jump table");
    if (bins < 1 || bins > JT_MAX_BINS || quantiles < 2 || quantiles > JT_MAX_QUANTILES)
        return xt_fail(XT_EINVAL, "jt-gen: 1..%d bins and 2..%d quantiles", JT_MAX_BINS,
                       JT_MAX_QUANTILES);
    fprintf(f,
            "# xtile jump table: model %s, c2c %g%s\n"
            "# bins uniform over G/Gmax in [0, 1); per bin, quantiles of dG/dGmax at levels\n"
            "# (k + 0.5) / %d, k = 0..%d%s\n",
            c->model->name, c->par->c2c,
            c->model == &nvm_sat_delayed ? " (onset and eps of the class)"
            : c->bidir                   ? " (the class's shape parameters and up_down)"
                                         : "",
            quantiles, quantiles - 1,
            c->bidir ? "; then the depression part: the same for the size of a depression step"
                     : "");
    fprintf(f, "xtile-jump-table,%d,%d,%d\n", c->bidir ? 2 : 1, bins, quantiles);
    write_part(c, bins, quantiles, 0, f);
    if (c->bidir)
        write_part(c, bins, quantiles, 1, f);
    return ferror(f) ? xt_fail(XT_EIO, "jt-gen: write error") : 0;
}
