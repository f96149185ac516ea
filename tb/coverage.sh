#!/usr/bin/env bash
# coverage.sh - line and toggle coverage of rtl/ in the block and tile benches (make coverage)
#
# Runs the benches built with Verilator's coverage points (VM_COV=1, in BUILD/cov: the small
# sizes of each), merges their points per module over sizes and instances (a point counts as
# covered when any run took it), drops the uncovered points waived in tb/coverage_waivers.txt
# (each with its reason; a waiver that matches no uncovered point fails), and writes to BUILD/cov/:
#   summary.txt    per module: line points (statements and branches) and toggle points (every
#                  bit of every signal, both ways), covered / total, waived
#   uncovered.txt  every point not covered and not waived: module, kind, file:line, signal
#   coverage.info  lcov's format (verilator_coverage --write-info), and html/ (genhtml)
#   fsm-summary.txt  per block, the legal FSM transitions (tb/fsm_transitions.txt) the RTL took
#                  in the benches; fsm-untaken.txt those it did not, and any it took not listed
# Fails if a module is under LINE_MIN % of its line points or TOGGLE_MIN % of its toggles.
# usage: tb/coverage.sh BUILD_DIR [--report]   (--report: the last run's data again, no run)
set -uo pipefail
build=${1:-build}
report_only=${2:-}
dir=$build/cov
line_min=${LINE_MIN:-98} toggle_min=${TOGGLE_MIN:-95}
waivers=tb/coverage_waivers.txt
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
. "$(dirname "$0")/../tests/jobs.sh"
rm -rf "$dir/html"

benches=(tb_tile_top_sc tb_tile_pulse_seq tb_tile_adc_rd tb_tile_wxfer_ctl)
if [ "$report_only" != --report ]; then
  rm -rf "$dir/data" "$dir/logs"
  mkdir -p "$dir/data" "$dir/logs"
  for b in "${benches[@]}"; do spawn logged "$dir/logs" "$b" "$dir/tb/$b" +nowave +cov="$dir/data"; done
  wait
  fail=0
  for b in "${benches[@]}"; do
    if [ "$(cat "$dir/logs/$b.rc")" != 0 ]; then
      echo "coverage: $b failed ($dir/logs/$b.log):"; grep -m 10 'MISMATCH\|%Error' "$dir/logs/$b.log"; fail=1
    fi
  done
  [ $fail = 0 ] || exit 1
fi

