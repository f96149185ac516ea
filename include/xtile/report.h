/* report.h - what one training example costs: cycles, time, pulse energy, pulses, area */
#ifndef XTILE_REPORT_H
#define XTILE_REPORT_H

#include "xtile/area.h"
#include "xtile/array.h"
#include "xtile/config.h"
#include "xtile/json.h"
#include "xtile/learner.h"

#include <stdbool.h>
#include <stdio.h>

/* One layer's tile: its size and the RTL it needs; its area once synthesized. */
struct hw_tile {
    int rows, cols, share, converters, code_w, adc_w;
    bool have_area;
    struct tile_area area;
};

struct hw_report {
    double examples; /* training examples the means are over */
    double clk_mhz;
    struct hw_phase phase[XT_PHASES], total;
    double devices[2], set_per_device[2], reset_per_device[2]; /* ARR_MSP, ARR_LSP */
    int ntiles;
    struct hw_tile tile[XT_MAX_LAYERS - 1];
    int tiles_with_area;
    struct area_cost area; /* the network's tiles, once every one has its area */
};

/*
 * Reads a finished device run's summary.json (rundir) into *r, area not yet
 * attached. 0; -XT_EIO if it cannot be read (not finished); -XT_EFORMAT if it
 * holds no tile (a float run) or is not a summary.
 */
int report_load(const char *rundir, struct hw_report *r);

/*
 * Attaches the area of every tile whose synthesis report is in synth_dir
 * (area_name); the others keep have_area false. 0, or -XT_EFORMAT for a
 * report that exists but cannot be read.
 */
int report_attach_area(struct hw_report *r, const char *synth_dir);

/* The report as a table (text) or as a JSON object's members. */
void report_print(const struct hw_report *r, FILE *f);
void report_json(const struct hw_report *r, struct json *j);

#endif
