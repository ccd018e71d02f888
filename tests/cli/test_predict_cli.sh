#!/usr/bin/env bash
# End-to-end checks of `cellcam fit-mapping` and `cellcam predict`: a tiny synthetic dataset,
# a model trained for one epoch with `cellcam train`, a mapping, a submission that validates and
# scores, shards that merge, and one-line errors on bad input.
# Usage: test_predict_cli.sh PATH_TO_CELLCAM
set -u
cellcam=${1:?usage: test_predict_cli.sh PATH_TO_CELLCAM}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

check "synth" 0 "" -- synth --out "$tmp/data" --train 8 --test 4 --size 96 --seed 3 --threads 2

tiny_model "$tmp/data"

check "fit-mapping" 0 "wrote .*model.mapping.json" -- fit-mapping --model "$model" \
  --data "$tmp/data" --max-images 4
if [ -f "$tmp/run/model.mapping.json" ]; then pass "mapping file exists"; else
  fail "mapping file exists"; fi

check "predict --model" 0 "predicted 4 images" -- predict --data "$tmp/data" --model "$model" \
  --out "$tmp/sub.csv" --threads 2
check "validate" 0 "valid: 4 images" -- validate "$tmp/sub.csv" --data "$tmp/data"
check "evaluate" 0 "" -- evaluate "$tmp/data/test_gt.csv" "$tmp/sub.csv"

cat >"$tmp/ens.json" <<'JSON'
{"families": [{"name": "r18", "weight": 1, "models": ["run/model.pt"]}],
 "tta": {"scales": [1.0, 1.3], "workSize": 96}}
JSON
check "predict shard 0/2" 0 "predicted 2 images" -- predict --data "$tmp/data" \
  --ensemble "$tmp/ens.json" --out "$tmp/s0.csv" --shard 0/2
check "predict shard 1/2" 0 "predicted 2 images" -- predict --data "$tmp/data" \
  --ensemble "$tmp/ens.json" --out "$tmp/s1.csv" --shard 1/2
check "merge shards" 0 "merged 2 shards: 4 images" -- predict --data "$tmp/data" \
  --merge "$tmp/s0.csv" "$tmp/s1.csv" --out "$tmp/merged.csv"
check "merged validates" 0 "valid: 4 images" -- validate "$tmp/merged.csv" --data "$tmp/data"

check "missing model named" 1 "nowhere\.pt" -- predict --data "$tmp/data" \
  --model "$tmp/nowhere.pt" --out "$tmp/x.csv"
check "bad shard" 1 "--shard 2/2" -- predict --data "$tmp/data" --model "$model" \
  --out "$tmp/x.csv" --shard 2/2
check "no model given" 1 "--ensemble" -- predict --data "$tmp/data" --out "$tmp/x.csv"
if [ ! -e "$tmp/x.csv" ]; then pass "nothing written on error"; else
  fail "nothing written on error"; fi

finish
