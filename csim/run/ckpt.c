/* ckpt.c - checkpoints: one walk over the run's state that either writes or reads it */
#include "xtile/ckpt.h"

#include "xtile/err.h"
#include "xtile/file.h"
#include "xtile/hash.h"
#include "xtile/version.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CKPT_MAGIC "XTILECKP"
/*
 * 2: pulses and read energy booked by phase; 3: LSP polarity, restarts; 4: LSP write-back count;
 * 6: the float shadow; 7: read energy as an exact integer; 8: programming times (drift), the
 * references of 4dev_shared
 */
#define CKPT_FORMAT 8u

/*
 * The walk's cursor. Writing, fields go through a buffer into f and into the
 * checksum; reading, they come from the file's bytes (checksum verified
 * before the walk). The first error sticks; later fields are skipped.
 */
struct io {
    bool rd;
    const char *path;
    int err;
    uint64_t h;
    FILE *f;
    size_t n;
    unsigned char buf[1 << 16];
    const unsigned char *p;
    size_t left;
};

static int io_fail(struct io *io, const char *why)
{
    if (!io->err)
        io->err = xt_fail(XT_EFORMAT, "%s: %s", io->path, why);
    return io->err;
}

static void io_flush(struct io *io)
{
    io->h = xt_fnv_bytes(io->h, io->buf, io->n);
    if (fwrite(io->buf, 1, io->n, io->f) != io->n && !io->err)
        io->err = xt_fail(XT_EIO, "%s: cannot write: %s", io->path, strerror(errno));
    io->n = 0;
}

static void io_raw(struct io *io, void *v, size_t n)
{
    if (io->err)
        return;
    if (io->rd) {
        if (io->left < n) {
            io_fail(io, "truncated (ends inside the state)");
            return;
        }
        memcpy(v, io->p, n);
        io->p += n;
        io->left -= n;
        return;
    }
    while (n) {
        size_t k = sizeof io->buf - io->n < n ? sizeof io->buf - io->n : n;
        memcpy(io->buf + io->n, v, k);
        io->n += k;
        v = (unsigned char *)v + k;
        n -= k;
        if (io->n == sizeof io->buf)
            io_flush(io);
    }
}

#define IO_SCALAR(name, type)                                                                      \
    static void name(struct io *io, type *v)                                                       \
    {                                                                                              \
        io_raw(io, v, sizeof *v);                                                                  \
    }
IO_SCALAR(io_u32, uint32_t)
IO_SCALAR(io_u64, uint64_t)
IO_SCALAR(io_int, int)
IO_SCALAR(io_f64, double)
IO_SCALAR(io_u128, unsigned __int128)

static void io_long(struct io *io, long *v)
{
    int64_t x = *v;

    io_raw(io, &x, sizeof x);
    *v = (long)x;
}

/* A shape: written as it is, read and compared (a mismatch: another network). */
static void io_shape(struct io *io, long want, const char *what)
{
    long got = want;
    char msg[160];

    io_long(io, &got);
    if (!io->err && got != want) {
        snprintf(msg, sizeof msg, "%s is %ld in the checkpoint, %ld in this run", what, got, want);
        io_fail(io, msg);
    }
}

static void io_epoch(struct io *io, struct train_epoch *e)
{
    io_int(io, &e->epoch);
    io_int(io, &e->examples);
    io_f64(io, &e->lr);
    io_f64(io, &e->train_loss);
    io_f64(io, &e->train_accuracy);
    io_f64(io, &e->test_loss);
    io_f64(io, &e->test_accuracy);
    io_f64(io, &e->train_s);
    io_f64(io, &e->eval_s);
}

