#!/usr/bin/env bash
# ctest fixture "bad_inputs": writes everything the reliability tests read into OUT (once per
# build; rerun only when OUT/.complete is missing): the generated bad files
# (tests/data/make_bad_inputs.py), two small synthetic datasets and a tiny trained model.
# Usage: setup_bad_inputs.sh CELLCAM PYTHON TESTS_SOURCE_DIR OUT
set -euo pipefail
cellcam=$1 python=$2 src=$3 out=$4
if [ -f "$out/.complete" ] && [ "$out/.complete" -nt "$src/data/make_bad_inputs.py" ] &&
   [ "$out/.complete" -nt "$cellcam" ]; then
  echo "bad inputs already in $out"
  exit 0
fi
rm -rf "$out"
mkdir -p "$out"
start=$SECONDS
"$python" "$src/data/make_bad_inputs.py" "$out/gen" --size 64 --big 8192
"$cellcam" synth --out "$out/base" --train 6 --test 2 --size 64 --seed 11 --threads 2 >/dev/null
"$cellcam" synth --out "$out/base256" --train 0 --test 1 --size 256 --seed 12 --threads 2 >/dev/null
cat >"$out/tiny.json" <<'JSON'
{
  "model": {"backbone": "resnet18", "channels": "rgby", "inputSize": 64},
  "epochs": 1,
  "batchSize": 2,
  "accumulation": 1,
  "optimizer": "adam",
  "validationFraction": 0,
  "workers": 0,
  "checkpointEvery": 0,
  "precision": "fp32",
  "seed": 5
}
JSON
"$cellcam" train --config "$out/tiny.json" --data "$out/base" --out "$out/run" --threads 2 >/dev/null
test -f "$out/run/model.pt"
touch "$out/.complete"
echo "bad inputs written to $out in $((SECONDS - start)) s"
