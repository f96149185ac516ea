/* config.c - the key table, value parsing and range checks, INI in and out */
#include "xtile/config.h"

#include "xtile/err.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const sets[] = {"mnist", "fashion", NULL};
static const char *const hiddens[] = {"sigmoid", "tanh", NULL};
static const char *const schedules[] = {"const", "step", "exp", NULL};
static const char *const encodings[] = {"float", "2dev", "4dev", NULL};
static const char *const schemes[] = {"stochastic", "deterministic", NULL};
static const char *const strategies[] = {"inc", "reset", "target", "ideal", NULL};
static const char *const booleans[] = {"false", "true", NULL};
/* must list nvm_models[] in order: the test config.model_choices_match_registry checks it */
static const char *const models[] = {"linear", "sat_immediate", "sat_delayed", "jump_table", NULL};
static const char *const engines[] = {"fast", "cycle", "rtl", NULL};

/* The longest line a config file may have: libinih's buffer less the newline and the NUL. */
#define XT_INI_LINE (INI_MAX_LINE - 2)

#define OFF(f) offsetof(struct xt_config, f)

/* The keys of one device class; e_set/e_reset defaults are proposals (docs/devices.md). */
#define DEV_KEYS(cls, eset, ereset)                                                                \
    {#cls ".model",                                                                                \
     XT_CFG_ENUM,                                                                                  \
     OFF(cls.model),                                                                               \
     0,                                                                                            \
     "sat_immediate",                                                                              \
     0,                                                                                            \
     0,                                                                                            \
     false,                                                                                        \
     models,                                                                                       \
     "",                                                                                           \
     "device model: linear, sat_immediate, sat_delayed, jump_table"},                              \
        {#cls ".g_max_us",                                                                         \
         XT_CFG_REAL,                                                                              \
         OFF(cls.g_max_us),                                                                        \
         0,                                                                                        \
         "20",                                                                                     \
         0,                                                                                        \
         1e4,                                                                                      \
         true,                                                                                     \
         NULL,                                                                                     \
         "uS",                                                                                     \
         "nominal maximum conductance Gmax"},                                                      \
        {#cls ".dyn_range",                                                                        \
         XT_CFG_REAL,                                                                              \
         OFF(cls.dyn_range),                                                                       \
         0,                                                                                        \
         "100",                                                                                    \
         1,                                                                                        \
         1e7,                                                                                      \
         false,                                                                                    \
         NULL,                                                                                     \
         "",                                                                                       \
         "dynamic range N_DR = Gmax / dGmax (steep-jump-sized steps across the range)"},           \
        {#cls ".gmax_d2d",                                                                         \
         XT_CFG_REAL,                                                                              \
         OFF(cls.gmax_d2d),                                                                        \
         0,                                                                                        \
         "0",                                                                                      \
         0,                                                                                        \
         10,                                                                                       \
         false,                                                                                    \
         NULL,                                                                                     \
         "",                                                                                       \
         "device-to-device relative sigma of Gmax"},                                               \
        {#cls ".dg_d2d",                                                                           \
         XT_CFG_REAL,                                                                              \
         OFF(cls.dg_d2d),                                                                          \
         0,                                                                                        \
         "0",                                                                                      \
         0,                                                                                        \
         10,                                                                                       \
         false,                                                                                    \
         NULL,                                                                                     \
         "",                                                                                       \
         "device-to-device relative sigma of dGmax"},                                              \
        {#cls ".c2c",                                                                              \
         XT_CFG_REAL,                                                                              \
         OFF(cls.c2c),                                                                             \
         0,                                                                                        \
         "0",                                                                                      \
         0,                                                                                        \
         10,                                                                                       \
         false,                                                                                    \
         NULL,                                                                                     \
         "",                                                                                       \
         "pulse-to-pulse relative sigma of a SET step"},                                           \
        {#cls ".dead_frac",                                                                        \
         XT_CFG_REAL,                                                                              \
         OFF(cls.dead_frac),                                                                       \
         0,                                                                                        \
         "0",                                                                                      \
         0,                                                                                        \
         1,                                                                                        \
         false,                                                                                    \
         NULL,                                                                                     \
         "",                                                                                       \
         "fraction of dead devices (stuck at RESET)"},                                             \
        {#cls ".stuck_frac",                                                                       \
         XT_CFG_REAL,                                                                              \
         OFF(cls.stuck_frac),                                                                      \
         0,                                                                                        \
         "0",                                                                                      \
         0,                                                                                        \
         1,                                                                                        \
         false,                                                                                    \
         NULL,                                                                                     \
         "",                                                                                       \
         "fraction of stuck-on devices (stuck at Gmax)"},                                          \
        {#cls ".reset_sigma",                                                                      \
         XT_CFG_REAL,                                                                              \
         OFF(cls.reset_sigma),                                                                     \
         0,                                                                                        \
         "0",                                                                                      \
         0,                                                                                        \
         1,                                                                                        \
         false,                                                                                    \
         NULL,                                                                                     \
         "",                                                                                       \
         "RESET state spread, fraction of Gmax (G after RESET = sigma Gmax |N|)"},                 \
        {#cls ".read_sigma",                                                                       \
         XT_CFG_REAL,                                                                              \
         OFF(cls.read_sigma),                                                                      \
         0,                                                                                        \
         "0",                                                                                      \
         0,                                                                                        \
         1,                                                                                        \
         false,                                                                                    \
         NULL,                                                                                     \
         "",                                                                                       \
         "read noise per device read, fraction of Gmax"},                                          \
        {#cls ".onset",                                                                            \
         XT_CFG_REAL,                                                                              \
         OFF(cls.onset),                                                                           \
         0,                                                                                        \
         "0.1",                                                                                    \
         0,                                                                                        \
         1,                                                                                        \
         true,                                                                                     \
         NULL,                                                                                     \
         "",                                                                                       \
         "sat_delayed: onset conductance of the steep part, fraction of Gmax"},                    \
        {#cls ".eps",                                                                              \
         XT_CFG_REAL,                                                                              \
         OFF(cls.eps),                                                                             \
         0,                                                                                        \
         "0.1",                                                                                    \
         0,                                                                                        \
         1,                                                                                        \
         true,                                                                                     \
         NULL,                                                                                     \
         "",                                                                                       \
         "sat_delayed: step below the onset, fraction of the steep step"},                         \
        {#cls ".e_set_pj",                                                                         \
         XT_CFG_REAL,                                                                              \
         OFF(cls.e_set_pj),                                                                        \
         0,                                                                                        \
         eset,                                                                                     \
         0,                                                                                        \
         1e6,                                                                                      \
         false,                                                                                    \
         NULL,                                                                                     \
         "pJ",                                                                                     \
         "energy of one SET pulse"},                                                               \
        {#cls ".e_reset_pj",                                                                       \
         XT_CFG_REAL,                                                                              \
         OFF(cls.e_reset_pj),                                                                      \
         0,                                                                                        \
         ereset,                                                                                   \
         0,                                                                                        \
         1e6,                                                                                      \
         false,                                                                                    \
         NULL,                                                                                     \
         "pJ",                                                                                     \
         "energy of one RESET pulse"},                                                             \
    {                                                                                              \
#cls ".jt_file", XT_CFG_STR, STR(cls.jt_file), "", 0, 0, false, NULL, "path",              \
            "jump_table: CSV of the step distribution per conductance bin (docs/devices.md)"       \
    }
