/* net.h - the fully connected network: activations, deltas, float weights */
#ifndef XTILE_NET_H
#define XTILE_NET_H

#include "xtile/config.h"

#include <stdint.h>

/*
 * Neuron layers 0..nl (input .. output); weight layer l maps layer l to l+1
 * and is an (n[l] + 1) x n[l+1] matrix (kern.h layout; the +1 row is the
 * bias unit). Hidden layers use sigmoid or tanh, the output softmax with
 * cross-entropy loss.
 */
struct net {
    int nl;                      /* weight layers */
    int n[XT_MAX_LAYERS];        /* neurons per layer */
    int hidden;                  /* enum xt_hidden */
    float *w[XT_MAX_LAYERS - 1]; /* weights of layer l */
    float *a[XT_MAX_LAYERS];     /* activations (a[nl] = softmax output) */
    float *d[XT_MAX_LAYERS];     /* deltas dLoss/dz, d[0] unused */
    float *logit;                /* output pre-activations of the last forward pass */
    float *e;                    /* scratch: back-propagated error */
};

/* Allocates for `layers`. On error returns -XT_ENOMEM and leaves *nt zeroed. */
int net_init(struct net *nt, const struct xt_layers *layers, int hidden);
void net_free(struct net *nt);

/* Draws every weight uniform in +-1/sqrt(rows), rows = n_in + 1, from (seed, XT_STREAM_INIT, l). */
void net_init_weights(struct net *nt, uint64_t seed);

/* Input layer from 8-bit pixel codes: a[0][i] = px[i] / 255. */
void net_set_input(struct net *nt, const uint8_t *px);

/* Forward pass from a[0]; returns the arg-max class. */
int net_forward(struct net *nt);

/* Cross-entropy loss of the last forward pass for `label` (stable for large logits). */
double net_loss(const struct net *nt, int label);

/* Output and hidden deltas for `label` after a forward pass. */
void net_backward(struct net *nt, int label);

/* SGD step on every layer: w -= lr * a (x) d. */
void net_update(struct net *nt, float lr);

/* Softmax of z[0..n) into p, max-shifted: exact for logits of any size. */
void net_softmax(const float *z, float *p, int n);

#endif
