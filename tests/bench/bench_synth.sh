#!/usr/bin/env bash
# Prints the speed of synthetic data generation at the sizes users work with.
# Target: a 512x512 image in well under a second on one core.
# Usage: tests/bench/bench_synth.sh [BUILD_DIR]
set -euo pipefail
build=${1:-$(cd "$(dirname "$0")/../.." && pwd)/build/release}
for size in 512 1024 2048; do
  "$build/app/cli/cellcam" bench synth --size "$size" --repeats $((size >= 2048 ? 3 : 8))
  echo
done