#define STR(f) OFF(f), sizeof(((struct xt_config *)0)->f)

static const struct xt_cfg_key keys[] = {
    {"data.dir", XT_CFG_STR, STR(data.dir), "", 0, 0, false, NULL, "path",
     "folder of the IDX files; empty = data/<data.set> (relative to the working directory)"},
    {"data.set", XT_CFG_ENUM, OFF(data.set), 0, "mnist", 0, 0, false, sets, "",
     "dataset: mnist (the study's) or fashion (Fashion-MNIST, harder)"},
    {"net.layers", XT_CFG_LAYERS, OFF(net.layers), 0, "784,250,125,10", 0, 0, false, NULL,
     "neurons", "neurons per layer, input first, output last; bias units are added"},
    {"net.hidden", XT_CFG_ENUM, OFF(net.hidden), 0, "sigmoid", 0, 0, false, hiddens, "",
     "hidden-layer activation"},
    {"train.epochs", XT_CFG_INT, OFF(train.epochs), 0, "20", 1, 10000, false, NULL, "epochs",
     "passes over the training set"},
    {"train.lr", XT_CFG_REAL, OFF(train.lr), 0, "0.1", 0, 10, true, NULL, "",
     "learning rate eta of per-example SGD (first epoch)"},
    {"train.lr_schedule", XT_CFG_ENUM, OFF(train.lr_schedule), 0, "step", 0, 0, false, schedules,
     "",
     "const: eta fixed; step: eta *= lr_decay every lr_step_epochs; exp: eta *= lr_decay "
     "every epoch"},
    {"train.lr_decay", XT_CFG_REAL, OFF(train.lr_decay), 0, "0.5", 0, 1, true, NULL, "",
     "learning-rate factor of the step and exp schedules"},
    {"train.lr_step_epochs", XT_CFG_INT, OFF(train.lr_step_epochs), 0, "5", 1, 10000, false, NULL,
     "epochs", "epochs between decays of the step schedule"},
    {"train.examples", XT_CFG_INT, OFF(train.examples), 0, "0", 0, 1e9, false, NULL, "examples",
     "training examples per epoch: the first N of the training file, reshuffled every epoch; "
     "0 = all"},
    {"train.test_examples", XT_CFG_INT, OFF(train.test_examples), 0, "0", 0, 1e9, false, NULL,
     "examples", "test examples evaluated after every epoch (the first N); 0 = all"},
    {"run.seed", XT_CFG_U64, OFF(run.seed), 0, "1", 0, 0, false, NULL, "",
     "seed of every random stream (weights, order, devices); 0..2^64-1"},
    {"weights.encoding", XT_CFG_ENUM, OFF(weights.encoding), 0, "float", 0, 0, false, encodings, "",
     "float = software baseline; 2dev = one pair G+ - G-; 4dev = F (G+ - G-) + (g+ - g-)"},
    {"weights.f", XT_CFG_REAL, OFF(weights.f), 0, "3", 1, 100, false, NULL, "",
     "gain F of the most significant pair (4dev)"},
    {"weights.w_max", XT_CFG_REAL, OFF(weights.w_max), 0, "2", 0, 100, true, NULL, "weight",
     "weight mapped to the largest W: F Gmax_msp + Gmax_lsp (4dev), Gmax_lsp (2dev)"},
    DEV_KEYS(msp, "10", "50"),
    DEV_KEYS(lsp, "10", "50"),
    {"olt.scheme", XT_CFG_ENUM, OFF(olt.scheme), 0, "stochastic", 0, 0, false, schemes, "",
     "open-loop update pulses: stochastic (LFSR slot trains) or deterministic (overlap count)"},
    {"olt.bl", XT_CFG_INT, OFF(olt.bl), 0, "32", 1, 64, false, NULL, "slots",
     "time slots of one update (the pulse-train length)"},
    {"clt.every", XT_CFG_INT, OFF(clt.every), 0, "1000", 1, 1e9, false, NULL, "examples",
     "training examples between weight transfers LSP -> MSP (2dev: refresh checks)"},
    {"clt.tau", XT_CFG_REAL, OFF(clt.tau), 0, "0.5", 0, 100, true, NULL, "steps",
     "confidence threshold: a weight is done when |target - cell| <= tau nominal steps of the "
     "tuned pair (Gmax / N_DR of one device; 4dev: F-weighted MSP), rounded to transfer-read "
     "codes"},
    {"clt.max_iter", XT_CFG_INT, OFF(clt.max_iter), 0, "0", 0, 10000, false, NULL, "iterations",
     "read-compare-SET iterations per row before giving up; at least the span a transfer "
     "moves in nominal steps (4dev: one LSP device's range; 2dev: N_DR); 0 = 3 x that span"},
    {"clt.polarity_inversion", XT_CFG_ENUM, OFF(clt.polarity_inversion), 0, "false", 0, 0, false,
     booleans, "",
     "4dev: every transfer swaps the roles of the LSP's two devices, W = F (G+ - G-) -+ (g+ - "
     "g-), so that fixed g+/g- asymmetry cancels over intervals (Ambrogio et al. 2018)"},
    {"clt.strategy", XT_CFG_ENUM, OFF(clt.strategy), 0, "inc", 0, 0, false, strategies, "",
     "inc: from the present MSP; reset: always from RESET; target: reset when far or "
     "saturated; ideal: exact, no pulses"},
    {"clt.sat_pulses", XT_CFG_INT, OFF(clt.sat_pulses), 0, "8", 1, 10000, false, NULL, "pulses",
     "SETs in a row on one device that leave its read code unmoved: saturation"},
    {"clt.target_codes", XT_CFG_INT, OFF(clt.target_codes), 0, "16", 0, 65535, false, NULL,
     "ADC codes", "target strategy: a first error above this reprograms the pair from RESET"},
    {"clt.refresh_frac", XT_CFG_REAL, OFF(clt.refresh_frac), 0, "0.8", 0, 1, true, NULL, "",
     "2dev occasional RESET: a device read above this fraction of Gmax refreshes its pair"},
    {"clt.adc_bits", XT_CFG_INT, OFF(clt.adc_bits), 0, "10", 2, 16, false, NULL, "bits",
     "ADC resolution of a transfer's weight reads (the ramp runs 2^bits steps; full scale "
     "+-w_max)"},
    {"tile.x_bits", XT_CFG_INT, OFF(tile.x_bits), 0, "8", 1, 16, false, NULL, "bits",
     "activation code width (forward PWM)"},
    {"tile.d_bits", XT_CFG_INT, OFF(tile.d_bits), 0, "8", 1, 16, false, NULL, "bits",
     "error code magnitude width (backward PWM), sign separate"},
    {"tile.adc_bits", XT_CFG_INT, OFF(tile.adc_bits), 0, "8", 2, 16, false, NULL, "bits",
     "ADC resolution (ramp steps = 2^adc_bits)"},
    {"tile.adc_share", XT_CFG_INT, OFF(tile.adc_share), 0, "1", 1, 1024, false, NULL, "lines",
     "lines per converter: a shared converter converts its lines in turn (conversion time x "
     "share)"},
    {"tile.adc_fwd_range", XT_CFG_REAL, OFF(tile.adc_fwd_range), 0, "8", 0, 1e6, true, NULL, "",
     "forward read: pre-activation at ADC full scale (+-)"},
    {"tile.adc_bwd_range", XT_CFG_REAL, OFF(tile.adc_bwd_range), 0, "4", 0, 1e6, true, NULL, "",
     "backward read: error (in units of the layer's largest delta) at full scale (+-)"},
    {"tile.v_read", XT_CFG_REAL, OFF(tile.v_read), 0, "0.2", 0, 10, true, NULL, "V",
     "read voltage (read energy V^2 G t)"},
    {"tile.clk_mhz", XT_CFG_REAL, OFF(tile.clk_mhz), 0, "1000", 0, 1e5, true, NULL, "MHz",
     "tile clock; one PWM code unit lasts one cycle"},
    {"engine.kind", XT_CFG_ENUM, OFF(engine.kind), 0, "fast", 0, 0, false, engines, "",
     "simulation engine: fast = functional (L0); cycle = the tile's cycle models clocked (L1); "
     "rtl = the Verilated RTL clocked (L2, built when Verilator is present)"},
};

