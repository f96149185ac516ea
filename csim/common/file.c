/* file.c - atomic writes (temporary file + fsync + rename) and mkdir -p */
#include "xtile/file.h"

#include "xtile/err.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int xt_write_atomic(const char *path, xt_emit_fn emit, const void *arg)
{
    char tmp[4200];
    FILE *f;
    int ret;

    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    f = fopen(tmp, "w");
    if (!f)
        return xt_fail(XT_EIO, "%s: cannot create: %s", tmp, strerror(errno));
    ret = emit(f, arg);
    if (ret)
        goto out_remove;
    if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
        ret = xt_fail(XT_EIO, "%s: cannot write: %s", tmp, strerror(errno));
        goto out_remove;
    }
    if (fclose(f) != 0) {
        f = NULL;
        ret = xt_fail(XT_EIO, "%s: cannot write: %s", tmp, strerror(errno));
        goto out_remove;
    }
    f = NULL;
    if (rename(tmp, path) != 0) {
        ret = xt_fail(XT_EIO, "%s: cannot rename into place: %s", path, strerror(errno));
        goto out_remove;
    }
    return 0;

out_remove:
    if (f)
        fclose(f);
    remove(tmp);
    return ret;
}

int xt_mkdirs(const char *dir)
{
    char buf[4096];
    size_t n = strlen(dir);

    if (n == 0 || n >= sizeof buf)
        return xt_fail(XT_EIO, "'%s': bad folder name", dir);
    memcpy(buf, dir, n + 1);
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || *p == 0) {
            char c = *p;
            *p = 0;
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return xt_fail(XT_EIO, "%s: cannot create folder: %s", buf, strerror(errno));
            *p = c;
            if (c == 0)
                break;
        }
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return xt_fail(XT_EIO, "%s: exists and is not a folder", dir);
    return 0;
}

int xt_read_text(const char *path, const char *missing, char **out)
{
    FILE *f = fopen(path, "rb");
    long n;

    *out = NULL;
    if (!f)
        return missing ? xt_fail(XT_EIO, "%s: cannot open: %s", path, missing)
                       : xt_fail(XT_EIO, "%s: cannot open", path);
    if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
        !(*out = malloc((size_t)n + 1)) || fread(*out, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(*out);
        *out = NULL;
        return xt_fail(XT_EIO, "%s: cannot read", path);
    }
    (*out)[n] = 0;
    fclose(f);
    return 0;
}
