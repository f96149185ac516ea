/* train.h - the per-example SGD training loop and its per-epoch metrics */
#ifndef XTILE_TRAIN_H
#define XTILE_TRAIN_H

#include "xtile/config.h"
#include "xtile/dataset.h"
#include "xtile/model.h"
#include "xtile/net.h"

/* Metrics of one epoch. Everything but the two timings is deterministic. */
struct train_epoch {
    int epoch;    /* 1-based */
    int examples; /* training examples in the epoch */
    double lr;
    double train_loss;     /* mean cross-entropy over the epoch's examples */
    double train_accuracy; /* fraction classified right by the forward pass before each update */
    double test_loss;
    double test_accuracy;   /* after the epoch, on train.test_examples test examples */
    double train_s, eval_s; /* wall time: training, evaluation */
};

struct train_pos;

struct train_hooks {
    void *user;
    /* Called every few thousand examples and at the end of an epoch; may be NULL. */
    void (*progress)(void *user, int epoch, long done, long total);
    /* Called after each epoch; a non-zero return stops training with that code. */
    int (*epoch_done)(void *user, const struct train_epoch *e);
    /*
     * Called after every training example (pos says where training is; the
     * model holds its state after that example); may be NULL. A non-zero
     * return stops training with that code (checkpoints, signals).
     */
    int (*example_done)(void *user, const struct train_pos *pos);
};

struct train_result {
    int epochs;
    struct train_epoch last;
    double train_s, eval_s; /* totals */
    long examples;          /* training examples processed */
    double examples_per_s;  /* examples / train_s */
    /*
     * The test set just before the run's last transfer (the network with the LSP still
     * holding its updates); `last` holds it after. pre_xfer_example: training examples done
     * at that moment, 0 when the run has no transfer (then the two fields are 0).
     */
    long pre_xfer_example;
    double pre_xfer_accuracy, pre_xfer_loss;
};

/*
 * Where training is: everything of the loop's own state a checkpoint needs
 * (the example order is a function of seed and epoch, so it is not kept).
 */
struct train_pos {
    int epoch;               /* 0-based epoch in progress (epochs done when finished) */
    long next;               /* examples of that epoch done (== n: evaluation next) */
    long right;              /* of those, classified right before their update */
    double loss;             /* their summed loss, in example order */
    double epoch_s;          /* wall seconds spent training that epoch so far */
    struct train_result res; /* the finished epochs */
};

/*
 * Checks that the network fits the data: input layer = pixels per image,
 * output layer = 10 classes. -XT_EINVAL naming the key and both numbers.
 */
int train_check(const struct xt_config *c, const struct dataset *train, const struct dataset *test);

/* Learning rate of 0-based epoch e under the configured schedule. */
double train_lr(const struct xt_config *c, int e);

/* Fraction of the first n examples of ds that m classifies right; *loss = mean loss. */
double train_evaluate(struct xt_model *m, const struct dataset *ds, int n, double *loss);

/* The float network as a model (its weights live in nt). */
struct xt_model net_model(struct net *nt);

/*
 * Trains m (already initialised) for train.epochs epochs on every example of
 * `train` (load it with the train.examples limit), evaluating on every example
 * of `test` after each epoch and just before the run's last transfer. Example order per epoch comes
 * from (run.seed, XT_STREAM_SHUFFLE, epoch). Starts at *pos (zeroed: the first example; a
 * checkpoint's position with m restored from it: the same numbers as if never
 * stopped) and leaves *pos where it stopped, pos->res holding the results.
 * Returns 0, -XT_ENOMEM, an error of the model, or the first non-zero value of
 * hooks->epoch_done or hooks->example_done.
 */
int train_run(const struct xt_config *c, struct xt_model *m, const struct dataset *train,
              const struct dataset *test, const struct train_hooks *hooks, struct train_pos *pos);

/* The test set after training, again after each time of time.infer_after. */
struct train_drift {
    int n;
    double after_s[XT_MAX_TIMES]; /* time since the end of training */
    double test_accuracy[XT_MAX_TIMES], test_loss[XT_MAX_TIMES];
};

/*
 * After train_run: for each duration of time.infer_after in turn, lets m drift to that time past
 * the end of training (model op drift_to) and evaluates every example of `test` (booked to
 * evaluation). Fills *out; cannot fail.
 */
void train_drift(const struct xt_config *c, struct xt_model *m, const struct dataset *test,
                 struct train_drift *out);

#endif
