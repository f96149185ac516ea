/* err.h - error codes and the last-error message shared by every xtile module */
#ifndef XTILE_ERR_H
#define XTILE_ERR_H

/*
 * Functions named for an action return 0 on success or a negative code from
 * this enum. The failing function also records a one-line message naming the
 * object (file, key, value) and the problem; xt_errmsg() returns it. Library
 * code never prints: main() decides what to show.
 */
enum xt_err {
    XT_OK = 0,
    XT_EINVAL = 1, /* bad argument or configuration value */
    XT_ENOMEM = 2, /* out of memory */
    XT_EIO = 3,    /* file system: open, read, write, rename */
    XT_EFORMAT = 4 /* file contents: bad magic, truncated, malformed */
};

/* Records a printf-style message and returns -code (for `return xt_fail(...)`). */
int xt_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The message of the most recent failure in this thread ("" if none). */
const char *xt_errmsg(void);

/* Prefixes the recorded message with "prefix: " (adds context on the way up). */
void xt_errctx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
