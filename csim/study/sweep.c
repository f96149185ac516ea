/* sweep.c - a study's points: the [sweep] section, its grid or zip of values, the runs' names */
#include "xtile/sweep.h"

#include "xtile/err.h"

#include <stdlib.h>
#include <string.h>

int sweep_spec_line(struct sweep_spec *s, const char *name, const char *value)
{
    const struct xt_cfg_key *k = xt_config_key(name);
    struct sweep_param *p;
    struct xt_config scratch;
    char buf[4096], *tok, *save;
    const char *seps;

    if (!strcmp(name, "mode")) {
        if (strcmp(value, "grid") && strcmp(value, "zip"))
            return xt_fail(XT_EINVAL, "key 'sweep.mode': '%s' is not grid or zip", value);
        s->zip = !strcmp(value, "zip");
        return 0;
    }
    if (!strcmp(name, "seeds")) {
        char *end;
        long n = strtol(value, &end, 10);
        if (end == value || *end || n < 1 || n > 1000)
            return xt_fail(XT_EINVAL, "key 'sweep.seeds': '%s' is not an integer 1..1000", value);
        s->seeds = (int)n;
        return 0;
    }
    if (!strcmp(name, "labels")) {
        char lb[4096], *t, *sv;
        snprintf(lb, sizeof lb, "%s", value);
        s->nlabels = 0;
        for (t = strtok_r(lb, " \t", &sv); t; t = strtok_r(NULL, " \t", &sv)) {
            if (s->nlabels == SWEEP_MAX_VALUES || strlen(t) >= SWEEP_LABEL_LEN)
                return xt_fail(XT_EINVAL,
                               "key 'sweep.labels': more than %d labels, or '%s' longer than %d "
                               "characters",
                               SWEEP_MAX_VALUES, t, SWEEP_LABEL_LEN - 1);
            snprintf(s->label[s->nlabels++], SWEEP_LABEL_LEN, "%s", t);
        }
        return 0;
    }
    if (!strcmp(name, "x") || !strcmp(name, "y")) {
        snprintf(name[0] == 'x' ? s->x : s->y, sizeof s->x, "%s", value);
        return 0;
    }
    char as_lsp[80];
    bool cls = !strcmp(name, "class"), of_class = !strncmp(name, "class.", 6);

    if (of_class) { /* class.KEY: checked as lsp.KEY (both classes have the same keys) */
        snprintf(as_lsp, sizeof as_lsp, "lsp.%s", name + 6);
        k = xt_config_key(as_lsp);
    }
    if (!k && !cls)
        return xt_fail(XT_EINVAL,
                       "key 'sweep.%s': neither a sweep option (mode, seeds, x, y, labels, class) "
                       "nor a "
                       "configuration key to sweep (xtile config --list)",
                       name);
    for (int i = 0; i < s->np; i++)
        if (!strcmp(s->p[i].key, name))
            return xt_fail(XT_EINVAL, "key 'sweep.%s': swept twice", name);
    if (s->np == SWEEP_MAX_PARAMS)
        return xt_fail(XT_EINVAL, "key 'sweep.%s': more than %d swept parameters", name,
                       SWEEP_MAX_PARAMS);
    p = &s->p[s->np];
    memset(p, 0, sizeof *p);
    snprintf(p->key, sizeof p->key, "%s", name);
    snprintf(buf, sizeof buf, "%s", value);
    seps = k && (k->type == XT_CFG_LAYERS || k->type == XT_CFG_TIMES) ? " \t" : " \t,";
    xt_config_defaults(&scratch);
    for (tok = strtok_r(buf, seps, &save); tok; tok = strtok_r(NULL, seps, &save)) {
        int ret = 0; /* each value checked now */
        if (cls && strcmp(tok, "msp") && strcmp(tok, "lsp") && strcmp(tok, "both"))
            ret = xt_fail(XT_EINVAL, "key 'sweep.class': '%s' is not msp, lsp or both", tok);
        else if (!cls)
            ret = xt_config_set(&scratch, of_class ? as_lsp : name, tok);
        if (ret) {
            xt_errctx("sweep");
            return ret;
        }
        if (p->n == SWEEP_MAX_VALUES || strlen(tok) >= SWEEP_VAL_LEN)
            return xt_fail(XT_EINVAL,
                           "key 'sweep.%s': more than %d values or a value longer "
                           "than %d characters",
                           name, SWEEP_MAX_VALUES, SWEEP_VAL_LEN - 1);
        snprintf(p->val[p->n++], SWEEP_VAL_LEN, "%s", tok);
    }
    if (!p->n)
        return xt_fail(XT_EINVAL, "key 'sweep.%s': no values", name);
    s->np++;
    return 0;
}

