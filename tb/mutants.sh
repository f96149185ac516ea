#!/usr/bin/env bash
# mutants.sh - deliberate bugs in the RTL, one at a time: the co-simulation must fail on each.
# Each mutant edits one line of a copy of rtl/ (build/mut/N/src); every bench that covers the file
# runs against it, cheapest first, until one fails: the block's own bench (a block's files), the
# Icarus replay of the C twin's vectors (tests/icarus.sh), the SystemC tile bench, the SystemC
# tile bench on X-initialized models (make cosim-xinit's), and last the rtl engine against the
# cycle engine on training examples (the default network's tiles, --cc).
# A mutant that does not build counts as surviving: each must compile and fail in simulation.
# Prints a table (the README's); exits 1 if a mutant survives.
# usage: tb/mutants.sh [BUILD_DIR [ID ...]]   (IDs: only those mutants)
#        tb/mutants.sh --routes                  (each mutant's line and the benches it would go to)
set -uo pipefail
routes=0
if [ "${1:-}" = --routes ]; then # the mutated copies in a folder of their own, removed at exit
  routes=1
  copies=$(mktemp -d)
  trap 'rm -rf "$copies"' EXIT
  set -- "$copies"
fi
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
  "wx-tau|tile_wx_col.v|off-by-one bound|done only strictly inside tau|s/if (abse <= \$signed({2'd0, tau_e})) begin/if (abse < \$signed({2'd0, tau_e})) begin/"
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
  "top-cmd-high|tile_top.v|dropped term|a command decoded from its low 3 bits (0x80000001 starts a read)|s/wire        cmd_phase = cmd >= {29'd0, TOP_FWD} \&\& cmd <= {29'd0, TOP_XFER};/wire        cmd_phase = cmd[2:0] >= TOP_FWD \&\& cmd[2:0] <= TOP_XFER;/"
  "top-cmd-unaligned|tile_top.v|wrong decode|CMD decoded from address bits 7:2 (a write to 0x01 starts a phase)|s/wire \[31:0\] cmd = we \&\& reg_addr_i == TOP_REG_CMD/wire [31:0] cmd = we \&\& reg_addr_i[7:2] == 6'd0/"
  "top-cmd-busy|tile_top.v|dropped term|a command accepted while busy|s/ == TOP_REG_CMD \&\& state_q == TOP_IDLE ? reg_wdata_i/ == TOP_REG_CMD ? reg_wdata_i/"
  "top-olt-reset|tile_top.v|wrong reset value|OLT resets to bl 33|s/olt_q <= 8'd32;/olt_q <= 8'd33;/"
  "seq-width-reset|tile_pulse_seq.v|missing reset|width_q left out of reset (its value 0 otherwise)|s/      width_q <= 16'd0;/      width_q <= width_q;/"
  "seq-hold-width|tile_pulse_seq.v|off-by-one bound|a SET pulse held one cycle short|s/if (width_q > 16'd1) begin/if (width_q > 16'd2) begin/"
  "seq-reseed-busy|tile_pulse_seq.v|dropped term|a reseed taken while busy|s/wire reseed = idle \&\& seed_i;/wire reseed = seed_i;/"
  "adc-pass-last|tile_adc_rd.v|off-by-one bound|one pass too many with a shared converter|s/end else if ({16'd0, pass_q} + 32'd1 < Share) begin/end else if ({16'd0, pass_q} + 32'd1 <= Share) begin/"
  "wx-iter-limit|tile_wxfer_ctl.v|off-by-one bound|one iteration more than max_iter|s/if (active_q != {Cols{1'b0}} \&\& iter_q < max_iter_i) begin/if (active_q != {Cols{1'b0}} \&\& iter_q <= max_iter_i) begin/"
  "wx-row-last|tile_wxfer_ctl.v|off-by-one bound|a transfer runs one row past the last|s/if ({16'd0, row_q} + 32'd1 < Rows) begin/if ({16'd0, row_q} + 32'd1 <= Rows) begin/"
  "top-started-reset|tile_top.v|missing reset|started_q left out of reset (a read reset part-way ends at once after)|s/      started_q <= 1'b0;/      started_q <= started_q;/"
  "top-set-cycles|tile_top.v|wrong wiring|the sequencer's SET width tied to one clock|s/.set_cycles_i(cfg_set_cycles_i),/.set_cycles_i(16'd1),/"
  "top-bwd-bits|tile_top.v|wrong wiring|backward reads converted at the forward width|s/.bits_i  (cfg_bwd_bits_i),/.bits_i  (cfg_fwd_bits_i),/"
  "wx-window-low|tile_wxfer_ctl.v|narrow compare|a read window's end compared on its low 8 bits|s/if ({16'd0, cnt_q} + 32'd1 == {16'd0, x_max_i}) state_d = WX_PWM_DONE;/if ({24'd0, cnt_q[7:0]} + 32'd1 == {24'd0, x_max_i[7:0]}) state_d = WX_PWM_DONE;/"
  "adc-pass-lines|tile_adc_rd.v|dropped term|no passes beyond the lines when a converter is shared by more lines than there are|s/end else if ({16'd0, pass_q} + 32'd1 < Share) begin/end else if ({16'd0, pass_q} + 32'd1 < (Share < Lines ? Share : Lines)) begin/"
  "view-adc-sat|tile_adc_rd.v|off-by-one bound|lines as vectors: an untripped line latches K-2|s/codes_d\[vl\*AdcW+:AdcW\] = cmp_i\[vl\] ? k_q : sat;/codes_d[vl*AdcW+:AdcW] = cmp_i[vl] ? k_q : sat - K_ONE;/"
  "view-seq-pwm|tile_pulse_seq.v|off-by-one bound|lines as vectors: a row drives one cycle too long|s/en_w\[vl\] = {{(CmpW - 16) {1'b0}}, cnt_q} < {{(CmpW - CodeW) {1'b0}}, row_code_i/en_w[vl] = {{(CmpW - 16) {1'b0}}, cnt_q} <= {{(CmpW - CodeW) {1'b0}}, row_code_i/"
  "view-pop-count|tile_popcount.v|wrong operator|simulation view: the count's low bit ORed with the first line|s/      assign n_o = count\[W-1:0\];/      assign n_o = count[W-1:0] | {{(W - 1) {1'b0}}, v_i[0]};/"
)

