/* helpers.c - scratch folders and raw file writers for the unit tests */
#include "helpers.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

const char *th_tmpdir(void)
{
    static char dir[64];

    snprintf(dir, sizeof dir, "/tmp/xtile-test-XXXXXX");
    cr_assert_not_null(mkdtemp(dir), "mkdtemp");
    return dir;
}

void th_write(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");

    cr_assert_not_null(f, "cannot create %s", path);
    cr_assert_eq(fwrite(data, 1, n, f), n);
    fclose(f);
}

size_t th_idx_header(uint8_t *buf, int rank, const uint32_t *dims)
{
    buf[0] = 0;
    buf[1] = 0;
    buf[2] = 0x08;
    buf[3] = (uint8_t)rank;
    for (int i = 0; i < rank; i++) {
        buf[4 + 4 * i] = (uint8_t)(dims[i] >> 24);
        buf[5 + 4 * i] = (uint8_t)(dims[i] >> 16);
        buf[6 + 4 * i] = (uint8_t)(dims[i] >> 8);
        buf[7 + 4 * i] = (uint8_t)dims[i];
    }
    return 4 + 4 * (size_t)rank;
}
