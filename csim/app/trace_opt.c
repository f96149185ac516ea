/* trace_opt.c - xtile train's pulse trace: its options, the checks before training, its file */
#include "app.h"

#include "xtile/err.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "A:B" into [lo, hi) for option opt; -XT_EINVAL naming it. */
static int parse_range(const char *opt, const char *v, long *lo, long *hi)
{
    char *end, *end2;

    *lo = strtol(v, &end, 10);
    if (end == v || *end != ':' || (*hi = strtol(end + 1, &end2, 10), end2 == end + 1) || *end2 ||
        *lo < 0 || *hi <= *lo)
        return xt_fail(XT_EINVAL, "option %s: '%s' is not a range A:B with 0 <= A < B", opt, v);
    return 0;
}

int app_trace_option(struct app_trace *tr, int which, const char *v)
{
    long lo = 0, hi = 0;
    int ret = 0;

    switch (which) {
    case APP_TRACE_FILE: tr->path = v; break;
    case APP_TRACE_LAYER:
        ret = app_parse_int("--trace-layer", v, 0, XT_MAX_LAYERS, &tr->layer);
        break;
    case APP_TRACE_ROWS:
    case APP_TRACE_COLS:
    case APP_TRACE_EXAMPLES:
        ret = parse_range(which == APP_TRACE_ROWS   ? "--trace-rows"
                          : which == APP_TRACE_COLS ? "--trace-cols"
                                                    : "--trace-examples",
                          v, &lo, &hi);
        if (!ret && which == APP_TRACE_ROWS)
            tr->win.r0 = (int)lo, tr->win.r1 = (int)(hi > 1 << 30 ? 1 << 30 : hi);
        else if (!ret && which == APP_TRACE_COLS)
            tr->win.c0 = (int)lo, tr->win.c1 = (int)(hi > 1 << 30 ? 1 << 30 : hi);
        else if (!ret)
            tr->win.e0 = lo, tr->win.e1 = hi;
        break;
    case APP_TRACE_MAX: {
        char *end;
        long long n = strtoll(v, &end, 10);
        if (end == v || *end || n < 1)
            return xt_fail(XT_EINVAL, "option --trace-max: '%s' is not a positive count", v);
        tr->max = (uint64_t)n;
        break;
    }
    default: break;
    }
    tr->given |= which != APP_TRACE_FILE;
    return ret;
}

/* Whether a window bound lies outside [0, n): the message names the option. */
static int outside(const char *opt, long lo, long hi, long n, const char *what)
{
    return hi > n ? xt_fail(XT_EINVAL, "option %s: %ld:%ld lies outside the %s (0:%ld)", opt, lo,
                            hi, what, n)
                  : 0;
}

/*
 * The most pulses the window can hold: an update gives a weight at most bl
 * coincidences, one pulse each; a transfer at most 4 RESETs and two tuning
 * loops (the pair, then the LSP's residual) of max_iter iterations, each at
 * most one SET or a restart of two RESETs.
 */
static uint64_t worst_case(const struct app_trace *tr, const struct xt_config *c,
                           const struct xt_tile *t)
{
    uint64_t cells = (uint64_t)(tr->win.r1 - tr->win.r0) * (uint64_t)(tr->win.c1 - tr->win.c0);
    uint64_t xfers = 0, per_xfer = 4 + 4 * (uint64_t)t->clt.max_iter;

    for (long e = tr->win.e0; e < tr->win.e1; e++) /* a transfer ends every clt.every-th example */
        xfers += (e + 1) % c->clt.every == 0;
    return cells * ((uint64_t)(tr->win.e1 - tr->win.e0) * (uint64_t)c->olt.bl + xfers * per_xfer);
}

int app_trace_start(struct app_trace *tr, const struct xt_config *c, struct xt_learner *lr,
                    long examples)
{
    const struct xt_tile *t;
    uint64_t worst;
    int ret;

    if (!tr->path)
        return tr->given ? xt_fail(XT_EINVAL, "the --trace-* options need --trace-pulses FILE") : 0;
    if (!lr->analog)
        return xt_fail(XT_EINVAL, "--trace-pulses: weights.encoding is float: a float network "
                                  "has no devices to trace");
    if (tr->layer < 0)
        tr->layer = lr->an.nl - 1;
    if (tr->layer >= lr->an.nl)
        return xt_fail(XT_EINVAL,
                       "option --trace-layer: %d, but the network's weight layers are "
                       "0..%d",
                       tr->layer, lr->an.nl - 1);
    t = &lr->an.tile[tr->layer];
    if (tr->win.r1 < 0)
        tr->win.r1 = -tr->win.r1 < t->arr.rows ? -tr->win.r1 : t->arr.rows;
    if (tr->win.c1 < 0)
        tr->win.c1 = -tr->win.c1 < t->arr.cols ? -tr->win.c1 : t->arr.cols;
    if (tr->win.e1 < 0)
        tr->win.e1 = -tr->win.e1 < examples ? -tr->win.e1 : examples;
    if ((ret = outside("--trace-rows", tr->win.r0, tr->win.r1, t->arr.rows,
                       "layer's rows (inputs and the bias row)")) != 0 ||
        (ret = outside("--trace-cols", tr->win.c0, tr->win.c1, t->arr.cols, "layer's columns")) !=
            0 ||
        (ret = outside("--trace-examples", tr->win.e0, tr->win.e1, examples,
                       "run's training examples")) != 0)
        return ret;
    if ((worst = worst_case(tr, c, t)) > tr->max)
        return xt_fail(XT_EINVAL,
                       "--trace-pulses: the window can hold up to %llu pulses, over the bound of "
                       "%llu (--trace-max N raises it; a smaller window lowers the count)",
                       (unsigned long long)worst, (unsigned long long)tr->max);
    snprintf(tr->tmp, sizeof tr->tmp, "%s.tmp.%ld", tr->path, (long)getpid());
    if (!(tr->f = fopen(tr->tmp, "w")))
        return xt_fail(XT_EIO, "%s: cannot write the pulse trace: %s", tr->path, strerror(errno));
    if ((ret = arr_trace_init(&tr->t, &tr->win, lr->an.tile[tr->layer].arr.ndev, tr->max, tr->f)) !=
        0) {
        app_trace_end(tr, ret);
        return ret;
    }
    lr->an.trace = &tr->t;
    lr->an.tile[tr->layer].arr.trace = &tr->t;
    return 0;
}

int app_trace_end(struct app_trace *tr, int status)
{
    int ret = status;

    if (!tr->f)
        return ret;
    if (fclose(tr->f) != 0 && !ret)
        ret = xt_fail(XT_EIO, "%s: cannot write the pulse trace", tr->path);
    tr->f = NULL;
    if (!ret && rename(tr->tmp, tr->path) != 0)
        ret = xt_fail(XT_EIO, "%s: cannot write the pulse trace", tr->path);
    if (ret)
        unlink(tr->tmp); /* never half a trace */
    arr_trace_free(&tr->t);
    return ret;
}
