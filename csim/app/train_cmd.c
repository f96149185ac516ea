/* train_cmd.c - xtile train: one run, its folder, checkpoints, resume, signals */
#include "app.h"

#include "xtile/ckpt.h"
#include "xtile/config.h"
#include "xtile/dataset.h"
#include "xtile/err.h"
#include "xtile/file.h"
#include "xtile/learner.h"
#include "xtile/pool.h"
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

static void usage_train(FILE *f)
{
    fprintf(
        f,
        "usage: xtile train [CONFIG]... [--set section.key=value]... [--seed N] [--out DIR]\n"
        "                   [--data DIR] [--engine fast] [--checkpoint-every N] [--threads N]\n"
        "       xtile train --resume DIR [--checkpoint-every N] [--threads N]\n"
        "\n"
        "Trains the network with per-example SGD and writes to the run folder:\n"
        "  config.ini      the fully resolved configuration (re-runs the same experiment)\n"
        "  metrics.csv     one row per epoch: lr, train/test loss and accuracy\n"
        "  clt.csv         one row per weight transfer (device encodings)\n"
        "  shadow.csv      the weight error against a float shadow, per epoch (device\n"
        "                  encodings; README, \"The run folder\")\n"
        "  checkpoint.bin  the whole state, while the run is unfinished (see --resume)\n"
        "  summary.json    final results, written only when the run finishes\n"
        "  drift.csv       time.infer_after: the test set after each time of drift, written\n"
        "                  after summary.json\n"
        "\n"
        "  CONFIG...       INI files, applied in order (e.g. a network config, then a tile\n"
        "                  preset from configs/tile/); keys in none keep their defaults\n"
        "  --set k=v       set one key after the file (repeatable; see xtile config --list)\n"
        "  --seed N        same as --set run.seed=N\n"
        "  --data DIR      same as --set data.dir=DIR\n"
        "  --engine E      same as --set engine.kind=E\n"
        "  --out DIR       run folder (default runs/<set>-<encoding>-s<seed>-<time>)\n"
        "  --quiet         no per-epoch lines\n"
        "  --no-plots      no pictures in the run folder's plots/ at the end (xtile plot)\n"
        "  --threads N     threads of the fast engine (default: the cores, here %d); the\n"
        "                  results are the same bits at any N\n"
        "  --checkpoint-every N\n"
        "                  write checkpoint.bin every N training examples (atomically)\n"
        "  --resume DIR    continue the run in DIR from its checkpoint, with its config.ini\n"
        "                  (no checkpoint: from the start; finished: nothing to do); the\n"
        "                  results equal an uninterrupted run's, bit for bit\n"
        "  --trace-pulses FILE\n"
        "                  write every pulse of a window of one layer to FILE (CSV: example,\n"
        "                  phase, row, column, device, set/reset, the device's pulse number,\n"
        "                  G before and after; docs/trace.md), the same bytes on every engine:\n"
        "    --trace-layer L      weight layer, 0 = inputs to the first hidden (default:\n"
        "                         the last, into the outputs)\n"
        "    --trace-rows A:B     rows A..B-1, the bias row last (default 0:16)\n"
        "    --trace-cols A:B     columns A..B-1 (default 0:10)\n"
        "    --trace-examples A:B training examples A..B-1 of the run (default 0:100)\n"
        "    --trace-max N        the bound on pulses (default 1000000): a window that can\n"
        "                         hold more is refused before training\n"
        "\n"
        "SIGINT and SIGTERM write a checkpoint after the example in progress and stop.\n"
        "Checkpoints need engine.kind = fast (or the float encoding).\n"
        "\n"
        "Exit status: 0 done, 1 data or run-time error, 2 bad usage or configuration,\n"
        "128 + the signal's number when stopped by SIGINT or SIGTERM.\n",
        xt_cores());
}

struct train_args {
    struct app_cfg files;
    struct xt_config cfg;
    const char *out;
    const char *resume; /* --resume DIR */
    long ckpt_every;    /* --checkpoint-every N */
    char resume_cfg[XT_PATH_MAX + 16];
    bool quiet, no_plots;
    int threads; /* --threads N; 0: the cores */
    struct app_trace trace;
};

