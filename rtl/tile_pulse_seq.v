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
  // the lines' registers, held by their tile_seq_line, visible here for the benches
  wire [31:0] lfsr_q [0:Lines-1] /* verilator public_flat_rd */;
  wire [15:0] acc_q [0:Cols-1] /* verilator public_flat_rd */;
  wire [Lines-1:0] fire_q /* verilator public_flat_rd */;
  wire [Lines-1:0] en_w;

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

  // One tile_seq_line per line; a line's seed is (base ^ mix(line id)) | 1, mix the lowbias32
  // hash (olt_mix32 in include/xtile/olt.h) evaluated at elaboration, its constants folded here.
  genvar gl;
  generate
    for (gl = 0; gl < Lines; gl = gl + 1) begin : g_line
      localparam [31:0] Id = gl < Rows ? gl : 32'h80000000 | (gl - Rows);  // rows, then columns
      localparam [31:0] M1 = Id ^ (Id >> 16);
      localparam [31:0] M2 = M1 * 32'h7feb352d;
      localparam [31:0] M3 = M2 ^ (M2 >> 15);
      localparam [31:0] M4 = M3 * 32'h846ca68b;
      localparam [31:0] Mix = M4 ^ (M4 >> 16);
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
            .seed_val_i((seed_base_i ^ Mix) | 32'd1),
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
            .seed_val_i((seed_base_i ^ Mix) | 32'd1),
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
