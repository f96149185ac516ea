/* adc.h - the single-slope (ramp) ADC, defined once for every level */
#ifndef XTILE_ADC_H
#define XTILE_ADC_H

/*
 * A ramp of K = 2^bits codes. In ramp step k (k = 0 .. K-2) the ramp stands at
 * threshold(k) = (k + 1 - K/2) * delta; a column latches the first k whose
 * threshold is >= its integrated value v (the comparator trips). A column that
 * never trips reads K - 1 (saturated high); one at or below threshold(0) reads
 * 0 (saturated low). The reconstructed value of a code is the middle of its
 * interval, (code + 0.5 - K/2) * delta. The cycle model steps the same
 * thresholds one per clock; adc_convert() finds the same code directly.
 */
struct adc {
    int bits;
    int k;           /* 2^bits */
    float delta;     /* integrated value per code */
    float inv_delta; /* 1 / delta: adc_convert's first guess only */
};

static inline void adc_init(struct adc *a, int bits, float full_scale)
{
    a->bits = bits;
    a->k = 1 << bits;
    a->delta = full_scale / (float)(a->k / 2);
    a->inv_delta = 1.0f / a->delta;
}

static inline float adc_threshold(const struct adc *a, int k)
{
    return (float)(k + 1 - a->k / 2) * a->delta;
}

/* The comparator: does the ramp at step k trip on value v? */
static inline int adc_trips(const struct adc *a, int k, float v)
{
    return adc_threshold(a, k) >= v;
}

/*
 * The code the ramp latches for v (see above): a first guess from v / delta,
 * then the walk to the first step that trips, which ends on that step from
 * any guess (thresholds rise with k), so the guess need not be exact. The
 * first step that trips is the least k >= est, est = v / delta + K/2 - 1:
 * the guess is the integer above est, so that the walk is mostly one step
 * down that does not trip and one that does.
 */
static inline int adc_convert(const struct adc *a, float v)
{
    float est = v * a->inv_delta + (float)(a->k / 2) - 1.0f;
    int k;

    if (!(est > 0.0f)) /* also NaN: starts at 0 and walks up */
        k = 0;
    else if (est >= (float)(a->k - 2))
        k = a->k - 1;
    else
        k = (int)est + 1;
    while (k > 0 && adc_trips(a, k - 1, v))
        k--;
    while (k <= a->k - 2 && !adc_trips(a, k, v))
        k++;
    return k;
}

/*
 * Whether adc_convert(a, v) >= code, without the conversion: thresholds rise
 * with k, so the code is at least `code` exactly when the ramp does not trip
 * at step code - 1 (tests/test_tile_adc_rd.c holds the two equal).
 */
static inline int adc_code_at_least(const struct adc *a, float v, int code)
{
    if (code <= 0)
        return 1;
    if (code > a->k - 1)
        return 0;
    return !adc_trips(a, code - 1, v);
}

/* Clocks a conversion keeps a converter busy: sample, share ramps of K - 1 steps, done. */
static inline long adc_conv_clocks(int share, int bits)
{
    return 2 + (long)share * ((1L << bits) - 1);
}

static inline float adc_value(const struct adc *a, int code)
{
    return ((float)code + 0.5f - (float)(a->k / 2)) * a->delta;
}

#endif
