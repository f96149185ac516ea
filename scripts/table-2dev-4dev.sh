#!/usr/bin/env bash
# table-2dev-4dev.sh BEFORE AFTER - the 2dev vs 4dev sweeps (configs/study/fig_2dev_4dev_*.ini)
# of two builds side by side: test accuracy, mean +- SD over the seeds, per point. BEFORE and AFTER
# each hold one sweep folder per figure (c2c, dead, dgmax, dynrange, gmax, stuck), as made by
#   xtile sweep configs/study/fig_2dev_4dev_dead.ini --out DIR/dead
# The Markdown table goes to stdout.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 BEFORE AFTER" >&2; exit 2; }
before=$1 after=$2
# rows of one sweep.csv: "parameter value encoding mean sd seeds"
rows() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { printf "%s %s %s %s %s\n", $(col["point"] + 1), $(col["weights.encoding"]),
      $(col["test_accuracy_mean"]), $(col["test_accuracy_std"]), $(col["seeds"]) }' "$1/sweep.csv"
}
echo "| LSP parameter | value | 2dev before | 2dev after | 4dev before | 4dev after | 4dev − 2dev after (± SE) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for fig in dynrange c2c dgmax gmax dead stuck; do
  for d in "$before/$fig" "$after/$fig"; do
    [ -f "$d/sweep.csv" ] || { echo "$0: $d/sweep.csv: no such file" >&2; exit 1; }
  done
  key=$(head -1 "$after/$fig/sweep.csv" | cut -d, -f2)
  join -j1 <(rows "$before/$fig" | awk '{ print $1 "_" $2, $3, $4, $5 }' | sort) \
    <(rows "$after/$fig" | awk '{ print $1 "_" $2, $3, $4, $5 }' | sort) |
    awk -v key="$key" '
      { split($1, k, "_"); v = k[1]; e = k[2]; b[v, e] = sprintf("%.2f ± %.2f", 100 * $2, 100 * $3)
        a[v, e] = sprintf("%.2f ± %.2f", 100 * $5, 100 * $6); m[v, e] = $5; s[v, e] = $6
        n = $7; if (!(v in seen)) { seen[v] = 1; vals[++nv] = v } }
      END {
        for (i = 1; i <= nv; i++) { v = vals[i]
          d = 100 * (m[v, "4dev"] - m[v, "2dev"])
          # the SD of the difference of two independent means of n seeds each
          sd = 100 * sqrt((s[v, "4dev"]^2 + s[v, "2dev"]^2) / n)
          printf "| %s | %s | %s | %s | %s | %s | %+.2f ± %.2f%s |\n", key, v, b[v, "2dev"],
            a[v, "2dev"], b[v, "4dev"], a[v, "4dev"], d, sd, (d > 2 * sd || d < -2 * sd) ? " *" : ""
        } }' | sort -t'|' -k3,3g
done
