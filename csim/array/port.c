/* port.c - the array model clocked: on-time integration, sampling, pulses, comparators */
#include "xtile/port.h"

#include "xtile/clt.h"
#include "xtile/err.h"

#include <stdlib.h>
#include <string.h>

int port_init(struct port *ps, struct arr *a, const struct adc *fwd, const struct adc *bwd,
              const struct adc *row)
{
    size_t lines = (size_t)a->rows + (size_t)a->cols;

    memset(ps, 0, sizeof *ps);
    ps->a = a;
    ps->adc[PORT_FWD] = fwd;
    ps->adc[PORT_BWD] = bwd;
    ps->adc[PORT_ROW] = row;
    ps->on = calloc(lines, sizeof *ps->on);
    ps->v = calloc(lines, sizeof *ps->v);
    ps->trip = calloc(lines, sizeof *ps->trip);
    ps->onf = calloc(lines, sizeof *ps->onf);
    ps->list_r = calloc((size_t)a->rows, sizeof *ps->list_r);
    ps->list_c = calloc((size_t)a->cols, sizeof *ps->list_c);
    if (!ps->on || !ps->v || !ps->trip || !ps->onf || !ps->list_r || !ps->list_c) {
        port_free(ps);
        return xt_fail(XT_ENOMEM, "cannot allocate the array port");
    }
    return 0;
}

void port_free(struct port *ps)
{
    free(ps->on);
    free(ps->v);
    free(ps->trip);
    free(ps->onf);
    free(ps->list_r);
    free(ps->list_c);
    memset(ps, 0, sizeof *ps);
}

enum { PORT_BLOCK = 64 };

/* Indices of the enabled lines; returns their count. */
static int enabled(const uint8_t *en, int n, int *list)
{
    int k = 0;

    for (int i = 0; i < n; i++)
        if (en[i])
            list[k++] = i;
    return k;
}

static void sample(struct port *ps, const struct port_in *in)
{
    struct arr *a = ps->a;
    float *on = ps->onf;

    for (int l = 0; l < a->rows + a->cols; l++)
        on[l] = (float)ps->on[l];
    ps->mode = in->mode;
    ps->sel = in->sel;
    if (in->mode == PORT_FWD) {
        arr_read_fwd(a, on, ps->v);
    } else if (in->mode == PORT_BWD) {
        arr_read_bwd(a, on + a->rows, ps->v);
    } else { /* one row: the driven one */
        ps->row = 0;
        for (int i = 0; i < a->rows; i++)
            if (ps->on[i])
                ps->row = i;
        arr_read_row(a, ps->row, in->sel, ps->on[ps->row], ps->v);
    }
    /* K - 1 (no threshold is >= v) never trips: the ramp stops at K - 2 */
    for (int l = 0, n = in->mode == PORT_BWD ? a->rows : a->cols; l < n; l++)
        ps->trip[l] = adc_convert(ps->adc[in->mode], ps->v[l]);
}

/*
 * READ over `clocks` clocks of the same lines: every enabled driving line adds
 * +-clocks to its on-time. By blocks of PORT_BLOCK lines, branch-free within
 * one (the compiler vectorizes both loops); a block with no line driven is
 * skipped: a transfer's reads drive one row of hundreds.
 */
static void integrate(struct port *ps, const struct port_in *in, int32_t clocks)
{
    struct arr *a = ps->a;
    bool rows = in->mode != PORT_BWD;
    const uint8_t *restrict en = rows ? in->row_en : in->col_en;
    const uint8_t *restrict neg = rows ? in->row_neg : in->col_neg;
    int32_t *restrict on = ps->on + (rows ? 0 : a->rows);
    int n = rows ? a->rows : a->cols;

    for (int l0 = 0; l0 < n; l0 += PORT_BLOCK) {
        int m = n - l0 < PORT_BLOCK ? n - l0 : PORT_BLOCK;
        uint8_t any = 0;
        for (int l = 0; l < m; l++)
            any |= en[l0 + l];
        if (!any)
            continue;
        for (int l = l0; l < l0 + m; l++)
            on[l] += (en[l] != 0) * clocks * (1 - 2 * (neg[l] != 0));
    }
}

void port_clock(struct port *ps, const struct port_in *in, uint8_t *cmp)
{
    struct arr *a = ps->a;

    if (in->integ_rst)
        memset(ps->on, 0, ((size_t)a->rows + (size_t)a->cols) * sizeof *ps->on);
    if (in->op == PORT_READ)
        integrate(ps, in, 1);
    if (in->sample)
        sample(ps, in);
    if (in->op >= PORT_SET && in->op <= PORT_SWAP) {
        int nr = enabled(in->row_en, a->rows, ps->list_r),
            nc = enabled(in->col_en, a->cols, ps->list_c);
        bool msp = in->sel == ARR_SEL_MSP;
        int plus = arr_pair_plus(a, msp);

        for (int x = 0; x < nr; x++) {
            int i = ps->list_r[x];
            for (int y = 0; y < nc; y++) {
                int j = ps->list_c[y];
                long cell = (long)i * a->cols + j;
                if (in->op == PORT_SET) {
                    arr_set_rc(a, i, j,
                               arr_pulse_slot(a, msp, cell, in->row_neg[i], in->col_neg[j]), 1);
                } else if (in->op == PORT_IDEAL) {
                    clt_ideal_cell(a, cell, a->w[cell], in->swap);
                } else if (in->op == PORT_SWAP) {
                    arr_swap_lsp(a, cell);
                } else if (in->sel >= ARR_SEL_DEV0) {
                    arr_reset(a, cell, in->sel - ARR_SEL_DEV0);
                } else {
                    arr_reset(a, cell, plus);
                    arr_reset(a, cell, plus + 1);
                }
            }
        }
    }
    if (in->conv && cmp) {
        int n = ps->mode == PORT_BWD ? a->rows : a->cols, ramp = in->ramp;
        const int *restrict trip = ps->trip;
        uint8_t *restrict out = cmp;
        for (int l = 0; l < n; l++)
            out[l] = ramp >= trip[l];
    }
}

void port_clocks(struct port *ps, const struct port_in *in, long n)
{
    if (in->op == PORT_READ && !in->integ_rst && !in->sample && !in->conv && n <= INT32_MAX) {
        integrate(ps, in, (int32_t)n);
        return;
    }
    for (long k = 0; k < n; k++)
        port_clock(ps, in, NULL);
}
