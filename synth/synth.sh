#!/usr/bin/env bash
# synth.sh - synthesizes one block or tile of rtl/ with Yosys (synth/flow.ys) and writes its
# reports: OUT/NAME.txt (cells by type, flip-flops, transistor estimate: `stat -tech cmos`),
# OUT/NAME.json (the same, `stat -json`), OUT/NAME.inst (the top's instances and their modules:
# which block is which), OUT/NAME.v (the gate-level netlist, for make cosim-synth) and
# OUT/NAME.log. Writes into temporary names and renames at the end: a report is whole or absent.
# usage: synth/synth.sh OUT NAME TOP [PARAM=VALUE ...]
#   e.g. synth/synth.sh build/synth tile_top_785x250x1 tile_top Rows=785 Cols=250 Share=1
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: synth/synth.sh OUT NAME TOP [PARAM=VALUE ...]" >&2; exit 2; }
out=$1 name=$2 top=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
rtl=${RTL_DIR:-$here/../rtl}
command -v "${YOSYS:-yosys}" >/dev/null || { echo "synth: yosys not found (scripts/deps.sh installs it)" >&2; exit 1; }
mkdir -p "$out"
chp=""
for kv in "$@"; do
  case $kv in
    [A-Z]*=[0-9]*) chp="$chp -set ${kv%%=*} ${kv#*=}" ;;
    *) echo "synth: bad parameter '$kv' (NAME=NUMBER)" >&2; exit 2 ;;
  esac
done
tmp=$out/.$name.$$
trap 'rm -f "$tmp".*' EXIT
files=$(ls "$rtl"/tile_*.v | tr '\n' ' ')
cat > "$tmp.ys" <<YS
read_verilog -DSYNTHESIS $files
${chp:+chparam$chp $top}
hierarchy -check -top $top
script $here/flow.ys
tee -q -o $tmp.txt stat -tech cmos
tee -q -o $tmp.json stat -json -tech cmos
tee -q -o $tmp.dump dump $top/c:*
write_verilog -noattr $tmp.v
YS
t0=$(date +%s.%N)
if ! "${YOSYS:-yosys}" -q -l "$tmp.log" "$tmp.ys" > /dev/null 2>&1; then
  grep -m5 -i 'error' "$tmp.log" >&2 || tail -5 "$tmp.log" >&2
  echo "synth: $name failed (log: $out/$name.log)" >&2
  mv -f "$tmp.log" "$out/$name.log"
  exit 1
fi
t1=$(date +%s.%N)
# Yosys 0.23's stat -json prints the design hierarchy's module counts as bare text lines inside
# the JSON (after "modules", before "design"); drop them so the file is JSON.
sed -i '/^ *\$/d' "$tmp.json"
# the top's instances of modules: "cell <module> <instance>" lines of the dump
grep '^ *cell \$paramod\|^ *cell \\' "$tmp.dump" | awk '{ sub(/^\\/, "", $2); sub(/^\\/, "", $3); print $3, $2 }' > "$tmp.inst" || true
rm -f "$tmp.dump"
for f in txt json inst v log; do mv -f "$tmp.$f" "$out/$name.$f"; done
mv -f "$tmp.ys" "$out/$name.ys"
echo "synth: $name $(grep -o 'Estimated number of transistors: *[0-9]*' "$out/$name.txt" | tail -1 | grep -o '[0-9]*$') transistors ($(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s)"
