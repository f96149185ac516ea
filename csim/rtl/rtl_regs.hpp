// rtl_regs.hpp - the Verilated RTL's registers into the C twins' register structs
//
// One macro per block, used with the block's hierarchical prefix: `tile_top__DOT__u_seq__DOT__`
// inside tile_top, `tile_pulse_seq__DOT__` for the block bench. The field names are the RTL's
// (docs/tile.md), so a register missing on either side fails to compile.
#ifndef XTILE_RTL_REGS_HPP
#define XTILE_RTL_REGS_HPP

#include "verilated.h"

#include <cstdint>

// Bits [lsb, lsb + w) of a Verilated value (w <= 32): plain integers and VlWide alike.
template <class T> static inline uint32_t vget(const T &v, int lsb, int w)
{
    return (uint32_t)(((uint64_t)v >> lsb) & ((w >= 32 ? 0xffffffffull : (1ull << w) - 1)));
}
template <std::size_t N> static inline uint32_t vget(const VlWide<N> &v, int lsb, int w)
{
    std::size_t i = (std::size_t)lsb >> 5;
    int s = lsb & 31;
    uint64_t x = (uint64_t)v[i] >> s;

    if (s + w > 32 && i + 1 < N)
        x |= (uint64_t)v[i + 1] << (32 - s);
    return (uint32_t)(x & (w >= 32 ? 0xffffffffull : (1ull << w) - 1));
}

// Sets bits [lsb, lsb + w) of a Verilated input to x (w <= 32).
template <class T> static inline void vput(T &v, int lsb, int w, uint32_t x)
{
    uint64_t m = (w >= 32 ? 0xffffffffull : (1ull << w) - 1) << lsb;

    v = (T)(((uint64_t)v & ~m) | (((uint64_t)x << lsb) & m));
}
template <std::size_t N> static inline void vput(VlWide<N> &v, int lsb, int w, uint32_t x)
{
    std::size_t i = (std::size_t)lsb >> 5;
    int s = lsb & 31;
    uint64_t m = (w >= 32 ? 0xffffffffull : (1ull << w) - 1) << s;
    uint64_t cur = v[i] | (i + 1 < N ? (uint64_t)v[i + 1] << 32 : 0);

    cur = (cur & ~m) | (((uint64_t)x << s) & m);
    v[i] = (EData)cur;
    if (i + 1 < N)
        v[i + 1] = (EData)(cur >> 32);
}

// Bit vector of n lines into one byte per line, and back (bits n and up left as they are): a
// word at a time, since the harness does this for every line vector on every clock.
template <class T> static inline void vunpack(const T &v, int n, uint8_t *b)
{
    for (int i = 0; i < n; i++)
        b[i] = (uint8_t)(((uint64_t)v >> i) & 1);
}
template <std::size_t N> static inline void vunpack(const VlWide<N> &v, int n, uint8_t *b)
{
    for (int i = 0; i < n; i += 32) {
        uint32_t x = v[(std::size_t)i >> 5];
        for (int k = 0; k < 32 && i + k < n; k++)
            b[i + k] = (uint8_t)(x >> k & 1);
    }
}
template <class T> static inline void vpack(T &v, int n, const uint8_t *b)
{
    uint64_t x = 0, m = n >= 64 ? ~0ull : (1ull << n) - 1;

    for (int i = 0; i < n; i++)
        x |= (uint64_t)(b[i] != 0) << i;
    v = (T)(((uint64_t)v & ~m) | x);
}
template <std::size_t N> static inline void vpack(VlWide<N> &v, int n, const uint8_t *b)
{
    for (int i = 0; i < n; i += 32) {
        int w = n - i < 32 ? n - i : 32;
        uint32_t x = 0, keep = w == 32 ? 0u : ~0u << w;

        for (int k = 0; k < w; k++)
            x |= (uint32_t)(b[i + k] != 0) << k;
        v[(std::size_t)i >> 5] = (EData)((v[(std::size_t)i >> 5] & keep) | x);
    }
}

