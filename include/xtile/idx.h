/* idx.h - reader of IDX files (the MNIST layout), raw or gzip */
#ifndef XTILE_IDX_H
#define XTILE_IDX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IDX_MAX_RANK  4
#define IDX_MAX_BYTES ((size_t)1 << 31) /* refuse larger payloads: 2 GiB */

/* An unsigned-byte IDX tensor: dim[0] is the item count (60,000 for MNIST). */
struct idx {
    int rank;
    uint32_t dim[IDX_MAX_RANK];
    size_t size; /* product of dims = bytes of data */
    uint8_t *data;
};

/*
 * Reads `path` (plain or gzip, detected from the contents). Checks the magic
 * (two zero bytes, type 0x08 = unsigned byte, rank 1..4), every dimension
 * (non-zero, product below IDX_MAX_BYTES) and the payload length against the
 * header: short and over-long files are both errors. On error returns
 * -XT_EIO or -XT_EFORMAT with a message naming the file and leaves *out
 * zeroed.
 */
int idx_load(const char *path, struct idx *out);

void idx_free(struct idx *t);

/*
 * Writes t to `path` as an unsigned-byte IDX file, gzip-compressed when gzip
 * is true (used by tests and by tools that make small datasets). Atomic: the
 * file appears whole or not at all. -XT_EIO naming the file on error.
 */
int idx_save(const char *path, const struct idx *t, bool gzip);

#endif
