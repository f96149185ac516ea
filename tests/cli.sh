#!/usr/bin/env bash
# cli.sh BUILD - end-to-end tests of the xtile command line: bad input, determinism,
# run folders, and a one-epoch training on the real MNIST (fetched by make test).
set -uo pipefail

. "$(dirname "$0")/lib.sh" cli "${1:-build}"

# expect_error NAME WANT_STATUS NEEDLE -- ARGS...: exit status, one stderr line
# containing NEEDLE, no crash, and no summary.json in the run folder.
expect_error() {
  local name=$1 want=$2 needle=$3; shift 4
  local out="$tmp/run-$name"
  "$xt" "$@" --out "$out" >"$tmp/stdout" 2>"$tmp/stderr"
  local st=$? lines
  lines=$(wc -l <"$tmp/stderr")
  if [ "$st" -ne "$want" ]; then bad "$name: exit $st, expected $want ($(cat "$tmp/stderr"))"; return; fi
  if [ "$lines" -ne 1 ]; then bad "$name: $lines lines on stderr"; return; fi
  if ! grep -qF -- "$needle" "$tmp/stderr"; then bad "$name: stderr '$(cat "$tmp/stderr")' lacks '$needle'"; return; fi
  if [ -e "$out/summary.json" ]; then bad "$name: left a summary.json"; return; fi
  ok "$name: $(cat "$tmp/stderr")"
}

syn="$tmp/syn"
"$build/tests/mkidx" "$syn" 3000 600 || { echo "mkidx failed"; exit 1; }
small=(--data "$syn" --set net.layers=20,16,10 --set train.epochs=3 --quiet)

