/* ckpt.h - checkpoints of a training run: every device, RNG position and metric, to resume exactly
 */
#ifndef XTILE_CKPT_H
#define XTILE_CKPT_H

#include "xtile/config.h"
#include "xtile/dataset.h"
#include "xtile/learner.h"
#include "xtile/train.h"

#include <stdbool.h>
#include <stdint.h>

#define CKPT_FILE "checkpoint.bin"

/*
 * What a checkpoint must match to be resumed: the program version, the
 * resolved configuration (FNV-1a of its INI text) and the data (FNV-1a of
 * every training and test example). docs/decisions.md describes the format.
 */
struct ckpt_id {
    char version[64];
    uint64_t config_hash;
    uint64_t data_hash;
};

/* A run's own state beside the learner's: where it is, its options, its metrics so far. */
struct ckpt_run {
    struct train_pos pos;
    long every;               /* --checkpoint-every: examples between checkpoints (0: none) */
    struct train_epoch *hist; /* metrics of the finished epochs: nhist of max_hist */
    int nhist, max_hist;
};

/* The identity of a run of c on train and test with this program; 0 or -XT_ENOMEM. */
int ckpt_id_make(struct ckpt_id *id, const struct xt_config *c, const struct dataset *train,
                 const struct dataset *test);

/*
 * Whether the learner can be checkpointed: the float network and the fast
 * engine can; the clocked engines keep the tile's state in its registers.
 * 0, or -XT_EINVAL naming engine.kind.
 */
int ckpt_supported(const struct xt_config *c);

/*
 * Writes dir/checkpoint.bin atomically: id, the run's state, and the
 * learner's whole mutable state (device conductances and wear, LFSR states,
 * read counters, tallies, clocks, transfer records, the code hash; float
 * weights). 0 or -XT_E*.
 */
int ckpt_write(const char *dir, const struct ckpt_id *id, const struct xt_learner *lr,
               const struct ckpt_run *run);

/*
 * Restores a learner freshly built from the same configuration (learner_init)
 * and run (pos, every, hist: run->hist has room for run->max_hist) from
 * dir/checkpoint.bin. Refuses, with -XT_EFORMAT and a message naming the file
 * and the reason, a file that is not a checkpoint, is truncated or corrupt
 * (checksum), comes from another format or program version, another
 * configuration, other data, or a network of another shape. On error lr and
 * run may be partly restored: free lr.
 */
int ckpt_read(const char *dir, const struct ckpt_id *id, struct xt_learner *lr,
              struct ckpt_run *run);

/* Whether dir holds a checkpoint file. */
bool ckpt_exists(const char *dir);

/* Removes dir/checkpoint.bin (a finished run needs none); 0 or -XT_EIO. */
int ckpt_remove(const char *dir);

#endif
