// tile_wxfer_ctl.v - closed-loop weight transfer, row by row (C twin: csim/tile/tile_wxfer_ctl.c)
//
// 4dev: per row read each LSP device alone (under clt.lsp_reset = needed), read the whole weight
// (targets), RESET the LSP devices that need it (then swap the LSP's roles under polarity
// inversion), then iterate: read the whole cell again, decide per column (clt_decide
// in csim/array/clt.c), RESET / SET strobes; the columns left unconverged then tune on with
// their LSP pair (WX_KEEP, the write-back pass; with an offset, every column: tile_wx_col.v).
// 2dev: read each
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
    input  wire [15:0]          step_codes_i,   // the tuned pair's nominal step, codes
    input  wire [15:0]          zero_code_i,    // the code of weight 0
    input  wire [15:0]          offset_i,       // 4dev: the MSP's target is the target less it
    input  wire                 pol_inv_i,      // polarity inversion: WX_OP_SWAP after the LSP's RESET
    input  wire                 lsp_read_i,     // 4dev: read the LSP devices, RESET those at refresh_thr_i
    output reg  [2:0]           op_o,           // WX_OP_*
    output reg  [2:0]           sel_o,          // enum arr_sel
    output wire [15:0]          row_o,
    output reg  [Cols-1:0]      col_en_o,
    output reg  [Cols-1:0]      col_neg_o,
    output reg                  integ_rst_o,
    output reg                  adc_start_o,
    output reg                  swap_o,         // with the ideal write
    output reg                  row_begin_o,
    output reg                  row_end_o,
    output wire                 busy_o,
    output reg                  done_o,
    output wire [Cols-1:0]      need_o,         // columns tuned in this row
    output wire [64*11-1:0]     st_o            // counters: weights .. LSP kept (WX_ST_*)
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
  localparam [3:0] WX_KEEP = 4'd15;
  localparam [1:0] WX_RD_T = 2'd0;
  localparam [1:0] WX_RD_D0 = 2'd1;
  localparam [1:0] WX_RD_D1 = 2'd2;
  localparam [1:0] WX_RD_M = 2'd3;
  localparam [2:0] WX_OP_NOP = 3'd0;
  localparam [2:0] WX_OP_READ = 3'd1;
  localparam [2:0] WX_OP_SET = 3'd2;
  localparam [2:0] WX_OP_RESET = 3'd3;
  localparam [2:0] WX_OP_IDEAL = 3'd4;
  localparam [2:0] WX_OP_SWAP = 3'd5;
  localparam [2:0] ARR_SEL_ALL = 3'd0;
  localparam [2:0] ARR_SEL_MSP = 3'd1;
  localparam [2:0] ARR_SEL_DEV0 = 3'd2;
  localparam [1:0] CLT_STRAT_RESET = 2'd1;
  localparam [1:0] CLT_STRAT_IDEAL = 2'd3;
  localparam integer WX_ST_WEIGHTS = 0;
  localparam integer WX_ST_CHECKED = 1;
  localparam integer WX_ST_NOT_CONVERGED = 2;
  localparam integer WX_ST_ITERATIONS = 3;
  localparam integer WX_ST_READS = 4;
  localparam integer WX_ST_SET_PULSES = 5;
  localparam integer WX_ST_RESETS = 6;
  localparam integer WX_ST_RESTART_ITERS = 7;
  localparam integer WX_ST_SET_ITERS = 8;
  localparam integer WX_ST_RESTARTS = 9;
  localparam integer WX_ST_LSP_KEPT = 10;
  localparam [63:0] COLS64 = 64'd1 * Cols;

  reg [3:0]  state_q /* verilator public_flat_rd */, state_d;
  reg [1:0]  rd_q /* verilator public_flat_rd */, rd_d;  // which read
  reg [15:0] row_q /* verilator public_flat_rd */, row_d;
  reg [15:0] iter_q /* verilator public_flat_rd */, iter_d;
  reg [15:0] cnt_q /* verilator public_flat_rd */, cnt_d;
  // per column: struct clt_col of include/xtile/clt.h, and the row's decisions; the registers
  // are held by the column's tile_wx_col, visible here for the benches
  wire [AdcW-1:0] target_q [0:Cols-1] /* verilator public_flat_rd */;
  wire [1:0]      dev_q [0:Cols-1] /* verilator public_flat_rd */;
  wire [15:0]     run_q [0:Cols-1] /* verilator public_flat_rd */;  // two's complement; -1: gave up
  wire [AdcW-1:0] m_start_q [0:Cols-1] /* verilator public_flat_rd */;
  wire [AdcW-1:0] dev0_q [0:Cols-1] /* verilator public_flat_rd */;  // code of the first device read
  wire [1:0]      rst_q [0:Cols-1] /* verilator public_flat_rd */;  // 4dev: LSP g+ (bit 0), g- to RESET
  wire [Cols-1:0] active_q /* verilator public_flat_rd */;
  wire [Cols-1:0] restarted_q /* verilator public_flat_rd */;
  wire [Cols-1:0] keep_q /* verilator public_flat_rd */;
  wire [Cols-1:0] need_q /* verilator public_flat_rd */;
  wire [Cols-1:0] restart_q /* verilator public_flat_rd */;
  wire [Cols-1:0] set_q /* verilator public_flat_rd */;
  wire [Cols-1:0] plus_q /* verilator public_flat_rd */;
  wire [Cols-1:0] need_d, restart_d, set_d, unconv, back;
  wire [Cols-1:0] rst_en;  // WX_RESET_L: the columns whose device cnt_q (g+, g-) is RESET
  reg [63:0]     st_q [0:10] /* verilator public_flat_rd */;
  reg [63:0]     st_d [0:10];

  assign row_o = row_q;
  assign busy_o = state_q != WX_IDLE;
  assign need_o = need_q;
  genvar gs;
  generate
    for (gs = 0; gs < 11; gs = gs + 1) begin : g_st
      assign st_o[gs*64+:64] = st_q[gs];
    end
  endgenerate

  // One tile_wx_col per column. The codes the iterations left after this one can surely program
  // from RESET, (max_iter - iter - 1) step codes / 2: one product for every column
  // (clt_restart_fits; a saturating device needs about twice the nominal steps to 80 % of Gmax).
  wire adc_rd = state_q == WX_ADC && adc_done_i;
  wire [15:0] iters_left = max_iter_i - iter_q - 16'd1;
  wire [31:0] left = ({16'd0, iters_left} * {16'd0, step_codes_i}) >> 1;
  genvar gc;
  generate
    for (gc = 0; gc < Cols; gc = gc + 1) begin : g_col
      tile_wx_col #(
          .AdcW(AdcW)
      ) u_col (
          .clk_i         (clk_i),
          .rst_ni        (rst_ni),
          .row_i         (state_q == WX_ROW),
          .two_dev_i     (two_dev_i),
          .tgt_i         (adc_rd && rd_q == WX_RD_T),
          .dev0_i        (adc_rd && rd_q == WX_RD_D0),
          .need_i        (adc_rd && rd_q == WX_RD_D1),
          .reset_m_i     (state_q == WX_RESET_M),
          .decide_i      (state_q == WX_DECIDE),
          .keep_i        (state_q == WX_KEEP),
          .first_i       (iter_q == 16'd0),
          .strategy_i    (strategy_i),
          .tau_i         (tau_i),
          .sat_pulses_i  (sat_pulses_i),
          .target_codes_i(target_codes_i),
          .refresh_thr_i (refresh_thr_i),
          .step_codes_i  (step_codes_i),
          .zero_code_i   (zero_code_i),
          .offset_i      (offset_i),
          .left_i        (left),
          .code_i        (code_i[gc*AdcW+:AdcW]),
          .target_o      (target_q[gc]),
          .dev_o         (dev_q[gc]),
          .run_o         (run_q[gc]),
          .m_start_o     (m_start_q[gc]),
          .dev0_o        (dev0_q[gc]),
          .rst_o         (rst_q[gc]),
          .active_o      (active_q[gc]),
          .restarted_o   (restarted_q[gc]),
          .keep_o        (keep_q[gc]),
          .need_o        (need_q[gc]),
          .restart_o     (restart_q[gc]),
          .set_o         (set_q[gc]),
          .plus_o        (plus_q[gc]),
          .need_d_o      (need_d[gc]),
          .restart_d_o   (restart_d[gc]),
          .set_d_o       (set_d[gc]),
          .unconv_o      (unconv[gc]),
          .back_o        (back[gc])
      );
      assign rst_en[gc] = need_q[gc] && rst_q[gc][cnt_q[0]];
    end
    for (gs = 0; gs < 11; gs = gs + 1) begin : g_st_q
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) st_q[gs] <= 64'd0;
        else st_q[gs] <= st_d[gs];
      end
    end
  endgenerate

  // Two popcounts serve every counter: the columns tuned (or, in WX_RESTART, restarted; in
  // WX_RESET_L, RESET) and the
  // SETs decided (or, in WX_KEEP, the columns kept; in WX_ROW_END, the columns not converged).
  localparam integer PcW = $clog2(Cols + 1);
  wire [PcW-1:0] n_need, n_set;
  tile_popcount #(
      .N(Cols)
  ) u_pc_need (
      .v_i(state_q == WX_RESTART ? restart_q : state_q == WX_RESET_L ? rst_en : need_q),
      .n_o(n_need)
  );
  tile_popcount #(
      .N(Cols)
  ) u_pc_set (
      .v_i(state_q == WX_DECIDE ? set_d : state_q == WX_KEEP ? back : unconv),
      .n_o(n_set)
  );
  wire [63:0] need64 = {{(64 - PcW) {1'b0}}, n_need};
  wire [63:0] set64 = {{(64 - PcW) {1'b0}}, n_set};

  integer c;
  always @* begin
    state_d = state_q;
    rd_d = rd_q;
    row_d = row_q;
    iter_d = iter_q;
    cnt_d = cnt_q;
    for (c = 0; c < 11; c = c + 1) st_d[c] = st_q[c];
    // a read holds its device select until the array has sampled it
    if (state_q == WX_PWM || state_q == WX_PWM_DONE || state_q == WX_ADC)
      // the target and the loop read the whole cell (DESIGN.md 7a); the checks one device alone
      // (2dev: the pair's; 4dev: the LSP's)
      sel_o = rd_q == WX_RD_T || rd_q == WX_RD_M ? ARR_SEL_ALL
            : ARR_SEL_DEV0 + (two_dev_i ? 3'd0 : 3'd2) + (rd_q == WX_RD_D0 ? 3'd0 : 3'd1);
    else sel_o = ARR_SEL_MSP;
    op_o = WX_OP_NOP;
    col_en_o = {Cols{1'b0}};
    col_neg_o = {Cols{1'b0}};
    integ_rst_o = 1'b0;
    adc_start_o = 1'b0;
    swap_o = pol_inv_i && state_q == WX_IDEAL;
    row_begin_o = 1'b0;
    row_end_o = 1'b0;
    done_o = 1'b0;

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
        if (two_dev_i) begin
          rd_d = WX_RD_D0;
          cnt_d = 16'd0;
          state_d = WX_PWM;
        end else begin
          st_d[WX_ST_CHECKED] = st_q[WX_ST_CHECKED] + COLS64;
          if (strategy_i == CLT_STRAT_IDEAL) begin
            state_d = WX_IDEAL;
          end else begin
            rd_d = lsp_read_i ? WX_RD_D0 : WX_RD_T;
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
              st_d[WX_ST_WEIGHTS] = st_q[WX_ST_WEIGHTS] + need64;
              cnt_d = 16'd0;
              state_d = two_dev_i ? WX_RESET_M : WX_RESET_L;
            end
            WX_RD_D0: begin
              rd_d = WX_RD_D1;
              cnt_d = 16'd0;
              state_d = WX_PWM;
            end
            WX_RD_D1: begin
              if (!two_dev_i) begin  // 4dev: the LSP devices to RESET are known; the targets
                rd_d = WX_RD_T;
                cnt_d = 16'd0;
                state_d = WX_PWM;
              end else begin
                st_d[WX_ST_CHECKED] = st_q[WX_ST_CHECKED] + COLS64;
                if (need_d == {Cols{1'b0}}) begin
                  state_d = WX_ROW_END;
                end else if (strategy_i == CLT_STRAT_IDEAL) begin
                  state_d = WX_IDEAL;
                end else begin
                  rd_d = WX_RD_T;
                  cnt_d = 16'd0;
                  state_d = WX_PWM;
                end
              end
            end
            default: begin  // WX_RD_M
              st_d[WX_ST_ITERATIONS] = st_q[WX_ST_ITERATIONS] + 64'd1;
              state_d = WX_DECIDE;
            end
          endcase
        end
      end
      WX_RESET_L: begin  // the LSP's content is in the targets now: g+, g-, then the swap
        if (cnt_q < 16'd2) begin
          op_o = WX_OP_RESET;
          sel_o = ARR_SEL_DEV0 + 3'd2 + {2'd0, cnt_q[0]};
          col_en_o = rst_en;
          st_d[WX_ST_RESETS] = st_q[WX_ST_RESETS] + need64;  // n_need counts rst_en here
        end else begin
          op_o = WX_OP_SWAP;
          col_en_o = need_q;
        end
        cnt_d = cnt_q + 16'd1;
        if (cnt_q == (pol_inv_i ? 16'd2 : 16'd1))
          state_d = strategy_i == CLT_STRAT_RESET ? WX_RESET_M : WX_ITER;
      end
      WX_RESET_M: begin  // the tuned pair starts from RESET
        op_o = WX_OP_RESET;
        col_en_o = need_q;
        st_d[WX_ST_RESETS] = st_q[WX_ST_RESETS] + (need64 << 1);
        state_d = WX_ITER;
      end
      WX_ITER: begin
        if (active_q != {Cols{1'b0}} && iter_q < max_iter_i) begin
          rd_d = WX_RD_M;
          cnt_d = 16'd0;
          state_d = WX_PWM;
        end else if (!two_dev_i && keep_q == {Cols{1'b0}} && back != {Cols{1'b0}}) begin
          state_d = WX_KEEP;
        end else begin
          state_d = WX_ROW_END;
        end
      end
      WX_KEEP: begin  // the residual the MSP could not take (or the offset): those columns' LSP
        st_d[WX_ST_LSP_KEPT] = st_q[WX_ST_LSP_KEPT] + set64;  // n_set counts back here
        iter_d = 16'd0;
        state_d = WX_ITER;
      end
      WX_DECIDE: begin  // the columns decided (tile_wx_col); count, and on to the pulses
        st_d[WX_ST_SET_PULSES] = st_q[WX_ST_SET_PULSES] + set64;
        if (restart_d != {Cols{1'b0}})
          st_d[WX_ST_RESTART_ITERS] = st_q[WX_ST_RESTART_ITERS] + 64'd1;
        if (set_d != {Cols{1'b0}}) st_d[WX_ST_SET_ITERS] = st_q[WX_ST_SET_ITERS] + 64'd1;
        state_d = restart_d != {Cols{1'b0}} ? WX_RESTART
                : set_d != {Cols{1'b0}} ? WX_SET : WX_NEXT;
      end
      WX_RESTART: begin
        op_o = WX_OP_RESET;
        col_en_o = restart_q;
        st_d[WX_ST_RESETS] = st_q[WX_ST_RESETS] + (need64 << 1);  // n_need counts restart_q here
        st_d[WX_ST_RESTARTS] = st_q[WX_ST_RESTARTS] + need64;
        state_d = set_q != {Cols{1'b0}} ? WX_SET : WX_NEXT;
      end
      WX_SET: begin  // polarity: the row drives +, a column's - selects the + device
        op_o = WX_OP_SET;
        if (keep_q != {Cols{1'b0}}) sel_o = ARR_SEL_ALL;  // the write-back's SETs: the LSP pair
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
        st_d[WX_ST_WEIGHTS] = st_q[WX_ST_WEIGHTS] + need64;
        st_d[WX_ST_RESETS] = st_q[WX_ST_RESETS] + (need64 << 1);
        state_d = WX_ROW_END;
      end
      WX_ROW_END: begin
        row_end_o = 1'b1;
        st_d[WX_ST_NOT_CONVERGED] = st_q[WX_ST_NOT_CONVERGED] + set64;  // n_set counts unconv here
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
    end else begin
      state_q <= state_d;
      rd_q <= rd_d;
      row_q <= row_d;
      iter_q <= iter_d;
      cnt_q <= cnt_d;
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
      assert (!busy_o || {16'd0, row_q} < Rows)
      else $error("%m: A_ROW_RANGE failed at clock %0d: row_q %0d", a_clk, row_q);
      assert (state_q != WX_PWM || cnt_q < x_max_i)
      else $error("%m: A_PWM_CNT_RANGE failed at clock %0d: cnt_q %0d", a_clk, cnt_q);
      assert (state_q != WX_RESET_L || cnt_q <= 16'd2)
      else $error("%m: A_RESET_L_CNT_RANGE failed at clock %0d: cnt_q %0d", a_clk, cnt_q);
      assert (!busy_o || iter_q <= max_iter_i)
      else $error("%m: A_ITER_RANGE failed at clock %0d: iter_q %0d", a_clk, iter_q);
      assert (state_d != WX_ROW || state_q == WX_IDLE || state_q == WX_ROW_END)
      else $error("%m: A_BUSY_IGNORES_START failed at clock %0d: a row restarted", a_clk);
      assert (op_o != WX_OP_NOP || col_en_o == {Cols{1'b0}})
      else $error("%m: A_NOP_NO_COLUMNS failed at clock %0d", a_clk);
    end
  end
`endif
endmodule
