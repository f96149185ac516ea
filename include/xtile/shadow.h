/* shadow.h - the float shadow of a device network: a sample of its weights trained by plain SGD */
#ifndef XTILE_SHADOW_H
#define XTILE_SHADOW_H

#include <stdint.h>

#define SHADOW_MAX_LAYERS 8
#define SHADOW_SAMPLE     1024 /* weights followed per layer (all when fewer) */

/*
 * What the learning rule asked of a device network, against what its devices
 * hold. Each shadow weight starts at the software weight the device weight
 * was programmed from and takes, every example, the float update
 * w -= lr x_i delta_j that the device network's own activations x and errors
 * delta call for (kern_update's rule); the device weight takes the pulses
 * instead, and the transfers. Their difference is the weight error of the
 * device network: programming, stochastic and saturating steps, clipped
 * update probabilities, transfers. A fixed sample of cells per layer keeps it
 * cheap (a few thousand multiply-adds per example): cell k of the sample is
 * (k * 7919 + 13) mod cells, distinct because 7919 is a prime the cell count
 * is not a multiple of (else 7907).
 */
struct shadow_layer {
    int m;
    int32_t *cell;      /* m sampled cells, row * cols + col */
    int32_t *row, *col; /* their rows and columns (no division per update) */
    float *w;           /* their shadow weights */
};

/* The error of one layer at one moment, in weight units, over its sample. */
struct shadow_stat {
    double rms_err, mean_err; /* of w_device - w_shadow */
    double rms_w;             /* of w_shadow */
};

struct shadow {
    int nl;
    struct shadow_layer l[SHADOW_MAX_LAYERS];
    struct shadow_stat *hist; /* rows x nl: row 0 after the initial programming, then per epoch */
    int rows, cap;
};

/*
 * The shadow of nl layers of rows[l] x cols[l] cells, starting from the
 * software weights w0[l] (row-major, as the arrays). 0 or -XT_ENOMEM (*s
 * freed).
 */
int shadow_init(struct shadow *s, int nl, const int *rows, const int *cols, const float *const *w0);
void shadow_free(struct shadow *s);

/* One example's float update of layer l: x the rows' inputs (bias included), d the columns'. */
void shadow_update(struct shadow_layer *l, const float *x, const float *d, double lr);

/* A row of hist: every layer's error against the device weights w_dev[l]. 0 or -XT_ENOMEM. */
int shadow_record(struct shadow *s, const float *const *w_dev);

#endif