static void io_pos(struct io *io, struct train_pos *pos)
{
    struct train_result *r = &pos->res;

    io_int(io, &pos->epoch);
    io_long(io, &pos->next);
    io_long(io, &pos->right);
    io_f64(io, &pos->loss);
    io_f64(io, &pos->epoch_s);
    io_int(io, &r->epochs);
    io_epoch(io, &r->last);
    io_f64(io, &r->train_s);
    io_f64(io, &r->eval_s);
    io_long(io, &r->examples);
    io_f64(io, &r->examples_per_s);
    io_long(io, &r->pre_xfer_example);
    io_f64(io, &r->pre_xfer_accuracy);
    io_f64(io, &r->pre_xfer_loss);
}

static void io_clt(struct io *io, struct clt_stats *s)
{
    io_u64(io, &s->weights);
    io_u64(io, &s->checked);
    io_u64(io, &s->not_converged);
    io_u64(io, &s->iterations);
    io_u64(io, &s->reads);
    io_u64(io, &s->set_pulses);
    io_u64(io, &s->resets);
    io_u64(io, &s->restart_iters);
    io_u64(io, &s->set_iters);
    io_u64(io, &s->restarts);
    io_u64(io, &s->lsp_kept);
    io_u64(io, &s->cycles);
    io_f64(io, &s->sum_abs_err);
    io_f64(io, &s->sum_sq_err);
}

/* What changes in a tile as it trains; what arr_init draws (Gmax, yield) comes from the config. */
static void io_tile(struct io *io, struct xt_tile *t)
{
    struct arr *a = &t->arr;
    long cells = (long)a->rows * a->cols, nlfsr = (long)t->olt.rows + t->olt.cols;

    io_shape(io, a->rows, "rows of a tile");
    io_shape(io, a->cols, "columns of a tile");
    io_shape(io, a->ndev, "devices per weight");
    for (long d = 0; d < cells * a->ndev && !io->err; d++) {
        uint32_t n_set = arr_n_set(a, d), n_reset = arr_n_reset(a, d);
        io_raw(io, &a->dev[d].g, sizeof a->dev[d].g);
        io_u32(io, &n_set);
        io_u32(io, &n_reset);
        a->dev[d].pulses = n_set + n_reset; /* unchanged when writing */
        a->n_reset[d] = n_reset;
    }
    io_raw(io, a->lsp_neg, (size_t)cells * sizeof *a->lsp_neg);
    for (int c = 0; a->shared && c < a->cols; c++) /* the references: aging moves them */
        io_raw(io, &a->ref[c].g, sizeof a->ref[c].g);
    if (a->t_prog) { /* drift or leakage: when each device was programmed, and aged to */
        io_f64(io, &a->aged);
        io_raw(io, a->t_prog, (size_t)(cells * a->ndev) * sizeof *a->t_prog);
    }
    io_raw(io, a->w, (size_t)cells * sizeof *a->w);
    io_raw(io, a->row_g, (size_t)a->rows * sizeof *a->row_g);
    io_raw(io, a->col_g, (size_t)a->cols * sizeof *a->col_g);
    io_u64(io, &a->reads);
    io_int(io, &a->book);
    io_int(io, &a->phase);
    for (int b = 0; b < ARR_BOOKS; b++)
        for (int ph = 0; ph < XT_PHASES; ph++) {
            io_u128(io, &a->e_read_fix[b][ph]);
            for (int k = 0; k < 2; k++) {
                io_u64(io, &a->tally[b][ph][k].n_set);
                io_u64(io, &a->tally[b][ph][k].n_reset);
            }
            io_u64(io, &t->cycles[b][ph]);
        }
    io_shape(io, nlfsr, "OLT lines of a tile");
    io_raw(io, t->olt.lfsr, (size_t)nlfsr * sizeof *t->olt.lfsr);
}

static void io_err_hist(struct io *io, struct clt_err_hist *h)
{
    for (int b = 0; b < CLT_ERR_BINS; b++) {
        io_u64(io, &h->n[b]);
        io_f64(io, &h->sum[b]);
        io_f64(io, &h->sum_abs[b]);
        io_f64(io, &h->sum_sq[b]);
    }
}

