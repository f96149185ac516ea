/* mkidx.c - writes a small synthetic digit-like dataset (four IDX files) for tests */
#include "xtile/err.h"
#include "xtile/file.h"
#include "xtile/idx.h"
#include "xtile/rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Class k lights pixel block k of the image (blocks tile the image row by
 * row) on a background of sparse noise, so a small network learns it in a few
 * epochs. Everything comes from (seed, XT_STREAM_TEST, split).
 */
static int write_split(const char *dir, const char *split, int n, int rows, int cols, bool gz,
                       uint64_t seed, uint32_t index)
{
    struct idx img = {3, {(uint32_t)n, (uint32_t)rows, (uint32_t)cols}, 0, NULL};
    struct idx lab = {1, {(uint32_t)n}, (size_t)n, NULL};
    char path[4200];
    int dim = rows * cols, ret = -XT_ENOMEM;
    struct xt_rng r;

    img.size = (size_t)n * (size_t)dim;
    img.data = calloc(img.size, 1);
    lab.data = calloc((size_t)n, 1);
    if (!img.data || !lab.data)
        goto out;
    xt_rng_init(&r, seed, XT_STREAM_TEST, index);
    for (int k = 0; k < n; k++) {
        uint8_t *px = img.data + (size_t)k * (size_t)dim;
        int label = (int)xt_rng_below(&r, 10), block = dim / 10;

        lab.data[k] = (uint8_t)label;
        for (int p = 0; p < dim; p++)
            if (xt_rng_below(&r, 8) == 0)
                px[p] = (uint8_t)xt_rng_below(&r, 128);
        for (int p = label * block; p < (label + 1) * block; p++)
            px[p] = (uint8_t)(160 + xt_rng_below(&r, 96));
    }
    snprintf(path, sizeof path, "%s/%s-images-idx3-ubyte%s", dir, split, gz ? ".gz" : "");
    ret = idx_save(path, &img, gz);
    if (ret)
        goto out;
    snprintf(path, sizeof path, "%s/%s-labels-idx1-ubyte%s", dir, split, gz ? ".gz" : "");
    ret = idx_save(path, &lab, gz);
out:
    free(img.data);
    free(lab.data);
    return ret;
}

int main(int argc, char **argv)
{
    int ntrain, ntest, rows = 4, cols = 5, ret;
    bool gz = false;

    if (argc < 4) {
        fprintf(stderr, "usage: mkidx DIR N_TRAIN N_TEST [ROWS COLS] [--gzip]\n");
        return 2;
    }
    ntrain = atoi(argv[2]);
    ntest = atoi(argv[3]);
    if (argc >= 6 && argv[4][0] != '-') {
        rows = atoi(argv[4]);
        cols = atoi(argv[5]);
    }
    gz = !strcmp(argv[argc - 1], "--gzip");
    if (ntrain < 1 || ntest < 1 || rows < 1 || cols < 1 || rows * cols < 10) {
        fprintf(stderr, "mkidx: bad sizes\n");
        return 2;
    }
    ret = xt_mkdirs(argv[1]);
    if (!ret)
        ret = write_split(argv[1], "train", ntrain, rows, cols, gz, 7, 0);
    if (!ret)
        ret = write_split(argv[1], "t10k", ntest, rows, cols, gz, 7, 1);
    if (ret) {
        fprintf(stderr, "mkidx: %s\n", xt_errmsg());
        return 1;
    }
    return 0;
}