# The view of the lines that line LINE of rtl/FILE belongs to: "lines" (the per-line modules and the
# `ifndef TILE_LINE_VECTORS branches: synthesis and every bench model but the top_* ones),
# "vectors" (the `else branches: the top_* models, the C++ tile bench's and the rtl engine's) or
# "both" (everything else).
view_of() { # FILE LINE
  case $1 in tile_seq_line.v | tile_adc_line.v) echo lines; return ;; esac
  # per open `ifdef/`ifndef: whether it tests TILE_LINE_VECTORS (tlv), and whether the branch
  # the line is in has it defined (on)
  awk -v at="$2" '
    NR == at { v = "both"; for (i = depth; i > 0; i--) if (tlv[i]) { v = on[i] ? "vectors" : "lines"; break }
               print v; exit }
    /^[ \t]*`if(n)?def[ \t]/ { depth++; tlv[depth] = $2 == "TILE_LINE_VECTORS"; on[depth] = $1 == "`ifdef" }
    /^[ \t]*`else/ { on[depth] = !on[depth] }
    /^[ \t]*`endif/ { depth-- }' "rtl/$1"
}

# the benches that see a mutated line (FILE, its view), cheapest first: the vector view only
# reaches the top_* models; the per-line view everything but them
benches_of() {
  [ "$2" = vectors ] && { echo "tb_tile_top engines"; return; }
  case $1 in
    tile_pulse_seq.v | tile_seq_line.v) echo -n "tb_tile_pulse_seq " ;;
    tile_adc_rd.v | tile_adc_line.v) echo -n "tb_tile_adc_rd " ;;
    tile_wxfer_ctl.v | tile_wx_col.v) echo -n "tb_tile_wxfer_ctl " ;;
  esac
  echo "icarus tb_tile_top_sc xinit$([ "$2" = lines ] || echo " engines")"
}

# The Icarus vectors are the C twin's: recorded by the first replay, replayed against every mutant.
vec=$build/mut/vectors

