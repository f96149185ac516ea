/* sweep_run.c - a sweep's runs: `xtile train` child processes, a --task, a Slurm job array */
#define _XOPEN_SOURCE 700 /* realpath */
#include "sweep_run.h"

#include "xtile/err.h"
#include "xtile/file.h"
#include "xtile/pool.h"
#include "xtile/results.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

void runs_catch_signals(void)
{
    struct sigaction sa = {.sa_handler = on_signal};

    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

struct job {
    pid_t pid;
    long run;
};

/* Starts run `run` (point run / seeds, seed index run % seeds) as a child; its pid. */
static pid_t start(const char *self, const char *dir, const struct sweep_spec *s,
                   uint64_t base_seed, long run, const struct sweep_args *a)
{
    long k = run / s->seeds;
    int j = (int)(run % s->seeds), argc = 0;
    char name[32], rdir[XT_PATH_MAX + 64], base[XT_PATH_MAX + 32], log[XT_PATH_MAX + 96],
        sets[SWEEP_MAX_SETS][SWEEP_SET_LEN], seedset[64], every[32], cfg[XT_PATH_MAX + 96],
        threads[16];
    const char *argv[2 * SWEEP_MAX_SETS + 16]; /* every set is two arguments */
    uint64_t seed = base_seed;
    struct stat st;
    pid_t pid;

    sweep_run_name(name, sizeof name, k, j);
    snprintf(rdir, sizeof rdir, "%s/runs/%s", dir, name);
    snprintf(base, sizeof base, "%s/base.ini", dir);
    snprintf(log, sizeof log, "%s/log.txt", rdir);
    snprintf(cfg, sizeof cfg, "%s/config.ini", rdir);
    snprintf(every, sizeof every, "%ld", a->every);
    argv[argc++] = self;
    argv[argc++] = "train";
    if (stat(cfg, &st) == 0) { /* started before: continue it (from its checkpoint, if any) */
        argv[argc++] = "--resume";
        argv[argc++] = rdir;
    } else {
        int nsets = sweep_point_sets(s, k, &seed, sets);
        argv[argc++] = base;
        for (int i = 0; i < nsets; i++) {
            argv[argc++] = "--set";
            argv[argc++] = sets[i];
        }
        snprintf(seedset, sizeof seedset, "run.seed=%llu", (unsigned long long)(seed + j));
        argv[argc++] = "--set";
        argv[argc++] = seedset;
        argv[argc++] = "--out";
        argv[argc++] = rdir;
    }
    argv[argc++] = "--quiet";
    argv[argc++] = "--no-plots"; /* a sweep draws its own figure */
    /* the cores shared among the runs at once: -j 2 on 2 cores, a thread each */
    snprintf(threads, sizeof threads, "%d",
             a->jobs > 0 && a->jobs < xt_cores() ? xt_cores() / a->jobs : 1);
    argv[argc++] = "--threads";
    argv[argc++] = threads;
    if (a->every) {
        argv[argc++] = "--checkpoint-every";
        argv[argc++] = every;
    }
    argv[argc] = NULL;
    if (xt_mkdirs(rdir))
        return -1;
    pid = fork();
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0666);
        setpgid(0, 0); /* Ctrl-C reaches the sweep alone, which stops each run once */
        prctl(PR_SET_PDEATHSIG, SIGTERM); /* the sweep killed: the run checkpoints and stops */
        if (getppid() == 1)
            _exit(127);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
        }
        execv(self, (char *const *)argv);
        _exit(127);
    }
    if (pid < 0)
        xt_fail(XT_EIO, "cannot start a run: %s", strerror(errno));
    return pid;
}

bool runs_finished(const char *dir, long run, int seeds)
{
    char path[XT_PATH_MAX + 96], name[32];

    sweep_run_name(name, sizeof name, run / seeds, (int)(run % seeds));
    snprintf(path, sizeof path, "%s/runs/%s", dir, name);
    return results_finished(path);
}

