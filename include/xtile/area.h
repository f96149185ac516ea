/* area.h - a tile's peripheral area from its Yosys reports (synth/synth.sh, make synth) */
#ifndef XTILE_AREA_H
#define XTILE_AREA_H

#include <stddef.h>

/*
 * The blocks of tile_top (its instances u_seq, u_col_adc, u_row_adc, u_wx)
 * and tile_top's own logic (register bus, phase control, counters and their
 * popcount trees). Each block's figure includes every module below it.
 */
enum { AREA_SEQ, AREA_COL_ADC, AREA_ROW_ADC, AREA_WX, AREA_TOP, AREA_BLOCKS };
extern const char *const area_block_name[AREA_BLOCKS];

struct area_cost {
    double transistors; /* Yosys's CMOS estimate (stat -tech cmos) */
    double cells;       /* gates and flip-flops */
    double flops;
};

struct tile_area {
    struct area_cost block[AREA_BLOCKS];
    struct area_cost total;
};

/*
 * The report name of a synthesized tile_top: tile_top_<rows>x<cols>x<share>_c<code_w>_a<adc_w>
 * (synth/synth.sh writes <name>.json, .txt, .inst, .v, .log).
 */
void area_name(char *buf, size_t n, int rows, int cols, int share, int code_w, int adc_w);

/*
 * Reads a synthesized tile_top's reports, base.json (stat -json -tech cmos)
 * and base.inst (its instances), into *a: every module counted as often as
 * it is instantiated below the top. 0; -XT_EIO if base.json is missing;
 * -XT_EFORMAT naming the file and what does not add up. *a is zeroed first.
 */
int area_read(const char *base, struct tile_area *a);

#endif
