#!/usr/bin/env bash
# plot.sh BUILD - the pictures of a run (xtile plot, and xtile train at its end): every figure a
# valid SVG and PNG named in index.md, its data file holding what the run's own files say; bad
# input refused with one line.
set -uo pipefail

. "$(dirname "$0")/lib.sh" plot "${1:-build}"

data="$tmp/data"
"$build/tests/mkidx" "$data" 300 100 4 4 > /dev/null || { echo "mkidx failed"; exit 1; }
common=(configs/default.ini --data "$data" --set net.layers=16,8,10 --set train.epochs=3
        --set clt.every=100 --quiet)
"$xt" train "${common[@]}" --out "$tmp/dev" > /dev/null 2> "$tmp/err" || bad "device run: $(cat "$tmp/err")"
"$xt" train "${common[@]}" --set weights.encoding=float --no-plots --out "$tmp/float" > /dev/null 2> "$tmp/err" ||
  bad "float run: $(cat "$tmp/err")"
[ ! -e "$tmp/float/plots" ] && ok "--no-plots: no plots/ folder" || bad "--no-plots drew pictures"

if ! command -v gnuplot > /dev/null; then
  echo "plot: no gnuplot: pictures not checked (scripts/deps.sh installs it)"
  finish; exit
fi

# Every picture index.md names is a PNG (its magic) and an SVG (an <svg> element), not empty.
check_pictures() { # DIR WANT
  local dir=$1 want=$2 n=0 bad_pic=""
  for name in $(sed -n 's/^- `\([a-z_0-9]*\)\.svg`.*/\1/p' "$dir/index.md"); do
    n=$((n + 1))
    head -c 8 "$dir/$name.png" 2> /dev/null | od -An -tx1 | tr -d ' \n' | grep -q '^89504e470d0a1a0a$' ||
      bad_pic+=" $name.png"
    grep -q '<svg' "$dir/$name.svg" 2> /dev/null && grep -q '<path\|<polyline\|<rect' "$dir/$name.svg" ||
      bad_pic+=" $name.svg"
  done
  if [ -z "$bad_pic" ] && [ "$n" -eq "$want" ]; then ok "$dir: $n pictures, each a PNG and an SVG"
  else bad "$dir: $n pictures (want $want), invalid:$bad_pic"; fi
}
# accuracy, loss, transfers, weight error, 2 phase figures, a conductance figure per layer (2),
# endurance
check_pictures "$tmp/dev/plots" 9

# The data files say what the run's files say.
p="$tmp/dev/plots"
if awk -F, 'NR > 1 { printf "%d %.4f\n", $1, 100 * $6 }' "$tmp/dev/metrics.csv" > "$tmp/want" &&
   awk '!/^#/ { printf "%d %.4f\n", $1, $3 }' "$p/accuracy.dat" > "$tmp/got" && cmp -s "$tmp/want" "$tmp/got" &&
   [ "$(wc -l < "$tmp/got")" -eq 3 ]; then
  ok "accuracy.dat: the 3 epochs' test accuracy of metrics.csv"
else bad "accuracy.dat differs from metrics.csv: $(paste -d' ' "$tmp/want" "$tmp/got" | head -3)"; fi
rows=$(($(wc -l < "$tmp/dev/clt.csv") - 1))
[ "$(grep -vc '^#' "$p/transfers.dat")" -eq "$rows" ] && ok "transfers.dat: one row per transfer ($rows)" ||
  bad "transfers.dat: $(grep -vc '^#' "$p/transfers.dat") rows, clt.csv $rows"
