/* budget_cmd.c - xtile budget: a config's error budget, run through the sweep machinery */
#include "app.h"

#include "xtile/budget.h"
#include "xtile/err.h"
#include "xtile/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage_budget(FILE *f)
{
    fprintf(f, "usage: xtile budget CONFIG... [--set section.key=value]... [--seeds N] [-j N]\n"
               "                    [--out DIR] [--checkpoint-every N] [--quiet]\n"
               "                    [--slurm | --collect]\n"
               "\n"
               "The error budget of a device configuration: how many points of test accuracy each\n"
               "non-ideality costs. It trains the configuration as given (all), with every\n"
               "non-ideality removed (ideal: same encoding, network and schedule), and with each\n"
               "one removed alone (-NAME) and put back alone into the ideal one (+NAME), N seeds\n"
               "each, as a sweep (DIR/budget.ini is its study config; DIR/runs/ its runs; rerun\n"
               "to resume). The factors, each taken when the configuration has it:\n"
               "  device-to-device  msp/lsp .gmax_d2d, .dg_d2d -> 0\n"
               "  pulse-to-pulse    msp/lsp .c2c -> 0\n"
               "  yield             msp/lsp .dead_frac, .stuck_frac -> 0\n"
               "  noise             msp/lsp .read_sigma, .reset_sigma -> 0\n"
               "  saturation        msp/lsp .model -> linear (same dynamic range)\n"
               "  quantization      tile.x_bits, tile.d_bits, tile.adc_bits -> 16\n"
               "  transfer-error    clt.strategy -> ideal (exact transfers)\n"
               "At the end, with differences paired by seed (mean ± 95 %% half-width):\n"
               "  DIR/budget.md    the table: each factor's cost alone and gain when removed,\n"
               "                   their sum against the total gap (ideal - all), the interaction\n"
               "  DIR/budget.csv   the same numbers (points of test accuracy)\n"
               "  DIR/budget.gp    the waterfall (budget.dat), budget.svg and budget.png\n"
               "\n"
               "  --seeds N       seeds per point (default 3)\n"
               "  -j N            runs at a time (default: the number of cores)\n"
               "  --out DIR       budget folder (default runs/budget-<CONFIG's name>)\n"
               "  --set k=v       change the configuration (repeatable)\n"
               "  --slurm         the runs as a Slurm job array (xtile sweep --slurm); then\n"
               "  --collect       the tables, once every run has finished\n"
               "\n"
               "Exit status: 0 done, 1 a run failed or cannot be read, 2 bad usage or\n"
               "configuration (a float network, one without non-idealities), 128 + signal when\n"
               "stopped.\n");
}

enum { OPT_SET = 256, OPT_OUT, OPT_SEEDS, OPT_EVERY, OPT_QUIET, OPT_SLURM, OPT_COLLECT };

static const struct option budget_opts[] = {
    {"help", no_argument, NULL, 'h'},
    {"set", required_argument, NULL, OPT_SET},
    {"out", required_argument, NULL, OPT_OUT},
    {"seeds", required_argument, NULL, OPT_SEEDS},
    {"checkpoint-every", required_argument, NULL, OPT_EVERY},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"slurm", no_argument, NULL, OPT_SLURM},
    {"collect", no_argument, NULL, OPT_COLLECT},
    {NULL, 0, NULL, 0},
};

struct budget_args {
    struct app_cfg cfg;
    const char *out, *jobs, *every;
    int seeds;
    bool quiet, slurm, collect;
};

static int parse(int argc, char **argv, struct budget_args *a)
{
    int c, ret = 0, n;

    while (!ret && (c = app_getopt(argc, argv, "hj:", budget_opts)) != -1) {
        switch (c) {
        case 'h': usage_budget(stdout); exit(0);
        case 'j': ret = app_parse_int("-j", a->jobs = optarg, 1, 256, &n); break;
        case OPT_EVERY:
            ret = app_parse_int("--checkpoint-every", a->every = optarg, 1, 1000000000, &n);
            break;
        case OPT_SEEDS: ret = app_parse_int("--seeds", optarg, 1, 1000, &a->seeds); break;
        case OPT_OUT: a->out = optarg; break;
        case OPT_QUIET: a->quiet = true; break;
        case OPT_SLURM: a->slurm = true; break;
        case OPT_COLLECT: a->collect = true; break;
        case OPT_SET: ret = app_cfg_set(&a->cfg, NULL, optarg); break;
        default: return -XT_EINVAL; /* app_getopt has said why */
        }
    }
    if (ret)
        return ret;
    if ((ret = app_cfg_operands(&a->cfg, argc, argv)) != 0)
        return ret;
    if (!a->cfg.nfiles)
        return xt_fail(XT_EINVAL, "xtile budget needs a CONFIG (see --help)");
    if (a->slurm && a->collect)
        return xt_fail(XT_EINVAL, "--slurm and --collect exclude each other");
    return 0;
}

