#!/usr/bin/env bash
# report.sh BUILD - xtile report: the hardware cost of a run moves the way the hardware does when
# a tile parameter changes, and bad input is refused.
#
# Three runs of a 16-8-10 network (tiles 17 x 8 and 9 x 10) on synthetic digits, synthesized by
# xtile report itself (synth/synth.sh), from a base of 6-bit ADCs with one converter per line:
# - tile.adc_bits 6 -> 8 (AdcW 6 -> 8): a ramp conversion takes 2^bits - 1 steps, so forward and
#   backward reads take longer (update unchanged); the ADC readout's code registers and the
#   transfer controller's per-column codes are AdcW bits wide, so both blocks grow, while the
#   pulse sequencer (CodeW) stays within 5 % (its logic is the same, but Yosys's and ABC's results
#   for a module depend a little on the rest of the design: up to 2.5 % seen); converters are as many.
# - tile.adc_share 1 -> 4: every conversion runs 4 passes, so forward, backward and transfer
#   take longer; ceil(lines / 4) converters per bank; the same arithmetic, so the same weights
#   and the same pulse energy; the ADC readouts are per line and stay within 10 % (the pass
#   counter and its decoder are all that changes), the sequencer and the controller within 5 %. The ADC readouts must
#   grow by more than 10 % (they grow 23-25 %), the controller by more than 2 % (6-7 %).
# - tile.set_cycles 1 -> 4: each of an update's olt.bl slots lasts 4 clocks, so an update takes
#   (2 + 4 bl) / (2 + bl) times as long; reads and transfers as long, the same pulses, so the
#   same energy and weights.
set -uo pipefail

. "$(dirname "$0")/lib.sh" report "${1:-build}"

data="$tmp/data"
synth=${XTILE_TEST_SYNTH:-$tmp/synth}   # a folder of syntheses kept between runs saves their time
"$build/tests/mkidx" "$data" 300 100 4 4 > /dev/null || { echo "mkidx failed"; exit 1; }
common=(configs/default.ini --data "$data" --set net.layers=16,8,10 --set train.epochs=1
        --set clt.every=100 --set clt.adc_bits=6 --quiet)
declare -A set=([base]="tile.adc_bits=6" [bits]="tile.adc_bits=8" [share]="tile.adc_bits=6 tile.adc_share=4"
                [hold]="tile.adc_bits=6 tile.set_cycles=4")
for r in base bits share hold; do
  args=()
  for kv in ${set[$r]}; do args+=(--set "$kv"); done
  "$xt" train "${common[@]}" "${args[@]}" --out "$tmp/$r" > /dev/null 2> "$tmp/$r.err" ||
    { bad "train $r: $(cat "$tmp/$r.err")"; finish; exit 1; }
done
# the reports two at a time (each synthesizes its two tiles)
for r in base bits share hold; do
  echo "$r"
done | xargs -P 2 -I{} sh -c '"$0" report "$1/{}" --json --synth "$2" > "$1/{}.json" 2> "$1/{}.rerr"' "$xt" "$tmp" "$synth"
for r in base bits share hold; do
  [ -s "$tmp/$r.json" ] || { bad "report $r: $(cat "$tmp/$r.rerr")"; finish; exit 1; }
  tr -d ' \n' < "$tmp/$r.json" > "$tmp/$r.flat"
done

# v RUN PATTERN: the number after PATTERN in the run's flattened report
v() { grep -o "$2[-0-9.e+]*" "$tmp/$1.flat" | head -1 | sed "s/.*://"; }
# tile T's (1 or 2) block B transistors, or converters
tile() { sed 's/{"rows":/\n{"rows":/g' "$tmp/$1.flat" | grep '^{"rows":' | sed -n "$2p"; }
area() { tile "$1" "$2" | grep -o "\"$3\":{\"transistors\":[0-9.e+]*" | sed 's/.*://'; }
conv() { tile "$1" "$2" | grep -o '"converters":[0-9]*' | sed 's/.*://'; }
dim() { tile "$1" "$2" | grep -o "\"$3\":[0-9]*" | head -1 | sed 's/.*://'; }
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; }
grows() { awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN { exit !(a > (1 + f) * b) }'; }
near() { awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= f * b) }'; }
check() { if eval "$2"; then ok "$1"; else bad "$1 ($3)"; fi; }

