#!/bin/bash
# check-layers.sh - the include rule of docs/architecture.md: a file includes only headers
# of its own layer or of layers below it. Prints one line per breach and exits 1.
#
# A header include/xtile/X.h belongs to the folder of csim/*/X.c (or .cpp); the few headers
# without a source of their name are listed in OWNER below.
set -u
cd "$(dirname "$0")/.."

declare -A RANK=([common]=0 [nvm]=1 [array]=2 [tile]=3 [engine]=4 [rtl]=4 [config]=5 [dataset]=5
                 [train]=6 [run]=7 [report]=7 [study]=7 [app]=8)
declare -A OWNER=([adc]=array [engine]=engine [model]=train [tile_dut]=tile [tile_lines]=tile [err]=common
                  [app]=app [nvm]=nvm [hash]=common)

layer_of_header() { # X -> layer, or "" when unknown
  local h=$1 f
  [ -n "${OWNER[$h]:-}" ] && { echo "${OWNER[$h]}"; return; }
  for f in csim/*/"$h".c csim/*/"$h".cpp; do
    [ -e "$f" ] && { f=${f#csim/}; echo "${f%%/*}"; return; }
  done
}

bad=0 n=0
check() { # FILE LAYER
  local file=$1 layer=$2 inc l
  for inc in $(sed -n 's|^#include "xtile/\([a-z_0-9]*\)\.h".*|\1|p' "$file"); do
    l=$(layer_of_header "$inc")
    if [ -z "$l" ]; then
      echo "$file: includes xtile/$inc.h, which no layer owns (scripts/check-layers.sh OWNER)"; bad=1
    elif [ "${RANK[$l]}" -gt "${RANK[$layer]}" ]; then
      echo "$file: layer $layer includes xtile/$inc.h of layer $l, above it"; bad=1
    fi
  done
  n=$((n + 1))
}

for f in csim/*/*.c csim/*/*.cpp csim/*/*.hpp; do
  d=${f#csim/}; d=${d%%/*}
  [ -n "${RANK[$d]:-}" ] || { echo "$f: folder csim/$d is no layer (scripts/check-layers.sh RANK)"; bad=1; continue; }
  check "$f" "$d"
done
for f in include/xtile/*.h; do
  h=$(basename "$f" .h); l=$(layer_of_header "$h")
  [ -n "$l" ] || { echo "$f: no layer owns it (no csim/*/$h.c; scripts/check-layers.sh OWNER)"; bad=1; continue; }
  check "$f" "$l"
done
[ $bad = 0 ] && echo "lint: include rule holds ($n files, layers common < nvm < array < tile < engine < config, dataset < train < run, report, study < app)"
exit $bad
