/* main.c - the xtile command line: train, config */
#include "app.h"

#include "xtile/ckpt.h"
#include "xtile/config.h"
#include "xtile/dataset.h"
#include "xtile/err.h"
#include "xtile/file.h"
#include "xtile/learner.h"
#include "xtile/nvm.h"
#include "xtile/report.h"
#include "xtile/results.h"
#include "xtile/train.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef XTILE_VERSION
#define XTILE_VERSION "dev"
#endif

/* Exit codes: usage and configuration errors 2, data and run-time errors 1. */
enum { EXIT_USAGE = 2, EXIT_RUN = 1 };

static int exit_code(int err)
{
    return err == -XT_EINVAL ? EXIT_USAGE : EXIT_RUN;
}

int app_die(int err)
{
    fprintf(stderr, "xtile: %s\n", xt_errmsg());
    return exit_code(err);
}

static void usage_main(FILE *f)
{
    fprintf(f, "usage: xtile COMMAND [ARGS]\n"
               "\n"
               "Simulator of an analog in-memory training tile (MSP/LSP weights in NVM devices).\n"
               "\n"
               "commands:\n"
               "  train    train the network on a dataset and write a run folder\n"
               "  config   print the resolved configuration, or every key (--list)\n"
               "  sweep    run a study: a grid of configuration values x seeds, aggregated\n"
               "  report   what one training example of a run costs: cycles, energy, area\n"
               "  jt-gen   write the jump table of a device class's analytic model\n"
               "\n"
               "xtile COMMAND --help describes a command; xtile --version prints the version.\n");
}

static void usage_train(FILE *f)
{
    fprintf(f,
            "usage: xtile train [CONFIG]... [--set section.key=value]... [--seed N] [--out DIR]\n"
            "                   [--data DIR] [--engine fast] [--checkpoint-every N]\n"
            "       xtile train --resume DIR [--checkpoint-every N]\n"
            "\n"
            "Trains the network with per-example SGD and writes to the run folder:\n"
            "  config.ini      the fully resolved configuration (re-runs the same experiment)\n"
            "  metrics.csv     one row per epoch: lr, train/test loss and accuracy\n"
            "  clt.csv         one row per weight transfer (device encodings)\n"
            "  checkpoint.bin  the whole state, while the run is unfinished (see --resume)\n"
            "  summary.json    final results, written only when the run finishes\n"
            "\n"
            "  CONFIG...       INI files, applied in order (e.g. a network config, then a tile\n"
            "                  preset from configs/tile/); keys in none keep their defaults\n"
            "  --set k=v       set one key after the file (repeatable; see xtile config --list)\n"
            "  --seed N        same as --set run.seed=N\n"
            "  --data DIR      same as --set data.dir=DIR\n"
            "  --engine E      same as --set engine.kind=E\n"
            "  --out DIR       run folder (default runs/<set>-<encoding>-s<seed>-<time>)\n"
            "  --quiet         no per-epoch lines\n"
            "  --checkpoint-every N\n"
            "                  write checkpoint.bin every N training examples (atomically)\n"
            "  --resume DIR    continue the run in DIR from its checkpoint, with its config.ini\n"
            "                  (no checkpoint: from the start; finished: nothing to do); the\n"
            "                  results equal an uninterrupted run's, bit for bit\n"
            "\n"
            "SIGINT and SIGTERM write a checkpoint after the example in progress and stop.\n"
            "Checkpoints need engine.kind = fast (or the float encoding).\n"
            "\n"
            "Exit status: 0 done, 1 data or run-time error, 2 bad usage or configuration,\n"
            "128 + the signal's number when stopped by SIGINT or SIGTERM.\n");
}

static void usage_config(FILE *f)
{
    fprintf(f, "usage: xtile config [CONFIG] [--set section.key=value]... [--list | --markdown]\n"
               "\n"
               "Without options prints the resolved configuration as INI. --list prints every\n"
               "key with its default, unit, allowed values and meaning; --markdown the same as\n"
               "the Markdown table of docs/config.md.\n");
}

static void usage_jt_gen(FILE *f)
{
    fprintf(f, "usage: xtile jt-gen [CONFIG] [--set section.key=value]... [--class msp|lsp]\n"
               "                    [--bins N] [--quantiles N] [--out FILE]\n"
               "\n"
               "Writes the jump table (docs/devices.md) of the class's analytic model, its\n"
               "pulse-to-pulse spread included, to FILE or stdout. A class with model =\n"
               "jump_table and jt_file = FILE then reproduces the model. Defaults: --class lsp,\n"
               "--bins 100, --quantiles 33.\n");
}

