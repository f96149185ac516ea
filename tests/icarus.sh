#!/usr/bin/env bash
# icarus.sh - tile_top under a second simulator: the tile bench's cases recorded on the C twin
# (BUILD/tb/vectors) and replayed, self-checking, by Icarus Verilog (tb/iv_tile_top.v), one
# model per size, the sizes side by side (tests/jobs.sh). Any output that differs, or an
# assertion of rtl/ that fails, fails the run.
# usage: tests/icarus.sh BUILD_DIR [ROWSxCOLSxSHARE[xADCW]...] [+scale=X] [+seed=N]
#   default sizes 9x4x1 5x3x2 2x1x4 12x7x5x6; +scale=X: X times the SystemC bench's random cases
#   (0.2). RTL_CODE_W and RTL_ADC_W (make passes mk/rtl.mk's): CodeW, and AdcW where a size
#   gives none.
set -uo pipefail
build=${1:-build}
shift || true
code_w=${RTL_CODE_W:-9} adc_w=${RTL_ADC_W:-10}
sizes=() args=(+scale=0.2 +codew=$code_w)
for a in "$@"; do case $a in +*) args+=("$a") ;; *) sizes+=("$a") ;; esac; done
[ ${#sizes[@]} -gt 0 ] || sizes=(9x4x1 5x3x2 2x1x4 12x7x5x6)
for k in "${!sizes[@]}"; do # every size with its AdcW
  case ${sizes[$k]} in *x*x*x*) ;; *) sizes[$k]=${sizes[$k]}x$adc_w ;; esac
done
. "$(dirname "$0")/jobs.sh"
if ! command -v iverilog > /dev/null || ! command -v vvp > /dev/null; then
  echo "icarus: FAIL: no iverilog (scripts/deps.sh installs it)"; exit 1
fi
# RTL_DIR: the Verilog to run (tb/mutants.sh: a mutated copy); ICARUS_OUT: where models and logs
# go; ICARUS_VEC: a folder for the vectors, recorded there by the first run and reused by the
# next (tb/mutants.sh: the C twin's vectors do not change with the RTL)
rtl_dir=${RTL_DIR:-rtl}
dir=${ICARUS_OUT:-$build/icarus}
vec=${ICARUS_VEC:-$dir}
rm -rf "$dir" && mkdir -p "$dir"

one() { # one size: its model, then the replay
  local s=$1 r c sh aw
  IFS=x read -r r c sh aw <<< "$s"
  iverilog -g2012 -Wall -Wno-sensitivity-entire-array -Wno-timescale -s iv_tile_top \
    -P iv_tile_top.Rows=$r -P iv_tile_top.Cols=$c -P iv_tile_top.Share=$sh \
    -P iv_tile_top.CodeW=$code_w -P iv_tile_top.AdcW=$aw -o "$dir/$s.vvp" "$rtl_dir"/*.v tb/iv_tile_top.v &&
    vvp -n "$dir/$s.vvp" +vec="$vec/$s.vec"
}

t0=$(date +%s)
recorded=true
for s in "${sizes[@]}"; do [ -s "$vec/$s.vec" ] || recorded=false; done
if [ -z "${ICARUS_VEC:-}" ] || ! $recorded; then
  mkdir -p "$vec"
  if ! "$build/tb/vectors" "$vec" "${sizes[@]}" "${args[@]}" > "$vec/vectors.log" 2>&1; then
    cat "$vec/vectors.log"; rm -f "$vec"/*.vec; echo "icarus: FAIL: the vectors could not be recorded"; exit 1
  fi
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
