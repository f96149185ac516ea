/* dataset.h - a labelled image set (MNIST layout: <split>-images/labels-idx*-ubyte[.gz]) */
#ifndef XTILE_DATASET_H
#define XTILE_DATASET_H

#include <stdint.h>

#define DATASET_CLASSES 10

struct dataset {
    int n;          /* examples */
    int dim;        /* pixels per example (rows * cols) */
    int rows, cols; /* image shape */
    uint8_t *x;     /* n * dim pixel codes, example-major */
    uint8_t *y;     /* n labels, each < DATASET_CLASSES */
};

/*
 * Loads split "train" or "t10k" from dir: the files
 * <split>-images-idx3-ubyte and <split>-labels-idx1-ubyte, each plain or with
 * ".gz". Checks ranks (3 and 1), equal counts, and labels < 10. When limit > 0
 * keeps only the first `limit` examples (error if the file has fewer). On
 * error returns a negative XT_E* code with a message naming the file and
 * leaves *ds zeroed.
 */
int dataset_load(const char *dir, const char *split, int limit, struct dataset *ds);

void dataset_free(struct dataset *ds);

#endif