# --- bad input: each gets one clear line and a non-zero exit
mkdir -p "$tmp/trunc" "$tmp/random" "$tmp/empty"
for d in trunc random empty; do cp "$syn"/* "$tmp/$d/"; done
head -c 1000 "$syn/train-images-idx3-ubyte" >"$tmp/trunc/train-images-idx3-ubyte"
head -c 4096 /dev/urandom >"$tmp/random/train-images-idx3-ubyte"
: >"$tmp/empty/train-labels-idx1-ubyte"
expect_error truncated_idx 1 "truncated" -- train --data "$tmp/trunc" --set net.layers=20,16,10
expect_error random_bytes  1 "train-images-idx3-ubyte" -- train --data "$tmp/random" --set net.layers=20,16,10
expect_error empty_file    1 "empty file" -- train --data "$tmp/empty" --set net.layers=20,16,10
expect_error missing_data  1 "does not exist" -- train --data "$tmp/nowhere"
expect_error unknown_key   2 "unknown key 'train.lrr'" -- train "${small[@]}" --set train.lrr=1
expect_error negative_lr   2 "'-1' is out of range" -- train "${small[@]}" --set train.lr=-1
expect_error epochs_abc    2 "'abc' is not an integer" -- train "${small[@]}" --set train.epochs=abc
expect_error wrong_dim     2 "input layer has 784 neurons but the images have 4x5 = 20" -- train --data "$syn"
# the transfer's settings (docs/olt.md): tau > 0, a budget that reaches the span, inversion 4dev only,
# which LSP devices a transfer RESETs
dev4=(--set weights.encoding=4dev)
expect_error tau_zero      2 "key 'clt.tau': '0' is out of range" -- train "${small[@]}" "${dev4[@]}" --set clt.tau=0
expect_error budget_short  2 "key 'clt.max_iter': 20 iterations" -- train "${small[@]}" "${dev4[@]}" --set clt.max_iter=20
expect_error inv_2dev      2 "key 'clt.polarity_inversion'" -- train "${small[@]}" --set weights.encoding=2dev --set clt.polarity_inversion=true
expect_error inv_maybe     2 "key 'clt.polarity_inversion': 'maybe'" -- train "${small[@]}" "${dev4[@]}" --set clt.polarity_inversion=maybe
expect_error lsp_reset_bad 2 "key 'clt.lsp_reset': 'some' is not a known choice" -- train "${small[@]}" "${dev4[@]}" --set clt.lsp_reset=some
expect_error offset_2dev   2 "key 'clt.offset_us': an offset needs" -- train "${small[@]}" --set weights.encoding=2dev --set clt.offset_us=1
expect_error offset_ideal  2 "key 'clt.offset_us': an offset needs" -- train "${small[@]}" "${dev4[@]}" --set clt.strategy=ideal --set clt.offset_us=1
expect_error offset_gmax   2 "above the LSP's Gmax" -- train "${small[@]}" "${dev4[@]}" --set clt.offset_us=500
expect_error missing_cfg   1 "cannot open config" -- train "$tmp/none.ini"
printf '[train]\nepochs = 2\nbroken line\n' >"$tmp/broken.ini"
expect_error broken_ini    2 "broken.ini:3" -- train "$tmp/broken.ini" "${small[@]}"
expect_error unknown_opt   2 "unknown option '--frobnicate'" -- train --frobnicate
expect_error bad_engine    2 "engine.kind" -- train "${small[@]}" --engine warp

# bad device configuration: the key or the file line is named
dev=(--data "$syn" --set net.layers=20,16,10 --set weights.encoding=4dev)
expect_error neg_spread    2 "key 'lsp.c2c': '-0.1' is out of range" -- train "${dev[@]}" --set lsp.c2c=-0.1
expect_error ndr_below_1   2 "key 'msp.dyn_range': '0.5' is out of range" -- train "${dev[@]}" --set msp.dyn_range=0.5
expect_error frac_above_1  2 "key 'msp.dead_frac': '1.5' is out of range" -- train "${dev[@]}" --set msp.dead_frac=1.5
expect_error bwd_adc_1bit  2 "tile.adc_bwd_bits: 1 bit is no ramp ADC" -- train "${dev[@]}" --set tile.adc_bwd_bits=1
expect_error yield_sum     2 "more than every device" -- train "${dev[@]}" --set lsp.dead_frac=0.6 --set lsp.stuck_frac=0.6
expect_error jt_missing    1 "cannot open jump table" -- train "${dev[@]}" --set lsp.model=jump_table --set lsp.jt_file="$tmp/none.csv"
printf 'xtile-jump-table,1,2,3\n0,0,1,2\n1,0,1\n' >"$tmp/bad.csv"
expect_error jt_malformed  1 "bad.csv:3: expected a bin index and 3 numbers" -- train "${dev[@]}" --set lsp.model=jump_table --set lsp.jt_file="$tmp/bad.csv"
expect_error jt_no_file    2 "key 'lsp.jt_file'" -- train "${dev[@]}" --set lsp.model=jump_table
# bidirectional devices: the asymmetry's range, a RESET train only where a depression step exists
expect_error up_down_1     2 "key 'lsp.up_down': '1' is out of range" -- train "${dev[@]}" --set lsp.model=soft_bounds --set lsp.up_down=1
expect_error gamma_neg     2 "key 'msp.ps_gamma': '-2' is out of range" -- train "${dev[@]}" --set msp.model=pow_step --set msp.ps_gamma=-2
expect_error train_unidir  2 "key 'lsp.reset_pulses' = 5: model sat_immediate is RESET at once" -- train "${dev[@]}" --set lsp.reset_pulses=5
expect_error nu_neg        2 "key 'msp.drift_nu': '-0.05' is out of range" -- train "${dev[@]}" --set msp.drift_nu=-0.05
expect_error tau_neg       2 "key 'lsp.leak_tau_s': '-3' is out of range" -- train "${dev[@]}" --set lsp.leak_tau_s=-3
expect_error rest_high     2 "key 'lsp.leak_rest_us' = 25: above 'lsp.g_max_us' = 20" -- train "${dev[@]}" --set lsp.leak_tau_s=3 --set lsp.leak_rest_us=25
expect_error times_order   2 "key 'time.infer_after': '1h,1s' is not ascending" -- train "${dev[@]}" --set time.infer_after=1h,1s
expect_error times_unit    2 "key 'time.infer_after': '1 week' has an unknown unit" -- train "${dev[@]}" --set "time.infer_after=1 week"
expect_error shared_unidir 2 "key 'weights.encoding': 4dev_shared needs a bidirectional LSP model" -- train "${dev[@]}" --set weights.encoding=4dev_shared
expect_error ref_4dev      2 "key 'lsp.reset_to_ref': true needs weights.encoding = 4dev_shared" -- train "${dev[@]}" --set lsp.model=capacitor --set lsp.reset_to_ref=true
expect_error reset_g_high  2 "key 'lsp.reset_g_us' = 30: above 'lsp.g_max_us' = 20" -- train "${dev[@]}" --set lsp.model=capacitor --set lsp.reset_g_us=30
printf 'xtile-jump-table,1,2,3\n0,0,1,2\n1,0,1,2\n' >"$tmp/up.csv"
expect_error jt_no_down    2 "key 'lsp.reset_pulses' = 5: the jump table $tmp/up.csv has no depression part" -- train "${dev[@]}" --set lsp.model=jump_table --set lsp.jt_file="$tmp/up.csv" --set lsp.reset_pulses=5

# --- device encodings: determinism of the devices themselves
k=0
for s in 5 5 6; do
  "$xt" train "${dev[@]}" --set train.epochs=2 --set lsp.c2c=0.3 --set msp.gmax_d2d=0.2 --seed $s --quiet --out "$tmp/d$s-$((++k))" >/dev/null 2>&1
done
h1=$(grep -o '"weights_hash": "[0-9a-f]*"' "$tmp/d5-1/summary.json"); h2=$(grep -o '"weights_hash": "[0-9a-f]*"' "$tmp/d5-2/summary.json")
h3=$(grep -o '"weights_hash": "[0-9a-f]*"' "$tmp/d6-3/summary.json")
if [ -n "$h1" ] && [ "$h1" = "$h2" ] && cmp -s "$tmp/d5-1/metrics.csv" "$tmp/d5-2/metrics.csv"; then
  ok "4dev same seed: identical weights_hash and metrics.csv ($h1)"
else bad "4dev same seed: '$h1' vs '$h2' or metrics differ"; fi
[ -n "$h3" ] && [ "$h1" != "$h3" ] && ok "4dev other seed: other weights_hash" || bad "4dev seeds 5 and 6: same hash"
[ -s "$tmp/d5-1/clt.csv" ] && [ "$(wc -l <"$tmp/d5-1/clt.csv")" -ge 2 ] && ok "clt.csv has one row per transfer" \
  || bad "clt.csv missing or empty"

# --- a run folder holds the three files; same seed, same bytes
if "$xt" train "${small[@]}" --seed 5 --out "$tmp/a" >/dev/null 2>"$tmp/err" &&
   "$xt" train "${small[@]}" --seed 5 --out "$tmp/b" >/dev/null 2>>"$tmp/err"; then
  if [ -s "$tmp/a/config.ini" ] && [ -s "$tmp/a/metrics.csv" ] && [ -s "$tmp/a/summary.json" ]; then
    ok "run folder holds config.ini, metrics.csv, summary.json"
  else bad "run folder incomplete: $(ls "$tmp/a")"; fi
  if cmp -s "$tmp/a/metrics.csv" "$tmp/b/metrics.csv"; then ok "same seed: byte-identical metrics.csv"
  else bad "same seed: metrics.csv differ"; fi
  [ "$(wc -l <"$tmp/a/metrics.csv")" -eq 4 ] && ok "metrics.csv: header + 3 epochs" || bad "metrics.csv rows"
else bad "small training failed: $(cat "$tmp/err")"; fi

"$xt" train "${small[@]}" --seed 6 --out "$tmp/c" >/dev/null 2>&1
if ! cmp -s "$tmp/a/metrics.csv" "$tmp/c/metrics.csv"; then ok "other seed: other metrics"
else bad "seeds 5 and 6 gave identical metrics"; fi

# the resolved config.ini re-runs the same experiment
"$xt" train "$tmp/a/config.ini" --quiet --out "$tmp/a2" >/dev/null 2>&1
if cmp -s "$tmp/a/metrics.csv" "$tmp/a2/metrics.csv"; then ok "config.ini reproduces the run"
else bad "config.ini of a run does not reproduce it"; fi

acc=$(sed -n 's/.*"test_accuracy": \([0-9.]*\).*/\1/p' "$tmp/a/summary.json")
if awk -v a="$acc" 'BEGIN { exit !(a >= 0.9) }'; then ok "synthetic data learned: test accuracy $acc"
else bad "synthetic test accuracy '$acc' < 0.9"; fi

