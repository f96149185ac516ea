/* trace.h - a pulse trace: every pulse of a window of one array, in a fixed order */
#ifndef XTILE_TRACE_H
#define XTILE_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Which pulses: rows [r0, r1) and columns [c0, c1) of the array, training examples [e0, e1). */
struct arr_trace_win {
    int r0, r1, c0, c1;
    long e0, e1;
};

/* One pulse: where, which device, SET or RESET, the device's pulse number, G before and after. */
struct arr_trace_rec {
    int32_t row, col;
    uint8_t dev, reset, phase;
    uint32_t count; /* the device's pulses before this one (its random-number counter) */
    float before, after;
};

/*
 * A pulse trace (docs/trace.md). The array calls arr_trace_add for every
 * pulse in the window while an example of the window is in progress; the
 * records of an example are written, sorted by phase, row, column, device and
 * pulse number, when it ends (arr_trace_flush), so the file does not depend on
 * the order in which an engine applies pulses: the fast and the clocked
 * engines write the same bytes.
 */
struct arr_trace {
    struct arr_trace_win win;
    int ndev;       /* devices per cell: names G+ G- g+ g- (4dev) or g+ g- (2dev) */
    bool on;        /* the example in progress is in the window */
    long example;   /* the training example in progress (0-based over the run) */
    uint64_t max;   /* the bound: records in the whole file */
    uint64_t total; /* records so far, written and buffered */
    struct arr_trace_rec *rec;
    size_t n, cap; /* buffered records of the example in progress */
    FILE *f;
    int err; /* the first error (the bound passed, no memory): arr_trace_flush returns it */
};

/* Starts a trace into f: its header line. 0 or -XT_EIO. */
int arr_trace_init(struct arr_trace *t, const struct arr_trace_win *w, int ndev, uint64_t max,
                   FILE *f);
void arr_trace_free(struct arr_trace *t);

/* The training example `example` starts: pulses are recorded when it is in the window. */
void arr_trace_example(struct arr_trace *t, long example);

/* Whether a pulse of cell (r, c) is recorded now. */
static inline bool arr_trace_wants(const struct arr_trace *t, int r, int c)
{
    return t->on && r >= t->win.r0 && r < t->win.r1 && c >= t->win.c0 && c < t->win.c1;
}

/* Records one pulse (the caller checked arr_trace_wants); past the bound, records t->err. */
void arr_trace_add(struct arr_trace *t, const struct arr_trace_rec *r);

/*
 * Writes the example's records in order and empties the buffer: 0, or the
 * first error (-XT_EINVAL: the bound was passed; -XT_ENOMEM; -XT_EIO).
 */
int arr_trace_flush(struct arr_trace *t);

#endif