/* Options shared by commands that resolve a configuration. */
struct cfg_args {
    struct xt_config cfg;
    const char *out;
    const char *resume; /* train --resume DIR */
    long ckpt_every;    /* train --checkpoint-every N */
    char resume_cfg[XT_PATH_MAX + 16];
    bool quiet, list, markdown;
    const char *cls;     /* jt-gen */
    int bins, quantiles; /* jt-gen */
};

/* Command kinds: which options parse_cfg_args accepts. */
enum { CMD_TRAIN, CMD_CONFIG, CMD_JTGEN };

static int parse_int(const char *opt, const char *v, int lo, int hi, int *out)
{
    char *end;
    long x = strtol(v, &end, 10);

    if (end == v || *end || x < lo || x > hi)
        return xt_fail(XT_EINVAL, "option %s: '%s' is not an integer %d..%d", opt, v, lo, hi);
    *out = (int)x;
    return 0;
}

/* Parses [CONFIG] and the options of command kind `cmd`. */
static int parse_cfg_args(int argc, char **argv, int cmd, struct cfg_args *a, void (*usage)(FILE *))
{
    bool train = cmd == CMD_TRAIN, jt = cmd == CMD_JTGEN;
    struct {
        const char *key; /* NULL: val is a "section.key=value" pair */
        const char *val;
    } sets[256];
    const char *files[16];
    int nfiles = 0, nsets = 0, ret;

    xt_config_defaults(&a->cfg);
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *key = NULL;

        if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
            usage(stdout);
            exit(0);
        } else if (train && !strcmp(o, "--quiet")) {
            a->quiet = true;
            continue;
        } else if (cmd == CMD_CONFIG && !strcmp(o, "--list")) {
            a->list = true;
            continue;
        } else if (cmd == CMD_CONFIG && !strcmp(o, "--markdown")) {
            a->markdown = true;
            continue;
        } else if (o[0] != '-') {
            if (nfiles == (int)(sizeof files / sizeof files[0]))
                return xt_fail(XT_EINVAL, "more than %d config files", nfiles);
            files[nfiles++] = o; /* applied in order: later files override earlier ones */
            continue;
        } else if (!strcmp(o, "--set")) {
            key = NULL;
        } else if ((train || jt) && !strcmp(o, "--out")) {
            key = "";
        } else if (train && (!strcmp(o, "--resume") || !strcmp(o, "--checkpoint-every"))) {
            const char *v = i + 1 < argc ? argv[++i] : NULL;
            int every;
            if (!v)
                return xt_fail(XT_EINVAL, "option %s needs a value (see --help)", o);
            if (!strcmp(o, "--resume")) {
                a->resume = v;
                continue;
            }
            if ((ret = parse_int(o, v, 1, 1000000000, &every)) != 0)
                return ret;
            a->ckpt_every = every;
            continue;
        } else if (jt &&
                   (!strcmp(o, "--class") || !strcmp(o, "--bins") || !strcmp(o, "--quantiles"))) {
            const char *v = i + 1 < argc ? argv[++i] : NULL;
            ret = 0;
            if (!v)
                return xt_fail(XT_EINVAL, "option %s needs a value (see --help)", o);
            if (!strcmp(o, "--class")) {
                if (strcmp(v, "msp") && strcmp(v, "lsp"))
                    return xt_fail(XT_EINVAL, "option --class: '%s' is not msp or lsp", v);
                a->cls = v;
            } else if (!strcmp(o, "--bins"))
                ret = parse_int(o, v, 1, 4096, &a->bins);
            else
                ret = parse_int(o, v, 2, 1024, &a->quantiles);
            if (ret)
                return ret;
            continue;
        } else if (train && !strcmp(o, "--seed")) {
            key = "run.seed";
        } else if (train && !strcmp(o, "--data")) {
            key = "data.dir";
        } else if (train && !strcmp(o, "--engine")) {
            key = "engine.kind";
        } else {
            return xt_fail(XT_EINVAL, "unknown option '%s' (see --help)", o);
        }
        if (i + 1 == argc)
            return xt_fail(XT_EINVAL, "option %s needs a value (see --help)", o);
        if (key && !key[0]) {
            a->out = argv[++i];
            continue;
        }
        if (nsets == (int)(sizeof sets / sizeof sets[0]))
            return xt_fail(XT_EINVAL, "too many options");
        sets[nsets].key = key;
        sets[nsets++].val = argv[++i];
    }
    if (a->resume) {
        if (nfiles || nsets || a->out)
            return xt_fail(XT_EINVAL, "--resume DIR continues the run in DIR with its own "
                                      "config.ini: no CONFIG, --set, --seed, --data, --engine "
                                      "or --out beside it");
        snprintf(a->resume_cfg, sizeof a->resume_cfg, "%s/config.ini", a->resume);
        files[nfiles++] = a->resume_cfg;
    }
    for (int i = 0; i < nfiles; i++) {
        ret = xt_config_load(&a->cfg, files[i]);
        if (ret)
            return ret;
    }
    for (int i = 0; i < nsets; i++) {
        ret = sets[i].key ? xt_config_set(&a->cfg, sets[i].key, sets[i].val)
                          : xt_config_set_pair(&a->cfg, sets[i].val);
        if (ret)
            return ret;
    }
    return 0;
}

