/* aggregate.c - a finished sweep's runs into runs.csv, sweep.csv (mean, SD) and a gnuplot script */
#include "xtile/sweep.h"

#include "xtile/err.h"
#include "xtile/file.h"
#include "xtile/json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_METRICS 160

struct table {
    int nm;
    char name[MAX_METRICS][96];
    double *v; /* runs x MAX_METRICS, NaN where a run lacks the metric */
    long run;  /* the run being read */
};

/* Timings differ between runs of one configuration; the seed is a column already. */
static bool skipped(const char *key)
{
    return !strcmp(key, "train_seconds") || !strcmp(key, "eval_seconds") ||
           !strcmp(key, "examples_per_s") || !strcmp(key, "seed");
}

static void on_leaf(void *user, const char *key, double v)
{
    struct table *t = user;
    int m;

    if (skipped(key))
        return;
    for (m = 0; m < t->nm && strcmp(t->name[m], key); m++)
        ;
    if (m == t->nm) {
        if (t->nm == MAX_METRICS)
            return;
        snprintf(t->name[t->nm++], sizeof t->name[0], "%s", key);
    }
    t->v[t->run * MAX_METRICS + m] = v;
}

struct agg {
    const char *dir;
    const struct sweep_spec *s;
    struct table *t;
    double *ym, *ys; /* the plotted metric y per point: mean, SD (NaN: not reported) */
};

static void cell(FILE *f, double v)
{
    if (isnan(v))
        fputc(',', f);
    else
        fprintf(f, ",%.9g", v);
}

static void param_cells(FILE *f, const struct sweep_spec *s, long k)
{
    int idx[SWEEP_MAX_PARAMS];

    sweep_point(s, k, idx);
    for (int i = 0; i < s->np; i++)
        fprintf(f, ",%s", s->p[i].val[idx[i]]);
}

static void header(FILE *f, const struct sweep_spec *s, const char *first)
{
    fputs(first, f);
    for (int i = 0; i < s->np; i++)
        fprintf(f, ",%s", s->p[i].key);
}

static int emit_runs(FILE *f, const void *arg)
{
    const struct agg *a = arg;
    const struct sweep_spec *s = a->s;
    const struct table *t = a->t;

    header(f, s, "point,seed");
    for (int m = 0; m < t->nm; m++)
        fprintf(f, ",%s", t->name[m]);
    fputc('\n', f);
    for (long k = 0; k < sweep_points(s); k++)
        for (int j = 0; j < s->seeds; j++) {
            fprintf(f, "%ld,%d", k, j);
            param_cells(f, s, k);
            for (int m = 0; m < t->nm; m++)
                cell(f, t->v[(k * s->seeds + j) * MAX_METRICS + m]);
            fputc('\n', f);
        }
    return ferror(f) ? xt_fail(XT_EIO, "cannot write runs.csv") : 0;
}

/* Mean and sample standard deviation of metric m over the seeds of point k. */
static void stats(const struct table *t, const struct sweep_spec *s, long k, int m, double *mean,
                  double *sd)
{
    double sum = 0, sq = 0;
    int n = 0;

    for (int j = 0; j < s->seeds; j++) {
        double v = t->v[(k * s->seeds + j) * MAX_METRICS + m];
        if (!isnan(v)) {
            sum += v;
            n++;
        }
    }
    *mean = n ? sum / n : NAN;
    for (int j = 0; j < s->seeds && n > 1; j++) {
        double v = t->v[(k * s->seeds + j) * MAX_METRICS + m];
        if (!isnan(v))
            sq += (v - *mean) * (v - *mean);
    }
    *sd = n > 1 ? sqrt(sq / (n - 1)) : n ? 0.0 : NAN;
}

static int emit_sweep(FILE *f, const void *arg)
{
    const struct agg *a = arg;
    const struct sweep_spec *s = a->s;
    const struct table *t = a->t;

    header(f, s, "point");
    fputs(",seeds", f);
    for (int m = 0; m < t->nm; m++)
        fprintf(f, ",%s_mean,%s_std", t->name[m], t->name[m]);
    fputc('\n', f);
    for (long k = 0; k < sweep_points(s); k++) {
        fprintf(f, "%ld", k);
        param_cells(f, s, k);
        fprintf(f, ",%d", s->seeds);
        for (int m = 0; m < t->nm; m++) {
            double mean, sd;
            stats(t, s, k, m, &mean, &sd);
            cell(f, mean);
            cell(f, sd);
        }
        fputc('\n', f);
    }
    return ferror(f) ? xt_fail(XT_EIO, "cannot write sweep.csv") : 0;
}

