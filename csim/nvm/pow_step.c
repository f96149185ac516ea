/* pow_step.c - bidirectional, steps a power of the distance to the bound (aihwkit PowStep) */
#include "xtile/nvm.h"

#include <math.h>

/* up: dGmax (1 + a) (1 - G/Gmax)^ps_gamma */
static float mean_dg(const struct nvm_class *c, float g, float gmax, float dgmax)
{
    return g >= gmax ? 0.0f : dgmax * nvm_up(c) * powf(1.0f - g / gmax, (float)c->par->ps_gamma);
}

static float draw_dg(const struct nvm_class *c, float g, float gmax, float dgmax, uint32_t u)
{
    return nvm_noisy(c, mean_dg(c, g, gmax, dgmax), u);
}

/* down: dGmax (1 - a) (G/Gmax)^ps_gamma */
static float mean_dn(const struct nvm_class *c, float g, float gmax, float dgmax)
{
    return g <= 0.0f ? 0.0f : dgmax * nvm_down(c) * powf(g / gmax, (float)c->par->ps_gamma);
}

static float draw_dn(const struct nvm_class *c, float g, float gmax, float dgmax, uint32_t u)
{
    return nvm_noisy(c, mean_dn(c, g, gmax, dgmax), u);
}

const struct nvm_model nvm_pow_step = {
    .name = "pow_step",
    .help = "bidirectional: up dGmax (1 + up_down) (1 - G/Gmax)^ps_gamma, down "
            "dGmax (1 - up_down) (G/Gmax)^ps_gamma",
    .mean_dg = mean_dg,
    .draw_dg = draw_dg,
    .mean_dn = mean_dn,
    .draw_dn = draw_dn,
};
