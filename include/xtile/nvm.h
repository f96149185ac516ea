/* nvm.h - behavioural NVM device models (unidirectional PCM-like, bidirectional) and their registry
 */
#ifndef XTILE_NVM_H
#define XTILE_NVM_H

#include "xtile/file.h"
#include "xtile/rng.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/*
 * A device has a conductance g in [0, gmax_i] (µS). A SET pulse raises it by
 * a model-defined step, a RESET returns it near 0. Per device, drawn once
 * (device-to-device): gmax_i = g_max_us (1 + gmax_d2d N), dgmax_i =
 * g_max_us / dyn_range (1 + dg_d2d N), both truncated at 5% of nominal; and
 * the yield class (dead: stuck at its RESET value; stuck-on: stuck at gmax_i).
 * Per pulse (pulse-to-pulse): dg = max(0, mean(g) (1 + c2c N)).
 *
 * A bidirectional model also has a depression step (a pulse of the other
 * polarity lowers g by a model-defined step, the same spread). Its RESET is a
 * train of depression pulses (nvm_class.reset_len of them) instead of the
 * abrupt return near 0 of a unidirectional device.
 */

/*
 * The parameters of one device class (the msp. or lsp. keys, docs/devices.md),
 * validated by the configuration; units in the field names.
 */
struct nvm_par {
    int model;          /* index in nvm_models[] */
    double g_max_us;    /* nominal maximum conductance, µS */
    double dyn_range;   /* N_DR = Gmax / dGmax */
    double gmax_d2d;    /* relative sigma of Gmax across devices */
    double dg_d2d;      /* relative sigma of dGmax across devices */
    double c2c;         /* relative sigma of a pulse's step */
    double dead_frac;   /* fraction of devices stuck at RESET */
    double stuck_frac;  /* fraction of devices stuck at Gmax */
    double reset_g_us;  /* conductance a RESET leaves, µS (before its spread) */
    int reset_to_ref;   /* 4dev_shared LSP: a RESET copies the column's reference instead */
    double reset_sigma; /* RESET state spread, fraction of Gmax */
    double read_sigma;  /* read noise per device read, fraction of Gmax */
    double onset;       /* sat_delayed: G_onset / Gmax */
    double eps;         /* sat_delayed: relative step below the onset */
    double up_down;     /* bidirectional: up/down asymmetry a, steps dGmax (1 + a), (1 - a) */
    double ls_decrease_up, ls_decrease_down; /* linear_step: relative decrease at the far bound */
    double ps_gamma;                         /* pow_step: exponent of the distance to the bound */
    int reset_pulses; /* bidirectional: depression pulses of a RESET; 0 = ceil(3 N_DR) */
    double drift_nu, drift_nu_dtod, drift_nu_std; /* drift exponent: mean, per-device and
                                                     per-programming-event sigma */
    double drift_t0_s;                            /* drift reference time, s */
    double leak_tau_s;                            /* leakage time constant, s; 0 = none */
    double leak_rest_us;                          /* what leakage relaxes toward, µS */
    double e_set_pj, e_reset_pj;
    char jt_file[XT_PATH_MAX]; /* jump_table: CSV file */
};

enum nvm_state { NVM_ALIVE = 0, NVM_DEAD = 1, NVM_STUCK_ON = 2 };

struct nvm_jt; /* a loaded jump table (jump_table model) */

/* One device class (MSP or LSP): its parameters and what is derived from them. */
struct nvm_class {
    const struct nvm_par *par;
    const struct nvm_model *model;
    struct nvm_jt *jt; /* jump_table only */
    float g_max;       /* nominal Gmax, µS */
    float dg_max;      /* nominal steep-jump size Gmax / N_DR, µS */
    bool bidir;        /* the model has a depression step (a jump table: a depression part) */
    int reset_len;     /* pulses one RESET takes: 1 (abrupt), or its depression train */
    bool reset_train;  /* a RESET is a train of depression pulses (bidirectional, not abrupt) */
};

/* A device model: adding one is one file plus one line in nvm_models[]. */
struct nvm_model {
    const char *name;
    const char *help;
    /* Mean conductance step of a SET pulse at conductance g, µS (no randomness). */
    float (*mean_dg)(const struct nvm_class *c, float g, float gmax, float dgmax);
    /* Step of one SET pulse given 32 random bits u (pulse-to-pulse spread included). */
    float (*draw_dg)(const struct nvm_class *c, float g, float gmax, float dgmax, uint32_t u);
    /* Bidirectional models (NULL otherwise): mean and drawn size (>= 0) of a depression step. */
    float (*mean_dn)(const struct nvm_class *c, float g, float gmax, float dgmax);
    float (*draw_dn)(const struct nvm_class *c, float g, float gmax, float dgmax, uint32_t u);
    /* A bidirectional model whose RESET is abrupt (a capacitor's reset transistor), not a train. */
    bool reset_abrupt;
};

