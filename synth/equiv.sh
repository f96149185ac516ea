#!/usr/bin/env bash
# equiv.sh - proves one block or tile of rtl/ equivalent to its gate-level netlist. Synthesizes it
# with synth/synth.sh (the flow of make synth, into OUT/NAME.v), then has Yosys read the RTL again
# as the reference (proc and async2sync: the flow's own reading of the asynchronous reset) and the
# netlist as the implementation, and proves module by module: each module of the netlist against
# the RTL module of the same name, its instances of other modules cut into ports of the same
# names on both sides (expose -evert), so the proof of a parent assumes its children equal and
# each child is proven on its own. Registers and outputs are paired by name (the flow keeps every
# *_q register's name and every state encoding) and proven equal by equiv_simple, then temporal
# induction (equiv_induct). Writes OUT/NAME.proven only on success; exits 1 naming what it could
# not prove. The log is OUT/NAME.equiv.log, the script OUT/NAME.equiv.ys.
# With --bounded N, where induction does not close (the transfer controller: its 64-bit
# statistics), a bounded check instead: the RTL and the netlist, flattened, side by side in a
# miter (Yosys miter -equiv), every output compared at every clock of the first N from reset with
# every input free at every clock (sat -seq N); it reports the depth it reached.
# With --views, no netlist: the RTL's two views, the synthesis view (per-line modules, the popcount
# tree) and the simulation view of the rtl engine's models (TILE_LINE_VECTORS: the lines as
# vectors in their parent, the popcount a builtin), both flattened, proven equal the same way
# (equiv_simple, equiv_induct); the vector view names every line's registers as the per-line view
# does (its mirrors), so the pairs are by name.
# usage: synth/equiv.sh [--bounded N | --views] OUT NAME TOP [PARAM=VALUE ...]
#   e.g. synth/equiv.sh build/equiv tile_adc_rd_Lines5_Share2 tile_adc_rd Lines=5 Share=2
set -euo pipefail
depth=0 views=0
if [ "${1:-}" = --bounded ]; then depth=$2; shift 2; fi
if [ "${1:-}" = --views ]; then views=1; shift; fi
[ $# -ge 3 ] || { echo "usage: synth/equiv.sh [--bounded N | --views] OUT NAME TOP [PARAM=VALUE ...]" >&2; exit 2; }
out=$1 name=$2 top=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
rtl=${RTL_DIR:-$here/../rtl}
rm -f "$out/$name.proven"
mkdir -p "$out"
t0=$(date +%s.%N)
[ "$views" = 1 ] || "$here/synth.sh" "$out" "$name" "$top" "$@" > /dev/null
chp=""
for kv in "$@"; do chp="$chp -set ${kv%%=*} ${kv#*=}"; done
files=$(ls "$rtl"/tile_*.v | tr '\n' ' ')
log=$out/$name.equiv.log
# the reference: the RTL as the flow reads it (its asynchronous reset made synchronous); with an
# argument, the defines of another view
gold() {
  cat <<YS
read_verilog -DSYNTHESIS ${1:-} $files
${chp:+chparam$chp $top}
hierarchy -check -top $top
proc
async2sync
YS
}
# the implementation: the netlist
gate() { printf 'read_verilog %s\nhierarchy -auto-top\nproc\n' "$out/$name.v"; }
secs() { awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
if [ "$views" = 1 ]; then
  {
    gold
    printf 'flatten\nopt_clean\nrename -top gold\ndesign -stash gold\n'
    gold -DTILE_LINE_VECTORS
    printf 'flatten\nopt_clean\nrename -top gate\ndesign -stash gate\n'
    cat <<YS
design -copy-from gold -as gold gold
design -copy-from gate -as gate gate
equiv_make gold gate equiv
hierarchy -top equiv
equiv_simple -seq 2
equiv_induct -seq 4
tee -o $out/$name.equiv.txt equiv_status
equiv_status -assert
YS
  } > "$out/$name.equiv.ys"
  if ! "${YOSYS:-yosys}" -q -l "$log" "$out/$name.equiv.ys" > /dev/null 2>&1; then
    grep -m10 'Unproven' "$out/$name.equiv.txt" 2>/dev/null | sed 's/.*: /  not proven: /' >&2 || grep -m3 ERROR "$log" >&2
    echo "equiv: $name: the simulation view (TILE_LINE_VECTORS) is NOT proven equal to the synthesis view (log: $log)" >&2
    exit 1
  fi
  n=$(awk '/^Found [0-9]+ \$equiv cells/ { s += $2 } END { print s }' "$out/$name.equiv.txt")
  echo "equiv: $name: simulation view (TILE_LINE_VECTORS) = synthesis view, $n named signal bits proven ($(secs) s)" | tee "$out/$name.proven"
  exit 0
fi
if [ "$depth" != 0 ]; then
  {
    gold
    printf 'flatten\nopt_clean\nrename -top gold\ndesign -stash gold\n'
    gate
    printf 'flatten\nopt_clean\nrename -top gate\ndesign -stash gate\n'
    cat <<YS
design -copy-from gold -as gold gold
design -copy-from gate -as gate gate
miter -equiv -flatten -make_outputs -ignore_gold_x gold gate miter
hierarchy -top miter
sat -verify -seq $depth -set-at 1 in_rst_ni 0 -set-init-zero -prove trigger 0 miter
YS
  } > "$out/$name.equiv.ys"
  if ! "${YOSYS:-yosys}" -q -l "$log" "$out/$name.equiv.ys" > /dev/null 2>&1; then
    grep -m3 'ERROR\|failed' "$log" >&2
    echo "equiv: $name: the netlist differs from the RTL within $depth clocks of reset (log: $log)" >&2
    exit 1
  fi
  echo "equiv: $name: netlist = RTL on every output for $depth clocks from reset, every input free (bounded: induction does not close; $(secs) s with its synthesis)" | tee "$out/$name.proven"
  exit 0
fi
{
  gold
  printf 'opt_clean\nexpose -evert */c:*\ndesign -stash gold\n'
  gate
  printf 'expose -evert */c:*\ndesign -stash gate\n'
  # every module of the netlist (escaped Verilog names: \$paramod$...\tile_seq_line), by number
  k=0
  while read -r m; do
    echo "design -copy-from gold -as gold$k $m"
    echo "design -copy-from gate -as gate$k $m"
    echo "equiv_make gold$k gate$k equiv$k"
    k=$((k + 1))
  done < <(sed -n 's/^module \([^ (]*\).*/\1/p' "$out/$name.v")
  echo "select equiv*"
  echo "equiv_simple -seq 2"
  echo "equiv_induct -seq 4"
  echo "tee -o $out/$name.equiv.txt equiv_status"
  echo "equiv_status -assert"
} > "$out/$name.equiv.ys"
if ! "${YOSYS:-yosys}" -q -l "$log" "$out/$name.equiv.ys" > /dev/null 2>&1; then
  grep -m10 'Unproven' "$out/$name.equiv.txt" 2>/dev/null | sed 's/.*: /  not proven: /' >&2 || grep -m3 ERROR "$log" >&2
  echo "equiv: $name: the netlist is NOT proven equal to the RTL (log: $log)" >&2
  exit 1
fi
mods=$(grep -c '^module ' "$out/$name.v")
n=$(awk '/^Found [0-9]+ \$equiv cells/ { s += $2 } END { print s }' "$out/$name.equiv.txt")
echo "equiv: $name: netlist = RTL, $mods modules, $n named signal bits proven ($(secs) s with its synthesis)" | tee "$out/$name.proven"
