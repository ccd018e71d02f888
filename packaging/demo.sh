#!/usr/bin/env bash
# The main job: set everything up, make the demo dataset if missing, and open the studio on it.
# Without a display, runs the headless demo pipeline instead and prints where its output is.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash packaging/build.sh

bin="$root/build/release/app"
demo="${CELLCAM_DEMO_DIR:-$root/build/demo-data}"
if [ ! -f "$demo/train.csv" ]; then
  echo "== making the demo dataset in $demo"
  rm -rf "$demo"
  "$bin/cli/cellcam" synth --out "$demo" --train 96 --test 24 --size 512 --seed 2021
fi

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${CELLCAM_HEADLESS:-}" ]; then
  echo "== starting CellCAM Studio on $demo"
  if "$bin/studio/cellcam-studio" --data "$demo"; then exit 0; fi
  echo "cellcam-studio could not start on this display; running the headless demo instead." >&2
fi

# Headless demo pipeline: the steps the engine has so far.
echo "== headless demo"
"$bin/cli/cellcam" info --data "$demo"
echo
echo "Demo dataset:      $demo"
echo "Ground truth:      $demo/test_gt.csv (submission format, Open Images masks)"
echo "Test label images: $demo/test_masks/"
