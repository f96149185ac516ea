/* fuzz_idx.c - libFuzzer harness of the IDX reader (raw or gzip, any header) */
#include "fuzz.h"

#include "xtile/idx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    struct idx t;

    if (idx_load(fuzz_file(data, n, "-idx"), &t) == 0) {
        size_t size = 1;
        FUZZ_CHECK(t.rank >= 1 && t.rank <= IDX_MAX_RANK);
        for (int k = 0; k < t.rank; k++)
            size *= t.dim[k];
        FUZZ_CHECK(size == t.size);
        volatile uint8_t sum = 0; /* read every byte: ASan reports one the reader does not own */
        for (size_t k = 0; k < t.size; k++)
            sum ^= t.data[k];
        (void)sum;
        idx_free(&t);
    }
    return 0;
}
