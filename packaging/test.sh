#!/usr/bin/env bash
# Sets everything up and runs the whole test suite (ctest: core, cli, ui under Xvfb, layout).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash packaging/build.sh
ctest --preset release --parallel "$(nproc)"
