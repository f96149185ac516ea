#!/usr/bin/env bash
# sweep.sh BUILD - xtile sweep end to end: a small grid x seeds on the real digits; a sweep
# killed with SIGKILL mid-way and rerun finishes without recomputing finished runs, and its
# sweep.csv equals the uninterrupted sweep's; bad [sweep] sections are refused with one line.
set -uo pipefail

. "$(dirname "$0")/lib.sh" sweep "${1:-build}"

cat >"$tmp/study.ini" <<'EOF'
; 3 x 2 points x 2 seeds of a short 4dev / 2dev training
[train]
epochs = 1
examples = 1500
test_examples = 500
[weights]
encoding = 4dev
[clt]
every = 500
[sweep]
lsp.dyn_range = 5, 20, 100
weights.encoding = 2dev 4dev
seeds = 2
EOF

# the uninterrupted sweep
"$xt" sweep "$tmp/study.ini" --out "$tmp/ref" -j 2 --quiet >"$tmp/out" 2>&1 ||
  { bad "reference sweep failed: $(tail -3 "$tmp/out")"; }
rows=$(($(wc -l <"$tmp/ref/sweep.csv") - 1))
runs=$(($(wc -l <"$tmp/ref/runs.csv") - 1))
if [ "$rows" -eq 6 ] && [ "$runs" -eq 12 ] && head -1 "$tmp/ref/sweep.csv" | grep -q 'test_accuracy_mean,test_accuracy_std'; then
  ok "sweep: 6 points, 12 runs, sweep.csv with mean and std of every metric"
else
  bad "sweep: $rows points, $runs runs in the CSVs"
fi
if command -v gnuplot >/dev/null; then
  for f in sweep.png sweep.svg; do
    [ -s "$tmp/ref/$f" ] && ok "plot $f drawn" || bad "no $f"
  done
fi

# killed with SIGKILL once at least one run has finished, then rerun
"$xt" sweep "$tmp/study.ini" --out "$tmp/killed" -j 2 --quiet >"$tmp/out" 2>&1 &
pid=$!
until ls "$tmp"/killed/runs/*/summary.json >/dev/null 2>&1 || ! kill -0 $pid 2>/dev/null; do
  sleep 0.1
done
sleep "0.$((RANDOM % 10))"
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
sleep 1 # the runs, told by the kernel, write their checkpoints and stop
n_done=$(ls "$tmp"/killed/runs/*/summary.json 2>/dev/null | wc -l)
stat -c '%n %i %Y' "$tmp"/killed/runs/*/summary.json >"$tmp/before"
if [ -e "$tmp/killed/sweep.csv" ] || [ "$n_done" -ge 12 ]; then
  bad "the sweep had finished before the kill ($n_done runs)"
else
  "$xt" sweep "$tmp/study.ini" --out "$tmp/killed" -j 2 >"$tmp/out" 2>&1 ||
    bad "rerun failed: $(tail -3 "$tmp/out")"
  if ! grep -q "$n_done finished before" "$tmp/out"; then
    bad "rerun did not count the $n_done finished runs: $(head -1 "$tmp/out")"
  elif ! stat -c '%n %i %Y' $(cut -d' ' -f1 "$tmp/before") | cmp -s - "$tmp/before"; then
    bad "rerun rewrote a finished run's summary.json"
  elif ! cmp -s "$tmp/ref/sweep.csv" "$tmp/killed/sweep.csv"; then
    bad "sweep.csv of the killed and rerun sweep differs from the uninterrupted one"
  else
    ok "killed after $n_done of 12 runs, rerun: finished runs kept, sweep.csv identical"
  fi
fi

# a finished sweep rerun does nothing but aggregate again
"$xt" sweep "$tmp/study.ini" --out "$tmp/ref" >"$tmp/out" 2>&1 && grep -q "12 finished before" "$tmp/out" &&
  ok "finished sweep rerun: nothing recomputed" || bad "finished sweep rerun: $(cat "$tmp/out")"

# refusals: one line naming the problem, exit 2
refused() {
  local name=$1 needle=$2 st
  shift 2
  "$xt" sweep "$@" >/dev/null 2>"$tmp/err"
  st=$?
  if [ $st -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -qF -- "$needle" "$tmp/err"; then
    ok "$name: $(cat "$tmp/err")"
  else
    bad "$name: exit $st, stderr '$(cat "$tmp/err")' (want '$needle')"
  fi
}
printf '[sweep]\nlsp.dyn_rang = 5 10\n' >"$tmp/bad1.ini"
refused unknown_key "lsp.dyn_rang" "$tmp/bad1.ini" --out "$tmp/b1"
printf '[sweep]\nlsp.dyn_range = 5 0.5\n' >"$tmp/bad2.ini"
refused bad_value "'0.5' is out of range" "$tmp/bad2.ini" --out "$tmp/b2"
printf '[sweep]\nmode = zip\nlsp.dyn_range = 5 10\nlsp.c2c = 0.1\n' >"$tmp/bad3.ini"
refused zip_lengths "one length" "$tmp/bad3.ini" --out "$tmp/b3"
printf '[train]\nepochs = 1\n' >"$tmp/bad4.ini"
refused no_sweep "no parameter to sweep" "$tmp/bad4.ini" --out "$tmp/b4"
refused other_sweep "holds another sweep" "$tmp/study.ini" --set train.epochs=2 --out "$tmp/ref"

finish
