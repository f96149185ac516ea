/* sweep_cmd.c - xtile sweep: a study's runs as child processes, resumable, then aggregated */
#define _XOPEN_SOURCE 700 /* realpath */
#include "app.h"

#include "xtile/config.h"
#include "xtile/err.h"
#include "xtile/file.h"
#include "xtile/results.h"
#include "xtile/sweep.h"

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

static void usage_sweep(FILE *f)
{
    fprintf(f,
            "usage: xtile sweep CONFIG [--set section.key=value]... [-j N] [--out DIR]\n"
            "                   [--checkpoint-every N] [--quiet] [--slurm | --collect]\n"
            "\n"
            "Runs a study: CONFIG is a training config with a [sweep] section naming the\n"
            "parameters to vary and their values (docs/study.md). Every point x seed is one\n"
            "`xtile train` run in DIR/runs/PPP-sS/. Rerunning the same command skips finished\n"
            "runs and resumes unfinished ones; nothing finished is ever recomputed. At the end:\n"
            "  DIR/runs.csv   one row per run: its parameters and every metric of summary.json\n"
            "  DIR/sweep.csv  one row per point: mean and standard deviation over the seeds\n"
            "  DIR/sweep.gp   gnuplot script, and sweep.png, sweep.svg when gnuplot is present\n"
            "\n"
            "  -j N            runs at a time (default: the number of cores)\n"
            "  --out DIR       sweep folder (default runs/sweep-<CONFIG's name>)\n"
            "  --set k=v       change the base configuration (repeatable)\n"
            "  --checkpoint-every N   passed to each run\n"
            "  --slurm         write DIR/sweep.sbatch, a Slurm job array of one task per run\n"
            "                  (shared folder: DIR), and submit it when sbatch exists\n"
            "  --collect       aggregate the runs of DIR once they have all finished\n"
            "  --task K        run K alone (what each array task does)\n"
            "  --list          print the runs (folder name and settings) and exit\n"
            "\n"
            "SIGINT / SIGTERM stop the runs (each writes a checkpoint) and the sweep; exit status\n"
            "0 done, 1 a run failed, 2 bad usage or configuration, 128 + signal when stopped.\n");
}

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

struct sweep_args {
    const char *config, *out;
    const char *sets[256];
    int nsets, jobs;
    long every;
    long task; /* --task K: run K alone (a Slurm array task); -1: all */
    bool quiet, slurm, collect, list;
};

static int parse(int argc, char **argv, struct sweep_args *a)
{
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
            usage_sweep(stdout);
            exit(0);
        }
        if (!strcmp(o, "--quiet") || !strcmp(o, "--slurm") || !strcmp(o, "--collect") ||
            !strcmp(o, "--list")) {
            *(o[2] == 'q'   ? &a->quiet
              : o[2] == 's' ? &a->slurm
              : o[2] == 'c' ? &a->collect
                            : &a->list) = true;
            continue;
        }
        if (o[0] != '-') {
            if (a->config)
                return xt_fail(XT_EINVAL, "one CONFIG only ('%s' and '%s')", a->config, o);
            a->config = o;
            continue;
        }
        if (!v)
            return xt_fail(XT_EINVAL, "option %s needs a value (see --help)", o);
        i++;
        if (!strcmp(o, "--out")) {
            a->out = v;
        } else if (!strcmp(o, "--set")) {
            if (a->nsets == 256)
                return xt_fail(XT_EINVAL, "too many options");
            a->sets[a->nsets++] = v;
        } else if (!strcmp(o, "--task")) {
            char *end;
            a->task = strtol(v, &end, 10);
            if (end == v || *end || a->task < 0)
                return xt_fail(XT_EINVAL, "option --task: '%s' is not a run number", v);
        } else if (!strcmp(o, "-j") || !strcmp(o, "--checkpoint-every")) {
            char *end;
            long n = strtol(v, &end, 10);
            if (end == v || *end || n < 1 || n > (o[1] == 'j' ? 256 : 1000000000))
                return xt_fail(XT_EINVAL, "option %s: '%s' is not a positive integer%s", o, v,
                               o[1] == 'j' ? " up to 256" : "");
            if (o[1] == 'j')
                a->jobs = (int)n;
            else
                a->every = n;
        } else {
            return xt_fail(XT_EINVAL, "unknown option '%s' (see --help)", o);
        }
    }
    if (!a->config)
        return xt_fail(XT_EINVAL, "xtile sweep needs a CONFIG with a [sweep] section (see --help)");
    if (a->slurm + a->collect + (a->task >= 0) > 1)
        return xt_fail(XT_EINVAL, "--slurm, --collect and --task exclude each other");
    return 0;
}

