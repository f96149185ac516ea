// tile_adc_line.v - one line of the ramp ADC readout (the per-line loop body of tile_adc_rd_comb
// in csim/tile/tile_adc_rd.c)
//
// The line's registers (code_q, latched_q) and their logic; the parent, tile_adc_rd, decodes its
// state into the strobes below. Every line repeats this module, so synthesis maps it once
// (synth/). In a ramp step of the line's pass an unlatched line whose comparator trips latches
// the step; at the last step an untripped line latches the saturated code K - 1.
module tile_adc_line #(
    parameter integer AdcW = 10  // widest conversion, bits (code width)
) (
    input  wire            clk_i,
    input  wire            rst_ni,
    input  wire            clear_i,    // ADC_SAMPLE: a conversion starts, nothing latched
    input  wire            step_i,     // ADC_RAMP in this line's pass
    input  wire            last_i,     // the pass's last ramp step
    input  wire            cmp_i,      // comparator: ramp(k) >= value
    input  wire [AdcW-1:0] k_i,        // ramp step
    input  wire [AdcW-1:0] sat_i,      // the saturated code, K - 1
    output wire [AdcW-1:0] code_o,     // the registers
    output wire            latched_o
);
  // untraced (traced per instance, a thousand lines of a tile made 50 MB of C++; the parents
  // trace the registers' mirrors); one C++ class for every instance in the benches' models
  // (rtl/hier.vlt), inlined in the rtl engine's (docs/decisions.md, "The rtl engine's speed")
  /* verilator tracing_off */
  reg [AdcW-1:0] code_q, code_d;
  reg            latched_q, latched_d;
  assign code_o = code_q;
  assign latched_o = latched_q;

  always @* begin
    code_d = code_q;
    latched_d = latched_q;
    if (clear_i) latched_d = 1'b0;
    if (step_i && !latched_q && (cmp_i || last_i)) begin
      code_d = cmp_i ? k_i : sat_i;
      latched_d = 1'b1;
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      code_q <= {AdcW{1'b0}};
      latched_q <= 1'b0;
    end else begin
      code_q <= code_d;
      latched_q <= latched_d;
    end
  end
endmodule
