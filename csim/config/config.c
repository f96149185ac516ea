/* config.c - value parsing and range checks against the key table (keys.c), INI in and out */
#include "xtile/config.h"

#include "xtile/err.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The longest line a config file may have: libinih's buffer less the newline and the NUL. */
#define XT_INI_LINE (INI_MAX_LINE - 2)

static const struct xt_cfg_key *find_key(const char *name)
{
    size_t n;
    const struct xt_cfg_key *keys = xt_config_keys(&n);

    for (size_t i = 0; i < n; i++)
        if (strcmp(keys[i].name, name) == 0)
            return &keys[i];
    return NULL;
}

/* "integer 1..10000", "real > 0 .. 10", "one of: a, b" */
static void describe(const struct xt_cfg_key *k, char *buf, size_t n)
{
    size_t used;

    switch (k->type) {
    case XT_CFG_INT: snprintf(buf, n, "integer %.0f..%.0f", k->min, k->max); break;
    case XT_CFG_REAL:
        snprintf(buf, n, "real %s %g, <= %g", k->min_open ? ">" : ">=", k->min, k->max);
        break;
    case XT_CFG_U64: snprintf(buf, n, "integer 0..18446744073709551615"); break;
    case XT_CFG_ENUM:
        used = (size_t)snprintf(buf, n, "one of:");
        for (const char *const *c = k->choices; *c && used < n; c++)
            used += (size_t)snprintf(buf + used, n - used, " %s", *c);
        break;
    case XT_CFG_STR: snprintf(buf, n, "text up to %zu bytes", k->len - 1); break;
    case XT_CFG_LAYERS:
        snprintf(buf, n, "2..%d comma-separated integers 1..65536", XT_MAX_LAYERS);
        break;
    case XT_CFG_TIMES:
        snprintf(buf, n,
                 "up to %d ascending comma-separated durations 0..1e12 s, each a number with an "
                 "optional unit s, min, h, d, mo or y; or empty",
                 XT_MAX_TIMES);
        break;
    }
}

static int bad(const struct xt_cfg_key *k, const char *value, const char *what)
{
    char allowed[256];

    describe(k, allowed, sizeof allowed);
    return xt_fail(XT_EINVAL, "key '%s': '%s' %s (allowed: %s)", k->name, value, what, allowed);
}

/* A text value: it must fit its buffer and a config file's line, and read back the same. */
static int parse_text(const struct xt_cfg_key *k, const char *value, void *field)
{
    size_t n = strlen(value), line = strlen(strchr(k->name, '.') + 1) + 3 + n;
    if (n >= k->len || line > XT_INI_LINE)
        return xt_fail(XT_EINVAL,
                       "key '%s': a value of %zu characters is too long (the line '%s = "
                       "...' of a config file holds at most %d characters)",
                       k->name, n, strchr(k->name, '.') + 1, XT_INI_LINE);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)value[i];
        if (ch < 0x20 || ch == 0x7f)
            return xt_fail(XT_EINVAL,
                           "key '%s': the value has control character 0x%02x at "
                           "byte %zu",
                           k->name, ch, i + 1);
        if ((isspace(ch) && (i == 0 || i == n - 1)) || (i == 0 && ch == ';') ||
            (isspace(ch) && value[i + 1] == ';'))
            return xt_fail(XT_EINVAL,
                           "key '%s': the value '%s' cannot be written to a config file "
                           "(leading or trailing blank, or a ';' after a blank or first, "
                           "which starts a comment)",
                           k->name, value);
    }
    strcpy((char *)field, value);
    return 0;
}

/* "784,250,125,10": 2..XT_MAX_LAYERS sizes 1..65536. */
static int parse_layers(const struct xt_cfg_key *k, const char *value, void *field)
{
    char *end;
    struct xt_layers l = {0};
    const char *p = value;
    for (;;) {
        long v;
        if (l.n == XT_MAX_LAYERS)
            return bad(k, value, "has too many layers");
        errno = 0;
        v = strtol(p, &end, 10);
        if (end == p || errno || v < 1 || v > 65536)
            return bad(k, value, "is not a list of layer sizes");
        l.size[l.n++] = (int)v;
        while (*end == ' ')
            end++;
        if (*end == 0)
            break;
        if (*end != ',')
            return bad(k, value, "is not a list of layer sizes");
        p = end + 1;
    }
    if (l.n < 2)
        return bad(k, value, "needs an input and an output layer");
    *(struct xt_layers *)field = l;
    return 0;
}

