#!/usr/bin/env bash
# study.sh [FIG...] - runs the study's sweeps (configs/study/fig_*.ini, or the named ones) into
# runs/study/FIG/, records each one's wall time, and prints docs/study.md's tables: for each
# figure its parameters and the plotted metric's mean and standard deviation over seeds.
#   scripts/study.sh                 every figure (about an hour on 2 cores)
#   scripts/study.sh --tables        only the tables, from the sweeps already run
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory -s all
tables_only=0
if [ "${1:-}" = --tables ]; then tables_only=1; shift; fi
figs=("$@")
[ ${#figs[@]} -gt 0 ] || figs=($(cd configs/study && ls fig_*.ini | sed 's/\.ini$//'))
mkdir -p runs/study
for f in "${figs[@]}"; do
  [ $tables_only -eq 1 ] && continue
  t0=$(date +%s)
  build/xtile sweep "configs/study/$f.ini" --out "runs/study/$f" --quiet
  echo "$(( $(date +%s) - t0 ))" >"runs/study/$f/wall_seconds"
done

# table FIG: the sweep's parameters, then y mean +- std (percent for accuracies)
table() {
  local dir=runs/study/$1 y
  y=$(sed -n 's/^y = //p' "$dir/sweep.ini")
  awk -F, -v y="$y" '
    NR == 1 {
      for (i = 2; i <= NF; i++) {
        if ($i == "seeds") last = i - 1
        if ($i == y "_mean") m = i
        if ($i == y "_std") s = i
      }
      pct = (y ~ /accuracy/) ? 100 : 1
      printf "|"; for (i = 2; i <= last; i++) printf " %s |", $i
      printf " %s%s |\n|", y, pct == 100 ? " (%)" : ""
      for (i = 2; i <= last + 1; i++) printf "---:|"
      printf "\n"; next
    }
    { printf "|"; for (i = 2; i <= last; i++) printf " %s |", $i
      if (pct == 100) printf " %.2f |\n", pct * $m
      else printf " %.4g |\n", $m }' "$dir/sweep.csv"
  echo
  echo "Wall time: $(cat "$dir/wall_seconds" 2>/dev/null || echo '?') s on 2 cores; command: \`xtile sweep configs/study/$1.ini --out runs/study/$1\`"
  echo
}
for f in "${figs[@]}"; do
  [ -f "runs/study/$f/sweep.csv" ] || { echo "runs/study/$f: not run yet" >&2; continue; }
  echo "### $f"
  echo
  table "$f"
done