const struct xt_cfg_key *xt_config_keys(size_t *n)
{
    *n = sizeof keys / sizeof keys[0];
    return keys;
}

static const struct xt_cfg_key *find_key(const char *name)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(keys[i].name, name) == 0)
            return &keys[i];
    return NULL;
}

/* "integer 1..10000", "real > 0 .. 10", "one of: a, b" */
static void describe(const struct xt_cfg_key *k, char *buf, size_t n)
{
    size_t used;

    switch (k->type) {
    case XT_CFG_INT: snprintf(buf, n, "integer %.0f..%.0f", k->min, k->max); break;
    case XT_CFG_REAL:
        snprintf(buf, n, "real %s %g, <= %g", k->min_open ? ">" : ">=", k->min, k->max);
        break;
    case XT_CFG_U64: snprintf(buf, n, "integer 0..18446744073709551615"); break;
    case XT_CFG_ENUM:
        used = (size_t)snprintf(buf, n, "one of:");
        for (const char *const *c = k->choices; *c && used < n; c++)
            used += (size_t)snprintf(buf + used, n - used, " %s", *c);
        break;
    case XT_CFG_STR: snprintf(buf, n, "text up to %zu bytes", k->len - 1); break;
    case XT_CFG_LAYERS:
        snprintf(buf, n, "2..%d comma-separated integers 1..65536", XT_MAX_LAYERS);
        break;
    }
}

