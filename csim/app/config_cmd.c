/* config_cmd.c - xtile config (the resolved configuration, the key table) and xtile jt-gen */
#include "app.h"

#include "xtile/config.h"
#include "xtile/err.h"
#include "xtile/file.h"
#include "xtile/nvm.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage_config(FILE *f)
{
    fprintf(f, "usage: xtile config [CONFIG] [--set section.key=value]... [--list | --markdown]\n"
               "\n"
               "Without options prints the resolved configuration as INI. --list prints every\n"
               "key with its default, unit, allowed values and meaning; --markdown the same as\n"
               "the Markdown table of docs/config.md.\n");
}

static void usage_jt_gen(FILE *f)
{
    fprintf(f, "usage: xtile jt-gen [CONFIG] [--set section.key=value]... [--class msp|lsp]\n"
               "                    [--bins N] [--quantiles N] [--out FILE]\n"
               "\n"
               "Writes the jump table (docs/devices.md) of the class's analytic model, its\n"
               "pulse-to-pulse spread included, to FILE or stdout. A class with model =\n"
               "jump_table and jt_file = FILE then reproduces the model. Defaults: --class lsp,\n"
               "--bins 100, --quantiles 33.\n");
}

enum { OPT_SET = 256, OPT_LIST, OPT_MARKDOWN, OPT_CLASS, OPT_BINS, OPT_QUANTILES, OPT_OUT };

static const struct option config_opts[] = {
    {"help", no_argument, NULL, 'h'},
    {"set", required_argument, NULL, OPT_SET},
    {"list", no_argument, NULL, OPT_LIST},
    {"markdown", no_argument, NULL, OPT_MARKDOWN},
    {NULL, 0, NULL, 0},
};

/* The operands (CONFIG files) after the options, then the configuration resolved. */
static int resolve(int argc, char **argv, struct app_cfg *files, struct xt_config *c)
{
    int ret = app_cfg_operands(files, argc, argv);

    return ret ? ret : app_cfg_resolve(files, c);
}

int cmd_config(int argc, char **argv)
{
    static struct app_cfg files;
    static struct xt_config cfg;
    const struct xt_cfg_key *keys;
    bool list = false, markdown = false;
    size_t n;
    int c, ret = 0;

    while (!ret && (c = app_getopt(argc, argv, "h", config_opts)) != -1) {
        switch (c) {
        case 'h': usage_config(stdout); return 0;
        case OPT_SET: ret = app_cfg_set(&files, NULL, optarg); break;
        case OPT_LIST: list = true; break;
        case OPT_MARKDOWN: markdown = true; break;
        default: return app_die(-XT_EINVAL);
        }
    }
    if (ret || (ret = resolve(argc, argv, &files, &cfg)) != 0)
        return app_die(ret);
    if (markdown)
        ret = xt_config_write_doc(stdout);
    else if (list) {
        keys = xt_config_keys(&n);
        for (size_t i = 0; i < n; i++)
            printf("%-22s %-16s %-9s %s\n", keys[i].name, keys[i].def[0] ? keys[i].def : "\"\"",
                   keys[i].unit, keys[i].help);
    } else
        ret = xt_config_write(&cfg, stdout);
    return ret ? app_die(ret) : 0;
}

struct jt_arg {
    const struct nvm_class *c;
    int bins, quantiles;
};

static int emit_jt(FILE *f, const void *arg)
{
    const struct jt_arg *j = arg;

    return nvm_jt_write(j->c, j->bins, j->quantiles, f);
}

static const struct option jt_opts[] = {
    {"help", no_argument, NULL, 'h'},
    {"set", required_argument, NULL, OPT_SET},
    {"class", required_argument, NULL, OPT_CLASS},
    {"bins", required_argument, NULL, OPT_BINS},
    {"quantiles", required_argument, NULL, OPT_QUANTILES},
    {"out", required_argument, NULL, OPT_OUT},
    {NULL, 0, NULL, 0},
};

int cmd_jt_gen(int argc, char **argv)
{
    static struct app_cfg files;
    static struct xt_config cfg;
    const char *cls = "lsp", *out = NULL;
    struct jt_arg j = {NULL, 100, 33};
    struct nvm_class nc;
    int c, ret = 0;

    while (!ret && (c = app_getopt(argc, argv, "h", jt_opts)) != -1) {
        switch (c) {
        case 'h': usage_jt_gen(stdout); return 0;
        case OPT_SET: ret = app_cfg_set(&files, NULL, optarg); break;
        case OPT_BINS: ret = app_parse_int("--bins", optarg, 1, 4096, &j.bins); break;
        case OPT_QUANTILES:
            ret = app_parse_int("--quantiles", optarg, 2, 1024, &j.quantiles);
            break;
        case OPT_OUT: out = optarg; break;
        case OPT_CLASS:
            cls = optarg;
            if (strcmp(cls, "msp") && strcmp(cls, "lsp"))
                ret = xt_fail(XT_EINVAL, "option --class: '%s' is not msp or lsp", cls);
            break;
        default: return app_die(-XT_EINVAL);
        }
    }
    if (ret || (ret = resolve(argc, argv, &files, &cfg)) != 0)
        return app_die(ret);
    if ((ret = nvm_class_init(&nc, !strcmp(cls, "msp") ? &cfg.msp : &cfg.lsp, cls)) != 0)
        return app_die(ret);
    j.c = &nc;
    ret = out ? xt_write_atomic(out, emit_jt, &j) : emit_jt(stdout, &j);
    nvm_class_free(&nc);
    return ret ? app_die(ret) : 0;
}
