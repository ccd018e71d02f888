#!/usr/bin/env bash
# Peak memory and speed of `cellcam predict` on large images (issue 9: memory must stay bounded
# however many images there are). Synthesises N test images of SIZE px, trains a tiny model
# (resnet18 at 64 px, 1 epoch, on 8 small training images), predicts, and prints the peak RSS
# that predict reports and that /usr/bin/time -v measures, and the seconds per image.
# Usage: tests/bench/bench_predict_memory.sh [N=100] [SIZE=4096] [BUILD_DIR] [THREADS=0]
#   BUILD_DIR defaults to build/release; WORK (environment) keeps the data between runs.
set -euo pipefail
n=${1:-100}
size=${2:-4096}
build=${3:-$(cd "$(dirname "$0")/../.." && pwd)/build/release}
threads=${4:-0}
cellcam=$build/app/cli/cellcam
work=${WORK:-$(mktemp -d)}
[ -n "${WORK:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"

if [ ! -f "$work/test-$n-$size/sample_submission.csv" ]; then
  rm -rf "$work/test-$n-$size"
  start=$SECONDS
  "$cellcam" synth --out "$work/test-$n-$size" --train 0 --test "$n" --size "$size" --seed 3 >/dev/null
  echo "synthesised $n test images of ${size} px in $((SECONDS - start)) s"
fi
if [ ! -f "$work/run/model.pt" ]; then
  "$cellcam" synth --out "$work/small" --train 8 --test 0 --size 64 --seed 4 --overwrite >/dev/null
  cat >"$work/tiny.json" <<'JSON'
{"model": {"backbone": "resnet18", "channels": "rgby", "inputSize": 64}, "epochs": 1,
 "batchSize": 4, "accumulation": 1, "optimizer": "adam", "validationFraction": 0,
 "checkpointEvery": 0, "precision": "fp32"}
JSON
  "$cellcam" train --config "$work/tiny.json" --data "$work/small" --out "$work/run" >/dev/null
fi

rm -f "$work/sub.csv"
/usr/bin/time -v -o "$work/time.txt" "$cellcam" predict --data "$work/test-$n-$size" \
  --model "$work/run/model.pt" --out "$work/sub.csv" --threads "$threads" 2>"$work/predict.err" |
  tee "$work/predict.out"
peak_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
echo "images: $n x ${size} px; /usr/bin/time: peak RSS $((peak_kb / 1024)) MiB, wall $wall"
grep -E "peak memory" "$work/predict.out" | sed 's/^/predict: /' || true
