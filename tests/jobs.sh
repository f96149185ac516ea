# jobs.sh - sourced by the scripts that run their parts side by side (tests/suites.sh,
# tests/cosim.sh, tests/fuzz/run.sh): jobs_max (XTILE_JOBS, default the cores) and spawn.
jobs_max=${XTILE_JOBS:-$(nproc 2>/dev/null || echo 2)}

# Start "$@" in the background once fewer than jobs_max of ours are running.
spawn() {
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
  "$@" &
}
