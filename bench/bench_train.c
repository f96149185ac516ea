/* bench_train.c - training throughput of the float trainer: median examples/s of repeated runs */
#include "xtile/config.h"
#include "xtile/dataset.h"
#include "xtile/err.h"
#include "xtile/net.h"
#include "xtile/train.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REPEATS = 5, EXAMPLES = 10000 };

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

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

int main(int argc, char **argv)
{
    struct dataset train, test;
    struct train_hooks hooks = {0};
    struct xt_config c;
    double rate[REPEATS];
    char dir[XT_PATH_MAX], cpu[256];
    int ret;

    xt_config_defaults(&c);
    if (argc > 1 && (ret = xt_config_load(&c, argv[1])) != 0)
        goto fail;
    c.train.epochs = 1;
    xt_config_data_dir(&c, dir, sizeof dir);
    if ((ret = dataset_load(dir, "train", EXAMPLES, &train)) != 0)
        goto fail;
    if ((ret = dataset_load(dir, "t10k", 1, &test)) != 0)
        goto fail;
    if ((ret = train_check(&c, &train, &test)) != 0)
        goto fail;

    cpu_model(cpu, sizeof cpu);
    printf("bench_train: float trainer, layers");
    for (int i = 0; i < c.net.layers.n; i++)
        printf("%c%d", i ? '-' : ' ', c.net.layers.size[i]);
    printf(", %d runs of %d MNIST examples, one thread\n", REPEATS, EXAMPLES);
    printf("machine: %s\n", cpu);
    for (int r = 0; r < REPEATS; r++) {
        struct train_result res;
        struct net nt;

        if ((ret = net_init(&nt, &c.net.layers, c.net.hidden)) != 0)
            goto fail;
        net_init_weights(&nt, c.run.seed + (uint64_t)r);
        struct xt_model m = net_model(&nt);
        ret = train_run(&c, &m, &train, &test, &hooks, &res);
        net_free(&nt);
        if (ret)
            goto fail;
        rate[r] = res.examples_per_s;
        printf("  run %d: %8.0f examples/s\n", r + 1, rate[r]);
    }
    qsort(rate, REPEATS, sizeof rate[0], cmp_double);
    printf("float trainer: median %.0f examples/s (min %.0f, max %.0f)\n", rate[REPEATS / 2],
           rate[0], rate[REPEATS - 1]);
    dataset_free(&train);
    dataset_free(&test);
    return 0;
fail:
    fprintf(stderr, "bench_train: %s\n", xt_errmsg());
    return 1;
}
