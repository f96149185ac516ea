/* budget.c - the error budget: a zip sweep of one configuration with non-idealities removed */
#include "xtile/budget.h"

#include "xtile/err.h"
#include "xtile/file.h"
#include "xtile/json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * The factors: each a group of keys and the value that removes it. Read and
 * RESET noise are one factor; saturation is the response function (the same
 * dynamic range with linear steps: step granularity stays); quantization is
 * the tile's activation, error and ADC codes at 16 bits; transfer error is
 * the exact transfer (clt.strategy = ideal). docs/study.md, "The error budget".
 */
static const struct {
    const char *name;
    const char *set[6]; /* "section.key=ideal value" */
} factors[] = {
    {"device-to-device", {"msp.gmax_d2d=0", "lsp.gmax_d2d=0", "msp.dg_d2d=0", "lsp.dg_d2d=0"}},
    {"pulse-to-pulse", {"msp.c2c=0", "lsp.c2c=0"}},
    {"yield", {"msp.dead_frac=0", "lsp.dead_frac=0", "msp.stuck_frac=0", "lsp.stuck_frac=0"}},
    {"noise", {"msp.read_sigma=0", "lsp.read_sigma=0", "msp.reset_sigma=0", "lsp.reset_sigma=0"}},
    {"saturation", {"msp.model=linear", "lsp.model=linear"}},
    {"quantization", {"tile.x_bits=16", "tile.d_bits=16", "tile.adc_bits=16"}},
    {"transfer-error", {"clt.strategy=ideal"}},
};
enum { NFACTORS = sizeof factors / sizeof factors[0] };
_Static_assert(NFACTORS <= BUDGET_MAX_FACTORS, "BUDGET_MAX_FACTORS holds the table");

const char *budget_factor_name(int f)
{
    return f >= 0 && f < NFACTORS ? factors[f].name : "?";
}

void budget_label(const struct budget *b, long pt, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s",
             pt == BUDGET_ALL     ? "all"
             : pt == BUDGET_IDEAL ? "ideal"
             : (pt & 1)           ? "+"
                                  : "-",
             pt >= 2 ? budget_factor_name(b->factor[(pt - 2) / 2]) : "");
}

/* Key and ideal value of a "section.key=value" entry, formatted as the key table formats them. */
static void split_set(const char *set, char *key, size_t nk, char *ideal, size_t ni)
{
    struct xt_config scratch;
    const char *eq = strchr(set, '=');

    snprintf(key, nk, "%.*s", (int)(eq - set), set);
    xt_config_defaults(&scratch);
    xt_config_set(&scratch, key, eq + 1); /* the table's own entries: cannot fail */
    xt_config_format(&scratch, xt_config_key(key), ideal, ni);
}

/* One key of a factor in the plan: the factor's row, its given and its ideal value. */
struct pkey {
    int factor;
    char key[64], given[SWEEP_VAL_LEN], ideal[SWEEP_VAL_LEN];
};

int budget_plan(const struct xt_config *c, int seeds, struct budget *b, struct sweep_spec *s)
{
    static struct pkey k[SWEEP_MAX_PARAMS];
    int nk = 0;

    memset(b, 0, sizeof *b);
    memset(s, 0, sizeof *s);
    b->seeds = seeds;
    if (c->weights.encoding == ARR_ENC_FLOAT)
        return xt_fail(XT_EINVAL, "weights.encoding is float: a float network has no device "
                                  "non-ideality to budget");
    for (int f = 0; f < NFACTORS; f++) {
        bool present = false;
        int first = nk;
        for (int i = 0; i < 6 && factors[f].set[i]; i++) {
            struct pkey *p = &k[nk];
            if (nk == SWEEP_MAX_PARAMS)
                return xt_fail(XT_EINVAL, "more than %d keys to budget", SWEEP_MAX_PARAMS);
            split_set(factors[f].set[i], p->key, sizeof p->key, p->ideal, sizeof p->ideal);
            if (c->weights.encoding == ARR_ENC_2DEV && !strncmp(p->key, "msp.", 4))
                continue; /* 2dev has no MSP */
            xt_config_format(c, xt_config_key(p->key), p->given, sizeof p->given);
            p->factor = f;
            present |= strcmp(p->given, p->ideal) != 0;
            nk++;
        }
        if (present)
            b->factor[b->nf++] = f;
        else
            nk = first; /* an absent factor is not swept */
    }
    if (!b->nf)
        return xt_fail(XT_EINVAL, "the configuration has no non-ideality to budget (every "
                                  "factor is at its ideal value already)");
    s->zip = true;
    s->seeds = seeds;
    s->np = nk;
    snprintf(s->y, sizeof s->y, "test_accuracy");
    snprintf(s->x, sizeof s->x, "%s", k[0].key);
    for (long pt = 0; pt < 2 + 2L * b->nf; pt++) {
        int only = -1; /* the factor a -NAME or +NAME point is about */
        if (pt >= 2)
            only = b->factor[(pt - 2) / 2];
        for (int i = 0; i < nk; i++) {
            bool given = pt == BUDGET_ALL || (pt >= 2 && ((pt & 1) == 0) == (k[i].factor != only));
            snprintf(s->p[i].val[pt], SWEEP_VAL_LEN, "%s", given ? k[i].given : k[i].ideal);
        }
        budget_label(b, pt, s->label[pt], SWEEP_LABEL_LEN);
    }
    for (int i = 0; i < nk; i++) {
        snprintf(s->p[i].key, sizeof s->p[i].key, "%s", k[i].key);
        s->p[i].n = 2 + 2 * b->nf;
    }
    s->nlabels = 2 + 2 * b->nf;
    return 0;
}