enum {
    OPT_SET = 256,
    OPT_SEED,
    OPT_DATA,
    OPT_ENGINE,
    OPT_OUT,
    OPT_QUIET,
    OPT_EVERY,
    OPT_RESUME,
    OPT_NO_PLOTS,
    OPT_THREADS,
    OPT_TRACE /* + APP_TRACE_*: the --trace-* options */
};

static const struct option train_opts[] = {
    {"help", no_argument, NULL, 'h'},
    {"set", required_argument, NULL, OPT_SET},
    {"seed", required_argument, NULL, OPT_SEED},
    {"data", required_argument, NULL, OPT_DATA},
    {"engine", required_argument, NULL, OPT_ENGINE},
    {"out", required_argument, NULL, OPT_OUT},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"checkpoint-every", required_argument, NULL, OPT_EVERY},
    {"resume", required_argument, NULL, OPT_RESUME},
    {"no-plots", no_argument, NULL, OPT_NO_PLOTS},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"trace-pulses", required_argument, NULL, OPT_TRACE + APP_TRACE_FILE},
    {"trace-layer", required_argument, NULL, OPT_TRACE + APP_TRACE_LAYER},
    {"trace-rows", required_argument, NULL, OPT_TRACE + APP_TRACE_ROWS},
    {"trace-cols", required_argument, NULL, OPT_TRACE + APP_TRACE_COLS},
    {"trace-examples", required_argument, NULL, OPT_TRACE + APP_TRACE_EXAMPLES},
    {"trace-max", required_argument, NULL, OPT_TRACE + APP_TRACE_MAX},
    {NULL, 0, NULL, 0},
};

/* The options, then the configuration they name (--resume: the run's own config.ini). */
static int parse_train(int argc, char **argv, struct train_args *a)
{
    int c, every, ret = 0;

    while (!ret && (c = app_getopt(argc, argv, "h", train_opts)) != -1) {
        switch (c) {
        case 'h': usage_train(stdout); exit(0);
        case OPT_SET: ret = app_cfg_set(&a->files, NULL, optarg); break;
        case OPT_SEED: ret = app_cfg_set(&a->files, "run.seed", optarg); break;
        case OPT_DATA: ret = app_cfg_set(&a->files, "data.dir", optarg); break;
        case OPT_ENGINE: ret = app_cfg_set(&a->files, "engine.kind", optarg); break;
        case OPT_OUT: a->out = optarg; break;
        case OPT_QUIET: a->quiet = true; break;
        case OPT_RESUME: a->resume = optarg; break;
        case OPT_NO_PLOTS: a->no_plots = true; break;
        case OPT_THREADS:
            ret = app_parse_int("--threads", optarg, 1, XT_POOL_MAX, &a->threads);
            break;
        case OPT_EVERY:
            ret = app_parse_int("--checkpoint-every", optarg, 1, 1000000000, &every);
            a->ckpt_every = every;
            break;
        default:
            if (c >= OPT_TRACE && c <= OPT_TRACE + APP_TRACE_MAX) {
                ret = app_trace_option(&a->trace, c - OPT_TRACE, optarg);
                break;
            }
            return -XT_EINVAL; /* app_getopt has said why */
        }
    }
    if (ret || (ret = app_cfg_operands(&a->files, argc, argv)) != 0)
        return ret;
    if (a->resume) {
        if (a->trace.path)
            return xt_fail(XT_EINVAL, "--trace-pulses traces a run from its start: not with "
                                      "--resume");
        if (a->files.nfiles || a->files.nsets || a->out)
            return xt_fail(XT_EINVAL, "--resume DIR continues the run in DIR with its own "
                                      "config.ini: no CONFIG, --set, --seed, --data, --engine "
                                      "or --out beside it");
        snprintf(a->resume_cfg, sizeof a->resume_cfg, "%s/config.ini", a->resume);
        app_cfg_file(&a->files, a->resume_cfg);
    }
    if ((ret = app_cfg_resolve(&a->files, &a->cfg)) != 0)
        return ret;
    a->cfg.engine.threads = a->threads ? a->threads : xt_cores();
    return 0;
}