static int on_sweep_line(void *user, const char *name, const char *value)
{
    return sweep_spec_line(user, name, value);
}

struct ident {
    const struct xt_config *c;
    const struct sweep_spec *s;
};

static int emit_ident(FILE *f, const void *arg)
{
    const struct ident *id = arg;
    int ret = xt_config_write(id->c, f);

    if (!ret)
        sweep_spec_write(id->s, f);
    return ret;
}

static int emit_base(FILE *f, const void *arg)
{
    return xt_config_write(arg, f);
}

/* sweep.ini records what the folder's runs are; another study in the same folder is refused. */
static int claim_folder(const char *dir, const struct xt_config *c, const struct sweep_spec *s)
{
    struct ident id = {c, s};
    char path[XT_PATH_MAX + 32], *mine = NULL, *theirs = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&mine, &n), *old;
    int ret;

    if (!f)
        return xt_fail(XT_ENOMEM, "cannot format sweep.ini");
    ret = emit_ident(f, &id);
    fclose(f);
    snprintf(path, sizeof path, "%s/sweep.ini", dir);
    if (!ret && (old = fopen(path, "r")) != NULL) {
        theirs = calloc(1, n + 2);
        size_t got = theirs ? fread(theirs, 1, n + 1, old) : 0;
        fclose(old);
        if (!theirs || got != n || memcmp(mine, theirs, n))
            ret = xt_fail(XT_EINVAL,
                          "%s holds another sweep (its sweep.ini differs): choose another --out, "
                          "or remove the folder",
                          dir);
    } else if (!ret) {
        ret = xt_write_atomic(path, emit_ident, &id);
    }
    if (!ret) {
        snprintf(path, sizeof path, "%s/base.ini", dir);
        ret = xt_write_atomic(path, emit_base, c);
    }
    free(mine);
    free(theirs);
    return ret;
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
        sets[SWEEP_MAX_PARAMS][SWEEP_SET_LEN], seedset[64], every[32], cfg[XT_PATH_MAX + 96];
    const char *argv[64];
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

static bool finished(const char *dir, long run, int seeds)
{
    char path[XT_PATH_MAX + 96], name[32];

    sweep_run_name(name, sizeof name, run / seeds, (int)(run % seeds));
    snprintf(path, sizeof path, "%s/runs/%s", dir, name);
    return results_finished(path);
}

static void default_out(const char *config, char *buf, size_t n)
{
    const char *b = strrchr(config, '/');
    size_t len;

    b = b ? b + 1 : config;
    len = strcspn(b, ".");
    snprintf(buf, n, "runs/sweep-%.*s", (int)len, b);
}

/* sweep.csv, runs.csv, sweep.gp from the finished runs of out, and the plots when gnuplot exists.
 */
