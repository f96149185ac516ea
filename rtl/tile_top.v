// tile_top.v - register bus, phase control, performance counters (C twin: csim/tile/tile_top.c)
//
// The harness writes CMD to start a phase (FWD, BWD, UPD, XFER); the sequencer or the transfer
// controller drives the array interface, the column or row converter answers, and done_o pulses
// in the phase's last cycle. Registers and counters: docs/tile.md and include/xtile/tile_top.h.
// The transfer and converter settings are configuration inputs (cfg_*), held by the harness.
module tile_top #(
    parameter integer Rows  = 16,
    parameter integer Cols  = 8,
    parameter integer CodeW = 9,   // bits of a line code
    parameter integer AdcW  = 10,  // widest conversion, bits
    parameter integer Share = 1    // lines per converter
) (
    input  wire                  clk_i,
    input  wire                  rst_ni,
    // register bus
    input  wire                  reg_valid_i,
    input  wire                  reg_we_i,
    input  wire [7:0]            reg_addr_i,
    input  wire [31:0]           reg_wdata_i,
    output reg  [31:0]           reg_rdata_o,
    // configuration
    input  wire [15:0]           cfg_x_max_i,
    input  wire [15:0]           cfg_d_max_i,
    input  wire [15:0]           cfg_set_cycles_i,
    input  wire [4:0]            cfg_fwd_bits_i,
    input  wire [4:0]            cfg_bwd_bits_i,
    input  wire [4:0]            cfg_xfer_bits_i,
    input  wire                  cfg_two_dev_i,
    input  wire [15:0]           cfg_refresh_thr_i,
    input  wire [1:0]            cfg_strategy_i,
    input  wire [15:0]           cfg_tau_i,
    input  wire [15:0]           cfg_max_iter_i,
    input  wire [15:0]           cfg_sat_pulses_i,
    input  wire [15:0]           cfg_target_codes_i,
    input  wire [15:0]           cfg_step_codes_i,   // the tuned pair's nominal step, codes
    input  wire [15:0]           cfg_offset_i,       // 4dev: the MSP's target less this, codes
    input  wire                  cfg_pol_inv_i,      // polarity inversion
    input  wire                  cfg_lsp_read_i,     // 4dev: RESET only the LSP devices that need it
    // line codes from the neurons: FWD X, BWD D, UPD P and Q
    input  wire [Rows*CodeW-1:0] row_code_i,
    input  wire [Rows-1:0]       row_neg_i,
    input  wire [Cols*CodeW-1:0] col_code_i,
    input  wire [Cols-1:0]       col_neg_i,
    // the array interface
    input  wire [Cols-1:0]       col_cmp_i,
    input  wire [Rows-1:0]       row_cmp_i,
    output reg  [2:0]            op_o,
    output reg  [1:0]            mode_o,
    output reg  [2:0]            sel_o,
    output reg                   integ_rst_o,
    output wire                  sample_o,
    output wire                  conv_o,
    output wire [AdcW-1:0]       ramp_o,
    output reg  [Rows-1:0]       row_en_o,
    output reg  [Rows-1:0]       row_neg_o,
    output reg  [Cols-1:0]       col_en_o,
    output reg  [Cols-1:0]       col_neg_o,
    output reg                   swap_o,             // with the ideal write: swap the LSP's roles
    output wire [Cols*AdcW-1:0]  col_code_o,
    output wire [Rows*AdcW-1:0]  row_code_o,
    output wire                  busy_o,
    output reg                   done_o,
    output reg                   row_begin_o,
    output reg                   row_end_o,
    output reg  [15:0]           row_o,
    output wire [Cols-1:0]       need_o
);
  localparam [2:0] TOP_IDLE = 3'd0;
  localparam [2:0] TOP_FWD = 3'd1;
  localparam [2:0] TOP_BWD = 3'd2;
  localparam [2:0] TOP_UPD = 3'd3;
  localparam [2:0] TOP_XFER = 3'd4;
  localparam [7:0] TOP_REG_CMD = 8'h00;
  localparam [7:0] TOP_REG_STATUS = 8'h04;
  localparam [7:0] TOP_REG_OLT = 8'h08;
  localparam [7:0] TOP_REG_SEED = 8'h0C;
  localparam [7:0] TOP_REG_CNT = 8'h40;
  localparam integer TOP_CNT_SET = 4;
  localparam integer TOP_CNT_RESET = 5;
  localparam integer TOP_CNTS = 6;
  localparam integer TOP_REG_COUNTERS = 17;  // TOP_CNTS, then the controller's WX_ST_*
  localparam [2:0] PORT_NOP = 3'd0;
  localparam [2:0] PORT_SET = 3'd2;
  localparam [2:0] PORT_RESET = 3'd3;
  localparam [2:0] PORT_IDEAL = 3'd4;
  localparam [2:0] ARR_SEL_DEV0 = 3'd2;
  localparam [1:0] PORT_FWD = 2'd0;
  localparam [1:0] PORT_BWD = 2'd1;
  localparam [1:0] PORT_ROW = 2'd2;
  localparam [Rows-1:0] ROW_ONE = {{(Rows - 1) {1'b0}}, 1'b1};

  reg [2:0]  state_q /* verilator public_flat_rd */, state_d;
  reg [7:0]  olt_q /* verilator public_flat_rd */, olt_d;
  reg        started_q /* verilator public_flat_rd */, started_d;  // the read's conversion has started
  reg [63:0] cnt_q [0:TOP_CNTS-1] /* verilator public_flat_rd */;
  reg [63:0] cnt_d [0:TOP_CNTS-1];

  // the blocks
  wire        we = reg_valid_i && reg_we_i;
  wire [31:0] cmd = we && reg_addr_i == TOP_REG_CMD && state_q == TOP_IDLE ? reg_wdata_i : 32'd0;
  wire [31:0] phase = cmd != 32'd0 ? cmd : {29'd0, state_q};
  wire        cmd_phase = cmd >= {29'd0, TOP_FWD} && cmd <= {29'd0, TOP_XFER};
  wire        xfer = phase == {29'd0, TOP_XFER};

  wire [1:0]      seq2top_op;
  wire            seq2top_integ_rst, seq2top_done, seq2top_dir, seq2top_busy;
  wire [Rows-1:0] seq2top_row_en, seq2top_row_neg;
  wire [Cols-1:0] seq2top_col_en, seq2top_col_neg;
  tile_pulse_seq #(
      .Rows (Rows),
      .Cols (Cols),
      .CodeW(CodeW)
  ) u_seq (
      .clk_i       (clk_i),
      .rst_ni      (rst_ni),
      .start_i     (cmd_phase && cmd <= {29'd0, TOP_UPD}),
      .mode_i      (cmd[1:0]),  // SEQ_FWD .. SEQ_UPD are TOP_FWD .. TOP_UPD
      .scheme_i    (olt_q[7]),
      .bl_i        (olt_q[6:0]),
      .seed_i      (we && reg_addr_i == TOP_REG_SEED),
      .seed_base_i (reg_wdata_i),
      .x_max_i     (cfg_x_max_i),
      .d_max_i     (cfg_d_max_i),
      .set_cycles_i(cfg_set_cycles_i),
      .row_code_i  (row_code_i),
      .row_neg_i   (row_neg_i),
      .col_code_i  (col_code_i),
      .col_neg_i   (col_neg_i),
      .op_o        (seq2top_op),
      .dir_o       (seq2top_dir),
      .integ_rst_o (seq2top_integ_rst),
      .row_en_o    (seq2top_row_en),
      .row_neg_o   (seq2top_row_neg),
      .col_en_o    (seq2top_col_en),
      .col_neg_o   (seq2top_col_neg),
      .busy_o      (seq2top_busy),
      .done_o      (seq2top_done)
  );

  wire            cadc_sample, cadc_conv, cadc_busy, cadc2wx_done;
  wire [AdcW-1:0] cadc_ramp;
  wire            radc_sample, radc_conv, radc_busy, radc_done;
  wire [AdcW-1:0] radc_ramp;
  reg             adc_go;
  wire            bwd_q = state_q == TOP_BWD;
  tile_adc_rd #(
      .Lines(Cols),
      .Share(Share),
      .AdcW (AdcW)
  ) u_col_adc (
      .clk_i   (clk_i),
      .rst_ni  (rst_ni),
      .start_i (adc_go && !bwd_q),
      .bits_i  (state_q == TOP_XFER ? cfg_xfer_bits_i : cfg_fwd_bits_i),
      .cmp_i   (col_cmp_i),
      .sample_o(cadc_sample),
      .conv_o  (cadc_conv),
      .ramp_o  (cadc_ramp),
      .busy_o  (cadc_busy),
      .done_o  (cadc2wx_done),
      .code_o  (col_code_o)
  );
  tile_adc_rd #(
      .Lines(Rows),
      .Share(Share),
      .AdcW (AdcW)
  ) u_row_adc (
      .clk_i   (clk_i),
      .rst_ni  (rst_ni),
      .start_i (adc_go && bwd_q),
      .bits_i  (cfg_bwd_bits_i),
      .cmp_i   (row_cmp_i),
      .sample_o(radc_sample),
      .conv_o  (radc_conv),
      .ramp_o  (radc_ramp),
      .busy_o  (radc_busy),
      .done_o  (radc_done),
      .code_o  (row_code_o)
  );

  wire [2:0]      wx2top_op, wx2top_sel;
  wire [15:0]     wx2top_row;
  wire [Cols-1:0] wx2top_col_en, wx2top_col_neg;
  wire            wx2top_integ_rst, wx2adc_start, wx2top_row_begin, wx2top_row_end;
  wire            wx2top_busy, wx2top_done, wx2top_swap;
  wire [64*11-1:0] wx2top_st;
  // the code of weight 0 in the transfer read: adc_convert(0) = 2^(bits-1) - 1
  wire [15:0]     xfer_zero = (16'd1 << (cfg_xfer_bits_i - 5'd1)) - 16'd1;
  tile_wxfer_ctl #(
      .Rows(Rows),
      .Cols(Cols),
      .AdcW(AdcW)
  ) u_wx (
      .clk_i         (clk_i),
      .rst_ni        (rst_ni),
      .start_i       (cmd == {29'd0, TOP_XFER}),
      .code_i        (col_code_o),
      .adc_done_i    (xfer && cadc2wx_done),
      .x_max_i       (cfg_x_max_i),
      .two_dev_i     (cfg_two_dev_i),
      .refresh_thr_i (cfg_refresh_thr_i),
      .strategy_i    (cfg_strategy_i),
      .tau_i         (cfg_tau_i),
      .max_iter_i    (cfg_max_iter_i),
      .sat_pulses_i  (cfg_sat_pulses_i),
      .target_codes_i(cfg_target_codes_i),
      .step_codes_i  (cfg_step_codes_i),
      .zero_code_i   (xfer_zero),
      .offset_i      (cfg_offset_i),
      .pol_inv_i     (cfg_pol_inv_i),
      .lsp_read_i    (cfg_lsp_read_i),
      .op_o          (wx2top_op),
      .sel_o         (wx2top_sel),
      .row_o         (wx2top_row),
      .col_en_o      (wx2top_col_en),
      .col_neg_o     (wx2top_col_neg),
      .integ_rst_o   (wx2top_integ_rst),
      .adc_start_o   (wx2adc_start),
      .swap_o        (wx2top_swap),
      .row_begin_o   (wx2top_row_begin),
      .row_end_o     (wx2top_row_end),
      .busy_o        (wx2top_busy),
      .done_o        (wx2top_done),
      .need_o        (need_o),
      .st_o          (wx2top_st)
  );

  wire bwd_phase = phase == {29'd0, TOP_BWD};
  assign sample_o = bwd_phase ? radc_sample : cadc_sample;
  assign conv_o = bwd_phase ? radc_conv : cadc_conv;
  assign ramp_o = bwd_phase ? radc_ramp : cadc_ramp;
  wire adc_done = bwd_phase ? radc_done : cadc2wx_done;
  assign busy_o = state_q != TOP_IDLE;

  // pulses: the crossings of the enabled rows and columns, by two popcount trees
  localparam integer RowsW = $clog2(Rows + 1);
  localparam integer ColsW = $clog2(Cols + 1);
  wire [RowsW-1:0] n_rows;
  wire [ColsW-1:0] n_cols;
  tile_popcount #(
      .N(Rows)
  ) u_pc_rows (
      .v_i(row_en_o),
      .n_o(n_rows)
  );
  tile_popcount #(
      .N(Cols)
  ) u_pc_cols (
      .v_i(col_en_o),
      .n_o(n_cols)
  );
  wire [RowsW+ColsW-1:0] n_cross = {{ColsW{1'b0}}, n_rows} * {{RowsW{1'b0}}, n_cols};
  wire [63:0] crossings = {{(64 - RowsW - ColsW) {1'b0}}, n_cross};

  integer i, n;
  reg [63:0] rd64;
  always @* begin
    state_d = state_q;
    olt_d = olt_q;
    started_d = started_q;
    if (we && reg_addr_i == TOP_REG_OLT) olt_d = reg_wdata_i[7:0];
    if (cmd_phase) begin
      state_d = cmd[2:0];
      started_d = 1'b0;
    end

    // register reads: STATUS, OLT, counters (low word at +0, high at +4)
    rd64 = 64'd0;
    n = {24'd0, reg_addr_i - TOP_REG_CNT} >> 3;
    if (reg_addr_i >= TOP_REG_CNT && n < TOP_REG_COUNTERS)
      rd64 = n < TOP_CNTS ? cnt_q[n] : wx2top_st[(n-TOP_CNTS)*64+:64];
    if (reg_addr_i == TOP_REG_STATUS) reg_rdata_o = {31'd0, busy_o};
    else if (reg_addr_i == TOP_REG_OLT) reg_rdata_o = {24'd0, olt_q};
    else reg_rdata_o = reg_addr_i[2] ? rd64[63:32] : rd64[31:0];

    // the array interface: the controller drives in XFER, the sequencer otherwise
    if (xfer) begin
      op_o = wx2top_op;
      mode_o = PORT_ROW;
      sel_o = wx2top_sel;
      integ_rst_o = wx2top_integ_rst;
      row_en_o = wx2top_op != PORT_NOP ? ROW_ONE << wx2top_row : {Rows{1'b0}};
      row_neg_o = {Rows{1'b0}};
      col_en_o = wx2top_col_en;
      col_neg_o = wx2top_col_neg;
      swap_o = wx2top_swap;
      row_o = wx2top_row;
      row_begin_o = wx2top_row_begin;
      row_end_o = wx2top_row_end;
      adc_go = wx2adc_start;
    end else begin
      op_o = {1'b0, seq2top_op};
      mode_o = bwd_phase ? PORT_BWD : PORT_FWD;
      sel_o = 3'd0;
      integ_rst_o = seq2top_integ_rst;
      row_en_o = seq2top_row_en;
      row_neg_o = seq2top_row_neg;
      col_en_o = seq2top_col_en;
      col_neg_o = seq2top_col_neg;
      swap_o = 1'b0;
      row_o = 16'd0;
      row_begin_o = 1'b0;
      row_end_o = 1'b0;
      adc_go = (phase == {29'd0, TOP_FWD} || bwd_phase) && seq2top_done;
    end

    // phase end
    done_o = ((state_q == TOP_FWD || state_q == TOP_BWD) && started_q && adc_done) ||
             (state_q == TOP_UPD && seq2top_done) || (state_q == TOP_XFER && wx2top_done);
    if (done_o) state_d = TOP_IDLE;
    if (adc_go) started_d = 1'b1;
  end

  // performance counters: clocks of the phase (its start cycle included), pulses
  always @* begin
    for (i = 0; i < TOP_CNTS; i = i + 1) cnt_d[i] = cnt_q[i];
    if (phase >= {29'd0, TOP_FWD} && phase <= {29'd0, TOP_XFER})
      cnt_d[phase-1] = cnt_q[phase-1] + 64'd1;
    if (op_o == PORT_SET) cnt_d[TOP_CNT_SET] = cnt_q[TOP_CNT_SET] + crossings;
    else if (op_o == PORT_RESET && sel_o >= ARR_SEL_DEV0)  // one device alone
      cnt_d[TOP_CNT_RESET] = cnt_q[TOP_CNT_RESET] + crossings;
    else if (op_o == PORT_RESET || op_o == PORT_IDEAL)  // a pair
      cnt_d[TOP_CNT_RESET] = cnt_q[TOP_CNT_RESET] + (crossings << 1);
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= TOP_IDLE;
      olt_q <= 8'd32;  // stochastic, bl 32
      started_q <= 1'b0;
    end else begin
      state_q <= state_d;
      olt_q <= olt_d;
      started_q <= started_d;
    end
  end

  // the counters: one flop group each, like the blocks' per-line registers
  genvar gc;
  generate
    for (gc = 0; gc < TOP_CNTS; gc = gc + 1) begin : g_cnt
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) cnt_q[gc] <= 64'd0;
        else cnt_q[gc] <= cnt_d[gc];
      end
    end
  endgenerate

`ifndef SYNTHESIS
  // Assertions (docs/tile.md, "Assertions"): immediate, at every rising edge out of reset, named
  // with the clock since reset; the Verilated models (--assert) stop on the first that fails,
  // Icarus prints each (tests/icarus.sh fails on them). Not synthesized (Yosys defines SYNTHESIS).
  integer a_clk;
  reg a_done_q;  // done_o of the clock before
  reg a_conv_q;  // a conversion was started and has not ended
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_clk <= 0;
      a_done_q <= 1'b0;
      a_conv_q <= 1'b0;
    end else begin
      a_clk <= a_clk + 1;
      a_done_q <= done_o;
      a_conv_q <= adc_go || (a_conv_q && !(cadc2wx_done || radc_done));
      assert (!(done_o && a_done_q))
      else $error("%m: A_DONE_ONE_CYCLE failed at clock %0d: done_o two clocks running", a_clk);
      assert (state_q <= TOP_XFER)
      else $error("%m: A_STATE_LEGAL failed at clock %0d: state_q %0d", a_clk, state_q);
      assert (!done_o || busy_o)
      else $error("%m: A_DONE_WHILE_BUSY failed at clock %0d", a_clk);
      assert (state_d == state_q || (state_q == TOP_IDLE && cmd_phase) || done_o)
      else $error("%m: A_CMD_ONLY_IDLE failed at clock %0d: state %0d -> %0d", a_clk, state_q,
                  state_d);
      assert (!(seq2top_busy && wx2top_busy) && !(cadc_busy && radc_busy))
      else $error("%m: A_ONE_DRIVER failed at clock %0d: two blocks busy", a_clk);
      assert (busy_o || !(seq2top_busy || wx2top_busy || cadc_busy || radc_busy))
      else $error("%m: A_IDLE_BLOCKS_IDLE failed at clock %0d", a_clk);
      // the converters' handshake (the transfer controller's bench also sends stray ends, which
      // the controller ignores; here a conversion ends only once, after its start)
      assert (!(cadc2wx_done || radc_done) || a_conv_q)
      else $error("%m: A_ADC_HANDSHAKE failed at clock %0d: a conversion ended unstarted", a_clk);
      assert (!adc_go || !a_conv_q)
      else $error("%m: A_ADC_HANDSHAKE failed at clock %0d: a conversion started twice", a_clk);
      assert (!xfer || op_o == PORT_NOP || {16'd0, row_o} < Rows)
      else $error("%m: A_XFER_ROW_RANGE failed at clock %0d: row_o %0d", a_clk, row_o);
    end
  end
`endif
endmodule