/*
 * Reading: room for n records of `size` bytes in p, which holds *cap: p, or a
 * larger block (*cap = n); on failure p, with io->err set.
 */
static void *io_grow(struct io *io, void *p, int *cap, int n, size_t size, const char *what)
{
    void *q;

    if (!io->rd || n <= *cap)
        return p;
    if (!(q = realloc(p, (size_t)n * size))) {
        io->err = xt_fail(XT_ENOMEM, "cannot allocate %d %s", n, what);
        return p;
    }
    *cap = n;
    return q;
}

/* The float shadow: its weights and its error rows (the sample cells follow from the shapes). */
static void io_shadow(struct io *io, struct shadow *s)
{
    int rows = s->rows;

    for (int l = 0; l < s->nl && !io->err; l++) {
        io_shape(io, s->l[l].m, "shadow weights of a layer");
        io_raw(io, s->l[l].w, io->err ? 0 : (size_t)s->l[l].m * sizeof *s->l[l].w);
    }
    io_int(io, &rows);
    if (io->err)
        return;
    if (io->rd && (rows < 1 || (size_t)rows > io->left / sizeof(double))) {
        io_fail(io, "bad count of shadow error rows");
        return;
    }
    s->hist =
        io_grow(io, s->hist, &s->cap, rows, (size_t)s->nl * sizeof *s->hist, "shadow error rows");
    if (io->err)
        return;
    s->rows = rows;
    for (long i = 0; i < (long)rows * s->nl && !io->err; i++) {
        io_f64(io, &s->hist[i].rms_err);
        io_f64(io, &s->hist[i].mean_err);
        io_f64(io, &s->hist[i].rms_w);
    }
}

static void io_anet(struct io *io, struct anet *an)
{
    int nx = an->nxfers;

    io_long(io, &an->examples);
    io_u64(io, &an->codes_hash);
    io_long(io, &an->since_xfer);
    io_clt(io, &an->init_clt);
    io_err_hist(io, &an->init_hist);
    io_err_hist(io, &an->xfer_hist);
    io_int(io, &nx);
    if (io->err)
        return;
    if (io->rd && (nx < 0 || (size_t)nx > io->left / sizeof(int64_t))) {
        io_fail(io, "bad count of transfer records");
        return;
    }
    an->xfers = io_grow(io, an->xfers, &an->cap_xfers, nx, sizeof *an->xfers, "transfer records");
    if (io->err)
        return;
    an->nxfers = nx;
    for (int x = 0; x < nx; x++) {
        io_long(io, &an->xfers[x].example);
        io_clt(io, &an->xfers[x].st);
    }
    io_shape(io, an->nl, "number of tiles");
    for (int l = 0; l < an->nl && !io->err; l++)
        io_tile(io, &an->tile[l]);
    io_shadow(io, &an->shadow);
}

static void io_net(struct io *io, struct net *nt)
{
    io_shape(io, nt->nl, "number of weight layers");
    for (int l = 0; l < nt->nl && !io->err; l++) {
        long n = (long)(nt->n[l] + 1) * nt->n[l + 1];
        io_shape(io, n, "weights of a layer");
        io_raw(io, nt->w[l], (size_t)n * sizeof *nt->w[l]);
    }
}

/* Everything after the header: the run (position, options, metrics), the learner. */
static void io_body(struct io *io, struct xt_learner *lr, struct ckpt_run *run)
{
    int analog = lr->analog;

    io_pos(io, &run->pos);
    io_long(io, &run->every);
    io_int(io, &run->nhist);
    if (!io->err && (run->nhist < 0 || run->nhist > run->max_hist))
        io_fail(io, "bad number of finished epochs");
    for (int i = 0; i < run->nhist && !io->err; i++)
        io_epoch(io, &run->hist[i]);
    io_shape(io, analog, "the device encoding (1) or float (0)");
    if (analog)
        io_anet(io, &lr->an);
    else
        io_net(io, &lr->net);
}

