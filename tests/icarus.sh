#!/usr/bin/env bash
# icarus.sh - tile_top under a second simulator: the tile bench's cases recorded on the C twin
# (BUILD/tb/vectors) and replayed, self-checking, by Icarus Verilog (tb/iv_tile_top.v), one
# model per size, the sizes side by side (tests/jobs.sh). Any output that differs, or an
# assertion of rtl/ that fails, fails the run.
# usage: tests/icarus.sh BUILD_DIR [ROWSxCOLSxSHARE...] [+scale=X] [+seed=N]
#   default sizes 9x4x1 5x3x2 12x7x5; +scale=X: X times the SystemC bench's random cases (0.2)
set -uo pipefail
build=${1:-build}
shift || true
sizes=() args=(+scale=0.2)
for a in "$@"; do case $a in +*) args+=("$a") ;; *) sizes+=("$a") ;; esac; done
[ ${#sizes[@]} -gt 0 ] || sizes=(9x4x1 5x3x2 12x7x5)
code_w=9 adc_w=10 # RTL_CODE_W, RTL_ADC_W of mk/rtl.mk (tb/vectors.c records at these widths)
. "$(dirname "$0")/jobs.sh"
if ! command -v iverilog > /dev/null || ! command -v vvp > /dev/null; then
  echo "icarus: FAIL: no iverilog (scripts/deps.sh installs it)"; exit 1
fi
# RTL_DIR: the Verilog to run (tb/mutants.sh: a mutated copy); ICARUS_OUT: where models and logs
# go; ICARUS_VEC: a folder of vectors recorded before (the C twin's do not change with the RTL)
rtl_dir=${RTL_DIR:-rtl}
dir=${ICARUS_OUT:-$build/icarus}
vec=${ICARUS_VEC:-$dir}
rm -rf "$dir" && mkdir -p "$dir"

one() { # one size: its model, then the replay
  local s=$1 r c sh
  IFS=x read -r r c sh <<< "$s"
  iverilog -g2012 -Wall -Wno-sensitivity-entire-array -Wno-timescale -s iv_tile_top \
    -P iv_tile_top.Rows=$r -P iv_tile_top.Cols=$c -P iv_tile_top.Share=$sh \
    -P iv_tile_top.CodeW=$code_w -P iv_tile_top.AdcW=$adc_w -o "$dir/$s.vvp" "$rtl_dir"/*.v tb/iv_tile_top.v &&
    vvp -n "$dir/$s.vvp" +vec="$vec/$s.vec"
}

t0=$(date +%s)
if [ -z "${ICARUS_VEC:-}" ] && ! "$build/tb/vectors" "$dir" "${sizes[@]}" "${args[@]}" > "$dir/vectors.log" 2>&1; then
  cat "$dir/vectors.log"; echo "icarus: FAIL: the vectors could not be recorded"; exit 1
fi
for s in "${sizes[@]}"; do spawn logged "$dir" "$s" one "$s"; done
wait
fail=0
for s in "${sizes[@]}"; do
  line=$(grep '^iv_tile_top ' "$dir/$s.log" | tail -1)
  echo "  ${line:-iv_tile_top $s: no result} ($(cat "$dir/$s.secs"))"
  # a failed assertion of rtl/ prints an ERROR line (Icarus goes on; the replay fails here)
  if [ "$(cat "$dir/$s.rc")" != 0 ] || ! grep -q ': PASS$' <<< "$line" || grep -q '^ERROR:' "$dir/$s.log"; then
    fail=1; grep -v '^iv_tile_top \|^VCD info' "$dir/$s.log" | head -25
  fi
done
echo "icarus: $([ $fail = 0 ] && echo PASS || echo FAIL) ($(($(date +%s) - t0)) s; vectors and models in $dir)"
exit $fail
