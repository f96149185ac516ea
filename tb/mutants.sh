#!/usr/bin/env bash
# mutants.sh - deliberate bugs in the RTL, one at a time: the co-simulation must fail on each.
# Each mutant edits one line of a copy of rtl/ (build/mut/N/src), the benches that cover the file
# are built against it (the block's own bench; tile_top's: the SystemC tile bench), and run.
# A mutant that does not build counts as surviving: each must compile and fail in simulation.
# Prints a table (the README's); exits 1 if a mutant survives.
# usage: tb/mutants.sh [BUILD_DIR [ID ...]]   (IDs: only those mutants)
set -uo pipefail
build=${1:-build}
shift || true
only=" $* "
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

# id | file | kind | what | sed expression (must change exactly one line)
mutants=(
  "seq-pwm-bound|tile_seq_line.v|off-by-one bound|line drives one cycle too long|s/if (pwm_i) en_o = cnt_w < code_w;/if (pwm_i) en_o = cnt_w <= code_w;/"
  "seq-skip-done|tile_pulse_seq.v|skipped state|PWM ends without DONE|s/if ({16'd0, cnt_q} + 32'd1 == window) state_d = SEQ_DONE;/if ({16'd0, cnt_q} + 32'd1 == window) state_d = SEQ_IDLE;/"
  "seq-lfsr-tap|tile_seq_line.v|stuck bit|LFSR tap bit 1 stuck at 0|s/localparam \[31:0\] OLT_TAPS = 32'h80200003;/localparam [31:0] OLT_TAPS = 32'h80200001;/"
  "seq-bl-reset|tile_pulse_seq.v|wrong reset value|bl_q resets to 0|s/bl_q <= 7'd1;/bl_q <= 7'd0;/"
  "adc-kmax|tile_adc_rd.v|off-by-one bound|ramp one step shorter|s/kmax_d = (K_ONE << bits_i) - K_TWO;/kmax_d = (K_ONE << bits_i) - K_TWO - K_ONE;/"
  "adc-latch|tile_adc_line.v|inverted condition|latched lines latch again|s/if (step_i \&\& !latched_q \&\&/if (step_i \&\& latched_q \&\&/"
  "adc-sat-code|tile_adc_rd.v|off-by-one bound|saturated code K-2|s/wire \[AdcW-1:0\] sat = kmax_q + K_ONE;/wire [AdcW-1:0] sat = kmax_q;/"
  "wx-polarity|tile_wxfer_ctl.v|swapped polarity|SET reaches the other device|s/col_neg_o = plus_q;/col_neg_o = ~plus_q;/"
  "wx-tau|tile_wx_col.v|off-by-one bound|done only strictly inside tau|s/if (abse <= \$signed({2'd0, tau_i})) begin/if (abse < \$signed({2'd0, tau_i})) begin/"
  "wx-skip-reset-m|tile_wxfer_ctl.v|skipped state|strategy reset skips RESET_M|s/state_d = strategy_i == CLT_STRAT_RESET ? WX_RESET_M : WX_ITER;/state_d = strategy_i == CLT_STRAT_RESET ? WX_ITER : WX_ITER;/"
  "wx-reads|tile_wxfer_ctl.v|wrong counter|reads counted twice|s/st_d\[WX_ST_READS\] = st_q\[WX_ST_READS\] + 64'd1;/st_d[WX_ST_READS] = st_q[WX_ST_READS] + 64'd2;/"
  "wx-gave-up|tile_wx_col.v|dropped term|columns that gave up not counted as unconverged|s/assign unconv_o = need_q \&\& (active_q || run_q\[15\]);/assign unconv_o = need_q \&\& active_q;/"
  "wx-fits|tile_wx_col.v|dropped term|saturation restarts though the budget cannot reach the target|s/end else if (restarted_q || strategy_i == CLT_STRAT_RESET || !fits) begin/end else if (restarted_q || strategy_i == CLT_STRAT_RESET) begin/"
  "wx-loop-sel|tile_wxfer_ctl.v|wrong select|the loop reads the MSP alone, not the whole cell|s/sel_o = rd_q == WX_RD_T || rd_q == WX_RD_M ? ARR_SEL_ALL/sel_o = rd_q == WX_RD_T ? ARR_SEL_ALL : rd_q == WX_RD_M ? ARR_SEL_MSP/"
  "wx-swap|tile_wxfer_ctl.v|skipped state|the LSP's RESET ends before its swap strobe|s/if (cnt_q == (pol_inv_i ? 16'd2 : 16'd1))/if (cnt_q == 16'd1)/"
  "wx-lsp-read|tile_wxfer_ctl.v|skipped state|the LSP devices are never read alone: every one is RESET|s/rd_d = lsp_read_i ? WX_RD_D0 : WX_RD_T;/rd_d = lsp_read_i ? WX_RD_T : WX_RD_T;/"
  "wx-rst-sel|tile_wxfer_ctl.v|wrong select|the g- RESET strobe takes the g+ flags|s/assign rst_en\[gc\] = need_q\[gc\] \&\& rst_q\[gc\]\[cnt_q\[0\]\];/assign rst_en[gc] = need_q[gc] \&\& rst_q[gc][0];/"
  "wx-keep-sel|tile_wxfer_ctl.v|wrong select|the write-back's SETs go to the MSP, not the LSP|s/if (keep_q != {Cols{1'b0}}) sel_o = ARR_SEL_ALL;/if (keep_q != {Cols{1'b0}}) sel_o = ARR_SEL_MSP;/"
  "wx-keep-cross|tile_wx_col.v|dropped term|the write-back does not stop when it crosses its target|s/end else if (keep_q \&\& dev_q != CLT_NONE \&\& k != dev_q) begin/end else if (1'b0) begin/"
  "wx-keep-count|tile_wxfer_ctl.v|wrong counter|columns written back not counted|s/st_d\[WX_ST_LSP_KEPT\] = st_q\[WX_ST_LSP_KEPT\] + set64;/st_d[WX_ST_LSP_KEPT] = st_q[WX_ST_LSP_KEPT];/"
  "top-row-neg|tile_top.v|swapped polarity|row polarity inverted|s/row_neg_o = seq2top_row_neg;/row_neg_o = ~seq2top_row_neg;/"
  "top-reset-count|tile_top.v|wrong counter|RESET pulses counted once per crossing|s/cnt_d\[TOP_CNT_RESET\] = cnt_q\[TOP_CNT_RESET\] + (crossings << 1);/cnt_d[TOP_CNT_RESET] = cnt_q[TOP_CNT_RESET] + crossings;/"
  "top-reset-dev-count|tile_top.v|wrong counter|a RESET of one device counted as two|s/cnt_d\[TOP_CNT_RESET\] = cnt_q\[TOP_CNT_RESET\] + crossings;/cnt_d[TOP_CNT_RESET] = cnt_q[TOP_CNT_RESET] + (crossings << 1);/"
  "top-olt-scheme|tile_top.v|stuck bit|OLT scheme bit stuck at 0|s/olt_d = reg_wdata_i\[7:0\];/olt_d = {1'b0, reg_wdata_i[6:0]};/"
  "top-started|tile_top.v|inverted condition|read ends before its conversion|s/started_q \&\& adc_done)/!started_q \&\& adc_done)/"
  "pop-or|tile_popcount.v|wrong operator|a tree node ORs its subtrees' counts|s/node\[i\] = node\[2\*i\] + node\[2\*i+1\];/node[i] = node[2*i] | node[2*i+1];/"
)

