#!/usr/bin/env bash
# End-to-end checks of `cellcam segment`: label images written, --eval scores against the
# synthetic ground truth, and one-line errors with exit code 1 on bad input.
# Usage: test_segment_cli.sh PATH_TO_CELLCAM
set -u
cellcam=${1:?usage: test_segment_cli.sh PATH_TO_CELLCAM}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

one_line_error() {
  local name=$1
  shift
  local lines
  lines=$("$cellcam" "$@" 2>&1 >/dev/null | wc -l)
  if [ "$lines" -eq 1 ]; then pass "$name"; else fail "$name ($lines lines on stderr)"; fi
}

count_png() { find "$1" -maxdepth 1 -name '*.png' 2>/dev/null | wc -l; }

check "help lists segment" 0 "segment" -- --help
check "segment help lists its options" 0 "--nuclei-model" -- segment --help

"$cellcam" synth --out "$tmp/ds" --train 2 --test 5 --size 320 --seed 7 >/dev/null 2>&1 ||
  fail "synth of the test dataset"

# Built-in segmenter with evaluation.
out=$("$cellcam" segment --data "$tmp/ds" --eval 2>"$tmp/stderr")
rc=$?
[ $rc -eq 0 ] && pass "segment --eval exits 0" || { fail "segment --eval exit $rc"; cat "$tmp/stderr"; }
echo "$out" | tail -1
fraction=$(grep -oE 'matched fraction [0-9.]+' <<<"$out" | awk '{print $3}')
if [ -n "$fraction" ] && awk -v f="$fraction" 'BEGIN { exit !(f >= 0.85) }'; then
  pass "matched fraction $fraction >= 0.85"
else
  fail "matched fraction '$fraction' (wanted >= 0.85)"
fi
grep -qE '^total: 5 images, true cells [0-9]+, predicted cells [0-9]+' <<<"$out" &&
  pass "total line" || fail "total line missing"
lines=$(grep -cE '^[0-9a-f]{8}-[0-9a-f]{4}-' <<<"$out")
[ "$lines" -eq 5 ] && pass "one line per image" || fail "$lines per-image lines, wanted 5"
n=$(count_png "$tmp/ds/segmentation")
[ "$n" -eq 5 ] && pass "5 label images in DATA/segmentation" || fail "$n label images, wanted 5"
for id in $(tail -n +2 "$tmp/ds/sample_submission.csv" | cut -d, -f1); do
  [ -s "$tmp/ds/segmentation/$id.png" ] || fail "no label image for $id"
done

# --out, --split all and --threads: the same label images with one thread as with several.
check "segment --split all --out" 0 "segmented 7 all images" -- \
  segment --data "$tmp/ds" --split all --out "$tmp/seg1" --threads 1
check "segment --split train --threads 3" 0 "segmented 2 train images" -- \
  segment --data "$tmp/ds" --split train --out "$tmp/seg3" --threads 3
n=$(count_png "$tmp/seg1")
[ "$n" -eq 7 ] && pass "7 label images with --split all" || fail "$n label images, wanted 7"
same=1
for f in "$tmp"/seg3/*.png; do cmp -s "$f" "$tmp/seg1/$(basename "$f")" || same=0; done
[ $same -eq 1 ] && pass "thread count does not change the result" || fail "results differ by thread count"

# TorchScript models (the analytic test models of tests/core/make_seg_models.py, passed in
# CELLCAM_SEG_MODELS by ctest), one per worker thread.
models=${CELLCAM_SEG_MODELS:-}
if [ -n "$models" ] && [ -f "$models/nuclei.pt" ] && [ -f "$models/cells.pt" ]; then
  check "segment with TorchScript models" 0 "matched fraction (0\.[5-9]|1\.0)" -- \
    segment --data "$tmp/ds" --out "$tmp/seg_models" --threads 2 --eval \
    --nuclei-model "$models/nuclei.pt" --cell-model "$models/cells.pt"
  n=$(count_png "$tmp/seg_models")
  [ "$n" -eq 5 ] && pass "5 label images from the models" || fail "$n label images from the models"
else
  echo "skip: TorchScript models (CELLCAM_SEG_MODELS not set)"
fi

# A settings file.
printf '{"removeBorderCells": true, "cellThreshold": 0.6}\n' >"$tmp/seg.json"
check "segment --config" 0 "segmented 5 test images" -- \
  segment --data "$tmp/ds" --config "$tmp/seg.json" --out "$tmp/seg_cfg"
printf '{"cellTreshold": 0.6}\n' >"$tmp/bad.json"
check "unknown config key names file and key" 1 "$tmp/bad.json.*cellTreshold" -- \
  segment --data "$tmp/ds" --config "$tmp/bad.json"
printf '{"workSize": 5}\n' >"$tmp/bad.json"
check "out-of-range config value names the range" 1 "$tmp/bad.json.*workSize.*32 to 16384" -- \
  segment --data "$tmp/ds" --config "$tmp/bad.json"

# Errors.
check "segment without --data" 2 "--data is required" -- segment
check "segment with a bad --split" 2 "--split" -- segment --data "$tmp/ds" --split valid
check "missing --data folder names it" 1 "$tmp/missing" -- segment --data "$tmp/missing"
one_line_error "errors are one line" segment --data "$tmp/missing"
check "only --nuclei-model" 1 "--nuclei-model and --cell-model go together" -- \
  segment --data "$tmp/ds" --nuclei-model "$tmp/n.pt"
check "only --cell-model" 1 "--nuclei-model and --cell-model go together" -- \
  segment --data "$tmp/ds" --cell-model "$tmp/c.pt"
check "missing model files are named" 1 "$tmp/n.pt" -- \
  segment --data "$tmp/ds" --nuclei-model "$tmp/n.pt" --cell-model "$tmp/c.pt"
check "--eval with --split train" 1 "--eval" -- segment --data "$tmp/ds" --split train --eval
cp -r "$tmp/ds" "$tmp/nomasks"
rm -rf "$tmp/nomasks/test_masks"
check "--eval without test_masks" 1 "test_masks: folder not found" -- \
  segment --data "$tmp/nomasks" --eval
one_line_error "missing test_masks is one line" segment --data "$tmp/nomasks" --eval
rm -f "$tmp/ds/test/"*_blue.png
check "missing channel file is named" 1 "_blue.png" -- segment --data "$tmp/ds" --out "$tmp/x"

finish
