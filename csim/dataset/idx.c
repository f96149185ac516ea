/* idx.c - IDX reader: magic, rank, dimensions and length checked against the header */
#include "xtile/idx.h"

#include "xtile/err.h"
#include "xtile/file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* Reads up to n bytes; returns bytes read, or -1 on a gzip error (*msg set). */
static long long read_full(gzFile f, uint8_t *buf, size_t n, const char **msg)
{
    size_t got = 0;

    while (got < n) {
        unsigned chunk = n - got > (1u << 30) ? (1u << 30) : (unsigned)(n - got);
        int r = gzread(f, buf + got, chunk);
        if (r < 0) {
            int zerr;
            *msg = gzerror(f, &zerr);
            return -1;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (long long)got;
}

static const char *type_name(uint8_t t)
{
    switch (t) {
    case 0x09: return "signed byte";
    case 0x0B: return "short";
    case 0x0C: return "int";
    case 0x0D: return "float";
    case 0x0E: return "double";
    default: return "unknown";
    }
}

/* The magic, the rank and the dimensions into out (rank, dim, size); 0 or -XT_EFORMAT. */
static int read_header(gzFile f, const char *path, struct idx *out)
{
    uint8_t hdr[4 + 4 * IDX_MAX_RANK];
    const char *zmsg = "";
    long long got = read_full(f, hdr, 4, &zmsg);

    if (got < 0)
        return xt_fail(XT_EFORMAT, "%s: corrupt gzip stream: %s", path, zmsg);
    if (got == 0)
        return xt_fail(XT_EFORMAT, "%s: empty file, expected an IDX header", path);
    if (got < 4)
        return xt_fail(XT_EFORMAT, "%s: truncated header (%lld of 4 magic bytes)", path, got);
    if (hdr[0] != 0 || hdr[1] != 0)
        return xt_fail(XT_EFORMAT, "%s: bad magic 0x%02x%02x%02x%02x, not an IDX file", path,
                       hdr[0], hdr[1], hdr[2], hdr[3]);
    if (hdr[2] != 0x08)
        return xt_fail(XT_EFORMAT, "%s: data type 0x%02x (%s); only unsigned byte (0x08) is read",
                       path, hdr[2], type_name(hdr[2]));
    if (hdr[3] < 1 || hdr[3] > IDX_MAX_RANK)
        return xt_fail(XT_EFORMAT, "%s: rank %u outside 1..%d", path, hdr[3], IDX_MAX_RANK);
    out->rank = hdr[3];
    got = read_full(f, hdr + 4, 4 * (size_t)out->rank, &zmsg);
    if (got < 0)
        return xt_fail(XT_EFORMAT, "%s: corrupt gzip stream: %s", path, zmsg);
    if (got < 4 * out->rank)
        return xt_fail(XT_EFORMAT, "%s: truncated header (%lld of %d dimension bytes)", path, got,
                       4 * out->rank);
    out->size = 1;
    for (int i = 0; i < out->rank; i++) {
        const uint8_t *p = hdr + 4 + 4 * i;
        out->dim[i] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        if (out->dim[i] == 0)
            return xt_fail(XT_EFORMAT, "%s: dimension %d is 0", path, i);
        if (out->size > IDX_MAX_BYTES / out->dim[i])
            return xt_fail(XT_EFORMAT, "%s: header announces more than %zu bytes of data", path,
                           IDX_MAX_BYTES);
        out->size *= out->dim[i];
    }
    return 0;
}

/*
 * The out->size data bytes into out->data, and nothing after them. Read in
 * chunks that double, so that a header announcing far more data than the
 * file holds costs no more memory than the file's contents.
 */
static int read_body(gzFile f, const char *path, struct idx *out)
{
    const char *zmsg = "";
    long long got;
    uint8_t extra;

    for (size_t have = 0, cap = 0; have < out->size;) {
        size_t next = cap ? (cap < out->size / 2 ? 2 * cap : out->size)
                          : (out->size < ((size_t)1 << 20) ? out->size : (size_t)1 << 20);
        uint8_t *grown = realloc(out->data, next);
        if (!grown)
            return xt_fail(XT_ENOMEM, "%s: cannot allocate %zu bytes", path, next);
        out->data = grown;
        cap = next;
        got = read_full(f, out->data + have, cap - have, &zmsg);
        if (got < 0)
            return xt_fail(XT_EFORMAT, "%s: corrupt gzip stream: %s", path, zmsg);
        have += (size_t)got;
        if (have < cap)
            return xt_fail(XT_EFORMAT,
                           "%s: truncated: header announces %zu data bytes, file holds %zu", path,
                           out->size, have);
    }
    got = read_full(f, &extra, 1, &zmsg);
    if (got < 0)
        return xt_fail(XT_EFORMAT, "%s: corrupt gzip stream: %s", path, zmsg);
    if (got > 0)
        return xt_fail(XT_EFORMAT, "%s: trailing data after the %zu bytes the header announces",
                       path, out->size);
    return 0;
}

int idx_load(const char *path, struct idx *out)
{
    gzFile f;
    int ret;

    memset(out, 0, sizeof *out);
    f = gzopen(path, "rb");
    if (!f)
        return xt_fail(XT_EIO, "%s: cannot open: %s", path, strerror(errno ? errno : ENOENT));
    if ((ret = read_header(f, path, out)) == 0)
        ret = read_body(f, path, out);
    gzclose(f);
    if (ret) {
        free(out->data);
        memset(out, 0, sizeof *out);
    }
    return ret;
}

void idx_free(struct idx *t)
{
    free(t->data);
    memset(t, 0, sizeof *t);
}

struct save_arg {
    const struct idx *t;
    bool gzip;
};

static int emit_idx(FILE *f, const void *arg)
{
    const struct save_arg *a = arg;
    const struct idx *t = a->t;
    uint8_t hdr[4 + 4 * IDX_MAX_RANK] = {0, 0, 0x08, (uint8_t)t->rank};
    size_t hlen = 4 + 4 * (size_t)t->rank;
    gzFile z;
    int fd;

    for (int i = 0; i < t->rank; i++) {
        hdr[4 + 4 * i] = (uint8_t)(t->dim[i] >> 24);
        hdr[5 + 4 * i] = (uint8_t)(t->dim[i] >> 16);
        hdr[6 + 4 * i] = (uint8_t)(t->dim[i] >> 8);
        hdr[7 + 4 * i] = (uint8_t)t->dim[i];
    }
    if (!a->gzip) {
        if (fwrite(hdr, 1, hlen, f) != hlen || fwrite(t->data, 1, t->size, f) != t->size)
            return xt_fail(XT_EIO, "cannot write IDX data");
        return 0;
    }
    /* gzip through a duplicate descriptor: the caller still flushes and closes f */
    fflush(f);
    fd = dup(fileno(f));
    z = fd >= 0 ? gzdopen(fd, "wb") : NULL;
    if (!z)
        return xt_fail(XT_EIO, "cannot open a gzip stream");
    if (gzwrite(z, hdr, (unsigned)hlen) != (int)hlen ||
        (t->size && gzwrite(z, t->data, (unsigned)t->size) != (int)t->size)) {
        gzclose(z);
        return xt_fail(XT_EIO, "cannot write gzip IDX data");
    }
    return gzclose(z) == Z_OK ? 0 : xt_fail(XT_EIO, "cannot finish the gzip stream");
}

int idx_save(const char *path, const struct idx *t, bool gzip)
{
    struct save_arg a = {t, gzip};
    int ret = xt_write_atomic(path, emit_idx, &a);

    if (ret)
        xt_errctx("%s", path);
    return ret;
}
