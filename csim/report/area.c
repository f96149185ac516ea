/* area.c - a tile's peripheral area from its Yosys reports (synth/synth.sh, make synth) */
#include "xtile/area.h"

#include "xtile/err.h"
#include "xtile/file.h"
#include "xtile/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const area_block_name[AREA_BLOCKS] = {"pulse_seq", "col_adc", "row_adc", "wxfer_ctl",
                                                  "top"};
static const char *const block_inst[AREA_TOP] = {"u_seq", "u_col_adc", "u_row_adc", "u_wx"};

#define MAX_MODULES  32
#define MAX_CHILDREN 8
#define NAME_LEN     128

/* One module of stat -json: its own cells, and how many of each module it instantiates. */
struct mod {
    char name[NAME_LEN];
    struct area_cost own;
    int nchild;
    char child[MAX_CHILDREN][NAME_LEN];
    double count[MAX_CHILDREN];
    int state; /* 0 not summed, 1 summing (a cycle), 2 summed */
    struct area_cost sum;
};

struct stat_json {
    struct mod m[MAX_MODULES];
    int n;
    double design_transistors;
    int err;
    const char *path;
};

void area_name(char *buf, size_t n, int rows, int cols, int share, int code_w, int adc_w)
{
    snprintf(buf, n, "tile_top_%dx%dx%d_c%d_a%d", rows, cols, share, code_w, adc_w);
}

static struct mod *find(struct stat_json *s, const char *name, bool add)
{
    for (int k = 0; k < s->n; k++)
        if (!strcmp(s->m[k].name, name))
            return &s->m[k];
    if (!add)
        return NULL;
    if (s->n == MAX_MODULES) {
        s->err = xt_fail(XT_EFORMAT, "%s: more than %d modules", s->path, MAX_MODULES);
        return NULL;
    }
    snprintf(s->m[s->n].name, NAME_LEN, "%s", name);
    return &s->m[s->n++];
}

/* modules.<module>.num_cells_by_type.<type>, modules.<module>.estimated_num_transistors */
static void on_leaf(void *user, const char *key, double v)
{
    static const char cells[] = ".num_cells_by_type.", tr[] = ".estimated_num_transistors";
    struct stat_json *s = user;
    char name[NAME_LEN];
    const char *p, *q;
    struct mod *m;

    if (!strcmp(key, "design.estimated_num_transistors")) {
        s->design_transistors = v;
        return;
    }
    if (strncmp(key, "modules.", 8) || s->err)
        return;
    p = key + 8;
    if ((q = strstr(p, cells)) == NULL && ((q = strstr(p, tr)) == NULL || q[sizeof tr - 1]))
        return;
    if (*p == '\\') /* a public name ("\\tile_top"); the .inst file has it without the '\\' */
        p++;
    snprintf(name, sizeof name, "%.*s", (int)(q - p), p);
    if (!(m = find(s, name, true)))
        return;
    if (q[1] == 'e') { /* the transistors of its own cells */
        m->own.transistors = v;
        return;
    }
    const char *type = q + sizeof cells - 1;
    if (type[0] == '$' && type[1] == '_') { /* a gate or a flip-flop of the cell library */
        m->own.cells += v;
        if (!strncmp(type, "$_DFF", 5))
            m->own.flops += v;
    } else if (m->nchild == MAX_CHILDREN) {
        s->err = xt_fail(XT_EFORMAT, "%s: module %s has more than %d kinds of submodule", s->path,
                         name, MAX_CHILDREN);
    } else {
        snprintf(m->child[m->nchild], NAME_LEN, "%s", type + (type[0] == '\\'));
        m->count[m->nchild++] = v;
    }
}

/* The module and everything below it. */
static int sum(struct stat_json *s, struct mod *m)
{
    if (m->state == 2)
        return 0;
    if (m->state == 1)
        return xt_fail(XT_EFORMAT, "%s: module %s instantiates itself", s->path, m->name);
    m->state = 1;
    m->sum = m->own;
    for (int c = 0; c < m->nchild; c++) {
        struct mod *k = find(s, m->child[c], false);
        int ret;
        if (!k)
            return xt_fail(XT_EFORMAT, "%s: module %s instantiates %s, which is not reported",
                           s->path, m->name, m->child[c]);
        if ((ret = sum(s, k)) != 0)
            return ret;
        m->sum.transistors += m->count[c] * k->sum.transistors;
        m->sum.cells += m->count[c] * k->sum.cells;
        m->sum.flops += m->count[c] * k->sum.flops;
    }
    m->state = 2;
    return 0;
}

/* base.inst: "<instance> <module>" lines; the module of instance inst into mod. */
static int inst_module(const char *text, const char *inst, char *mod, size_t n)
{
    size_t len = strlen(inst);

    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l > len + 1 && !strncmp(p, inst, len) && p[len] == ' ') {
            snprintf(mod, n, "%.*s", (int)(l - len - 1), p + len + 1);
            return 0;
        }
        p += l + (e != NULL);
    }
    return -1;
}

int area_read(const char *base, struct tile_area *a)
{
    char path[4200], ipath[4200], mod[NAME_LEN];
    char *text = NULL, *inst = NULL;
    struct stat_json *s = calloc(1, sizeof *s);
    struct mod *top;
    int ret;

    memset(a, 0, sizeof *a);
    if (!s)
        return xt_fail(XT_ENOMEM, "cannot allocate the area reader");
    snprintf(path, sizeof path, "%s.json", base);
    snprintf(ipath, sizeof ipath, "%s.inst", base);
    s->path = path;
    if ((ret = xt_read_text(path, "not synthesized (make synth, or xtile report)", &text)) ||
        (ret = xt_read_text(ipath, NULL, &inst)) ||
        (ret = json_flatten_quoted(text, path, on_leaf, s)) || (ret = s->err))
        goto out;
    if (!(top = find(s, "tile_top", false))) {
        ret = xt_fail(XT_EFORMAT, "%s: no module tile_top", path);
        goto out;
    }
    if ((ret = sum(s, top)) != 0)
        goto out;
    if (top->sum.transistors != s->design_transistors) {
        ret = xt_fail(XT_EFORMAT, "%s: the modules add up to %.0f transistors, the design to %.0f",
                      path, top->sum.transistors, s->design_transistors);
        goto out;
    }
    a->total = top->sum;
    a->block[AREA_TOP] = top->sum;
    for (int b = 0; b < AREA_TOP; b++) {
        struct mod *m;
        if (inst_module(inst, block_inst[b], mod, sizeof mod) || !(m = find(s, mod, false))) {
            ret = xt_fail(XT_EFORMAT, "%s: no instance %s of a reported module", ipath,
                          block_inst[b]);
            goto out;
        }
        a->block[b] = m->sum;
        a->block[AREA_TOP].transistors -= m->sum.transistors;
        a->block[AREA_TOP].cells -= m->sum.cells;
        a->block[AREA_TOP].flops -= m->sum.flops;
    }
out:
    free(text);
    free(inst);
    free(s);
    if (ret)
        memset(a, 0, sizeof *a);
    return ret;
}
