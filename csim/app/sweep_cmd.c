/* sweep_cmd.c - xtile sweep: a study's runs as child processes, resumable, then aggregated */
#include "app.h"
#include "sweep_run.h"

#include "xtile/config.h"
#include "xtile/err.h"
#include "xtile/file.h"
#include "xtile/results.h"
#include "xtile/sweep.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage_sweep(FILE *f)
{
    fprintf(f,
            "usage: xtile sweep CONFIG [--set section.key=value]... [-j N] [--out DIR]\n"
            "                   [--checkpoint-every N] [--quiet] [--slurm | --collect]\n"
            "                   [--redraw CSV --out DIR]\n"
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
            "  --redraw CSV    draw DIR/sweep.gp, sweep.svg, sweep.png from a sweep.csv alone\n"
            "                  (its point and parameter columns those of CONFIG); no runs\n"
            "\n"
            "SIGINT / SIGTERM stop the runs (each writes a checkpoint) and the sweep; exit status\n"
            "0 done, 1 a run failed, 2 bad usage or configuration, 128 + signal when stopped.\n");
}

enum {
    OPT_SET = 256,
    OPT_OUT,
    OPT_EVERY,
    OPT_QUIET,
    OPT_SLURM,
    OPT_COLLECT,
    OPT_TASK,
    OPT_LIST,
    OPT_REDRAW
};

static const struct option sweep_opts[] = {
    {"help", no_argument, NULL, 'h'},
    {"set", required_argument, NULL, OPT_SET},
    {"out", required_argument, NULL, OPT_OUT},
    {"checkpoint-every", required_argument, NULL, OPT_EVERY},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"slurm", no_argument, NULL, OPT_SLURM},
    {"collect", no_argument, NULL, OPT_COLLECT},
    {"task", required_argument, NULL, OPT_TASK},
    {"list", no_argument, NULL, OPT_LIST},
    {"redraw", required_argument, NULL, OPT_REDRAW},
    {NULL, 0, NULL, 0},
};

/* A positive count up to hi for option opt. */
static int positive(const char *opt, const char *v, long hi, long *out)
{
    char *end;
    long n = strtol(v, &end, 10);

    if (end == v || *end || n < 1 || n > hi)
        return xt_fail(XT_EINVAL, "option %s: '%s' is not a positive integer%s", opt, v,
                       hi <= 256 ? " up to 256" : "");
    *out = n;
    return 0;
}

