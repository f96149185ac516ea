#!/usr/bin/env bash
# budget.sh BUILD - xtile budget: the points of a config's budget, its tables consistent with the
# runs (each difference what the runs' accuracies give; the interaction the gap minus the sum of
# the gains), the waterfall's bars from the table; rerun and --collect recompute nothing; bad
# input refused with one line.
set -uo pipefail

. "$(dirname "$0")/lib.sh" budget "${1:-build}"

data="$tmp/data"
"$build/tests/mkidx" "$data" 200 50 4 4 > /dev/null || { echo "mkidx failed"; exit 1; }
common=(configs/default.ini --set data.dir="$data" --set net.layers=16,8,10 --set train.epochs=1
        --set clt.every=50 --seeds 2 --quiet)
"$xt" budget "${common[@]}" --out "$tmp/b" > "$tmp/out" 2> "$tmp/err" || bad "budget: $(cat "$tmp/err")"
labels=$(sed -n 's/^labels = //p' "$tmp/b/budget.ini")
[ "$labels" = "all ideal -device-to-device +device-to-device -pulse-to-pulse +pulse-to-pulse -yield +yield -saturation +saturation -quantization +quantization -transfer-error +transfer-error" ] &&
  ok "the default preset's budget: all, ideal and six factors removed and alone" || bad "points: $labels"
[ "$(ls -d "$tmp"/b/runs/*-s* | wc -l)" -eq 28 ] && ok "14 points x 2 seeds = 28 runs" ||
  bad "$(ls -d "$tmp"/b/runs/*-s* | wc -l) runs"
# The point "+saturation" is the ideal config with the devices' model put back, nothing else.
grep -q '^lsp.model = .*' "$tmp/b/budget.ini" &&
  [ "$(sed -n 's/^lsp.model = //p' "$tmp/b/budget.ini" | awk '{ print $1, $2, $9, $10 }')" = "sat_immediate linear linear sat_immediate" ] &&
  ok "-saturation: linear devices; +saturation: the given model" ||
  bad "lsp.model: $(sed -n 's/^lsp.model = //p' "$tmp/b/budget.ini")"

# budget.csv against the runs' own summary.json, paired by seed.
acc() { sed -n 's/.*"test_accuracy": *\([0-9.e+-]*\).*/\1/p' "$tmp/b/runs/$1/summary.json" | head -1; }
want=$(for pt in 000 001 002 003; do for s in 0 1; do acc "$pt-s$s"; done; done | tr '\n' ' ' |
  awk '{ all0 = $1; all1 = $2; id0 = $3; id1 = $4; rm0 = $5; rm1 = $6; al0 = $7; al1 = $8
         printf "%.4f %.4f %.4f", 50 * (id0 - all0 + id1 - all1), 50 * (rm0 - all0 + rm1 - all1), 50 * (id0 - al0 + id1 - al1) }')