static bool is_number(const char *v)
{
    char *end;

    strtod(v, &end);
    return end != v && !*end;
}

/* The series of each point: the first earlier point with the same non-x values (zip: one). */
static void series_of(const struct sweep_spec *s, int xi, long *ser)
{
    int idx[SWEEP_MAX_PARAMS], jdx[SWEEP_MAX_PARAMS];

    for (long k = 0; k < sweep_points(s); k++) {
        sweep_point(s, k, idx);
        ser[k] = s->zip ? 0 : k;
        for (long q = 0; q < k && !s->zip; q++) {
            bool same = true;
            sweep_point(s, q, jdx);
            for (int i = 0; i < s->np; i++)
                same &= i == xi || idx[i] == jdx[i];
            if (same) {
                ser[k] = ser[q];
                break;
            }
        }
    }
}

/*
 * A gnuplot string in double quotes: backslash and quote escaped; in a tic label (tic) '%' doubled
 * too, since gnuplot reads a tic label as a format ("+10% dead" would print the tic's position).
 */
static void put_quoted(FILE *f, const char *text, bool tic)
{
    fputc('"', f);
    for (const char *c = text; *c; c++) {
        if (*c == '"' || *c == '\\')
            fputc('\\', f);
        else if (*c == '%' && tic)
            fputc('%', f);
        fputc(*c, f);
    }
    fputc('"', f);
}

/* The y label ("test_accuracy": "test accuracy (%)"), gnuplot's enhanced text off. */
static void emit_ylabel(FILE *f, const struct sweep_spec *s, bool pct)
{
    fprintf(f, "set termoption noenhanced\nset ylabel \"");
    for (const char *c = s->y; *c; c++)
        fputc(*c == '_' ? ' ' : *c, f);
    fprintf(f, "%s\"\n", pct ? " (%)" : "");
}

/* The plot command's pictures: it draws sweep.svg (emit_svg before it), then sweep.png by replot
 * (emit_png after it). */
static void emit_svg(FILE *f)
{
    fprintf(
        f, "set terminal svg size 900,540 font \"sans,12\" noenhanced\nset output \"sweep.svg\"\n");
}

static void emit_png(FILE *f)
{
    fprintf(f, "\nset output\nset terminal pngcairo size 900,540 font \"sans,12\" noenhanced\n"
               "set output \"sweep.png\"\nreplot\nset output\n");
}

/* One data block per series: x (or a category's index), mean, standard deviation of metric m. */
static void emit_data(FILE *f, const struct agg *a, const long *ser, int xi, bool numeric, bool pct)
{
    const struct sweep_spec *s = a->s;
    int jdx[SWEEP_MAX_PARAMS];
    long nser = 0;

    for (long k = 0; k < sweep_points(s); k++) {
        if (ser[k] != k)
            continue;
        fprintf(f, "$S%ld << EOD\n", nser++);
        for (long q = k; q < sweep_points(s); q++) {
            double mean = a->ym[q], sd = a->ys[q];
            if (ser[q] != k)
                continue;
            sweep_point(s, q, jdx);
            if (numeric)
                fprintf(f, "%s", s->p[xi].val[jdx[xi]]);
            else /* categories: the value's index, labelled by xtics */
                fprintf(f, "%d", jdx[xi]);
            fprintf(f, " %.9g %.9g\n", mean * (pct ? 100 : 1), sd * (pct ? 100 : 1));
        }
        fprintf(f, "EOD\n");
    }
}

/* Labels with units, the title, a log x axis over a wide positive range, category tics. */
static void emit_axes(FILE *f, const struct sweep_spec *s, int xi, bool numeric, bool pct)
{
    char xkey[80];
    const struct xt_cfg_key *xk;
    double lo = INFINITY, hi = -INFINITY;

    snprintf(xkey, sizeof xkey, "%s%s", strncmp(s->x, "class.", 6) ? "" : "lsp.",
             strncmp(s->x, "class.", 6) ? s->x : s->x + 6);
    xk = xt_config_key(xkey);
    for (int v = 0; v < s->p[xi].n; v++) {
        double x = strtod(s->p[xi].val[v], NULL);
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
    }
    fprintf(f, "set xlabel \"%s%s%s%s\"\n", s->x, xk && xk->unit[0] ? " (" : "", xk ? xk->unit : "",
            xk && xk->unit[0] ? ")" : "");
    emit_ylabel(f, s, pct);
    fprintf(f,
            "set grid\nset key outside right\nset title \"xtile sweep: mean and standard "
            "deviation over %d seed(s)\"\n",
            s->seeds);
    if (numeric && lo > 0 && hi / lo >= 20)
        fprintf(f, "set logscale x\n");
    if (!numeric) {
        fprintf(f, "set xtics (");
        for (int v = 0; v < s->p[xi].n; v++) {
            fprintf(f, "%s", v ? ", " : "");
            put_quoted(f, s->p[xi].val[v], true);
            fprintf(f, " %d", v);
        }
        fprintf(f, ")\nset xrange [-0.5:%d.5]\n", s->p[xi].n - 1);
    }
    fprintf(f, "set offsets graph 0.02, graph 0.02, graph 0.05, graph 0.05\n");
}

