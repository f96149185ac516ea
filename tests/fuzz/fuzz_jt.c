/* fuzz_jt.c - libFuzzer harness of the jump-table reader and the model that draws from it */
#include "fuzz.h"

#include "xtile/config.h"
#include "xtile/nvm.h"

#include <math.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static struct xt_config c;
    struct nvm_class cls;

    xt_config_defaults(&c);
    FUZZ_CHECK(xt_config_set(&c, "lsp.model", "jump_table") == 0);
    snprintf(c.lsp.jt_file, sizeof c.lsp.jt_file, "%s", fuzz_file(data, n, ".csv"));
    if (nvm_class_init(&cls, &c.lsp, "lsp") != 0)
        return 0;
    /* a table that loads gives conductances in [0, gmax] at every level and draw */
    for (int k = 0; k <= 16; k++) {
        float gmax = cls.g_max, g = gmax * (float)k / 16.0f;
        for (uint32_t u = 0; u < 8; u++) {
            float next = nvm_set(&cls, g, gmax, cls.dg_max, u * 0x20000001u);
            FUZZ_CHECK(isfinite(next) && next >= 0.0f && next <= gmax);
        }
    }
    nvm_class_free(&cls);
    return 0;
}
