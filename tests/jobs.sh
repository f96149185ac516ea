# jobs.sh - sourced by the scripts that run their parts side by side (tests/suites.sh,
# tests/cosim.sh, tests/fuzz/run.sh): jobs_max (XTILE_JOBS, default the cores), spawn and logged.
jobs_max=${XTILE_JOBS:-$(nproc 2>/dev/null || echo 2)}

# Start "$@" in the background once fewer than jobs_max of ours are running.
spawn() {
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
  "$@" &
}

# logged DIR NAME CMD...: runs CMD into DIR/NAME.log (stdout and stderr) and leaves beside it the
# time it started (NAME.start), its exit status (NAME.rc) and its wall time (NAME.secs, "12.3 s").
logged() {
  local dir=$1 name=$2 t0 rc
  shift 2
  date +%T > "$dir/$name.start"
  t0=$(date +%s.%N)
  "$@" > "$dir/$name.log" 2>&1
  rc=$?
  echo $rc > "$dir/$name.rc"
  awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }' > "$dir/$name.secs"
}
