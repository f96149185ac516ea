/* version.c - the build's version, set by the Makefile (XTILE_VERSION) */
#include "xtile/version.h"

#ifndef XTILE_VERSION
#define XTILE_VERSION "dev"
#endif

const char *xt_version(void)
{
    return XTILE_VERSION;
}
