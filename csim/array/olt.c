/* olt.c - LFSR and pattern slot trains of the open-loop update (spec in olt.h, docs/olt.md) */
#include "xtile/olt.h"

#include "xtile/err.h"

#ifdef __AVX2__
#include <immintrin.h>
#endif

#include <stdlib.h>
#include <string.h>

void olt_leap_init(struct olt_leap *l, int steps)
{
    for (int byte = 0; byte < 4; byte++) {
        for (uint32_t b = 0; b < 256; b++) {
            uint32_t s = b << (8 * byte);
            for (int k = 0; k < steps; k++)
                s = olt_step(s);
            l->t[byte][b] = s;
        }
    }
}

uint32_t olt_seed(uint32_t base, int col, int line)
{
    return (base ^ olt_mix32((col ? 0x80000000u : 0u) | (uint32_t)line)) | 1u;
}

int olt_init(struct olt *o, int rows, int cols, int bl, int scheme, uint32_t base)
{
    memset(o, 0, sizeof *o);
    o->lfsr = malloc(((size_t)rows + (size_t)cols) * sizeof *o->lfsr);
    if (!o->lfsr)
        return xt_fail(XT_ENOMEM, "cannot allocate the OLT line states");
    o->rows = rows;
    o->cols = cols;
    o->bl = bl;
    o->scheme = scheme;
    for (int i = 0; i < rows; i++)
        o->lfsr[i] = olt_seed(base, 0, i);
    for (int j = 0; j < cols; j++)
        o->lfsr[rows + j] = olt_seed(base, 1, j);
    olt_leap_init(&o->slot, 8);
    olt_leap_init(&o->jump, 8 * bl);
    void *top = NULL;
    if (posix_memalign(&top, 64, 4 * sizeof *o->top) != 0) /* rows on cache-line boundaries */
        top = NULL;
    o->top = top;
    if (!o->top) {
        olt_free(o);
        return xt_fail(XT_ENOMEM, "cannot allocate the OLT tables");
    }
    for (int byte = 0; byte < 4; byte++) {
        for (uint32_t v = 0; v < 256; v++) {
            uint32_t st = v << (8 * byte);
            for (int slot = 0; slot < OLT_MAX_BL; slot++) {
                st = olt_leap(&o->slot, st);
                o->top[byte][v][slot] = (uint8_t)(st >> 24);
            }
        }
    }
    return 0;
}

void olt_free(struct olt *o)
{
    free(o->lfsr);
    free(o->top);
    memset(o, 0, sizeof *o);
}

/* The first n slots (n <= 64). */
static uint64_t first_slots(int n)
{
    return n >= 64 ? ~0ull : (1ull << n) - 1;
}

uint64_t olt_det_row(int code, int bl)
{
    return first_slots((code * bl + 128) >> 8);
}

uint64_t olt_det_col(int code, int bl)
{
    int m = (code * bl + 128) >> 8;
    uint64_t mask = 0;

    for (int s = 0; s < bl; s++)
        if ((s + 1) * m / bl > s * m / bl)
            mask |= 1ull << s;
    return mask;
}

/*
 * Bit s set when slot s's byte of a line in state st is below code c (0 < c <
 * 256): the four table rows XORed, compared 32 slots at a time under AVX2.
 */
static uint64_t fire_mask(const uint8_t (*top)[256][OLT_MAX_BL], uint32_t st, uint32_t c, int bl)
{
    const uint8_t *r0 = top[0][st & 0xff], *r1 = top[1][(st >> 8) & 0xff],
                  *r2 = top[2][(st >> 16) & 0xff], *r3 = top[3][st >> 24];
    uint64_t m = 0;
    int s = 0;
#ifdef __AVX2__
    /* unsigned x < c as signed (x ^ 0x80) < (c ^ 0x80) */
    const __m256i flip = _mm256_set1_epi8((char)0x80), cv = _mm256_set1_epi8((char)(c ^ 0x80));
    for (; s < bl; s += 32) {
        __m256i x =
            _mm256_xor_si256(_mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(r0 + s)),
                                              _mm256_loadu_si256((const __m256i *)(r1 + s))),
                             _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(r2 + s)),
                                              _mm256_loadu_si256((const __m256i *)(r3 + s))));
        uint32_t b =
            (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(cv, _mm256_xor_si256(x, flip)));
        m |= (uint64_t)b << s;
    }
#endif
    for (; s < bl; s++)
        m |= (uint64_t)((uint32_t)(r0[s] ^ r1[s] ^ r2[s] ^ r3[s]) < c) << s;
    return m & first_slots(bl);
}

void olt_masks(struct olt *o, int first, int n, const uint16_t *code, uint64_t *mask)
{
    int bl = o->bl;

    if (o->scheme == OLT_DETERMINISTIC) {
        for (int k = 0; k < n; k++)
            mask[k] = first < o->rows ? olt_det_row(code[k], bl) : olt_det_col(code[k], bl);
        return;
    }
    for (int k = 0; k < n; k++) {
        uint32_t *s = &o->lfsr[first + k], st = *s;
        uint32_t c = code[k];

        *s = olt_leap(&o->jump, st); /* every line leaps bl slots, firing or not */
        mask[k] = c == 0 ? 0 : c >= OLT_ONE ? first_slots(bl) : fire_mask(o->top, st, c, bl);
    }
}