static int collect(const char *out, const struct sweep_spec *s, bool quiet)
{
    long total = sweep_points(s) * s->seeds, missing = 0, first = -1;
    char name[32];
    int ret;

    for (long r = 0; r < total; r++)
        if (!finished(out, r, s->seeds)) {
            missing++;
            first = first < 0 ? r : first;
        }
    if (missing) {
        sweep_run_name(name, sizeof name, first / s->seeds, (int)(first % s->seeds));
        return xt_fail(XT_EIO,
                       "%s: %ld of %ld runs have not finished (the first: %s); wait for them, or "
                       "run the sweep again",
                       out, missing, total, name);
    }
    if ((ret = sweep_aggregate(out, s)) != 0)
        return ret;
    if (system("command -v gnuplot >/dev/null 2>&1") == 0) {
        char cmd[XT_PATH_MAX + 64];
        snprintf(cmd, sizeof cmd, "cd '%s' && gnuplot sweep.gp", out);
        if (system(cmd) != 0)
            return xt_fail(XT_EIO, "%s/sweep.gp: gnuplot failed", out);
    } else if (!quiet) {
        printf("xtile sweep: no gnuplot: plots not drawn (%s/sweep.gp draws them)\n", out);
    }
    if (!quiet)
        printf("xtile sweep: %s/sweep.csv (mean, std over seeds), runs.csv, sweep.png, sweep.svg\n",
               out);
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

/* --slurm: the job array script, submitted when sbatch exists. */
static int slurm(const char *self, const char *out, const struct sweep_spec *s,
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

/* --task K: run K alone, in the foreground; its exit status. */
static int one_task(const char *self, const char *out, const struct sweep_spec *s, uint64_t seed,
                    const struct sweep_args *a)
{
    int status;
    pid_t pid;

    if (a->task >= sweep_points(s) * s->seeds)
        return xt_fail(XT_EINVAL, "option --task: %ld is not a run of this sweep (0..%ld)", a->task,
                       sweep_points(s) * s->seeds - 1);
    if (finished(out, a->task, s->seeds))
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

int cmd_sweep(int argc, char **argv)
{
    static struct sweep_args a = {.task = -1};
    static struct xt_config c;
    static struct sweep_spec s;
    static struct job jobs[256];
    char dir[XT_PATH_MAX], out[XT_PATH_MAX], self[XT_PATH_MAX];
    long total, todo = 0, done = 0, failed = 0, next = 0;
    int running = 0, ret;
    struct sigaction sa = {.sa_handler = on_signal};

    if ((ret = parse(argc, argv, &a)) != 0)
        return app_die(ret);
    xt_config_defaults(&c);
    if ((ret = xt_config_load_with(&c, a.config, "sweep", on_sweep_line, &s)) != 0)
        return app_die(ret);
    for (int i = 0; i < a.nsets; i++)
        if ((ret = xt_config_set_pair(&c, a.sets[i])) != 0)
            return app_die(ret);
    if ((ret = sweep_spec_check(&s)) != 0) {
        xt_errctx("%s", a.config);
        return app_die(ret);
    }
    xt_config_data_dir(&c, dir, sizeof dir);
    snprintf(c.data.dir, sizeof c.data.dir, "%s", dir);
    if (a.out)
        snprintf(out, sizeof out, "%s", a.out);
    else
        default_out(a.config, out, sizeof out);
    if (!a.jobs) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        a.jobs = cores < 1 ? 1 : cores > 256 ? 256 : (int)cores;
    }
    if ((ret = app_program(self, sizeof self)) != 0)
        return app_die(ret);
    if (a.list) {
        for (long r = 0; r < sweep_points(&s) * s.seeds; r++) {
            char name[32], sets[SWEEP_MAX_PARAMS][SWEEP_SET_LEN];
            uint64_t seed = c.run.seed;
            int ns = sweep_point_sets(&s, r / s.seeds, &seed, sets);
            sweep_run_name(name, sizeof name, r / s.seeds, (int)(r % s.seeds));
            printf("%s", name);
            for (int i = 0; i < ns; i++)
                printf(" %s", sets[i]);
            printf(" run.seed=%llu\n", (unsigned long long)(seed + (uint64_t)(r % s.seeds)));
        }
        return 0;
    }
    if ((ret = xt_mkdirs(out)) != 0 || (ret = claim_folder(out, &c, &s)) != 0)
        return app_die(ret);
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    if (a.collect)
        return (ret = collect(out, &s, a.quiet)) != 0 ? app_die(ret) : 0;
    if (a.slurm)
        return (ret = slurm(self, out, &s, &a)) != 0 ? app_die(ret) : 0;
    if (a.task >= 0)
        return (ret = one_task(self, out, &s, c.run.seed, &a)) != 0 ? app_die(ret) : 0;

    total = sweep_points(&s) * s.seeds;
    for (long r = 0; r < total; r++)
        todo += !finished(out, r, s.seeds);
    if (!a.quiet)
        printf("xtile sweep: %ld points x %d seed(s) = %ld runs in %s; %ld finished before, %d "
               "at a time\n",
               sweep_points(&s), s.seeds, total, out, total - todo, a.jobs);
    fflush(stdout);
    for (;;) {
        int status;
        pid_t pid;

        while (!stop_signal && running < a.jobs && next < total) {
            if (finished(out, next, s.seeds)) {
                next++;
                continue;
            }
            pid = start(self, out, &s, c.run.seed, next, &a);
            if (pid < 0)
                return app_die(-XT_EIO);
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
            sweep_run_name(name, sizeof name, jobs[i].run / s.seeds, (int)(jobs[i].run % s.seeds));
            if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
                done++;
                if (!a.quiet)
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
        return app_die(xt_fail(XT_EIO,
                               "%ld of %ld runs failed (their log.txt says why); rerun "
                               "the same command to retry them",
                               failed, total));
    return (ret = collect(out, &s, a.quiet)) != 0 ? app_die(ret) : 0;
}