#define XT_RTL_SEQ(R, P, q, rows, cols)                                                            \
    do {                                                                                           \
        (q).state_q = (R)->P##state_q;                                                             \
        (q).mode_q = (R)->P##mode_q;                                                               \
        (q).scheme_q = (R)->P##scheme_q;                                                           \
        (q).bl_q = (R)->P##bl_q;                                                                   \
        (q).cnt_q = (R)->P##cnt_q;                                                                 \
        (q).width_q = (R)->P##width_q;                                                             \
        for (int l_ = 0; l_ < (rows) + (cols); l_++)                                               \
            (q).lfsr_q[l_] = (R)->P##lfsr_q[l_];                                                   \
        for (int l_ = 0; l_ < (cols); l_++)                                                        \
            (q).acc_q[l_] = (R)->P##acc_q[l_];                                                     \
        vunpack((R)->P##fire_q, (rows) + (cols), (q).fire_q);                                      \
    } while (0)

#define XT_RTL_ADC(R, P, q, lines)                                                                 \
    do {                                                                                           \
        (q).state_q = (R)->P##state_q;                                                             \
        (q).k_q = (R)->P##k_q;                                                                     \
        (q).pass_q = (R)->P##pass_q;                                                               \
        (q).kmax_q = (R)->P##kmax_q;                                                               \
        for (int l_ = 0; l_ < (lines); l_++)                                                       \
            (q).code_q[l_] = (R)->P##code_q[l_];                                                   \
        vunpack((R)->P##latched_q, (lines), (q).latched_q);                                        \
    } while (0)

#define XT_RTL_WX(R, P, q, cols)                                                                   \
    do {                                                                                           \
        (q).state_q = (R)->P##state_q;                                                             \
        (q).rd_q = (R)->P##rd_q;                                                                   \
        (q).row_q = (R)->P##row_q;                                                                 \
        (q).iter_q = (R)->P##iter_q;                                                               \
        (q).cnt_q = (R)->P##cnt_q;                                                                 \
        for (int c_ = 0; c_ < (cols); c_++) {                                                      \
            (q).col_q[c_].target = (R)->P##target_q[c_];                                           \
            (q).col_q[c_].dev = (R)->P##dev_q[c_];                                                 \
            (q).col_q[c_].run = (int16_t)(R)->P##run_q[c_];                                        \
            (q).col_q[c_].m_start = (R)->P##m_start_q[c_];                                         \
            (q).col_q[c_].active = vget((R)->P##active_q, c_, 1);                                  \
            (q).col_q[c_].restarted = vget((R)->P##restarted_q, c_, 1);                            \
            (q).col_q[c_].keep = vget((R)->P##keep_q, c_, 1);                                      \
            (q).dev0_q[c_] = (R)->P##dev0_q[c_];                                                   \
            (q).rst_q[c_] = (R)->P##rst_q[c_];                                                     \
        }                                                                                          \
        vunpack((R)->P##need_q, (cols), (q).need_q);                                               \
        vunpack((R)->P##restart_q, (cols), (q).restart_q);                                         \
        vunpack((R)->P##set_q, (cols), (q).set_q);                                                 \
        vunpack((R)->P##plus_q, (cols), (q).plus_q);                                               \
        for (int n_ = 0; n_ < WX_STS; n_++)                                                          \
            *tile_wxfer_ctl_stat_at(&(q).st_q, n_) = (R)->P##st_q[n_];                             \
    } while (0)

#define XT_RTL_LFSR(R, s, lines)                                                                   \
    do {                                                                                           \
        for (int l_ = 0; l_ < (lines); l_++)                                                       \
            (s)[l_] = (R)->tile_top__DOT__u_seq__DOT__lfsr_q[l_];                                  \
    } while (0)

#define XT_RTL_TOP(R, q, rows, cols)                                                               \
    do {                                                                                           \
        (q).state_q = (R)->tile_top__DOT__state_q;                                                 \
        (q).olt_q = (R)->tile_top__DOT__olt_q;                                                     \
        (q).started_q = (R)->tile_top__DOT__started_q;                                             \
        for (int n_ = 0; n_ < TOP_CNTS; n_++)                                                      \
            (q).cnt_q[n_] = (R)->tile_top__DOT__cnt_q[n_];                                         \
        XT_RTL_SEQ(R, tile_top__DOT__u_seq__DOT__, (q).seq, rows, cols);                           \
        XT_RTL_ADC(R, tile_top__DOT__u_col_adc__DOT__, (q).col_adc, cols);                         \
        XT_RTL_ADC(R, tile_top__DOT__u_row_adc__DOT__, (q).row_adc, rows);                         \
        XT_RTL_WX(R, tile_top__DOT__u_wx__DOT__, (q).wx, cols);                                    \
    } while (0)

#endif
