#!/usr/bin/env bash
# long.sh BUILD - the long checks of make test-long: the full L0 = L1 suites
# (2,300 random networks, 46,000 phases, at least 10,000 of each kind) and a
# 2,000-example training run of the default network through both engines.
set -uo pipefail
build=${1:-build}
XTILE_LONG=1 "$build/tests/unit" --color=never --filter 'levels/*' || exit 1
XTILE_L1_EXAMPLES=2000 tests/cli.sh "$build"
