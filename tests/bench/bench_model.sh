#!/usr/bin/env bash
# Training and inference images/s of the ResNet-50 CAM network at 512 px, fp32 and bf16, in
# CellCAM (LibTorch C++) and side by side in Python torch on the same machine, with ratios.
# Usage: tests/bench/bench_model.sh [BUILD_DIR] [SIZE] [BATCH]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/release}
size=${2:-512}
batch=${3:-2}
ours=$("$build/app/cli/cellcam" bench model --backbone resnet50 --size "$size" --batch "$batch")
theirs=$(/usr/bin/python3 "$here/bench_model.py" --size "$size" --batch "$batch")
echo "$ours"
echo "$theirs"
echo "ratio cellcam / python (higher is better):"
while read -r who precision _ inf _ train _; do
  [ "$who" = cellcam ] || continue
  read -r _ _ _ pinf _ ptrain <<<"$(grep "^python $precision " <<<"$theirs")"
  awk -v p="$precision" -v a="$inf" -v b="$pinf" -v c="$train" -v d="$ptrain" \
    'BEGIN { printf "  %s inference %.2fx  train %.2fx\n", p, a / b, c / d }'
done <<<"$ours"