/* The plot command: one curve with error bars per series, titled by its non-x values. */
static void emit_curves(FILE *f, const struct sweep_spec *s, const long *ser, int xi)
{
    int idx[SWEEP_MAX_PARAMS];

    fprintf(f, "plot ");
    for (long k = 0, c = 0; k < sweep_points(s); k++) {
        char title[512] = "";
        size_t len = 0;
        if (ser[k] != k)
            continue;
        sweep_point(s, k, idx);
        for (int i = 0; i < s->np && !s->zip; i++)
            if (i != xi)
                len += (size_t)snprintf(title + len, sizeof title - len, "%s%s=%s", len ? ", " : "",
                                        s->p[i].key, s->p[i].val[idx[i]]);
        if (!len)
            snprintf(title, sizeof title, "%s", s->y);
        fprintf(f, "%s$S%ld using 1:2:3 with yerrorlines lw 2 title ", c ? ", \\\n     " : "", c);
        put_quoted(f, title, false);
        c++;
    }
}

/*
 * labels (zip): the points' names along x, in order of first appearance, and one curve per value
 * of x, its points side by side around each name.
 */
static void emit_labelled(FILE *f, const struct agg *a, int xi, bool pct)
{
    const struct sweep_spec *s = a->s;
    int cat[SWEEP_MAX_VALUES], ncat = 0, first[SWEEP_MAX_VALUES], jdx[SWEEP_MAX_PARAMS];
    int ser[SWEEP_MAX_VALUES], of[SWEEP_MAX_VALUES], nser = 0;
    const struct sweep_param *xp = &s->p[xi];

    for (int k = 0; k < s->nlabels; k++) {
        int c = 0;
        while (c < ncat && strcmp(s->label[first[c]], s->label[k]))
            c++;
        if (c == ncat)
            first[ncat++] = k;
        cat[k] = c;
    }
    /* the curves: the distinct values of x (a zip list repeats them) */
    for (int k = 0; k < s->nlabels; k++) {
        sweep_point(s, k, jdx);
        int v = 0;
        while (v < nser && strcmp(xp->val[ser[v]], xp->val[jdx[xi]]))
            v++;
        if (v == nser)
            ser[nser++] = jdx[xi];
        of[k] = v;
    }
    for (int v = 0; v < nser; v++) {
        fprintf(f, "$S%d << EOD\n", v);
        for (int k = 0; k < s->nlabels; k++)
            if (of[k] == v)
                fprintf(f, "%.3f %.9g %.9g\n", cat[k] + 0.1 * (v - (nser - 1) / 2.0),
                        a->ym[k] * (pct ? 100 : 1), a->ys[k] * (pct ? 100 : 1));
        fprintf(f, "EOD\n");
    }
    emit_ylabel(f, s, pct);
    fprintf(f, "set grid\nset key outside right\nset xtics rotate by -30 (");
    for (int c = 0; c < ncat; c++) {
        fprintf(f, "%s", c ? ", " : "");
        put_quoted(f, s->label[first[c]], true);
        fprintf(f, " %d", c);
    }
    fprintf(f, ")\nset xrange [-0.5:%d.5]\n", ncat - 1);
    fprintf(f,
            "set title \"xtile sweep: mean and standard deviation over %d seed(s)\"\n"
            "set offsets graph 0, graph 0, graph 0.05, graph 0.05\n",
            s->seeds);
    emit_svg(f);
    fprintf(f, "plot ");
    for (int v = 0; v < nser; v++) {
        char title[256];
        snprintf(title, sizeof title, "%s=%s", xp->key, xp->val[ser[v]]);
        fprintf(f, "%s$S%d using 1:2:3 with yerrorbars pt 7 ps 1 lw 2 title ",
                v ? ", \\\n     " : "", v);
        put_quoted(f, title, false);
    }
    emit_png(f);
}

