/* tile_lines.h - what a C twin's enable or polarity vector holds, so that comb clears only what it
 * set */
#ifndef XTILE_TILE_LINES_H
#define XTILE_TILE_LINES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * A block's comb drives every line of its enable vectors each cycle: zeros by
 * default, then the lines it sets. Most cycles of a transfer set none, or one
 * row, so clearing a thousand lines every cycle is most of the clocked
 * engine's time. A vector's tile_lines (model only, kept by the caller next to
 * the vector) says what the vector holds since the last comb that wrote it:
 * perhaps anything, all zeros, or zeros but line `hot`. A zeroed tile_lines
 * says "anything", so a caller that keeps none (NULL) or a fresh one gets the
 * full clear. The lines are the same as with the full clear every cycle; only
 * the work differs.
 */
enum { TILE_LINES_ANY = 0, TILE_LINES_ZERO, TILE_LINES_ONE };

struct tile_lines {
    int state; /* TILE_LINES_* */
    int hot;   /* TILE_LINES_ONE: the one line that may be set */
};

/* Every line of v (n lines) to zero, doing only the work s says is needed. */
static inline void tile_lines_clear(uint8_t *v, size_t n, struct tile_lines *s)
{
    if (s && s->state == TILE_LINES_ZERO)
        return;
    if (s && s->state == TILE_LINES_ONE)
        v[s->hot] = 0;
    else
        memset(v, 0, n);
    if (s)
        s->state = TILE_LINES_ZERO;
}

/* v was written: any line may be set. */
static inline void tile_lines_any(struct tile_lines *s)
{
    if (s)
        s->state = TILE_LINES_ANY;
}

/* Line k of a cleared v was written (set or not). */
static inline void tile_lines_one(struct tile_lines *s, int k)
{
    if (s && s->state == TILE_LINES_ZERO)
        *s = (struct tile_lines){TILE_LINES_ONE, k};
    else if (s && !(s->state == TILE_LINES_ONE && s->hot == k))
        s->state = TILE_LINES_ANY;
}

#endif
