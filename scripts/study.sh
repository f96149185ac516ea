#!/usr/bin/env bash
# study.sh - the device-requirement study (docs/study.md): runs its sweeps, keeps what a reader
# needs under docs/study/ (per figure FIG.csv, the sweep.csv columns the tables use, and FIG.svg,
# its plot, error bars = SD over seeds), and prints the tables.
#   scripts/study.sh [FIG...]        the quick tier: configs/study/fig_*.ini (or the named ones),
#                                    1 epoch, 5 seeds per point, into runs/study/FIG/; then
#                                    docs/study/FIG.{csv,svg} and docs/study/wall_seconds.csv
#   scripts/study.sh --full [--slurm] [NAME...]
#                                    the full tier: configs/study/full_*.ini, 20 epochs, 3 seeds
#                                    (--slurm: submit each as a job array instead, then run
#                                    `scripts/study.sh --full` again, once the jobs have
#                                    finished, to collect)
#   scripts/study.sh --figures [--into DIR]
#                                    redraw every docs/study/*.svg from its committed CSV, no
#                                    training (into DIR instead of docs/study: what the test does)
#   scripts/study.sh --tables [FIG...]
#                                    the Markdown tables of docs/study.md from docs/study/*.csv
#   scripts/study.sh --diff FIG 'A' 'B' [METRIC]
#                                    B - A with its 95 % Welch interval; A and B select one row of
#                                    docs/study/FIG.csv each, as key=value[,key=value]
# Rows of the tables: mean ± SD over n seeds; the last column the difference the figure is about
# (between the two values of a two-valued parameter, else against the base's value of x) with
# its 95 % Welch confidence interval, "n.s." when the interval holds zero.
set -euo pipefail
cd "$(dirname "$0")/.."
xt=${XTILE:-build/xtile} # XTILE: another build's program (the tests)
docs=docs/study
# metrics the committed CSVs keep (mean and std of each, when the sweep has it), besides y
keep="test_accuracy before_last_transfer.test_accuracy energy_pj_per_example clt.mean_abs_error
clt.not_converged_frac clt.set_pulses initial_programming.mean_abs_error
initial_programming.set_pulses endurance.msp.set.mean endurance.msp.set.max endurance.lsp.set.mean
endurance.lsp.set.max endurance.lsp.reset.max"

die() { echo "study.sh: $*" >&2; exit 2; }

