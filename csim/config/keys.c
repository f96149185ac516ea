/* keys.c - the key table: every configuration key, its type, default, range, unit and meaning */
#include "xtile/config.h"

#include <stddef.h>

static const char *const sets[] = {"mnist", "fashion", NULL};
static const char *const hiddens[] = {"sigmoid", "tanh", NULL};
static const char *const schedules[] = {"const", "step", "exp", NULL};
static const char *const encodings[] = {"float", "2dev", "4dev", "4dev_shared", NULL};
static const char *const schemes[] = {"stochastic", "deterministic", NULL};
static const char *const strategies[] = {"inc", "reset", "target", "ideal", NULL};
static const char *const booleans[] = {"false", "true", NULL};
static const char *const lsp_resets[] = {"all", "needed", NULL};
/* must list nvm_models[] in order: the test config.model_choices_match_registry checks it */
static const char *const models[] = {"linear",     "sat_immediate", "sat_delayed",
                                     "jump_table", "soft_bounds",   "linear_step",
                                     "pow_step",   "capacitor",     NULL};
static const char *const engines[] = {"fast", "cycle", "rtl", NULL};

#define OFF(f) offsetof(struct xt_config, f)
#define LEN(f) sizeof(((struct xt_config *)0)->f)

/*
 * One key per entry, its role named by the helper: an integer or a real in [lo, hi] (REAL_GT:
 * lo itself excluded), an enum over a NULL-terminated list of choices, a text buffer.
 */
#define KEY(n, t, f, d, lo, hi, open, ch, u, h)                                                    \
    {                                                                                              \
        .name = n, .type = t, .off = OFF(f), .def = d, .min = lo, .max = hi, .min_open = open,     \
        .choices = ch, .unit = u, .help = h                                                        \
    }
#define INT(n, f, d, lo, hi, u, h)     KEY(n, XT_CFG_INT, f, d, lo, hi, false, NULL, u, h)
#define REAL(n, f, d, lo, hi, u, h)    KEY(n, XT_CFG_REAL, f, d, lo, hi, false, NULL, u, h)
#define REAL_GT(n, f, d, lo, hi, u, h) KEY(n, XT_CFG_REAL, f, d, lo, hi, true, NULL, u, h)
#define ENUM(n, f, d, ch, h)           KEY(n, XT_CFG_ENUM, f, d, 0, 0, false, ch, "", h)
#define TEXT(n, f, u, h)                                                                           \
    {                                                                                              \
        .name = n, .type = XT_CFG_STR, .off = OFF(f), .len = LEN(f), .def = "", .unit = u,         \
        .help = h                                                                                  \
    }