fwd() { v "$1" '"forward":{"cycles":'; }
bwd() { v "$1" '"backward":{"cycles":'; }
upd() { v "$1" '"update":{"cycles":'; }
xfer() { v "$1" '"transfer":{"cycles":'; }
energy() { v "$1" '"total":{"cycles":[-0-9.e+]*,"time_us":[-0-9.e+]*,"energy_pj":'; }

for t in 1 2; do
  check "adc_bits 6 -> 8: tile $t's column ADC grows ($(area base $t col_adc) -> $(area bits $t col_adc) transistors)" \
    'grows "$(area bits $t col_adc)" "$(area base $t col_adc)" 0.10' "not larger"
  check "adc_bits 6 -> 8: tile $t's row ADC grows ($(area base $t row_adc) -> $(area bits $t row_adc))" \
    'grows "$(area bits $t row_adc)" "$(area base $t row_adc)" 0.10' "not larger"
  check "adc_bits 6 -> 8: tile $t's transfer controller grows ($(area base $t wxfer_ctl) -> $(area bits $t wxfer_ctl))" \
    'grows "$(area bits $t wxfer_ctl)" "$(area base $t wxfer_ctl)" 0.02' "not larger"
  check "adc_bits 6 -> 8: tile $t's pulse sequencer within 5 % ($(area base $t pulse_seq) -> $(area bits $t pulse_seq))" \
    'near "$(area bits $t pulse_seq)" "$(area base $t pulse_seq)" 0.05' "moved more"
  check "adc_bits 6 -> 8: tile $t has as many converters ($(conv base $t))" \
    '[ "$(conv bits $t)" = "$(conv base $t)" ]' "$(conv bits $t)"
  want=$(( ($(dim base $t rows) + 3) / 4 + ($(dim base $t cols) + 3) / 4 ))
  check "adc_share 1 -> 4: tile $t has ceil(lines / 4) converters per bank ($(conv base $t) -> $(conv share $t))" \
    '[ "$(conv share $t)" = "$want" ]' "want $want"
  check "adc_share 1 -> 4: tile $t's sequencer and controller within 5 % ($(area base $t pulse_seq) -> $(area share $t pulse_seq), $(area base $t wxfer_ctl) -> $(area share $t wxfer_ctl))" \
    'near "$(area share $t pulse_seq)" "$(area base $t pulse_seq)" 0.05 && near "$(area share $t wxfer_ctl)" "$(area base $t wxfer_ctl)" 0.05' "moved more"
  check "adc_share 1 -> 4: tile $t's ADC readouts within 10 % ($(area base $t col_adc) -> $(area share $t col_adc))" \
    'near "$(area share $t col_adc)" "$(area base $t col_adc)" 0.10 && near "$(area share $t row_adc)" "$(area base $t row_adc)" 0.10' "moved more"
done
check "adc_bits 6 -> 8: forward reads take longer ($(fwd base) -> $(fwd bits) cycles)" 'gt "$(fwd bits)" "$(fwd base)"' "not longer"
check "adc_bits 6 -> 8: backward reads take longer ($(bwd base) -> $(bwd bits))" 'gt "$(bwd bits)" "$(bwd base)"' "not longer"
check "adc_bits 6 -> 8: the update takes as long ($(upd base))" '[ "$(upd bits)" = "$(upd base)" ]' "$(upd bits)"
check "adc_share 1 -> 4: forward, backward, transfer take longer ($(fwd base) -> $(fwd share), $(bwd base) -> $(bwd share), $(xfer base) -> $(xfer share))" \
  'gt "$(fwd share)" "$(fwd base)" && gt "$(bwd share)" "$(bwd base)" && gt "$(xfer share)" "$(xfer base)"' "not longer"
check "adc_share 1 -> 4: the same pulse energy ($(energy base) pJ per example)" '[ "$(energy share)" = "$(energy base)" ]' "$(energy share)"
h() { grep -o '"weights_hash": "[0-9a-f]*"' "$tmp/$1/summary.json"; }
check "adc_share 1 -> 4: the same weights ($(h base))" '[ "$(h share)" = "$(h base)" ]' "$(h share)"
# default olt.bl 32: an update of 2 + 4 x 32 clocks instead of 2 + 32
check "set_cycles 1 -> 4: the update takes 130 / 34 times as long ($(upd base) -> $(upd hold) cycles)" \
  'near "$(upd hold)" "$(awk -v u="$(upd base)" "BEGIN { print u * 130 / 34 }")" 1e-9' "not that ratio"
