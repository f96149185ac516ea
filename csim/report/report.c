/* report.c - what one training example costs: cycles, time, pulse energy, pulses, area */
#include "xtile/report.h"

#include "xtile/err.h"
#include "xtile/file.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const char *const phase_key[XT_PHASES] = {"forward", "backward", "update", "transfer"};
static const char *const cls_key[2] = {"msp", "lsp"};

struct loader {
    struct hw_report *r;
    double cycles, time_us;
    int tile_fields;
};

static void on_leaf(void *user, const char *key, double v)
{
    struct loader *ld = user;
    struct hw_report *r = ld->r;
    char name[64];
    int n, l;

    if (!strcmp(key, "train_examples"))
        r->examples = v;
    else if (!strcmp(key, "cycles_per_example"))
        ld->cycles = v;
    else if (!strcmp(key, "time_us_per_example"))
        ld->time_us = v;
    for (int ph = 0; ph < XT_PHASES; ph++) {
        snprintf(name, sizeof name, "by_phase.%s.", phase_key[ph]);
        if (strncmp(key, name, strlen(name)))
            continue;
        for (size_t k = 0; k < HW_PHASE_FIELDS; k++)
            if (!strcmp(key + strlen(name), hw_phase_fields[k].key))
                *HW_PHASE_AT(&r->phase[ph], k) = v;
    }
    for (int k = 0; k < 2; k++) {
        snprintf(name, sizeof name, "pulses_per_device_per_example.%s.", cls_key[k]);
        if (strncmp(key, name, strlen(name)))
            continue;
        if (!strcmp(key + strlen(name), "devices"))
            r->devices[k] = v;
        else if (!strcmp(key + strlen(name), "set"))
            r->set_per_device[k] = v;
        else if (!strcmp(key + strlen(name), "reset"))
            r->reset_per_device[k] = v;
    }
    if (sscanf(key, "tiles.layer%d.%n", &l, &n) == 1 && l >= 1 && l <= XT_MAX_LAYERS - 1) {
        struct hw_tile *t = &r->tile[l - 1];
        const char *f = key + n;
        if (l > r->ntiles)
            r->ntiles = l;
        ld->tile_fields++;
        if (!strcmp(f, "rows"))
            t->rows = (int)v;
        else if (!strcmp(f, "cols"))
            t->cols = (int)v;
        else if (!strcmp(f, "adc_share"))
            t->share = (int)v;
        else if (!strcmp(f, "converters"))
            t->converters = (int)v;
        else if (!strcmp(f, "code_w"))
            t->code_w = (int)v;
        else if (!strcmp(f, "adc_w"))
            t->adc_w = (int)v;
        else
            ld->tile_fields--;
    }
}

int report_load(const char *rundir, struct hw_report *r)
{
    char path[XT_PATH_MAX + 16], *text;
    struct loader ld = {r, 0, 0, 0};
    int ret;

    memset(r, 0, sizeof *r);
    snprintf(path, sizeof path, "%s/summary.json", rundir);
    if ((ret = xt_read_text(path, "not a finished run", &text)) != 0)
        return ret;
    ret = json_flatten(text, path, on_leaf, &ld);
    free(text);
    if (ret)
        return ret;
    if (r->ntiles == 0)
        return xt_fail(XT_EFORMAT, "%s: no tiles: a run of the float network has no hardware cost",
                       path);
    if (ld.tile_fields != 6 * r->ntiles || ld.time_us <= 0 || r->examples <= 0)
        return xt_fail(XT_EFORMAT, "%s: incomplete: not a device run's summary of this version",
                       path);
    for (int l = 0; l < r->ntiles; l++)
        if (r->tile[l].rows < 1 || r->tile[l].cols < 1 || r->tile[l].share < 1)
            return xt_fail(XT_EFORMAT, "%s: tile %d has no size", path, l + 1);
    r->clk_mhz = ld.cycles / ld.time_us;
    for (int ph = 0; ph < XT_PHASES; ph++)
        for (size_t k = 0; k < HW_PHASE_FIELDS; k++)
            *HW_PHASE_AT(&r->total, k) += *HW_PHASE_AT(&r->phase[ph], k);
    return 0;
}

int report_attach_area(struct hw_report *r, const char *synth_dir)
{
    char base[XT_PATH_MAX + 96], name[96];
    int ret;

    r->tiles_with_area = 0;
    memset(&r->area, 0, sizeof r->area);
    for (int l = 0; l < r->ntiles; l++) {
        struct hw_tile *t = &r->tile[l];
        area_name(name, sizeof name, t->rows, t->cols, t->share, t->code_w, t->adc_w);
        snprintf(base, sizeof base, "%s/%s", synth_dir, name);
        t->have_area = false;
        ret = area_read(base, &t->area);
        if (ret == -XT_EIO)
            continue; /* not synthesized */
        if (ret)
            return ret;
        t->have_area = true;
        r->tiles_with_area++;
        r->area.transistors += t->area.total.transistors;
        r->area.cells += t->area.total.cells;
        r->area.flops += t->area.total.flops;
    }
    if (r->tiles_with_area < r->ntiles)
        memset(&r->area, 0, sizeof r->area);
    return 0;
}

