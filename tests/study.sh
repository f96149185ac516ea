#!/usr/bin/env bash
# study.sh BUILD - the study's committed pictures are in step with their tables: every
# docs/study/FIG.svg redrawn from docs/study/FIG.csv (scripts/study.sh --figures) is byte-identical;
# a table that does not match its config, or a missing one, is refused with one line.
set -uo pipefail

. "$(dirname "$0")/lib.sh" study "${1:-build}"

if ! command -v gnuplot > /dev/null; then
  echo "study: no gnuplot: figures not checked (scripts/deps.sh installs it)"
  finish; exit
fi
n=$(ls docs/study/*.svg 2> /dev/null | wc -l)
if XTILE="$xt" scripts/study.sh --figures --into "$tmp/fig" > "$tmp/out" 2>&1; then
  differ=0
  for svg in docs/study/*.svg; do
    cmp -s "$svg" "$tmp/fig/$(basename "$svg")" || { differ=$((differ + 1)); echo "  differs: $svg"; }
  done
  csvs=$(ls docs/study/*.csv | grep -vc wall_seconds)
  if [ "$n" -gt 0 ] && [ "$differ" -eq 0 ] && [ "$csvs" -eq "$n" ]; then
    ok "scripts/study.sh --figures redraws the $n committed figures byte for byte from their CSVs"
  else
    bad "$differ of $n figures differ from a redraw, or figures ($n) and tables ($csvs) do not pair up (scripts/study.sh --figures)"
  fi
else
  bad "scripts/study.sh --figures failed: $(tail -2 "$tmp/out")"
fi

# a table whose rows are not the config's points, a truncated table, a missing one
f=$(ls docs/study/*.csv | grep -v wall_seconds | head -1); fig=$(basename "$f" .csv)
sed '2s/^0,[^,]*,/0,999,/' "$f" > "$tmp/shifted.csv"
head -c 200 "$f" > "$tmp/cut.csv"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "test_accuracy_mean") c = i }
                  NR == 2 { $c = "0.9x" } { print }' "$f" > "$tmp/nan.csv"
for c in "shifted.csv:has" "cut.csv:the header\|points, the config has" "none.csv:cannot open" \
         "nan.csv:is not a number"; do
  csv=$tmp/${c%%:*} msg=${c#*:}
  "$xt" sweep "configs/study/$fig.ini" --redraw "$csv" --out "$tmp/r-${c%%:*}" > /dev/null 2> "$tmp/err"
  rc=$?
  if [ $rc -ne 0 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q "$msg" "$tmp/err" &&
     [ ! -e "$tmp/r-${c%%:*}" ]; then
    ok "--redraw refuses ${c%%:*}: $(cat "$tmp/err")"
  else
    bad "--redraw ${c%%:*}: exit $rc, $(cat "$tmp/err")"
  fi
done

# a label with '%' (gnuplot reads a tic label as a format) is drawn as written
sed 's/^labels = base base /labels = base base 10%-c2c 10%-c2c /; s/ c2c=1 c2c=1 / /' \
  configs/study/full_headline.ini > "$tmp/pct.ini"
if "$xt" sweep "$tmp/pct.ini" --redraw docs/study/full_headline.csv --out "$tmp/pct" > /dev/null 2> "$tmp/err" &&
   grep -q '>10%-c2c<' "$tmp/pct/sweep.svg"; then
  ok "--redraw draws a label with '%' as written (10%-c2c)"
else
  bad "--redraw with a label '10%-c2c': $(cat "$tmp/err"); $(grep -o '>10[^<]*<' "$tmp/pct/sweep.svg" 2> /dev/null | head -1)"
fi
finish