bench_of() {
  case $1 in
    tile_pulse_seq.v | tile_seq_line.v) echo tb_tile_pulse_seq ;;
    tile_adc_rd.v | tile_adc_line.v) echo tb_tile_adc_rd ;;
    tile_wxfer_ctl.v | tile_wx_col.v) echo tb_tile_wxfer_ctl ;;
    *) echo tb_tile_top_sc ;;
  esac
}

killed=0 survived=0 n=0
printf '| # | mutant | file | kind | bug | bench | result |\n|---|---|---|---|---|---|---|\n'
for m in "${mutants[@]}"; do
  IFS='|' read -r id file kind what expr <<< "$m"
  n=$((n + 1))
  [ "$only" = "  " ] || [[ "$only" == *" $id "* ]] || continue
  dir=$build/mut/$id
  rm -rf "$dir/src"; mkdir -p "$dir/src"
  cp rtl/*.v "$dir/src/"
  sed -i "$expr" "$dir/src/$file"
  if [ "$(diff rtl/$file "$dir/src/$file" | grep -c '^>')" != 1 ]; then
    echo "mutant $id: the edit did not change exactly one line of $file" >&2; exit 2
  fi
  b=$(bench_of "$file")
  if ! make -j2 --no-print-directory -s VBUILD="$dir" RTL_DIR="$dir/src" "$dir/tb/$b" > "$dir/build.log" 2>&1; then
    res="SURVIVED (does not build: $dir/build.log)"; survived=$((survived + 1))
  else
    "$dir/tb/$b" +nowave > "$dir/run.log" 2>&1
    if [ $? -ne 0 ]; then
      first=$(grep -m1 '^MISMATCH' "$dir/run.log" | sed 's/^MISMATCH //')
      if [ -n "$first" ]; then
        res="killed: $(grep -o '[0-9]* mismatches' "$dir/run.log" | tail -1); first: $first"
      else # stopped by an assertion of rtl/ before any mismatch
        res="killed by $(grep -m1 -o 'A_[A-Z_]* failed at clock [0-9]*' "$dir/run.log" || echo "exit status non-zero")"
      fi
      killed=$((killed + 1))
    else
      res="SURVIVED"; survived=$((survived + 1))
    fi
  fi
  printf '| %d | %s | %s | %s | %s | %s | %s |\n' "$n" "$id" "$file" "$kind" "$what" "$b" "$res"
done
echo
echo "mutants: $((killed + survived)) applied, $killed killed, $survived survived"
[ $survived = 0 ]
