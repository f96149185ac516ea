// tile_wx_col.v - one column of the weight-transfer controller (the per-column loop bodies of
// tile_wxfer_ctl_comb in csim/tile/tile_wxfer_ctl.c; clt_decide in csim/array/clt.c)
//
// The column's registers and their logic; the parent, tile_wxfer_ctl, decodes its state into the
// strobes below. Every column repeats this module, so synthesis maps it once (synth/). A row starts (row_i), the
// targets are read (tgt_i), 2dev reads device 0 (dev0_i) and device 1 (need_i: refresh?) and 4dev
// the LSP's g+ and g- the same way (which of them need their RESET: rst_o), the
// tuned pair is RESET (reset_m_i), and each iteration decides on the MSP code (decide_i): done
// within tau, restart from RESET (when the iterations left can reach the target), SET the device
// of the error's sign, or give up. The code decided on is the whole cell's (DESIGN.md 7a). In 4dev
// a column the MSP loop left unconverged tunes on with its LSP pair (keep_i: the write-back
// pass), stopping within tau or once it has crossed its target, never restarting. With an offset
// (offset_i, codes) the MSP pass tunes to the target less the offset, a column whose MSP target
// lies inside (0, offset) above the code of weight 0 RESETs its pair at the first decision and
// gives the MSP up, and every column takes the write-back pass (the Nature transfer).
module tile_wx_col #(
    parameter integer AdcW = 10  // widest conversion, bits (code width); AdcW <= 16
) (
    input  wire            clk_i,
    input  wire            rst_ni,
    input  wire            row_i,          // WX_ROW
    input  wire            two_dev_i,
    input  wire            tgt_i,          // WX_ADC, the target read done
    input  wire            dev0_i,         // WX_ADC, device 0 (4dev: g+) read alone done
    input  wire            need_i,         // WX_ADC, device 1 (4dev: g-) read alone done
    input  wire            reset_m_i,      // WX_RESET_M
    input  wire            decide_i,       // WX_DECIDE
    input  wire            keep_i,         // WX_KEEP
    input  wire            first_i,        // the row's first iteration (iter_q == 0)
    input  wire [1:0]      strategy_i,     // enum xt_clt_strategy
    input  wire [15:0]     tau_i,
    input  wire [15:0]     sat_pulses_i,
    input  wire [15:0]     target_codes_i,
    input  wire [15:0]     refresh_thr_i,
    input  wire [15:0]     step_codes_i,   // the tuned pair's nominal step, codes
    input  wire [15:0]     zero_code_i,    // the code of weight 0
    input  wire [15:0]     offset_i,       // the MSP pass's target is the target less this
    input  wire [31:0]     left_i,         // codes the iterations left can surely program from RESET
    input  wire [AdcW-1:0] code_i,         // the column's code of the read just done
    // the column's registers (struct clt_col of include/xtile/clt.h, and the row's decisions)
    output wire [AdcW-1:0] target_o,
    output wire [1:0]      dev_o,
    output wire [15:0]     run_o,          // two's complement; -1: gave up
    output wire [AdcW-1:0] m_start_o,
    output wire [AdcW-1:0] dev0_o,         // code of device 0 read alone
    output wire [1:0]      rst_o,          // 4dev: g+ (bit 0) and g- need their RESET
    output wire            active_o,
    output wire            restarted_o,
    output wire            keep_o,         // in the write-back pass
    output wire            need_o,
    output wire            restart_o,
    output wire            set_o,
    output wire            plus_o,
    // next values the parent's state machine and counters look at
    output wire            need_d_o,
    output wire            restart_d_o,
    output wire            set_d_o,
    output wire            unconv_o,       // tuned in this row and not converged (WX_ROW_END)
    output wire            back_o          // tuned in this row, takes the write-back pass (WX_KEEP)
);
  // untraced (traced per instance, a thousand lines of a tile made 50 MB of C++; the parents
  // trace the registers' mirrors); one C++ class for every instance in the benches' models
  // (rtl/hier.vlt), inlined in the rtl engine's (docs/decisions.md, "The rtl engine's speed")
  /* verilator tracing_off */
  localparam [1:0] CLT_STRAT_RESET = 2'd1;
  localparam [1:0] CLT_STRAT_TARGET = 2'd2;
  localparam [1:0] CLT_NONE = 2'd0;
  localparam [1:0] CLT_PLUS = 2'd1;
  localparam [1:0] CLT_MINUS = 2'd2;
  localparam integer EW = 18;  // signed: a code difference, tau, a run and sat_pulses all fit

  reg [AdcW-1:0] target_q, target_d;
  reg [1:0]      dev_q, dev_d;
  reg [15:0]     run_q, run_d;
  reg [AdcW-1:0] m_start_q, m_start_d;
  reg [AdcW-1:0] dev0_q, dev0_d;
  reg [1:0]      rst_q, rst_d;
  reg active_q, active_d, restarted_q, restarted_d, keep_q, keep_d, need_q, need_d;
  reg restart_q, restart_d, set_q, set_d, plus_q, plus_d;
  assign target_o = target_q;
  assign dev_o = dev_q;
  assign run_o = run_q;
  assign m_start_o = m_start_q;
  assign dev0_o = dev0_q;
  assign rst_o = rst_q;
  assign active_o = active_q;
  assign restarted_o = restarted_q;
  assign keep_o = keep_q;
  assign need_o = need_q;
  assign restart_o = restart_q;
  assign set_o = set_q;
  assign plus_o = plus_q;
  assign need_d_o = need_d;
  assign restart_d_o = restart_d;
  assign set_d_o = set_d;

  wire signed [EW-1:0] off_s = $signed({2'd0, offset_i});
  wire [15:0] thr = refresh_thr_i;
  wire at_thr = {{(16 - AdcW) {1'b0}}, code_i} >= thr;
  // the decision's terms, computed in the decision's branch only (below)
  reg signed [EW-1:0] tgt_s, m_s, start_s, e, abse, prog, from_zero;
  reg [1:0] k;
  reg sat_run, fits, in_off;
  reg [EW-1:0] zdist;
  reg [15:0] tau_e;

  assign unconv_o = need_q && (active_q || run_q[15]);
  assign back_o = need_q && (offset_i != 16'd0 || active_q || run_q[15]);  // clt_col_kept()

  reg set_now;
  always @* begin
    target_d = target_q;
    dev_d = dev_q;
    run_d = run_q;
    m_start_d = m_start_q;
    dev0_d = dev0_q;
    rst_d = rst_q;
    active_d = active_q;
    restarted_d = restarted_q;
    keep_d = keep_q;
    need_d = need_q;
    restart_d = restart_q;
    set_d = set_q;
    plus_d = plus_q;
    set_now = 1'b0;
    if (row_i) begin
      target_d = {AdcW{1'b0}};
      dev_d = CLT_NONE;
      run_d = 16'd0;
      m_start_d = {AdcW{1'b0}};
      need_d = !two_dev_i;
      rst_d = 2'b11;
      active_d = 1'b0;
      restarted_d = 1'b0;
      keep_d = 1'b0;
    end
    if (tgt_i && need_q) begin
      target_d = code_i;
      active_d = 1'b1;
      dev_d = CLT_NONE;
      run_d = 16'd0;
      m_start_d = {AdcW{1'b0}};
      restarted_d = 1'b0;
      keep_d = 1'b0;
    end
    if (keep_i && back_o) begin  // the residual the MSP could not take: the LSP tunes on
      active_d = 1'b1;
      dev_d = CLT_NONE;
      run_d = 16'd0;
      m_start_d = {AdcW{1'b0}};
      restarted_d = 1'b1;
      keep_d = 1'b1;
    end
    if (dev0_i) begin
      dev0_d = code_i;
      rst_d[0] = at_thr;
    end
    if (need_i && two_dev_i) need_d = {{(16 - AdcW) {1'b0}}, dev0_q} >= thr || at_thr;
    if (need_i && !two_dev_i) rst_d[1] = at_thr;
    if (reset_m_i) restarted_d = restarted_q | need_q;
    tgt_s = {EW{1'b0}};
    m_s = {EW{1'b0}};
    start_s = {EW{1'b0}};
    e = {EW{1'b0}};
    abse = {EW{1'b0}};
    prog = {EW{1'b0}};
    from_zero = {EW{1'b0}};
    k = CLT_NONE;
    sat_run = 1'b0;
    fits = 1'b0;
    in_off = 1'b0;
    zdist = {EW{1'b0}};
    tau_e = 16'd0;
    if (decide_i) begin  // clt_decide() on the MSP code
      // clt_col_target(): the MSP pass tunes to the target less the offset
      tgt_s = $signed({{(EW - AdcW) {1'b0}}, target_q}) - (keep_q ? {EW{1'b0}} : off_s);
      m_s = $signed({{(EW - AdcW) {1'b0}}, code_i});
      start_s = $signed({{(EW - AdcW) {1'b0}}, m_start_q});
      e = tgt_s - m_s;
      abse = e < 0 ? -e : e;
      k = e > 0 ? CLT_PLUS : CLT_MINUS;
      prog = k == CLT_PLUS ? m_s - start_s : start_s - m_s;
      sat_run = $signed({{(EW - 16) {run_q[15]}}, run_q}) >= $signed({2'd0, sat_pulses_i});
      // clt_restart_fits(): a RESET of the pair only when the iterations left reach the target at
      // half the nominal step
      from_zero = tgt_s - $signed({{(EW - 16) {1'b0}}, zero_code_i});
      zdist = from_zero < 0 ? -from_zero : from_zero;
      fits = {{(32 - EW) {1'b0}}, zdist} <= left_i;
      in_off = !keep_q && first_i && from_zero > 0 && from_zero < off_s;
      // the offset's write-back pass tunes the LSP to the target code: no tau
      tau_e = keep_q && offset_i != 16'd0 ? 16'd0 : tau_i;
      restart_d = 1'b0;
      if (active_q) begin
        if (in_off) begin  // both MSP devices RESET, the LSP takes it all
          restarted_d = 1'b1;
          dev_d = CLT_NONE;
          restart_d = 1'b1;
          active_d = 1'b0;
          run_d = 16'hffff;
        end else if (abse <= $signed({2'd0, tau_e})) begin
          active_d = 1'b0;  // done
        end else if (strategy_i == CLT_STRAT_TARGET && !keep_q && first_i &&
                     abse > $signed({2'd0, target_codes_i}) && fits) begin
          restarted_d = 1'b1;
          dev_d = CLT_NONE;
          restart_d = 1'b1;
        end else if (keep_q && dev_q != CLT_NONE && k != dev_q) begin
          active_d = 1'b0;  // the write-back crossed the target: within one LSP step
          // tau and the MSP's step or more past: counted not converged
          if (abse >= $signed({2'd0, tau_i}) + $signed({2'd0, step_codes_i})) run_d = 16'hffff;
        end else begin
          set_now = 1'b1;
          if (k != dev_q) begin
            dev_d = k;
            run_d = 16'd1;
            m_start_d = code_i;
          end else if (sat_run) begin
            if (prog >= $signed({2'd0, step_codes_i})) begin  // a step's progress: a new window
              run_d = 16'd1;
              m_start_d = code_i;
            end else if (restarted_q || strategy_i == CLT_STRAT_RESET || !fits) begin
              active_d = 1'b0;  // gives up: counted as not converged
              run_d = 16'hffff;
              set_now = 1'b0;
            end else begin
              restarted_d = 1'b1;
              dev_d = CLT_NONE;
              restart_d = 1'b1;
              set_now = 1'b0;
            end
          end else begin
            run_d = run_q + 16'd1;
          end
        end
      end
      set_d = set_now;
      if (set_now) plus_d = dev_d == CLT_PLUS;
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      target_q <= {AdcW{1'b0}};
      dev_q <= CLT_NONE;
      run_q <= 16'd0;
      m_start_q <= {AdcW{1'b0}};
      dev0_q <= {AdcW{1'b0}};
      rst_q <= 2'b00;
      active_q <= 1'b0;
      restarted_q <= 1'b0;
      keep_q <= 1'b0;
      need_q <= 1'b0;
      restart_q <= 1'b0;
      set_q <= 1'b0;
      plus_q <= 1'b0;
    end else begin
      target_q <= target_d;
      dev_q <= dev_d;
      run_q <= run_d;
      m_start_q <= m_start_d;
      dev0_q <= dev0_d;
      rst_q <= rst_d;
      active_q <= active_d;
      restarted_q <= restarted_d;
      keep_q <= keep_d;
      need_q <= need_d;
      restart_q <= restart_d;
      set_q <= set_d;
      plus_q <= plus_d;
    end
  end
endmodule