struct study {
    const struct xt_config *c;
    const struct sweep_spec *s;
};

static int emit_study(FILE *f, const void *arg)
{
    const struct study *st = arg;
    int ret = xt_config_write(st->c, f);

    if (!ret)
        budget_write_spec(st->s, f);
    return ret ? ret : ferror(f) ? xt_fail(XT_EIO, "cannot write budget.ini") : 0;
}

/* DIR/budget.ini, the budget's study config: written once; another budget in DIR is refused. */
static int write_study(const char *path, const struct study *st)
{
    char *mine = NULL, *theirs = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&mine, &n);
    int ret;

    if (!f)
        return xt_fail(XT_ENOMEM, "cannot format budget.ini");
    ret = emit_study(f, st);
    fclose(f);
    if (!ret && access(path, F_OK) == 0) {
        if ((ret = xt_read_text(path, NULL, &theirs)) == 0 && strcmp(mine, theirs))
            ret = xt_fail(XT_EINVAL,
                          "%s holds another budget: choose another --out, or remove the folder",
                          path);
    } else if (!ret) {
        ret = xt_write_atomic(path, emit_study, st);
    }
    free(mine);
    free(theirs);
    return ret;
}

/* The sweep of the budget's study config: runs, --slurm or --collect (xtile sweep does it all). */
static int run_sweep(const char *study, const char *out, const struct budget_args *a)
{
    char *argv[16];
    int argc = 0;

    argv[argc++] = "sweep";
    argv[argc++] = (char *)study;
    argv[argc++] = "--out";
    argv[argc++] = (char *)out;
    if (a->jobs) {
        argv[argc++] = "-j";
        argv[argc++] = (char *)a->jobs;
    }
    if (a->every) {
        argv[argc++] = "--checkpoint-every";
        argv[argc++] = (char *)a->every;
    }
    if (a->quiet)
        argv[argc++] = "--quiet";
    if (a->slurm)
        argv[argc++] = "--slurm";
    if (a->collect)
        argv[argc++] = "--collect";
    argv[argc] = NULL;
    optind = 0; /* getopt starts over on the sweep's arguments */
    return cmd_sweep(argc, argv);
}

/* DIR/budget.* from the runs, the waterfall drawn when gnuplot exists, the table printed. */
static int tables(const char *out, const struct budget *b, bool quiet)
{
    char path[XT_PATH_MAX + 32], *md;
    int ret = budget_write(out, b);

    if (!ret && app_have_gnuplot())
        ret = app_gnuplot(out, "budget.gp", "gnuplot-budget.log");
    if (ret || quiet)
        return ret;
    snprintf(path, sizeof path, "%s/budget.md", out);
    if ((ret = xt_read_text(path, NULL, &md)) != 0)
        return ret;
    printf("\n%s\nxtile budget: %s/budget.md, budget.csv, budget.svg, budget.png\n", md, out);
    free(md);
    return 0;
}

int cmd_budget(int argc, char **argv)
{
    static struct budget_args a = {.seeds = 3};
    static struct xt_config c;
    static struct sweep_spec s;
    struct budget b;
    char out[XT_PATH_MAX], study[XT_PATH_MAX + 32];
    int ret;

    if ((ret = parse(argc, argv, &a)) != 0 || (ret = app_cfg_resolve(&a.cfg, &c)) != 0)
        return app_die(ret);
    if ((ret = budget_plan(&c, a.seeds, &b, &s)) != 0) {
        xt_errctx("%s", a.cfg.files[a.cfg.nfiles - 1]);
        return app_die(ret);
    }
    if (a.out) {
        snprintf(out, sizeof out, "%s", a.out);
    } else {
        const char *base = strrchr(a.cfg.files[0], '/');
        base = base ? base + 1 : a.cfg.files[0];
        snprintf(out, sizeof out, "runs/budget-%.*s", (int)strcspn(base, "."), base);
    }
    snprintf(study, sizeof study, "%s/budget.ini", out);
    struct study st = {&c, &s};
    if ((ret = xt_mkdirs(out)) != 0 || (ret = write_study(study, &st)) != 0)
        return app_die(ret);
    if ((ret = run_sweep(study, out, &a)) != 0 || a.slurm)
        return ret; /* the sweep has said why */
    return (ret = tables(out, &b, a.quiet)) != 0 ? app_die(ret) : 0;
}
