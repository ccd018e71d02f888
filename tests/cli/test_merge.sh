#!/usr/bin/env bash
# End-to-end checks of `cellcam merge`: two shards of `cellcam predict --shard k/2` on a tiny
# synthetic dataset merge into exactly the bytes of the unsharded prediction; a missing shard,
# a duplicate shard, a shard given twice and a missing file each fail with one line naming the
# image or the file, and leave --out unwritten.
# Usage: test_merge.sh PATH_TO_CELLCAM
set -u
cellcam=${1:?usage: test_merge.sh PATH_TO_CELLCAM}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# 5 test images: shard 0/2 gets 3 of them, shard 1/2 gets 2, so the order must interleave.
check "synth" 0 "" -- synth --out "$tmp/data" --train 8 --test 5 --size 96 --seed 11 --threads 2

tiny_model "$tmp/data"
check "fit-mapping" 0 "" -- fit-mapping --model "$model" --data "$tmp/data" --max-images 4

check "predict unsharded" 0 "predicted 5 images" -- predict --data "$tmp/data" \
  --model "$model" --out "$tmp/full.csv" --threads 2
check "predict shard 0/2" 0 "predicted 3 images" -- predict --data "$tmp/data" \
  --model "$model" --out "$tmp/shard0.csv" --shard 0/2 --threads 2
check "predict shard 1/2" 0 "predicted 2 images" -- predict --data "$tmp/data" \
  --model "$model" --out "$tmp/shard1.csv" --shard 1/2 --threads 2

# Shards given in reverse order still come out in sample_submission order.
check "merge" 0 "merged 2 shards: 5 images" -- merge --data "$tmp/data" \
  --out "$tmp/merged.csv" "$tmp/shard1.csv" "$tmp/shard0.csv"
if cmp -s "$tmp/full.csv" "$tmp/merged.csv"; then pass "merged equals unsharded byte for byte"
else
  fail "merged equals unsharded byte for byte"
  diff <(cut -c1-80 "$tmp/full.csv") <(cut -c1-80 "$tmp/merged.csv") | head -10 | sed 's/^/    /'
fi
if [ ! -e "$tmp/merged.csv.merging.csv" ]; then pass "no temporary file left"; else
  fail "no temporary file left"; fi
check "merged validates" 0 "valid: 5 images" -- validate "$tmp/merged.csv" --data "$tmp/data"
check "merge --shards --sample" 0 "merged 2 shards" -- merge \
  --sample "$tmp/data/sample_submission.csv" --out "$tmp/merged2.csv" \
  --shards "$tmp/shard0.csv" "$tmp/shard1.csv"
if cmp -s "$tmp/full.csv" "$tmp/merged2.csv"; then pass "--shards/--sample form equal"; else
  fail "--shards/--sample form equal"; fi

# predict --merge (the older spelling) keeps working and agrees.
check "predict --merge still works" 0 "merged 2 shards" -- predict --data "$tmp/data" \
  --merge "$tmp/shard0.csv" "$tmp/shard1.csv" --out "$tmp/merged3.csv"
if cmp -s "$tmp/full.csv" "$tmp/merged3.csv"; then pass "predict --merge equal"; else
  fail "predict --merge equal"; fi

# Errors: each one line naming the image or file; --out never written.
missing_id=$(sed -n '3p' "$tmp/data/sample_submission.csv" | cut -d, -f1)  # 2nd image: shard 1
check "missing shard names the image" 1 "sample_submission\.csv.*$missing_id.*no shard" -- \
  merge --data "$tmp/data" --out "$tmp/bad.csv" "$tmp/shard0.csv"
cp "$tmp/shard0.csv" "$tmp/copy_of_shard0.csv"
first_id=$(sed -n '2p' "$tmp/data/sample_submission.csv" | cut -d, -f1)
check "duplicate shard names image and files" 1 \
  "copy_of_shard0\.csv.*$first_id.*shard0\.csv predicts too" -- merge --data "$tmp/data" \
  --out "$tmp/bad.csv" "$tmp/shard0.csv" "$tmp/shard1.csv" "$tmp/copy_of_shard0.csv"
check "same shard twice" 1 "shard0\.csv: the same shard file is given twice" -- merge \
  --data "$tmp/data" --out "$tmp/bad.csv" "$tmp/shard0.csv" "$tmp/shard1.csv" "$tmp/./shard0.csv"
check "missing shard file" 1 "shard7\.csv: shard submission not found" -- merge \
  --data "$tmp/data" --out "$tmp/bad.csv" "$tmp/shard0.csv" "$tmp/shard7.csv"
check "missing sample_submission" 1 "nodata/sample_submission\.csv: file not found" -- merge \
  --data "$tmp/nodata" --out "$tmp/bad.csv" "$tmp/shard0.csv" "$tmp/shard1.csv"
check "no shards" 2 "shards" -- merge --data "$tmp/data" --out "$tmp/bad.csv"
# A shard of another dataset: its images are not in this sample_submission.csv.
check "synth other" 0 "" -- synth --out "$tmp/other" --train 2 --test 2 --size 64 --seed 99
cp "$tmp/other/sample_submission.csv" "$tmp/foreign.csv"
check "foreign shard" 1 "foreign\.csv|does not list" -- merge --data "$tmp/data" \
  --out "$tmp/bad.csv" "$tmp/shard0.csv" "$tmp/shard1.csv" "$tmp/foreign.csv"
if [ ! -e "$tmp/bad.csv" ]; then pass "nothing written on error"; else
  fail "nothing written on error"; fi
# A failed merge leaves an existing output as it was.
cp "$tmp/merged.csv" "$tmp/keep.csv"
check "failed merge over existing out" 1 "no shard" -- merge --data "$tmp/data" \
  --out "$tmp/keep.csv" "$tmp/shard1.csv"
if cmp -s "$tmp/merged.csv" "$tmp/keep.csv"; then pass "existing out untouched"; else
  fail "existing out untouched"; fi

finish