int runs_local(const char *self, const char *out, const struct sweep_spec *s, uint64_t seed,
               const struct sweep_args *a)
{
    static struct job jobs[256];
    long total, todo = 0, done = 0, failed = 0, next = 0;
    int running = 0;

    total = sweep_points(s) * s->seeds;
    for (long r = 0; r < total; r++)
        todo += !runs_finished(out, r, s->seeds);
    if (!a->quiet)
        printf("xtile sweep: %ld points x %d seed(s) = %ld runs in %s; %ld finished before, %d "
               "at a time\n",
               sweep_points(s), s->seeds, total, out, total - todo, a->jobs);
    fflush(stdout);
    for (;;) {
        int status;
        pid_t pid;

        while (!stop_signal && running < a->jobs && next < total) {
            if (runs_finished(out, next, s->seeds)) {
                next++;
                continue;
            }
            pid = start(self, out, s, seed, next, a);
            if (pid < 0)
                return -XT_EIO;
            jobs[running++] = (struct job){pid, next++};
        }
        if (!running)
            break;
        pid = wait(&status);
        if (pid < 0) {
            if (errno == EINTR && stop_signal)
                for (int i = 0; i < running; i++)
                    kill(jobs[i].pid, SIGTERM);
            continue;
        }
        for (int i = 0; i < running; i++) {
            char name[32];
            if (jobs[i].pid != pid)
                continue;
            sweep_run_name(name, sizeof name, jobs[i].run / s->seeds,
                           (int)(jobs[i].run % s->seeds));
            if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
                done++;
                if (!a->quiet)
                    printf("  [%ld/%ld] run %s finished\n", done, todo, name);
            } else if (!stop_signal) {
                failed++;
                fprintf(stderr, "xtile: sweep run %s failed (%s %d): see %s/runs/%s/log.txt\n",
                        name, WIFEXITED(status) ? "exit" : "signal",
                        WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), out, name);
            }
            fflush(stdout);
            jobs[i] = jobs[--running];
            break;
        }
    }
    if (stop_signal) {
        fprintf(stderr,
                "xtile: sweep stopped by signal %d; %ld of %ld runs finished; rerun the same "
                "command to continue\n",
                (int)stop_signal, total - todo + done, total);
        return 128 + stop_signal;
    }
    if (failed)
        return xt_fail(XT_EIO,
                       "%ld of %ld runs failed (their log.txt says why); rerun the same command "
                       "to retry them",
                       failed, total);
    return 0;
}

/* Writes v to f in single quotes for sh. */
static void shq(FILE *f, const char *v)
{
    fputc('\'', f);
    for (; *v; v++)
        fputs(*v == '\'' ? "'\\''" : (char[]){*v, 0}, f);
    fputc('\'', f);
}

struct sbatch {
    const char *self, *config, *out;
    const struct sweep_args *a;
    long runs;
};

static int emit_sbatch(FILE *f, const void *arg)
{
    const struct sbatch *b = arg;

    fprintf(f,
            "#!/bin/sh\n# xtile sweep as a Slurm job array: one task per run; the folder is "
            "shared\n#SBATCH --job-name=xtile-sweep\n#SBATCH --array=0-%ld\n"
            "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n#SBATCH --output=",
            b->runs - 1);
    fprintf(f, "%s/slurm-%%A_%%a.out\nexec ", b->out);
    shq(f, b->self);
    fputs(" sweep ", f);
    shq(f, b->config);
    fputs(" --out ", f);
    shq(f, b->out);
    for (int i = 0; i < b->a->nsets; i++) {
        fputs(" --set ", f);
        shq(f, b->a->sets[i]);
    }
    if (b->a->every)
        fprintf(f, " --checkpoint-every %ld", b->a->every);
    fputs(" --quiet --task \"$SLURM_ARRAY_TASK_ID\"\n", f);
    return ferror(f) ? xt_fail(XT_EIO, "cannot write sweep.sbatch") : 0;
}

int runs_slurm(const char *self, const char *out, const struct sweep_spec *s,
               const struct sweep_args *a)
{
    char config[XT_PATH_MAX], dir[XT_PATH_MAX], path[XT_PATH_MAX + 32], cmd[XT_PATH_MAX + 64];
    struct sbatch b = {self, config, dir, a, sweep_points(s) * s->seeds};
    int ret;

    if (!realpath(a->config, config) || !realpath(out, dir))
        return xt_fail(XT_EIO, "%s: cannot resolve the path: %s", a->config, strerror(errno));
    snprintf(path, sizeof path, "%s/sweep.sbatch", dir);
    if ((ret = xt_write_atomic(path, emit_sbatch, &b)) != 0)
        return ret;
    if (system("command -v sbatch >/dev/null 2>&1") != 0) {
        printf("xtile sweep: wrote %s (no sbatch here: submit it where Slurm runs, then xtile "
               "sweep ... --collect)\n",
               path);
        return 0;
    }
    snprintf(cmd, sizeof cmd, "sbatch --parsable '%s'", path);
    printf("xtile sweep: %ld runs as a Slurm job array (%s); job ", b.runs, path);
    fflush(stdout);
    if (system(cmd) != 0)
        return xt_fail(XT_EIO, "%s: sbatch refused the job", path);
    printf("xtile sweep: when it is done: xtile sweep %s --out %s%s --collect\n", a->config, out,
           a->nsets ? " (the same --set options)" : "");
    return 0;
}

int runs_task(const char *self, const char *out, const struct sweep_spec *s, uint64_t seed,
              const struct sweep_args *a)
{
    int status;
    pid_t pid;

    if (a->task >= sweep_points(s) * s->seeds)
        return xt_fail(XT_EINVAL, "option --task: %ld is not a run of this sweep (0..%ld)", a->task,
                       sweep_points(s) * s->seeds - 1);
    if (runs_finished(out, a->task, s->seeds))
        return 0;
    pid = start(self, out, s, seed, a->task, a);
    if (pid < 0)
        return -XT_EIO;
    while (waitpid(pid, &status, 0) < 0) /* a signal: passed on; the run checkpoints */
        if (errno == EINTR && stop_signal)
            kill(pid, SIGTERM);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    return xt_fail(XT_EIO, "run %ld failed (%s %d): see its log.txt", a->task,
                   WIFEXITED(status) ? "exit" : "signal",
                   WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
}
