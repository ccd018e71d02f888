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

# Headless demo pipeline: train a tiny Puzzle-CAM model on the demo data, fit its XGBoost
# mapping, predict the demo test set, validate and score the submission.
echo "== headless demo"
cellcam="$bin/cli/cellcam"
"$cellcam" info --data "$demo"
run="$root/build/demo-run"
submission="$root/build/demo-submission.csv"
precision=fp32
grep -qwE 'avx512_bf16|amx_bf16' /proc/cpuinfo && precision=bf16
if [ ! -f "$run/model.pt" ]; then
  echo "== training a small ResNet-18 CAM model ($precision)"
  sed "s/\"precision\": \"fp32\"/\"precision\": \"$precision\"/" packaging/demo-train.json \
    > "$root/build/demo-train.json"
  rm -rf "$run"
  "$cellcam" train --config "$root/build/demo-train.json" --data "$demo" --out "$run"
fi
echo "== fitting the score-to-probability mapping"
"$cellcam" fit-mapping --model "$run/model.pt" --data "$demo" --precision "$precision"
echo "== predicting the test set"
"$cellcam" predict --data "$demo" --model "$run/model.pt" --out "$submission" \
  --precision "$precision"
"$cellcam" validate "$submission" --data "$demo"
"$cellcam" evaluate "$demo/test_gt.csv" "$submission"
echo
echo "Demo dataset:  $demo"
echo "Model:         $run/model.pt (log: $run/log.jsonl)"
echo "Submission:    $submission"
