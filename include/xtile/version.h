/* version.h - the build's version (git describe), as run folders and checkpoints record it */
#ifndef XTILE_VERSION_H
#define XTILE_VERSION_H

/* "git describe --always --dirty" at build time, or "dev" outside a checkout. */
const char *xt_version(void);

#endif