int sweep_spec_check(struct sweep_spec *s)
{
    bool found = false;

    if (!s->np)
        return xt_fail(XT_EINVAL, "section [sweep]: no parameter to sweep (e.g. lsp.dyn_range = "
                                  "5 10 20)");
    if (!s->seeds)
        s->seeds = 1;
    for (int i = 0; i < s->np && !s->x[0]; i++) /* the first parameter, a class not */
        if (strcmp(s->p[i].key, "class") || i == s->np - 1)
            snprintf(s->x, sizeof s->x, "%s", s->p[i].key);
    if (!s->y[0])
        snprintf(s->y, sizeof s->y, "test_accuracy");
    for (int i = 0; i < s->np; i++) {
        found |= !strcmp(s->p[i].key, s->x);
        if (s->zip && s->p[i].n != s->p[0].n)
            return xt_fail(XT_EINVAL,
                           "section [sweep]: mode = zip needs lists of one length, but %s has "
                           "%d values and %s %d",
                           s->p[0].key, s->p[0].n, s->p[i].key, s->p[i].n);
    }
    if (!found)
        return xt_fail(XT_EINVAL, "key 'sweep.x': '%s' is not a swept parameter", s->x);
    int cls = 0, of_class = 0;
    for (int i = 0; i < s->np; i++) {
        cls += !strcmp(s->p[i].key, "class");
        of_class += !strncmp(s->p[i].key, "class.", 6);
    }
    if (!cls != !of_class)
        return xt_fail(XT_EINVAL, "section [sweep]: %s",
                       cls ? "class is swept, but no class.KEY"
                           : "class.KEY needs class = msp lsp");
    if (s->nlabels && (!s->zip || s->nlabels != sweep_points(s)))
        return xt_fail(XT_EINVAL,
                       "key 'sweep.labels': %d labels; mode = zip needs one per point (%ld)",
                       s->nlabels, s->zip ? sweep_points(s) : 0L);
    if (sweep_points(s) * s->seeds > 100000)
        return xt_fail(XT_EINVAL, "section [sweep]: %ld runs; at most 100000",
                       sweep_points(s) * s->seeds);
    return 0;
}

long sweep_points(const struct sweep_spec *s)
{
    long n = 1;

    if (s->zip)
        return s->np ? s->p[0].n : 0;
    for (int i = 0; i < s->np; i++)
        n *= s->p[i].n;
    return n;
}

void sweep_point(const struct sweep_spec *s, long k, int idx[SWEEP_MAX_PARAMS])
{
    for (int i = s->np - 1; i >= 0; i--) {
        idx[i] = s->zip ? (int)k : (int)(k % s->p[i].n);
        if (!s->zip)
            k /= s->p[i].n;
    }
}

int sweep_point_sets(const struct sweep_spec *s, long k, uint64_t *seed,
                     char sets[SWEEP_MAX_SETS][SWEEP_SET_LEN])
{
    int idx[SWEEP_MAX_PARAMS], n = 0;
    const char *cls = "lsp";

    sweep_point(s, k, idx);
    for (int i = 0; i < s->np; i++)
        if (!strcmp(s->p[i].key, "class"))
            cls = s->p[i].val[idx[i]];
    for (int i = 0; i < s->np; i++) {
        const char *key = s->p[i].key, *v = s->p[i].val[idx[i]];
        if (!strcmp(key, "class"))
            continue;
        if (!strcmp(key, "run.seed"))
            *seed = strtoull(v, NULL, 10);
        if (!strncmp(key, "class.", 6) && !strcmp(cls, "both")) {
            snprintf(sets[n++], SWEEP_SET_LEN, "lsp.%s=%s", key + 6, v);
            snprintf(sets[n++], SWEEP_SET_LEN, "msp.%s=%s", key + 6, v);
        } else if (!strncmp(key, "class.", 6))
            snprintf(sets[n++], SWEEP_SET_LEN, "%s.%s=%s", cls, key + 6, v);
        else
            snprintf(sets[n++], SWEEP_SET_LEN, "%s=%s", key, v);
    }
    return n;
}

void sweep_spec_write(const struct sweep_spec *s, FILE *f)
{
    fprintf(f, "\n[sweep]\nmode = %s\nseeds = %d\nx = %s\ny = %s\n", s->zip ? "zip" : "grid",
            s->seeds, s->x, s->y);

    for (int i = 0; i < s->np; i++) {
        fprintf(f, "%s =", s->p[i].key);
        for (int v = 0; v < s->p[i].n; v++)
            fprintf(f, " %s", s->p[i].val[v]);
        fputc('\n', f);
    }
}

void sweep_run_name(char *buf, size_t n, long k, int j)
{
    snprintf(buf, n, "%03ld-s%d", k, j);
}
