/* bench_train.c - training throughput: float trainer and device (4dev) trainer, same run */
#include "xtile/config.h"
#include "xtile/dataset.h"
#include "xtile/err.h"
#include "xtile/learner.h"
#include "xtile/pool.h"
#include "xtile/train.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The float trainer and the first 5,000 4dev examples (the most pulses: the
 * network has not learned yet) are cheap, so 5 runs each; a whole first
 * epoch (what training costs: pulses thin out as the network learns) takes
 * longer, so 3. Run r uses seed + r; every median is over runs of this
 * invocation.
 */
enum { REPEATS = 5, EPOCH_REPEATS = 3, FLOAT_EXAMPLES = 10000, DEV_EXAMPLES = 5000 };

struct sample {
    double rate;
    struct xt_prof prof;
    double train_s;
    long examples;
};

static int cmp_sample(const void *a, const void *b)
{
    double x = ((const struct sample *)a)->rate, y = ((const struct sample *)b)->rate;

    return (x > y) - (x < y);
}

static void cpu_model(char *buf, size_t n)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];

    snprintf(buf, n, "unknown cpu");
    while (f && fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (!strncmp(line, "model name", 10) && colon) {
            snprintf(buf, n, "%s", colon + 2);
            buf[strcspn(buf, "\n")] = 0;
            break;
        }
    }
    if (f)
        fclose(f);
}

/*
 * `repeats` runs of the first `examples` training examples (0: the whole
 * training set) of encoding enc, labelled `what`; samples sorted by rate.
 */
static int measure(const struct xt_config *base, int enc, int examples, int repeats, int threads,
                   const char *what, struct sample *out)
{
    struct xt_config c = *base;
    struct dataset train, test;
    struct train_hooks hooks = {0};
    char dir[XT_PATH_MAX];
    int ret;

    c.weights.encoding = enc;
    c.train.epochs = 1;
    c.engine.threads = threads;
    xt_config_data_dir(&c, dir, sizeof dir);
    if ((ret = dataset_load(dir, "train", examples, &train)) != 0)
        return ret;
    if ((ret = dataset_load(dir, "t10k", 1, &test)) != 0)
        goto out_train;
    if ((ret = train_check(&c, &train, &test)) != 0)
        goto out_test;
    for (int r = 0; r < repeats; r++) {
        struct train_pos pos = {0};
        struct train_result *res = &pos.res;
        struct xt_learner lr;

        c.run.seed = base->run.seed + (uint64_t)r;
        if ((ret = learner_init(&lr, &c)) != 0)
            goto out_test;
        lr.an.prof.on = lr.analog;
        ret = train_run(&c, &lr.model, &train, &test, &hooks, &pos);
        out[r] = (struct sample){res->examples_per_s, lr.an.prof, res->train_s, res->examples};
        learner_free(&lr);
        if (ret)
            goto out_test;
        printf("  %-12s run %d: %8.0f examples/s\n", what, r + 1, out[r].rate);
        fflush(stdout);
    }
    qsort(out, (size_t)repeats, sizeof out[0], cmp_sample);
out_test:
    dataset_free(&test);
out_train:
    dataset_free(&train);
    return ret;
}

static void rate(const char *what, const struct sample *s, int repeats)
{
    printf("%-44s median %6.0f examples/s (min %.0f, max %.0f)\n", what, s[repeats / 2].rate,
           s[0].rate, s[repeats - 1].rate);
}

static void share(const char *what, double s, const struct sample *d)
{
    printf("    %-22s %6.1f %%  (%.1f us/example)\n", what, 100.0 * s / d->train_s,
           1e6 * s / (double)d->examples);
}