struct run_state {
    const char *dir;
    struct xt_learner *lr;
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
    if (!ret && s->lr->analog && (ret = results_write_clt(s->dir, s->lr)) == 0 &&
        (ret = learner_shadow_epoch(s->lr)) == 0)
        ret = results_write_shadow(s->dir, s->lr);
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
        if ((ret = results_open(st->dir)) != 0 || (ret = results_write_shadow(st->dir, lr)) != 0)
            return ret;
        return results_write_devices(st->dir, lr, false);
    }
    ret = ckpt_read(st->dir, &st->id, lr, &st->run);
    if (ret)
        return ret;
    if (every) /* --checkpoint-every given again: it wins over the checkpoint's */
        st->run.every = every;
    /* metrics.csv and clt.csv may be ahead of the checkpoint: rewrite them from it */
    ret = results_write_metrics(st->dir, st->hist, st->run.nhist);
    if (!ret && lr->analog && (ret = results_write_clt(st->dir, lr)) == 0)
        ret = results_write_shadow(st->dir, lr);
    if (!ret && !st->quiet)
        printf("xtile train: resuming %s at epoch %d, example %ld of %d\n", st->dir, p->epoch + 1,
               p->next, n_train);
    fflush(stdout);
    return ret;
}

/* The data folder resolved into cfg (config.ini records it), both sets loaded and checked. */
static int load_data(struct xt_config *cfg, struct dataset *train, struct dataset *test)
{
    char dir[XT_PATH_MAX];
    int ret;

    xt_config_data_dir(cfg, dir, sizeof dir);
    snprintf(cfg->data.dir, sizeof cfg->data.dir, "%s", dir);
    if ((ret = dataset_load(dir, "train", cfg->train.examples, train)) == 0 &&
        (ret = dataset_load(dir, "t10k", cfg->train.test_examples, test)) == 0)
        ret = train_check(cfg, train, test);
    if (ret) {
        dataset_free(test);
        dataset_free(train);
    }
    return ret;
}

/* The run folder: a new one (config.ini written, no stale checkpoint) or the one resumed. */
static int open_run(struct run_state *st, const struct train_args *a, struct xt_learner *lr,
                    const struct dataset *train, const struct dataset *test)
{
    int ret = 0;

    st->lr = lr;
    st->quiet = a->quiet;
    st->tty = isatty(STDERR_FILENO);
    st->epochs = a->cfg.train.epochs;
    st->run = (struct ckpt_run){.every = a->ckpt_every, .hist = st->hist, .max_hist = 10000};
    if (st->ckpt && (ret = ckpt_id_make(&st->id, &a->cfg, train, test)) != 0)
        return ret;
    if (a->resume)
        return resume_run(st, lr, train->n);
    if ((ret = results_open(st->dir)) == 0 && (ret = results_write_config(st->dir, &a->cfg)) == 0 &&
        (ret = results_write_devices(st->dir, lr, false)) == 0 &&
        (ret = results_write_shadow(st->dir, lr)) == 0)
        ret = ckpt_remove(st->dir); /* a previous run's checkpoint in the same folder */
    return ret;
}

static void print_header(const struct xt_config *c, const struct dataset *train,
                         const struct dataset *test)
{
    printf("xtile train: %s, %d training / %d test examples, layers %d", c->data.dir, train->n,
           test->n, c->net.layers.size[0]);
    for (int i = 1; i < c->net.layers.n; i++)
        printf("-%d", c->net.layers.size[i]);
    printf(", encoding %s, seed %llu\n",
           xt_config_enum_name("weights.encoding", c->weights.encoding),
           (unsigned long long)c->run.seed);
}