static void phase_row(FILE *f, const char *name, const struct hw_phase *p)
{
    fprintf(f, "  %-20s %11.0f %10.3f %10.3f %9.3f %9.3f %9.3f %11.1f %9.1f\n", name, p->cycles,
            p->time_us, p->energy_pj * 1e-3, p->set_pj * 1e-3, p->reset_pj * 1e-3,
            p->read_pj * 1e-3, p->set_pulses, p->reset_pulses);
}

void report_print(const struct hw_report *r, FILE *f)
{
    fprintf(f,
            "hardware cost per training example (mean over %.0f; the %d tiles one after another, "
            "%.0f MHz; transfers amortized)\n",
            r->examples, r->ntiles, r->clk_mhz);
    fprintf(f, "  %-20s %11s %10s %10s %9s %9s %9s %11s %9s\n", "phase", "cycles", "time us",
            "energy nJ", "SET nJ", "RESET nJ", "read nJ", "SET pulses", "RESETs");
    for (int ph = 0; ph < XT_PHASES; ph++)
        phase_row(f, phase_key[ph], &r->phase[ph]);
    phase_row(f, "total", &r->total);
    fprintf(f, "  pulses per device:");
    for (int k = 0; k < 2; k++)
        if (r->devices[k] > 0)
            fprintf(f, " %s %.4g SET, %.4g RESET (%.0f devices);", k ? "LSP" : "MSP",
                    r->set_per_device[k], r->reset_per_device[k], r->devices[k]);
    fprintf(f, "\nperipheral area (Yosys CMOS transistor estimate of the tile's digital logic; "
               "converters: comparators, not synthesized)\n");
    fprintf(f, "  %-5s %11s %5s %10s %11s %9s %9s %11s %9s %11s %8s\n", "tile", "rows x cols",
            "share", "converters", "pulse_seq", "col_adc", "row_adc", "wxfer_ctl", "top", "total",
            "flops");
    for (int l = 0; l < r->ntiles; l++) {
        const struct hw_tile *t = &r->tile[l];
        char size[24];
        snprintf(size, sizeof size, "%d x %d", t->rows, t->cols);
        fprintf(f, "  %-5d %11s %5d %10d", l + 1, size, t->share, t->converters);
        if (t->have_area) {
            for (int b = 0; b < AREA_BLOCKS; b++)
                fprintf(f, " %*.0f", b == AREA_SEQ || b == AREA_WX ? 11 : 9,
                        t->area.block[b].transistors);
            fprintf(f, " %11.0f %8.0f\n", t->area.total.transistors, t->area.total.flops);
        } else {
            fprintf(f, "  not synthesized (CodeW %d, AdcW %d): xtile report synthesizes it\n",
                    t->code_w, t->adc_w);
        }
    }
    if (r->tiles_with_area == r->ntiles)
        fprintf(f, "  network: %.0f transistors, %.0f flip-flops\n", r->area.transistors,
                r->area.flops);
}

static void cost(struct json *j, const char *key, const struct area_cost *c)
{
    json_obj(j, key);
    json_num(j, "transistors", c->transistors);
    json_num(j, "cells", c->cells);
    json_num(j, "flops", c->flops);
    json_close(j, '}');
}

void report_json(const struct hw_report *r, struct json *j)
{
    json_num(j, "examples", r->examples);
    json_num(j, "clk_mhz", r->clk_mhz);
    json_obj(j, "per_example");
    for (int ph = 0; ph < XT_PHASES; ph++)
        learner_phase_json(j, phase_key[ph], &r->phase[ph]);
    learner_phase_json(j, "total", &r->total);
    json_close(j, '}');
    json_obj(j, "pulses_per_device");
    for (int k = 0; k < 2; k++) {
        if (r->devices[k] <= 0)
            continue;
        json_obj(j, cls_key[k]);
        json_num(j, "devices", r->devices[k]);
        json_num(j, "set", r->set_per_device[k]);
        json_num(j, "reset", r->reset_per_device[k]);
        json_close(j, '}');
    }
    json_close(j, '}');
    json_arr(j, "tiles");
    for (int l = 0; l < r->ntiles; l++) {
        const struct hw_tile *t = &r->tile[l];
        json_obj(j, NULL);
        json_int(j, "rows", t->rows);
        json_int(j, "cols", t->cols);
        json_int(j, "adc_share", t->share);
        json_int(j, "converters", t->converters);
        json_int(j, "code_w", t->code_w);
        json_int(j, "adc_w", t->adc_w);
        if (t->have_area) {
            json_obj(j, "area");
            for (int b = 0; b < AREA_BLOCKS; b++)
                cost(j, area_block_name[b], &t->area.block[b]);
            cost(j, "total", &t->area.total);
            json_close(j, '}');
        }
        json_close(j, '}');
    }
    json_close(j, ']');
    if (r->tiles_with_area == r->ntiles)
        cost(j, "network_area", &r->area);
}