int ckpt_id_make(struct ckpt_id *id, const struct xt_config *c, const struct dataset *train,
                 const struct dataset *test)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    int ret;

    memset(id, 0, sizeof *id);
    snprintf(id->version, sizeof id->version, "%s", xt_version());
    if (!f)
        return xt_fail(XT_ENOMEM, "cannot hash the configuration");
    ret = xt_config_write(c, f);
    if (fclose(f) != 0 && !ret)
        ret = xt_fail(XT_ENOMEM, "cannot hash the configuration");
    if (!ret)
        id->config_hash = xt_fnv_bytes(XT_FNV_BASIS, text, len);
    free(text);
    id->data_hash = XT_FNV_BASIS;
    for (int s = 0; s < 2; s++) {
        const struct dataset *d = s ? test : train;
        int64_t shape[2] = {d->n, d->dim};
        id->data_hash = xt_fnv_bytes(id->data_hash, shape, sizeof shape);
        id->data_hash = xt_fnv_bytes(id->data_hash, d->x, (size_t)d->n * (size_t)d->dim);
        id->data_hash = xt_fnv_bytes(id->data_hash, d->y, (size_t)d->n);
    }
    return ret;
}

int ckpt_supported(const struct xt_config *c)
{
    if (c->weights.encoding != ARR_ENC_FLOAT && c->engine.kind != XT_ENGINE_FAST)
        return xt_fail(XT_EINVAL,
                       "key 'engine.kind': checkpoints and --resume need engine.kind = fast "
                       "(the %s engine keeps the tile's state in its registers); the engines "
                       "give the same numbers",
                       xt_config_enum_name("engine.kind", c->engine.kind));
    return 0;
}

static void ckpt_path(char *buf, size_t n, const char *dir)
{
    snprintf(buf, n, "%s/%s", dir, CKPT_FILE);
}

struct emit_arg {
    const char *path;
    const struct ckpt_id *id;
    struct xt_learner *lr;
    struct ckpt_run run;
};

static int emit(FILE *f, const void *arg)
{
    const struct emit_arg *e = arg;
    struct io *io = calloc(1, sizeof *io);
    uint32_t format = CKPT_FORMAT, vlen = (uint32_t)strlen(e->id->version);
    struct ckpt_run run = e->run;
    int ret;
    uint64_t h;

    if (!io)
        return xt_fail(XT_ENOMEM, "cannot allocate the checkpoint buffer");
    *io = (struct io){.path = e->path, .h = XT_FNV_BASIS, .f = f};
    io_raw(io, (void *)CKPT_MAGIC, 8);
    io_u32(io, &format);
    io_u32(io, &vlen);
    io_raw(io, (void *)e->id->version, vlen);
    io_u64(io, (uint64_t *)&e->id->config_hash);
    io_u64(io, (uint64_t *)&e->id->data_hash);
    run.max_hist = run.nhist;
    io_body(io, e->lr, &run);
    io_flush(io);
    h = io->h;
    if (!io->err && fwrite(&h, sizeof h, 1, f) != 1)
        io->err = xt_fail(XT_EIO, "%s: cannot write: %s", e->path, strerror(errno));
    ret = io->err;
    free(io);
    return ret;
}

int ckpt_write(const char *dir, const struct ckpt_id *id, const struct xt_learner *lr,
               const struct ckpt_run *run)
{
    char path[XT_PATH_MAX + 32];
    /* the walk only reads the state when writing: the cast does not modify it */
    struct emit_arg e = {path, id, (struct xt_learner *)lr, *run};
    int ret = ckpt_supported(lr->cfg);

    if (ret)
        return ret;
    ckpt_path(path, sizeof path, dir);
    return xt_write_atomic(path, emit, &e);
}

