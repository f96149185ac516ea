/* net.c - forward pass, back-propagation and SGD of the fully connected network */
#include "xtile/net.h"

#include "xtile/err.h"
#include "xtile/kern.h"
#include "xtile/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int net_init(struct net *nt, const struct xt_layers *layers, int hidden)
{
    int maxn = 0;

    memset(nt, 0, sizeof *nt);
    nt->nl = layers->n - 1;
    nt->hidden = hidden;
    for (int l = 0; l < layers->n; l++) {
        nt->n[l] = layers->size[l];
        if (nt->n[l] > maxn)
            maxn = nt->n[l];
    }
    for (int l = 0; l <= nt->nl; l++) {
        nt->a[l] = calloc((size_t)nt->n[l] + 1, sizeof(float));
        nt->d[l] = calloc((size_t)nt->n[l] + 1, sizeof(float));
        if (!nt->a[l] || !nt->d[l])
            goto out_free;
        nt->a[l][nt->n[l]] = 1.0f; /* bias unit */
    }
    for (int l = 0; l < nt->nl; l++) {
        nt->w[l] = calloc(((size_t)nt->n[l] + 1) * (size_t)nt->n[l + 1], sizeof(float));
        if (!nt->w[l])
            goto out_free;
    }
    nt->e = calloc((size_t)maxn + 1, sizeof(float));
    nt->logit = calloc((size_t)nt->n[nt->nl], sizeof(float));
    if (!nt->e || !nt->logit)
        goto out_free;
    return 0;

out_free:
    net_free(nt);
    return xt_fail(XT_ENOMEM, "cannot allocate the network");
}

void net_free(struct net *nt)
{
    for (int l = 0; l < XT_MAX_LAYERS; l++) {
        free(nt->a[l]);
        free(nt->d[l]);
    }
    for (int l = 0; l < XT_MAX_LAYERS - 1; l++)
        free(nt->w[l]);
    free(nt->e);
    free(nt->logit);
    memset(nt, 0, sizeof *nt);
}

void net_init_weights(struct net *nt, uint64_t seed)
{
    for (int l = 0; l < nt->nl; l++) {
        int rows = nt->n[l] + 1;
        long cnt = (long)rows * nt->n[l + 1];
        double bound = 1.0 / sqrt((double)rows);
        struct xt_rng r;

        xt_rng_init(&r, seed, XT_STREAM_INIT, (uint32_t)l);
        for (long k = 0; k < cnt; k++)
            nt->w[l][k] = (float)((2.0 * xt_rng_uniform(&r) - 1.0) * bound);
    }
}

void net_set_input(struct net *nt, const uint8_t *px)
{
    for (int i = 0; i < nt->n[0]; i++)
        nt->a[0][i] = (float)px[i] * (1.0f / 255.0f);
}

void net_softmax(const float *z, float *p, int n)
{
    float m = z[0], s = 0.0f;

    for (int j = 1; j < n; j++)
        if (z[j] > m)
            m = z[j];
    for (int j = 0; j < n; j++) {
        p[j] = expf(z[j] - m);
        s += p[j];
    }
    for (int j = 0; j < n; j++)
        p[j] /= s;
}

int net_forward(struct net *nt)
{
    int out = nt->nl, best = 0;

    for (int l = 0; l < nt->nl; l++) {
        float *y = nt->a[l + 1];
        int m = nt->n[l + 1];

        kern_forward(nt->w[l], nt->n[l], m, nt->a[l], y);
        if (l + 1 == out)
            break;
        if (nt->hidden == XT_HIDDEN_TANH)
            for (int j = 0; j < m; j++)
                y[j] = tanhf(y[j]);
        else
            for (int j = 0; j < m; j++)
                y[j] = 1.0f / (1.0f + expf(-y[j]));
    }
    memcpy(nt->logit, nt->a[out], (size_t)nt->n[out] * sizeof(float));
    net_softmax(nt->logit, nt->a[out], nt->n[out]);
    for (int j = 1; j < nt->n[out]; j++)
        if (nt->a[out][j] > nt->a[out][best])
            best = j;
    return best;
}

double net_loss(const struct net *nt, int label)
{
    const float *z = nt->logit;
    int n = nt->n[nt->nl];
    double m = z[0], s = 0.0;

    /* log-sum-exp on the logits: finite however large they are */
    for (int j = 1; j < n; j++)
        if (z[j] > m)
            m = z[j];
    for (int j = 0; j < n; j++)
        s += exp((double)z[j] - m);
    return m + log(s) - (double)z[label];
}

void net_backward(struct net *nt, int label)
{
    int out = nt->nl;

    for (int j = 0; j < nt->n[out]; j++)
        nt->d[out][j] = nt->a[out][j] - (j == label ? 1.0f : 0.0f);
    for (int l = out - 1; l >= 1; l--) {
        const float *a = nt->a[l];
        float *d = nt->d[l];

        kern_backward(nt->w[l], nt->n[l], nt->n[l + 1], nt->d[l + 1], nt->e);
        if (nt->hidden == XT_HIDDEN_TANH)
            for (int i = 0; i < nt->n[l]; i++)
                d[i] = nt->e[i] * (1.0f - a[i] * a[i]);
        else
            for (int i = 0; i < nt->n[l]; i++)
                d[i] = nt->e[i] * a[i] * (1.0f - a[i]);
    }
}

void net_update(struct net *nt, float lr)
{
    for (int l = 0; l < nt->nl; l++)
        kern_update(nt->w[l], nt->n[l], nt->n[l + 1], nt->a[l], nt->d[l + 1], lr);
}
