/* olt.c - LFSR and pattern slot trains of the open-loop update (spec in olt.h, docs/olt.md) */
#include "xtile/olt.h"

#include "xtile/err.h"

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
    o->top = malloc((size_t)(OLT_MAX_BL / 8) * sizeof *o->top);
    if (!o->top) {
        olt_free(o);
        return xt_fail(XT_ENOMEM, "cannot allocate the OLT tables");
    }
    for (int byte = 0; byte < 4; byte++) {
        for (uint32_t v = 0; v < 256; v++) {
            uint32_t st = v << (8 * byte);
            for (int slot = 0; slot < OLT_MAX_BL; slot++) {
                st = olt_leap(&o->slot, st);
                if (slot % 8 == 0)
                    o->top[slot / 8][byte][v] = 0;
                o->top[slot / 8][byte][v] |= (uint64_t)(st >> 24) << (8 * (slot % 8));
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

uint64_t olt_det_row(int code, int bl)
{
    int n = (code * bl + 128) >> 8;

    return n >= 64 ? ~0ull : (1ull << n) - 1;
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
        uint64_t m = 0;

        *s = olt_leap(&o->jump, st); /* every line leaps bl slots, firing or not */
        if (c == 0) {
            mask[k] = 0;
            continue;
        }
        if (c >= OLT_ONE) {
            mask[k] = bl == 64 ? ~0ull : (1ull << bl) - 1;
            continue;
        }
        for (int b = 0; b * 8 < bl; b++) {
            uint64_t top = o->top[b][0][st & 0xff] ^ o->top[b][1][(st >> 8) & 0xff] ^
                           o->top[b][2][(st >> 16) & 0xff] ^ o->top[b][3][st >> 24];
            for (int t = 0; t < 8 && 8 * b + t < bl; t++)
                m |= (uint64_t)(((top >> (8 * t)) & 0xff) < c) << (8 * b + t);
        }
        mask[k] = m;
    }
}
