/* json.c - streaming JSON writer: objects, arrays, numbers that read back exactly */
#include "xtile/json.h"

#include "xtile/err.h"

#include <math.h>
#include <stdlib.h>

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
