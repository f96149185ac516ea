#!/usr/bin/env bash
# run.sh BUILD SECONDS NAME... - each harness BUILD/fuzz/fuzz_NAME: first its regression inputs
# (tests/fuzz/regress/NAME/, each once), then SECONDS of fuzzing from its corpus
# (tests/fuzz/corpus/NAME/ plus the seeds below) in a scratch copy. Exits 1 on any crash,
# leak, timeout or broken invariant, printing the input's path. The harnesses run XTILE_JOBS at
# a time (default: the cores), each into its own report; the reports print in the given order.
set -uo pipefail

build=$1 seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/../jobs.sh"
fail=0

# seeds that live elsewhere in the tree (not copied into tests/fuzz/)
seeds() {
  case $1 in
    config)
      for f in "$root"/configs/*.ini "$root"/configs/*/*.ini; do
        cp "$f" "$2/seed-$(echo "${f#"$root"/}" | tr / -)"
      done ;;
  esac
}

# One harness: its regression inputs, then the fuzzing; exits 1 on a failure.
fuzz_one() {
  local name=$1
  local bin="$build/fuzz/fuzz_$name"
  local work="$build/fuzz/work-$name" regress runs cov st
  rm -rf "$work" && mkdir -p "$work/corpus" "$work/artifacts"
  cp "$here/corpus/$name"/* "$work/corpus/" 2>/dev/null
  seeds "$name" "$work/corpus"
  regress=("$here/regress/$name"/*)
  if [ -e "${regress[0]}" ]; then
    if ! "$bin" "${regress[@]}" >"$work/regress.log" 2>&1; then
      tail -30 "$work/regress.log"
      echo "fuzz $name: a regression input fails again (log: $work/regress.log)"
      return 1
    fi
    echo "fuzz $name: ${#regress[@]} regression inputs pass"
  fi
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=3072 -max_len=65536 \
    -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$work/corpus" \
    >"$work/fuzz.log" 2>&1
  st=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/fuzz.log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$work/fuzz.log" | tail -1)
  if [ $st -ne 0 ]; then
    grep -B2 -A25 'ERROR\|invariant broken\|deadly signal' "$work/fuzz.log" | head -60
    echo "fuzz $name: FAILED after ${runs:-?} inputs; input: $(ls "$work"/artifacts/* 2>/dev/null)"
    echo "  (fix it, then add the input to tests/fuzz/regress/$name/)"
    return 1
  fi
  echo "fuzz $name: ${seconds} s, ${runs:-?} inputs, $cov, corpus $(ls "$work/corpus" | wc -l) files: nothing found"
}

pids=()
mkdir -p "$build/fuzz"
for name in "$@"; do
  spawn fuzz_one "$name" >"$build/fuzz/report-$name.txt" 2>&1
  pids+=($!)
done
k=0
for name in "$@"; do
  wait "${pids[$k]}" || fail=1
  cat "$build/fuzz/report-$name.txt"
  k=$((k + 1))
done
exit $fail
