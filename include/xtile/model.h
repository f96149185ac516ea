/* model.h - what the training loop trains: the float network or the analog (device) network */
#ifndef XTILE_MODEL_H
#define XTILE_MODEL_H

#include <stdint.h>

struct xt_model_ops {
    /* Forward pass of one example (8-bit pixels); returns the arg-max class. */
    int (*forward)(void *self, const uint8_t *px);
    /* Cross-entropy of the last forward pass for `label`. */
    double (*loss)(const void *self, int label);
    /* Back-propagation for `label`, then the weight update with learning rate lr. */
    void (*learn)(void *self, int label, double lr);
    /* Called after every training example (weight transfers); 0 or -XT_E*. */
    int (*end_example)(void *self);
    /* Books the work that follows to training (0) or evaluation (1): ARR_BOOK_*. */
    void (*set_book)(void *self, int book);
    /*
     * 1 when end_example after the current example will transfer and none of the `left`
     * examples that follow will: the run's last transfer comes next. 0 otherwise.
     */
    int (*last_transfer)(const void *self, long left);
    /*
     * After training: lets simulated time pass until after_s seconds past its end (the first
     * call marks the end; after_s ascending), the devices drifting and leaking meanwhile.
     */
    void (*drift_to)(void *self, double after_s);
};

struct xt_model {
    const struct xt_model_ops *ops;
    void *self;
};

#endif