static int bad(const struct xt_cfg_key *k, const char *value, const char *what)
{
    char allowed[256];

    describe(k, allowed, sizeof allowed);
    return xt_fail(XT_EINVAL, "key '%s': '%s' %s (allowed: %s)", k->name, value, what, allowed);
}

/* Parses value into the field of k inside c; c is untouched on error. */
static int parse_into(struct xt_config *c, const struct xt_cfg_key *k, const char *value)
{
    void *field = (char *)c + k->off;
    char *end;

    switch (k->type) {
    case XT_CFG_INT: {
        long long v;
        errno = 0;
        v = strtoll(value, &end, 10);
        if (end == value || *end || errno)
            return bad(k, value, "is not an integer");
        if ((double)v < k->min || (double)v > k->max)
            return bad(k, value, "is out of range");
        *(int *)field = (int)v;
        return 0;
    }
    case XT_CFG_REAL: {
        double v;
        errno = 0;
        v = strtod(value, &end);
        if (end == value || *end || errno || !isfinite(v))
            return bad(k, value, "is not a finite number");
        if (v < k->min || (k->min_open && v == k->min) || v > k->max)
            return bad(k, value, "is out of range");
        *(double *)field = v;
        return 0;
    }
    case XT_CFG_U64: {
        unsigned long long v;
        errno = 0;
        if (value[0] == '-')
            return bad(k, value, "is negative");
        v = strtoull(value, &end, 10);
        if (end == value || *end || errno)
            return bad(k, value, "is not an unsigned integer");
        *(uint64_t *)field = v;
        return 0;
    }
    case XT_CFG_ENUM:
        for (int i = 0; k->choices[i]; i++) {
            if (strcmp(k->choices[i], value) == 0) {
                *(int *)field = i;
                return 0;
            }
        }
        return bad(k, value, "is not a known choice");
    case XT_CFG_STR: {
        size_t n = strlen(value), line = strlen(strchr(k->name, '.') + 1) + 3 + n;
        if (n >= k->len || line > XT_INI_LINE)
            return xt_fail(XT_EINVAL,
                           "key '%s': a value of %zu characters is too long (the line '%s = "
                           "...' of a config file holds at most %d characters)",
                           k->name, n, strchr(k->name, '.') + 1, XT_INI_LINE);
        for (size_t i = 0; i < n; i++) {
            unsigned char ch = (unsigned char)value[i];
            if (ch < 0x20 || ch == 0x7f)
                return xt_fail(XT_EINVAL,
                               "key '%s': the value has control character 0x%02x at "
                               "byte %zu",
                               k->name, ch, i + 1);
            if ((isspace(ch) && (i == 0 || i == n - 1)) || (i == 0 && ch == ';') ||
                (isspace(ch) && value[i + 1] == ';'))
                return xt_fail(XT_EINVAL,
                               "key '%s': the value '%s' cannot be written to a config file "
                               "(leading or trailing blank, or a ';' after a blank or first, "
                               "which starts a comment)",
                               k->name, value);
        }
        strcpy((char *)field, value);
        return 0;
    }
    case XT_CFG_LAYERS: {
        struct xt_layers l = {0};
        const char *p = value;
        for (;;) {
            long v;
            if (l.n == XT_MAX_LAYERS)
                return bad(k, value, "has too many layers");
            errno = 0;
            v = strtol(p, &end, 10);
            if (end == p || errno || v < 1 || v > 65536)
                return bad(k, value, "is not a list of layer sizes");
            l.size[l.n++] = (int)v;
            while (*end == ' ')
                end++;
            if (*end == 0)
                break;
            if (*end != ',')
                return bad(k, value, "is not a list of layer sizes");
            p = end + 1;
        }
        if (l.n < 2)
            return bad(k, value, "needs an input and an output layer");
        *(struct xt_layers *)field = l;
        return 0;
    }
    }
    return xt_fail(XT_EINVAL, "key '%s': unknown type", k->name);
}

