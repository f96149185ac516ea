/* linear.c - the ideal reference device: constant step dGmax until Gmax */
#include "xtile/nvm.h"

static float mean_dg(const struct nvm_class *c, float g, float gmax, float dgmax)
{
    (void)c;
    (void)g;
    (void)gmax;
    return dgmax;
}

static float draw_dg(const struct nvm_class *c, float g, float gmax, float dgmax, uint32_t u)
{
    return nvm_noisy(c, mean_dg(c, g, gmax, dgmax), u);
}

const struct nvm_model nvm_linear = {
    .name = "linear",
    .help = "dG = dGmax until Gmax",
    .mean_dg = mean_dg,
    .draw_dg = draw_dg,
};
