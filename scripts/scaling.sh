#!/usr/bin/env bash
# scaling.sh - how a tile's peripheral area and its cycles per training example grow with its
# rows and columns: a grid of tile sizes, each synthesized (synth/synth.sh) and trained on (the
# tile is the hidden layer of a (rows-1)-cols-10 network on synthetic digits, tests/tools/mkidx,
# default device and tile presets), then the least-squares fit y = a + b rows + c cols of the
# transistors and of the cycles, with every point's residual.
# Writes OUT/scaling.csv and prints the table (markdown) and the fits.
# usage: scripts/scaling.sh [BUILD_DIR [OUT]]    (default build, build/scaling)
set -euo pipefail
build=${1:-build}
out=${2:-$build/scaling}
rows=(33 65 129)       # fan-in 32, 64, 128 plus the bias row
cols=(16 32 64)
declare -A shape=([33]="4 8" [65]="8 8" [129]="8 16")   # image rows x cols = fan-in pixels
code_w=9 adc_w=10      # the RTL's widths for the default presets (as make synth)
examples=3000          # three weight transfers at the default clt.every = 1000

[ -x "$build/xtile" ] && [ -x "$build/tests/mkidx" ] || { echo "scaling: build $build/xtile and $build/tests/mkidx first (make)" >&2; exit 1; }
mkdir -p "$out/synth"
t0=$(date +%s)

# synthesis: every size, two at a time
for r in "${rows[@]}"; do for c in "${cols[@]}"; do
  n=tile_top_${r}x${c}x1_c${code_w}_a${adc_w}
  [ -f "$out/synth/$n.json" ] || echo "$n Rows=$r Cols=$c"
done; done | xargs -r -P 2 -L 1 sh -c 'synth/synth.sh "$0" "$1" tile_top "$2" "$3" Share=1 CodeW='$code_w' AdcW='$adc_w' > /dev/null' "$out/synth"

# cycles: one short training run per size, the tile's own cycles per example
for r in "${rows[@]}"; do
  d=$out/data/$r
  [ -f "$d/train-images-idx3-ubyte" ] || "$build/tests/mkidx" "$d" "$examples" 200 ${shape[$r]} > /dev/null
  for c in "${cols[@]}"; do
    run=$out/runs/${r}x${c}
    [ -f "$run/summary.json" ] || "$build/xtile" train configs/default.ini configs/tile/default.ini \
      --data "$d" --set net.layers=$((r - 1)),$c,10 --set train.epochs=1 \
      --set train.examples=$examples --set train.test_examples=200 --quiet --out "$run" > /dev/null
  done
done

# the table: transistors (whole hierarchy) and the tile's cycles per example, by phase
{
  echo "rows,cols,transistors,flops,cycles,forward,backward,update,transfer"
  for r in "${rows[@]}"; do for c in "${cols[@]}"; do
    n=tile_top_${r}x${c}x1_c${code_w}_a${adc_w}
    tr=$(awk '/^=== design hierarchy ===/ { h = 1 } h && /Estimated number of transistors:/ { print $NF }' "$out/synth/$n.txt")
    ff=$(awk '/^=== design hierarchy ===/ { h = 1 } h && /\$_DFF_P_/ { print $NF }' "$out/synth/$n.txt")
    cyc=$(tr -d ' \n' < "$out/runs/${r}x${c}/summary.json" | grep -o '"layer1":{[^}]*"phase_cycles":{[^}]*}' |
          grep -o '"phase_cycles":{.*' | grep -o ':[0-9.e+-]*' | tr -d ':' | tr '\n' ' ')
    set -- $cyc
    echo "$r,$c,$tr,$ff,$(awk -v a="$1" -v b="$2" -v u="$3" -v x="$4" 'BEGIN { printf "%.1f,%.1f,%.1f,%.1f,%.1f", a + b + u + x, a, b, u, x }')"
  done; done
} > "$out/scaling.csv"

# least squares y = a + b rows + c cols (normal equations, Cramer's rule), residuals per point
awk -F, -v t="$(($(date +%s) - t0))" '
  NR == 1 { next }
  { n++; r[n] = $1; c[n] = $2; y[1, n] = $3; y[2, n] = $5; f[n] = $4 }
  function det3(a11, a12, a13, a21, a22, a23, a31, a32, a33) {
    return a11 * (a22 * a33 - a23 * a32) - a12 * (a21 * a33 - a23 * a31) + a13 * (a21 * a32 - a22 * a31)
  }
  END {
    for (i = 1; i <= n; i++) { S1 += 1; Sr += r[i]; Sc += c[i]; Srr += r[i] * r[i]; Scc += c[i] * c[i]; Src += r[i] * c[i] }
    D = det3(S1, Sr, Sc, Sr, Srr, Src, Sc, Src, Scc)
    for (k = 1; k <= 2; k++) {
      Y = Yr = Yc = 0
      for (i = 1; i <= n; i++) { Y += y[k, i]; Yr += r[i] * y[k, i]; Yc += c[i] * y[k, i] }
      A[k] = det3(Y, Sr, Sc, Yr, Srr, Src, Yc, Src, Scc) / D
      B[k] = det3(S1, Y, Sc, Sr, Yr, Src, Sc, Yc, Scc) / D
      C[k] = det3(S1, Sr, Y, Sr, Srr, Yr, Sc, Src, Yc) / D
    }
    print "| rows | cols | transistors | fit | residual | flip-flops | cycles / example | fit | residual |"
    print "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) {
      for (k = 1; k <= 2; k++) {
        fit[k] = A[k] + B[k] * r[i] + C[k] * c[i]; res[k] = y[k, i] - fit[k]; rel[k] = 100 * res[k] / y[k, i]
        a = rel[k] < 0 ? -rel[k] : rel[k]; if (a > worst[k]) worst[k] = a
      }
      printf "| %d | %d | %d | %.0f | %+.0f (%+.2f %%) | %d | %.1f | %.1f | %+.1f (%+.2f %%) |\n", r[i], c[i], y[1, i], fit[1], res[1], rel[1], f[i], y[2, i], fit[2], res[2], rel[2]
    }
    printf "\ntransistors = %.0f + %.1f rows + %.1f cols   (largest residual %.2f %%)\n", A[1], B[1], C[1], worst[1]
    printf "cycles per example = %.1f + %.2f rows + %.2f cols   (largest residual %.2f %%)\n", A[2], B[2], C[2], worst[2]
    printf "(%d sizes; %d s)\n", n, t
  }' "$out/scaling.csv"
