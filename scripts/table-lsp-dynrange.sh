#!/usr/bin/env bash
# table-lsp-dynrange.sh [EPOCHS] - 2dev vs 4dev test accuracy for LSP N_DR in
# {5, 10, 20, 50, 100} (configs/study/lsp_dynrange.ini), two runs at a time.
# Runs go to runs/lsp-dynrange/; the Markdown table to stdout and
# runs/lsp-dynrange/table.md.
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-1}
out=runs/lsp-dynrange
mkdir -p "$out"
make --no-print-directory -s all
jobs=()
for enc in 2dev 4dev; do
  for ndr in 5 10 20 50 100; do
    jobs+=("$enc $ndr")
  done
done
printf '%s\n' "${jobs[@]}" | xargs -P 2 -L 1 sh -c '
  build/xtile train configs/study/lsp_dynrange.ini --quiet --set train.epochs='"$epochs"' \
    --set weights.encoding=$0 --set lsp.dyn_range=$1 --out '"$out"'/$0-ndr$1 >/dev/null \
    || { echo "run $0 N_DR=$1 failed" >&2; exit 255; }'
acc() { sed -n 's/.*"test_accuracy": \([0-9.]*\).*/\1/p' "$out/$1/summary.json"; }
{
  echo "| LSP N_DR | 2dev test accuracy | 4dev test accuracy |"
  echo "|---:|---:|---:|"
  for ndr in 5 10 20 50 100; do
    printf '| %s | %.2f %% | %.2f %% |\n' "$ndr" \
      "$(awk -v a="$(acc 2dev-ndr$ndr)" 'BEGIN{print 100*a}')" \
      "$(awk -v a="$(acc 4dev-ndr$ndr)" 'BEGIN{print 100*a}')"
  done
  echo
  echo "MNIST 60,000 / 10,000, $epochs epoch(s), seed 1, configs/study/lsp_dynrange.ini"
} | tee "$out/table.md"
