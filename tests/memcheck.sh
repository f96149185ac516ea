#!/usr/bin/env bash
# memcheck.sh BUILD - valgrind memcheck on short runs of BUILD/xtile (make memcheck): every
# error, and definite or indirect leaks, fail. Covers the device network on the fast and cycle
# engines, the float network, checkpoints, a SIGTERM stop and its resume, a pulse trace, the error
# budget, and error exits.
set -uo pipefail

build=${1:-build-memcheck}
xt="$build/xtile"
tmp=$(mktemp -d /tmp/xtile-memcheck.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
vg=(valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect
    --errors-for-leak-kinds=definite,indirect)
small=(configs/default.ini --set net.layers=784,24,10 --set train.examples=120 --set train.test_examples=50 --quiet --set train.epochs=2
       --set clt.every=50)

# check NAME WANT_STATUS ARGS...: xtile under valgrind exits WANT_STATUS with no memcheck error
check() {
  local name=$1 want=$2 st t0=$SECONDS
  shift 2
  "${vg[@]}" --log-file="$tmp/$name.vg" "$xt" "$@" >"$tmp/$name.out" 2>&1
  st=$?
  if [ $st -eq 99 ] || [ -s "$tmp/$name.vg" ]; then
    fail=$((fail + 1)); echo "FAIL $name: memcheck errors:"; head -40 "$tmp/$name.vg"
  elif [ $st -ne "$want" ]; then
    fail=$((fail + 1)); echo "FAIL $name: exit $st, expected $want: $(tail -3 "$tmp/$name.out")"
  else
    pass=$((pass + 1)); echo "PASS $name (exit $st, no memcheck errors, $((SECONDS - t0)) s)"
  fi
}

check train_4dev 0 train "${small[@]}" --out "$tmp/4dev" --checkpoint-every 40
# the clocked engine is ~100x slower: 10 examples and one short transfer
check train_4dev_cycle 0 train "${small[@]}" --set train.examples=10 --set train.epochs=1 \
  --set train.test_examples=10 --set clt.every=10 --set msp.dyn_range=12 --set clt.max_iter=4 --set clt.adc_bits=6 \
  --engine cycle --out "$tmp/cyc"
# a pulse trace (buffered per example, written sorted) and a refused one
check train_trace 0 train "${small[@]}" --set train.epochs=1 --out "$tmp/tr" --trace-pulses "$tmp/tr.csv" \
  --trace-layer 0 --trace-rows 400:410 --trace-cols 0:12 --trace-examples 0:60
check trace_refused 2 train "${small[@]}" --out "$tmp/trr" --trace-pulses "$tmp/trr.csv" --trace-max 10
# the error budget: the parent's sweep and tables (its runs are children, not under valgrind)
check budget 0 budget "${small[@]}" --set train.epochs=1 --set train.examples=40 --seeds 1 --out "$tmp/budget"
check budget_float 2 budget "${small[@]}" --set weights.encoding=float --out "$tmp/bf"
check train_2dev 0 train "${small[@]}" --set weights.encoding=2dev --out "$tmp/2dev"
check train_float 0 train "${small[@]}" --set weights.encoding=float --set train.examples=2000 \
  --out "$tmp/float" --checkpoint-every 500

# SIGTERM under valgrind: the handler writes a checkpoint; then the resume finishes the run
"${vg[@]}" --log-file="$tmp/stop.vg" "$xt" train "${small[@]}" --set train.epochs=20 \
  --out "$tmp/stop" --checkpoint-every 20 >"$tmp/stop.out" 2>&1 &
pid=$!
while kill -0 $pid 2>/dev/null && [ ! -f "$tmp/stop/checkpoint.bin" ]; do sleep 0.2; done
kill -TERM $pid
wait $pid
st=$?
cp -r "$tmp/stop" "$tmp/stopped"
if [ $st -eq 143 ] && [ ! -s "$tmp/stop.vg" ]; then
  pass=$((pass + 1)); echo "PASS sigterm (exit 143, no memcheck errors)"
else
  fail=$((fail + 1)); echo "FAIL sigterm: exit $st"; head -40 "$tmp/stop.vg"
fi
check resume 0 train --resume "$tmp/stop"

# error exits free what they took
check bad_key 2 train "${small[@]}" --set train.lrr=1 --out "$tmp/bad"
check missing_data 1 train --data "$tmp/nowhere" --out "$tmp/bad"
truncate -s 3000 "$tmp/stopped/checkpoint.bin"
check bad_checkpoint 1 train --resume "$tmp/stopped"

echo "memcheck: $pass passed, $fail failed"
[ $fail -eq 0 ]
