/* fuzz_config.c - libFuzzer harness of the INI configuration parser and its validation */
#include "fuzz.h"

#include "xtile/config.h"

#include <string.h>

/* A loaded configuration written out and read back is the same configuration. */
static char *text_of(const struct xt_config *c, size_t *len)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, len);

    FUZZ_CHECK(f != NULL);
    FUZZ_CHECK(xt_config_write(c, f) == 0);
    FUZZ_CHECK(fclose(f) == 0);
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static struct xt_config c, d;
    char *a, *b;
    size_t na, nb;

    xt_config_defaults(&c);
    if (xt_config_load(&c, fuzz_file(data, n, ".ini")) != 0)
        return 0;
    a = text_of(&c, &na);
    xt_config_defaults(&d);
    FUZZ_CHECK(xt_config_load(&d, fuzz_file((const uint8_t *)a, na, ".ini")) == 0);
    b = text_of(&d, &nb);
    FUZZ_CHECK(na == nb && memcmp(a, b, na) == 0);
    free(a);
    free(b);
    return 0;
}