check "set_cycles 1 -> 4: reads and transfers as long, the same energy and weights" \
  '[ "$(fwd hold)" = "$(fwd base)" ] && [ "$(bwd hold)" = "$(bwd base)" ] && [ "$(xfer hold)" = "$(xfer base)" ] && [ "$(energy hold)" = "$(energy base)" ] && [ "$(h hold)" = "$(h base)" ]' \
  "$(fwd hold) $(bwd hold) $(xfer hold) $(energy hold) $(h hold)"

# the text report, and refusals
"$xt" report "$tmp/base" --synth "$synth" > "$tmp/text" 2>&1
check "text report: phases, pulses per device, every tile's area, the network's total" \
  'grep -q "^  transfer " "$tmp/text" && grep -q "pulses per device: MSP" "$tmp/text" && grep -q "^  2 .* 9 x 10 " "$tmp/text" && grep -q "network: [0-9]* transistors" "$tmp/text"' "$(cat "$tmp/text")"
# a synthesis older than rtl/ is made again, once; a current one is not
mkdir -p "$tmp/old"
cp "$synth"/tile_top_* "$tmp/old/"
touch -d @0 "$tmp/old"/tile_top_17x8x1_*.json
"$xt" report "$tmp/base" --synth "$tmp/old" > /dev/null 2> "$tmp/err1"
"$xt" report "$tmp/base" --synth "$tmp/old" > /dev/null 2> "$tmp/err2"
check "a synthesis older than rtl/ is made again, then kept: $(grep -c synthesizing "$tmp/err1") and $(grep -c synthesizing "$tmp/err2") syntheses" \
  'grep -q "synthesizing tile_top 17 x 8" "$tmp/err1" && [ "$(grep -c synthesizing "$tmp/err1")" = 1 ] && ! grep -q synthesizing "$tmp/err2"' \
  "$(cat "$tmp/err1" "$tmp/err2")"
# the end of xtile train leaves out an area older than rtl/ (a program beside the tree's rtl/, its
# synth folder holding the base run's reports, tile 1's aged)
mkdir -p "$tmp/tree/bin/synth"
ln -s "$PWD/rtl" "$tmp/tree/rtl"
ln -s "$PWD/synth" "$tmp/tree/synth"
cp "$xt" "$tmp/tree/bin/xtile"
cp "$synth"/tile_top_* "$tmp/tree/bin/synth/"
touch -d @0 "$tmp/tree/bin/synth"/tile_top_17x8x1_*.json
"$tmp/tree/bin/xtile" train "${common[@]}" --set tile.adc_bits=6 --out "$tmp/aged" > "$tmp/aged.out" 2> "$tmp/aged.err"
check "xtile train leaves out an area older than rtl/, keeps the current one" \
  'grep -q "tile 1.s area left out" "$tmp/aged.err" && ! grep -q "tile 2.s area" "$tmp/aged.err" && grep -q "^  2 .* 9 x 10 .*[0-9]\{4,\}" "$tmp/aged.out"' \
  "$(cat "$tmp/aged.err"; grep -A4 peripheral "$tmp/aged.out")"
"$xt" train configs/default.ini --data "$data" --set net.layers=16,8,10 --set train.epochs=1 \
  --set weights.encoding=float --quiet --out "$tmp/float" > /dev/null 2>&1
for c in "float run|$tmp/float|no tiles" "missing folder|$tmp/nothing|not a finished run" "no argument||usage: xtile report"; do
  IFS='|' read -r name dir msg <<< "$c"
  "$xt" report $dir > "$tmp/out" 2> "$tmp/err"
  st=$?
  if [ $st -ne 0 ] && grep -q "$msg" "$tmp/err"; then ok "refuses a $name: exit $st, $(head -1 "$tmp/err")"
  else bad "$name: exit $st, $(cat "$tmp/err")"; fi
done
# a corrupt synthesis report: xtile report names it and fails; a training run only notes it
mkdir -p "$tmp/bad"
cp "$synth"/*.json "$synth"/*.inst "$tmp/bad/"
for f in "$tmp/bad"/*.json; do echo '{"modules": {' > "$f"; done
"$xt" report "$tmp/base" --synth "$tmp/bad" --no-synth > /dev/null 2> "$tmp/err"
st=$?
check "refuses a corrupt synthesis report: exit $st, $(head -1 "$tmp/err")" \
  '[ $st = 1 ] && grep -q "bad/tile_top_.*json: not valid JSON" "$tmp/err"' "$(cat "$tmp/err")"
finish
