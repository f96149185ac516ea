/* results.c - writers of the run folder's files (atomic: temporary file + rename) */
#include "xtile/results.h"

#include "xtile/err.h"
#include "xtile/file.h"
#include "xtile/json.h"
#include "xtile/version.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static void join(char *buf, size_t n, const char *dir, const char *name)
{
    snprintf(buf, n, "%s/%s", dir, name);
}

int results_open(const char *dir)
{
    static const char *const stale[] = {"summary.json",  "metrics.csv", "clt.csv",
                                        "shadow.csv",    "g_start.csv", "g_end.csv",
                                        "endurance.csv", "drift.csv"};
    char path[4200];
    int ret = xt_mkdirs(dir);

    if (ret)
        return ret;
    for (size_t i = 0; i < sizeof stale / sizeof stale[0]; i++) {
        join(path, sizeof path, dir, stale[i]);
        if (remove(path) != 0 && errno != ENOENT)
            return xt_fail(XT_EIO, "%s: cannot remove the previous run's file: %s", path,
                           strerror(errno));
    }
    return 0;
}

bool results_finished(const char *dir)
{
    char path[4200];
    struct stat st;

    join(path, sizeof path, dir, "summary.json");
    return stat(path, &st) == 0;
}

static int emit_config(FILE *f, const void *arg)
{
    return xt_config_write(arg, f);
}

int results_write_config(const char *dir, const struct xt_config *c)
{
    char path[4200];

    join(path, sizeof path, dir, "config.ini");
    return xt_write_atomic(path, emit_config, c);
}

struct metrics_arg {
    const struct train_epoch *hist;
    int n;
};

static int emit_metrics(FILE *f, const void *arg)
{
    const struct metrics_arg *m = arg;

    fprintf(f, "epoch,lr,train_loss,train_accuracy,test_loss,test_accuracy\n");
    for (int i = 0; i < m->n; i++) {
        const struct train_epoch *e = &m->hist[i];
        fprintf(f, "%d,%.9g,%.9g,%.9g,%.9g,%.9g\n", e->epoch, e->lr, e->train_loss,
                e->train_accuracy, e->test_loss, e->test_accuracy);
    }
    return ferror(f) ? xt_fail(XT_EIO, "cannot write metrics") : 0;
}

int results_write_metrics(const char *dir, const struct train_epoch *hist, int n)
{
    struct metrics_arg m = {hist, n};
    char path[4200];

    join(path, sizeof path, dir, "metrics.csv");
    return xt_write_atomic(path, emit_metrics, &m);
}

struct summary_arg {
    const struct xt_config *c;
    const struct results_meta *meta;
    const struct train_result *r;
    const struct xt_learner *lr;
};

static int emit_summary(FILE *f, const void *arg)
{
    const struct summary_arg *s = arg;
    const struct xt_config *c = s->c;
    struct json j;

    json_begin(&j, f);
    json_str(&j, "xtile_version", xt_version());
    json_num(&j, "test_accuracy", s->r->last.test_accuracy);
    json_num(&j, "train_accuracy", s->r->last.train_accuracy);
    json_num(&j, "test_loss", s->r->last.test_loss);
    json_num(&j, "train_loss", s->r->last.train_loss);
    if (s->r->pre_xfer_example) {
        json_obj(&j, "before_last_transfer");
        json_int(&j, "example", s->r->pre_xfer_example);
        json_num(&j, "test_accuracy", s->r->pre_xfer_accuracy);
        json_num(&j, "test_loss", s->r->pre_xfer_loss);
        json_close(&j, '}');
    }
    json_int(&j, "epochs", s->r->epochs);
    json_num(&j, "examples_per_s", s->r->examples_per_s);
    json_num(&j, "train_seconds", s->r->train_s);
    json_num(&j, "eval_seconds", s->r->eval_s);
    json_u64(&j, "seed", c->run.seed);
    json_str(&j, "encoding", xt_config_enum_name("weights.encoding", c->weights.encoding));
    json_str(&j, "engine", xt_config_enum_name("engine.kind", c->engine.kind));
    json_str(&j, "dataset", xt_config_enum_name("data.set", c->data.set));
    json_str(&j, "data_dir", s->meta->data_dir);
    json_int(&j, "train_examples", s->meta->train_examples);
    json_int(&j, "test_examples", s->meta->test_examples);
    json_arr(&j, "layers");
    for (int i = 0; i < c->net.layers.n; i++)
        json_int(&j, NULL, c->net.layers.size[i]);
    json_close(&j, ']');
    learner_summary(s->lr, s->r->examples, &j);
    return json_end(&j);
}

int results_write_summary(const char *dir, const struct xt_config *c,
                          const struct results_meta *meta, const struct train_result *r,
                          const struct xt_learner *lr)
{
    struct summary_arg s = {c, meta, r, lr};
    char path[4200];

    join(path, sizeof path, dir, "summary.json");
    return xt_write_atomic(path, emit_summary, &s);
}

static int emit_clt(FILE *f, const void *arg)
{
    return learner_write_clt(arg, f);
}

static int emit_transfer_error(FILE *f, const void *arg)
{
    return learner_write_transfer_error(arg, f);
}

int results_write_clt(const char *dir, const struct xt_learner *lr)
{
    char path[4200];

    int ret;

    join(path, sizeof path, dir, "clt.csv");
    if ((ret = xt_write_atomic(path, emit_clt, lr)) != 0)
        return ret;
    join(path, sizeof path, dir, "transfer_error.csv");
    return xt_write_atomic(path, emit_transfer_error, lr);
}

static int emit_shadow(FILE *f, const void *arg)
{
    return learner_write_shadow(arg, f);
}

int results_write_shadow(const char *dir, const struct xt_learner *lr)
{
    char path[4200];

    join(path, sizeof path, dir, "shadow.csv");
    return lr->analog ? xt_write_atomic(path, emit_shadow, lr) : 0;
}

static int emit_conductance(FILE *f, const void *arg)
{
    return learner_write_conductance(arg, f);
}

static int emit_endurance(FILE *f, const void *arg)
{
    return learner_write_endurance(arg, f);
}

int results_write_devices(const char *dir, const struct xt_learner *lr, bool end)
{
    char path[4200];
    int ret;

    if (!lr->analog)
        return 0;
    join(path, sizeof path, dir, end ? "g_end.csv" : "g_start.csv");
    if ((ret = xt_write_atomic(path, emit_conductance, lr)) != 0 || !end)
        return ret;
    join(path, sizeof path, dir, "endurance.csv");
    return xt_write_atomic(path, emit_endurance, lr);
}

static int emit_drift(FILE *f, const void *arg)
{
    const struct train_drift *d = arg;

    fprintf(f, "after_s,test_accuracy,test_loss\n");
    for (int i = 0; i < d->n; i++)
        fprintf(f, "%.9g,%.9g,%.9g\n", d->after_s[i], d->test_accuracy[i], d->test_loss[i]);
    return ferror(f) ? xt_fail(XT_EIO, "cannot write the drift evaluations") : 0;
}

int results_write_drift(const char *dir, const struct train_drift *d)
{
    char path[4200];

    join(path, sizeof path, dir, "drift.csv");
    return xt_write_atomic(path, emit_drift, d);
}