void xt_config_defaults(struct xt_config *c)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        int ret = parse_into(c, &keys[i], keys[i].def);
        (void)ret;
        /* a default that fails its own check is a table bug, caught by the tests */
    }
}

int xt_config_set(struct xt_config *c, const char *key, const char *value)
{
    const struct xt_cfg_key *k = find_key(key);

    if (!k)
        return xt_fail(XT_EINVAL, "unknown key '%s' (xtile config --list shows every key)", key);
    return parse_into(c, k, value);
}

int xt_config_set_pair(struct xt_config *c, const char *pair)
{
    const char *eq = strchr(pair, '=');
    char key[128];

    if (!eq || eq == pair || (size_t)(eq - pair) >= sizeof key)
        return xt_fail(XT_EINVAL, "'%s' is not of the form section.key=value", pair);
    memcpy(key, pair, (size_t)(eq - pair));
    key[eq - pair] = 0;
    return xt_config_set(c, key, eq + 1);
}

struct load_ctx {
    struct xt_config *c;
    const char *path;
    FILE *f;
    int line; /* lines read so far = number of the line being parsed */
    int ret;
    const char *other; /* a section the key table does not own, or NULL */
    int (*on_other)(void *user, const char *name, const char *value);
    void *user;
};

/*
 * fgets for inih that counts lines (Debian's inih passes no line numbers) and
 * drops leading blanks, so that an indented line is an ordinary line and never
 * the continuation of the previous key's value (inih's multi-line values).
 */
