/* train.c - per-example SGD: shuffle, forward, backward, update; evaluation after each epoch */
#include "xtile/train.h"

#include "xtile/err.h"
#include "xtile/clock.h"
#include "xtile/rng.h"

#include <math.h>
#include <stdlib.h>
#include <time.h>

int train_check(const struct xt_config *c, const struct dataset *train, const struct dataset *test)
{
    const struct xt_layers *l = &c->net.layers;

    if (l->size[0] != train->dim)
        return xt_fail(XT_EINVAL,
                       "key 'net.layers': input layer has %d neurons but the images have "
                       "%dx%d = %d pixels",
                       l->size[0], train->rows, train->cols, train->dim);
    if (test->dim != train->dim)
        return xt_fail(XT_EINVAL, "test images have %d pixels, training images %d", test->dim,
                       train->dim);
    if (l->size[l->n - 1] != DATASET_CLASSES)
        return xt_fail(XT_EINVAL,
                       "key 'net.layers': output layer has %d neurons but the dataset has %d "
                       "classes",
                       l->size[l->n - 1], DATASET_CLASSES);
    return 0;
}

double train_lr(const struct xt_config *c, int e)
{
    switch (c->train.lr_schedule) {
    case XT_LR_STEP:
        return c->train.lr * pow(c->train.lr_decay, (double)(e / c->train.lr_step_epochs));
    case XT_LR_EXP: return c->train.lr * pow(c->train.lr_decay, (double)e);
    default: return c->train.lr;
    }
}

static int float_forward(void *self, const uint8_t *px)
{
    net_set_input(self, px);
    return net_forward(self);
}

static double float_loss(const void *self, int label)
{
    return net_loss(self, label);
}

static void float_learn(void *self, int label, double lr)
{
    net_backward(self, label);
    net_update(self, (float)lr);
}

static int float_end_example(void *self)
{
    (void)self;
    return 0;
}

static void float_set_book(void *self, int book)
{
    (void)self;
    (void)book;
}

static int float_last_transfer(const void *self, long left)
{
    (void)self;
    (void)left;
    return 0;
}

static void float_drift_to(void *self, double after_s)
{
    (void)self;
    (void)after_s; /* software weights do not drift */
}

static const struct xt_model_ops float_ops = {
    float_forward,  float_loss,          float_learn,   float_end_example,
    float_set_book, float_last_transfer, float_drift_to};

struct xt_model net_model(struct net *nt)
{
    return (struct xt_model){&float_ops, nt};
}

double train_evaluate(struct xt_model *m, const struct dataset *ds, int n, double *loss)
{
    long right = 0;
    double sum = 0.0;

    for (int k = 0; k < n; k++) {
        right += m->ops->forward(m->self, ds->x + (size_t)k * (size_t)ds->dim) == ds->y[k];
        sum += m->ops->loss(m->self, ds->y[k]);
    }
    *loss = n ? sum / n : 0.0;
    return n ? (double)right / n : 0.0;
}

int train_run(const struct xt_config *c, struct xt_model *m, const struct dataset *train,
              const struct dataset *test, const struct train_hooks *hooks, struct train_pos *pos)
{
    struct train_result *res = &pos->res;
    int n = train->n;
    int *order = malloc((size_t)n * sizeof *order);
    int ret = 0;

    if (!order)
        return xt_fail(XT_ENOMEM, "cannot allocate the example order");
    for (; pos->epoch < c->train.epochs; pos->epoch++) {
        int e = pos->epoch;
        struct train_epoch ep = {.epoch = e + 1, .examples = n, .lr = train_lr(c, e)};
        struct xt_rng r;
        double t0 = xt_now() - pos->epoch_s, t1;
        double pre_eval = 0.0; /* the test before the last transfer: evaluation, not training */

        /* Fisher-Yates over the identity: the order depends on (seed, epoch) only */
        xt_rng_init(&r, c->run.seed, XT_STREAM_SHUFFLE, (uint32_t)e);
        for (int k = 0; k < n; k++)
            order[k] = k;
        for (int k = n - 1; k > 0; k--) {
            int s = (int)xt_rng_below(&r, (uint32_t)k + 1), t = order[k];
            order[k] = order[s];
            order[s] = t;
        }
        for (long k = pos->next; k < n; k++) {
            int ex = order[k], label = train->y[ex];

            pos->right +=
                m->ops->forward(m->self, train->x + (size_t)ex * (size_t)train->dim) == label;
            pos->loss += m->ops->loss(m->self, label);
            m->ops->learn(m->self, label, ep.lr);
            if (m->ops->last_transfer(m->self, (n - k - 1) + (long)(c->train.epochs - e - 1) * n)) {
                double e0 = xt_now();
                m->ops->set_book(m->self, 1);
                res->pre_xfer_accuracy = train_evaluate(m, test, test->n, &res->pre_xfer_loss);
                m->ops->set_book(m->self, 0);
                pre_eval += xt_now() - e0;
                res->pre_xfer_example = res->examples + k + 1;
            }
            ret = m->ops->end_example(m->self);
            if (ret)
                goto out;
            pos->next = k + 1;
            if (hooks->example_done) {
                pos->epoch_s = xt_now() - t0;
                ret = hooks->example_done(hooks->user, pos);
                if (ret)
                    goto out;
            }
            if (hooks->progress && (k + 1) % 4096 == 0)
                hooks->progress(hooks->user, e + 1, k + 1, n);
        }
        t1 = xt_now();
        ep.train_loss = pos->loss / n;
        ep.train_accuracy = (double)pos->right / n;
        m->ops->set_book(m->self, 1);
        ep.test_accuracy = train_evaluate(m, test, test->n, &ep.test_loss);
        m->ops->set_book(m->self, 0);
        ep.train_s = t1 - t0 - pre_eval;
        ep.eval_s = xt_now() - t1 + pre_eval;
        if (hooks->progress)
            hooks->progress(hooks->user, e + 1, n, n);

        res->epochs = e + 1;
        res->last = ep;
        res->train_s += ep.train_s;
        res->eval_s += ep.eval_s;
        res->examples += n;
        res->examples_per_s = res->examples / res->train_s;
        pos->next = pos->right = 0;
        pos->loss = pos->epoch_s = 0.0;
        if (hooks->epoch_done) {
            ret = hooks->epoch_done(hooks->user, &ep);
            if (ret) {
                pos->epoch++;
                break;
            }
        }
    }
out:
    free(order);
    return ret;
}

void train_drift(const struct xt_config *c, struct xt_model *m, const struct dataset *test,
                 struct train_drift *out)
{
    const struct xt_times *t = &c->time.infer_after;

    out->n = t->n;
    for (int i = 0; i < t->n; i++) {
        out->after_s[i] = t->s[i];
        m->ops->drift_to(m->self, t->s[i]);
        m->ops->set_book(m->self, 1);
        out->test_accuracy[i] = train_evaluate(m, test, test->n, &out->test_loss[i]);
        m->ops->set_book(m->self, 0);
    }
}
