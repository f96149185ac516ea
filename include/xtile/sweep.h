/* sweep.h - studies: a grid (or zip) of configuration values x seeds, one training run each */
#ifndef XTILE_SWEEP_H
#define XTILE_SWEEP_H

#include "xtile/config.h"

#include <stdbool.h>
#include <stdint.h>

#define SWEEP_MAX_PARAMS 24
#define SWEEP_MAX_VALUES 64
#define SWEEP_VAL_LEN    128
#define SWEEP_SET_LEN    (64 + SWEEP_VAL_LEN + 8)
#define SWEEP_LABEL_LEN  32
#define SWEEP_MAX_SETS   (2 * SWEEP_MAX_PARAMS) /* class = both sets a key of each class */

struct sweep_param {
    char key[64]; /* a configuration key, "section.key" */
    int n;
    char val[SWEEP_MAX_VALUES][SWEEP_VAL_LEN];
};

/*
 * The [sweep] section of a study config (docs/study.md):
 *   <section.key> = V1 V2 ...   the values of one parameter (blanks or commas between
 *                               them; net.layers values by blanks only)
 *   mode = grid | zip           every combination (the last parameter fastest), or the
 *                               k-th value of each parameter together (equal lengths)
 *   seeds = N                   Monte Carlo repeats per point: run.seed + 0 .. N-1
 *   labels = L1 L2 ...          zip: a name per point; the plot puts the names on its x axis
 *                               and draws one curve per value of x
 *   class = msp lsp both        a device class as a parameter: keys written class.KEY
 *                               (both: the key of each class)
 *                               (class.c2c = 0 0.5 1) set KEY of that class alone
 *   x = KEY, series = KEY       the plot: x axis, and which parameter makes the curves
 *                               (default: the first parameter; the others)
 *   y = METRIC                  the plotted metric (default test_accuracy)
 */
struct sweep_spec {
    int np;
    struct sweep_param p[SWEEP_MAX_PARAMS];
    bool zip;
    int seeds;
    char x[64], y[64];
    int nlabels;                                   /* labels = ...: zip only, one per point */
    char label[SWEEP_MAX_VALUES][SWEEP_LABEL_LEN]; /* the point's name on the plot's x axis */
};

/* Takes one line of the [sweep] section; -XT_EINVAL naming the key or value. */
int sweep_spec_line(struct sweep_spec *s, const char *name, const char *value);

/* Checks a whole spec (a parameter, equal zip lengths, x among them); fills defaults. */
int sweep_spec_check(struct sweep_spec *s);

/* Number of points (runs per seed). */
long sweep_points(const struct sweep_spec *s);

/* The value index of each parameter at point k. */
void sweep_point(const struct sweep_spec *s, long k, int idx[SWEEP_MAX_PARAMS]);

/*
 * The settings ("section.key=value") that make point k out of the base
 * configuration, class.KEY resolved to msp.KEY or lsp.KEY (class both: the
 * two); seed: run.seed of the base, replaced by a swept run.seed. Returns how
 * many (at most SWEEP_MAX_SETS).
 */
int sweep_point_sets(const struct sweep_spec *s, long k, uint64_t *seed,
                     char sets[SWEEP_MAX_SETS][SWEEP_SET_LEN]);

/* Writes the spec back as a [sweep] section (what the sweep folder records; labels, which only
 * name points on the plot, left out). */
void sweep_spec_write(const struct sweep_spec *s, FILE *f);

/*
 * Aggregates the finished runs of the sweep in dir (dir/runs/PPP-sS/summary.json)
 * into dir/runs.csv (one row per run) and dir/sweep.csv (one row per point:
 * mean and sample standard deviation over seeds of every deterministic
 * metric; timings left out), and writes dir/sweep.gp, a gnuplot script of y
 * against x, one curve per series, with error bars. 0 or -XT_E*.
 */
int sweep_aggregate(const char *dir, const struct sweep_spec *s);

/*
 * Writes dir/sweep.gp, the plot sweep_aggregate would write, from a sweep.csv
 * (csv: its point, parameter and seeds columns must be those of s; its y mean
 * and std columns are plotted; other columns may be left out), making dir
 * only once the whole table has been read. -XT_EINVAL naming the file and the
 * first row, column or cell that does not match, with nothing written.
 */
int sweep_redraw(const char *csv, const struct sweep_spec *s, const char *dir);

/* Run folder name of point k, seed index j: "PPP-sJ". */
void sweep_run_name(char *buf, size_t n, long k, int j);

#endif
