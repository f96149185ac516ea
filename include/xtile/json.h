/* json.h - a minimal streaming JSON writer for run summaries */
#ifndef XTILE_JSON_H
#define XTILE_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
    FILE *f;
    int depth;
    bool first[JSON_MAX_DEPTH]; /* no member written yet at this depth */
};

void json_begin(struct json *j, FILE *f); /* opens the top-level object */
int json_end(struct json *j);             /* closes it; -XT_EIO on a write error */

void json_obj(struct json *j, const char *key); /* opens a nested object */
void json_arr(struct json *j, const char *key); /* opens a nested array */
void json_close(struct json *j, char bracket);  /* '}' or ']' */

/* Members (key) or array elements (key = NULL). Non-finite reals become null. */
void json_num(struct json *j, const char *key, double v);
void json_int(struct json *j, const char *key, long long v);
void json_u64(struct json *j, const char *key, uint64_t v);
void json_str(struct json *j, const char *key, const char *s);

/*
 * Reads a JSON text (a summary.json) and calls leaf() for every number that
 * is a member of an object, with its dotted path ("clt.mean_abs_error");
 * strings, booleans, nulls and arrays are skipped. 0, or -XT_EFORMAT naming
 * `what` and the byte offset of the first syntax error.
 */
int json_flatten(const char *text, const char *what,
                 void (*leaf)(void *user, const char *key, double v), void *user);
/*
 * As json_flatten, and a member string that is a number, or a number and a
 * '+' ("3554", "6806+": Yosys's `stat -json` writes its transistor estimate
 * so, the '+' saying some cells have no cost), counts as that number.
 */
int json_flatten_quoted(const char *text, const char *what,
                        void (*leaf)(void *user, const char *key, double v), void *user);

#endif