/* "1s,1h,1d,1mo": up to XT_MAX_TIMES ascending durations, in seconds; "" = none. */
static int parse_times(const struct xt_cfg_key *k, const char *value, void *field)
{
    static const struct {
        const char *name;
        double s;
    } units[] = {{"s", 1.0},     {"min", 60.0},     {"h", 3600.0},
                 {"d", 86400.0}, {"mo", 2592000.0}, {"y", 31536000.0}};
    struct xt_times t = {0};
    const char *p = value;

    while (*p == ' ')
        p++;
    while (*p) {
        char *end;
        double v;
        size_t u = sizeof units / sizeof units[0], len;

        if (t.n == XT_MAX_TIMES)
            return bad(k, value, "has too many durations");
        errno = 0;
        v = strtod(p, &end);
        if (end == p || errno || !isfinite(v) || v < 0.0)
            return bad(k, value, "is not a list of durations");
        while (*end == ' ')
            end++;
        len = strcspn(end, ", ");
        if (len) {
            for (u = 0; u < sizeof units / sizeof units[0]; u++)
                if (strlen(units[u].name) == len && !strncmp(end, units[u].name, len))
                    break;
            if (u == sizeof units / sizeof units[0])
                return bad(k, value, "has an unknown unit");
            v *= units[u].s;
            end += len;
        }
        if (v > 1e12)
            return bad(k, value, "has a duration out of range");
        if (t.n && v <= t.s[t.n - 1])
            return bad(k, value, "is not ascending");
        t.s[t.n++] = v;
        while (*end == ' ')
            end++;
        if (*end == 0)
            break;
        if (*end != ',')
            return bad(k, value, "is not a list of durations");
        p = end + 1;
        while (*p == ' ')
            p++;
        if (*p == 0)
            return bad(k, value, "is not a list of durations");
    }
    *(struct xt_times *)field = t;
    return 0;
}

/* Parses value into the field of k inside c; c is untouched on error. */
static int parse_into(struct xt_config *c, const struct xt_cfg_key *k, const char *value)
{
    void *field = (char *)c + k->off;
    char *end;

    switch (k->type) {
    case XT_CFG_INT: {
        long long v;
        errno = 0;
        v = strtoll(value, &end, 10);
        if (end == value || *end || errno)
            return bad(k, value, "is not an integer");
        if ((double)v < k->min || (double)v > k->max)
            return bad(k, value, "is out of range");
        *(int *)field = (int)v;
        return 0;
    }
    case XT_CFG_REAL: {
        double v;
        errno = 0;
        v = strtod(value, &end);
        if (end == value || *end || errno || !isfinite(v))
            return bad(k, value, "is not a finite number");
        if (v < k->min || (k->min_open && v == k->min) || v > k->max)
            return bad(k, value, "is out of range");
        *(double *)field = v;
        return 0;
    }
    case XT_CFG_U64: {
        unsigned long long v;
        errno = 0;
        if (value[0] == '-')
            return bad(k, value, "is negative");
        v = strtoull(value, &end, 10);
        if (end == value || *end || errno)
            return bad(k, value, "is not an unsigned integer");
        *(uint64_t *)field = v;
        return 0;
    }
    case XT_CFG_ENUM:
        for (int i = 0; k->choices[i]; i++) {
            if (strcmp(k->choices[i], value) == 0) {
                *(int *)field = i;
                return 0;
            }
        }
        return bad(k, value, "is not a known choice");
    case XT_CFG_STR: return parse_text(k, value, field);
    case XT_CFG_LAYERS: return parse_layers(k, value, field);
    case XT_CFG_TIMES: return parse_times(k, value, field);
    }
    return xt_fail(XT_EINVAL, "key '%s': unknown type", k->name);
}