/* summary.json, the checkpoint removed, the outcome and the hardware cost printed. */
static int finish_run(const struct run_state *st, const struct xt_config *c,
                      const struct results_meta *meta, const struct train_result *res)
{
    int ret;

    if ((ret = results_write_devices(st->dir, st->lr, true)) != 0 ||
        (ret = results_write_summary(st->dir, c, meta, res, st->lr)) != 0 ||
        (ret = ckpt_remove(st->dir)) != 0)
        return ret;
    learner_print(st->lr, stdout);
    if (st->lr->analog) { /* the hardware cost, as xtile report gives it (areas already made) */
        struct hw_report hr;
        char synth[XT_PATH_MAX];
        if ((ret = report_load(st->dir, &hr)) != 0)
            return ret;
        /* areas are extra here: a synthesis report that cannot be read does not fail the run */
        if (app_synth_dir(synth, sizeof synth) || report_attach_area(&hr, synth))
            fprintf(stderr, "xtile: note: no areas shown: %s\n", xt_errmsg());
        for (int l = 0; l < hr.ntiles; l++)
            if (hr.tile[l].have_area && app_area_stale(synth, &hr.tile[l])) {
                hr.tile[l].have_area = false;
                fprintf(stderr,
                        "xtile: note: tile %d's area left out: synthesized before the "
                        "last change of rtl/ (xtile report %s synthesizes it again)\n",
                        l + 1, st->dir);
            }
        report_print(&hr, stdout);
    }
    printf("test accuracy %.2f%% after %d epochs (%.0f training examples/s); run folder %s\n",
           100 * res->last.test_accuracy, res->epochs, res->examples_per_s, st->dir);
    return 0;
}

int cmd_train(int argc, char **argv)
{
    static struct train_args a = {.trace = APP_TRACE_DEFAULTS};
    static struct run_state st;
    struct dataset train = {0}, test = {0};
    struct train_hooks hooks = {&st, on_progress, on_epoch, on_example};
    struct train_result *res = &st.run.pos.res;
    char out[XT_PATH_MAX + 64];
    struct xt_learner lr;
    int ret, status = 0;

    if ((ret = parse_train(argc, argv, &a)) != 0)
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
    if ((ret = load_data(&a.cfg, &train, &test)) != 0)
        return app_die(ret);
    if ((ret = learner_init(&lr, &a.cfg)) != 0) {
        dataset_free(&test);
        dataset_free(&train);
        return app_die(ret);
    }
    if ((ret = app_trace_start(&a.trace, &a.cfg, &lr, (long)train.n * a.cfg.train.epochs)) != 0)
        goto out_free; /* before the run folder: a refused trace leaves nothing behind */
    if (a.resume || a.out)
        snprintf(out, sizeof out, "%s", a.resume ? a.resume : a.out);
    else
        default_out(&a.cfg, out, sizeof out);
    st.dir = out;
    if ((ret = open_run(&st, &a, &lr, &train, &test)) != 0)
        goto out_free;
    if (!a.quiet)
        print_header(&a.cfg, &train, &test);
    ret = train_run(&a.cfg, &lr.model, &train, &test, &hooks, &st.run.pos);
    if (ret == RUN_STOPPED) {
        if (st.tty)
            fprintf(stderr, "\r%60s\r", "");
        fprintf(stderr,
                "xtile: stopped by signal %d at epoch %d, example %ld of %d; checkpoint "
                "written: continue with xtile train --resume %s\n",
                (int)stop_signal, st.run.pos.epoch + 1, st.run.pos.next, train.n, out);
        status = 128 + stop_signal;
        ret = 0;
        goto out_free;
    }
    if (!ret)
        ret = finish_run(&st, &a.cfg, &(struct results_meta){a.cfg.data.dir, train.n, test.n}, res);
    if (!ret && a.cfg.time.infer_after.n) {
        struct train_drift d;
        train_drift(&a.cfg, &lr.model, &test, &d);
        ret = results_write_drift(out, &d);
        for (int i = 0; !ret && i < d.n; i++)
            printf("after %g s of drift: test accuracy %.2f%%\n", d.after_s[i],
                   100 * d.test_accuracy[i]);
    }
    if (!ret && !a.no_plots && app_plot(out, NULL, true) != 0) /* pictures: not the run's result */
        fprintf(stderr, "xtile: note: no pictures drawn: %s\n", xt_errmsg());

out_free:
    ret = app_trace_end(&a.trace, ret ? ret : status);
    if (ret)
        status = status ? status : app_die(ret);
    learner_free(&lr);
    dataset_free(&test);
    dataset_free(&train);
    return status;
}
