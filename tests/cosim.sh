#!/usr/bin/env bash
# cosim.sh - the RTL against its C twin: block benches (C++), the tile-level benches (SystemC at
# small sizes, C++ at the default network's layer sizes), and the rtl engine against the cycle and
# fast engines on a training run (XTILE_RTL_EXAMPLES examples, 200; 0 skips it).
# The benches and the engine comparison run XTILE_JOBS at a time (default: the cores), each into
# its own log; their results are printed in a fixed order once all have ended.
# usage: tests/cosim.sh BUILD_DIR [+scale=X] [+seed=N]
set -uo pipefail
build=${1:-build}
shift || true
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
fail=0 total=0
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
. "$(dirname "$0")/jobs.sh"
benches=(tb_tile_pulse_seq tb_tile_adc_rd tb_tile_wxfer_ctl tb_tile_top_sc tb_tile_top)

# The rtl engine trains like the cycle and the fast engines: same weights, ADC codes, accuracy.
# Prints PASS/FAIL lines; exits 1 on a failure.
engines() {
  local fail=0
  local -A secs
  if [ "${XTILE_RTL_EXAMPLES:-200}" = 0 ]; then
    :
  elif [ -f data/mnist/train-images-idx3-ubyte ] || [ -f data/mnist/train-images-idx3-ubyte.gz ]; then
    tmp=$(mktemp -d)
    n=${XTILE_RTL_EXAMPLES:-200}
    args=(--set train.epochs=1 --set train.examples=$n --set train.test_examples=200 --quiet)
    for e in fast cycle rtl; do
      t0=$(date +%s.%N)
      if ! "$build/xtile" train configs/default.ini "${args[@]}" --engine $e --out "$tmp/$e" > /dev/null 2> "$tmp/err"; then
        echo "FAIL engine $e: $(cat "$tmp/err")"; fail=1
      fi
      t1=$(date +%s.%N)
      secs[$e]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    done
    key() { grep -o "\"$1\": [^,]*" "$tmp/$2/summary.json" 2>/dev/null; }
    same=1
    for k in weights_hash codes_hash cycles_per_example; do
      [ -n "$(key $k rtl)" ] && [ "$(key $k rtl)" = "$(key $k cycle)" ] && [ "$(key $k rtl)" = "$(key $k fast)" ] || same=0
    done
    cmp -s "$tmp/rtl/metrics.csv" "$tmp/cycle/metrics.csv" && cmp -s "$tmp/rtl/metrics.csv" "$tmp/fast/metrics.csv" || same=0
    if [ $same = 1 ]; then
      echo "PASS engine rtl = cycle = fast on $n examples of the default network: $(key weights_hash rtl), $(key codes_hash rtl), metrics.csv identical (test accuracy $(tail -1 "$tmp/rtl/metrics.csv" | cut -d, -f6)); fast ${secs[fast]} s, cycle ${secs[cycle]} s, rtl ${secs[rtl]} s"
    else
      echo "FAIL engines differ: rtl $(key weights_hash rtl) $(key codes_hash rtl), cycle $(key weights_hash cycle) $(key codes_hash cycle), fast $(key weights_hash fast) $(key codes_hash fast)"
      fail=1
    fi
    # a size that was not Verilated, a configuration wider than the RTL: one clear line, exit 2
    for bad in "net.layers=784,100,10|no Verilated tile of 785 rows x 100 columns" "tile.adc_bits=12|wider than the RTL"; do
      IFS='|' read -r set msg <<< "$bad"
      "$build/xtile" train configs/default.ini --set "$set" --set train.examples=5 --engine rtl --quiet --out "$tmp/bad" > /dev/null 2> "$tmp/err"
      rc=$?
      if [ $rc = 2 ] && grep -q "$msg" "$tmp/err" && [ ! -e "$tmp/bad" ]; then echo "PASS engine rtl refuses $set: $(cat "$tmp/err")"
      else echo "FAIL engine rtl with $set: exit $rc, $(cat "$tmp/err")"; fail=1; fi
    done
    rm -rf "$tmp"
  else
    echo "FAIL engine comparison: no MNIST in data/mnist (scripts/fetch-data.sh)"; fail=1
  fi
  return $fail
}

# each bench and the engine comparison into out/NAME.log (tests/jobs.sh), the longest first, so
# that the two cores end together
spawn logged "$out" tb_tile_top "$build/tb/tb_tile_top" "$@"
spawn logged "$out" engines engines
for b in tb_tile_top_sc tb_tile_pulse_seq tb_tile_adc_rd tb_tile_wxfer_ctl; do spawn logged "$out" $b "$build/tb/$b" "$@"; done
wait

for b in "${benches[@]}"; do
  log=$out/$b.log
  grep -v '^ ' "$log" | grep -v '^waveform\|^MISMATCH\|%Error\|^Aborting' | tail -1 | sed "s/\$/ ($(cat "$out/$b.secs"))/"
  grep '^  ' "$log"
  if [ "$(cat "$out/$b.rc")" != 0 ]; then
    fail=1
    # mismatches, and a failed assertion of rtl/ (Verilator stops the bench on it: --assert)
    grep -m 20 '^MISMATCH\|^waveform\|%Error' "$log"
  fi
  n=$(grep -o '[0-9]* cycles compared, ' "$log" | tail -1 | cut -d' ' -f1)
  total=$((total + ${n:-0}))
done
echo "cosim: $total cycles compared in all"
cat "$out/engines.log"
[ "$(cat "$out/engines.rc")" = 0 ] || fail=1

# The mutants go where their lines are seen (tb/mutants.sh --routes): every mutant routed; the
# simulation view's (view-*) to the C++ tile bench and the engines alone, whose models hold it; no
# other to the C++ tile bench, and none in the per-line modules to the engines, whose models do
# not hold them.
routes=$(tb/mutants.sh --routes 2>&1)
bad=$(awk -F'\t' '
  $1 ~ /^view-/ && $3 != "tb_tile_top engines" { print "  " $0 }
  $1 !~ /^view-/ && $3 ~ /tb_tile_top( |$)/ { print "  " $0 }
  $2 ~ /^tile_(seq|adc)_line\.v:/ && $3 ~ /engines/ { print "  " $0 }' <<< "$routes")
count=$(grep -c '	' <<< "$routes")
want=$(grep -c '^  "[a-z0-9-]*|' tb/mutants.sh)
if [ -z "$bad" ] && [ "$count" = "$want" ]; then
  echo "PASS mutants routed by where their lines are: $count of $want ($(grep -c '^view-' <<< "$routes") in the simulation view)"
else
  echo "FAIL mutants routed: $count of $want"; [ -n "$bad" ] && echo "$bad"; fail=1
fi
[ $fail = 0 ] && echo "cosim: PASS" || echo "cosim: FAIL"
exit $fail
