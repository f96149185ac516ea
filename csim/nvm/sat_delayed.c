/* sat_delayed.c - saturating response after a few small steps: dG = dGmax s(G) (1 - G/Gmax) */
#include "xtile/nvm.h"

/* s(G) = eps + (1 - eps) min(1, G / G_onset) */
static float mean_dg(const struct nvm_class *c, float g, float gmax, float dgmax)
{
    float eps = (float)c->par->eps, onset = (float)c->par->onset * gmax, s;

    if (g >= gmax)
        return 0.0f;
    s = g >= onset ? 1.0f : eps + (1.0f - eps) * (g / onset);
    return dgmax * s * (1.0f - g / gmax);
}

static float draw_dg(const struct nvm_class *c, float g, float gmax, float dgmax, uint32_t u)
{
    return nvm_noisy(c, mean_dg(c, g, gmax, dgmax), u);
}

const struct nvm_model nvm_sat_delayed = {
    .name = "sat_delayed",
    .help = "dG = dGmax s(G) (1 - G/Gmax), s rising from eps to 1 at the onset",
    .mean_dg = mean_dg,
    .draw_dg = draw_dg,
};
