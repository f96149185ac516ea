/* age.c - what time does to a device: power-law drift after each programming event, leakage */
#include "xtile/nvm.h"

#include <math.h>

double nvm_drift_nu(const struct nvm_class *c, uint32_t u_dev, uint32_t u_event)
{
    const struct nvm_par *p = c->par;
    double nu = p->drift_nu;

    if (p->drift_nu_dtod > 0.0)
        nu += p->drift_nu_dtod * xt_normal_u32(u_dev);
    if (p->drift_nu_std > 0.0)
        nu += p->drift_nu_std * xt_normal_u32(u_event);
    return nu > 0.0 ? nu : 0.0;
}

float nvm_age(const struct nvm_class *c, float g, float gmax, double nu, double t_p, double a,
              double b)
{
    const struct nvm_par *p = c->par;
    double v = g;

    if (b <= a)
        return g;
    if (nu > 0.0) {
        double from = fmax(a - t_p, p->drift_t0_s), to = fmax(b - t_p, p->drift_t0_s);
        if (to > from)
            v *= pow(to / from, -nu);
    }
    if (p->leak_tau_s > 0.0) {
        double rest = fmin(p->leak_rest_us, gmax), dt = b - fmax(a, t_p);
        if (dt > 0.0)
            v = rest + (v - rest) * exp(-dt / p->leak_tau_s);
    }
    return v < 0.0 ? 0.0f : v > gmax ? gmax : (float)v;
}