# weight_error.dat: shadow.csv's RMS errors and shadow RMS, one row per epoch (0 = after programming)
want=$(awk -F, 'NR > 1 { e[$1] = e[$1] sprintf(" %.4g", $4); w[$1] = w[$1] sprintf(" %.4g", $6); n = $1 }
                END { for (i = 0; i <= n; i++) print i e[i] w[i] }' "$tmp/dev/shadow.csv")
got=$(awk '!/^#/ { printf "%d", $1; for (i = 2; i <= NF; i++) printf " %.4g", $i; printf "\n" }' "$p/weight_error.dat")
[ "$want" = "$got" ] && [ "$(echo "$got" | wc -l)" -eq 4 ] && ok "weight_error.dat: shadow.csv's 4 rows (epoch 0..3), 2 layers" ||
  bad "weight_error.dat differs from shadow.csv: $got / $want"
# layer 1 is 17 x 8 = 136 cells: every slot's histogram counts each device once, start and end
sums=$(awk '/^# / { k++ } !/^#/ && NF == 3 { s[k] += $2; e[k] += $3 } END { for (i = 1; i <= k; i++) printf "%d/%d ", s[i], e[i] }' \
       "$p/conductance_layer1.dat")
[ "$sums" = "136/136 136/136 136/136 136/136 " ] && ok "conductance_layer1.dat: 4 slots x 136 devices, start and end" ||
  bad "conductance_layer1.dat sums: $sums"
# endurance: every class's histogram counts its devices (17 x 8 + 9 x 10 cells, 2 devices each)
sums=$(awk '/^# / { k++ } !/^#/ && NF == 3 { s[k] += $3 } END { for (i = 1; i <= k; i++) printf "%d ", s[i] }' "$p/endurance.dat")
[ "$sums" = "452 452 452 452 " ] && ok "endurance.dat: SET and RESET of both classes, 452 devices each" ||
  bad "endurance.dat sums: $sums"

# The README's pictures (docs/pictures/): what gnuplot draws from their committed data and script.
if scripts/pictures.sh --redraw "$tmp/pics" && cmp -s "$tmp/pics/accuracy.svg" docs/pictures/accuracy.svg &&
   cmp -s "$tmp/pics/weight_error.svg" docs/pictures/weight_error.svg; then
  ok "docs/pictures: accuracy.svg and weight_error.svg redrawn from their data, the same bytes"
else bad "docs/pictures: a committed picture is not what its data draws (scripts/pictures.sh)"; fi

# xtile plot again, with a baseline: the float run's curve is added
"$xt" plot "$tmp/dev" --baseline "$tmp/float" > /dev/null 2> "$tmp/err" || bad "xtile plot --baseline: $(cat "$tmp/err")"
[ "$(grep -vc '^#' "$p/baseline.dat")" -eq 3 ] && grep -q 'baseline.dat' "$p/plots.gp" &&
  ok "--baseline: the float run's test accuracy drawn beside" || bad "--baseline: no baseline curve"
# a float run: accuracy and loss only
"$xt" plot "$tmp/float" > /dev/null 2> "$tmp/err" || bad "xtile plot on a float run: $(cat "$tmp/err")"
check_pictures "$tmp/float/plots" 2

# refusals: one line, exit 1 or 2
refused() { # NAME STATUS NEEDLE ARGS...
  local name=$1 want=$2 needle=$3
  shift 3
  "$xt" plot "$@" > /dev/null 2> "$tmp/err"
  local st=$?
  if [ "$st" -eq "$want" ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q "$needle" "$tmp/err"; then
    ok "$name: $(cat "$tmp/err")"
  else bad "$name: exit $st, stderr: $(cat "$tmp/err")"; fi
}
refused no_folder 1 "not a finished run" "$tmp/nowhere"
mkdir -p "$tmp/unfinished" && cp "$tmp/dev/metrics.csv" "$tmp/unfinished/"
refused unfinished 1 "not a finished run" "$tmp/unfinished"
refused no_argument 2 "needs one RUNDIR"
refused bad_baseline 1 "baseline is not a finished run" "$tmp/dev" --baseline "$tmp/nowhere"
cp -r "$tmp/dev" "$tmp/broken" && printf 'epoch,lr\n1,0.1\n' > "$tmp/broken/metrics.csv"
refused short_metrics 1 "metrics.csv:2: 2 fields, expected 6" "$tmp/broken"
finish