# figures FULL NAME...: the config names of a tier (all of it when none named)
figures() {
  local full=$1; shift
  if [ $# -gt 0 ]; then printf '%s\n' "$@"; return; fi
  (cd configs/study && ls $([ "$full" = 1 ] && echo 'full_*.ini' || echo 'fig_*.ini') | sed 's/\.ini$//')
}

# export FIG: docs/study/FIG.csv from runs/study/FIG/sweep.csv (parameters, seeds, kept metrics)
export_csv() {
  local f=$1 y
  y=$(sed -n 's/^y = //p' "runs/study/$f/sweep.ini")
  awk -F, -v keep="$keep $y" '
    BEGIN { n = split(keep, k, /[ \n]+/); for (i = 1; i <= n; i++) want[k[i] "_mean"] = want[k[i] "_std"] = 1 }
    NR == 1 { for (i = 1; i <= NF; i++) if (i == 1 || !params_done || want[$i]) {
                if ($i == "seeds") params_done = 1
                if (!seen[$i]++) col[++nc] = i } }
    { line = ""; for (c = 1; c <= nc; c++) line = line (c > 1 ? "," : "") $(col[c]); print line }
  ' "runs/study/$f/sweep.csv" >"$docs/$f.csv.tmp"
  mv "$docs/$f.csv.tmp" "$docs/$f.csv"
}

# redraw FIG DIR: DIR/FIG.svg from docs/study/FIG.csv
redraw() {
  local f=$1 into=$2 tmp
  tmp=$(mktemp -d)
  "$xt" sweep "configs/study/$f.ini" --redraw "$docs/$f.csv" --out "$tmp" >/dev/null 2>"$tmp/err" ||
    { cat "$tmp/err" >&2; rm -rf "$tmp"; exit 1; }
  mv "$tmp/sweep.svg" "$into/$f.svg"
  rm -rf "$tmp"
}

# Figures drawn from a file of each run rather than from sweep.csv: FIG-KIND, from FIG's runs.
#   endurance  endurance.csv: devices per bin of pulses per device (log2 bins), SET, per class,
#              one curve per point and class (mean ± SD over seeds)
#   target  transfer_error.csv: the transfers' mean |error| per bin of target weight
extras="fig_transfer_interval-endurance fig_clt_programming-target"

# export_extra FIG KIND: docs/study/FIG-KIND.csv, over the seeds of each point of runs/study/FIG
export_extra() {
  local f=$1 kind=$2 dir=runs/study/$1 file
  file=$([ "$kind" = endurance ] && echo endurance.csv || echo transfer_error.csv)
  # runs.csv: point, seed, the parameters (columns 3 .. before test_accuracy)
  awk -F, -v kind="$kind" -v dir="$dir" -v file="$file" '
    NR == 1 { for (i = 3; i <= NF && $i != "test_accuracy"; i++) np = i; hdr = ""
              for (i = 3; i <= np; i++) hdr = hdr $i ","; next }
    { par = ""; for (i = 3; i <= np; i++) par = par $i ","
      run = sprintf("%s/runs/%03d-s%d/%s", dir, $1, $2, file); pts[$1] = par; seeds[$1]++
      while ((getline line < run) > 0) {
        split(line, c, ",")
        if (c[1] == "class" || c[1] == "kind") continue
        if (kind == "endurance") { if (c[2] != "set") continue; key = $1 SUBSEP c[1] SUBSEP c[3]; v = c[6]; lo[key] = c[4]; hi[key] = c[5] }
        else { if (c[1] != "transfer" || c[5] == 0) continue; key = $1 SUBSEP "transfer" SUBSEP c[2]; v = c[7]; lo[key] = c[3]; hi[key] = c[4]; w[key] += c[5] }
        sum[key] += v; sq[key] += v * v; n[key]++; keys[key] = 1
      }
      close(run) }
    END {
      if (kind == "endurance") print hdr "class,bin,pulses_lo,pulses_hi,seeds,devices_mean,devices_std"
      else print hdr "kind,bin,target_lo,target_hi,seeds,weights_mean,mean_abs_error_mean,mean_abs_error_std"
      split(kind == "endurance" ? "msp lsp" : "transfer", cls, " ")
      for (p = 0; p in pts; p++) for (ci = 1; ci in cls; ci++) for (b = 0; b < 64; b++) {
        key = p SUBSEP cls[ci] SUBSEP b
        if (!(key in keys) || (kind == "target" && w[key] == 0)) continue
        m = sum[key] / n[key]
        sd = n[key] > 1 ? sq[key] - n[key] * m * m : 0; sd = sd > 0 ? sqrt(sd / (n[key] - 1)) : 0
        printf "%s%s,%d,%s,%s,%d,%s%.6g,%.6g\n", pts[p], cls[ci], b, lo[key], hi[key], n[key],
          (kind == "target" ? sprintf("%.6g,", w[key] / n[key]) : ""), m, sd
      }
    }' "$dir/runs.csv" >"$docs/$f-$kind.csv.tmp"
  mv "$docs/$f-$kind.csv.tmp" "$docs/$f-$kind.csv"
}

# draw_extra FIG KIND DIR: DIR/FIG-KIND.svg from docs/study/FIG-KIND.csv (gnuplot)
draw_extra() {
  local f=$1 kind=$2 into=$3 csv=$docs/$1-$2.csv
  command -v gnuplot >/dev/null || die "no gnuplot (scripts/deps.sh installs it)"
  [ -f "$csv" ] || die "$csv: no such table"
  awk -F, -v kind="$kind" -v out="$into/$f-$kind.svg.tmp" '
    NR == 1 { for (i = 1; i <= NF; i++) { col[$i] = i; key[i] = $i }
              np = col[kind == "endurance" ? "class" : "kind"] - 1; next }
    { # a series per point (its parameters: the columns before class or kind), and per class
      s = ""; for (i = 1; i <= np; i++) s = s (i > 1 ? ", " : "") key[i] "=" $i
      if (kind == "endurance") s = $(np + 1) " " s
      if (!(s in idx)) { idx[s] = ++ns; name[ns] = s }
      if (kind == "endurance") { if ($(col["devices_mean"]) > 0) data[idx[s]] = data[idx[s]] sprintf("%s %s %s\n", $(col["pulses_lo"]) < 1 ? 0.5 : $(col["pulses_lo"]), $(col["devices_mean"]), $(col["devices_std"])) }
      else data[idx[s]] = data[idx[s]] sprintf("%.6g %s %s\n", ($(col["target_lo"]) + $(col["target_hi"])) / 2, $(col["mean_abs_error_mean"]), $(col["mean_abs_error_std"])) }
    END {
      for (i = 1; i <= ns; i++) printf "$S%d << EOD\n%sEOD\n", i, data[i]
      print "set termoption noenhanced\nset grid\nset key outside right"
      if (kind == "endurance") {
        print "set logscale xy\nset xlabel \"SET pulses per device over the run (log2 bins; 0 at 0.5)\"\nset ylabel \"devices\""
        print "set title \"endurance: devices per bin of SET pulses, mean and SD over seeds\""
      } else {
        print "set xlabel \"target weight (weight units; w_max = 2)\"\nset ylabel \"transfer mean |error| (weight units)\""
        print "set title \"transfer error by target weight, mean and SD over seeds\""
      }
      printf "set terminal svg size 900,540 font \"sans,12\" noenhanced\nset output \"%s\"\nplot ", out
      for (i = 1; i <= ns; i++) printf "%s$S%d using 1:2:3 with yerrorlines lw 2 title \"%s\"", (i > 1 ? ", \\\n     " : ""), i, name[i]
      print "\nset output"
    }' "$csv" >"$into/$f-$kind.gp"
  gnuplot "$into/$f-$kind.gp" 2>/dev/null || die "$into/$f-$kind.gp: gnuplot failed"
  mv "$into/$f-$kind.svg.tmp" "$into/$f-$kind.svg"
  rm -f "$into/$f-$kind.gp"
}

# base FIG KEY: the base configuration's value of KEY (class.KEY: the lsp class's)
base_value() {
  local f=$1 key=$2 tmp
  key=${key/#class./lsp.}
  tmp=$(mktemp)
  sed '/^\[sweep\]/,$d' "configs/study/$f.ini" >"$tmp"
  "$xt" config "$tmp" | awk -v sec="${key%%.*}" -v k="${key#*.}" '
    /^\[/ { s = substr($0, 2, length($0) - 2); next }
    s == sec && $1 == k { print $3; exit }'
  rm -f "$tmp"
}

# The awk library of the tables: Student t quantile, Welch interval, cell formats.
awk_lib='
function tq(df,   T, lo) {            # 97.5 % quantile of Student t with df degrees of freedom
  split("12.706 4.303 3.182 2.776 2.571 2.447 2.365 2.306 2.262 2.228 2.201 2.179 2.160 2.145 2.131 2.120 2.110 2.101 2.093 2.086 2.080 2.074 2.069 2.064 2.060 2.056 2.052 2.048 2.045 2.042", T, " ")
  if (df < 1) df = 1
  if (df >= 30) return 1.960 + (2.042 - 1.960) * 30 / df
  lo = int(df); return T[lo] + (df - lo) * (T[lo + 1] - T[lo])
}
# welch(m1, s1, n1, m2, s2, n2): "d ± h" (m2 - m1, 95 % half-width), " n.s." when it holds 0
function welch(m1, s1, n1, m2, s2, n2, scale,   d, a, b, se, df, h) {
  d = (m2 - m1) * scale; a = s1 * s1 / n1; b = s2 * s2 / n2; se = sqrt(a + b)
  if (se == 0) return sprintf(scale == 100 ? "%+.2f ± 0 (identical runs)" : "%+.3g ± 0 (identical runs)", d)
  df = (a + b) ^ 2 / ((n1 > 1 ? a * a / (n1 - 1) : 0) + (n2 > 1 ? b * b / (n2 - 1) : 0) + 1e-300)
  h = tq(df) * se * scale
  return sprintf(scale == 100 ? "%+.2f ± %.2f%s" : "%+.3g ± %.2g%s", d, h, (d - h <= 0 && d + h >= 0) ? " n.s." : "")
}
function cell(m, s, scale) { return scale == 100 ? sprintf("%.2f ± %.2f", 100 * m, 100 * s) : sprintf("%.4g ± %.2g", m, s) }
'

# table FIG: the Markdown table of docs/study/FIG.csv
table() {
  local f=$1 csv=$docs/$1.csv y x ref=""
  y=$(sed -n 's/^y = //p' "configs/study/$f.ini"); y=${y:-test_accuracy}
  x=$(sed -n 's/^x = //p' "configs/study/$f.ini")
  [ -n "$x" ] || x=$(sed -n '/^\[sweep\]/,$p' "configs/study/$f.ini" | grep -v '^\(class\|mode\|seeds\|x\|y\) =' |
                    sed -n 's/^\([a-z_.0-9]*\) =.*/\1/p' | head -1)
  labels=$(sed -n 's/^labels = //p' "configs/study/$f.ini")
  if [ -n "$labels" ]; then table_labelled "$csv" "$y" "$x" "$labels"; return; fi
  grep -q '^mode = zip' "configs/study/$f.ini" || ref=$(base_value "$f" "$x")
  awk -F, -v y="$y" -v x="$x" -v ref="$ref" "$awk_lib"'
    NR == 1 { for (i = 1; i <= NF; i++) { col[$i] = i; if ($i == "seeds") last = i - 1 }
      ym = col[y "_mean"]; ys = col[y "_std"]; pm = col["before_last_transfer.test_accuracy_mean"]
      ps = col["before_last_transfer.test_accuracy_std"]; scale = (y ~ /accuracy/) ? 100 : 1
      xi = col[x]; next }
    { rows++; for (i = 2; i <= last; i++) { v[rows, i] = $i; if (!((i, $i) in seenv)) { seenv[i, $i] = 1; nv[i]++ ; val[i, nv[i]] = $i } }
      m[rows] = $ym; s[rows] = $ys; n[rows] = $(last + 1); pre[rows] = pm ? $pm : ""; pres[rows] = ps ? $ps : "" }
    END {
      # the comparison: a two-valued parameter other than x, else x against its base value
      for (i = 2; i <= last; i++) if (i != xi && nv[i] == 2) cmp = i
      hasref = 0; for (r = 1; r <= rows; r++) if (ref != "" && v[r, xi] + 0 == ref + 0) hasref = 1
      if (!hasref) ref = ""  # the base value of x is not swept: no difference to show
      printf "|"; for (i = 2; i <= last; i++) printf " %s |", H[i] = header(i)
      printf " n | %s%s |", y, scale == 100 ? " (%)" : ""
      if (pm && y == "test_accuracy") printf " before the last transfer (%%) |"
      if (cmp) printf " %s − %s (95 %% CI) |", val[cmp, 2], val[cmp, 1]
      else if (ref != "") printf " Δ vs %s = %s (95 %% CI) |", x, ref
      printf "\n|"; for (i = 2; i <= last + 2 + (pm && y == "test_accuracy") + (cmp || ref != ""); i++) printf "---:|"
      printf "\n"
      for (r = 1; r <= rows; r++) {
        printf "|"; for (i = 2; i <= last; i++) printf " %s |", v[r, i]
        printf " %d | %s |", n[r], cell(m[r], s[r], scale)
        if (pm && y == "test_accuracy") printf " %s |", pre[r] == "" ? "–" : cell(pre[r], pres[r], 100)
        if (cmp || ref != "") {
          # the partner row: same values but cmp (its first value) or x (= ref)
          p = 0
          for (q = 1; q <= rows && !p; q++) {
            same = 1
            for (i = 2; i <= last; i++)
              if (cmp ? (i != cmp && v[q, i] != v[r, i]) || (i == cmp && v[q, i] != val[cmp, 1]) \
                      : (i != xi && v[q, i] != v[r, i]) || (i == xi && v[q, i] + 0 != ref + 0)) same = 0
            if (same) p = q
          }
          if (!p || p == r) printf " |"
          else printf " %s |", welch(m[p], s[p], n[p], m[r], s[r], n[r], scale)
        }
        printf "\n"
      }
    }
    function header(i,   h) { for (h in col) if (col[h] == i) return h }
  ' "$csv"
}

# table_labelled CSV Y X LABELS: a zip sweep that names its points. Rows: the point's name, x,
# n, y (and the accuracy before the last transfer); the difference: to the row of the same name
# with x's first value (names shared by several points), else to the row before (a ladder).
table_labelled() {
  awk -F, -v y="$2" -v x="$3" -v labels="$4" "$awk_lib"'
    BEGIN { split(labels, L, " ") }
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i
      ym = col[y "_mean"]; ys = col[y "_std"]; pm = col["before_last_transfer.test_accuracy_mean"]
      ps = col["before_last_transfer.test_accuracy_std"]; scale = (y ~ /accuracy/) ? 100 : 1; next }
    { r = NR - 1; lab[r] = L[r]; xv[r] = $(col[x]); m[r] = $ym; s[r] = $ys; n[r] = $(col["seeds"])
      pre[r] = pm ? $pm : ""; pres[r] = ps ? $ps : ""; cnt[L[r]]++; if (r == 1) x1 = xv[r]; rows = r }
    END {
      for (r = 1; r <= rows; r++) if (cnt[lab[r]] > 1) shared = 1
      printf "| point | %s | n | %s%s |", x, y, scale == 100 ? " (%)" : ""
      if (pm) printf " before the last transfer (%%) |"
      printf " %s |\n|---|---|---:|---:|%s---:|\n", shared ? "difference to " x " = " x1 " (95 % CI)" : "difference to the row before (95 % CI)", pm ? "---:|" : ""
      for (r = 1; r <= rows; r++) {
        printf "| %s | %s | %d | %s |", lab[r], xv[r], n[r], cell(m[r], s[r], scale)
        if (pm) printf " %s |", pre[r] == "" ? "–" : cell(pre[r], pres[r], 100)
        p = 0
        if (shared) { for (q = 1; q <= rows; q++) if (q != r && lab[q] == lab[r] && xv[q] == x1) p = q }
        else if (r > 1) p = r - 1
        printf " %s |\n", p ? welch(m[p], s[p], n[p], m[r], s[r], n[r], scale) : ""
      }
    }' "$1"
}

# wall FIG: the recorded wall time of the figure's sweep
wall() { awk -F, -v f="$1" '$1 == f { printf "%s runs, %s s", $2, $3 }' "$docs/wall_seconds.csv" 2>/dev/null; }

mode=quick
case "${1:-}" in
  --full) mode=full; shift ;;
  --figures) mode=figures; shift ;;
  --tables) mode=tables; shift ;;
  --diff) mode=diff; shift ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  -*) die "unknown option '$1' (--full, --figures, --tables, --diff)" ;;
