/* linear.c - the ideal reference device: constant step dGmax until Gmax */
#include "xtile/nvm.h"

static float mean_dg(const struct nvm_class *c, float g, float gmax, float dgmax)
{
    (void)c;
    (void)g;
    (void)gmax;
    return dgmax;
}

const struct nvm_model nvm_linear = {
    .name = "linear",
    .help = "dG = dGmax until Gmax",
    .mean_dg = mean_dg,
    .draw_dg = nvm_draw_analytic,
};
