/* app.c - what the commands share: errors and exit codes, options, the configuration, paths */
#include "app.h"

#include "xtile/area.h"
#include "xtile/err.h"

#include <dirent.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int app_die(int err)
{
    fprintf(stderr, "xtile: %s\n", xt_errmsg());
    return err == -XT_EINVAL ? APP_EXIT_USAGE : APP_EXIT_RUN;
}

int app_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
    char opts[64];
    int c;

    snprintf(opts, sizeof opts, ":%s", shortopts); /* ':' first: a missing value is told apart */
    opterr = 0;
    c = getopt_long(argc, argv, opts, longopts, NULL);
    if (c == '?') {
        if (optopt && optopt < 256 && strchr(shortopts, optopt) == NULL)
            xt_fail(XT_EINVAL, "unknown option '-%c' (see --help)", optopt);
        else
            xt_fail(XT_EINVAL, "unknown option '%s' (see --help)", argv[optind - 1]);
    } else if (c == ':') {
        xt_fail(XT_EINVAL, "option %s needs a value (see --help)", argv[optind - 1]);
        c = '?';
    }
    return c;
}

int app_parse_int(const char *opt, const char *v, int lo, int hi, int *out)
{
    char *end;
    long x = strtol(v, &end, 10);

    if (end == v || *end || x < lo || x > hi)
        return xt_fail(XT_EINVAL, "option %s: '%s' is not an integer %d..%d", opt, v, lo, hi);
    *out = (int)x;
    return 0;
}

int app_cfg_file(struct app_cfg *a, const char *path)
{
    if (a->nfiles == (int)(sizeof a->files / sizeof a->files[0]))
        return xt_fail(XT_EINVAL, "more than %d config files", a->nfiles);
    a->files[a->nfiles++] = path; /* applied in order: later files override earlier ones */
    return 0;
}

int app_cfg_operands(struct app_cfg *a, int argc, char **argv)
{
    int ret = 0;

    for (int i = optind; !ret && i < argc; i++)
        ret = app_cfg_file(a, argv[i]);
    return ret;
}

int app_cfg_set(struct app_cfg *a, const char *key, const char *val)
{
    if (a->nsets == (int)(sizeof a->sets / sizeof a->sets[0]))
        return xt_fail(XT_EINVAL, "too many options");
    a->sets[a->nsets].key = key;
    a->sets[a->nsets++].val = val;
    return 0;
}

int app_cfg_resolve(const struct app_cfg *a, struct xt_config *c)
{
    int ret = 0;

    xt_config_defaults(c);
    for (int i = 0; !ret && i < a->nfiles; i++)
        ret = xt_config_load(c, a->files[i]);
    for (int i = 0; !ret && i < a->nsets; i++)
        ret = a->sets[i].key ? xt_config_set(c, a->sets[i].key, a->sets[i].val)
                             : xt_config_set_pair(c, a->sets[i].val);
    return ret;
}

bool app_have_gnuplot(void)
{
    return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

int app_gnuplot(const char *dir, const char *script, const char *log)
{
    char cmd[XT_PATH_MAX + 256];

    snprintf(cmd, sizeof cmd, "cd '%s' && gnuplot '%s' 2> '%s'", dir, script, log);
    return system(cmd) == 0
               ? 0
               : xt_fail(XT_EIO, "%s/%s: gnuplot failed (%s/%s says why)", dir, script, dir, log);
}

int app_program(char *buf, size_t n)
{
    ssize_t k = readlink("/proc/self/exe", buf, n - 1);

    if (k <= 0)
        return xt_fail(XT_EIO, "cannot find the xtile program (/proc/self/exe)");
    buf[k] = 0;
    return 0;
}

int app_program_dir(char *buf, size_t n)
{
    int ret = app_program(buf, n);

    if (ret)
        return ret;
    char *d = dirname(buf); /* may return buf itself, or static storage */
    memmove(buf, d, strlen(d) + 1);
    return 0;
}

int app_synth_dir(char *buf, size_t n)
{
    char dir[XT_PATH_MAX];
    int ret = app_program_dir(dir, sizeof dir);

    if (!ret)
        snprintf(buf, n, "%s/synth", dir);
    return ret;
}

/*
 * The newest modification time of rtl/ (its .v files) and synth/flow.ys beside
 * the program, read once per process (a command asks it for each tile).
 */
static time_t sources_time(void)
{
    static time_t newest = -1;
    char prog[XT_PATH_MAX], path[XT_PATH_MAX + 300];
    struct stat st;
    struct dirent *e;
    DIR *d;

    if (newest >= 0)
        return newest;
    newest = 0;
    if (app_program_dir(prog, sizeof prog))
        return 0;
    snprintf(path, sizeof path, "%s/../synth/flow.ys", prog);
    if (!stat(path, &st))
        newest = st.st_mtime;
    snprintf(path, sizeof path, "%s/../rtl", prog);
    if (!(d = opendir(path)))
        return newest;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        snprintf(path, sizeof path, "%s/../rtl/%s", prog, e->d_name);
        if (n > 2 && !strcmp(e->d_name + n - 2, ".v") && !stat(path, &st) && st.st_mtime > newest)
            newest = st.st_mtime;
    }
    closedir(d);
    return newest;
}

bool app_area_stale(const char *dir, const struct hw_tile *t)
{
    char name[96], path[XT_PATH_MAX + 120];
    struct stat st;

    area_name(name, sizeof name, t->rows, t->cols, t->share, t->code_w, t->adc_w);
    snprintf(path, sizeof path, "%s/%s.json", dir, name);
    return !stat(path, &st) && st.st_mtime < sources_time();
}
