#!/usr/bin/env bash
# threads.sh BUILD - --threads is a speed setting, never a result setting: the fast and cycle
# engines at 1, 2 and 3 threads leave the same weights_hash, codes_hash, metrics.csv, clt.csv,
# shadow.csv and summary.json (timings aside); so do 2dev and a run with read noise (whose
# transfers keep their rows in order); a bad --threads is one line and exit 2.
set -uo pipefail

. "$(dirname "$0")/lib.sh" threads "${1:-build}"

data="$tmp/data"
# 28 x 28 images: the first tile has 785 rows, enough for its updates and transfers to be split
"$build/tests/mkidx" "$data" 300 50 28 28 > /dev/null || { echo "mkidx failed"; exit 1; }
common=(configs/default.ini --data "$data" --set net.layers=784,64,10 --set train.epochs=2
        --set clt.every=100 --quiet --no-plots)
# what a run leaves, timings aside
result() {
  for f in metrics.csv clt.csv shadow.csv; do cat "$1/$f"; done
  grep -v -e '_seconds"' -e '"examples_per_s"' "$1/summary.json"
}
same() { # NAME RUN... : every run's result equals the first's
  local name=$1 first=$2; shift 2
  for r in "$@"; do
    if ! cmp -s <(result "$first") <(result "$r"); then
      bad "$name: $(basename "$r") differs from $(basename "$first"): $(diff <(result "$first") <(result "$r") | head -3 | tr '\n' ' ')"
      return
    fi
  done
  ok "$name: the same results at 1, 2 and 3 threads (weights_hash $(sed -n 's/.*"weights_hash": *"\([0-9a-f]*\)".*/\1/p' "$first/summary.json"))"
}
for e in fast cycle; do
  n=300; [ $e = cycle ] && n=100
  for t in 1 2 3; do
    "$xt" train "${common[@]}" --set train.examples=$n --engine $e --threads $t --out "$tmp/$e-$t" \
      > /dev/null 2> "$tmp/err" || bad "$e at $t threads: $(cat "$tmp/err")"
  done
  same "$e engine" "$tmp/$e-1" "$tmp/$e-2" "$tmp/$e-3"
done
for v in "2dev:--set weights.encoding=2dev" "read noise:--set lsp.read_sigma=0.02 --set msp.read_sigma=0.02"; do
  name=${v%%:*}
  for t in 1 2 3; do
    # shellcheck disable=SC2086
    "$xt" train "${common[@]}" --set train.examples=300 ${v#*:} --threads $t --out "$tmp/v-$t" \
      > /dev/null 2> "$tmp/err" || bad "$name at $t threads: $(cat "$tmp/err")"
  done
  same "$name" "$tmp/v-1" "$tmp/v-2" "$tmp/v-3"
  rm -rf "$tmp"/v-*
done
for t in 0 65 x; do
  "$xt" train "${common[@]}" --threads $t --out "$tmp/bad" > /dev/null 2> "$tmp/err"
  rc=$?
  [ $rc -eq 2 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && [ ! -e "$tmp/bad" ] &&
    ok "--threads $t refused: $(cat "$tmp/err")" || bad "--threads $t: exit $rc, $(cat "$tmp/err")"
done
finish
