/* helpers.h - shared test fixtures: a scratch folder and raw file writers */
#ifndef XTILE_TEST_HELPERS_H
#define XTILE_TEST_HELPERS_H

#include <stddef.h>
#include <stdint.h>

/* Creates a fresh scratch folder under /tmp and returns its path (static storage). */
const char *th_tmpdir(void);

/* Writes n bytes to path (creating or replacing it); fails the test on error. */
void th_write(const char *path, const void *data, size_t n);

/* Big-endian IDX header for unsigned bytes: returns its length. */
size_t th_idx_header(uint8_t *buf, int rank, const uint32_t *dims);

#endif
