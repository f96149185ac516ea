#!/bin/sh
# gen-harness.sh - the C++ sources that bind Verilated models to the C++ harnesses, written to
# stdout (the Makefile's rules redirect it). Sizes are ROWSxCOLS[xSHARE].
#
#   gen-harness.sh model PREFIX SIZE CODEW ADCW SIGNALS
#       one tile_top model for the rtl engine (csim/rtl/rtl_dut.hpp's XT_RTL_MODEL); SIGNALS
#       is true when the model has the RTL's internal registers (not a netlist)
#   gen-harness.sh list MACRO PREFIX CODEW ADCW SIZE...
#       the headers of several models and MACRO(X): X(PREFIX_SIZE, ROWS, COLS) each (a block's
#       size), or X(PREFIX_SIZE, ROWS, COLS, SHARE, ADCW) (a tile's, ROWSxCOLSxSHARE[xADCW]:
#       ADCW if not given)
#   gen-harness.sh sizes MACRO SIZE...
#       MACRO(X): X(ROWS, COLS, SHARE) each
set -eu

split() { # SIZE -> "ROWS, COLS[, SHARE]"
  echo "$1" | sed 's/x/, /g'
}

case "$1" in
model)
  prefix=$2 size=$3 codew=$4 adcw=$5 signals=$6
  echo "#include \"${prefix}.h\""
  [ "$signals" = true ] && echo "#include \"${prefix}___024root.h\""
  echo '#include "rtl_dut.hpp"'
  echo "XT_RTL_MODEL($prefix, $(split "$size"), $codew, $adcw, $signals)"
  ;;
list)
  macro=$2 prefix=$3 codew=$4 adcw=$5
  shift 5
  for s in "$@"; do
    echo "#include \"${prefix}_$s.h\""
    echo "#include \"${prefix}_${s}___024root.h\""
  done
  echo "#define XT_CODE_W $codew"
  echo "#define XT_ADC_W $adcw"
  printf '#define %s(X)' "$macro"
  for s in "$@"; do
    f=$(split "$s")
    case $s in *x*x*x*) ;; *x*x*) f="$f, $adcw" ;; esac
    printf ' X(%s_%s, %s)' "$prefix" "$s" "$f"
  done
  echo
  ;;
sizes)
  macro=$2
  shift 2
  printf '#define %s(X)' "$macro"
  for s in "$@"; do printf ' X(%s)' "$(split "$s")"; done
  echo
  ;;
*)
  echo "gen-harness.sh: unknown kind '$1' (model, list, sizes)" >&2
  exit 2
  ;;
esac