/* ---- train ---- */

struct run_state {
    const char *dir;
    const struct xt_learner *lr;
    struct ckpt_id id;
    struct ckpt_run run; /* run.hist = hist */
    struct train_epoch hist[10000];
    bool quiet, tty, ckpt;
    int epochs;
};

/* A run stopped by a signal after writing its checkpoint (positive: not an error). */
enum { RUN_STOPPED = 1000 };

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static void on_progress(void *user, int epoch, long done, long total)
{
    struct run_state *s = user;
    int width = 30, fill = (int)(width * done / (total ? total : 1));

    if (!s->tty)
        return;
    fprintf(stderr, "\r  epoch %d/%d [%.*s%*s] %3ld%%", epoch, s->epochs, fill,
            "##############################", width - fill, "", 100 * done / (total ? total : 1));
    fflush(stderr);
}

static int on_epoch(void *user, const struct train_epoch *e)
{
    struct run_state *s = user;
    int ret;

    s->hist[s->run.nhist++] = *e;
    ret = results_write_metrics(s->dir, s->hist, s->run.nhist);
    if (!ret && s->lr->analog)
        ret = results_write_clt(s->dir, s->lr);
    if (ret)
        return ret;
    if (s->tty)
        fprintf(stderr, "\r%60s\r", "");
    if (!s->quiet) {
        printf("epoch %3d/%d  lr %-8.4g loss %.4f  train %6.2f%%  test %6.2f%%  %6.0f ex/s\n",
               e->epoch, s->epochs, e->lr, e->train_loss, 100 * e->train_accuracy,
               100 * e->test_accuracy, e->train_s > 0 ? e->examples / e->train_s : 0.0);
        fflush(stdout);
    }
    return 0;
}

/* After every example: a checkpoint every run.every examples, and on SIGINT / SIGTERM. */
static int on_example(void *user, const struct train_pos *pos)
{
    struct run_state *s = user;
    long done = pos->res.examples + pos->next;
    int ret;

    if (stop_signal || (s->run.every && done % s->run.every == 0)) {
        s->run.pos = *pos;
        ret = ckpt_write(s->dir, &s->id, s->lr, &s->run);
        if (ret)
            return ret;
    }
    return stop_signal ? RUN_STOPPED : 0;
}

static void default_out(const struct xt_config *c, char *buf, size_t n)
{
    char stamp[32];
    time_t t = time(NULL);
    struct tm tm;
    struct stat st;

    localtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(buf, n, "runs/%s-%s-s%llu-%s", xt_config_enum_name("data.set", c->data.set),
             xt_config_enum_name("weights.encoding", c->weights.encoding),
             (unsigned long long)c->run.seed, stamp);
    for (int k = 2; stat(buf, &st) == 0 && k < 1000; k++)
        snprintf(buf, n, "runs/%s-%s-s%llu-%s-%d", xt_config_enum_name("data.set", c->data.set),
                 xt_config_enum_name("weights.encoding", c->weights.encoding),
                 (unsigned long long)c->run.seed, stamp, k);
}

