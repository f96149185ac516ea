// iv_tile_top.v - tile_top under a second simulator (Icarus Verilog), self-checking against
// vectors recorded from the C twin (tb/vectors.c): inputs driven and every output compared,
// clock by clock, with !== so that an X or a Z is a mismatch too.
//
// usage: vvp MODEL +vec=FILE   (MODEL built with the size's -P parameters, tests/icarus.sh)
// Prints the mismatches (the first 20: line, signal, RTL, C twin) and a closing PASS or FAIL
// line; a FAIL, or a file it cannot read, ends with $fatal (exit status non-zero).
`timescale 1ns / 1ps
module iv_tile_top;
  parameter integer Rows = 9;
  parameter integer Cols = 4;
  parameter integer CodeW = 9;
  parameter integer AdcW = 10;
  parameter integer Share = 1;

  reg clk_i = 1'b0, rst_ni = 1'b1;
  reg reg_valid_i = 1'b0, reg_we_i = 1'b0;
  reg [7:0] reg_addr_i = 8'd0;
  reg [31:0] reg_wdata_i = 32'd0;
  reg [15:0] cfg_x_max_i, cfg_d_max_i, cfg_set_cycles_i, cfg_refresh_thr_i, cfg_tau_i;
  reg [15:0] cfg_max_iter_i, cfg_sat_pulses_i, cfg_target_codes_i, cfg_step_codes_i, cfg_offset_i;
  reg [4:0] cfg_fwd_bits_i, cfg_bwd_bits_i, cfg_xfer_bits_i;
  reg [1:0] cfg_strategy_i;
  reg cfg_two_dev_i, cfg_pol_inv_i, cfg_lsp_read_i;
  reg [Rows*CodeW-1:0] row_code_i = 0;
  reg [Rows-1:0] row_neg_i = 0, row_cmp_i = 0;
  reg [Cols*CodeW-1:0] col_code_i = 0;
  reg [Cols-1:0] col_neg_i = 0, col_cmp_i = 0;

  wire [31:0] reg_rdata_o;
  wire [2:0] op_o, sel_o;
  wire [1:0] mode_o;
  wire integ_rst_o, sample_o, conv_o, swap_o, busy_o, done_o, row_begin_o, row_end_o;
  wire [AdcW-1:0] ramp_o;
  wire [Rows-1:0] row_en_o, row_neg_o;
  wire [Cols-1:0] col_en_o, col_neg_o, need_o;
  wire [Cols*AdcW-1:0] col_code_o;
  wire [Rows*AdcW-1:0] row_code_o;
  wire [15:0] row_o;

  tile_top #(
      .Rows (Rows),
      .Cols (Cols),
      .CodeW(CodeW),
      .AdcW (AdcW),
      .Share(Share)
  ) dut (
      .clk_i(clk_i),
      .rst_ni(rst_ni),
      .reg_valid_i(reg_valid_i),
      .reg_we_i(reg_we_i),
      .reg_addr_i(reg_addr_i),
      .reg_wdata_i(reg_wdata_i),
      .reg_rdata_o(reg_rdata_o),
      .cfg_x_max_i(cfg_x_max_i),
      .cfg_d_max_i(cfg_d_max_i),
      .cfg_set_cycles_i(cfg_set_cycles_i),
      .cfg_fwd_bits_i(cfg_fwd_bits_i),
      .cfg_bwd_bits_i(cfg_bwd_bits_i),
      .cfg_xfer_bits_i(cfg_xfer_bits_i),
      .cfg_two_dev_i(cfg_two_dev_i),
      .cfg_refresh_thr_i(cfg_refresh_thr_i),
      .cfg_strategy_i(cfg_strategy_i),
      .cfg_tau_i(cfg_tau_i),
      .cfg_max_iter_i(cfg_max_iter_i),
      .cfg_sat_pulses_i(cfg_sat_pulses_i),
      .cfg_target_codes_i(cfg_target_codes_i),
      .cfg_step_codes_i(cfg_step_codes_i),
      .cfg_offset_i(cfg_offset_i),
      .cfg_pol_inv_i(cfg_pol_inv_i),
      .cfg_lsp_read_i(cfg_lsp_read_i),
      .row_code_i(row_code_i),
      .row_neg_i(row_neg_i),
      .col_code_i(col_code_i),
      .col_neg_i(col_neg_i),
      .col_cmp_i(col_cmp_i),
      .row_cmp_i(row_cmp_i),
      .op_o(op_o),
      .mode_o(mode_o),
      .sel_o(sel_o),
      .integ_rst_o(integ_rst_o),
      .sample_o(sample_o),
      .conv_o(conv_o),
      .ramp_o(ramp_o),
      .row_en_o(row_en_o),
      .row_neg_o(row_neg_o),
      .col_en_o(col_en_o),
      .col_neg_o(col_neg_o),
      .swap_o(swap_o),
      .col_code_o(col_code_o),
      .row_code_o(row_code_o),
      .busy_o(busy_o),
      .done_o(done_o),
      .row_begin_o(row_begin_o),
      .row_end_o(row_end_o),
      .row_o(row_o),
      .need_o(need_o)
  );

  // expected outputs of one clock
  reg [31:0] e_rdata;
  reg [2:0] e_op, e_sel;
  reg [1:0] e_mode;
  reg e_integ_rst, e_sample, e_conv, e_swap, e_busy, e_done, e_row_begin, e_row_end;
  reg [AdcW-1:0] e_ramp;
  reg [Rows-1:0] e_row_en, e_row_neg;
  reg [Cols-1:0] e_col_en, e_col_neg, e_need;
  reg [Cols*AdcW-1:0] e_col_code;
  reg [Rows*AdcW-1:0] e_row_code;
  reg [15:0] e_row;
  reg [63:0] e_cnt;
  reg [31:0] cnt_n;
  reg [7:0] tag;
  reg [8*16-1:0] cname;
  reg [8*1024-1:0] path;
  integer fd, n, lineno = 0, clocks = 0, tiles = 0, resets = 0, reads = 0, mismatches = 0;

  // one compare: the first 20 mismatches printed with the vector line
  task check(input [8*16-1:0] name, input [1023:0] rtl, input [1023:0] c);
    begin
      if (rtl !== c) begin
        mismatches = mismatches + 1;
        if (mismatches <= 20)
          $display("MISMATCH line %0d tile_top %0s: RTL %0h, C %0h", lineno, name, rtl, c);
      end
    end
  endtask

  task bad_line;
    begin
      $display("iv_tile_top: %0s line %0d: cannot read the vector (got %0d fields)", path, lineno,
               n);
      $fatal(1);
    end
  endtask

  initial begin
    if (!$value$plusargs("vec=%s", path)) begin
      $display("iv_tile_top: no +vec=FILE");
      $fatal(1);
    end
    fd = $fopen(path, "r");
    if (fd == 0) begin
      $display("iv_tile_top: %0s: cannot read", path);
      $fatal(1);
    end
    while ($fscanf(fd, " %c", tag) == 1) begin
      lineno = lineno + 1;
      if (tag == "R") begin  // a new tile: its configuration, then the reset of RtlDut
        n = $fscanf(fd, " %h %h %h %h %h %h %h %h %h %h %h %h %h %h %h %h %h", cfg_x_max_i,
                    cfg_d_max_i, cfg_set_cycles_i, cfg_fwd_bits_i, cfg_bwd_bits_i,
                    cfg_xfer_bits_i, cfg_two_dev_i, cfg_refresh_thr_i, cfg_strategy_i, cfg_tau_i,
                    cfg_max_iter_i, cfg_sat_pulses_i, cfg_target_codes_i, cfg_step_codes_i,
                    cfg_pol_inv_i, cfg_lsp_read_i, cfg_offset_i);
        if (n != 17) bad_line;
        tiles = tiles + 1;
        clk_i = 1'b0;
        #1 rst_ni = 1'b0;
        #1 clk_i = 1'b1;
        #1 clk_i = 1'b0;
        #1 rst_ni = 1'b1;
        #1;
      end else if (tag == "C") begin  // one clock
        n = $fscanf(fd, " %h %h %h %h %h %h %h %h", reg_valid_i, reg_we_i, reg_addr_i,
                    reg_wdata_i, row_code_i, row_neg_i, col_code_i, col_neg_i);
        n = n + $fscanf(fd, " %h %h %h %h %h %h %h %h %h %h %h %h %h", e_rdata, e_op, e_mode,
                        e_sel, e_integ_rst, e_sample, e_conv, e_ramp, e_row_en, e_row_neg,
                        e_col_en, e_col_neg, e_swap);
        n = n + $fscanf(fd, " %h %h %h %h %h %h %h %h %h %h", e_col_code, e_row_code, e_busy,
                        e_done, e_row_begin, e_row_end, e_row, e_need, col_cmp_i, row_cmp_i);
        if (n != 31) bad_line;
        // the outputs do not depend on this cycle's comparators (the C twin gives them first)
        #1;
        check("reg_rdata_o", reg_rdata_o, e_rdata);
        check("op_o", op_o, e_op);
        check("mode_o", mode_o, e_mode);
        check("sel_o", sel_o, e_sel);
        check("integ_rst_o", integ_rst_o, e_integ_rst);
        check("sample_o", sample_o, e_sample);
        check("conv_o", conv_o, e_conv);
        check("ramp_o", ramp_o, e_ramp);
        check("row_en_o", row_en_o, e_row_en);
        check("row_neg_o", row_neg_o, e_row_neg);
        check("col_en_o", col_en_o, e_col_en);
        check("col_neg_o", col_neg_o, e_col_neg);
        check("swap_o", swap_o, e_swap);
        check("col_code_o", col_code_o, e_col_code);
        check("row_code_o", row_code_o, e_row_code);
        check("busy_o", busy_o, e_busy);
        check("done_o", done_o, e_done);
        check("row_begin_o", row_begin_o, e_row_begin);
        check("row_end_o", row_end_o, e_row_end);
        check("row_o", row_o, e_row);
        check("need_o", need_o, e_need);
        clk_i = 1'b1;
        #1 clk_i = 1'b0;
        clocks = clocks + 1;
      end else if (tag == "X") begin  // an asynchronous reset between two clocks
        #1 rst_ni = 1'b0;
        #1 rst_ni = 1'b1;
        #1;
        resets = resets + 1;
      end else if (tag == "K") begin  // a counter read between clocks: both words
        n = $fscanf(fd, " %h %h", cnt_n, e_cnt);
        if (n != 2) bad_line;
        reg_addr_i = 8'h40 + 8 * cnt_n[7:0];
        $sformat(cname, "counter %0d lo", cnt_n);
        #1 check(cname, reg_rdata_o, e_cnt[31:0]);
        reg_addr_i = 8'h44 + 8 * cnt_n[7:0];
        $sformat(cname, "counter %0d hi", cnt_n);
        #1 check(cname, reg_rdata_o, e_cnt[63:32]);
        reads = reads + 1;
      end else begin
        $display("iv_tile_top: %0s line %0d: unknown record '%c'", path, lineno, tag);
        $fatal(1);
      end
    end
    $fclose(fd);
    $display("iv_tile_top %0dx%0dx%0dx%0d: %0d tiles, %0d clocks, %0d mid-run resets, %0d counter reads, %0d mismatches: %0s",
             Rows, Cols, Share, AdcW, tiles, clocks, resets, reads, mismatches,
             mismatches ? "FAIL" : "PASS");
    if (mismatches || clocks == 0) $fatal(1);
    $finish;
  end
endmodule
