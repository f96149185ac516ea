/* soft_bounds.c - bidirectional, steps shrinking toward the bound they approach (aihwkit
 * SoftBounds) */
#include "xtile/nvm.h"

/* up: dGmax (1 + a) (1 - G/Gmax) */
static float mean_dg(const struct nvm_class *c, float g, float gmax, float dgmax)
{
    return g >= gmax ? 0.0f : dgmax * nvm_up(c) * (1.0f - g / gmax);
}

static float draw_dg(const struct nvm_class *c, float g, float gmax, float dgmax, uint32_t u)
{
    return nvm_noisy(c, mean_dg(c, g, gmax, dgmax), u);
}

/* down: dGmax (1 - a) G/Gmax */
static float mean_dn(const struct nvm_class *c, float g, float gmax, float dgmax)
{
    return g <= 0.0f ? 0.0f : dgmax * nvm_down(c) * (g / gmax);
}

static float draw_dn(const struct nvm_class *c, float g, float gmax, float dgmax, uint32_t u)
{
    return nvm_noisy(c, mean_dn(c, g, gmax, dgmax), u);
}

const struct nvm_model nvm_soft_bounds = {
    .name = "soft_bounds",
    .help = "bidirectional: up dGmax (1 + up_down) (1 - G/Gmax), down dGmax (1 - up_down) G/Gmax",
    .mean_dg = mean_dg,
    .draw_dg = draw_dg,
    .mean_dn = mean_dn,
    .draw_dn = draw_dn,
};
