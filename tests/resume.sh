#!/usr/bin/env bash
# resume.sh BUILD - checkpoint and resume: runs killed with SIGKILL at random points
# (several times over) and resumed end with the same weights_hash, metrics.csv,
# clt.csv, transfer_error.csv, shadow.csv and summary.json (timings aside) as an uninterrupted run;
# SIGTERM and SIGINT write a checkpoint and stop; bad checkpoints are refused with one line.
set -uo pipefail

. "$(dirname "$0")/lib.sh" resume "${1:-build}"

# A small run on the real digits: 4dev with transfers (clt.every = 500), three epochs;
# the float network trains ~15x faster, so it gets more examples: 120,000 with a checkpoint every
# 97 take 8 s here, and a run killed three times at most 1 s after a checkpoint must not finish
# before its third kill (two epochs, 5.8 s, with kills up to 2 s apart, once did).
# One thread for the first start (the timings above), while every resume takes the default (the
# cores): a run continued at another thread count ends with the same bits.
small=(configs/default.ini --set train.examples=3000 --set train.test_examples=500
       --set train.epochs=3 --quiet --threads 1)
float=(configs/default.ini --set train.examples=40000 --set train.test_examples=500
       --set train.epochs=3 --set weights.encoding=float --quiet)
every=97 # examples between checkpoints: not a divisor of the epoch

# summary.json without its timings (the only fields that may differ)
numbers() { tr ',' '\n' <"$1/summary.json" | grep -v -e _seconds -e examples_per_s; }

# same NAME REF RUN: the run's results equal the reference's
same() {
  local f
  for f in metrics.csv clt.csv transfer_error.csv shadow.csv drift.csv; do # not metrics: device encodings only
    [ -e "$2/$f" ] || [ -e "$3/$f" ] || continue
    if ! cmp -s "$2/$f" "$3/$f"; then bad "$1: $f differs"; return; fi
  done
  if [ ! -f "$3/summary.json" ]; then bad "$1: no summary.json"; return; fi
  if ! diff <(numbers "$2") <(numbers "$3") >"$tmp/diff"; then
    bad "$1: summary.json differs: $(head -c 300 "$tmp/diff")"; return
  fi
  if [ -e "$3/checkpoint.bin" ]; then bad "$1: a finished run kept its checkpoint"; return; fi
  ok "$1: $(grep -o '"weights_hash": "[0-9a-f]*"' "$3/summary.json"), metrics.csv, clt.csv, transfer_error.csv, shadow.csv equal"
}

# wait_ckpt PID DIR: until DIR has a new checkpoint (1 if the process ended first);
# each checkpoint is renamed into place, so a new one is a new inode
wait_ckpt() {
  local old
  old=$(stat -c %i "$2/checkpoint.bin" 2>/dev/null)
  while kill -0 "$1" 2>/dev/null; do
    [ -f "$2/checkpoint.bin" ] && [ "$(stat -c %i "$2/checkpoint.bin")" != "$old" ] && return 0
    sleep 0.05
  done
  return 1
}

# killed NAME SIGNAL-TIMES ARGS...: a run killed with SIGKILL `times` times at random
# points after its first checkpoint, each time resumed, then let finish.
killed() {
  local name=$1 times=$2 run="$tmp/$1" pid k where=""
  shift 2
  "$xt" train "$@" --out "$run" --checkpoint-every $every >/dev/null 2>"$tmp/err" &
  pid=$!
  for ((k = 1; k <= times; k++)); do
    if ! wait_ckpt $pid "$run"; then bad "$name: the run ended before kill $k"; return; fi
    sleep "0.$((RANDOM % 10))" # at most 1 s a segment: three of them cannot finish a run
    kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
    if [ -e "$run/summary.json" ]; then bad "$name: finished before kill $k"; return; fi
    rm -f "$run/checkpoint.bin.tmp."* # what a kill inside a write leaves
    "$xt" train --resume "$run" >"$tmp/out.$k" 2>"$tmp/err" &
    pid=$!
  done
  wait $pid || { bad "$name: the last resume failed: $(cat "$tmp/err")"; return; }
  for ((k = 1; k <= times; k++)); do
    where+=" $(grep -o 'epoch [0-9]*, example [0-9]*' "$tmp/out.$k" | head -1 | tr -d ,);"
  done
  echo "     $name: killed and resumed at:$where"
  same "$name" "$tmp/ref-$name" "$run"
}

"$xt" train "${small[@]}" --out "$tmp/ref-4dev" >/dev/null || bad "reference 4dev run failed"
killed 4dev 3 "${small[@]}"
# the Nature cell, drifting and leaking in simulated time: programming times and the column
# references (which only leakage moves) are part of the state
drift=("${small[@]}" --set weights.encoding=4dev_shared --set lsp.model=capacitor --set lsp.reset_g_us=4
       --set msp.drift_nu=0.05 --set msp.drift_nu_std=0.02 --set msp.drift_t0_s=0.01
       --set lsp.leak_tau_s=0.5 --set lsp.leak_rest_us=1 --set time.idle_s=0.0005 --set time.age_every=250
       --set time.infer_after=1h,1mo)
"$xt" train "${drift[@]}" --out "$tmp/ref-drift" >/dev/null || bad "reference drift run failed"
killed drift 2 "${drift[@]}"
"$xt" train "${float[@]}" --out "$tmp/ref-float" >/dev/null || bad "reference float run failed"
killed float 3 "${float[@]}"