void budget_write_spec(const struct sweep_spec *s, FILE *f)
{
    sweep_spec_write(s, f);
    fprintf(f, "labels =");
    for (int i = 0; i < s->nlabels; i++)
        fprintf(f, " %s", s->label[i]);
    fprintf(f, "\n");
}

/* --- the tables, from the runs --- */

/* 97.5 % quantile of Student's t with df degrees of freedom (the table of scripts/study.sh). */
static double t975(int df)
{
    static const double t[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                               2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                               2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                               2.060,  2.056, 2.052, 2.048, 2.045, 2.042};

    return df < 1 ? NAN : df < 30 ? t[df - 1] : 1.960 + (2.042 - 1.960) * 30 / df;
}

struct stat {
    double mean, sd, ci; /* ci: 95 % half-width of the mean (NaN for one seed) */
};

/* Mean, SD and interval of v[0..n). */
static struct stat stat_of(const double *v, int n)
{
    struct stat s = {0, 0, NAN};
    double ss = 0;

    for (int j = 0; j < n; j++)
        s.mean += v[j] / n;
    for (int j = 0; j < n; j++)
        ss += (v[j] - s.mean) * (v[j] - s.mean);
    if (n > 1) {
        s.sd = sqrt(ss / (n - 1));
        s.ci = t975(n - 1) * s.sd / sqrt(n);
    }
    return s;
}

struct tab {
    const struct budget *b;
    int n;                                         /* seeds */
    double *acc;                                   /* points x seeds, in points (%) */
    struct stat level[2 + 2 * BUDGET_MAX_FACTORS]; /* each point's accuracy */
    struct stat cost[BUDGET_MAX_FACTORS];          /* ideal - (+f) */
    struct stat gain[BUDGET_MAX_FACTORS];          /* (-f) - all */
    struct stat gap, sum, inter;                   /* ideal - all; sum of gains; gap - sum */
};

static void on_leaf(void *user, const char *key, double v)
{
    if (!strcmp(key, "test_accuracy"))
        *(double *)user = v;
}

/* The runs' accuracies. */
static int read_runs(const char *dir, struct tab *t)
{
    long np = 2 + 2L * t->b->nf;

    for (long k = 0; k < np; k++)
        for (int j = 0; j < t->n; j++) {
            char name[32], path[XT_PATH_MAX + 64], *text;
            double v = NAN;
            int ret;
            sweep_run_name(name, sizeof name, k, j);
            snprintf(path, sizeof path, "%s/runs/%s/summary.json", dir, name);
            if ((ret = xt_read_text(path, "the run has not finished", &text)) != 0)
                return ret;
            ret = json_flatten(text, path, on_leaf, &v);
            free(text);
            if (ret)
                return ret;
            if (isnan(v))
                return xt_fail(XT_EFORMAT, "%s: no test_accuracy", path);
            t->acc[k * t->n + j] = 100.0 * v;
        }
    return 0;
}