extern const struct nvm_model nvm_linear, nvm_sat_immediate, nvm_sat_delayed, nvm_jump_table,
    nvm_soft_bounds, nvm_linear_step, nvm_pow_step, nvm_capacitor;

/* The registry, NULL-terminated, in the order of the `model` key's choices. */
extern const struct nvm_model *const nvm_models[];

/*
 * Builds class c from par: validates the cross-key rules (dead + stuck <= 1),
 * loads the jump table when the model needs one. On error returns -XT_EINVAL
 * or -XT_EFORMAT naming the key or the file line, and leaves c cleared.
 */
int nvm_class_init(struct nvm_class *c, const struct nvm_par *par, const char *prefix);
void nvm_class_free(struct nvm_class *c);

/* Pulse-to-pulse spread of an analytic model: max(0, mean (1 + c2c z(u))); inline, per pulse. */
static inline float nvm_noisy(const struct nvm_class *c, float mean, uint32_t u)
{
    float sigma = (float)c->par->c2c, dg;

    if (sigma == 0.0f)
        return mean;
    dg = mean * (1.0f + sigma * (float)xt_normal_u32(u));
    return dg > 0.0f ? dg : 0.0f;
}

/* SET pulse on an alive device: clip(g + dg, 0, gmax). */
static inline float nvm_set(const struct nvm_class *c, float g, float gmax, float dgmax, uint32_t u)
{
    float n = g + c->model->draw_dg(c, g, gmax, dgmax, u);

    return n < 0.0f ? 0.0f : n > gmax ? gmax : n;
}

/* Depression pulse on an alive device of a bidirectional class: clip(g - dn, 0, gmax). */
static inline float nvm_depress(const struct nvm_class *c, float g, float gmax, float dgmax,
                                uint32_t u)
{
    float n = g - c->model->draw_dn(c, g, gmax, dgmax, u);

    return n < 0.0f ? 0.0f : n > gmax ? gmax : n;
}

/* The up and down step factors 1 + a and 1 - a of a bidirectional class. */
static inline float nvm_up(const struct nvm_class *c)
{
    return 1.0f + (float)c->par->up_down;
}
static inline float nvm_down(const struct nvm_class *c)
{
    return 1.0f - (float)c->par->up_down;
}

/* Conductance after an abrupt RESET: min(gmax, reset_g_us + reset_sigma g_max |z(u)|). */
float nvm_reset_value(const struct nvm_class *c, float gmax, uint32_t u);

/* Per-device draws from 8 random words: gmax_i, dgmax_i, state. */
void nvm_draw_device(const struct nvm_class *c, const uint32_t rnd[8], float *gmax, float *dgmax,
                     uint8_t *state);

/* ---- time: drift and leakage (age.c, docs/devices.md "Time") ---- */

/* Whether the class's devices change with time: drift or leakage is on. */
static inline bool nvm_ages(const struct nvm_class *c)
{
    const struct nvm_par *p = c->par;

    return p->drift_nu > 0.0 || p->drift_nu_dtod > 0.0 || p->drift_nu_std > 0.0 ||
           p->leak_tau_s > 0.0;
}

/*
 * Drift exponent of one device for one programming event: max(0, drift_nu + drift_nu_dtod
 * z(u_dev) + drift_nu_std z(u_event)), u_dev a word of the device, u_event one of the event.
 */
double nvm_drift_nu(const struct nvm_class *c, uint32_t u_dev, uint32_t u_event);

/*
 * Conductance at time b (s) of an alive device last programmed at t_p whose g was last brought
 * to time a (t_p or later, or a < t_p when it was programmed since: then its g is t_p's):
 * drift g ((b - t_p)' / (a - t_p)')^-nu with x' = max(x, drift_t0_s), then leakage toward
 * leak_rest_us by exp(-(b - max(a, t_p)) / leak_tau_s); clipped to [0, gmax]. Applied in any
 * number of steps, it gives the closed forms of one step from t_p.
 */
float nvm_age(const struct nvm_class *c, float g, float gmax, double nu, double t_p, double a,
              double b);

/* ---- jump tables (jump_table.c) ---- */

/*
 * CSV, documented in docs/devices.md: bins uniform over g/gmax in [0, 1); per
 * bin Q quantiles of dg / dgmax at levels (k + 0.5) / Q, non-decreasing;
 * version 2 adds a depression part (the same for the depression step's size).
 * On error returns -XT_EIO / -XT_EFORMAT naming the file and line.
 */
int nvm_jt_load(const char *path, struct nvm_jt **out);
/* Whether a loaded table has the depression part (version 2). */
bool nvm_jt_has_down(const struct nvm_jt *jt);
void nvm_jt_free(struct nvm_jt *jt);

/* Writes the jump table of class c's analytic model: `bins` x `quantiles`. */
int nvm_jt_write(const struct nvm_class *c, int bins, int quantiles, FILE *f);

#endif