# SIGTERM and SIGINT: a checkpoint, one line on stderr, exit 128 + signal; resume equal
for sig in TERM INT; do
  run="$tmp/sig$sig"
  "$xt" train "${small[@]}" --out "$run" --checkpoint-every 1000 >/dev/null 2>"$tmp/err" &
  pid=$!
  wait_ckpt $pid "$run" || bad "SIG$sig: the run ended before its first checkpoint"
  kill -$sig $pid
  wait $pid
  st=$?
  want=$((128 + $(kill -l $sig)))
  if [ $st -ne $want ] || [ ! -f "$run/checkpoint.bin" ] || ! grep -q 'resume' "$tmp/err"; then
    bad "SIG$sig: exit $st (want $want), stderr '$(cat "$tmp/err")'"
  else
    ok "SIG$sig: exit $st, $(cat "$tmp/err")"
    "$xt" train --resume "$run" >/dev/null 2>"$tmp/err" || bad "SIG$sig: resume failed: $(cat "$tmp/err")"
    same "SIG$sig resumed" "$tmp/ref-4dev" "$run"
  fi
done

# refusals: one line on stderr naming the file and the reason, exit 1 or 2, nothing written
# refused NAME WANT_STATUS NEEDLE DIR: `xtile train --resume DIR` refuses
refused() {
  local before after st
  before=$(cat "$4"/* 2>/dev/null | cksum)
  "$xt" train --resume "$4" >/dev/null 2>"$tmp/err"
  st=$?
  after=$(cat "$4"/* 2>/dev/null | cksum)
  if [ $st -ne "$2" ] || [ "$(wc -l <"$tmp/err")" -ne 1 ] || ! grep -qF -- "$3" "$tmp/err"; then
    bad "$1: exit $st (want $2), stderr '$(cat "$tmp/err")' (want '$3')"
  elif [ -e "$4/summary.json" ] || [ "$before" != "$after" ]; then
    bad "$1: the run folder changed"
  else
    ok "$1: $(cat "$tmp/err")"
  fi
}

# the stopped run reads a copy of the digits, to be changed for other_data below
base="$tmp/stopped"
mkdir "$tmp/data"
for f in data/mnist/*-ubyte*; do
  case $f in *.gz) gzip -dc "$f" >"$tmp/data/$(basename "$f" .gz)" ;; *) cp "$f" "$tmp/data/" ;; esac
done
"$xt" train "${small[@]}" --set train.epochs=1 --data "$tmp/data" --out "$base" --checkpoint-every 1000 >/dev/null &
pid=$!
wait_ckpt $pid "$base"
kill -KILL $pid
wait $pid 2>/dev/null
fresh() { rm -rf "$tmp/$1" && cp -r "$base" "$tmp/$1" && echo "$tmp/$1"; }

d=$(fresh corrupt)
size=$(stat -c %s "$d/checkpoint.bin")
printf '\x5a' | dd of="$d/checkpoint.bin" bs=1 seek=$((size / 2)) conv=notrunc status=none
refused corrupt 1 "checksum mismatch" "$d"
d=$(fresh truncated)
truncate -s $(($(stat -c %s "$d/checkpoint.bin") - 100)) "$d/checkpoint.bin"
refused truncated 1 "truncated or corrupt" "$d"
d=$(fresh not_a_checkpoint)
head -c 5000 /dev/urandom >"$d/checkpoint.bin"
refused not_a_checkpoint 1 "not an xtile checkpoint" "$d"
d=$(fresh other_config)
sed -i 's/^seed = .*/seed = 99/' "$d/config.ini"
refused other_config 1 "another configuration" "$d"
d=$(fresh cycle_engine)
sed -i 's/^kind = .*/kind = cycle/' "$d/config.ini"
refused cycle_engine 2 "engine.kind = fast" "$d"
refused no_folder 1 "config.ini" "$tmp/nowhere"
d=$(fresh other_data)
cp "$tmp/data/t10k-labels-idx1-ubyte" "$tmp/labels"
printf '\x03' | dd of="$tmp/data/t10k-labels-idx1-ubyte" bs=1 seek=8 conv=notrunc status=none
cmp -s "$tmp/data/t10k-labels-idx1-ubyte" "$tmp/labels" && bad "other_data: the label did not change"
refused other_data 1 "other data" "$d"
mv "$tmp/labels" "$tmp/data/t10k-labels-idx1-ubyte"

# refusals of the command line itself
"$xt" train "${small[@]}" --engine cycle --checkpoint-every 10 --out "$tmp/x" >/dev/null 2>"$tmp/err"
st=$?
[ $st -eq 2 ] && grep -q "engine.kind = fast" "$tmp/err" && ok "cycle engine checkpoints refused: $(cat "$tmp/err")" ||
  bad "cycle engine checkpoints: exit $st, '$(cat "$tmp/err")'"
"$xt" train --resume "$base" --set train.lr=1 >/dev/null 2>"$tmp/err"
st=$?
[ $st -eq 2 ] && grep -q "no CONFIG, --set" "$tmp/err" && ok "--resume with --set refused" ||
  bad "--resume with --set: exit $st, '$(cat "$tmp/err")'"

# a finished run: nothing to do, exit 0, nothing changed
before=$(cksum <"$tmp/ref-4dev/summary.json")
"$xt" train --resume "$tmp/ref-4dev" >"$tmp/out" 2>&1 && grep -q "nothing to resume" "$tmp/out" &&
  [ "$before" = "$(cksum <"$tmp/ref-4dev/summary.json")" ] && ok "finished run: $(cat "$tmp/out")" ||
  bad "finished run: '$(cat "$tmp/out")'"

finish
