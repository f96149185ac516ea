/* json.c - streaming JSON writer: objects, arrays, numbers that read back exactly */
#include "xtile/json.h"

#include "xtile/err.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void escaped(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void sep(struct json *j, const char *key)
{
    if (!j->first[j->depth])
        fputc(',', j->f);
    j->first[j->depth] = false;
    fprintf(j->f, "\n%*s", 2 * j->depth, "");
    if (key) {
        escaped(j->f, key);
        fputs(": ", j->f);
    }
}

void json_begin(struct json *j, FILE *f)
{
    j->f = f;
    j->depth = 1; /* members of the top-level object */
    j->first[1] = true;
    fputc('{', f);
}

static void open_(struct json *j, const char *key, char bracket)
{
    sep(j, key);
    fputc(bracket, j->f);
    if (j->depth + 1 < JSON_MAX_DEPTH)
        j->first[++j->depth] = true;
}

void json_obj(struct json *j, const char *key)
{
    open_(j, key, '{');
}

void json_arr(struct json *j, const char *key)
{
    open_(j, key, '[');
}

void json_close(struct json *j, char bracket)
{
    bool empty = j->first[j->depth];

    if (j->depth > 0)
        j->depth--;
    if (!empty)
        fprintf(j->f, "\n%*s", 2 * j->depth, "");
    fputc(bracket, j->f);
}

int json_end(struct json *j)
{
    json_close(j, '}');
    fputc('\n', j->f);
    return ferror(j->f) ? xt_fail(XT_EIO, "cannot write JSON") : 0;
}

void json_num(struct json *j, const char *key, double v)
{
    char buf[32];

    sep(j, key);
    if (!isfinite(v)) {
        fputs("null", j->f);
        return;
    }
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    fputs(buf, j->f);
}

void json_int(struct json *j, const char *key, long long v)
{
    sep(j, key);
    fprintf(j->f, "%lld", v);
}

void json_u64(struct json *j, const char *key, uint64_t v)
{
    sep(j, key);
    fprintf(j->f, "%llu", (unsigned long long)v);
}

void json_str(struct json *j, const char *key, const char *s)
{
    sep(j, key);
    escaped(j->f, s);
}

/* ---- the reader ---- */

struct jr {
    const char *s, *p, *what;
    char key[256];
    void (*leaf)(void *user, const char *key, double v);
    void *user;
    bool quoted;  /* a member string that is a whole number counts as that number */
    int in_array; /* > 0: inside an array, nothing reported */
    int err;
};

static int jr_fail(struct jr *r)
{
    if (!r->err)
        r->err =
            xt_fail(XT_EFORMAT, "%s: not valid JSON at byte %ld", r->what, (long)(r->p - r->s));
    return r->err;
}

static void jr_ws(struct jr *r)
{
    while (*r->p == ' ' || *r->p == '\n' || *r->p == '\t' || *r->p == '\r')
        r->p++;
}

/* A string: into buf (n bytes, NULL: skipped); escapes kept as their letter. */
static int jr_string(struct jr *r, char *buf, size_t n)
{
    size_t k = 0;

    if (*r->p != '"')
        return jr_fail(r);
    for (r->p++; *r->p != '"'; r->p++) {
        if (!*r->p || (unsigned char)*r->p < 0x20)
            return jr_fail(r);
        if (*r->p == '\\' && !*++r->p)
            return jr_fail(r);
        if (buf && k + 1 < n)
            buf[k++] = *r->p;
    }
    r->p++;
    if (buf)
        buf[k] = 0;
    return 0;
}

static int jr_value(struct jr *r, bool member, int depth);

static int jr_members(struct jr *r, char close, int depth)
{
    size_t base = strlen(r->key);

    r->p++;
    jr_ws(r);
    if (*r->p == close) {
        r->p++;
        return 0;
    }
    for (;;) {
        jr_ws(r);
        if (close == '}') {
            char name[128];
            if (jr_string(r, name, sizeof name))
                return r->err;
            snprintf(r->key + base, sizeof r->key - base, "%s%s", base ? "." : "", name);
            jr_ws(r);
            if (*r->p++ != ':')
                return jr_fail(r);
        }
        if (jr_value(r, close == '}', depth + 1))
            return r->err;
        r->key[base] = 0;
        jr_ws(r);
        if (*r->p == ',') {
            r->p++;
            continue;
        }
        if (*r->p++ != close)
            return jr_fail(r);
        return 0;
    }
}

static int jr_value(struct jr *r, bool member, int depth)
{
    char *end;
    double v;

    jr_ws(r);
    if (depth > JSON_MAX_DEPTH)
        return jr_fail(r);
    switch (*r->p) {
    case '{': return jr_members(r, '}', depth);
    case '[': {
        int ret;
        r->in_array++;
        ret = jr_members(r, ']', depth);
        r->in_array--;
        return ret;
    }
    case '"': {
        char buf[64];
        if (!r->quoted || !member || r->in_array)
            return jr_string(r, NULL, 0);
        if (jr_string(r, buf, sizeof buf))
            return r->err;
        v = strtod(buf, &end);
        if (end != buf && (!*end || (end[0] == '+' && !end[1])))
            r->leaf(r->user, r->key, v);
        return 0;
    }
    }
    for (const char *lit = "true\0false\0null\0"; *lit; lit += strlen(lit) + 1)
        if (!strncmp(r->p, lit, strlen(lit))) {
            r->p += strlen(lit);
            return 0;
        }
    if (*r->p != '-' && (*r->p < '0' || *r->p > '9'))
        return jr_fail(r);
    v = strtod(r->p, &end);
    if (end == r->p)
        return jr_fail(r);
    r->p = end;
    if (member && !r->in_array)
        r->leaf(r->user, r->key, v);
    return 0;
}

static int flatten(const char *text, const char *what, bool quoted,
                   void (*leaf)(void *user, const char *key, double v), void *user)
{
    struct jr r = {
        .s = text, .p = text, .what = what, .leaf = leaf, .user = user, .quoted = quoted};

    jr_ws(&r);
    if (*r.p != '{')
        return jr_fail(&r);
    if (jr_value(&r, false, 0))
        return r.err;
    jr_ws(&r);
    return *r.p ? jr_fail(&r) : 0;
}

int json_flatten(const char *text, const char *what,
                 void (*leaf)(void *user, const char *key, double v), void *user)
{
    return flatten(text, what, false, leaf, user);
}

int json_flatten_quoted(const char *text, const char *what,
                        void (*leaf)(void *user, const char *key, double v), void *user)
{
    return flatten(text, what, true, leaf, user);
}
