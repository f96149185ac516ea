/* linear_step.c - bidirectional, steps falling linearly toward the far bound (aihwkit LinearStep)
 */
#include "xtile/nvm.h"

/* up: dGmax (1 + a) (1 - ls_decrease_up G/Gmax) */
static float mean_dg(const struct nvm_class *c, float g, float gmax, float dgmax)
{
    return g >= gmax ? 0.0f
                     : dgmax * nvm_up(c) * (1.0f - (float)c->par->ls_decrease_up * (g / gmax));
}

static float draw_dg(const struct nvm_class *c, float g, float gmax, float dgmax, uint32_t u)
{
    return nvm_noisy(c, mean_dg(c, g, gmax, dgmax), u);
}

/* down: dGmax (1 - a) (1 - ls_decrease_down (1 - G/Gmax)) */
static float mean_dn(const struct nvm_class *c, float g, float gmax, float dgmax)
{
    return g <= 0.0f
               ? 0.0f
               : dgmax * nvm_down(c) * (1.0f - (float)c->par->ls_decrease_down * (1.0f - g / gmax));
}

static float draw_dn(const struct nvm_class *c, float g, float gmax, float dgmax, uint32_t u)
{
    return nvm_noisy(c, mean_dn(c, g, gmax, dgmax), u);
}

const struct nvm_model nvm_linear_step = {
    .name = "linear_step",
    .help = "bidirectional: up dGmax (1 + up_down) (1 - ls_decrease_up G/Gmax), down "
            "dGmax (1 - up_down) (1 - ls_decrease_down (1 - G/Gmax))",
    .mean_dg = mean_dg,
    .draw_dg = draw_dg,
    .mean_dn = mean_dn,
    .draw_dn = draw_dn,
};
