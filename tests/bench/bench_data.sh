#!/usr/bin/env bash
# Prints the speed of the data layer at the sizes users work with: synthetic data generation,
# Open Images encoding of every cell of a label image, and the built-in segmentation.
# Targets: a 512x512 image synthesised in well under a second on one core; encoding
# O(pixels), not O(cells x pixels); segmenting a 2048x2048 image well under a second.
# Usage: tests/bench/bench_data.sh [BUILD_DIR]
set -euo pipefail
build=${1:-$(cd "$(dirname "$0")/../.." && pwd)/build/release}
for size in 512 2048; do
  "$build/app/cli/cellcam" bench synth --size "$size" --repeats $((size >= 2048 ? 3 : 8))
  echo
done
"$build/app/cli/cellcam" bench encode --size 2048 --repeats 3
echo
"$build/app/cli/cellcam" bench segment --size 2048 --repeats 3
