/* kern.c - forward, backward and update kernels of a dense layer, vectorizable, fixed order */
#include "xtile/kern.h"

#include <math.h>
#include <string.h>

static void axpy(float *restrict y, float a, const float *restrict x, int n)
{
#pragma omp simd
    for (int j = 0; j < n; j++)
        y[j] += a * x[j];
}

float kern_dot(const float *a, const float *b, int n)
{
    float lane[8] = {0};
    int j = 0;

    for (; j + 8 <= n; j += 8)
        for (int k = 0; k < 8; k++)
            lane[k] += a[j + k] * b[j + k];
    for (int k = 0; j < n; j++, k++)
        lane[k] += a[j] * b[j];
    return ((lane[0] + lane[1]) + (lane[2] + lane[3])) +
           ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}

float kern_absmax(const float *v, int n)
{
    float lane[16] = {0}, m = 0.0f;
    int j = 0;

    for (; j + 16 <= n; j += 16)
        for (int k = 0; k < 16; k++) {
            float a = fabsf(v[j + k]);
            lane[k] = a > lane[k] ? a : lane[k];
        }
    for (; j < n; j++)
        m = fabsf(v[j]) > m ? fabsf(v[j]) : m;
    for (int k = 0; k < 16; k++)
        m = lane[k] > m ? lane[k] : m;
    return m;
}

void kern_forward(const float *w, int n_in, int n_out, const float *x, float *y)
{
    memcpy(y, w + (long)n_in * n_out, (size_t)n_out * sizeof *y);
    for (int i = 0; i < n_in; i++)
        if (x[i] != 0.0f)
            axpy(y, x[i], w + (long)i * n_out, n_out);
}

void kern_matvec(const float *w, int rows, int cols, const float *x, float *y)
{
    memset(y, 0, (size_t)cols * sizeof *y);
    for (int i = 0; i < rows; i++)
        if (x[i] != 0.0f)
            axpy(y, x[i], w + (long)i * cols, cols);
}

void kern_backward(const float *w, int n_in, int n_out, const float *d, float *e)
{
    for (int i = 0; i < n_in; i++)
        e[i] = kern_dot(w + (long)i * n_out, d, n_out);
}

void kern_update(float *w, int n_in, int n_out, const float *x, const float *d, float lr)
{
    for (int i = 0; i <= n_in; i++) {
        float xi = i < n_in ? x[i] : 1.0f;
        if (xi != 0.0f)
            axpy(w + (long)i * n_out, -lr * xi, d, n_out);
    }
}
