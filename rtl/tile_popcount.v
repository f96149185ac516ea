// tile_popcount.v - the number of ones of a vector, as a balanced adder tree
//
// Node i of a heap of 2N - 1 nodes: the leaves N .. 2N - 1 hold the bits, node i < N the sum of
// nodes 2i and 2i + 1, node 1 the count. Every node is W bits wide here; synthesis drops the
// bits a subtree's count cannot reach, so the tree has about N full adders, not N adders of W
// bits as a running sum would. Used for the counters of pulses, weights and resets.
module tile_popcount #(
    parameter integer N = 8,
    parameter integer W = $clog2(N + 1)
) (
    input  wire [N-1:0] v_i,
    output wire [W-1:0] n_o
);
  generate
    if (N == 1) begin : g_one
      assign n_o = {{(W - 1) {1'b0}}, v_i};
`ifndef TILE_LINE_VECTORS
    end else begin : g_tree
      reg [W-1:0] node[1:2*N-1];
      integer i;
      always @* begin
        for (i = 0; i < N; i = i + 1) node[N+i] = {{(W - 1) {1'b0}}, v_i[i]};
        for (i = N - 1; i >= 1; i = i - 1) node[i] = node[2*i] + node[2*i+1];
      end
      assign n_o = node[1];
    end
`else
    end else begin : g_count
      // the simulation view (TILE_LINE_VECTORS, the rtl engine's models): the same count as one
      // builtin instead of 2N - 1 nodes evaluated on every evaluation; make equiv proves it equal
      wire [31:0] count = $countones(v_i);
      assign n_o = count[W-1:0];
    end
`endif
  endgenerate
endmodule
