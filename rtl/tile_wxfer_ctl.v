// tile_wxfer_ctl.v - closed-loop weight transfer, row by row (C twin: csim/tile/tile_wxfer_ctl.c)
//
// 4dev: per row read the whole weight (targets), RESET the LSP pair, then iterate: read the MSP
// pair, decide per column (clt_decide in csim/array/clt.c), RESET / SET strobes. 2dev: read each
// device, refresh the pairs at or above refresh_thr_i the same way. The ideal strategy writes
// the row exactly (a model-only op). State encodings: include/xtile/tile_wxfer_ctl.h.
module tile_wxfer_ctl #(
    parameter integer Rows = 16,
    parameter integer Cols = 8,
    parameter integer AdcW = 10
) (
    input  wire                 clk_i,
    input  wire                 rst_ni,
    input  wire                 start_i,
    input  wire [Cols*AdcW-1:0] code_i,         // the ADC's codes, valid with adc_done_i
    input  wire                 adc_done_i,
    input  wire [15:0]          x_max_i,        // on-time of a weight read, cycles
    input  wire                 two_dev_i,      // 2dev refresh instead of 4dev transfer
    input  wire [15:0]          refresh_thr_i,  // 2dev: code at which a device needs a refresh
    input  wire [1:0]           strategy_i,     // enum xt_clt_strategy
    input  wire [15:0]          tau_i,
    input  wire [15:0]          max_iter_i,
    input  wire [15:0]          sat_pulses_i,
    input  wire [15:0]          target_codes_i,
    output reg  [2:0]           op_o,           // WX_OP_*
    output reg  [2:0]           sel_o,          // enum arr_sel
    output wire [15:0]          row_o,
    output reg  [Cols-1:0]      col_en_o,
    output reg  [Cols-1:0]      col_neg_o,
    output reg                  integ_rst_o,
    output reg                  adc_start_o,
    output reg                  row_begin_o,
    output reg                  row_end_o,
    output wire                 busy_o,
    output reg                  done_o,
    output wire [Cols-1:0]      need_o,         // columns tuned in this row
    output wire [64*9-1:0]      st_o            // counters: weights .. set_iters (WX_ST_*)
);
  localparam [3:0] WX_IDLE = 4'd0;
  localparam [3:0] WX_ROW = 4'd1;
  localparam [3:0] WX_PWM = 4'd2;
  localparam [3:0] WX_PWM_DONE = 4'd3;
  localparam [3:0] WX_ADC = 4'd4;
  localparam [3:0] WX_RESET_L = 4'd5;
  localparam [3:0] WX_RESET_M = 4'd6;
  localparam [3:0] WX_ITER = 4'd7;
  localparam [3:0] WX_DECIDE = 4'd8;
  localparam [3:0] WX_RESTART = 4'd9;
  localparam [3:0] WX_SET = 4'd10;
  localparam [3:0] WX_NEXT = 4'd11;
  localparam [3:0] WX_IDEAL = 4'd12;
  localparam [3:0] WX_ROW_END = 4'd13;
  localparam [3:0] WX_DONE = 4'd14;
  localparam [1:0] WX_RD_T = 2'd0;
  localparam [1:0] WX_RD_D0 = 2'd1;
  localparam [1:0] WX_RD_D1 = 2'd2;
  localparam [1:0] WX_RD_M = 2'd3;
  localparam [2:0] WX_OP_NOP = 3'd0;
  localparam [2:0] WX_OP_READ = 3'd1;
  localparam [2:0] WX_OP_SET = 3'd2;
  localparam [2:0] WX_OP_RESET = 3'd3;
  localparam [2:0] WX_OP_IDEAL = 3'd4;
  localparam [2:0] ARR_SEL_ALL = 3'd0;
  localparam [2:0] ARR_SEL_MSP = 3'd1;
  localparam [2:0] ARR_SEL_DEV0 = 3'd2;
  localparam [1:0] XT_CLT_RESET = 2'd1;
  localparam [1:0] XT_CLT_TARGET = 2'd2;
  localparam [1:0] XT_CLT_IDEAL = 2'd3;
  localparam [1:0] CLT_NONE = 2'd0;
  localparam [1:0] CLT_PLUS = 2'd1;
  localparam [1:0] CLT_MINUS = 2'd2;
  localparam integer WX_ST_WEIGHTS = 0;
  localparam integer WX_ST_CHECKED = 1;
  localparam integer WX_ST_NOT_CONVERGED = 2;
  localparam integer WX_ST_ITERATIONS = 3;
  localparam integer WX_ST_READS = 4;
  localparam integer WX_ST_SET_PULSES = 5;
  localparam integer WX_ST_RESETS = 6;
  localparam integer WX_ST_RESTART_ITERS = 7;
  localparam integer WX_ST_SET_ITERS = 8;
  localparam [63:0] COLS64 = 64'd1 * Cols;
  localparam integer Pad = 32 - AdcW;  // zero extension of a code to 32 bits

  reg [3:0]  state_q /* verilator public_flat_rd */, state_d;
  reg [1:0]  rd_q /* verilator public_flat_rd */, rd_d;  // which read
  reg [15:0] row_q /* verilator public_flat_rd */, row_d;
  reg [15:0] iter_q /* verilator public_flat_rd */, iter_d;
  reg [15:0] cnt_q /* verilator public_flat_rd */, cnt_d;
  // per column: struct clt_col of include/xtile/clt.h, and the row's decisions
  reg [AdcW-1:0] target_q [0:Cols-1] /* verilator public_flat_rd */;
  reg [AdcW-1:0] target_d [0:Cols-1];
  reg [1:0]      dev_q [0:Cols-1] /* verilator public_flat_rd */;
  reg [1:0]      dev_d [0:Cols-1];
  reg [15:0]     run_q [0:Cols-1] /* verilator public_flat_rd */;  // two's complement; -1: gave up
  reg [15:0]     run_d [0:Cols-1];
  reg [AdcW-1:0] m_start_q [0:Cols-1] /* verilator public_flat_rd */;
  reg [AdcW-1:0] m_start_d [0:Cols-1];
  reg [AdcW-1:0] dev0_q [0:Cols-1] /* verilator public_flat_rd */;  // 2dev: code of device 0
  reg [AdcW-1:0] dev0_d [0:Cols-1];
  reg [Cols-1:0] active_q /* verilator public_flat_rd */;
  reg [Cols-1:0] restarted_q /* verilator public_flat_rd */;
  reg [Cols-1:0] active_d, restarted_d;
  reg [Cols-1:0] need_q /* verilator public_flat_rd */;
  reg [Cols-1:0] restart_q /* verilator public_flat_rd */;
  reg [Cols-1:0] set_q /* verilator public_flat_rd */;
  reg [Cols-1:0] plus_q /* verilator public_flat_rd */;
  reg [Cols-1:0] need_d, restart_d, set_d, plus_d;
  reg [63:0]     st_q [0:8] /* verilator public_flat_rd */;
  reg [63:0]     st_d [0:8];

  assign row_o = row_q;
  assign busy_o = state_q != WX_IDLE;
  assign need_o = need_q;
  genvar gs;
  generate
    for (gs = 0; gs < 9; gs = gs + 1) begin : g_st
      assign st_o[gs*64+:64] = st_q[gs];
    end
  endgenerate

  function automatic [63:0] popcount(input [Cols-1:0] m);
    integer c;
    begin
      popcount = 64'd0;
      for (c = 0; c < Cols; c = c + 1) popcount = popcount + {63'd0, m[c]};
    end
  endfunction

  integer c, e, abse, prog;
  reg [63:0] sets, restarts;
  reg [AdcW-1:0] m;
  reg [1:0] k;
  reg any, set_now;
  always @* begin
    state_d = state_q;
    rd_d = rd_q;
    row_d = row_q;
    iter_d = iter_q;
    cnt_d = cnt_q;
    active_d = active_q;
    restarted_d = restarted_q;
    need_d = need_q;
    restart_d = restart_q;
    set_d = set_q;
    plus_d = plus_q;
    for (c = 0; c < Cols; c = c + 1) begin
      target_d[c] = target_q[c];
      dev_d[c] = dev_q[c];
      run_d[c] = run_q[c];
      m_start_d[c] = m_start_q[c];
      dev0_d[c] = dev0_q[c];
    end
    for (c = 0; c < 9; c = c + 1) st_d[c] = st_q[c];
    // a read holds its device select until the array has sampled it
    if (state_q == WX_PWM || state_q == WX_PWM_DONE || state_q == WX_ADC)
      sel_o = rd_q == WX_RD_T ? ARR_SEL_ALL : rd_q == WX_RD_M ? ARR_SEL_MSP
            : rd_q == WX_RD_D0 ? ARR_SEL_DEV0 : ARR_SEL_DEV0 + 3'd1;
    else sel_o = ARR_SEL_MSP;
    op_o = WX_OP_NOP;
    col_en_o = {Cols{1'b0}};
    col_neg_o = {Cols{1'b0}};
    integ_rst_o = 1'b0;
    adc_start_o = 1'b0;
    row_begin_o = 1'b0;
    row_end_o = 1'b0;
    done_o = 1'b0;
    e = 0;
    abse = 0;
    prog = 0;
    sets = 64'd0;
    restarts = 64'd0;
    m = {AdcW{1'b0}};
    k = CLT_NONE;
    any = 1'b0;
    set_now = 1'b0;

    case (state_q)
      WX_IDLE: begin
        if (start_i) begin
          row_d = 16'd0;
          iter_d = 16'd0;
          state_d = WX_ROW;
        end
      end
      WX_ROW: begin
        row_begin_o = 1'b1;
        iter_d = 16'd0;
        need_d = two_dev_i ? {Cols{1'b0}} : {Cols{1'b1}};
        active_d = {Cols{1'b0}};
        restarted_d = {Cols{1'b0}};
        for (c = 0; c < Cols; c = c + 1) begin
          target_d[c] = {AdcW{1'b0}};
          dev_d[c] = CLT_NONE;
          run_d[c] = 16'd0;
          m_start_d[c] = {AdcW{1'b0}};
        end
        if (two_dev_i) begin
          rd_d = WX_RD_D0;
          cnt_d = 16'd0;
          state_d = WX_PWM;
        end else begin
          st_d[WX_ST_CHECKED] = st_q[WX_ST_CHECKED] + COLS64;
          if (strategy_i == XT_CLT_IDEAL) begin
            state_d = WX_IDEAL;
          end else begin
            rd_d = WX_RD_T;
            cnt_d = 16'd0;
            state_d = WX_PWM;
          end
        end
      end
      WX_PWM: begin
        op_o = WX_OP_READ;
        integ_rst_o = cnt_q == 16'd0;
        if ({16'd0, cnt_q} + 32'd1 == {16'd0, x_max_i}) state_d = WX_PWM_DONE;
        else cnt_d = cnt_q + 16'd1;
      end
      WX_PWM_DONE: begin
        adc_start_o = 1'b1;
        state_d = WX_ADC;
      end
      WX_ADC: begin
        if (adc_done_i) begin  // the codes of a finished read
          st_d[WX_ST_READS] = st_q[WX_ST_READS] + 64'd1;
          case (rd_q)
            WX_RD_T: begin
              for (c = 0; c < Cols; c = c + 1)
                if (need_q[c]) begin
                  target_d[c] = code_i[c*AdcW+:AdcW];
                  active_d[c] = 1'b1;
                  dev_d[c] = CLT_NONE;
                  run_d[c] = 16'd0;
                  m_start_d[c] = {AdcW{1'b0}};
                  restarted_d[c] = 1'b0;
                end
              st_d[WX_ST_WEIGHTS] = st_q[WX_ST_WEIGHTS] + popcount(need_q);
              state_d = two_dev_i ? WX_RESET_M : WX_RESET_L;
            end
            WX_RD_D0: begin
              for (c = 0; c < Cols; c = c + 1) dev0_d[c] = code_i[c*AdcW+:AdcW];
              rd_d = WX_RD_D1;
              cnt_d = 16'd0;
              state_d = WX_PWM;
            end
            WX_RD_D1: begin
              st_d[WX_ST_CHECKED] = st_q[WX_ST_CHECKED] + COLS64;
              for (c = 0; c < Cols; c = c + 1)
                need_d[c] = {{(16 - AdcW) {1'b0}}, dev0_q[c]} >= refresh_thr_i ||
                            {{(16 - AdcW) {1'b0}}, code_i[c*AdcW+:AdcW]} >= refresh_thr_i;
              if (need_d == {Cols{1'b0}}) begin
                state_d = WX_ROW_END;
              end else if (strategy_i == XT_CLT_IDEAL) begin
                state_d = WX_IDEAL;
              end else begin
                rd_d = WX_RD_T;
                cnt_d = 16'd0;
                state_d = WX_PWM;
              end
            end
            default: begin  // WX_RD_M
              st_d[WX_ST_ITERATIONS] = st_q[WX_ST_ITERATIONS] + 64'd1;
              state_d = WX_DECIDE;
            end
          endcase
        end
      end
      WX_RESET_L: begin  // the LSP's content is in the targets now
        op_o = WX_OP_RESET;
        sel_o = ARR_SEL_ALL;
        col_en_o = need_q;
        st_d[WX_ST_RESETS] = st_q[WX_ST_RESETS] + (popcount(need_q) << 1);
        state_d = strategy_i == XT_CLT_RESET ? WX_RESET_M : WX_ITER;
      end
      WX_RESET_M: begin  // the tuned pair starts from RESET
        op_o = WX_OP_RESET;
        col_en_o = need_q;
        st_d[WX_ST_RESETS] = st_q[WX_ST_RESETS] + (popcount(need_q) << 1);
        restarted_d = restarted_q | need_q;
        state_d = WX_ITER;
      end
      WX_ITER: begin
        any = active_q != {Cols{1'b0}};
        if (any && iter_q < max_iter_i) begin
          rd_d = WX_RD_M;
          cnt_d = 16'd0;
          state_d = WX_PWM;
        end else begin
          state_d = WX_ROW_END;
        end
      end
      WX_DECIDE: begin  // clt_decide() of every active column on its MSP code
        for (c = 0; c < Cols; c = c + 1) begin
          restart_d[c] = 1'b0;
          set_now = 1'b0;
          if (active_q[c]) begin
            m = code_i[c*AdcW+:AdcW];
            e = $signed({{Pad{1'b0}}, target_q[c]}) - $signed({{Pad{1'b0}}, m});
            abse = e < 0 ? -e : e;
            if (abse <= $signed({16'd0, tau_i})) begin
              active_d[c] = 1'b0;  // done
            end else if (strategy_i == XT_CLT_TARGET && iter_q == 16'd0 &&
                         abse > $signed({16'd0, target_codes_i})) begin
              restarted_d[c] = 1'b1;
              dev_d[c] = CLT_NONE;
              restart_d[c] = 1'b1;
            end else begin
              k = e > 0 ? CLT_PLUS : CLT_MINUS;
              set_now = 1'b1;
              if (k != dev_q[c]) begin
                dev_d[c] = k;
                run_d[c] = 16'd1;
                m_start_d[c] = m;
              end else if ($signed({run_q[c][15], run_q[c]}) >= $signed({1'b0, sat_pulses_i})) begin
                prog = k == CLT_PLUS ? $signed({{Pad{1'b0}}, m}) - $signed({{Pad{1'b0}}, m_start_q[c]})
                                     : $signed({{Pad{1'b0}}, m_start_q[c]}) - $signed({{Pad{1'b0}}, m});
                if (prog > 0) begin  // progress: a new window
                  run_d[c] = 16'd1;
                  m_start_d[c] = m;
                end else if (restarted_q[c] || strategy_i == XT_CLT_RESET) begin
                  active_d[c] = 1'b0;  // gives up: counted as not converged
                  run_d[c] = 16'hffff;
                  set_now = 1'b0;
                end else begin
                  restarted_d[c] = 1'b1;
                  dev_d[c] = CLT_NONE;
                  restart_d[c] = 1'b1;
                  set_now = 1'b0;
                end
              end else begin
                run_d[c] = run_q[c] + 16'd1;
              end
            end
            if (restart_d[c]) restarts = restarts + 64'd1;
            if (set_now) sets = sets + 64'd1;
          end
          set_d[c] = set_now;
          if (set_now) plus_d[c] = dev_d[c] == CLT_PLUS;
        end
        st_d[WX_ST_SET_PULSES] = st_q[WX_ST_SET_PULSES] + sets;
        if (restarts != 64'd0) st_d[WX_ST_RESTART_ITERS] = st_q[WX_ST_RESTART_ITERS] + 64'd1;
        if (sets != 64'd0) st_d[WX_ST_SET_ITERS] = st_q[WX_ST_SET_ITERS] + 64'd1;
        state_d = restarts != 64'd0 ? WX_RESTART : sets != 64'd0 ? WX_SET : WX_NEXT;
      end
      WX_RESTART: begin
        op_o = WX_OP_RESET;
        col_en_o = restart_q;
        st_d[WX_ST_RESETS] = st_q[WX_ST_RESETS] + (popcount(restart_q) << 1);
        state_d = set_q != {Cols{1'b0}} ? WX_SET : WX_NEXT;
      end
      WX_SET: begin  // polarity: the row drives +, a column's - selects the + device
        op_o = WX_OP_SET;
        col_en_o = set_q;
        col_neg_o = plus_q;
        state_d = WX_NEXT;
      end
      WX_NEXT: begin
        iter_d = iter_q + 16'd1;
        state_d = WX_ITER;
      end
      WX_IDEAL: begin
        op_o = WX_OP_IDEAL;
        col_en_o = need_q;
        st_d[WX_ST_WEIGHTS] = st_q[WX_ST_WEIGHTS] + popcount(need_q);
        st_d[WX_ST_RESETS] = st_q[WX_ST_RESETS] + (popcount(need_q) << 1);
        state_d = WX_ROW_END;
      end
      WX_ROW_END: begin
        row_end_o = 1'b1;
        for (c = 0; c < Cols; c = c + 1)
          if (need_q[c] && (active_q[c] || run_q[c][15]))
            st_d[WX_ST_NOT_CONVERGED] = st_d[WX_ST_NOT_CONVERGED] + 64'd1;
        if ({16'd0, row_q} + 32'd1 < Rows) begin
          row_d = row_q + 16'd1;
          state_d = WX_ROW;
        end else begin
          state_d = WX_DONE;
        end
      end
      WX_DONE: begin
        done_o = 1'b1;
        state_d = WX_IDLE;
      end
      default: state_d = WX_IDLE;
    endcase
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= WX_IDLE;
      rd_q <= WX_RD_T;
      row_q <= 16'd0;
      iter_q <= 16'd0;
      cnt_q <= 16'd0;
      active_q <= {Cols{1'b0}};
      restarted_q <= {Cols{1'b0}};
      need_q <= {Cols{1'b0}};
      restart_q <= {Cols{1'b0}};
      set_q <= {Cols{1'b0}};
      plus_q <= {Cols{1'b0}};
    end else begin
      state_q <= state_d;
      rd_q <= rd_d;
      row_q <= row_d;
      iter_q <= iter_d;
      cnt_q <= cnt_d;
      active_q <= active_d;
      restarted_q <= restarted_d;
      need_q <= need_d;
      restart_q <= restart_d;
      set_q <= set_d;
      plus_q <= plus_d;
    end
  end

  // Per-column registers: one flop group per column (a generate loop), since Verilator cannot
  // unroll a non-blocking array copy over hundreds of columns; same reset, same copy.
  genvar gc;
  generate
    for (gc = 0; gc < Cols; gc = gc + 1) begin : g_col
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          target_q[gc] <= {AdcW{1'b0}};
          dev_q[gc] <= CLT_NONE;
          run_q[gc] <= 16'd0;
          m_start_q[gc] <= {AdcW{1'b0}};
          dev0_q[gc] <= {AdcW{1'b0}};
        end else begin
          target_q[gc] <= target_d[gc];
          dev_q[gc] <= dev_d[gc];
          run_q[gc] <= run_d[gc];
          m_start_q[gc] <= m_start_d[gc];
          dev0_q[gc] <= dev0_d[gc];
        end
      end
    end
    for (gc = 0; gc < 9; gc = gc + 1) begin : g_st_q
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) st_q[gc] <= 64'd0;
        else st_q[gc] <= st_d[gc];
      end
    end
  endgenerate
endmodule
