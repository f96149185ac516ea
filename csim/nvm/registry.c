/* registry.c - the table of device models, class set-up and the draws every model shares */
#include "xtile/err.h"
#include "xtile/nvm.h"
#include "xtile/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const struct nvm_model *const nvm_models[] = {
    &nvm_linear,     &nvm_sat_immediate, &nvm_sat_delayed,
    &nvm_jump_table, &nvm_soft_bounds,   &nvm_linear_step,
    &nvm_pow_step,   &nvm_capacitor,     NULL,
};

int nvm_class_init(struct nvm_class *c, const struct nvm_par *par, const char *prefix)
{
    int ret;

    memset(c, 0, sizeof *c);
    if (par->dead_frac + par->stuck_frac > 1.0)
        return xt_fail(XT_EINVAL,
                       "keys '%s.dead_frac' + '%s.stuck_frac' = %g: more than every device", prefix,
                       prefix, par->dead_frac + par->stuck_frac);
    if (par->reset_g_us > par->g_max_us)
        return xt_fail(XT_EINVAL, "key '%s.reset_g_us' = %g: above '%s.g_max_us' = %g", prefix,
                       par->reset_g_us, prefix, par->g_max_us);
    if (par->leak_rest_us > par->g_max_us)
        return xt_fail(XT_EINVAL,
                       "key '%s.leak_rest_us' = %g: above '%s.g_max_us' = %g (leakage relaxes "
                       "toward a conductance the device can hold)",
                       prefix, par->leak_rest_us, prefix, par->g_max_us);
    c->par = par;
    c->model = nvm_models[par->model];
    c->g_max = (float)par->g_max_us;
    c->dg_max = (float)(par->g_max_us / par->dyn_range);
    if (c->model == &nvm_jump_table) {
        if (!par->jt_file[0])
            return xt_fail(XT_EINVAL, "key '%s.jt_file': the jump_table model needs a CSV file",
                           prefix);
        ret = nvm_jt_load(par->jt_file, &c->jt);
        if (ret) {
            xt_errctx("key '%s.jt_file'", prefix);
            memset(c, 0, sizeof *c);
            return ret;
        }
    }
    c->bidir = c->model->draw_dn && (c->model != &nvm_jump_table || nvm_jt_has_down(c->jt));
    c->reset_train = c->bidir && !c->model->reset_abrupt;
    if (par->reset_pulses > 0 && !c->reset_train) {
        ret = c->model == &nvm_jump_table
                  ? xt_fail(XT_EINVAL,
                            "key '%s.reset_pulses' = %d: the jump table %s has no depression part "
                            "(header 'xtile-jump-table,2,...', docs/devices.md)",
                            prefix, par->reset_pulses, par->jt_file)
                  : xt_fail(XT_EINVAL,
                            "key '%s.reset_pulses' = %d: model %s is RESET at once, not by a "
                            "train of depression pulses (leave the key at 0)",
                            prefix, par->reset_pulses, c->model->name);
        nvm_class_free(c);
        return ret;
    }
    /* a bidirectional device's RESET: depression pulses enough to cross its range 3 times */
    c->reset_len = !c->reset_train         ? 1
                   : par->reset_pulses > 0 ? par->reset_pulses
                                           : (int)ceil(3.0 * par->dyn_range);
    return 0;
}

void nvm_class_free(struct nvm_class *c)
{
    nvm_jt_free(c->jt);
    memset(c, 0, sizeof *c);
}

float nvm_reset_value(const struct nvm_class *c, float gmax, uint32_t u)
{
    float g;

    if (c->par->reset_sigma == 0.0)
        g = (float)c->par->reset_g_us;
    else
        g = (float)(c->par->reset_g_us +
                    c->par->reset_sigma * c->par->g_max_us * fabs(xt_normal_u32(u)));
    return g < gmax ? g : gmax;
}

/* 1 + s N, truncated below at 0.05 so every device keeps a positive value */
static float spread(double sigma, uint32_t u)
{
    double f = 1.0 + sigma * xt_normal_u32(u);

    return (float)(f < 0.05 ? 0.05 : f);
}

void nvm_draw_device(const struct nvm_class *c, const uint32_t rnd[8], float *gmax, float *dgmax,
                     uint8_t *state)
{
    double y = xt_u32_open01(rnd[2]);

    *gmax = c->g_max * spread(c->par->gmax_d2d, rnd[0]);
    *dgmax = c->dg_max * spread(c->par->dg_d2d, rnd[1]);
    *state = y < c->par->dead_frac                        ? NVM_DEAD
             : y < c->par->dead_frac + c->par->stuck_frac ? NVM_STUCK_ON
                                                          : NVM_ALIVE;
}