/* The keys of one device class, the same list for both; e_set/e_reset defaults are proposals. */
#define DEV_KEYS(cls, eset, ereset)                                                                \
    ENUM(#cls ".model", cls.model, "sat_immediate", models,                                        \
         "device model: linear, sat_immediate, sat_delayed, jump_table (unidirectional unless "    \
         "its table has a depression part); soft_bounds, linear_step, pow_step, capacitor "        \
         "(bidirectional)"),                                                                       \
        REAL_GT(#cls ".g_max_us", cls.g_max_us, "20", 0, 1e4, "uS",                                \
                "nominal maximum conductance Gmax"),                                               \
        REAL(#cls ".dyn_range", cls.dyn_range, "100", 1, 1e7, "",                                  \
             "dynamic range N_DR = Gmax / dGmax (steep-jump-sized steps across the range)"),       \
        REAL(#cls ".gmax_d2d", cls.gmax_d2d, "0", 0, 10, "",                                       \
             "device-to-device relative sigma of Gmax"),                                           \
        REAL(#cls ".dg_d2d", cls.dg_d2d, "0", 0, 10, "",                                           \
             "device-to-device relative sigma of dGmax"),                                          \
        REAL(#cls ".c2c", cls.c2c, "0", 0, 10, "", "pulse-to-pulse relative sigma of a SET step"), \
        REAL(#cls ".dead_frac", cls.dead_frac, "0", 0, 1, "",                                      \
             "fraction of dead devices (stuck at RESET)"),                                         \
        REAL(#cls ".stuck_frac", cls.stuck_frac, "0", 0, 1, "",                                    \
             "fraction of stuck-on devices (stuck at Gmax)"),                                      \
        REAL(#cls ".reset_g_us", cls.reset_g_us, "0", 0, 1e4, "uS",                                \
             "conductance an abrupt RESET leaves (a capacitor: its reset level; at most "          \
             "g_max_us)"),                                                                         \
        ENUM(#cls ".reset_to_ref", cls.reset_to_ref, "false", booleans,                            \
             "weights.encoding = 4dev_shared, LSP: a RESET sets the cell to its column's "         \
             "reference (so g - g_ref = 0 and their leakage cancels) instead of reset_g_us"),      \
        REAL(#cls ".reset_sigma", cls.reset_sigma, "0", 0, 1, "",                                  \
             "RESET state spread, fraction of Gmax (G after RESET = reset_g_us + sigma Gmax "      \
             "|N|)"),                                                                              \
        REAL(#cls ".read_sigma", cls.read_sigma, "0", 0, 1, "",                                    \
             "read noise per device read, fraction of Gmax"),                                      \
        REAL_GT(#cls ".onset", cls.onset, "0.1", 0, 1, "",                                         \
                "sat_delayed: onset conductance of the steep part, fraction of Gmax"),             \
        REAL_GT(#cls ".eps", cls.eps, "0.1", 0, 1, "",                                             \
                "sat_delayed: step below the onset, fraction of the steep step"),                  \
        REAL(#cls ".up_down", cls.up_down, "0", -0.99, 0.99, "",                                   \
             "bidirectional: up/down asymmetry a; up steps dGmax (1 + a), down dGmax (1 - a)"),    \
        REAL(#cls ".ls_decrease_up", cls.ls_decrease_up, "0", 0, 1, "",                            \
             "linear_step: relative decrease of the up step at Gmax"),                             \
        REAL(#cls ".ls_decrease_down", cls.ls_decrease_down, "0", 0, 1, "",                        \
             "linear_step: relative decrease of the down step at 0"),                              \
        REAL_GT(#cls ".ps_gamma", cls.ps_gamma, "1", 0, 10, "",                                    \
                "pow_step: exponent of the distance to the bound a step approaches"),              \
        INT(#cls ".reset_pulses", cls.reset_pulses, "0", 0, 1e6, "pulses",                         \
            "bidirectional: depression pulses of one RESET; 0 = ceil(3 dyn_range); "               \
            "models RESET at once (unidirectional, capacitor): 0 only"),                           \
        REAL(#cls ".drift_nu", cls.drift_nu, "0", 0, 1, "",                                        \
             "drift exponent nu (mean): G(t) = G(t_p + t0) ((t - t_p) / t0)^-nu after a "          \
             "programming event at t_p; 0 = no drift"),                                            \
        REAL(#cls ".drift_nu_dtod", cls.drift_nu_dtod, "0", 0, 1, "",                              \
             "device-to-device sigma of nu (drawn once per device)"),                              \
        REAL(#cls ".drift_nu_std", cls.drift_nu_std, "0", 0, 1, "",                                \
             "sigma of nu per programming event (drawn again at each)"),                           \
        REAL_GT(#cls ".drift_t0_s", cls.drift_t0_s, "20", 0, 1e9, "s",                             \
                "drift reference time: no drift until t0 after a programming event"),              \
        REAL(#cls ".leak_tau_s", cls.leak_tau_s, "0", 0, 1e12, "s",                                \
             "leakage time constant: G relaxes toward leak_rest_us as exp(-t / tau); 0 = none"),   \
        REAL(#cls ".leak_rest_us", cls.leak_rest_us, "0", 0, 1e4, "uS",                            \
             "conductance that leakage relaxes toward (at most g_max_us)"),                        \
        REAL(#cls ".e_set_pj", cls.e_set_pj, eset, 0, 1e6, "pJ", "energy of one SET pulse"),       \
        REAL(#cls ".e_reset_pj", cls.e_reset_pj, ereset, 0, 1e6, "pJ",                             \
             "energy of one RESET pulse (bidirectional: of one depression pulse of a RESET)"),     \
        TEXT(#cls ".jt_file", cls.jt_file, "path",                                                 \
             "jump_table: CSV of the step distribution per conductance bin (docs/devices.md)")

static const struct xt_cfg_key keys[] = {
    TEXT("data.dir", data.dir, "path",
         "folder of the IDX files; empty = data/<data.set> (relative to the working directory)"),
    ENUM("data.set", data.set, "mnist", sets,
         "dataset: mnist (the study's) or fashion (Fashion-MNIST, harder)"),
    KEY("net.layers", XT_CFG_LAYERS, net.layers, "784,250,125,10", 0, 0, false, NULL, "neurons",
        "neurons per layer, input first, output last; bias units are added"),
    ENUM("net.hidden", net.hidden, "sigmoid", hiddens, "hidden-layer activation"),
    INT("train.epochs", train.epochs, "20", 1, 10000, "epochs", "passes over the training set"),
    REAL_GT("train.lr", train.lr, "0.1", 0, 10, "",
            "learning rate eta of per-example SGD (first epoch)"),
    ENUM("train.lr_schedule", train.lr_schedule, "step", schedules,
         "const: eta fixed; step: eta *= lr_decay every lr_step_epochs; exp: eta *= lr_decay "
         "every epoch"),
    REAL_GT("train.lr_decay", train.lr_decay, "0.5", 0, 1, "",
            "learning-rate factor of the step and exp schedules"),
    INT("train.lr_step_epochs", train.lr_step_epochs, "5", 1, 10000, "epochs",
        "epochs between decays of the step schedule"),
    INT("train.examples", train.examples, "0", 0, 1e9, "examples",
        "training examples per epoch: the first N of the training file, reshuffled every epoch; "
        "0 = all"),
    INT("train.test_examples", train.test_examples, "0", 0, 1e9, "examples",
        "test examples evaluated after every epoch (the first N); 0 = all"),
    KEY("run.seed", XT_CFG_U64, run.seed, "1", 0, 0, false, NULL, "",
        "seed of every random stream (weights, order, devices); 0..2^64-1"),
    ENUM("weights.encoding", weights.encoding, "float", encodings,
         "float = software baseline; 2dev = one pair G+ - G-; 4dev = F (G+ - G-) + (g+ - g-); "
         "4dev_shared = F (G+ - G-) + (g - g_ref), one reference g_ref per column (the Nature "
         "cell; a bidirectional LSP)"),
    REAL("weights.f", weights.f, "3", 1, 100, "", "gain F of the most significant pair (4dev)"),
    REAL_GT("weights.w_max", weights.w_max, "2", 0, 100, "weight",
            "weight mapped to the largest W: F Gmax_msp + Gmax_lsp (4dev), Gmax_lsp (2dev)"),
    DEV_KEYS(msp, "10", "50"),
    DEV_KEYS(lsp, "10", "50"),
    ENUM("olt.scheme", olt.scheme, "stochastic", schemes,
         "open-loop update pulses: stochastic (LFSR slot trains) or deterministic (overlap count)"),
    INT("olt.bl", olt.bl, "32", 1, 64, "slots",
        "time slots of one update (the pulse-train length)"),
    INT("clt.every", clt.every, "1000", 1, 1e9, "examples",
        "training examples between weight transfers LSP -> MSP (2dev: refresh checks)"),
    REAL_GT("clt.tau", clt.tau, "0.5", 0, 100, "steps",
            "confidence threshold: a weight is done when |target - cell| <= tau nominal steps of "
            "the tuned pair (Gmax / N_DR of one device; 4dev: F-weighted MSP), rounded to "
            "transfer-read codes"),
    INT("clt.max_iter", clt.max_iter, "0", 0, 10000, "iterations",
        "read-compare-SET iterations per row before giving up; at least the span a transfer "
        "moves in nominal steps (4dev: one LSP device's range; 2dev: N_DR); 0 = 3 x that span"),
    ENUM("clt.polarity_inversion", clt.polarity_inversion, "false", booleans,
         "4dev: every transfer swaps the roles of the LSP's two devices, W = F (G+ - G-) -+ (g+ - "
         "g-), so that fixed g+/g- asymmetry cancels over intervals (Ambrogio et al. 2018)"),
    ENUM("clt.lsp_reset", clt.lsp_reset, "needed", lsp_resets,
         "4dev: which LSP devices a transfer RESETs; all: both of every cell; needed: reads each "
         "device alone first and RESETs those at or above half an LSP step (docs/olt.md)"),
    ENUM("clt.strategy", clt.strategy, "inc", strategies,
         "inc: from the present MSP; reset: always from RESET; target: reset when far or "
         "saturated; ideal: exact, no pulses"),
    INT("clt.sat_pulses", clt.sat_pulses, "8", 1, 10000, "pulses",
        "SETs in a row on one device that leave its read code unmoved: saturation"),
    INT("clt.target_codes", clt.target_codes, "16", 0, 65535, "ADC codes",
        "target strategy: a first error above this reprograms the pair from RESET"),
    REAL_GT("clt.refresh_frac", clt.refresh_frac, "0.8", 0, 1, "",
            "2dev occasional RESET: a device read above this fraction of Gmax refreshes its pair"),
    INT("clt.adc_bits", clt.adc_bits, "10", 2, 16, "bits",
        "ADC resolution of a transfer's weight reads (the ramp runs 2^bits steps; full scale "
        "+-w_max)"),
    REAL("clt.offset_us", clt.offset_us, "0", 0, 1000, "uS",
         "4dev: the MSP is tuned to the target less this much (uS of one LSP device), a target "
         "inside (0, offset) RESETs the MSP pair, and the LSP's write-back pass takes the rest "
         "to the target code (the Nature transfer: 2 uS; 0 = off)"),
    INT("tile.x_bits", tile.x_bits, "8", 1, 16, "bits", "activation code width (forward PWM)"),
    INT("tile.d_bits", tile.d_bits, "8", 1, 16, "bits",
        "error code magnitude width (backward PWM), sign separate"),
    INT("tile.adc_bits", tile.adc_bits, "8", 2, 16, "bits",
        "ADC resolution (ramp steps = 2^adc_bits)"),
    INT("tile.adc_bwd_bits", tile.adc_bwd_bits, "0", 0, 16, "bits",
        "ADC resolution of backward reads; 0: tile.adc_bits (1 is refused: no ramp)"),
    INT("tile.set_cycles", tile.set_cycles, "1", 1, 65535, "clocks",
        "width of an update's SET pulse: each of the olt.bl slots lasts this many clocks (a "
        "transfer's pulses take one clock each)"),
    INT("tile.adc_share", tile.adc_share, "1", 1, 1024, "lines",
        "lines per converter: a shared converter converts its lines in turn (conversion time x "
        "share)"),
    REAL_GT("tile.adc_fwd_range", tile.adc_fwd_range, "8", 0, 1e6, "",
            "forward read: pre-activation at ADC full scale (+-)"),
    REAL_GT("tile.adc_bwd_range", tile.adc_bwd_range, "4", 0, 1e6, "",
            "backward read: error (in units of the layer's largest delta) at full scale (+-)"),
    REAL_GT("tile.v_read", tile.v_read, "0.2", 0, 10, "V", "read voltage (read energy V^2 G t)"),
    REAL_GT("tile.clk_mhz", tile.clk_mhz, "1000", 0, 1e5, "MHz",
            "tile clock; one PWM code unit lasts one cycle"),
    REAL("time.idle_s", time.idle_s, "0", 0, 1e6, "s",
         "simulated time between training examples, beside the tile's clocks (drift, leakage)"),
    INT("time.age_every", time.age_every, "1000", 1, 1e9, "examples",
        "training examples between two agings of every device (drift, leakage); every transfer "
        "and evaluation ages them first too"),
    KEY("time.infer_after", XT_CFG_TIMES, time.infer_after, "", 0, 0, false, NULL, "durations",
        "after training, evaluate the test set again after each of these times of drift "
        "(ascending, e.g. 1s,1h,1d,1mo; units s, min, h, d, mo = 30 d, y = 365 d); empty = none"),
    ENUM("engine.kind", engine.kind, "fast", engines,
         "simulation engine: fast = functional (L0); cycle = the tile's cycle models clocked (L1); "
         "rtl = the Verilated RTL clocked (L2, built when Verilator is present)"),
};

const struct xt_cfg_key *xt_config_keys(size_t *n)
{
    *n = sizeof keys / sizeof keys[0];
    return keys;
}