/* The gnuplot script: one data block and one curve per series (the non-x values). */
static int emit_plot(FILE *f, const void *arg)
{
    const struct agg *a = arg;
    const struct sweep_spec *s = a->s;
    long *ser = calloc((size_t)sweep_points(s), sizeof *ser);
    int xi = 0;
    bool numeric = true, pct = strstr(s->y, "accuracy") != NULL;

    if (!ser)
        return xt_fail(XT_ENOMEM, "cannot allocate the plot's series");
    while (strcmp(s->p[xi].key, s->x))
        xi++;
    if (s->nlabels) {
        fprintf(f,
                "# gnuplot script of xtile sweep: %s by point, one curve per %s; run in this "
                "folder\n",
                s->y, s->x);
        emit_labelled(f, a, xi, pct);
        free(ser);
        return ferror(f) ? xt_fail(XT_EIO, "cannot write sweep.gp") : 0;
    }
    for (int v = 0; v < s->p[xi].n; v++)
        numeric &= is_number(s->p[xi].val[v]);
    series_of(s, xi, ser);
    fprintf(f, "# gnuplot script of xtile sweep: %s against %s; run in this folder\n", s->y, s->x);
    emit_data(f, a, ser, xi, numeric, pct);
    emit_axes(f, s, xi, numeric, pct);
    emit_svg(f);
    emit_curves(f, s, ser, xi);
    emit_png(f);
    free(ser);
    return ferror(f) ? xt_fail(XT_EIO, "cannot write sweep.gp") : 0;
}

/* dir/sweep.gp from the y column of each point (the one plot of a sweep, from runs or a CSV). */
static int write_plot(struct agg *a)
{
    char path[XT_PATH_MAX + 64];

    snprintf(path, sizeof path, "%s/sweep.gp", a->dir);
    return xt_write_atomic(path, emit_plot, a);
}

int sweep_aggregate(const char *dir, const struct sweep_spec *s)
{
    long runs = sweep_points(s) * s->seeds, np = sweep_points(s);
    struct table *t = calloc(1, sizeof *t);
    struct agg a = {dir, s, t, calloc((size_t)np, sizeof(double)),
                    calloc((size_t)np, sizeof(double))};
    char path[XT_PATH_MAX + 64], name[32];
    int ret = 0, m;

    if (!t || !a.ym || !a.ys || !(t->v = malloc((size_t)runs * MAX_METRICS * sizeof *t->v))) {
        free(t);
        free(a.ym);
        free(a.ys);
        return xt_fail(XT_ENOMEM, "cannot allocate the sweep's table");
    }
    for (long i = 0; i < runs * MAX_METRICS; i++)
        t->v[i] = NAN;
    for (long k = 0; k < sweep_points(s) && !ret; k++)
        for (int j = 0; j < s->seeds && !ret; j++) {
            char *text;
            sweep_run_name(name, sizeof name, k, j);
            snprintf(path, sizeof path, "%s/runs/%s/summary.json", dir, name);
            t->run = k * s->seeds + j;
            if ((ret = xt_read_text(path, "the run has not finished", &text)) == 0)
                ret = json_flatten(text, path, on_leaf, t);
            free(text);
        }
    if (!ret) {
        snprintf(path, sizeof path, "%s/runs.csv", dir);
        ret = xt_write_atomic(path, emit_runs, &a);
    }
    for (m = 0; m < t->nm && strcmp(t->name[m], s->y); m++)
        ;
    for (long k = 0; k < np; k++) {
        a.ym[k] = a.ys[k] = NAN;
        if (m < t->nm)
            stats(t, s, k, m, &a.ym[k], &a.ys[k]);
    }
    if (!ret)
        ret = write_plot(&a);
    if (!ret) { /* last: a sweep.csv means every run finished and was read */
        snprintf(path, sizeof path, "%s/sweep.csv", dir);
        ret = xt_write_atomic(path, emit_sweep, &a);
    }
    free(t->v);
    free(t);
    free(a.ym);
    free(a.ys);
    return ret;
}

/* The cells of one CSV line (commas, no quoting: what sweep.csv holds); the count, at most max. */
static int split_csv(char *line, char **cell, int max)
{
    int n = 0;

    for (char *c = line; n < max;) {
        cell[n++] = c;
        c = strchr(c, ',');
        if (!c)
            break;
        *c++ = 0;
    }
    return n;
}

