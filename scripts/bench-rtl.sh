#!/usr/bin/env bash
# bench-rtl.sh BUILD [EXAMPLES] - make bench's line for the rtl engine (L2): the default network
# trained through the Verilated tiles for EXAMPLES examples (default 20; the preset transfers
# every 1,000, so none here), its training rate from summary.json.
set -euo pipefail
build=${1:-build}
n=${2:-20}
out=$(mktemp -d /tmp/xtile-bench-rtl.XXXXXX)
trap 'rm -rf "$out"' EXIT
"$build/xtile" train configs/default.ini --engine rtl --set train.epochs=1 \
  --set train.examples="$n" --set train.test_examples=1 --quiet --no-plots --out "$out/run" > /dev/null
rate=$(sed -n 's/.*"examples_per_s": *\([0-9.]*\).*/\1/p' "$out/run/summary.json")
printf 'rtl engine (L2), %d examples of the default network (one run): %.1f examples/s\n' "$n" "$rate"
