#!/usr/bin/env bash
# check_encodings.sh - the state encodings, op codes and register addresses of rtl/ equal the C
# headers' (printed by tb/encodings.c): every C constant is a localparam of the same value in
# each RTL file that uses it, and every localparam of a shared prefix is one of them.
# usage: tb/check_encodings.sh BUILD_DIR [RTL_DIR]
set -euo pipefail
build=${1:-build}
rtl=${2:-rtl}
"$build/tb/encodings" > "$build/tb/encodings.txt"
awk '
  FNR == NR { c[$1] = $2; next }
  /localparam/ && match($0, /[A-Z][A-Z0-9_]* = [^;]*;/) {
    split(substr($0, RSTART, RLENGTH - 1), kv, " = ")
    name = kv[1]; lit = kv[2]
    if (name !~ /^(SEQ|ADC|WX|TOP|ARR|XT|CLT|PORT|OLT)_/) next
    gsub(/ /, "", lit)
    if (lit ~ /'"'"'d/) { sub(/.*'"'"'d/, "", lit); v = lit + 0 }
    else if (lit ~ /'"'"'h/) { sub(/.*'"'"'h/, "", lit); v = 0
      for (i = 1; i <= length(lit); i++) v = v * 16 + index("0123456789abcdef", tolower(substr(lit, i, 1))) - 1 }
    else v = lit + 0
    seen[name] = 1; n++
    if (!(name in c)) { printf "%s:%d: %s is not a constant of the C headers\n", FILENAME, FNR, name; bad++ }
    else if (c[name] != v) { printf "%s:%d: %s = %s, the C headers say %s\n", FILENAME, FNR, name, v, c[name]; bad++ }
  }
  END {
    for (k in c) if (!(k in seen)) { printf "%s (C) has no localparam in the RTL\n", k; bad++ }
    if (bad) { printf "encodings: %d disagreements\n", bad; exit 1 }
    printf "encodings: %d localparams of rtl/ equal the C headers (%d constants)\n", n, length(c)
  }' "$build/tb/encodings.txt" "$rtl"/*.v
