/* learner.h - the network a run trains, chosen by weights.encoding, and its reports */
#ifndef XTILE_LEARNER_H
#define XTILE_LEARNER_H

#include "xtile/analog.h"
#include "xtile/json.h"
#include "xtile/model.h"
#include "xtile/net.h"

#include <stddef.h>
#include <stdio.h>

/*
 * One phase of a training example (transfers amortized over clt.every), means
 * over the run: a member of summary.json's by_phase, which xtile report reads.
 */
struct hw_phase {
    double cycles, time_us;
    double energy_pj, set_pj, reset_pj, read_pj;
    double set_pulses, reset_pulses;
};

/* The members of a phase in summary.json and in the report, in order: name and offset. */
struct hw_phase_field {
    const char *key;
    size_t off;
};
enum { HW_PHASE_FIELDS = 8 };
extern const struct hw_phase_field hw_phase_fields[HW_PHASE_FIELDS];
/* Member k of p. */
#define HW_PHASE_AT(p, k) ((double *)((char *)(p) + hw_phase_fields[k].off))

/* One phase as a JSON object: the members summary.json's by_phase and the report share. */
void learner_phase_json(struct json *j, const char *key, const struct hw_phase *p);

struct xt_learner {
    const struct xt_config *cfg;
    bool analog; /* 2dev / 4dev: an; float: net */
    struct net net;
    struct anet an;
    struct xt_model model;
};

/* Builds the float network or the tiles for cfg; errors as net_init / anet_init. */
int learner_init(struct xt_learner *lr, const struct xt_config *cfg);
void learner_free(struct xt_learner *lr);

/* FNV-1a 64 of every device conductance (float: every weight). */
uint64_t learner_weights_hash(const struct xt_learner *lr);

/*
 * Adds the learner's results to a summary: weights_hash, and for device
 * encodings pulses and energy per training example, transfer statistics and
 * endurance (SET/RESET per device: mean, max, log2 histogram, per class).
 */
void learner_summary(const struct xt_learner *lr, long train_examples, struct json *j);

/* The transfers' outcome in one line (xtile report prints the cost per example). */
void learner_print(const struct xt_learner *lr, FILE *f);

/*
 * shadow.csv: the weight error of the device network against its float shadow
 * (shadow.h), "epoch,layer,weights,rms_error,mean_error,rms_shadow" in weight
 * units; epoch 0 is after the initial programming. learner_shadow_epoch adds
 * the rows of an epoch's end (device encodings; 0 or -XT_ENOMEM).
 */
int learner_write_shadow(const struct xt_learner *lr, FILE *f);
int learner_shadow_epoch(struct xt_learner *lr);

/* clt.csv: one row per weight transfer. */
int learner_write_clt(const struct xt_learner *lr, FILE *f);
/* transfer_error.csv: the error of the initial programming and of the transfers by target weight
 * (CLT_ERR_BINS bins over +-w_max): weights, mean signed and absolute error, rms. */
int learner_write_transfer_error(const struct xt_learner *lr, FILE *f);

/*
 * The device states as xtile plot draws them (device encodings). Conductance:
 * "layer,slot,bin,g_lo_us,g_hi_us,devices", LEARNER_G_BINS bins of every
 * device slot (G+, G-, g+, g-; 2dev: g+, g-) of every layer over [0, 1.5
 * nominal Gmax of its class) µS, the last bin taking everything above.
 * Endurance: "class,pulse,bin,lo,hi,devices", the log2 histograms of SET and
 * RESET pulses per device of each class (bin 0: no pulse; bin b: 2^(b-1) ..
 * 2^b - 1), as summary.json's endurance.
 */
enum { LEARNER_G_BINS = 60 };
int learner_write_conductance(const struct xt_learner *lr, FILE *f);
int learner_write_endurance(const struct xt_learner *lr, FILE *f);

#endif
