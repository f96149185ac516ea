#!/usr/bin/env bash
# summary.sh - one table of synthesis reports (synth/synth.sh): cells, flip-flops and the CMOS
# transistor estimate of each design, whole hierarchy; written to DIR/summary.txt and
# DIR/summary.json and printed.
# usage: synth/summary.sh DIR NAME...
set -euo pipefail
dir=$1
shift
txt=$dir/summary.txt json=$dir/summary.json
{
  printf '%-36s %12s %10s %14s\n' design cells flip-flops transistors
  for n in "$@"; do
    # the last section of `stat` is the whole design (the hierarchy's, or the only module's)
    awk -v n="$n" '
      /^=== / { cells = ""; ff = 0; tr = "" }
      /Number of cells:/ { cells = $NF }
      /\$_DFF_P_/ { ff = $NF }
      /Estimated number of transistors:/ { tr = $NF }
      END { if (tr == "" || tr ~ /\+$/) { print n ": no transistor estimate" > "/dev/stderr"; exit 1 }
            printf "%-36s %12s %10s %14s\n", n, cells, ff, tr }' "$dir/$n.txt"
  done
} > "$txt.tmp"
awk 'NR > 1 { printf "%s  \"%s\": {\"cells\": %s, \"flops\": %s, \"transistors\": %s}", (NR > 2 ? ",\n" : "{\n"), $1, $2, $3, $4 }
     END { print "\n}" }' "$txt.tmp" > "$json.tmp"
mv -f "$txt.tmp" "$txt"
mv -f "$json.tmp" "$json"
cat "$txt"
