/* config.h - every run parameter: one key table, INI files and --set overrides */
#ifndef XTILE_CONFIG_H
#define XTILE_CONFIG_H

#include "xtile/array.h"
#include "xtile/clt.h"
#include "xtile/engine.h"
#include "xtile/file.h"
#include "xtile/nvm.h"
#include "xtile/olt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define XT_MAX_LAYERS 8 /* neuron layers, input and output included */

enum xt_dataset_kind { XT_DATA_MNIST, XT_DATA_FASHION };
enum xt_hidden { XT_HIDDEN_SIGMOID, XT_HIDDEN_TANH };
enum xt_lr_schedule { XT_LR_CONST, XT_LR_STEP, XT_LR_EXP };

#define XT_MAX_TIMES 16 /* durations of time.infer_after */
struct xt_times {
    int n;                  /* 0..XT_MAX_TIMES */
    double s[XT_MAX_TIMES]; /* seconds, ascending */
};

struct xt_layers {
    int n;                   /* neuron layers (>= 2) */
    int size[XT_MAX_LAYERS]; /* neurons per layer, bias units not counted */
};

/* The resolved configuration. Fields are named and unit-suffixed as their keys. */
struct xt_config {
    struct {
        char dir[XT_PATH_MAX]; /* "" = data/<set> */
        int set;               /* enum xt_dataset_kind */
    } data;
    struct {
        struct xt_layers layers;
        int hidden; /* enum xt_hidden */
    } net;
    struct {
        int epochs;
        double lr;
        int lr_schedule; /* enum xt_lr_schedule */
        double lr_decay;
        int lr_step_epochs;
        int examples;      /* per epoch, 0 = all */
        int test_examples; /* 0 = all */
    } train;
    struct {
        uint64_t seed;
    } run;
    struct arr_enc weights;  /* the encoding (array.h) */
    struct nvm_par msp, lsp; /* the device classes (nvm.h) */
    struct olt_cfg olt;      /* open-loop updates (olt.h) */
    struct clt_cfg clt;      /* transfers (clt.h) */
    struct xt_tile_cfg tile; /* the tile's periphery (engine.h) */
    struct {
        double idle_s;               /* between training examples */
        int age_every;               /* training examples between agings */
        struct xt_times infer_after; /* after training: evaluations after these drift times */
    } time;
    struct xt_engine_cfg engine;
};

enum xt_cfg_type {
    XT_CFG_INT,
    XT_CFG_REAL,
    XT_CFG_U64,
    XT_CFG_ENUM,
    XT_CFG_STR,
    XT_CFG_LAYERS,
    XT_CFG_TIMES
};

/* One row of the key table: the single definition of a configuration key. */
struct xt_cfg_key {
    const char *name; /* "section.key" */
    enum xt_cfg_type type;
    size_t off;                 /* offsetof(struct xt_config, field) */
    size_t len;                 /* XT_CFG_STR: buffer size */
    const char *def;            /* default, as text (parsed by the same code as user input) */
    double min, max;            /* XT_CFG_INT / XT_CFG_REAL: allowed range, inclusive... */
    bool min_open;              /* ...except min itself when set (lr > 0) */
    const char *const *choices; /* XT_CFG_ENUM: NULL-terminated names */
    const char *unit;           /* "" if none */
    const char *help;
};

/* The key table, in documentation order; *n receives its length. */
const struct xt_cfg_key *xt_config_keys(size_t *n);

/* Fills *c with every default. Cannot fail. */
void xt_config_defaults(struct xt_config *c);

/*
 * Sets `key` ("section.key") from text. Unknown key, bad type or out-of-range
 * value: returns -XT_EINVAL with a message naming the key, the value and what
 * is allowed, and leaves *c unchanged.
 */
int xt_config_set(struct xt_config *c, const char *key, const char *value);

/* Applies "section.key=value". Errors as xt_config_set, or a malformed pair. */
int xt_config_set_pair(struct xt_config *c, const char *pair);

/*
 * Applies every key of an INI file. Missing file: -XT_EIO; syntax error or a
 * bad key/value: -XT_EINVAL naming the file and line. On error *c may hold
 * the keys applied before the bad line.
 */
int xt_config_load(struct xt_config *c, const char *path);

/*
 * As xt_config_load, but the lines of section `other` go to on_other (name,
 * value) instead of the key table; its non-zero return stops the load and gets
 * the file and line prepended to its message.
 */
int xt_config_load_with(struct xt_config *c, const char *path, const char *other,
                        int (*on_other)(void *user, const char *name, const char *value),
                        void *user);

/* The key table's row of `name` ("section.key"), or NULL. */
const struct xt_cfg_key *xt_config_key(const char *name);

/* Formats the value of key k of c into buf. */
void xt_config_format(const struct xt_config *c, const struct xt_cfg_key *k, char *buf, size_t n);

/* Writes c as an INI file that xt_config_load reads back to the same values. */
int xt_config_write(const struct xt_config *c, FILE *f);

/* Writes the key table as a Markdown reference (docs/config.md). */
int xt_config_write_doc(FILE *f);

/*
 * The inputs of a transfer's parameters (clt_params_init) in c: what benches
 * and tests that build a transfer without a tile pass (xt_tile_clt_setup, as
 * xt_tile_init forms it).
 */
struct clt_setup xt_config_clt_setup(const struct xt_config *c);
/* clt_span_steps of c's encoding and device classes. */
int xt_config_span_steps(const struct xt_config *c);

/* The data folder: data.dir, or data/<set> when it is empty. */
const char *xt_config_data_dir(const struct xt_config *c, char *buf, size_t n);

/* Name of an enum value of key `name` (for reports). */
const char *xt_config_enum_name(const char *name, int value);

#endif