static int read_all(const char *path, unsigned char **buf, size_t *n)
{
    FILE *f = fopen(path, "rb");
    struct stat st;

    *buf = NULL;
    if (!f)
        return xt_fail(XT_EIO, "%s: cannot open: %s", path, strerror(errno));
    if (fstat(fileno(f), &st) != 0 || st.st_size < 0) {
        fclose(f);
        return xt_fail(XT_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    *n = (size_t)st.st_size;
    *buf = malloc(*n ? *n : 1);
    if (!*buf) {
        fclose(f);
        return xt_fail(XT_ENOMEM, "%s: cannot allocate %zu bytes", path, *n);
    }
    if (fread(*buf, 1, *n, f) != *n) {
        fclose(f);
        free(*buf);
        *buf = NULL;
        return xt_fail(XT_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    fclose(f);
    return 0;
}

int ckpt_read(const char *dir, const struct ckpt_id *id, struct xt_learner *lr,
              struct ckpt_run *run)
{
    char path[XT_PATH_MAX + 32], version[64];
    unsigned char *buf;
    size_t n = 0;
    uint64_t h, cfg_h = 0, data_h = 0;
    uint32_t format = 0, vlen = 0;
    struct io io;
    int ret;

    if ((ret = ckpt_supported(lr->cfg)) != 0)
        return ret;
    ckpt_path(path, sizeof path, dir);
    if ((ret = read_all(path, &buf, &n)) != 0)
        return ret;
    io = (struct io){.rd = true, .path = path, .p = buf, .left = n};
    if (n < 8 || memcmp(buf, CKPT_MAGIC, 8) != 0) {
        ret = io_fail(&io, "not an xtile checkpoint (bad magic)");
        goto out;
    }
    memcpy(&h, buf + n - (n >= 16 ? 8 : 0), sizeof h);
    if (n < 16 || xt_fnv_bytes(XT_FNV_BASIS, buf, n - 8) != h) {
        ret = io_fail(&io, "truncated or corrupt (checksum mismatch)");
        goto out;
    }
    io.p += 8;
    io.left = n - 16;
    io_u32(&io, &format);
    if (!io.err && format != CKPT_FORMAT) {
        ret = xt_fail(XT_EFORMAT, "%s: checkpoint format %u, this xtile reads format %u", path,
                      format, CKPT_FORMAT);
        goto out;
    }
    io_u32(&io, &vlen);
    if (!io.err && vlen >= sizeof version)
        io_fail(&io, "bad version string");
    io_raw(&io, version, io.err ? 0 : vlen);
    if ((ret = io.err) != 0)
        goto out;
    version[vlen] = 0;
    if (strcmp(version, id->version)) {
        ret = xt_fail(XT_EFORMAT,
                      "%s: written by xtile %s, this is xtile %s: resume with the "
                      "version that started the run",
                      path, version, id->version);
        goto out;
    }
    io_u64(&io, &cfg_h);
    io_u64(&io, &data_h);
    if ((ret = io.err) != 0)
        goto out;
    if (cfg_h != id->config_hash) {
        ret = xt_fail(XT_EFORMAT,
                      "%s: written for another configuration than the run folder's "
                      "config.ini",
                      path);
        goto out;
    }
    if (data_h != id->data_hash) {
        ret = xt_fail(XT_EFORMAT, "%s: written for other data (data.dir's files differ)", path);
        goto out;
    }
    io_body(&io, lr, run);
    if (!io.err && io.left)
        io_fail(&io, "has bytes after the state");
    ret = io.err;
out:
    free(buf);
    return ret;
}

bool ckpt_exists(const char *dir)
{
    char path[XT_PATH_MAX + 32];
    struct stat st;

    ckpt_path(path, sizeof path, dir);
    return stat(path, &st) == 0;
}

int ckpt_remove(const char *dir)
{
    char path[XT_PATH_MAX + 32];

    ckpt_path(path, sizeof path, dir);
    if (remove(path) != 0 && errno != ENOENT)
        return xt_fail(XT_EIO, "%s: cannot remove: %s", path, strerror(errno));
    return 0;
}