/* Every quantity, paired by seed. */
static void compute(struct tab *t)
{
    const struct budget *b = t->b;
    int n = t->n;
    double gap[n], sum[n], d[n], inter[n];
    const double *all = t->acc + BUDGET_ALL * n, *ideal = t->acc + BUDGET_IDEAL * n;

    for (long k = 0; k < 2 + 2L * b->nf; k++)
        t->level[k] = stat_of(t->acc + k * n, n);
    for (int j = 0; j < n; j++) {
        gap[j] = ideal[j] - all[j];
        sum[j] = 0;
    }
    for (int i = 0; i < b->nf; i++) {
        const double *rem = t->acc + budget_removed(i) * n, *alone = t->acc + budget_alone(i) * n;
        for (int j = 0; j < n; j++)
            d[j] = ideal[j] - alone[j];
        t->cost[i] = stat_of(d, n);
        for (int j = 0; j < n; j++) {
            d[j] = rem[j] - all[j];
            sum[j] += d[j];
        }
        t->gain[i] = stat_of(d, n);
    }
    for (int j = 0; j < n; j++)
        inter[j] = gap[j] - sum[j];
    t->gap = stat_of(gap, n);
    t->sum = stat_of(sum, n);
    t->inter = stat_of(inter, n);
}

static void csv_row(FILE *f, const char *kind, const char *name, struct stat s, int n)
{
    fprintf(f, "%s,%s,%.6f,%.6f,", kind, name, s.mean, s.sd);
    if (!isnan(s.ci))
        fprintf(f, "%.6f", s.ci);
    fprintf(f, ",%d\n", n);
}

static int emit_csv(FILE *f, const void *arg)
{
    const struct tab *t = arg;
    const struct budget *b = t->b;
    char label[SWEEP_LABEL_LEN];

    fprintf(f, "kind,name,mean,sd,ci95,n\n");
    for (long k = 0; k < 2 + 2L * b->nf; k++) {
        budget_label(b, k, label, sizeof label);
        csv_row(f, "accuracy", label, t->level[k], t->n);
    }
    for (int i = 0; i < b->nf; i++)
        csv_row(f, "cost_alone", budget_factor_name(b->factor[i]), t->cost[i], t->n);
    for (int i = 0; i < b->nf; i++)
        csv_row(f, "gain_removed", budget_factor_name(b->factor[i]), t->gain[i], t->n);
    csv_row(f, "gap", "ideal-all", t->gap, t->n);
    csv_row(f, "sum_gain_removed", "sum", t->sum, t->n);
    csv_row(f, "interaction", "gap-sum", t->inter, t->n);
    return ferror(f) ? xt_fail(XT_EIO, "cannot write budget.csv") : 0;
}

/* "d ± h" with " n.s." when the interval holds zero; "d (one seed)" without one. */
static void diff_cell(FILE *f, struct stat s)
{
    if (isnan(s.ci))
        fprintf(f, "%+.2f (one seed)", s.mean);
    else
        fprintf(f, "%+.2f ± %.2f%s", s.mean, s.ci,
                s.mean - s.ci <= 0 && s.mean + s.ci >= 0 ? " n.s." : "");
}

static int emit_md(FILE *f, const void *arg)
{
    const struct tab *t = arg;
    const struct budget *b = t->b;

    fprintf(f,
            "Test accuracy (%%), %d seed(s): mean ± SD. Differences in points, paired by seed, "
            "mean ± 95 %% half-width (n.s.: the interval holds zero).\n\n",
            t->n);
    fprintf(f, "| point | test accuracy (%%) |\n|---|---:|\n");
    fprintf(f, "| all (the configuration) | %.2f ± %.2f |\n", t->level[0].mean, t->level[0].sd);
    fprintf(f, "| ideal (every factor removed) | %.2f ± %.2f |\n\n", t->level[1].mean,
            t->level[1].sd);
    fprintf(f, "| factor | cost alone: ideal − (ideal + it) | gain when removed: (all − it) − "
               "all |\n|---|---:|---:|\n");
    for (int i = 0; i < b->nf; i++) {
        fprintf(f, "| %s | ", budget_factor_name(b->factor[i]));
        diff_cell(f, t->cost[i]);
        fprintf(f, " | ");
        diff_cell(f, t->gain[i]);
        fprintf(f, " |\n");
    }
    fprintf(f, "| sum of the gains | | ");
    diff_cell(f, t->sum);
    fprintf(f, " |\n| total gap: ideal − all | | ");
    diff_cell(f, t->gap);
    fprintf(f, " |\n| interaction: gap − sum | | ");
    diff_cell(f, t->inter);
    fprintf(f, " |\n");
    return ferror(f) ? xt_fail(XT_EIO, "cannot write budget.md") : 0;
}

