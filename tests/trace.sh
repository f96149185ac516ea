#!/usr/bin/env bash
# trace.sh BUILD - pulse traces (xtile train --trace-pulses): the fast and cycle engines write the
# same bytes; every device's pulses in the trace chain (pulse numbers consecutive, each pulse's G
# before = the previous pulse's G after); a window over the bound, outside the network or the
# run, a float network and --resume are refused before training with one line, exit 2.
set -uo pipefail

. "$(dirname "$0")/lib.sh" trace "${1:-build}"

data="$tmp/data"
"$build/tests/mkidx" "$data" 100 20 4 4 > /dev/null || { echo "mkidx failed"; exit 1; }
common=(configs/default.ini --data "$data" --set net.layers=16,8,10 --set train.epochs=1
        --set clt.every=50 --quiet --no-plots)
for e in fast cycle; do
  "$xt" train "${common[@]}" --engine $e --out "$tmp/$e" --trace-pulses "$tmp/$e.csv" --trace-layer 0 \
    --trace-rows 0:17 --trace-cols 0:8 --trace-examples 0:100 > /dev/null 2> "$tmp/err" ||
    bad "$e run with a trace: $(cat "$tmp/err")"
done
n=$(($(wc -l < "$tmp/fast.csv") - 1))
if cmp -s "$tmp/fast.csv" "$tmp/cycle.csv" && [ "$n" -gt 1000 ]; then
  ok "fast and cycle traces of 100 examples identical ($n pulses)"
else bad "traces differ or are short: $n pulses; $(cmp "$tmp/fast.csv" "$tmp/cycle.csv" 2>&1)"; fi
"$xt" train "${common[@]}" --out "$tmp/plain" > /dev/null 2> "$tmp/err" || bad "run without a trace: $(cat "$tmp/err")"
hash() { sed -n 's/.*"weights_hash": *"\{0,1\}\([0-9a-fx]*\).*/\1/p' "$1/summary.json"; }
[ -n "$(hash "$tmp/plain")" ] && [ "$(hash "$tmp/plain")" = "$(hash "$tmp/fast")" ] && [ "$(hash "$tmp/plain")" = "$(hash "$tmp/cycle")" ] &&
  cmp -s "$tmp/plain/metrics.csv" "$tmp/fast/metrics.csv" && ok "a trace changes nothing: weights_hash $(hash "$tmp/plain") and metrics.csv as without" ||
  bad "weights_hash with and without a trace: $(hash "$tmp/plain") $(hash "$tmp/fast") $(hash "$tmp/cycle")"
phases=$(awk -F, 'NR > 1 { print $2 "/" $6 }' "$tmp/fast.csv" | sort -u | tr '\n' ' ')
[ "$phases" = "transfer/reset transfer/set update/set " ] && ok "updates' SETs, transfers' SETs and RESETs traced" ||
  bad "phase/pulse kinds: $phases"
# A device's pulses chain: each one's number follows the previous one's, and G before it is G
# after the previous one (nothing happened to the device between two traced pulses).
broken=$(awk -F, 'NR > 1 { k = $3 "," $4 "," $5
    if (k in num && ($7 != num[k] + 1 || $8 != after[k])) { print NR ": " $0; exit }
    num[k] = $7; after[k] = $9 }' "$tmp/fast.csv")
[ -z "$broken" ] && ok "every device's traced pulses chain (numbers consecutive, G after = next G before)" ||
  bad "a pulse does not chain: $broken"
# the examples traced are those asked, the rows and columns too
range=$(awk -F, 'NR > 1 { if ($1 > e) e = $1; if ($3 > r) r = $3; if ($4 > c) c = $4 } END { print e, r, c }' "$tmp/fast.csv")
[ "$range" = "99 16 7" ] && ok "window: examples to 99, rows to 16 (the bias row), columns to 7" ||
  bad "largest example, row, column: $range"

# Refusals, before training: one line, exit 2, no run folder and no trace left.
refuse() { # WHAT WANT-IN-MESSAGE ARGS...
  local what=$1 want=$2; shift 2
  "$xt" train "${common[@]}" --out "$tmp/refused" --trace-pulses "$tmp/refused.csv" "$@" > /dev/null 2> "$tmp/err"
  local st=$?
  if [ $st -eq 2 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q -- "$want" "$tmp/err" &&
     [ ! -e "$tmp/refused" ] && ! ls "$tmp"/refused.csv* > /dev/null 2>&1; then
    ok "$what refused: $(cat "$tmp/err")"
  else bad "$what: exit $st, $(cat "$tmp/err"), left: $(ls -d "$tmp"/refused* 2>/dev/null)"; fi
}
refuse "a window over the bound" "over the bound of 1000" --trace-layer 0 --trace-rows 0:17 --trace-cols 0:8 --trace-max 1000
refuse "rows outside the layer" "outside the layer's rows" --trace-layer 0 --trace-rows 0:18
refuse "columns outside the layer" "outside the layer's columns" --trace-cols 5:11
refuse "examples outside the run" "outside the run's training examples" --trace-examples 50:101
refuse "a layer outside the network" "weight layers are 0..1" --trace-layer 2
refuse "an empty range" "is not a range" --trace-rows 5:5
refuse "a float network" "float network has no devices" --set weights.encoding=float
"$xt" train "${common[@]}" --out "$tmp/nodir" --trace-pulses "$tmp/no/such/dir/t.csv" > /dev/null 2> "$tmp/err"
st=$?
[ $st -eq 1 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q "No such file or directory" "$tmp/err" && [ ! -e "$tmp/nodir" ] &&
  ok "a trace file in a missing folder: $(cat "$tmp/err")" || bad "trace into a missing folder: exit $st, $(cat "$tmp/err")"
"$xt" train --resume "$tmp/fast" --trace-pulses "$tmp/r.csv" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "not with --resume" "$tmp/err" && ok "--resume with a trace refused" ||
  bad "--resume with a trace: $(cat "$tmp/err")"
"$xt" train "${common[@]}" --out "$tmp/x" --trace-rows 0:4 > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "need --trace-pulses" "$tmp/err" && ok "a --trace-* option without a file refused" ||
  bad "--trace-rows alone: $(cat "$tmp/err")"

finish
