/* sat_immediate.c - saturating response, steepest step first: dG = dGmax (1 - G/Gmax) */
#include "xtile/nvm.h"

static float mean_dg(const struct nvm_class *c, float g, float gmax, float dgmax)
{
    (void)c;
    return g >= gmax ? 0.0f : dgmax * (1.0f - g / gmax);
}

static float draw_dg(const struct nvm_class *c, float g, float gmax, float dgmax, uint32_t u)
{
    return nvm_noisy(c, mean_dg(c, g, gmax, dgmax), u);
}

const struct nvm_model nvm_sat_immediate = {
    .name = "sat_immediate",
    .help = "dG = dGmax (1 - G/Gmax): the steep jump comes first",
    .mean_dg = mean_dg,
    .draw_dg = draw_dg,
};