/* A mean or SD cell: a number, or empty where no run had the metric (NaN). */
static bool cell_number(const char *cell, double *v)
{
    char *end;

    if (!*cell) {
        *v = NAN;
        return true;
    }
    *v = strtod(cell, &end);
    return end != cell && !*end;
}

int sweep_redraw(const char *csv, const struct sweep_spec *s, const char *dir)
{
    long np = sweep_points(s), row = 0;
    struct agg a = {dir, s, NULL, calloc((size_t)np, sizeof(double)),
                    calloc((size_t)np, sizeof(double))};
    char *text = NULL, *line, *save = NULL, *cell[4 * MAX_METRICS];
    char ymean[80], ystd[80];
    int ret, ncol = 0, cp = -1, cs = -1, cm = -1, cd = -1, cpar[SWEEP_MAX_PARAMS];
    int idx[SWEEP_MAX_PARAMS];

    if (!a.ym || !a.ys) {
        free(a.ym);
        free(a.ys);
        return xt_fail(XT_ENOMEM, "cannot allocate the plot's points");
    }
    if ((ret = xt_read_text(csv, "no sweep table", &text)) != 0)
        goto out;
    snprintf(ymean, sizeof ymean, "%s_mean", s->y);
    snprintf(ystd, sizeof ystd, "%s_std", s->y);
    for (int i = 0; i < s->np; i++)
        cpar[i] = -1;
    for (line = strtok_r(text, "\n", &save); line && !ret; line = strtok_r(NULL, "\n", &save)) {
        int n = split_csv(line, cell, 4 * MAX_METRICS);
        if (!ncol) { /* the header: find the columns */
            ncol = n;
            for (int c = 0; c < n; c++) {
                cp = !strcmp(cell[c], "point") ? c : cp;
                cs = !strcmp(cell[c], "seeds") ? c : cs;
                cm = !strcmp(cell[c], ymean) ? c : cm;
                cd = !strcmp(cell[c], ystd) ? c : cd;
                for (int i = 0; i < s->np; i++)
                    cpar[i] = !strcmp(cell[c], s->p[i].key) ? c : cpar[i];
            }
            for (int i = 0; i < s->np && !ret; i++)
                if (cpar[i] < 0)
                    ret = xt_fail(XT_EINVAL, "%s: no column '%s' (the config sweeps it)", csv,
                                  s->p[i].key);
            if (!ret && (cp < 0 || cs < 0 || cm < 0 || cd < 0))
                ret = xt_fail(XT_EINVAL, "%s: no column '%s' (point, seeds, %s, %s needed)", csv,
                              cp < 0   ? "point"
                              : cs < 0 ? "seeds"
                              : cm < 0 ? ymean
                                       : ystd,
                              ymean, ystd);
            continue;
        }
        if (n != ncol) {
            ret = xt_fail(XT_EINVAL, "%s: row %ld has %d cells, the header %d", csv, row + 1, n,
                          ncol);
            break;
        }
        if (row == np || strtol(cell[cp], NULL, 10) != row) {
            ret = xt_fail(XT_EINVAL, "%s: row %ld is point %s; the config has %ld points", csv,
                          row + 1, cell[cp], np);
            break;
        }
        sweep_point(s, row, idx);
        for (int i = 0; i < s->np && !ret; i++)
            if (strcmp(cell[cpar[i]], s->p[i].val[idx[i]]))
                ret = xt_fail(XT_EINVAL, "%s: point %ld has %s = %s, the config %s", csv, row,
                              s->p[i].key, cell[cpar[i]], s->p[i].val[idx[i]]);
        if (!ret && strtol(cell[cs], NULL, 10) != s->seeds)
            ret = xt_fail(XT_EINVAL, "%s: point %ld has %s seeds, the config %d", csv, row,
                          cell[cs], s->seeds);
        if (!ret && (!cell_number(cell[cm], &a.ym[row]) || !cell_number(cell[cd], &a.ys[row])))
            ret = xt_fail(XT_EINVAL, "%s: point %ld: '%s' or '%s' is not a number", csv, row,
                          cell[cm], cell[cd]);
        row++;
    }
    if (!ret && row != np)
        ret = xt_fail(XT_EINVAL, "%s: %ld points, the config has %ld", csv, row, np);
    if (!ret) /* the folder only once the table has been read whole: no half-written output */
        ret = xt_mkdirs(dir);
    if (!ret)
        ret = write_plot(&a);
out:
    free(text);
    free(a.ym);
    free(a.ys);
    return ret;
}
