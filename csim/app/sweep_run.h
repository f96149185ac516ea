/* sweep_run.h - the runs of a sweep: child processes here, or Slurm array tasks (sweep_run.c) */
#ifndef XTILE_SWEEP_RUN_H
#define XTILE_SWEEP_RUN_H

#include "xtile/sweep.h"

#include <stdbool.h>
#include <stdint.h>

/* The options of xtile sweep (sweep_cmd.c parses them). */
struct sweep_args {
    const char *config, *out;
    const char *sets[256];
    int nsets, jobs;
    long every;
    long task; /* --task K: run K alone (a Slurm array task); -1: all */
    bool quiet, slurm, collect, list;
    const char *redraw; /* --redraw CSV */
};

/* SIGINT and SIGTERM stop the sweep: each run is sent SIGTERM, checkpoints and stops. */
void runs_catch_signals(void);

/* Whether run `run` (point run / seeds, seed index run % seeds) of the sweep in dir finished. */
bool runs_finished(const char *dir, long run, int seeds);

/*
 * The runs not finished, a->jobs at a time as child processes: 0 when all
 * finished, 128 + the signal when stopped, -XT_EIO when a run failed.
 */
int runs_local(const char *self, const char *out, const struct sweep_spec *s, uint64_t seed,
               const struct sweep_args *a);

/* --task K: run K alone, in the foreground; 0 or -XT_E* (a failed run). */
int runs_task(const char *self, const char *out, const struct sweep_spec *s, uint64_t seed,
              const struct sweep_args *a);

/* --slurm: the job array script, submitted when sbatch exists. */
int runs_slurm(const char *self, const char *out, const struct sweep_spec *s,
               const struct sweep_args *a);

#endif