# a run that fails on its input stops before touching the run folder: the old run stays whole
"$xt" train --data "$tmp/trunc" --set net.layers=20,16,10 --out "$tmp/a" >/dev/null 2>&1
if [ -e "$tmp/a/summary.json" ] && cmp -s "$tmp/a/metrics.csv" "$tmp/b/metrics.csv"; then
  ok "failed re-run leaves the old run intact"
else bad "failed re-run damaged the old run"; fi

# gzip data works the same as raw
"$build/tests/mkidx" "$tmp/gz" 3000 600 --gzip
"$xt" train "${small[@]}" --data "$tmp/gz" --seed 5 --out "$tmp/g" >/dev/null 2>&1
cmp -s "$tmp/a/metrics.csv" "$tmp/g/metrics.csv" && ok "gzip IDX gives the same run as raw" \
  || bad "gzip IDX run differs from raw"

# docs/config.md is generated from the key table
if "$xt" config --markdown | cmp -s - docs/config.md; then ok "docs/config.md matches the key table"
else bad "docs/config.md is stale: run build/xtile config --markdown > docs/config.md"; fi

# --- jt-gen: a table generated from sat_immediate trains like the model itself
"$xt" jt-gen configs/default.ini --class lsp --out "$tmp/lsp.csv" 2>"$tmp/err" || bad "jt-gen failed: $(cat "$tmp/err")"
"$xt" jt-gen configs/default.ini --class msp --out "$tmp/msp.csv" 2>>"$tmp/err"
if [ -f data/mnist/train-images-idx3-ubyte ]; then
  sub=(--set train.epochs=1 --set train.examples=6000 --set train.test_examples=3000 --quiet)
  accs=()
  for m in model table; do
    extra=(); [ $m = table ] && extra=(--set lsp.model=jump_table --set lsp.jt_file="$tmp/lsp.csv" --set msp.model=jump_table --set msp.jt_file="$tmp/msp.csv")
    "$xt" train configs/default.ini "${sub[@]}" "${extra[@]}" --out "$tmp/jt-$m" >/dev/null 2>"$tmp/err" || bad "jt run $m: $(cat "$tmp/err")"
    accs+=("$(sed -n 's/.*"test_accuracy": \([0-9.]*\).*/\1/p' "$tmp/jt-$m/summary.json")")
  done
  if awk -v a="${accs[0]}" -v b="${accs[1]}" 'BEGIN { d = a - b; exit !(d < 0.02 && d > -0.02) }'; then
    ok "jump table of sat_immediate: test accuracy ${accs[1]} vs model ${accs[0]} (within 2 points)"
  else bad "jump table ${accs[1]} vs model ${accs[0]}: more than 2 points apart"; fi