esac
[ -n "${XTILE:-}" ] || make --no-print-directory -s build/xtile

case $mode in
quick)
  mkdir -p runs/study "$docs"
  for f in $(figures 0 "$@"); do
    [ -f "configs/study/$f.ini" ] || die "configs/study/$f.ini: no such figure"
    t0=$(date +%s)
    done0=$( (ls runs/study/"$f"/runs/*/summary.json 2>/dev/null || true) | wc -l)
    "$xt" sweep "configs/study/$f.ini" --out "runs/study/$f" --quiet
    secs=$(( $(date +%s) - t0 ))
    runs=$("$xt" sweep "configs/study/$f.ini" --list | wc -l)
    touch "$docs/wall_seconds.csv"
    if [ "$done0" -eq 0 ] || ! grep -q "^$f," "$docs/wall_seconds.csv"; then
      # the wall time of a whole sweep; a rerun that found runs finished keeps the first one
      { grep -v "^$f," "$docs/wall_seconds.csv" | grep -v '^figure,' || true
        echo "$f,$runs,$secs"; } | sort >"$docs/wall.tmp"
      { echo "figure,runs,seconds"; cat "$docs/wall.tmp"; } >"$docs/wall_seconds.csv"
      rm -f "$docs/wall.tmp"
    fi
    export_csv "$f"
    redraw "$f" "$docs"
    for e in $extras; do
      [ "${e%-*}" = "$f" ] || continue
      export_extra "$f" "${e##*-}"; draw_extra "$f" "${e##*-}" "$docs"
    done
    echo "study.sh: $f: $runs runs, $secs s; $docs/$f.csv, $docs/$f.svg"
  done
  ;;
full)
  slurm=()
  if [ "${1:-}" = --slurm ]; then slurm=(--slurm); shift; fi
  mkdir -p runs/study "$docs"
  for f in $(figures 1 "$@"); do
    [ -f "configs/study/$f.ini" ] || die "configs/study/$f.ini: no such figure"
    t0=$(date +%s)
    "$xt" sweep "configs/study/$f.ini" --out "runs/study/$f" --quiet "${slurm[@]}"
    [ ${#slurm[@]} -eq 0 ] || continue
    secs=$(( $(date +%s) - t0 ))
    echo "study.sh: $f: $secs s (this invocation)"
    export_csv "$f"
    redraw "$f" "$docs"
  done
  ;;
figures)
  into=$docs
  if [ "${1:-}" = --into ]; then into=${2:?--into needs a folder}; mkdir -p "$into"; fi
  for csv in "$docs"/*.csv; do
    f=$(basename "$csv" .csv)
    case $f in
      wall_seconds) ;;
      *-endurance|*-target) draw_extra "${f%-*}" "${f##*-}" "$into" ;;
      *) redraw "$f" "$into" ;;
    esac
  done
  ;;
tables)
  for f in $( [ $# -gt 0 ] && printf '%s\n' "$@" || (cd "$docs" && ls *.csv | grep -v '^wall_seconds\|-endurance\|-target' | sed 's/\.csv$//')); do
    [ -f "$docs/$f.csv" ] || die "$docs/$f.csv: not run yet (scripts/study.sh $f)"
    echo "### $f"; echo
    table "$f"; echo
    echo "$(wall "$f"); \`scripts/study.sh $f\`; figure: [$f.svg](study/$f.svg)"; echo
  done
  ;;
diff)
  [ $# -ge 3 ] || die "--diff needs FIG 'A' 'B' [METRIC]"
  f=$1 a=$2 b=$3 metric=${4:-test_accuracy}
  [ -f "$docs/$f.csv" ] || die "$docs/$f.csv: not run yet"
  awk -F, -v a="$a" -v b="$b" -v y="$metric" "$awk_lib"'
    function match_sel(sel,   n, kv, i, p) { n = split(sel, kv, ","); for (i = 1; i <= n; i++) {
        split(kv[i], p, "="); if (!(p[1] in col) || $(col[p[1]]) != p[2]) return 0 } return 1 }
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i
      if (!((y "_mean") in col)) { print "study.sh: no metric " y > "/dev/stderr"; exit 2 } next }
    match_sel(a) { na++; ma = $(col[y "_mean"]); sa = $(col[y "_std"]); nA = $(col["seeds"]) }
    match_sel(b) { nb++; mb = $(col[y "_mean"]); sb = $(col[y "_std"]); nB = $(col["seeds"]) }
    END { if (na != 1 || nb != 1) { printf "study.sh: %s matches %d rows, %s %d (one each)\n", a, na, b, nb > "/dev/stderr"; exit 2 }
      sc = (y ~ /accuracy/) ? 100 : 1
      printf "%s: %s (%s) -> %s (%s): %s\n", y, a, cell(ma, sa, sc), b, cell(mb, sb, sc), welch(ma, sa, nA, mb, sb, nB, sc) }
  ' "$docs/$f.csv"
  ;;
esac
