/* test_ckpt.c - checkpoints: a restored learner continues exactly; other versions are refused */
#include "helpers.h"

#include "xtile/ckpt.h"
#include "xtile/err.h"
#include "xtile/rng.h"

#include <criterion/criterion.h>
#include <string.h>

static uint8_t px[200 * 20], lab[200];
static const struct dataset data = {200, 20, 4, 5, px, lab};

static void setup(struct xt_config *c)
{
    struct xt_rng g;

    xt_config_defaults(c);
    cr_assert_eq(xt_config_set(c, "net.layers", "20,12,10"), 0);
    c->weights.encoding = ARR_ENC_4DEV;
    c->lsp.c2c = c->msp.c2c = 0.3;
    c->lsp.read_sigma = 0.01;
    c->clt.every = 30;
    xt_rng_init(&g, 3, XT_STREAM_TEST, 3);
    for (int k = 0; k < 200; k++) {
        lab[k] = (uint8_t)xt_rng_below(&g, 10);
        for (int p = 0; p < 20; p++)
            px[k * 20 + p] =
                (uint8_t)(p / 2 == lab[k] ? 200 + xt_rng_below(&g, 55) : xt_rng_below(&g, 40));
    }
}

/* Examples [from, to) of the data through the learner. */
static void learn(struct xt_learner *lr, int from, int to)
{
    struct xt_model *m = &lr->model;

    for (int k = from; k < to; k++) {
        m->ops->forward(m->self, px + k * 20);
        m->ops->learn(m->self, lab[k], 0.1);
        cr_assert_eq(m->ops->end_example(m->self), 0, "%s", xt_errmsg());
    }
}

Test(ckpt, a_restored_learner_continues_as_if_never_stopped)
{
    struct xt_config c;
    struct xt_learner a, b, fresh;
    struct ckpt_id id;
    struct train_epoch hist[4] = {{.epoch = 1, .test_accuracy = 0.5}};
    struct ckpt_run run = {.pos = {.epoch = 1, .next = 100, .right = 42, .loss = 12.5},
                           .every = 7,
                           .hist = hist,
                           .nhist = 1,
                           .max_hist = 4},
                    back = {.hist = hist + 2, .max_hist = 2};
    const char *dir = th_tmpdir();

    setup(&c);
    cr_assert_eq(ckpt_id_make(&id, &c, &data, &data), 0);
    cr_assert_eq(learner_init(&a, &c), 0, "%s", xt_errmsg());
    learn(&a, 0, 100);
    cr_assert_gt(a.an.nxfers, 0, "a transfer before the checkpoint");
    cr_assert_eq(ckpt_write(dir, &id, &a, &run), 0, "%s", xt_errmsg());
    cr_assert_eq(learner_init(&b, &c), 0, "%s", xt_errmsg());
    cr_assert_eq(learner_init(&fresh, &c), 0, "%s", xt_errmsg());
    cr_assert_eq(ckpt_read(dir, &id, &b, &back), 0, "%s", xt_errmsg());
    cr_assert_eq(memcmp(&back.pos, &run.pos, sizeof run.pos), 0, "position");
    cr_assert_eq(back.every, 7);
    cr_assert_eq(back.nhist, 1);
    cr_assert_eq(hist[2].test_accuracy, 0.5);
    learn(&a, 100, 200);
    learn(&b, 100, 200);
    learn(&fresh, 100, 200);
    cr_assert_eq(learner_weights_hash(&a), learner_weights_hash(&b));
    cr_assert_eq(a.an.codes_hash, b.an.codes_hash);
    cr_assert_eq(a.an.nxfers, b.an.nxfers);
    cr_assert_neq(learner_weights_hash(&a), learner_weights_hash(&fresh), "restoring matters");
    learner_free(&a);
    learner_free(&b);
    learner_free(&fresh);
}

Test(ckpt, another_version_or_configuration_is_refused)
{
    struct xt_config c, d;
    struct xt_learner a;
    struct ckpt_id id, other;
    struct train_epoch hist[1];
    struct ckpt_run run = {.hist = hist, .max_hist = 1};
    const char *dir = th_tmpdir();

    setup(&c);
    cr_assert_eq(ckpt_id_make(&id, &c, &data, &data), 0);
    cr_assert_eq(learner_init(&a, &c), 0, "%s", xt_errmsg());
    other = id;
    snprintf(other.version, sizeof other.version, "v0.0-other");
    cr_assert_eq(ckpt_write(dir, &other, &a, &run), 0, "%s", xt_errmsg());
    cr_assert_eq(ckpt_read(dir, &id, &a, &run), -XT_EFORMAT);
    cr_assert(strstr(xt_errmsg(), "written by xtile v0.0-other"), "%s", xt_errmsg());

    d = c;
    d.run.seed = 2;
    cr_assert_eq(ckpt_id_make(&other, &d, &data, &data), 0);
    cr_assert_neq(other.config_hash, id.config_hash);
    cr_assert_eq(ckpt_write(dir, &other, &a, &run), 0, "%s", xt_errmsg());
    cr_assert_eq(ckpt_read(dir, &id, &a, &run), -XT_EFORMAT);
    cr_assert(strstr(xt_errmsg(), "another configuration"), "%s", xt_errmsg());
    learner_free(&a);
}
