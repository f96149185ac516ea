// tile_pulse_seq.v - read PWM and OLT slot trains (C twin: csim/tile/tile_pulse_seq.c)
//
// Forward: row i drives while cnt_q < |X_i| for x_max_i cycles; backward: column j while
// cnt_q < |D_j| for d_max_i cycles. Update: bl_q slots; per slot every line's LFSR leaps 8 steps
// (stochastic) or its pattern counter steps (deterministic), the lines that fire are enabled and
// one SET strobe goes out (docs/olt.md). State encodings: include/xtile/tile_pulse_seq.h.
module tile_pulse_seq #(
    parameter integer Rows  = 16,
    parameter integer Cols  = 8,
    parameter integer CodeW = 9    // bits of a line code (PWM on-time or OLT probability)
) (
    input  wire                   clk_i,
    input  wire                   rst_ni,
    input  wire                   start_i,
    input  wire [1:0]             mode_i,        // SEQ_FWD, SEQ_BWD, SEQ_UPD
    input  wire                   scheme_i,      // 1: deterministic
    input  wire [6:0]             bl_i,          // slots of an update
    input  wire                   seed_i,        // reseed every LFSR from seed_base_i
    input  wire [31:0]            seed_base_i,
    input  wire [15:0]            x_max_i,       // forward PWM window, cycles
    input  wire [15:0]            d_max_i,       // backward PWM window, cycles
    input  wire [15:0]            set_cycles_i,  // width of a SET pulse, cycles
    input  wire [Rows*CodeW-1:0]  row_code_i,
    input  wire [Rows-1:0]        row_neg_i,
    input  wire [Cols*CodeW-1:0]  col_code_i,
    input  wire [Cols-1:0]        col_neg_i,
    output reg  [1:0]             op_o,
    output wire                   dir_o,
    output reg                    integ_rst_o,
    output reg  [Rows-1:0]        row_en_o,
    output wire [Rows-1:0]        row_neg_o,
    output reg  [Cols-1:0]        col_en_o,
    output wire [Cols-1:0]        col_neg_o,
    output wire                   busy_o,
    output reg                    done_o
);
  localparam [2:0] SEQ_IDLE = 3'd0;
  localparam [2:0] SEQ_PWM = 3'd1;
  localparam [2:0] SEQ_SLOT = 3'd2;
  localparam [2:0] SEQ_HOLD = 3'd3;
  localparam [2:0] SEQ_DONE = 3'd4;
  localparam [1:0] SEQ_FWD = 2'd1;
  localparam [1:0] SEQ_BWD = 2'd2;
  localparam [1:0] SEQ_UPD = 2'd3;
  localparam [1:0] SEQ_OP_NOP = 2'd0;
  localparam [1:0] SEQ_OP_READ = 2'd1;
  localparam [1:0] SEQ_OP_SET = 2'd2;
  localparam integer Lines = Rows + Cols;

  reg [2:0]  state_q /* verilator public_flat_rd */, state_d;
  reg [1:0]  mode_q /* verilator public_flat_rd */, mode_d;
  reg        scheme_q /* verilator public_flat_rd */, scheme_d;
  reg [6:0]  bl_q /* verilator public_flat_rd */, bl_d;
  reg [15:0] cnt_q /* verilator public_flat_rd */, cnt_d;
  reg [15:0] width_q /* verilator public_flat_rd */, width_d;
  // the lines' registers, held by their tile_seq_line, visible here for the benches (the
  // simulation view holds fire_q and drives en_w itself)
  wire [31:0] lfsr_q [0:Lines-1] /* verilator public_flat_rd */;
  wire [15:0] acc_q [0:Cols-1] /* verilator public_flat_rd */;
`ifndef TILE_LINE_VECTORS
  wire [Lines-1:0] fire_q /* verilator public_flat_rd */;
  wire [Lines-1:0] en_w;
`else
  reg [Lines-1:0] fire_q /* verilator public_flat_rd */, fire_d, en_w;