/* Continues a run: its checkpoint into lr and st->run, its files brought back in line. */
static int resume_run(struct run_state *st, struct xt_learner *lr, int n_train)
{
    const struct train_pos *p = &st->run.pos;
    long every = st->run.every;
    int ret;

    if (!ckpt_exists(st->dir)) {
        if (!st->quiet)
            printf("xtile train: %s has no checkpoint: starting from the first example\n", st->dir);
        return results_open(st->dir);
    }
    ret = ckpt_read(st->dir, &st->id, lr, &st->run);
    if (ret)
        return ret;
    if (every) /* --checkpoint-every given again: it wins over the checkpoint's */
        st->run.every = every;
    /* metrics.csv and clt.csv may be ahead of the checkpoint: rewrite them from it */
    ret = results_write_metrics(st->dir, st->hist, st->run.nhist);
    if (!ret && lr->analog)
        ret = results_write_clt(st->dir, lr);
    if (!ret && !st->quiet)
        printf("xtile train: resuming %s at epoch %d, example %ld of %d\n", st->dir, p->epoch + 1,
               p->next, n_train);
    fflush(stdout);
    return ret;
}

static int cmd_train(int argc, char **argv)
{
    static struct cfg_args a;
    static struct run_state st;
    struct dataset train = {0}, test = {0};
    struct train_hooks hooks = {&st, on_progress, on_epoch, on_example};
    struct train_result *res = &st.run.pos.res;
    struct results_meta meta;
    char dir[XT_PATH_MAX], out[XT_PATH_MAX + 64];
    struct xt_learner lr;
    int ret;

    ret = parse_cfg_args(argc, argv, CMD_TRAIN, &a, usage_train);
    if (ret)
        return app_die(ret);
    if ((a.resume || a.ckpt_every) && (ret = ckpt_supported(&a.cfg)) != 0)
        return app_die(ret);
    if (a.resume && results_finished(a.resume)) {
        printf("xtile train: %s has finished (summary.json): nothing to resume\n", a.resume);
        return 0;
    }
    st.ckpt = ckpt_supported(&a.cfg) == 0;
    if (st.ckpt) { /* once: a second signal stops at once */
        struct sigaction sa = {.sa_handler = on_signal, .sa_flags = SA_RESETHAND};
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
    }
    xt_config_data_dir(&a.cfg, dir, sizeof dir);
    snprintf(a.cfg.data.dir, sizeof a.cfg.data.dir, "%s", dir); /* config.ini: resolved */
    ret = dataset_load(dir, "train", a.cfg.train.examples, &train);
    if (ret)
        return app_die(ret);
    ret = dataset_load(dir, "t10k", a.cfg.train.test_examples, &test);
    if (ret)
        goto out_train;
    ret = train_check(&a.cfg, &train, &test);
    if (ret)
        goto out_test;
    ret = learner_init(&lr, &a.cfg);
    if (ret)
        goto out_test;

    if (a.resume)
        snprintf(out, sizeof out, "%s", a.resume);
    else if (a.out)
        snprintf(out, sizeof out, "%s", a.out);
    else
        default_out(&a.cfg, out, sizeof out);
    st.dir = out;
    st.lr = &lr;
    st.quiet = a.quiet;
    st.tty = isatty(STDERR_FILENO);
    st.epochs = a.cfg.train.epochs;
    st.run = (struct ckpt_run){.every = a.ckpt_every, .hist = st.hist, .max_hist = 10000};
    if (st.ckpt && (ret = ckpt_id_make(&st.id, &a.cfg, &train, &test)) != 0)
        goto out_net;
    if (a.resume)
        ret = resume_run(&st, &lr, train.n);
    else if ((ret = results_open(out)) == 0 && (ret = results_write_config(out, &a.cfg)) == 0)
        ret = ckpt_remove(out); /* a previous run's checkpoint in the same folder */
    if (ret)
        goto out_net;

    if (!a.quiet)
        printf("xtile train: %s, %d training / %d test examples, layers %d", dir, train.n, test.n,
               a.cfg.net.layers.size[0]);
    for (int i = 1; !a.quiet && i < a.cfg.net.layers.n; i++)
        printf("-%d", a.cfg.net.layers.size[i]);
    if (!a.quiet)
        printf(", encoding %s, seed %llu\n",
               xt_config_enum_name("weights.encoding", a.cfg.weights.encoding),
               (unsigned long long)a.cfg.run.seed);
    ret = train_run(&a.cfg, &lr.model, &train, &test, &hooks, &st.run.pos);
    if (ret == RUN_STOPPED) {
        if (st.tty)
            fprintf(stderr, "\r%60s\r", "");
        fprintf(stderr,
                "xtile: stopped by signal %d at epoch %d, example %ld of %d; checkpoint "
                "written: continue with xtile train --resume %s\n",
                (int)stop_signal, st.run.pos.epoch + 1, st.run.pos.next, train.n, out);
        ret = 128 + stop_signal;
        goto out_stop;
    }
    if (ret)
        goto out_net;
    meta = (struct results_meta){dir, train.n, test.n};
    ret = results_write_summary(out, &a.cfg, &meta, res, &lr);
    if (ret)
        goto out_net;
    ret = ckpt_remove(out);
    if (ret)
        goto out_net;
    learner_print(&lr, stdout);
    if (lr.analog) { /* the hardware cost, as xtile report gives it (areas already synthesized) */
        struct hw_report hr;
        char synth[XT_PATH_MAX];
        if ((ret = report_load(out, &hr)) != 0)
            goto out_net;
        /* areas are extra here: a synthesis report that cannot be read does not fail the run */
        if (app_synth_dir(synth, sizeof synth) || report_attach_area(&hr, synth))
            fprintf(stderr, "xtile: note: no areas shown: %s\n", xt_errmsg());
        report_print(&hr, stdout);
    }
    printf("test accuracy %.2f%% after %d epochs (%.0f training examples/s); run folder %s\n",
           100 * res->last.test_accuracy, res->epochs, res->examples_per_s, out);

out_net:
    ret = ret ? app_die(ret) : 0;
out_stop:
    learner_free(&lr);
    dataset_free(&test);
    dataset_free(&train);
    return ret;
out_test:
    dataset_free(&test);
out_train:
    dataset_free(&train);
    return app_die(ret);
}

