/* file.h - atomic file writes and folder creation */
#ifndef XTILE_FILE_H
#define XTILE_FILE_H

#include <stdio.h>

#define XT_PATH_MAX 1024 /* the longest path a configuration or a run folder holds */

/* Writes the contents of a file; returns 0 or a negative XT_E* code. */
typedef int (*xt_emit_fn)(FILE *f, const void *arg);

/*
 * Writes `path` atomically: emit() fills "<path>.tmp.<pid>", which is flushed,
 * fsync'ed and renamed over `path`. A reader sees the old file or the whole new
 * one, never a part. On error removes the temporary file, returns a negative
 * XT_E* code, and `path` is as it was.
 */
int xt_write_atomic(const char *path, xt_emit_fn emit, const void *arg);

/*
 * Reads a whole file into *out (NUL-terminated, the caller frees it). On
 * error returns -XT_EIO naming the file (and, if it cannot be opened, what
 * that means: `missing`, or NULL) with *out NULL.
 */
int xt_read_text(const char *path, const char *missing, char **out);

/* mkdir -p. On error returns -XT_EIO naming the folder. */
int xt_mkdirs(const char *dir);

#endif
