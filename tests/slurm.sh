#!/usr/bin/env bash
# slurm.sh BUILD - xtile sweep --slurm end to end on a single-node Slurm brought up on
# localhost by this test (munged, slurmctld and slurmd from Debian's packages, configured in a
# scratch folder, stopped at the end): the job array runs every point, --collect aggregates,
# and sweep.csv equals that of the same sweep run locally. Needs root (CI runs as root).
set -uo pipefail

build=$(cd "${1:-build}" && pwd)
root=$PWD
xt="$build/xtile"
if [ "$(id -u)" -ne 0 ]; then
  echo "slurm: SKIP (needs root to run munged, slurmctld and slurmd)"
  exit 0
fi
for p in munged slurmctld slurmd sbatch squeue sinfo; do
  command -v $p >/dev/null || PATH=$PATH:/usr/sbin
  command -v $p >/dev/null || { echo "slurm: FAIL: $p missing (scripts/deps.sh installs it)"; exit 1; }
done
tmp=$(mktemp -d /tmp/xtile-slurm.XXXXXX)
chmod 755 "$tmp"
started_munge=0
cleanup() {
  for d in slurmd slurmctld; do
    [ -f "$tmp/$d.pid" ] && kill "$(cat "$tmp/$d.pid")" 2>/dev/null
  done
  [ $started_munge -eq 1 ] && [ -f "$tmp/munged.pid" ] && kill "$(cat "$tmp/munged.pid")" 2>/dev/null
  sleep 1
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "slurm: FAIL: $*"; for l in "$tmp"/*.log; do echo "--- $l"; tail -15 "$l"; done; exit 1; }

# munge: the node authenticates to the controller through it
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  [ -s /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key ||
    fail "cannot create a munge key"
  chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/lib/munge /var/log/munge && chown munge:munge /run/munge /var/lib/munge /var/log/munge
  runuser -u munge -- munged || fail "munged did not start"
  pgrep -u munge -n -x munged >"$tmp/munged.pid" # munged cannot write into this root folder
  started_munge=1
  munge -n | unmunge >/dev/null || fail "munge does not work"
fi

host=$(hostname -s)
cpus=$(nproc)
mkdir -p "$tmp/state" "$tmp/spool"
export SLURM_CONF="$tmp/slurm.conf"
cat >"$SLURM_CONF" <<EOF
ClusterName=xtiletest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -c || fail "slurmctld did not start"
slurmd || fail "slurmd did not start"
for i in $(seq 60); do
  state=$(sinfo -h -o %T 2>/dev/null | head -1)
  [ "$state" = idle ] && break
  sleep 1
done
[ "$state" = idle ] || fail "the node is '$state', not idle, after 60 s"
echo "slurm: single-node cluster up ($host, $cpus CPUs)"

cat >"$tmp/study.ini" <<'EOF'
[train]
epochs = 1
examples = 1000
test_examples = 300
[weights]
encoding = 4dev
[sweep]
lsp.dyn_range = 10 50
seeds = 2
EOF
(cd "$tmp" && "$xt" sweep study.ini --out local --quiet -j 2 --set data.dir="$root/data/mnist") >"$tmp/local.out" 2>&1 ||
  fail "the local sweep failed: $(tail -3 "$tmp/local.out")"
out=$(cd "$tmp" && "$xt" sweep study.ini --out cluster --slurm --set data.dir="$root/data/mnist" 2>&1)
echo "$out"
job=$(echo "$out" | sed -n 's/.*job \([0-9][0-9]*\).*/\1/p' | head -1)
[ -n "$job" ] || fail "no job id from sbatch: $out"
for i in $(seq 600); do
  [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
  sleep 1
done
[ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && echo "slurm: job $job done after ~${i} s" ||
  fail "job $job still queued or running after 600 s"
(cd "$tmp" && "$xt" sweep study.ini --out cluster --set data.dir="$root/data/mnist" --collect) ||
  fail "--collect failed"
n=$(ls "$tmp"/cluster/slurm-*.out | wc -l)
[ "$n" -eq 4 ] || fail "$n task logs, expected 4"
cmp "$tmp/local/sweep.csv" "$tmp/cluster/sweep.csv" ||
  fail "sweep.csv through Slurm differs from the local sweep's"
echo "slurm: PASS: 4 array tasks, --collect: sweep.csv equal to the local sweep's"
