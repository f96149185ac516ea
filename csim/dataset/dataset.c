/* dataset.c - pairs an images IDX with its labels IDX and checks they agree */
#include "xtile/dataset.h"

#include "xtile/err.h"
#include "xtile/idx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Finds <dir>/<base> or <dir>/<base>.gz; 0 and the path, or -XT_EIO. */
static int find_file(const char *dir, const char *base, char *path, size_t n)
{
    struct stat st;

    snprintf(path, n, "%s/%s", dir, base);
    if (stat(path, &st) == 0)
        return 0;
    snprintf(path, n, "%s/%s.gz", dir, base);
    if (stat(path, &st) == 0)
        return 0;
    return xt_fail(XT_EIO, "%s: missing %s (or %s.gz)", dir, base, base);
}

int dataset_load(const char *dir, const char *split, int limit, struct dataset *ds)
{
    char base[64], ipath[4200], lpath[4200];
    struct idx img = {0}, lab = {0};
    struct stat st;
    int ret;

    memset(ds, 0, sizeof *ds);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return xt_fail(XT_EIO,
                       "data folder '%s' does not exist (run scripts/fetch-data.sh, or set "
                       "data.dir / --data)",
                       dir);
    snprintf(base, sizeof base, "%s-images-idx3-ubyte", split);
    ret = find_file(dir, base, ipath, sizeof ipath);
    if (ret)
        return ret;
    snprintf(base, sizeof base, "%s-labels-idx1-ubyte", split);
    ret = find_file(dir, base, lpath, sizeof lpath);
    if (ret)
        return ret;

    ret = idx_load(ipath, &img);
    if (ret)
        return ret;
    ret = idx_load(lpath, &lab);
    if (ret)
        goto out_img;
    if (img.rank != 3) {
        ret = xt_fail(XT_EFORMAT, "%s: rank %d, images need rank 3 (count, rows, cols)", ipath,
                      img.rank);
        goto out_lab;
    }
    if (lab.rank != 1) {
        ret = xt_fail(XT_EFORMAT, "%s: rank %d, labels need rank 1", lpath, lab.rank);
        goto out_lab;
    }
    if (img.dim[0] != lab.dim[0]) {
        ret = xt_fail(XT_EFORMAT, "%s holds %u images but %s holds %u labels", ipath, img.dim[0],
                      lpath, lab.dim[0]);
        goto out_lab;
    }
    for (uint32_t i = 0; i < lab.dim[0]; i++) {
        if (lab.data[i] >= DATASET_CLASSES) {
            ret = xt_fail(XT_EFORMAT, "%s: label %u of example %u is not a digit 0..9", lpath,
                          lab.data[i], i);
            goto out_lab;
        }
    }
    if (limit > 0 && (uint32_t)limit > img.dim[0]) {
        ret = xt_fail(XT_EINVAL, "%s holds %u examples, fewer than the %d requested", ipath,
                      img.dim[0], limit);
        goto out_lab;
    }
    ds->n = limit > 0 ? limit : (int)img.dim[0];
    ds->rows = (int)img.dim[1];
    ds->cols = (int)img.dim[2];
    ds->dim = ds->rows * ds->cols;
    ds->x = img.data; /* ownership moves; the tail beyond n stays allocated, unused */
    ds->y = lab.data;
    return 0;

out_lab:
    idx_free(&lab);
out_img:
    idx_free(&img);
    return ret;
}

void dataset_free(struct dataset *ds)
{
    free(ds->x);
    free(ds->y);
    memset(ds, 0, sizeof *ds);
}