got=$(awk -F, '$1 == "gap" { g = $3 } $1 == "gain_removed" && $2 == "device-to-device" { r = $3 }
               $1 == "cost_alone" && $2 == "device-to-device" { c = $3 } END { printf "%.4f %.4f %.4f", g, r, c }' "$tmp/b/budget.csv")
[ "$want" = "$got" ] && ok "budget.csv: gap, device-to-device's gain and cost = the runs' accuracies ($got)" ||
  bad "budget.csv: gap, gain, cost $got; the runs give $want"
inter=$(awk -F, '$1 == "gap" { g = $3 } $1 == "gain_removed" { s += $3 } $1 == "sum_gain_removed" { t = $3 }
                 $1 == "interaction" { i = $3 } END { d = g - s - i; e = s - t; print (d < 1e-5 && d > -1e-5 && e < 1e-5 && e > -1e-5) ? "ok" : g " " s " " t " " i }' "$tmp/b/budget.csv")
[ "$inter" = ok ] && ok "interaction = gap - the sum of the six gains" || bad "gap, sum, table's sum, interaction: $inter"
# The waterfall: from ideal down by each gain, to all.
bars=$(awk '!/^#/ { n++; if (n == 1) top = $4; else if ($2 != "\"all\"") { lvl = ($7 == 2) ? $3 : $4; lvl2 = ($7 == 2) ? $4 : $3; if (lvl2 - top > 1e-4 || top - lvl2 > 1e-4) bad = 1; top = lvl } else end = $4 }
              END { d = top - end; print n, (!bad && d < 1e-4 && d > -1e-4) ? "chained" : "broken" }' "$tmp/b/budget.dat")
[ "$bars" = "9 chained" ] && ok "budget.dat: 9 bars, each step starting where the one before ended, ending at all" ||
  bad "budget.dat: $bars"
if command -v gnuplot > /dev/null; then
  head -c 8 "$tmp/b/budget.png" | od -An -tx1 | tr -d ' \n' | grep -q '^89504e470d0a1a0a$' &&
    grep -q '<rect\|<path' "$tmp/b/budget.svg" && ok "budget.png and budget.svg drawn" || bad "no waterfall pictures"
fi

# The committed budget (docs/budget/, README): its script is the one xtile writes, its SVG is what
# gnuplot draws from its budget.dat, and its bars are its budget.csv's numbers.
cmp -s docs/budget/budget.gp "$tmp/b/budget.gp" && ok "docs/budget/budget.gp: what xtile budget writes" ||
  bad "docs/budget/budget.gp differs from xtile's (regenerate: docs/study.md, 'The error budget')"
if command -v gnuplot > /dev/null; then
  mkdir "$tmp/redraw" && cp docs/budget/budget.dat docs/budget/budget.gp "$tmp/redraw/" &&
    (cd "$tmp/redraw" && gnuplot budget.gp 2> /dev/null) && cmp -s "$tmp/redraw/budget.svg" docs/budget/budget.svg &&
    ok "docs/budget/budget.svg redrawn from its budget.dat: the same bytes" || bad "docs/budget/budget.svg is not what its budget.dat draws"
fi
steps=$(awk 'FNR == NR { split($0, f, ","); $1 = f[1]; $2 = f[2]; $3 = f[3]; if ($1 == "accuracy") a[$2] = $3; if ($1 == "gain_removed") g[++n] = $3; if ($1 == "interaction") g[n + 1] = $3; next }
  !/^#/ { k++; if (k == 1) { lvl = a["ideal"]; if ($4 - lvl > 1e-5 || lvl - $4 > 1e-5) bad = bad " ideal" }
          else if (k <= n + 2) { end = lvl - g[k - 1]; lo = lvl < end ? lvl : end; hi = lvl < end ? end : lvl
            if (($5 - end) ^ 2 > 1e-10 || ($3 - lo) ^ 2 > 1e-10 || ($4 - hi) ^ 2 > 1e-10) bad = bad " " $2; lvl = end }
          else if ($4 - a["all"] > 1e-5 || a["all"] - $4 > 1e-5 || lvl - a["all"] > 1e-4 || a["all"] - lvl > 1e-4) bad = bad " all" }
  END { print k, bad == "" ? "in step" : bad }' docs/budget/budget.csv docs/budget/budget.dat)
[ "$steps" = "9 in step" ] && ok "docs/budget/budget.dat: the bars of its budget.csv, ideal down to all" || bad "docs/budget/budget.dat: $steps"

# Again, and --collect: nothing recomputed, the same table.
cp "$tmp/b/budget.csv" "$tmp/csv1"
"$xt" budget "${common[@]}" --out "$tmp/b" > /dev/null 2> "$tmp/err" && "$xt" budget "${common[@]}" --out "$tmp/b" --collect > /dev/null 2>> "$tmp/err" &&
  cmp -s "$tmp/csv1" "$tmp/b/budget.csv" && [ "$(find "$tmp/b/runs" -name summary.json -newer "$tmp/csv1" | wc -l)" -eq 0 ] &&
  ok "a rerun and --collect: no run again, the same budget.csv" || bad "rerun: $(cat "$tmp/err")"

# Refusals: one line, exit 2.
refuse() { # WHAT WANT ARGS...
  local what=$1 want=$2; shift 2
  "$xt" budget "$@" > /dev/null 2> "$tmp/err"; local st=$?
  [ $st -eq 2 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q -- "$want" "$tmp/err" && ok "$what refused: $(cat "$tmp/err")" ||
    bad "$what: exit $st, $(cat "$tmp/err")"
}
refuse "a float network" "no device non-ideality" "${common[@]}" --set weights.encoding=float --out "$tmp/f"
refuse "a config without non-idealities" "no non-ideality to budget" configs/study/ideal.ini --set tile.adc_bits=16 \
  --set tile.x_bits=16 --set tile.d_bits=16 --out "$tmp/i"
refuse "another budget in the folder" "holds another budget" "${common[@]}" --seeds 3 --out "$tmp/b"
refuse "no config" "needs a CONFIG" --out "$tmp/n"
refuse "--seeds 0" "--seeds" "${common[@]}" --seeds 0 --out "$tmp/z"
"$xt" budget "$tmp/none.ini" > /dev/null 2> "$tmp/err"; st=$?
[ $st -ne 0 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q "none.ini" "$tmp/err" && ok "a missing config refused: $(cat "$tmp/err")" ||
  bad "missing config: exit $st, $(cat "$tmp/err")"
[ ! -e "$tmp/f" ] && [ ! -e "$tmp/i" ] && ok "nothing written for a refused budget" || bad "a refused budget left a folder"

finish
