/* report_cmd.c - xtile report: the hardware cost of one training example of a finished run */
#include "app.h"

#include "xtile/err.h"
#include "xtile/file.h"
#include "xtile/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void usage_report(FILE *f)
{
    fprintf(f,
            "usage: xtile report RUNDIR [--json] [--synth DIR] [--no-synth]\n"
            "\n"
            "What one training example of a finished device run costs: per phase (forward,\n"
            "backward, update, transfer amortized) the cycles, the time at the tile clock, the\n"
            "pulse energy (SET, RESET, read) and the pulses; pulses per device; and the\n"
            "peripheral area of every layer's tile, block by block (pulse sequencer, column and\n"
            "row ADC readout, transfer controller, tile_top), from a Yosys synthesis of rtl/ at\n"
            "the tile's size, converter sharing and widths, with the network's total.\n"
            "\n"
            "  --synth DIR  synthesis reports (synth/synth.sh); default: the synth folder beside\n"
            "               the program (build/synth, where make synth writes)\n"
            "  --no-synth   report the tiles already synthesized; synthesize no other\n"
            "  --json       the report as JSON on stdout\n"
            "\n"
            "A tile not synthesized yet, or synthesized before the last change of rtl/ or of\n"
            "synth/flow.ys, is synthesized first (Yosys; 785 x 250: about 1.5 min).\n"
            "Exit status: 0 done, 1 no finished device run or a synthesis failed, 2 bad usage.\n");
}

/* synth/synth.sh DIR NAME tile_top Rows= Cols= Share= CodeW= AdcW=, its output on stderr. */
static int synthesize(const char *dir, const struct hw_tile *t)
{
    char prog[XT_PATH_MAX], script[XT_PATH_MAX + 32], name[96], kv[5][32];
    int ret = app_program_dir(prog, sizeof prog), status;
    pid_t pid;

    if (ret)
        return ret;
    snprintf(script, sizeof script, "%s/../synth/synth.sh", prog);
    if (access(script, X_OK))
        return xt_fail(XT_EIO, "%s: not found: synthesis needs the xtile source tree", script);
    area_name(name, sizeof name, t->rows, t->cols, t->share, t->code_w, t->adc_w);
    snprintf(kv[0], sizeof kv[0], "Rows=%d", t->rows);
    snprintf(kv[1], sizeof kv[1], "Cols=%d", t->cols);
    snprintf(kv[2], sizeof kv[2], "Share=%d", t->share);
    snprintf(kv[3], sizeof kv[3], "CodeW=%d", t->code_w);
    snprintf(kv[4], sizeof kv[4], "AdcW=%d", t->adc_w);
    fprintf(stderr, "xtile report: synthesizing tile_top %d x %d (share %d, CodeW %d, AdcW %d)\n",
            t->rows, t->cols, t->share, t->code_w, t->adc_w);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        dup2(STDERR_FILENO, STDOUT_FILENO); /* stdout stays the report's */
        execl(script, script, dir, name, "tile_top", kv[0], kv[1], kv[2], kv[3], kv[4],
              (char *)NULL);
        _exit(127);
    }
    if (pid < 0)
        return xt_fail(XT_EIO, "cannot start %s: %s", script, strerror(errno));
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return xt_fail(XT_EIO, "synthesis of tile_top %d x %d failed (%s/%s.log)", t->rows, t->cols,
                       dir, name);
    return 0;
}

enum { OPT_JSON = 256, OPT_SYNTH, OPT_NO_SYNTH };

static const struct option report_opts[] = {
    {"help", no_argument, NULL, 'h'},
    {"json", no_argument, NULL, OPT_JSON},
    {"synth", required_argument, NULL, OPT_SYNTH},
    {"no-synth", no_argument, NULL, OPT_NO_SYNTH},
    {NULL, 0, NULL, 0},
};

int cmd_report(int argc, char **argv)
{
    const char *run = NULL, *synth = NULL;
    char dir[XT_PATH_MAX];
    bool json = false, no_synth = false;
    struct hw_report r;
    int c, ret;

    while ((c = app_getopt(argc, argv, "h", report_opts)) != -1) {
        switch (c) {
        case 'h': usage_report(stdout); return 0;
        case OPT_JSON: json = true; break;
        case OPT_NO_SYNTH: no_synth = true; break;
        case OPT_SYNTH: synth = optarg; break;
        default: usage_report(stderr); return app_die(-XT_EINVAL);
        }
    }
    if (argc - optind > 1) {
        fprintf(stderr, "xtile report: unexpected argument '%s'\n", argv[optind + 1]);
        usage_report(stderr);
        return APP_EXIT_USAGE;
    }
    run = optind < argc ? argv[optind] : NULL;
    if (!run) {
        usage_report(stderr);
        return APP_EXIT_USAGE;
    }
    if (!synth) {
        if ((ret = app_synth_dir(dir, sizeof dir)) != 0)
            return app_die(ret);
        synth = dir;
    }
    if ((ret = report_load(run, &r)) || (ret = report_attach_area(&r, synth)))
        return app_die(ret);
    for (int l = 0; !no_synth && l < r.ntiles; l++) {
        bool done = false;
        for (int k = 0; k < l; k++) /* a size already synthesized for an earlier tile */
            done |= !memcmp(&r.tile[k], &r.tile[l], offsetof(struct hw_tile, have_area));
        if ((!r.tile[l].have_area || app_area_stale(synth, &r.tile[l])) && !done &&
            ((ret = xt_mkdirs(synth)) || (ret = synthesize(synth, &r.tile[l]))))
            return app_die(ret);
    }
    if (!no_synth && (ret = report_attach_area(&r, synth)))
        return app_die(ret);
    if (json) {
        struct json j;
        json_begin(&j, stdout);
        report_json(&r, &j);
        if (json_end(&j))
            return app_die(-XT_EIO);
        return 0;
    }
    report_print(&r, stdout);
    return 0;
}