# run BENCH DIR: builds bench BENCH against the mutated copy DIR/src and runs it into DIR/run.log;
# 0 if the bench passed, 1 if it failed, 2 if it did not build
run() {
  local b=$1 dir=$2 mk=(make -j2 --no-print-directory -s VBUILD="$dir" RTL_DIR="$dir/src")
  case $b in
    icarus)
      RTL_DIR="$dir/src" ICARUS_OUT="$dir/icarus" ICARUS_VEC="$vec" tests/icarus.sh "$build" > "$dir/run.log" 2>&1 ;;
    xinit)
      "${mk[@]}" VBUILD="$dir/xinit" SC_SIZES="9x4x1 5x3x2" VLT_FLAGS="--x-initial unique --x-assign unique" \
        "$dir/xinit/tb/tb_tile_top_sc" > "$dir/build.log" 2>&1 || return 2
      "$dir/xinit/tb/tb_tile_top_sc" +nowave +verilator+rand+reset+2 +verilator+seed+1 > "$dir/run.log" 2>&1 ;;
    engines)
      # the program in a tree of its own (its rtl engine links the mutated models)
      make -j2 --no-print-directory -s BUILD="$dir/eng" RTL_DIR="$dir/src" "$dir/eng/xtile" > "$dir/build.log" 2>&1 || return 2
      local e same=1
      for e in cycle rtl; do
        "$dir/eng/xtile" train configs/default.ini --set train.epochs=1 --set train.examples=100 \
          --set train.test_examples=100 --quiet --engine $e --out "$dir/eng-$e" > "$dir/run.log" 2>&1 || return 1
      done
      cmp -s "$dir/eng-cycle/metrics.csv" "$dir/eng-rtl/metrics.csv" || same=0
      [ "$(grep -o '"weights_hash": "[0-9a-f]*"' "$dir/eng-cycle/summary.json")" = \
        "$(grep -o '"weights_hash": "[0-9a-f]*"' "$dir/eng-rtl/summary.json")" ] || same=0
      rm -rf "$dir/eng-cycle" "$dir/eng-rtl"
      [ $same = 1 ] || { echo "MISMATCH engines: rtl and cycle differ (weights_hash or metrics.csv)" >> "$dir/run.log"; return 1; } ;;
    *)
      "${mk[@]}" "$dir/tb/$b" > "$dir/build.log" 2>&1 || return 2
      "$dir/tb/$b" +nowave > "$dir/run.log" 2>&1 ;;
  esac
  [ $? = 0 ] && return 0 || return 1
}

killed=0 survived=0 n=0
[ $routes = 1 ] || printf '| # | mutant | file | kind | bug | bench | result |\n|---|---|---|---|---|---|---|\n'
for m in "${mutants[@]}"; do
  IFS='|' read -r id file kind what expr <<< "$m"
  n=$((n + 1))
  [ "$only" = "  " ] || [[ "$only" == *" $id "* ]] || continue
  dir=$build/mut/$id
  rm -rf "$dir/src"; mkdir -p "$dir/src"
  cp rtl/*.v "$dir/src/"
  sed -i "$expr" "$dir/src/$file"
  change=$(diff rtl/$file "$dir/src/$file")
  if [ "$(grep -c '^>' <<< "$change")" != 1 ]; then
    echo "mutant $id: the edit did not change exactly one line of $file" >&2; exit 2
  fi
  line=$(sed -n '1s/^\([0-9]*\)c.*/\1/p' <<< "$change")
  benches=$(benches_of "$file" "$(view_of "$file" "$line")")
  if [ "$routes" = 1 ]; then
    printf '%s\t%s:%s\t%s\n' "$id" "$file" "$line" "$benches"; continue
  fi
  res="SURVIVED (every bench passed)" b=-
  for b in $benches; do
    run "$b" "$dir"
    rc=$?
    if [ $rc = 2 ]; then
      res="SURVIVED (does not build: $dir/build.log)"; break
    elif [ $rc = 1 ]; then
      first=$(grep -m1 '^MISMATCH' "$dir/run.log" | sed 's/^MISMATCH //')
      stop=$(grep -m1 -o 'A_[A-Z_]* failed at clock [0-9]*' "$dir/run.log")
      count=$(grep -o '[0-9]* mismatches' "$dir/run.log" | sort -n | tail -1) # the largest (Icarus: per size)
      if [ -n "$first" ]; then
        res="killed: ${count:-stopped by $stop}; first: $first"
      else # stopped by an assertion of rtl/ before any mismatch
        res="killed by $(grep -m1 -o 'A_[A-Z_]* failed at clock [0-9]*' "$dir/run.log" || echo "exit status non-zero")"
      fi
      break
    fi
  done
  case $res in killed*) killed=$((killed + 1)) ;; *) survived=$((survived + 1)) ;; esac
  printf '| %d | %s | %s | %s | %s | %s | %s |\n' "$n" "$id" "$file" "$kind" "$what" "$b" "$res"
done
[ $routes = 1 ] && exit 0
echo
echo "mutants: $((killed + survived)) applied, $killed killed, $survived survived"
[ $survived = 0 ]