/* ---- config ---- */

static int cmd_config(int argc, char **argv)
{
    static struct cfg_args a;
    const struct xt_cfg_key *keys;
    size_t n;
    int ret = parse_cfg_args(argc, argv, CMD_CONFIG, &a, usage_config);

    if (ret)
        return app_die(ret);
    if (a.markdown)
        ret = xt_config_write_doc(stdout);
    else if (a.list) {
        keys = xt_config_keys(&n);
        for (size_t i = 0; i < n; i++)
            printf("%-22s %-16s %-9s %s\n", keys[i].name, keys[i].def[0] ? keys[i].def : "\"\"",
                   keys[i].unit, keys[i].help);
    } else
        ret = xt_config_write(&a.cfg, stdout);
    return ret ? app_die(ret) : 0;
}

/* ---- jt-gen ---- */

struct jt_arg {
    const struct nvm_class *c;
    int bins, quantiles;
};

static int emit_jt(FILE *f, const void *arg)
{
    const struct jt_arg *j = arg;

    return nvm_jt_write(j->c, j->bins, j->quantiles, f);
}

static int cmd_jt_gen(int argc, char **argv)
{
    static struct cfg_args a = {.cls = "lsp", .bins = 100, .quantiles = 33};
    struct nvm_class c;
    struct jt_arg j;
    int ret = parse_cfg_args(argc, argv, CMD_JTGEN, &a, usage_jt_gen);

    if (ret)
        return app_die(ret);
    ret = nvm_class_init(&c, !strcmp(a.cls, "msp") ? &a.cfg.msp : &a.cfg.lsp, a.cls);
    if (ret)
        return app_die(ret);
    j = (struct jt_arg){&c, a.bins, a.quantiles};
    ret = a.out ? xt_write_atomic(a.out, emit_jt, &j) : emit_jt(stdout, &j);
    nvm_class_free(&c);
    return ret ? app_die(ret) : 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
        !strcmp(argv[1], "help")) {
        usage_main(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("xtile %s\n", XTILE_VERSION);
        return 0;
    }
    if (!strcmp(argv[1], "train"))
        return cmd_train(argc - 1, argv + 1);
    if (!strcmp(argv[1], "config"))
        return cmd_config(argc - 1, argv + 1);
    if (!strcmp(argv[1], "sweep"))
        return cmd_sweep(argc - 1, argv + 1);
    if (!strcmp(argv[1], "report"))
        return cmd_report(argc, argv);
    if (!strcmp(argv[1], "jt-gen"))
        return cmd_jt_gen(argc - 1, argv + 1);
    fprintf(stderr, "xtile: unknown command '%s' (xtile --help lists them)\n", argv[1]);
    return EXIT_USAGE;
}