static char *read_line(char *str, int num, void *stream)
{
    struct load_ctx *ctx = stream;
    size_t len, lead;

    if (ctx->ret || !fgets(str, num, ctx->f))
        return NULL;
    ctx->line++;
    len = strlen(str);
    if (len == (size_t)num - 1 && str[len - 1] != '\n' && !feof(ctx->f)) {
        ctx->ret = xt_fail(XT_EINVAL, "%s:%d: line longer than %d characters", ctx->path, ctx->line,
                           num - 2);
        return NULL;
    }
    lead = strspn(str, " \t");
    memmove(str, str + lead, len - lead + 1);
    return str;
}

static int on_ini(void *user, const char *section, const char *name, const char *value)
{
    struct load_ctx *ctx = user;
    char key[256];

    if (ctx->ret)
        return 1; /* keep the first error only */
    snprintf(key, sizeof key, "%s.%s", section, name);
    if (ctx->other && !strcmp(section, ctx->other))
        ctx->ret = ctx->on_other(ctx->user, name, value);
    else
        ctx->ret = xt_config_set(ctx->c, key, value);
    if (ctx->ret) {
        xt_errctx("%s:%d", ctx->path, ctx->line);
        return 0;
    }
    return 1;
}

int xt_config_load(struct xt_config *c, const char *path)
{
    return xt_config_load_with(c, path, NULL, NULL, NULL);
}

const struct xt_cfg_key *xt_config_key(const char *name)
{
    return find_key(name);
}