`endif

  assign dir_o = mode_q == SEQ_BWD;
  assign busy_o = state_q != SEQ_IDLE;
  assign row_neg_o = row_neg_i;
  assign col_neg_o = col_neg_i;

  // the state as the strobes every line takes (tile_seq_line)
  wire idle = state_q == SEQ_IDLE;
  wire pwm_fwd = state_q == SEQ_PWM && mode_q == SEQ_FWD;
  wire pwm_bwd = state_q == SEQ_PWM && mode_q != SEQ_FWD;
  wire slot = state_q == SEQ_SLOT;
  wire hold = state_q == SEQ_HOLD;
  wire reseed = idle && seed_i;
  wire clear = idle && start_i;

  // A line's seed is (base ^ mix(line id)) | 1, mix the lowbias32 hash (olt_mix32 in
  // include/xtile/olt.h) of its id (rows, then columns): a constant per line in the per-line view,
  // evaluated on a reseed in the simulation view.
  function automatic [31:0] line_mix(input integer l);
    reg [31:0] m;
    begin
      m = l < Rows ? l : 32'h80000000 | (l - Rows);
      m = m ^ (m >> 16);
      m = m * 32'h7feb352d;
      m = m ^ (m >> 15);
      m = m * 32'h846ca68b;
      line_mix = m ^ (m >> 16);
    end
  endfunction

`ifndef TILE_LINE_VECTORS
  // One tile_seq_line per line.
  genvar gl;
  generate
    for (gl = 0; gl < Lines; gl = gl + 1) begin : g_line
      if (gl < Rows) begin : g_row
        tile_seq_line #(
            .CodeW(CodeW),
            .IsCol(0)
        ) u_line (
            .clk_i     (clk_i),
            .rst_ni    (rst_ni),
            .code_i    (row_code_i[gl*CodeW+:CodeW]),
            .pwm_i     (pwm_fwd),
            .seed_i    (reseed),
            .seed_val_i((seed_base_i ^ line_mix(gl)) | 32'd1),
            .clear_i   (1'b0),
            .slot_i    (slot),
            .hold_i    (hold),
            .scheme_i  (scheme_q),
            .bl_i      (bl_q),
            .cnt_i     (cnt_q),
            .lfsr_o    (lfsr_q[gl]),
            .acc_o     (),
            .fire_o    (fire_q[gl]),
            .en_o      (en_w[gl])
        );
      end else begin : g_col
        tile_seq_line #(
            .CodeW(CodeW),
            .IsCol(1)
        ) u_line (
            .clk_i     (clk_i),
            .rst_ni    (rst_ni),
            .code_i    (col_code_i[(gl-Rows)*CodeW+:CodeW]),
            .pwm_i     (pwm_bwd),
            .seed_i    (reseed),
            .seed_val_i((seed_base_i ^ line_mix(gl)) | 32'd1),
            .clear_i   (clear),
            .slot_i    (slot),
            .hold_i    (hold),
            .scheme_i  (scheme_q),
            .bl_i      (bl_q),
            .cnt_i     (cnt_q),
            .lfsr_o    (lfsr_q[gl]),
            .acc_o     (acc_q[gl-Rows]),
            .fire_o    (fire_q[gl]),
            .en_o      (en_w[gl])
        );
      end
    end
  endgenerate
`else
  // The simulation view (TILE_LINE_VECTORS, the rtl engine's models only: docs/decisions.md, "The
  // lines as vectors"): every line's registers in one vector here, their logic one loop inside
  // the branch of the state that uses it, the same as tile_seq_line's; make equiv proves the two
  // views equal.
  localparam [31:0] OLT_TAPS = 32'h80200003;
  localparam integer ProdW = CodeW + 7;
  localparam integer CmpW = (CodeW > 16 ? CodeW : 16) + 1;

  // eight Galois steps (olt_leap), as tile_seq_line's
  function automatic [31:0] leap8(input [31:0] v);
    integer k;
    reg [31:0] x;
    begin
      x = v;
      for (k = 0; k < 8; k = k + 1) x = {1'b0, x[31:1]} ^ (x[0] ? OLT_TAPS : 32'h0);
      leap8 = x;
    end
  endfunction

  reg [Lines*32-1:0] lfsrs_q, lfsrs_d;
  reg [Cols*16-1:0] accs_q, accs_d;
  reg [CodeW-1:0] v_code;
  reg [31:0] v_step;
  reg [ProdW-1:0] v_prod;
  reg [ProdW-9:0] v_n;
  reg [16:0] v_acc;
  integer vl;
  always @* begin
    lfsrs_d = lfsrs_q;
    accs_d = accs_q;
    fire_d = fire_q;
    en_w = {Lines{1'b0}};
    v_code = {CodeW{1'b0}};
    v_step = 32'd0;
    v_prod = {ProdW{1'b0}};
    v_n = {(ProdW - 8) {1'b0}};
    v_acc = 17'd0;
    if (reseed)
      for (vl = 0; vl < Lines; vl = vl + 1)
        lfsrs_d[vl*32+:32] = (seed_base_i ^ line_mix(vl)) | 32'd1;
    if (clear) accs_d = {(Cols * 16) {1'b0}};
    if (pwm_fwd)
      for (vl = 0; vl < Rows; vl = vl + 1)
        en_w[vl] = {{(CmpW - 16) {1'b0}}, cnt_q} < {{(CmpW - CodeW) {1'b0}}, row_code_i[vl*CodeW+:CodeW]};
    if (pwm_bwd)
      for (vl = 0; vl < Cols; vl = vl + 1)
        en_w[Rows+vl] = {{(CmpW - 16) {1'b0}}, cnt_q} <
            {{(CmpW - CodeW) {1'b0}}, col_code_i[vl*CodeW+:CodeW]};
    if (slot) begin
      for (vl = 0; vl < Lines; vl = vl + 1) begin
        v_code = vl < Rows ? row_code_i[vl*CodeW+:CodeW] : col_code_i[(vl-Rows)*CodeW+:CodeW];
        if (!scheme_q) begin
          v_step = leap8(lfsrs_q[vl*32+:32]);
          lfsrs_d[vl*32+:32] = v_step;
          fire_d[vl] = {{(CmpW - 8) {1'b0}}, v_step[31:24]} < {{(CmpW - CodeW) {1'b0}}, v_code};
        end else begin
          v_prod = {7'd0, v_code} * {{(ProdW - 7) {1'b0}}, bl_q} + {{(ProdW - 8) {1'b0}}, 8'd128};
          v_n = v_prod[ProdW-1:8];
          if (vl < Rows) begin
            fire_d[vl] = {{(CmpW + 8 - ProdW) {1'b0}}, v_n} > {{(CmpW - 16) {1'b0}}, cnt_q};
          end else begin
            v_acc = {1'b0, accs_q[(vl-Rows)*16+:16]} + {{(17 - (ProdW - 8)) {1'b0}}, v_n};
            fire_d[vl] = v_acc >= {10'd0, bl_q};
            accs_d[(vl-Rows)*16+:16] = fire_d[vl] ? v_acc[15:0] - {9'd0, bl_q} : v_acc[15:0];
          end
        end
      end
      en_w = fire_d;
    end
    if (hold) en_w = fire_q;
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      lfsrs_q <= {Lines{32'd1}};  // a valid state until the first seed
      accs_q <= {(Cols * 16) {1'b0}};
      fire_q <= {Lines{1'b0}};
    end else begin
      lfsrs_q <= lfsrs_d;
      accs_q <= accs_d;
      fire_q <= fire_d;
    end
  end

  // the registers as the per-line view names them (the benches' mirrors, the proof's pairs)
  genvar gl;
  generate
    for (gl = 0; gl < Lines; gl = gl + 1) begin : g_line
      assign lfsr_q[gl] = lfsrs_q[gl*32+:32];
      if (gl >= Rows) begin : g_col
        assign acc_q[gl-Rows] = accs_q[(gl-Rows)*16+:16];
      end
    end
  endgenerate
`endif

  reg [31:0] window;
  always @* begin
    state_d = state_q;
    mode_d = mode_q;
    scheme_d = scheme_q;
    bl_d = bl_q;
    cnt_d = cnt_q;
    width_d = width_q;
    op_o = SEQ_OP_NOP;
    integ_rst_o = 1'b0;
    done_o = 1'b0;
    row_en_o = en_w[Rows-1:0];
    col_en_o = en_w[Lines-1:Rows];
    window = 32'd0;

    case (state_q)
      SEQ_IDLE: begin
        if (start_i) begin
          mode_d = mode_i;
          scheme_d = scheme_i;
          bl_d = bl_i;
          cnt_d = 16'd0;
          state_d = mode_i == SEQ_UPD ? SEQ_SLOT : SEQ_PWM;
        end
      end
      SEQ_PWM: begin
        op_o = SEQ_OP_READ;
        integ_rst_o = cnt_q == 16'd0;
        window = {16'd0, mode_q == SEQ_FWD ? x_max_i : d_max_i};
        if ({16'd0, cnt_q} + 32'd1 == window) state_d = SEQ_DONE;
        else cnt_d = cnt_q + 16'd1;
      end
      SEQ_SLOT: begin  // one SET strobe at the crossings of the lines that fire
        op_o = SEQ_OP_SET;
        width_d = set_cycles_i - 16'd1;
        if (set_cycles_i > 16'd1) state_d = SEQ_HOLD;
        else if ({16'd0, cnt_q} + 32'd1 == {25'd0, bl_q}) state_d = SEQ_DONE;
        else cnt_d = cnt_q + 16'd1;
      end
      SEQ_HOLD: begin  // the pulse lasts set_cycles_i: lines held, no new strobe
        if (width_q > 16'd1) begin
          width_d = width_q - 16'd1;
        end else if ({16'd0, cnt_q} + 32'd1 == {25'd0, bl_q}) begin
          state_d = SEQ_DONE;
        end else begin
          state_d = SEQ_SLOT;
          cnt_d = cnt_q + 16'd1;
        end
      end
      SEQ_DONE: begin
        done_o = 1'b1;
        state_d = SEQ_IDLE;
      end
      default: state_d = SEQ_IDLE;
    endcase
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= SEQ_IDLE;
      mode_q <= 2'd0;
      scheme_q <= 1'b0;
      bl_q <= 7'd1;
      cnt_q <= 16'd0;
      width_q <= 16'd0;
    end else begin
      state_q <= state_d;
      mode_q <= mode_d;
      scheme_q <= scheme_d;
      bl_q <= bl_d;
      cnt_q <= cnt_d;
      width_q <= width_d;
    end
  end

`ifndef SYNTHESIS
  // Assertions (docs/tile.md, "Assertions"): immediate, at every rising edge out of reset, named
  // with the clock since reset; the Verilated models (--assert) stop on the first that fails,
  // Icarus prints each (tests/icarus.sh fails on them). Not synthesized (Yosys defines SYNTHESIS).
  integer a_clk;
  reg a_done_q;  // done_o of the clock before
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_clk <= 0;
      a_done_q <= 1'b0;
    end else begin
      a_clk <= a_clk + 1;
      a_done_q <= done_o;
      assert (!(done_o && a_done_q))
      else $error("%m: A_DONE_ONE_CYCLE failed at clock %0d: done_o two clocks running", a_clk);
      assert (state_q <= SEQ_DONE)
      else $error("%m: A_STATE_LEGAL failed at clock %0d: state_q %0d", a_clk, state_q);
      assert (idle || (mode_d == mode_q && scheme_d == scheme_q && bl_d == bl_q))
      else $error("%m: A_BUSY_IGNORES_START failed at clock %0d: a phase's mode changed", a_clk);
      assert (state_q != SEQ_PWM || {16'd0, cnt_q} < window)
      else $error("%m: A_PWM_CNT_RANGE failed at clock %0d: cnt_q %0d, window %0d", a_clk, cnt_q,
                  window);
      assert (!(slot || hold) || bl_q == 7'd0 || cnt_q < {9'd0, bl_q})
      else $error("%m: A_SLOT_CNT_RANGE failed at clock %0d: cnt_q %0d, bl_q %0d", a_clk, cnt_q,
                  bl_q);
      assert (!hold || (width_q >= 16'd1 && set_cycles_i > 16'd1))
      else $error("%m: A_HOLD_WIDTH failed at clock %0d: width_q %0d", a_clk, width_q);
    end
  end
`endif
endmodule
