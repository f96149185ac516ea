// tile_seq_line.v - one line of the pulse sequencer (the per-line loop bodies of
// tile_pulse_seq_comb in csim/tile/tile_pulse_seq.c)
//
// The line's registers (lfsr_q, acc_q, fire_q) and their logic; the parent, tile_pulse_seq,
// decodes its state into the strobes below. Every line repeats this module, so synthesis maps it
// once (synth/); a row's accumulator is constant and is optimized away. Forward or backward PWM: the line drives while cnt < code.
// Update slot: stochastic, the LFSR leaps 8 steps and the line fires when its top byte is below
// the code; deterministic, a row fires in its first n = round(code * bl / 256) slots and a column
// (IsCol) spreads its n slots over the bl by a Bresenham accumulator (docs/olt.md).
module tile_seq_line #(
    parameter integer CodeW = 9,  // bits of a line code
    parameter integer IsCol = 0   // 1: a column (Bresenham accumulator), 0: a row
) (
    input  wire             clk_i,
    input  wire             rst_ni,
    input  wire [CodeW-1:0] code_i,
    input  wire             pwm_i,       // SEQ_PWM in this line's direction
    input  wire             seed_i,      // SEQ_IDLE with a reseed: the LFSR takes seed_val_i
    input  wire [31:0]      seed_val_i,
    input  wire             clear_i,     // SEQ_IDLE with a start: the accumulator restarts
    input  wire             slot_i,      // SEQ_SLOT: decide, strobe
    input  wire             hold_i,      // SEQ_HOLD: the pulse goes on
    input  wire             scheme_i,    // 1: deterministic
    input  wire [6:0]       bl_i,
    input  wire [15:0]      cnt_i,
    output wire [31:0]      lfsr_o,      // the registers, for the benches
    output wire [15:0]      acc_o,
    output wire             fire_o,
    output reg              en_o         // the line's enable this cycle
);
  // untraced (traced per instance, a thousand lines of a tile made 50 MB of C++; the parents
  // trace the registers' mirrors); one C++ class for every instance in the benches' models
  // (rtl/hier.vlt), inlined in the rtl engine's (docs/decisions.md, "The rtl engine's speed")
  /* verilator tracing_off */
  localparam [31:0] OLT_TAPS = 32'h80200003;
  // code * bl + 128 < 2^(CodeW + 7) for a 7-bit bl: the rounding product never overflows
  localparam integer ProdW = CodeW + 7;
  // a common width for the compares of a code with the 16-bit count and the LFSR's top byte
  // (one bit wider than both, so no zero extension is of width 0); CodeW <= 17
  localparam integer CmpW = (CodeW > 16 ? CodeW : 16) + 1;

  // eight Galois steps (olt_leap): an XOR network
  function automatic [31:0] leap8(input [31:0] v);
    integer k;
    reg [31:0] x;
    begin
      x = v;
      for (k = 0; k < 8; k = k + 1) x = {1'b0, x[31:1]} ^ (x[0] ? OLT_TAPS : 32'h0);
      leap8 = x;
    end
  endfunction

  reg [31:0] lfsr_q, lfsr_d;
  reg [15:0] acc_q, acc_d;
  reg        fire_q, fire_d;
  assign lfsr_o = lfsr_q;
  assign acc_o = acc_q;
  assign fire_o = fire_q;

  wire [CmpW-1:0] code_w = {{(CmpW - CodeW) {1'b0}}, code_i};
  wire [CmpW-1:0] cnt_w = {{(CmpW - 16) {1'b0}}, cnt_i};
  reg [31:0] step;
  reg [ProdW-1:0] prod;
  reg [ProdW-9:0] n;  // slots a deterministic line fires in
  reg [16:0] acc;
  reg acc_fire;

  always @* begin
    lfsr_d = lfsr_q;
    acc_d = acc_q;
    fire_d = fire_q;
    en_o = 1'b0;
    step = 32'd0;
    prod = {ProdW{1'b0}};
    n = {(ProdW - 8) {1'b0}};
    acc = 17'd0;
    acc_fire = 1'b0;
    if (seed_i) lfsr_d = seed_val_i;
    if (clear_i && IsCol != 0) acc_d = 16'd0;
    if (pwm_i) en_o = cnt_w < code_w;
    if (slot_i) begin
      if (!scheme_i) begin
        step = leap8(lfsr_q);
        lfsr_d = step;
        fire_d = {{(CmpW - 8) {1'b0}}, step[31:24]} < code_w;
      end else begin
        prod = {7'd0, code_i} * {{(ProdW - 7) {1'b0}}, bl_i} + {{(ProdW - 8) {1'b0}}, 8'd128};
        n = prod[ProdW-1:8];
        if (IsCol == 0) begin
          fire_d = {{(CmpW + 8 - ProdW) {1'b0}}, n} > cnt_w;  // the first n slots
        end else begin
          acc = {1'b0, acc_q} + {{(17 - (ProdW - 8)) {1'b0}}, n};
          acc_fire = acc >= {10'd0, bl_i};
          fire_d = acc_fire;
          acc_d = acc_fire ? acc[15:0] - {9'd0, bl_i} : acc[15:0];
        end
      end
      en_o = fire_d;
    end
    if (hold_i) en_o = fire_q;
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      lfsr_q <= 32'd1;  // a valid state until the first seed
      acc_q <= 16'd0;
      fire_q <= 1'b0;
    end else begin
      lfsr_q <= lfsr_d;
      acc_q <= acc_d;
      fire_q <= fire_d;
    end
  end
endmodule