int xt_config_load_with(struct xt_config *c, const char *path, const char *other,
                        int (*on_other)(void *user, const char *name, const char *value),
                        void *user)
{
    struct load_ctx ctx = {c, path, NULL, 0, 0, other, on_other, user};
    int line;

    ctx.f = fopen(path, "r");
    if (!ctx.f)
        return xt_fail(XT_EIO, "%s: cannot open config: %s", path, strerror(errno));
    line = ini_parse_stream(read_line, &ctx, on_ini, &ctx);
    fclose(ctx.f);
    if (ctx.ret)
        return ctx.ret;
    if (line != 0)
        return xt_fail(XT_EINVAL, "%s:%d: not an INI line (expected [section] or key = value)",
                       path, line);
    return 0;
}

void xt_config_format(const struct xt_config *c, const struct xt_cfg_key *k, char *buf, size_t n)
{
    const void *field = (const char *)c + k->off;

    switch (k->type) {
    case XT_CFG_INT: snprintf(buf, n, "%d", *(const int *)field); break;
    case XT_CFG_REAL: {
        double v = *(const double *)field;
        /* shortest text that reads back to the same double */
        for (int prec = 6; prec <= 17; prec++) {
            snprintf(buf, n, "%.*g", prec, v);
            if (strtod(buf, NULL) == v)
                break;
        }
        break;
    }
    case XT_CFG_U64: snprintf(buf, n, "%llu", (unsigned long long)*(const uint64_t *)field); break;
    case XT_CFG_ENUM: snprintf(buf, n, "%s", k->choices[*(const int *)field]); break;
    case XT_CFG_STR: snprintf(buf, n, "%s", (const char *)field); break;
    case XT_CFG_LAYERS: {
        const struct xt_layers *l = field;
        size_t used = 0;
        buf[0] = 0;
        for (int i = 0; i < l->n && used < n; i++)
            used += (size_t)snprintf(buf + used, n - used, i ? ",%d" : "%d", l->size[i]);
        break;
    }
    }
}

int xt_config_write(const struct xt_config *c, FILE *f)
{
    char section[64] = "", value[XT_PATH_MAX + 64];

    fprintf(f, "; xtile resolved configuration: every key, defaults included\n");
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *dot = strchr(keys[i].name, '.');
        size_t sl = (size_t)(dot - keys[i].name);
        if (strlen(section) != sl || strncmp(section, keys[i].name, sl) != 0) {
            memcpy(section, keys[i].name, sl);
            section[sl] = 0;
            fprintf(f, "\n[%s]\n", section);
        }
        xt_config_format(c, &keys[i], value, sizeof value);
        fprintf(f, "%s = %s\n", dot + 1, value);
    }
    return ferror(f) ? xt_fail(XT_EIO, "cannot write config") : 0;
}

int xt_config_write_doc(FILE *f)
{
    char allowed[256];

    fprintf(f, "# Configuration keys\n\n"
               "Generated by `xtile config --markdown` from the key table in "
               "csim/train/config.c; do not edit by hand.\n"
               "Every key can be set in an INI file (`[section]` then `key = value`) or on the "
               "command line as `--set section.key=value`; later settings win. Unknown keys and "
               "out-of-range values are errors.\n\n"
               "| key | default | unit | allowed | meaning |\n|---|---|---|---|---|\n");
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        describe(&keys[i], allowed, sizeof allowed);
        fprintf(f, "| `%s` | `%s` | %s | %s | %s |\n", keys[i].name, keys[i].def, keys[i].unit,
                allowed, keys[i].help);
    }
    return ferror(f) ? xt_fail(XT_EIO, "cannot write the key reference") : 0;
}

const char *xt_config_data_dir(const struct xt_config *c, char *buf, size_t n)
{
    if (c->data.dir[0])
        snprintf(buf, n, "%s", c->data.dir);
    else
        snprintf(buf, n, "data/%s", sets[c->data.set]);
    return buf;
}

const char *xt_config_enum_name(const char *name, int value)
{
    const struct xt_cfg_key *k = find_key(name);

    if (!k || k->type != XT_CFG_ENUM || value < 0)
        return "?";
    for (int i = 0; k->choices[i]; i++)
        if (i == value)
            return k->choices[i];
    return "?";
}
