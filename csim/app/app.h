/* app.h - what the command files of the xtile program share (app.c) */
#ifndef XTILE_APP_H
#define XTILE_APP_H

#include "xtile/config.h"
#include "xtile/learner.h"
#include "xtile/report.h"
#include "xtile/trace.h"

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

/* Exit codes: usage and configuration errors 2, data and run-time errors 1. */
enum { APP_EXIT_RUN = 1, APP_EXIT_USAGE = 2 };

/* Prints the recorded error as "xtile: ..." and returns the exit status for err (1 or 2). */
int app_die(int err);

/*
 * getopt_long over a command's arguments (argv[0] is the command's name),
 * silent: the next option's code, -1 after the last, or '?' with the error
 * ("unknown option '--x'", "option --x needs a value") recorded. Operands are
 * left, in order, at argv[optind..argc).
 */
int app_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);

/* Integer option value in [lo, hi]; else -XT_EINVAL naming the option. */
int app_parse_int(const char *opt, const char *v, int lo, int hi, int *out);

/* The configuration a command resolves: INI files in order, then --set options in order. */
struct app_cfg {
    const char *files[16];
    int nfiles;
    struct {
        const char *key; /* NULL: val is a "section.key=value" pair */
        const char *val;
    } sets[256];
    int nsets;
};
/* Adds a file or a setting; -XT_EINVAL when there are too many. */
int app_cfg_file(struct app_cfg *a, const char *path);
/* Adds the operands app_getopt left, argv[optind..argc), as files, in order. */
int app_cfg_operands(struct app_cfg *a, int argc, char **argv);
int app_cfg_set(struct app_cfg *a, const char *key, const char *val);
/* Defaults, the files, the settings, into *c; errors as xt_config_load / xt_config_set. */
int app_cfg_resolve(const struct app_cfg *a, struct xt_config *c);

/* The xtile program's path (/proc/self/exe) and its folder (build/); 0 or -XT_EIO. */
int app_program(char *buf, size_t n);
int app_program_dir(char *buf, size_t n);
/* The synthesis reports' folder beside the program (build/synth); 0 or -XT_EIO. */
int app_synth_dir(char *buf, size_t n);
/*
 * Whether tile t's synthesis report in dir predates the newest .v file of rtl/ or
 * synth/flow.ys beside the program: an area of an older RTL (xtile report
 * synthesizes it again; the end of xtile train leaves it out).
 */
bool app_area_stale(const char *dir, const struct hw_tile *t);

/* Whether gnuplot is on the PATH. */
bool app_have_gnuplot(void);
/*
 * Runs `gnuplot script` in dir, its warnings to log (a file in dir): 0, or
 * -XT_EIO naming the script and the log.
 */
int app_gnuplot(const char *dir, const char *script, const char *log);

/*
 * xtile train's pulse trace (--trace-pulses FILE and its window, trace_opt.c):
 * the options, then app_trace_start once the learner is built (checks the
 * window against the network and the run, and the bound against the most
 * pulses the window can hold, before training; opens FILE.tmp.PID), then
 * app_trace_end with the run's status (renames it to FILE, or removes it).
 */
enum {
    APP_TRACE_FILE,
    APP_TRACE_LAYER,
    APP_TRACE_ROWS,
    APP_TRACE_COLS,
    APP_TRACE_EXAMPLES,
    APP_TRACE_MAX
};
struct app_trace {
    const char *path;         /* NULL: no trace */
    int layer;                /* -1: the last (the output layer's weights) */
    struct arr_trace_win win; /* an end -N not given: the first N, or all there are if fewer */
    uint64_t max;
    bool given; /* a --trace-* option other than the file */
    char tmp[XT_PATH_MAX + 32];
    FILE *f;
    struct arr_trace t;
};
#define APP_TRACE_DEFAULTS                                                                         \
    {                                                                                              \
        .layer = -1, .win = {.r0 = 0, .r1 = -16, .c0 = 0, .c1 = -10, .e0 = 0, .e1 = -100},         \
        .max = 1000000                                                                             \
    }
/* Option `which` (APP_TRACE_*) with value v; -XT_EINVAL naming the option. */
int app_trace_option(struct app_trace *tr, int which, const char *v);
/* 0 (nothing to trace, or the trace attached to lr) or -XT_E* naming the option or the file. */
int app_trace_start(struct app_trace *tr, const struct xt_config *c, struct xt_learner *lr,
                    long examples);
/* Ends the trace: FILE when status is 0 and it was written whole; returns status or the error. */
int app_trace_end(struct app_trace *tr, int status);

/* The commands: argv[0] is the command's name. Each returns the exit status. */
int cmd_train(int argc, char **argv);  /* train_cmd.c */
int cmd_config(int argc, char **argv); /* config_cmd.c */
int cmd_jt_gen(int argc, char **argv); /* config_cmd.c */
int cmd_sweep(int argc, char **argv);  /* sweep_cmd.c */
int cmd_report(int argc, char **argv); /* report_cmd.c */
int cmd_plot(int argc, char **argv);   /* plot_cmd.c */
int cmd_budget(int argc, char **argv); /* budget_cmd.c */

/* The pictures of the finished run in rundir (xtile plot; the end of xtile train): 0 or -XT_E*. */
int app_plot(const char *rundir, const char *baseline, bool quiet);

#endif
