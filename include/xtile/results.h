/* results.h - the run folder: config.ini, metrics.csv, summary.json, each written atomically */
#ifndef XTILE_RESULTS_H
#define XTILE_RESULTS_H

#include "xtile/config.h"
#include "xtile/learner.h"
#include "xtile/train.h"

/* Metadata of a run that is not in the config. */
struct results_meta {
    const char *data_dir;
    int train_examples, test_examples;
};

/*
 * Creates the run folder and removes a previous run's metrics.csv and
 * summary.json from it, so that a folder never shows a finished run's summary
 * beside a new run's files. -XT_EIO naming the folder.
 */
int results_open(const char *dir);

/* Whether the run in dir has finished: its summary.json exists (written last). */
bool results_finished(const char *dir);

int results_write_config(const char *dir, const struct xt_config *c);

/* metrics.csv: a header and one row per finished epoch (deterministic: no timings). */
int results_write_metrics(const char *dir, const struct train_epoch *hist, int n);

/* summary.json (DESIGN.md section 13); written last, only for a finished run. */
int results_write_summary(const char *dir, const struct xt_config *c,
                          const struct results_meta *meta, const struct train_result *r,
                          const struct xt_learner *lr);

/* clt.csv: per-transfer statistics; transfer_error.csv: errors by target weight (device
 * encodings). */
int results_write_clt(const char *dir, const struct xt_learner *lr);
/* shadow.csv (device encodings; learner_write_shadow): the float shadow's error so far. */
int results_write_shadow(const char *dir, const struct xt_learner *lr);

/*
 * The device states (device encodings; a float run: nothing): at the start,
 * g_start.csv (after the initial programming); at the end, g_end.csv and
 * endurance.csv (learner_write_conductance, learner_write_endurance).
 */
int results_write_devices(const char *dir, const struct xt_learner *lr, bool end);

/*
 * drift.csv: the test set after each time of time.infer_after (train_drift); written after
 * summary.json (the weights it reports are those at the end of training).
 */
int results_write_drift(const char *dir, const struct train_drift *d);

#endif
