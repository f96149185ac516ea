/* mem.c - zeroed allocations: big ones on transparent huge pages (madvise), others on lines */
#define _DEFAULT_SOURCE /* madvise */
#include "xtile/mem.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)

void *xt_alloc_big(size_t n)
{
    size_t size = (n + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    void *p = NULL;

    if (n == 0 || posix_memalign(&p, HUGE_PAGE, size) != 0)
        return NULL;
    madvise(p, size, MADV_HUGEPAGE); /* advice only: failure leaves normal pages */
    memset(p, 0, size);
    return p;
}

void *xt_alloc_lines(size_t n)
{
    size_t size = (n + 63) / 64 * 64;
    void *p = n ? aligned_alloc(64, size) : NULL;

    if (p)
        memset(p, 0, size);
    return p;
}
