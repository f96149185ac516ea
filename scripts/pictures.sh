#!/usr/bin/env bash
# pictures.sh - the README's two pictures of a run, kept under docs/pictures/ with their data:
# accuracy per epoch (the device run beside the float run of the same config) and the weight
# error against the float shadow, from `make run`'s run and its float baseline.
#   scripts/pictures.sh RUNDIR FLOATRUN   (xtile plot RUNDIR --baseline FLOATRUN, then the two
#                                         figures' data files and gnuplot commands copied into
#                                         docs/pictures/ and drawn there as SVG)
#   scripts/pictures.sh --redraw DIR      draw docs/pictures/pictures.gp's SVGs again in DIR from
#                                         the committed data (what tests/plot.sh compares)
set -euo pipefail
cd "$(dirname "$0")/.."
xt=${XT:-build/xtile}
out=docs/pictures
figures="accuracy weight_error"

if [ "${1:-}" = --redraw ]; then
  dir=${2:?--redraw DIR}
  mkdir -p "$dir"
  cp "$out"/*.dat "$out/pictures.gp" "$dir/"
  (cd "$dir" && gnuplot pictures.gp 2> gnuplot.log)
  exit
fi
run=${1:?usage: scripts/pictures.sh RUNDIR FLOATRUN}
base=${2:?usage: scripts/pictures.sh RUNDIR FLOATRUN}
"$xt" plot "$run" --baseline "$base" > /dev/null
mkdir -p "$out"
cp "$run/plots/accuracy.dat" "$run/plots/baseline.dat" "$run/plots/weight_error.dat" "$out/"
# plots.gp draws each figure twice (SVG, then PNG), one paragraph each: the SVG ones of the two
{
  echo "# gnuplot script of the README's pictures (scripts/pictures.sh, from $run's plots/plots.gp)"
  echo
  for f in $figures; do
    awk -v want="set output \"$f.svg\"" 'BEGIN { RS = ""; ORS = "\n\n" } index($0, want) { print }' "$run/plots/plots.gp"
  done
} > "$out/pictures.gp"
(cd "$out" && gnuplot pictures.gp)
echo "pictures: $out/{accuracy,weight_error}.svg from $run (baseline $base)"
