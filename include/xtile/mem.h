/* mem.h - zeroed allocations: large ones on transparent huge pages, others on cache lines */
#ifndef XTILE_MEM_H
#define XTILE_MEM_H

#include <stddef.h>

/*
 * Zeroed memory for the big per-device arrays, aligned to 2 MiB and marked for
 * transparent huge pages where the kernel offers them: the update touches
 * cells all over the array, and 4 KiB pages made every touch a TLB miss.
 * Returns NULL on failure; free with free().
 */
void *xt_alloc_big(size_t n);

/*
 * Zeroed memory starting on a 64-byte cache line and ending on one, for what
 * threads write by blocks of rows (array.h, ARR_LINE_ROWS). NULL on failure or
 * for n = 0; free with free().
 */
void *xt_alloc_lines(size_t n);

#endif