static int parse(int argc, char **argv, struct sweep_args *a)
{
    char *end;
    long jobs = 0;
    int c, ret = 0;

    while (!ret && (c = app_getopt(argc, argv, "hj:", sweep_opts)) != -1) {
        switch (c) {
        case 'h': usage_sweep(stdout); exit(0);
        case 'j':
            ret = positive("-j", optarg, 256, &jobs);
            a->jobs = (int)jobs;
            break;
        case OPT_EVERY: ret = positive("--checkpoint-every", optarg, 1000000000, &a->every); break;
        case OPT_OUT: a->out = optarg; break;
        case OPT_QUIET: a->quiet = true; break;
        case OPT_SLURM: a->slurm = true; break;
        case OPT_COLLECT: a->collect = true; break;
        case OPT_LIST: a->list = true; break;
        case OPT_REDRAW: a->redraw = optarg; break;
        case OPT_SET:
            if (a->nsets == 256)
                return xt_fail(XT_EINVAL, "too many options");
            a->sets[a->nsets++] = optarg;
            break;
        case OPT_TASK:
            a->task = strtol(optarg, &end, 10);
            if (end == optarg || *end || a->task < 0)
                return xt_fail(XT_EINVAL, "option --task: '%s' is not a run number", optarg);
            break;
        default: return -XT_EINVAL; /* app_getopt has said why */
        }
    }
    if (ret)
        return ret;
    if (optind < argc)
        a->config = argv[optind];
    if (argc - optind > 1)
        return xt_fail(XT_EINVAL, "one CONFIG only ('%s' and '%s')", a->config, argv[optind + 1]);
    if (!a->config)
        return xt_fail(XT_EINVAL, "xtile sweep needs a CONFIG with a [sweep] section (see --help)");
    if (a->slurm + a->collect + (a->task >= 0) + !!a->redraw > 1)
        return xt_fail(XT_EINVAL, "--slurm, --collect, --task and --redraw exclude each other");
    if (a->redraw && !a->out)
        return xt_fail(XT_EINVAL, "--redraw needs --out DIR (where the plot goes)");
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

static void default_out(const char *config, char *buf, size_t n)
{
    const char *b = strrchr(config, '/');
    size_t len;

    b = b ? b + 1 : config;
    len = strcspn(b, ".");
    snprintf(buf, n, "runs/sweep-%.*s", (int)len, b);
}

/* out/sweep.svg and sweep.png from out/sweep.gp. */
static int draw(const char *out)
{
    return app_gnuplot(out, "sweep.gp", "gnuplot.log");
}

/* --redraw: the plot from a sweep.csv alone (a study's committed table), no runs needed. */
static int redraw(const char *csv, const char *out, const struct sweep_spec *s)
{
    int ret;

    if (!app_have_gnuplot())
        return xt_fail(XT_EIO,
                       "--redraw: no gnuplot on this machine (scripts/deps.sh installs it)");
    if ((ret = sweep_redraw(csv, s, out)) != 0) /* makes out once the table has been read */
        return ret;
    return draw(out);
}

/* sweep.csv, runs.csv, sweep.gp from the finished runs of out, and the plots when gnuplot exists.
 */
static int collect(const char *out, const struct sweep_spec *s, bool quiet)
{
    long total = sweep_points(s) * s->seeds, missing = 0, first = -1;
    char name[32];
    int ret;

    for (long r = 0; r < total; r++)
        if (!runs_finished(out, r, s->seeds)) {
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
    if (app_have_gnuplot()) {
        if ((ret = draw(out)) != 0)
            return ret;
    } else if (!quiet) {
        printf("xtile sweep: no gnuplot: plots not drawn (%s/sweep.gp draws them)\n", out);
    }
    if (!quiet)
        printf("xtile sweep: %s/sweep.csv (mean, std over seeds), runs.csv, sweep.png, sweep.svg\n",
               out);
    return 0;
}

/* --list: every run's folder name and settings. */
static void list_runs(const struct sweep_spec *s, uint64_t base_seed)
{
    for (long r = 0; r < sweep_points(s) * s->seeds; r++) {
        char name[32], sets[SWEEP_MAX_SETS][SWEEP_SET_LEN];
        uint64_t seed = base_seed;
        int ns = sweep_point_sets(s, r / s->seeds, &seed, sets);
        sweep_run_name(name, sizeof name, r / s->seeds, (int)(r % s->seeds));
        printf("%s", name);
        for (int i = 0; i < ns; i++)
            printf(" %s", sets[i]);
        printf(" run.seed=%llu\n", (unsigned long long)(seed + (uint64_t)(r % s->seeds)));
    }
}

int cmd_sweep(int argc, char **argv)
{
    static struct sweep_args a = {.task = -1};
    static struct xt_config c;
    static struct sweep_spec s;
    char dir[XT_PATH_MAX], out[XT_PATH_MAX], self[XT_PATH_MAX];
    int ret;

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
        list_runs(&s, c.run.seed);
        return 0;
    }
    if (a.redraw)
        return (ret = redraw(a.redraw, out, &s)) != 0 ? app_die(ret) : 0;
    if ((ret = xt_mkdirs(out)) != 0 || (ret = claim_folder(out, &c, &s)) != 0)
        return app_die(ret);
    runs_catch_signals();
    if (a.collect)
        return (ret = collect(out, &s, a.quiet)) != 0 ? app_die(ret) : 0;
    if (a.slurm)
        return (ret = runs_slurm(self, out, &s, &a)) != 0 ? app_die(ret) : 0;
    if (a.task >= 0)
        return (ret = runs_task(self, out, &s, c.run.seed, &a)) != 0 ? app_die(ret) : 0;

    if ((ret = runs_local(self, out, &s, c.run.seed, &a)) != 0)
        return ret > 0 ? ret : app_die(ret);
    return (ret = collect(out, &s, a.quiet)) != 0 ? app_die(ret) : 0;
}
