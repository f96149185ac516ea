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
  localparam [31:0] OLT_TAPS = 32'h80200003;
  localparam integer Lines = Rows + Cols;

  // lowbias32 (olt_mix32 in include/xtile/olt.h), evaluated at elaboration only
  function automatic [31:0] mix32(input [31:0] v);
    reg [31:0] x;
    begin
      x = v;
      x = x ^ (x >> 16);
      x = x * 32'h7feb352d;
      x = x ^ (x >> 15);
      x = x * 32'h846ca68b;
      x = x ^ (x >> 16);
      mix32 = x;
    end
  endfunction

  // eight Galois steps (olt_leap): an XOR network
  function automatic [31:0] leap8(input [31:0] s);
    integer k;
    reg [31:0] x;
    begin
      x = s;
      for (k = 0; k < 8; k = k + 1) x = {1'b0, x[31:1]} ^ (x[0] ? OLT_TAPS : 32'h0);
      leap8 = x;
    end
  endfunction

  reg [2:0]  state_q /* verilator public_flat_rd */, state_d;
  reg [1:0]  mode_q /* verilator public_flat_rd */, mode_d;
  reg        scheme_q /* verilator public_flat_rd */, scheme_d;
  reg [6:0]  bl_q /* verilator public_flat_rd */, bl_d;
  reg [15:0] cnt_q /* verilator public_flat_rd */, cnt_d;
  reg [15:0] width_q /* verilator public_flat_rd */, width_d;
  reg [31:0] lfsr_q [0:Lines-1] /* verilator public_flat_rd */;
  reg [31:0] lfsr_d [0:Lines-1];
  reg [15:0] acc_q [0:Cols-1] /* verilator public_flat_rd */;
  reg [15:0] acc_d [0:Cols-1];
  reg [Lines-1:0] fire_q /* verilator public_flat_rd */, fire_d;

  // the per-line seed constants: (base ^ mix32(line id)) | 1
  wire [31:0] mix_w [0:Lines-1];
  genvar gl;
  generate
    for (gl = 0; gl < Lines; gl = gl + 1) begin : g_mix
      if (gl < Rows) begin : g_row
        assign mix_w[gl] = mix32(gl);
      end else begin : g_col
        assign mix_w[gl] = mix32(32'h80000000 | (gl - Rows));
      end
    end
  endgenerate

  assign dir_o = mode_q == SEQ_BWD;
  assign busy_o = state_q != SEQ_IDLE;
  assign row_neg_o = row_neg_i;
  assign col_neg_o = col_neg_i;

  integer l;
  reg [CodeW-1:0] code;
  reg [31:0] s, n, acc, window;
  always @* begin
    state_d = state_q;
    mode_d = mode_q;
    scheme_d = scheme_q;
    bl_d = bl_q;
    cnt_d = cnt_q;
    width_d = width_q;
    fire_d = fire_q;
    for (l = 0; l < Lines; l = l + 1) lfsr_d[l] = lfsr_q[l];
    for (l = 0; l < Cols; l = l + 1) acc_d[l] = acc_q[l];
    op_o = SEQ_OP_NOP;
    integ_rst_o = 1'b0;
    done_o = 1'b0;
    row_en_o = {Rows{1'b0}};
    col_en_o = {Cols{1'b0}};
    code = {CodeW{1'b0}};
    s = 32'd0;
    n = 32'd0;
    acc = 32'd0;
    window = 32'd0;

    case (state_q)
      SEQ_IDLE: begin
        if (seed_i)
          for (l = 0; l < Lines; l = l + 1) lfsr_d[l] = seed_base_i ^ mix_w[l] | 32'd1;
        if (start_i) begin
          mode_d = mode_i;
          scheme_d = scheme_i;
          bl_d = bl_i;
          cnt_d = 16'd0;
          state_d = mode_i == SEQ_UPD ? SEQ_SLOT : SEQ_PWM;
          for (l = 0; l < Cols; l = l + 1) acc_d[l] = 16'd0;
        end
      end
      SEQ_PWM: begin
        op_o = SEQ_OP_READ;
        integ_rst_o = cnt_q == 16'd0;
        if (mode_q == SEQ_FWD) begin
          window = {16'd0, x_max_i};
          for (l = 0; l < Rows; l = l + 1)
            row_en_o[l] = {16'd0, cnt_q} < {{(32 - CodeW) {1'b0}}, row_code_i[l*CodeW+:CodeW]};
        end else begin
          window = {16'd0, d_max_i};
          for (l = 0; l < Cols; l = l + 1)
            col_en_o[l] = {16'd0, cnt_q} < {{(32 - CodeW) {1'b0}}, col_code_i[l*CodeW+:CodeW]};
        end
        if ({16'd0, cnt_q} + 32'd1 == window) state_d = SEQ_DONE;
        else cnt_d = cnt_q + 16'd1;
      end
      SEQ_SLOT: begin  // one SET strobe at the crossings of the lines that fire
        for (l = 0; l < Lines; l = l + 1) begin
          code = l < Rows ? row_code_i[l*CodeW+:CodeW] : col_code_i[(l-Rows)*CodeW+:CodeW];
          if (scheme_q) begin
            n = ({{(32 - CodeW) {1'b0}}, code} * {25'd0, bl_q} + 32'd128) >> 8;
            if (l < Rows) begin
              fire_d[l] = {16'd0, cnt_q} < n;  // the first n slots
            end else begin  // Bresenham over the slots
              acc = {16'd0, acc_q[l-Rows]} + n;
              fire_d[l] = acc >= {25'd0, bl_q};
              acc_d[l-Rows] = fire_d[l] ? acc[15:0] - {9'd0, bl_q} : acc[15:0];
            end
          end else begin
            s = leap8(lfsr_q[l]);
            lfsr_d[l] = s;
            fire_d[l] = {24'd0, s[31:24]} < {{(32 - CodeW) {1'b0}}, code};
          end
        end
        op_o = SEQ_OP_SET;
        row_en_o = fire_d[Rows-1:0];
        col_en_o = fire_d[Lines-1:Rows];
        width_d = set_cycles_i - 16'd1;
        if (set_cycles_i > 16'd1) state_d = SEQ_HOLD;
        else if ({16'd0, cnt_q} + 32'd1 == {25'd0, bl_q}) state_d = SEQ_DONE;
        else cnt_d = cnt_q + 16'd1;
      end
      SEQ_HOLD: begin  // the pulse lasts set_cycles_i: lines held, no new strobe
        row_en_o = fire_q[Rows-1:0];
        col_en_o = fire_q[Lines-1:Rows];
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
      fire_q <= {Lines{1'b0}};
    end else begin
      state_q <= state_d;
      mode_q <= mode_d;
      scheme_q <= scheme_d;
      bl_q <= bl_d;
      cnt_q <= cnt_d;
      width_q <= width_d;
      fire_q <= fire_d;
    end
  end

  // Per-line registers: one flop group per line (a generate loop), since Verilator cannot
  // unroll a non-blocking array copy over thousands of lines; same reset, same copy.
  generate
    for (gl = 0; gl < Lines; gl = gl + 1) begin : g_lfsr
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) lfsr_q[gl] <= 32'd1;  // a valid state until the first seed
        else lfsr_q[gl] <= lfsr_d[gl];
      end
    end
    for (gl = 0; gl < Cols; gl = gl + 1) begin : g_acc
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) acc_q[gl] <= 16'd0;
        else acc_q[gl] <= acc_d[gl];
      end
    end
  endgenerate
endmodule
