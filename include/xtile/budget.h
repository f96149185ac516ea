/* budget.h - the error budget of a device configuration: what each non-ideality costs */
#ifndef XTILE_BUDGET_H
#define XTILE_BUDGET_H

#include "xtile/config.h"
#include "xtile/sweep.h"

#define BUDGET_MAX_FACTORS 8

/*
 * A budget is a zip sweep of one configuration (docs/study.md, "The error
 * budget"): point 0 the configuration as given ("all"), point 1 every
 * non-ideality removed ("ideal": same encoding, network and schedule), then
 * for each factor present in the configuration, in table order, the
 * configuration with that factor alone removed ("-NAME") and the ideal
 * configuration with that factor alone put back ("+NAME"). A factor is a
 * group of keys and their ideal values (device-to-device spread, pulse-to-
 * pulse spread, yield, read and RESET noise, saturation, quantization,
 * transfer error); it is present when one of its keys differs from its ideal
 * value (2dev: the lsp. keys alone count).
 */
struct budget {
    int nf;                         /* factors present */
    int factor[BUDGET_MAX_FACTORS]; /* their rows in the factor table */
    int seeds;
};

/* Name of row f of the factor table ("device-to-device", ...). */
const char *budget_factor_name(int f);

/* Point numbers of the sweep (see struct budget). */
enum { BUDGET_ALL = 0, BUDGET_IDEAL = 1 };
static inline long budget_removed(int i)
{
    return 2 + 2L * i;
}
static inline long budget_alone(int i)
{
    return 3 + 2L * i;
}

/* The name of point pt: "all", "ideal", "-NAME" or "+NAME" (the sweep's label, budget.csv's). */
void budget_label(const struct budget *b, long pt, char *buf, size_t n);

/*
 * The budget of c with `seeds` seeds: fills *b and the zip spec *s of its
 * points (labels "all", "ideal", "-NAME", "+NAME"). -XT_EINVAL when c is a
 * float network or holds no non-ideality, with the reason.
 */
int budget_plan(const struct xt_config *c, int seeds, struct budget *b, struct sweep_spec *s);

/* Writes s as the [sweep] section of the budget's study config, labels included. */
void budget_write_spec(const struct sweep_spec *s, FILE *f);

/*
 * From the finished runs of the budget in dir (dir/runs/PPP-sJ/summary.json):
 * dir/budget.csv (every quantity: mean, SD, 95 % half-width, n; in points of
 * test accuracy), dir/budget.md (the table) and dir/budget.gp with
 * dir/budget.dat (the waterfall). Differences are paired by seed: runs of one
 * seed share initial weights, example order and device draws. 0, or -XT_EIO /
 * -XT_EFORMAT naming a run that has not finished or cannot be read, with
 * nothing written.
 */
int budget_write(const char *dir, const struct budget *b);

#endif
