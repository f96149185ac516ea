/* err.c - the per-thread last-error message behind xt_fail() and xt_errmsg() */
#include "xtile/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char errmsg[1024];

int xt_fail(int code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(errmsg, sizeof errmsg, fmt, ap);
    va_end(ap);
    return -code;
}

const char *xt_errmsg(void)
{
    return errmsg;
}

void xt_errctx(const char *fmt, ...)
{
    char prefix[512], old[sizeof errmsg];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, errmsg, sizeof old);
    snprintf(errmsg, sizeof errmsg, "%s: %s", prefix, old);
}