void xt_config_defaults(struct xt_config *c)
{
    size_t nkeys;
    const struct xt_cfg_key *keys = xt_config_keys(&nkeys);

    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < nkeys; i++) {
        int ret = parse_into(c, &keys[i], keys[i].def);
        (void)ret;
        /* a default that fails its own check is a table bug, caught by the tests */
    }
}

int xt_config_set(struct xt_config *c, const char *key, const char *value)
{
    const struct xt_cfg_key *k = find_key(key);

    if (!k)
        return xt_fail(XT_EINVAL, "unknown key '%s' (xtile config --list shows every key)", key);
    return parse_into(c, k, value);
}

int xt_config_set_pair(struct xt_config *c, const char *pair)
{
    const char *eq = strchr(pair, '=');
    char key[128];

    if (!eq || eq == pair || (size_t)(eq - pair) >= sizeof key)
        return xt_fail(XT_EINVAL, "'%s' is not of the form section.key=value", pair);
    memcpy(key, pair, (size_t)(eq - pair));
    key[eq - pair] = 0;
    return xt_config_set(c, key, eq + 1);
}

struct load_ctx {
    struct xt_config *c;
    const char *path;
    FILE *f;
    int line; /* lines read so far = number of the line being parsed */
    int ret;
    const char *other; /* a section the key table does not own, or NULL */
    int (*on_other)(void *user, const char *name, const char *value);
    void *user;
};

/*
 * fgets for inih that counts lines (Debian's inih passes no line numbers) and
 * drops leading blanks, so that an indented line is an ordinary line and never
 * the continuation of the previous key's value (inih's multi-line values).
 */
static char *read_line(char *str, int num, void *stream)
{
    struct load_ctx *ctx = stream;
    size_t len, lead;

    if (ctx->ret || !fgets(str, num, ctx->f))
        return NULL;
    ctx->line++;
    len = strlen(str);
    if (len == (size_t)num - 1 && str[len - 1] != '\n' && !feof(ctx->f)) {
        ctx->ret = xt_fail(XT_EINVAL, "%s:%d: line longer than %d characters", ctx->path, ctx->line,
                           num - 2);
        return NULL;
    }
    lead = strspn(str, " \t");
    memmove(str, str + lead, len - lead + 1);
    return str;
}

static int on_ini(void *user, const char *section, const char *name, const char *value)
{
    struct load_ctx *ctx = user;
    char key[256];

    if (ctx->ret)
        return 1; /* keep the first error only */
    snprintf(key, sizeof key, "%s.%s", section, name);
    if (ctx->other && !strcmp(section, ctx->other))
        ctx->ret = ctx->on_other(ctx->user, name, value);
    else
        ctx->ret = xt_config_set(ctx->c, key, value);
    if (ctx->ret) {
        xt_errctx("%s:%d", ctx->path, ctx->line);
        return 0;
    }
    return 1;
}

int xt_config_load(struct xt_config *c, const char *path)
{
    return xt_config_load_with(c, path, NULL, NULL, NULL);
}

const struct xt_cfg_key *xt_config_key(const char *name)
{
    return find_key(name);
}

int xt_config_load_with(struct xt_config *c, const char *path, const char *other,
                        int (*on_other)(void *user, const char *name, const char *value),
                        void *user)
{
    struct load_ctx ctx = {c, path, NULL, 0, 0, other, on_other, user};
    int line;

    ctx.f = fopen(path, "r");
    if (!ctx.f)
        return xt_fail(XT_EIO, "%s: cannot open config: %s", path, strerror(errno));
    line = ini_parse_stream(read_line, &ctx, on_ini, &ctx);
    fclose(ctx.f);
    if (ctx.ret)
        return ctx.ret;
    if (line != 0)
        return xt_fail(XT_EINVAL, "%s:%d: not an INI line (expected [section] or key = value)",
                       path, line);
    return 0;
}

