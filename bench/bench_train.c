/* bench_train.c - training throughput: float trainer and device (4dev) trainer, same run */
#include "xtile/config.h"
#include "xtile/dataset.h"
#include "xtile/err.h"
#include "xtile/learner.h"
#include "xtile/train.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REPEATS = 5, FLOAT_EXAMPLES = 10000, DEV_EXAMPLES = 5000 };

struct sample {
    double rate;
    struct xt_prof prof;
    double train_s;
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

/* REPEATS runs of `examples` training examples of encoding enc; samples sorted by rate. */
static int measure(const struct xt_config *base, int enc, int examples, struct sample *out)
{
    struct xt_config c = *base;
    struct dataset train, test;
    struct train_hooks hooks = {0};
    char dir[XT_PATH_MAX];
    int ret;

    c.weights.encoding = enc;
    c.train.epochs = 1;
    xt_config_data_dir(&c, dir, sizeof dir);
    if ((ret = dataset_load(dir, "train", examples, &train)) != 0)
        return ret;
    if ((ret = dataset_load(dir, "t10k", 1, &test)) != 0)
        goto out_train;
    if ((ret = train_check(&c, &train, &test)) != 0)
        goto out_test;
    for (int r = 0; r < REPEATS; r++) {
        struct train_pos pos = {0};
        struct train_result *res = &pos.res;
        struct xt_learner lr;

        c.run.seed = base->run.seed + (uint64_t)r;
        if ((ret = learner_init(&lr, &c)) != 0)
            goto out_test;
        lr.an.prof.on = lr.analog;
        ret = train_run(&c, &lr.model, &train, &test, &hooks, &pos);
        out[r] = (struct sample){res->examples_per_s, lr.an.prof, res->train_s};
        learner_free(&lr);
        if (ret)
            goto out_test;
        printf("  %-5s run %d: %8.0f examples/s\n", enc == XT_ENC_FLOAT ? "float" : "4dev", r + 1,
               out[r].rate);
        fflush(stdout);
    }
    qsort(out, REPEATS, sizeof out[0], cmp_sample);
out_test:
    dataset_free(&test);
out_train:
    dataset_free(&train);
    return ret;
}

static void share(const char *what, double s, double total)
{
    printf("    %-22s %6.1f %%  (%.1f us/example)\n", what, 100.0 * s / total,
           1e6 * s / DEV_EXAMPLES);
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "configs/default.ini";
    struct sample fl[REPEATS], dv[REPEATS];
    struct xt_config c;
    char cpu[256];
    int ret;

    xt_config_defaults(&c);
    if ((ret = xt_config_load(&c, path)) != 0)
        goto fail;
    cpu_model(cpu, sizeof cpu);
    printf("bench_train: %s, one thread, machine: %s\n", path, cpu);
    printf("float: %d runs of %d MNIST examples; 4dev: %d runs of %d (initial programming not "
           "timed)\n",
           REPEATS, FLOAT_EXAMPLES, REPEATS, DEV_EXAMPLES);
    if ((ret = measure(&c, XT_ENC_FLOAT, FLOAT_EXAMPLES, fl)) != 0)
        goto fail;
    if ((ret = measure(&c, XT_ENC_4DEV, DEV_EXAMPLES, dv)) != 0)
        goto fail;

    const struct sample *f = &fl[REPEATS / 2], *d = &dv[REPEATS / 2];
    const struct xt_prof *p = &d->prof;
    double other = d->train_s - p->fwd - p->bwd - p->pulse_gen - p->dev_update - p->xfer;
    printf("float trainer: median %.0f examples/s (min %.0f, max %.0f)\n", f->rate, fl[0].rate,
           fl[REPEATS - 1].rate);
    printf("4dev trainer:  median %.0f examples/s (min %.0f, max %.0f)\n", d->rate, dv[0].rate,
           dv[REPEATS - 1].rate);
    printf("ratio float / 4dev: %.1f\n", f->rate / d->rate);
    printf("4dev time by part (median run):\n");
    share("forward reads", p->fwd, d->train_s);
    share("backward reads", p->bwd, d->train_s);
    share("pulse generation", p->pulse_gen, d->train_s);
    share("device updates", p->dev_update, d->train_s);
    share("transfers", p->xfer, d->train_s);
    share("neurons and other", other, d->train_s);

    /* pulses thin out as the network learns: one whole first epoch for comparison */
    struct xt_config e = c;
    struct dataset train, test;
    struct train_hooks hooks = {0};
    struct train_pos pos = {0};
    struct train_result *res = &pos.res;
    struct xt_learner lr;
    char dir[XT_PATH_MAX];

    e.weights.encoding = XT_ENC_4DEV;
    e.train.epochs = 1;
    xt_config_data_dir(&e, dir, sizeof dir);
    if ((ret = dataset_load(dir, "train", 0, &train)) != 0 ||
        (ret = dataset_load(dir, "t10k", 1, &test)) != 0 || (ret = learner_init(&lr, &e)) != 0)
        goto fail;
    ret = train_run(&e, &lr.model, &train, &test, &hooks, &pos);
    learner_free(&lr);
    dataset_free(&train);
    dataset_free(&test);
    if (ret)
        goto fail;
    printf("4dev trainer, one whole first epoch (%d examples, one run): %.0f examples/s\n",
           (int)res->examples, res->examples_per_s);

    /* the clocked engine (L1) on the same network: examples/s and simulated clocks/s */
    e.engine.kind = XT_ENGINE_CYCLE; /* 1000 examples: one transfer at the preset's clt.every */
    if ((ret = dataset_load(dir, "train", 1000, &train)) != 0 ||
        (ret = dataset_load(dir, "t10k", 1, &test)) != 0 || (ret = learner_init(&lr, &e)) != 0)
        goto fail;
    pos = (struct train_pos){0};
    ret = train_run(&e, &lr.model, &train, &test, &hooks, &pos);
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
           "%.3g simulated clocks/s\n",
           1000 / e.clt.every, res->examples_per_s, (double)clocks / res->train_s);
    return 0;
fail:
    fprintf(stderr, "bench_train: %s\n", xt_errmsg());
    return 1;
}
