/* fuzz.h - what the libFuzzer harnesses share: the input as a file the loaders can open */
#ifndef XTILE_FUZZ_H
#define XTILE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/*
 * The loaders take paths, as the program does: each input is written to one
 * file per process (suffix chosen by the harness: ".gz" matters to none of
 * them, the name only to the messages) and that path is returned.
 */
static inline const char *fuzz_file(const uint8_t *data, size_t n, const char *suffix)
{
    static char path[96];
    FILE *f;

    if (!path[0])
        snprintf(path, sizeof path, "/tmp/xtile-fuzz-%ld%s", (long)getpid(), suffix);
    f = fopen(path, "wb");
    if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
        perror(path);
        abort();
    }
    return path;
}

/* An invariant of a successful load broke: report it as a crash, with the reason. */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

#endif
