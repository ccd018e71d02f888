#!/usr/bin/env bash
# Installs the dependencies (Debian 12) and builds CellCAM with the Release preset.
# Sourced or run by demo.sh and test.sh; safe to run again (everything is incremental).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash packaging/install-deps.sh

# ccache keyed on paths relative to the checkout, so a fresh clone elsewhere hits the cache.
export CCACHE_BASEDIR="$root"
export CCACHE_COMPRESS=1
ccache --max-size=8G >/dev/null 2>&1 || true

cmake --preset release
cmake --build --preset release --parallel "$(nproc)"