# one line per point: kind, module, file, line, signal (or statement kind), count; merged
for f in "$dir"/data/*.dat; do
  tr '\001\002' '\003\004' < "$f" | awk -F"'" '/^C /{
    n = split($2, f, "\003"); delete v
    for (i = 2; i <= n; i++) { split(f[i], kv, "\004"); v[kv[1]] = kv[2] }
    kind = v["page"]; sub(/\/.*/, "", kind); kind = kind == "v_toggle" ? "toggle" : "line"
    mod = v["page"]; sub(/^[^\/]*\//, "", mod); sub(/__.*/, "", mod)
    file = v["f"]; sub(/.*\//, "", file)
    cnt = $3; gsub(/ /, "", cnt)
    printf "%s\t%s\t%s:%s\t%s\t%s\n", mod, kind, file, v["l"], v["o"], cnt }'
done | awk -F'\t' -v OFS='\t' '{ k = $1 OFS $2 OFS $3 OFS $4; c[k] += $5 }
  END { for (k in c) print k, c[k] }' | sort > "$dir/points.tsv"

# waivers: module, kind, an extended regular expression matched against
# "file:line signal | the source line" (the source line trimmed, so a waiver survives line moves)
awk -F'\t' -v OFS='\t' -v wf="$waivers" '
  BEGIN { while ((getline l < wf) > 0) if (l !~ /^#/ && l != "") { split(l, w, "\t"); nw++; wm[nw] = w[1]; wk[nw] = w[2]; wr[nw] = w[3]; used[nw] = 0 } }
  function src(fl,   f, n, t) { split(fl, f, ":"); if (!((f[1], 1) in text)) { n = 0; while ((getline t < ("rtl/" f[1])) > 0) text[f[1], ++n] = t; text[f[1], 1] = text[f[1], 1] "" }
    t = text[f[1], f[2] + 0]; gsub(/^[ \t]+|[ \t]+$/, "", t); return t }
  { key = $3 " " $4 " | " src($3); waived = 0
    if ($5 == 0) for (i = 1; i <= nw; i++) if ((wm[i] == "*" || wm[i] == $1) && wk[i] == $2 && key ~ wr[i]) { waived = 1; used[i]++; break }
    print $0, waived }
  END { for (i = 1; i <= nw; i++) if (!used[i]) printf "coverage: waiver %d (%s %s %s) matches no uncovered point: remove it\n", i, wm[i], wk[i], wr[i] > "/dev/stderr" }
' "$dir/points.tsv" > "$dir/points-waived.tsv" 2> "$dir/waivers.log"

awk -F'\t' '$6 == 0 && $5 == 0 { print $1, $2, $3, $4 }' "$dir/points-waived.tsv" > "$dir/uncovered.txt"
awk -F'\t' -v lmin="$line_min" -v tmin="$toggle_min" '
  { k = $1 SUBSEP $2; mods[$1] = 1
    if ($6) wv[k]++; else { tot[k]++; if ($5 > 0) hit[k]++ } }
  function pct(m, t) { k = m SUBSEP t; return tot[k] ? 100 * hit[k] / tot[k] : 100 }
  END {
    printf "%-16s %20s %8s %22s %8s\n", "module", "line points", "waived", "toggle points", "waived"
    for (m in mods) {
      lp = pct(m, "line"); tp = pct(m, "toggle")
      bad = lp < lmin || tp < tmin
      printf "%-16s %6d/%5d %6.2f %% %8d %8d/%5d %6.2f %% %8d%s\n", m, hit[m SUBSEP "line"], tot[m SUBSEP "line"], lp, wv[m SUBSEP "line"], hit[m SUBSEP "toggle"], tot[m SUBSEP "toggle"], tp, wv[m SUBSEP "toggle"], bad ? "  UNDER" : ""
    }
  }' "$dir/points-waived.tsv" | { read -r h; echo "$h"; sort; } > "$dir/summary.txt"

verilator_coverage --write-info "$dir/coverage.info" "$dir"/data/*.dat > /dev/null 2>&1 &&
  genhtml -q --ignore-errors source -o "$dir/html" "$dir/coverage.info" > "$dir/genhtml.log" 2>&1 ||
  echo "coverage: no HTML report (verilator_coverage or genhtml failed: $dir/genhtml.log)"

# FSM transitions (the benches' fsm-*.txt, from the RTL's state registers) against the legal list,
# state names to values by the C headers (BUILD/tb/encodings)
fsm_fail=0
awk 'FNR == NR { v[$1] = $2; next } !/^#/ && NF == 3 { print $1, v[$2], v[$3], $2 " -> " $3 }' \
  <("$build/tb/encodings") tb/fsm_transitions.txt | sort -u > "$dir/fsm-legal.txt"
cat "$dir"/data/fsm-*.txt 2> /dev/null | sort -u > "$dir/fsm-taken.txt"
awk 'FNR == NR { taken[$1 " " $2 " " $3] = 1; next }
     { n[$1]++; if (taken[$1 " " $2 " " $3]) hit[$1]++; else print "  never taken: " $1 " " $4 " " $5 " " $6 > "/dev/stderr" }
     END { for (b in n) printf "%-16s FSM transitions %2d/%2d\n", b, hit[b], n[b] }' \
  "$dir/fsm-taken.txt" "$dir/fsm-legal.txt" 2> "$dir/fsm-untaken.txt" | sort > "$dir/fsm-summary.txt"
awk 'FNR == NR { legal[$1 " " $2 " " $3] = 1; next } !legal[$0] { print "  not a legal transition: " $0 }' \
  "$dir/fsm-legal.txt" "$dir/fsm-taken.txt" >> "$dir/fsm-untaken.txt"
[ -s "$dir/fsm-untaken.txt" ] && fsm_fail=1

cat "$dir/summary.txt"
cat "$dir/fsm-summary.txt" "$dir/fsm-untaken.txt"
cat "$dir/waivers.log"
echo "uncovered points (not waived): $(wc -l < "$dir/uncovered.txt"), in $dir/uncovered.txt; HTML in $dir/html/"
if grep -q 'UNDER$' "$dir/summary.txt" || [ -s "$dir/waivers.log" ] || [ $fsm_fail = 1 ]; then
  echo "coverage: FAIL (line >= $line_min %, toggle >= $toggle_min % per module, after the waivers; every waiver in use; every FSM transition taken, no other)"; exit 1
fi
echo "coverage: PASS (line >= $line_min %, toggle >= $toggle_min % per module, after the waivers; every FSM transition of the four blocks taken)"