/*
 * The waterfall's bars: the ideal level, a step down per factor by its gain
 * when removed, the interaction, the level of all. Columns: x, label, bar
 * bottom, bar top, the interval's centre and half-width (at the step's end;
 * none on the two levels, whose spread budget.md gives), colour (1 level,
 * 2 loss, 3 gain).
 */
static int emit_dat(FILE *f, const void *arg)
{
    const struct tab *t = arg;
    const struct budget *b = t->b;
    double level = t->level[1].mean, lo = level;
    int x = 0;

    for (int i = 0; i < b->nf; i++)
        lo = fmin(lo, level -= t->gain[i].mean);
    lo = fmin(lo, level - t->inter.mean);
    lo = floor(fmin(lo, t->level[0].mean) - 2.0);
    level = t->level[1].mean;
    fprintf(f, "# x label bottom top centre halfwidth colour (test accuracy, %%)\n");
    fprintf(f, "%d \"ideal\" %.6f %.6f %.6f 0 1\n", x++, lo, level, level);
    for (int i = 0; i <= b->nf; i++) {
        struct stat s = i < b->nf ? t->gain[i] : t->inter;
        double end = level - s.mean;
        fprintf(f, "%d \"%s\" %.6f %.6f %.6f %.6f %d\n", x++,
                i < b->nf ? budget_factor_name(b->factor[i]) : "interaction", fmin(level, end),
                fmax(level, end), end, isnan(s.ci) ? 0 : s.ci, s.mean >= 0 ? 2 : 3);
        level = end;
    }
    fprintf(f, "%d \"all\" %.6f %.6f %.6f 0 1\n", x, lo, t->level[0].mean, t->level[0].mean);
    return ferror(f) ? xt_fail(XT_EIO, "cannot write budget.dat") : 0;
}

static int emit_gp(FILE *f, const void *arg)
{
    const struct tab *t = arg;

    fprintf(f,
            "# gnuplot script of xtile budget: the waterfall of budget.dat; run in this folder\n"
            "set terminal svg size 900,540 font \"sans,12\" noenhanced\n"
            "set output \"budget.svg\"\n"
            "set title \"Error budget: the points each non-ideality costs (its gain when removed "
            "alone)\\nred: lost, green: gained; error bars: 95 %% interval, paired by seed\"\n"
            "set ylabel \"test accuracy (%%)\"\n"
            "set grid y\nset key off\nset xtics rotate by -30\n"
            "set style fill solid 0.7 border -1\n"
            "set linetype 1 lc rgb \"#7f7f7f\"\nset linetype 2 lc rgb \"#d62728\"\n"
            "set linetype 3 lc rgb \"#2ca02c\"\n"
            "set xrange [-0.6:%.1f]\n"
            "plot \"budget.dat\" using 1:(($3+$4)/2):($1-0.35):($1+0.35):3:4:7:xtic(2) "
            "with boxxyerror lc variable, \\\n"
            "     \"\" using 1:5:6 with yerrorbars lc rgb \"black\" pt -1\n"
            "set output\n"
            "set terminal pngcairo size 900,540 font \"sans,12\" noenhanced\n"
            "set output \"budget.png\"\nreplot\nset output\n",
            t->b->nf + 2 + 0.6);
    return ferror(f) ? xt_fail(XT_EIO, "cannot write budget.gp") : 0;
}

int budget_write(const char *dir, const struct budget *b)
{
    struct tab t = {.b = b, .n = b->seeds};
    char path[XT_PATH_MAX + 64];
    int ret;

    if (!(t.acc = calloc((size_t)(2 + 2 * b->nf) * (size_t)t.n, sizeof *t.acc)))
        return xt_fail(XT_ENOMEM, "cannot allocate the budget's table");
    if ((ret = read_runs(dir, &t)) == 0) {
        compute(&t);
        static const struct {
            const char *name;
            xt_emit_fn emit;
        } out[] = {{"budget.dat", emit_dat},
                   {"budget.gp", emit_gp},
                   {"budget.md", emit_md},
                   {"budget.csv", emit_csv}}; /* last: a budget.csv means the whole budget */
        for (size_t i = 0; !ret && i < sizeof out / sizeof out[0]; i++) {
            snprintf(path, sizeof path, "%s/%s", dir, out[i].name);
            ret = xt_write_atomic(path, out[i].emit, &t);
        }
    }
    free(t.acc);
    return ret;
}
