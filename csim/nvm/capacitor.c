/* capacitor.c - a capacitor cell (3T1C): charge added or removed per pulse, reset at once */
#include "xtile/nvm.h"

/*
 * The read transistor's conductance follows the capacitor's charge, which each pulse moves by a
 * fixed amount: up dGmax (1 + a), down dGmax (1 - a), bounded by [0, Gmax] (linear_step with
 * both decreases 0 has the same steps). Its RESET is the cell's reset transistor: at once, to
 * reset_g_us (docs/devices.md "The 3T1C cell").
 */
static float mean_dg(const struct nvm_class *c, float g, float gmax, float dgmax)
{
    return g >= gmax ? 0.0f : dgmax * nvm_up(c);
}

static float draw_dg(const struct nvm_class *c, float g, float gmax, float dgmax, uint32_t u)
{
    return nvm_noisy(c, mean_dg(c, g, gmax, dgmax), u);
}

static float mean_dn(const struct nvm_class *c, float g, float gmax, float dgmax)
{
    (void)gmax;
    return g <= 0.0f ? 0.0f : dgmax * nvm_down(c);
}

static float draw_dn(const struct nvm_class *c, float g, float gmax, float dgmax, uint32_t u)
{
    return nvm_noisy(c, mean_dn(c, g, gmax, dgmax), u);
}

const struct nvm_model nvm_capacitor = {
    .name = "capacitor",
    .help = "bidirectional, a capacitor cell: up dGmax (1 + up_down), down dGmax (1 - up_down), "
            "RESET at once to reset_g_us; leakage with leak_tau_s",
    .mean_dg = mean_dg,
    .draw_dg = draw_dg,
    .mean_dn = mean_dn,
    .draw_dn = draw_dn,
    .reset_abrupt = true,
};
