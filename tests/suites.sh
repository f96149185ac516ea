#!/usr/bin/env bash
# suites.sh BUILD - the command-line test scripts of `make check`, XTILE_JOBS at a time (default:
# the cores), each into its own log; the logs print in a fixed order, each under its title and the
# time it started. Exits 1 if any script failed, naming each.
set -uo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/jobs.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# name|title, the longest first so that the cores end together
suites=(
  "cli|command-line tests"
  "report|hardware cost report (xtile report; adc_bits and adc_share move it as the hardware would)"
  "resume|checkpoint and resume (SIGKILL, SIGTERM, SIGINT, refusals)"
  "threads|threads (fast and cycle at 1, 2 and 3 threads: the same bits; refusals)"
  "sweep|sweeps (a grid x seeds, SIGKILL and rerun, refusals)"
  "slurm|sweeps through Slurm (a one-node cluster on localhost)"
  "plot|pictures of a run (xtile plot; the end of xtile train)"
  "study|the study's committed figures redrawn from their tables (scripts/study.sh --figures)"
  "budget|error budget (xtile budget: points, tables from the runs, waterfall, refusals)"
  "trace|pulse traces (fast = cycle byte for byte, every pulse chained, refusals)"
)

for s in "${suites[@]}"; do spawn logged "$out" "${s%%|*}" "$here/${s%%|*}.sh" "$build"; done
wait

failed=()
for s in "${suites[@]}"; do
  name=${s%%|*}
  echo "== ${s#*|} [$(cat "$out/$name.start")]"
  cat "$out/$name.log"
  rc=$(cat "$out/$name.rc")
  [ "$rc" = 0 ] || failed+=("FAILED: tests/$name.sh (exit $rc)")
done
[ ${#failed[@]} = 0 ] && exit 0
printf '%s\n' "${failed[@]}"
exit 1
