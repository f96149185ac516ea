// tile_adc_rd.v - single-slope (ramp) ADC readout (C twin: csim/tile/tile_adc_rd.c)
//
// After start_i: one sample cycle, then Share passes of K - 1 ramp steps (K = 2^bits_i); pass p
// converts the lines l with l % Share == p: in step k an unlatched line whose comparator trips
// latches k; after the last step the unlatched lines of the pass read K - 1. bits_i: 1 .. AdcW.
// State encodings: include/xtile/tile_adc_rd.h.
module tile_adc_rd #(
    parameter integer Lines = 8,   // integrating lines
    parameter integer Share = 1,   // lines per converter
    parameter integer AdcW  = 10   // widest conversion, bits (code width)
) (
    input  wire                  clk_i,
    input  wire                  rst_ni,
    input  wire                  start_i,
    input  wire [4:0]            bits_i,
    input  wire [Lines-1:0]      cmp_i,    // comparator per line: ramp(k) >= value
    output wire                  sample_o,
    output wire                  conv_o,
    output wire [AdcW-1:0]       ramp_o,
    output wire                  busy_o,
    output wire                  done_o,
    output reg  [Lines*AdcW-1:0] code_o
);
  localparam [1:0] ADC_IDLE = 2'd0;
  localparam [1:0] ADC_SAMPLE = 2'd1;
  localparam [1:0] ADC_RAMP = 2'd2;
  localparam [1:0] ADC_DONE = 2'd3;
  localparam [AdcW-1:0] K_ONE = {{(AdcW - 1) {1'b0}}, 1'b1};
  localparam [AdcW-1:0] K_TWO = K_ONE << 1;

  reg [1:0]      state_q /* verilator public_flat_rd */, state_d;
  reg [AdcW-1:0] k_q /* verilator public_flat_rd */, k_d;        // ramp step
  reg [15:0]     pass_q /* verilator public_flat_rd */, pass_d;  // 0 .. Share - 1
  reg [AdcW-1:0] kmax_q /* verilator public_flat_rd */, kmax_d;  // K - 2: the last ramp step
  // the lines' registers, held by their tile_adc_line, visible here for the benches (the
  // simulation view holds latched_q itself)
  wire [AdcW-1:0] code_q [0:Lines-1] /* verilator public_flat_rd */;
`ifndef TILE_LINE_VECTORS
  wire [Lines-1:0] latched_q /* verilator public_flat_rd */;
`else
  reg [Lines-1:0] latched_q /* verilator public_flat_rd */, latched_d;
`endif

  assign busy_o = state_q != ADC_IDLE;
  assign ramp_o = k_q;
  assign sample_o = state_q == ADC_SAMPLE;
  assign conv_o = state_q == ADC_RAMP;
  assign done_o = state_q == ADC_DONE;

  wire ramp = state_q == ADC_RAMP;
  wire last = ramp && k_q == kmax_q;
  wire [AdcW-1:0] sat = kmax_q + K_ONE;
  // the pass decoder: converter pass p serves the lines l with l % Share == p
  wire [Share-1:0] pass_on;
  genvar gl;
  generate
    for (gl = 0; gl < Share; gl = gl + 1) begin : g_pass
      assign pass_on[gl] = ramp && pass_q == gl;
    end
  endgenerate
`ifndef TILE_LINE_VECTORS
  generate
    // One tile_adc_line per line.
    for (gl = 0; gl < Lines; gl = gl + 1) begin : g_line
      tile_adc_line #(
          .AdcW(AdcW)
      ) u_line (
          .clk_i    (clk_i),
          .rst_ni   (rst_ni),
          .clear_i  (state_q == ADC_SAMPLE),
          .step_i   (pass_on[gl%Share]),
          .last_i   (last),
          .cmp_i    (cmp_i[gl]),
          .k_i      (k_q),
          .sat_i    (sat),
          .code_o   (code_q[gl]),
          .latched_o(latched_q[gl])
      );
    end
  endgenerate
  // the codes as one vector (a loop: Verilator turns per-line assigns into a chain of concats)
  integer o;
  always @* for (o = 0; o < Lines; o = o + 1) code_o[o*AdcW+:AdcW] = code_q[o];
`else
  // The simulation view (TILE_LINE_VECTORS, the rtl engine's models only: docs/decisions.md, "The
  // lines as vectors"): every line's registers in one vector here, their logic one loop inside
  // the ramp's branch, the same as tile_adc_line's; make equiv proves the two views equal.
  reg [Lines*AdcW-1:0] codes_q, codes_d;
  integer vl;
  always @* begin
    codes_d = codes_q;
    latched_d = latched_q;
    if (state_q == ADC_SAMPLE) latched_d = {Lines{1'b0}};
    if (ramp) begin
      for (vl = 0; vl < Lines; vl = vl + 1) begin
        if (pass_on[vl%Share] && !latched_q[vl] && (cmp_i[vl] || last)) begin
          codes_d[vl*AdcW+:AdcW] = cmp_i[vl] ? k_q : sat;
          latched_d[vl] = 1'b1;
        end
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      codes_q <= {(Lines * AdcW) {1'b0}};
      latched_q <= {Lines{1'b0}};
    end else begin
      codes_q <= codes_d;
      latched_q <= latched_d;
    end
  end

  // the registers as the per-line view names them (the benches' mirrors, the proof's pairs)
  always @* code_o = codes_q;
  generate
    for (gl = 0; gl < Lines; gl = gl + 1) begin : g_line
      assign code_q[gl] = codes_q[gl*AdcW+:AdcW];
    end
  endgenerate
`endif

  always @* begin
    state_d = state_q;
    k_d = k_q;
    pass_d = pass_q;
    kmax_d = kmax_q;

    case (state_q)
      ADC_IDLE: begin
        if (start_i) begin
          state_d = ADC_SAMPLE;
          kmax_d = (K_ONE << bits_i) - K_TWO;  // modulo 2^AdcW: right for bits_i = AdcW too
        end
      end
      ADC_SAMPLE: begin
        state_d = ADC_RAMP;
        k_d = {AdcW{1'b0}};
        pass_d = 16'd0;
      end
      ADC_RAMP: begin
        if (!last) begin
          k_d = k_q + 1'b1;
        end else if ({16'd0, pass_q} + 32'd1 < Share) begin
          pass_d = pass_q + 16'd1;
          k_d = {AdcW{1'b0}};
        end else begin
          state_d = ADC_DONE;
        end
      end
      ADC_DONE: state_d = ADC_IDLE;
      default: state_d = ADC_IDLE;
    endcase
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= ADC_IDLE;
      k_q <= {AdcW{1'b0}};
      pass_q <= 16'd0;
      kmax_q <= {AdcW{1'b0}};
    end else begin
      state_q <= state_d;
      k_q <= k_d;
      pass_q <= pass_d;
      kmax_q <= kmax_d;
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
      assert (!ramp || ({16'd0, pass_q} < Share && k_q <= kmax_q))
      else $error("%m: A_RAMP_RANGE failed at clock %0d: pass_q %0d, k_q %0d", a_clk, pass_q, k_q);
      assert (!(state_q == ADC_IDLE && start_i) || (bits_i >= 5'd1 && {27'd0, bits_i} <= AdcW))
      else $error("%m: A_BITS_RANGE failed at clock %0d: start with bits_i %0d", a_clk, bits_i);
      assert (state_q == ADC_IDLE || kmax_d == kmax_q)
      else $error("%m: A_BUSY_IGNORES_START failed at clock %0d: kmax changed", a_clk);
    end
  end
`endif
endmodule