/* The shortest text of v that reads back to the same double. */
static int shortest(char *buf, size_t n, double v)
{
    int len = 0;

    for (int prec = 6; prec <= 17; prec++) {
        len = snprintf(buf, n, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return len;
}

void xt_config_format(const struct xt_config *c, const struct xt_cfg_key *k, char *buf, size_t n)
{
    const void *field = (const char *)c + k->off;

    switch (k->type) {
    case XT_CFG_INT: snprintf(buf, n, "%d", *(const int *)field); break;
    case XT_CFG_REAL: shortest(buf, n, *(const double *)field); break;
    case XT_CFG_U64: snprintf(buf, n, "%llu", (unsigned long long)*(const uint64_t *)field); break;
    case XT_CFG_ENUM: snprintf(buf, n, "%s", k->choices[*(const int *)field]); break;
    case XT_CFG_STR: snprintf(buf, n, "%s", (const char *)field); break;
    case XT_CFG_LAYERS: {
        const struct xt_layers *l = field;
        size_t used = 0;
        buf[0] = 0;
        for (int i = 0; i < l->n && used < n; i++)
            used += (size_t)snprintf(buf + used, n - used, i ? ",%d" : "%d", l->size[i]);
        break;
    }
    case XT_CFG_TIMES: {
        const struct xt_times *t = field;
        size_t used = 0;
        buf[0] = 0;
        for (int i = 0; i < t->n && used + 1 < n; i++) {
            if (i)
                buf[used++] = ',';
            used += (size_t)shortest(buf + used, n - used, t->s[i]);
        }
        break;
    }
    }
}

int xt_config_write(const struct xt_config *c, FILE *f)
{
    char section[64] = "", value[XT_PATH_MAX + 64];
    size_t nkeys;
    const struct xt_cfg_key *keys = xt_config_keys(&nkeys);

    fprintf(f, "; xtile resolved configuration: every key, defaults included\n");
    for (size_t i = 0; i < nkeys; i++) {
        const char *dot = strchr(keys[i].name, '.');
        size_t sl = (size_t)(dot - keys[i].name);
        if (strlen(section) != sl || strncmp(section, keys[i].name, sl) != 0) {
            memcpy(section, keys[i].name, sl);
            section[sl] = 0;
            fprintf(f, "\n[%s]\n", section);
        }
        xt_config_format(c, &keys[i], value, sizeof value);
        fprintf(f, "%s = %s\n", dot + 1, value);
    }
    return ferror(f) ? xt_fail(XT_EIO, "cannot write config") : 0;
}

int xt_config_write_doc(FILE *f)
{
    char allowed[256];
    size_t nkeys;
    const struct xt_cfg_key *keys = xt_config_keys(&nkeys);

    fprintf(f, "# Configuration keys\n\n"
               "Generated by `xtile config --markdown` from the key table in "
               "csim/config/keys.c; do not edit by hand.\n"
               "Every key can be set in an INI file (`[section]` then `key = value`) or on the "
               "command line as `--set section.key=value`; later settings win. Unknown keys and "
               "out-of-range values are errors.\n\n"
               "| key | default | unit | allowed | meaning |\n|---|---|---|---|---|\n");
    for (size_t i = 0; i < nkeys; i++) {
        describe(&keys[i], allowed, sizeof allowed);
        fprintf(f, "| `%s` | `%s` | %s | %s | %s |\n", keys[i].name, keys[i].def, keys[i].unit,
                allowed, keys[i].help);
    }
    return ferror(f) ? xt_fail(XT_EIO, "cannot write the key reference") : 0;
}

const char *xt_config_data_dir(const struct xt_config *c, char *buf, size_t n)
{
    if (c->data.dir[0])
        snprintf(buf, n, "%s", c->data.dir);
    else
        snprintf(buf, n, "data/%s", xt_config_enum_name("data.set", c->data.set));
    return buf;
}

const char *xt_config_enum_name(const char *name, int value)
{
    const struct xt_cfg_key *k = find_key(name);

    if (!k || k->type != XT_CFG_ENUM || value < 0)
        return "?";
    for (int i = 0; k->choices[i]; i++)
        if (i == value)
            return k->choices[i];
    return "?";
}

struct clt_setup xt_config_clt_setup(const struct xt_config *c)
{
    return xt_tile_clt_setup(&c->tile, &c->clt, &c->weights, &c->msp, &c->lsp);
}

int xt_config_span_steps(const struct xt_config *c)
{
    return clt_span_steps(&c->weights, &c->msp, &c->lsp);
}