fi

# --- L0 = L1: the fast and the clocked engine train the default network alike
if [ -f data/mnist/train-images-idx3-ubyte ]; then
  lvl=(--set train.epochs=1 --set train.examples=${XTILE_L1_EXAMPLES:-200} --set train.test_examples=200 --set clt.every=100 --quiet)
  # key KEY RUN: "KEY": value from the summary.json of run folder $tmp/RUN
  key() { grep -o "\"$1\": [^,]*" "$tmp/$2/summary.json"; }
  # same_engines TAG WHAT ARGS...: the engines $engines (default fast and cycle) give the same
  # weights, ADC codes, cycles, metrics, transfers (and drift evaluations, when the run has them)
  same_engines() {
    local tag=$1 what=$2 e f; shift 2
    local -a es=(${engines:-fast cycle})
    for e in "${es[@]}"; do
      "$xt" train configs/default.ini "${lvl[@]}" "$@" --engine $e --out "$tmp/$tag-$e" >/dev/null 2>"$tmp/err" || bad "$what, engine $e: $(cat "$tmp/err")"
    done
    k() { key "$1" "$tag-$2"; }
    [ -z "${drift:-}" ] || [ -f "$tmp/$tag-fast/drift.csv" ] || { bad "$what: no drift.csv"; return; }
    for e in "${es[@]:1}"; do
      for f in metrics.csv clt.csv drift.csv; do
        [ -f "$tmp/$tag-fast/$f" ] || [ ! -f "$tmp/$tag-$e/$f" ] || { bad "$what: $f from $e only"; return; }
        [ ! -f "$tmp/$tag-fast/$f" ] || cmp -s "$tmp/$tag-fast/$f" "$tmp/$tag-$e/$f" || { bad "$what: engines fast and $e differ in $f"; return; }
      done
      if [ -z "$(k weights_hash fast)" ] || [ "$(k weights_hash fast)" != "$(k weights_hash $e)" ] ||
         [ "$(k codes_hash fast)" != "$(k codes_hash $e)" ] ||
         [ "$(k cycles_per_example fast)" != "$(k cycles_per_example $e)" ]; then
        bad "$what: engines differ: fast $(k weights_hash fast) $(k cycles_per_example fast), $e $(k weights_hash $e) $(k cycles_per_example $e)"
        return
      fi
    done
    ok "$what, engines ${es[*]}: same $(k weights_hash fast), $(k codes_hash fast), $(k cycles_per_example fast), metrics, clt.csv${drift:+, drift.csv}"
  }
  same_engines lv "the default network"
  # a converter shared by 8 lines converts 8 times as long: every read takes longer
  "$xt" train configs/default.ini configs/tile/shared_adc.ini "${lvl[@]}" --out "$tmp/lv-shared" >/dev/null 2>&1
  c1=$(key cycles_per_example lv-fast | cut -d' ' -f2); c8=$(key cycles_per_example lv-shared | cut -d' ' -f2)
  awk -v a="$c1" -v b="$c8" 'BEGIN { exit !(b > 4 * a) }' && ok "adc_share 8: $c8 cycles per example vs $c1 with one converter per line" \
    || bad "adc_share 8 gave $c8 cycles per example, one converter per line $c1"
  # bidirectional devices: RESETs are depression trains, the same on both engines
  same_engines bd "bidirectional devices" --set lsp.model=soft_bounds --set lsp.up_down=0.3 --set lsp.reset_pulses=40 \
    --set msp.model=linear_step --set msp.ls_decrease_up=0.5 --set msp.ls_decrease_down=0.5 --set clt.strategy=target
  # on a small network (the synthetic digits: a transfer costs a thousandth of the default's),
  # on the rtl engine too when this xtile has it (mk/rtl.mk Verilates the small network's tiles)
  tiny=(--data "$syn" --set net.layers=20,16,10 --set train.examples=600 --set train.test_examples=200 --set clt.every=200)
  engines="fast cycle"
  if "$xt" train configs/default.ini "${tiny[@]}" --set train.examples=5 --set train.test_examples=5 --engine rtl --quiet \
       --out "$tmp/rtl-probe" >/dev/null 2>"$tmp/err"; then
    engines="fast cycle rtl"
  elif grep -q "built without Verilator" "$tmp/err"; then echo "note: this xtile has no rtl engine: the small-network checks compare fast and cycle"
  else bad "engine rtl on the small network: $(cat "$tmp/err")"; fi
  # drift and leakage in simulated time: the devices age at the same instants on both engines
  drift=1 same_engines dr "drift and leakage" "${tiny[@]}" --set msp.drift_nu=0.06 --set msp.drift_nu_dtod=0.02 --set msp.drift_nu_std=0.02 \
    --set msp.drift_t0_s=0.5 --set lsp.leak_tau_s=3 --set lsp.leak_rest_us=2 --set time.idle_s=0.01 --set time.age_every=70 \
    --set time.infer_after=1s,1h,1mo
  # the Nature cell: capacitors against a shared reference per column, leaking, polarity inversion,
  # the transfer's offset
  same_engines nc "the Nature cell (4dev_shared, offset 2 uS)" "${tiny[@]}" --set weights.encoding=4dev_shared --set lsp.model=capacitor \
    --set lsp.reset_g_us=4 --set lsp.up_down=0.1 --set lsp.leak_tau_s=2 --set lsp.leak_rest_us=6 --set time.idle_s=0.01 \
    --set time.age_every=70 --set clt.polarity_inversion=true --set lsp.reset_to_ref=true --set clt.offset_us=2
fi

# --- one epoch on the real MNIST
if [ -f data/mnist/train-images-idx3-ubyte ]; then
  if "$xt" train configs/default.ini --set weights.encoding=float --set train.epochs=1 --quiet --out "$tmp/m" >/dev/null 2>"$tmp/err"; then
    acc=$(sed -n 's/.*"test_accuracy": \([0-9.]*\).*/\1/p' "$tmp/m/summary.json")
    awk -v a="$acc" 'BEGIN { exit !(a >= 0.95) }' && ok "MNIST, float, 1 epoch: test accuracy $acc >= 0.95" \
      || bad "MNIST, 1 epoch: test accuracy $acc < 0.95"
  else bad "MNIST training failed: $(cat "$tmp/err")"; fi
else
  bad "data/mnist missing (make test fetches it)"
fi

finish
