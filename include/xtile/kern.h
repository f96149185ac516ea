/* kern.h - the float kernels of a fully connected layer (row-major: rows = inputs + bias) */
#ifndef XTILE_KERN_H
#define XTILE_KERN_H

/*
 * A layer's weights are a (n_in + 1) x n_out row-major matrix: row i holds the
 * weights from input i to every output, the last row the bias weights. This is
 * the crossbar's own layout (rows driven by the upstream neurons, columns read
 * by the downstream ones). Every sum has a fixed order, independent of the
 * vector width the compiler picks, so results are the same on every machine
 * that runs the same binary semantics (IEEE float, no contraction).
 */

/* y[j] = w[n_in][j] + sum_i x[i] * w[i][j], inputs in order, zero inputs skipped. */
void kern_forward(const float *w, int n_in, int n_out, const float *x, float *y);

/* y[j] = sum_i x[i] * w[i][j] over all `rows` rows, in order, zero inputs skipped. */
void kern_matvec(const float *w, int rows, int cols, const float *x, float *y);

/* e[i] = sum_j w[i][j] * d[j] for the n_in input rows (bias row excluded). */
void kern_backward(const float *w, int n_in, int n_out, const float *d, float *e);

/* w[i][j] -= lr * x[i] * d[j] for every row, the bias row with x = 1. */
void kern_update(float *w, int n_in, int n_out, const float *x, const float *d, float lr);

/* sum_j a[j] * b[j] in 8 fixed lanes, lanes added in order at the end. */
float kern_dot(const float *a, const float *b, int n);

/*
 * max_j |v[j]|, 0 for n = 0, NaNs passed over: in 16 lanes, the value of one
 * pass in order (a maximum does not round, whatever the order).
 */
float kern_absmax(const float *v, int n);

#endif