/* Where the time of the median run d goes: the parts of DESIGN.md's profile. */
static void parts(const char *what, const struct sample *d)
{
    const struct xt_prof *p = &d->prof;
    double other = d->train_s - p->fwd - p->bwd - p->pulse_gen - p->dev_update - p->xfer;

    printf("4dev time by part (median run, %s):\n", what);
    share("forward reads", p->fwd, d);
    share("backward reads", p->bwd, d);
    share("pulse generation", p->pulse_gen, d);
    share("device updates", p->dev_update, d);
    share("transfers", p->xfer, d);
    share("neurons and other", other, d);
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "configs/default.ini";
    struct sample fl[REPEATS], dv[REPEATS], ep[EPOCH_REPEATS], dvn[REPEATS], epn[EPOCH_REPEATS];
    struct xt_config c;
    char cpu[256], what[2][64];
    int ret, cores = xt_cores();

    xt_config_defaults(&c);
    if ((ret = xt_config_load(&c, path)) != 0)
        goto fail;
    cpu_model(cpu, sizeof cpu);
    printf("bench_train: %s, one thread and %d (the cores), machine: %s\n", path, cores, cpu);
    printf("float: %d runs of %d MNIST examples; 4dev: %d runs of the first %d, %d runs of a "
           "whole first epoch (initial programming not timed)\n",
           REPEATS, FLOAT_EXAMPLES, REPEATS, DEV_EXAMPLES, EPOCH_REPEATS);
    snprintf(what[0], sizeof what[0], "epoch %dthr", cores);
    snprintf(what[1], sizeof what[1], "first %dthr", cores);
    if ((ret = measure(&c, ARR_ENC_FLOAT, FLOAT_EXAMPLES, REPEATS, 1, "float", fl)) != 0 ||
        (ret = measure(&c, ARR_ENC_4DEV, 0, EPOCH_REPEATS, 1, "4dev epoch", ep)) != 0 ||
        (ret = measure(&c, ARR_ENC_4DEV, DEV_EXAMPLES, REPEATS, 1, "4dev first", dv)) != 0 ||
        (cores > 1 &&
         ((ret = measure(&c, ARR_ENC_4DEV, 0, EPOCH_REPEATS, cores, what[0], epn)) != 0 ||
          (ret = measure(&c, ARR_ENC_4DEV, DEV_EXAMPLES, REPEATS, cores, what[1], dvn)) != 0)))
        goto fail;

    const struct sample *f = &fl[REPEATS / 2], *e = &ep[EPOCH_REPEATS / 2], *d = &dv[REPEATS / 2];
    char first[64];
    snprintf(first, sizeof first, "4dev trainer, first %d examples:", DEV_EXAMPLES);
    rate("float trainer:", fl, REPEATS);
    rate("4dev trainer, whole first epoch:", ep, EPOCH_REPEATS);
    rate(first, dv, REPEATS);
    printf("ratio float / 4dev: %.1f (whole first epoch), %.1f (first %d examples)\n",
           f->rate / e->rate, f->rate / d->rate, DEV_EXAMPLES);
    if (cores > 1) {
        char line[2][96];
        snprintf(line[0], sizeof line[0], "4dev trainer, whole first epoch, %d threads:", cores);
        snprintf(line[1], sizeof line[1], "4dev trainer, first %d, %d threads:", DEV_EXAMPLES,
                 cores);
        rate(line[0], epn, EPOCH_REPEATS);
        rate(line[1], dvn, REPEATS);
        printf("ratio %d threads / 1: %.2f (whole first epoch), %.2f (first %d examples)\n", cores,
               epn[EPOCH_REPEATS / 2].rate / e->rate, dvn[REPEATS / 2].rate / d->rate,
               DEV_EXAMPLES);
    }
    parts("whole first epoch", e);
    snprintf(first, sizeof first, "first %d examples", DEV_EXAMPLES);
    parts(first, d);
    if (cores > 1) {
        char line[96];
        snprintf(line, sizeof line, "whole first epoch, %d threads", cores);
        parts(line, &epn[EPOCH_REPEATS / 2]);
    }

    /* the clocked engine (L1) on the same network: examples/s and simulated clocks/s */
    struct xt_config y = c;
    struct dataset train, test;
    struct train_hooks hooks = {0};
    struct train_pos pos = {0};
    struct train_result *res = &pos.res;
    struct xt_learner lr;
    char dir[XT_PATH_MAX];

    y.weights.encoding = ARR_ENC_4DEV;
    y.train.epochs = 1;
    y.engine.kind = XT_ENGINE_CYCLE; /* 1000 examples: one transfer at the preset's clt.every */
    xt_config_data_dir(&y, dir, sizeof dir);
    if ((ret = dataset_load(dir, "train", 1000, &train)) != 0 ||
        (ret = dataset_load(dir, "t10k", 1, &test)) != 0 || (ret = learner_init(&lr, &y)) != 0)
        goto fail;
    ret = train_run(&y, &lr.model, &train, &test, &hooks, &pos);
    uint64_t cyc[XT_PHASES], clocks = 0;
    anet_cycles(&lr.an, ARR_BOOK_TRAIN, cyc);
    for (int ph = 0; ph < XT_PHASES; ph++)
        clocks += cyc[ph];
    learner_free(&lr);
    dataset_free(&train);
    dataset_free(&test);
    if (ret)
        goto fail;
    printf("cycle engine (L1), 1000 examples, %d transfer(s) (one run): %.0f examples/s, "
           "%.3g simulated clocks/s (quiet stretches taken in one step count their clocks)\n",
           1000 / y.clt.every, res->examples_per_s, (double)clocks / res->train_s);
    return 0;
fail:
    fprintf(stderr, "bench_train: %s\n", xt_errmsg());
    return 1;
}
