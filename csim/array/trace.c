/* trace.c - a pulse trace of a window of one array: buffered per example, written sorted */
#include "xtile/trace.h"

#include "xtile/array.h"
#include "xtile/err.h"

#include <stdlib.h>
#include <string.h>

int arr_trace_init(struct arr_trace *t, const struct arr_trace_win *w, int ndev, uint64_t max,
                   FILE *f)
{
    memset(t, 0, sizeof *t);
    t->win = *w;
    t->ndev = ndev;
    t->max = max;
    t->f = f;
    t->example = -1;
    fprintf(f, "example,phase,row,col,device,pulse,device_pulse,g_before_us,g_after_us\n");
    return ferror(f) ? xt_fail(XT_EIO, "cannot write the pulse trace") : 0;
}

void arr_trace_free(struct arr_trace *t)
{
    free(t->rec);
    t->rec = NULL;
    t->n = t->cap = 0;
}

void arr_trace_example(struct arr_trace *t, long example)
{
    t->example = example;
    t->on = example >= t->win.e0 && example < t->win.e1;
}

void arr_trace_add(struct arr_trace *t, const struct arr_trace_rec *r)
{
    if (t->err)
        return;
    if (t->total == t->max) {
        t->err = xt_fail(XT_EINVAL,
                         "the pulse trace passed its bound of %llu pulses at training example %ld "
                         "(--trace-max)",
                         (unsigned long long)t->max, t->example);
        return;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 4096;
        struct arr_trace_rec *nr = realloc(t->rec, cap * sizeof *nr);
        if (!nr) {
            t->err = xt_fail(XT_ENOMEM, "cannot buffer the pulse trace");
            return;
        }
        t->rec = nr;
        t->cap = cap;
    }
    t->rec[t->n++] = *r;
    t->total++;
}

static int cmp_rec(const void *pa, const void *pb)
{
    const struct arr_trace_rec *a = pa, *b = pb;

    if (a->phase != b->phase)
        return a->phase < b->phase ? -1 : 1;
    if (a->row != b->row)
        return a->row < b->row ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    if (a->dev != b->dev)
        return a->dev < b->dev ? -1 : 1;
    return a->count < b->count ? -1 : a->count > b->count;
}

int arr_trace_flush(struct arr_trace *t)
{
    static const char *const phase[XT_PHASES] = {"forward", "backward", "update", "transfer"};
    static const char *const dev4[4] = {"G+", "G-", "g+", "g-"}, *const dev2[2] = {"g+", "g-"};

    if (t->err)
        return t->err;
    qsort(t->rec, t->n, sizeof *t->rec, cmp_rec);
    for (size_t i = 0; i < t->n; i++) {
        const struct arr_trace_rec *r = &t->rec[i];
        fprintf(t->f, "%ld,%s,%d,%d,%s,%s,%u,%.9g,%.9g\n", t->example, phase[r->phase], r->row,
                r->col, t->ndev == 4 ? dev4[r->dev] : dev2[r->dev], r->reset ? "reset" : "set",
                r->count, r->before, r->after);
    }
    t->n = 0;
    return ferror(t->f) ? (t->err = xt_fail(XT_EIO, "cannot write the pulse trace")) : 0;
}
