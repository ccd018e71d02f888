#!/usr/bin/env bash
# End-to-end checks of the cellcam CLI: each case asserts the exit code and the message.
# Usage: test_cli.sh PATH_TO_CELLCAM
set -u
cellcam=${1:?usage: test_cli.sh PATH_TO_CELLCAM}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Errors are one line on stderr.
one_line_error() {
  local name=$1
  shift
  local lines
  lines=$("$cellcam" "$@" 2>&1 >/dev/null | wc -l)
  if [ "$lines" -eq 1 ]; then pass "$name"; else fail "$name ($lines lines on stderr)"; fi
}

check "version names the libraries" 0 "LibTorch .*" -- --version
check "LibTorch uses every core" 0 "intra-op threads: $(nproc)\$" -- --version
# torchrun sets OMP_NUM_THREADS for the ranks that share a machine; the runtime follows it.
if OMP_NUM_THREADS=1 "$cellcam" --version | grep -qE "intra-op threads: 1\$"; then
  pass "OMP_NUM_THREADS sets the intra-op threads"
else
  fail "OMP_NUM_THREADS sets the intra-op threads"
fi
check "help lists synth" 0 "synth" -- --help
check "synth help lists its options" 0 "--bit16" -- synth --help
check "no subcommand is a usage error" nonzero "subcommand" --
check "unknown subcommand" nonzero "frobnicate" -- frobnicate
check "synth without --out" nonzero "--out is required" -- synth --train 1
check "synth with a bad size" nonzero "--size" -- synth --out "$tmp/x" --size 7
check "synth with text for a number" nonzero "--train" -- synth --out "$tmp/x" --train many
check "synth with no images" 1 "at least one image" -- synth --out "$tmp/x" --train 0 --test 0
one_line_error "errors are one line" synth --out "$tmp/x" --train 0 --test 0

touch "$tmp/afile"
check "synth into a path under a file" 1 "$tmp/afile.*(cannot create|not a folder)" -- \
  synth --out "$tmp/afile/ds" --train 1 --test 0 --size 64
mkdir -p "$tmp/ro"
chmod a-w "$tmp/ro"
if [ "$(id -u)" -ne 0 ]; then  # root ignores permissions
  check "synth into a read-only folder" 1 "$tmp/ro" -- synth --out "$tmp/ro/ds" --train 1 --size 64
fi

check "synth writes a dataset" 0 "wrote 3 train \+ 2 test images" -- \
  synth --out "$tmp/ds" --train 3 --test 2 --size 64 --seed 3
for f in train.csv sample_submission.csv test_gt.csv synth.json; do
  if [ -s "$tmp/ds/$f" ]; then pass "$f written"; else fail "$f missing"; fi
done
pngs=$(find "$tmp/ds/train" "$tmp/ds/test" -name '*.png' | wc -l)
if [ "$pngs" -eq 20 ]; then pass "20 channel PNGs"; else fail "$pngs channel PNGs, wanted 20"; fi
check "synth refuses to overwrite" 1 "already holds a dataset.*--overwrite" -- \
  synth --out "$tmp/ds" --train 1 --size 64
check "info summarises the dataset" 0 "train images: 3" -- info --data "$tmp/ds"

check "info on a missing folder names it" 1 "$tmp/missing: folder not found" -- info --data "$tmp/missing"
check "info on a folder without CSVs" 1 "neither train.csv nor sample_submission.csv" -- info --data "$tmp/ro"
cp -r "$tmp/ds" "$tmp/bad"
printf 'ID,Label\nabc,3|19\n' > "$tmp/bad/train.csv"
check "info on a bad label names file and line" 1 "train.csv line 2.*'19'" -- info --data "$tmp/bad"
check "validate accepts the ground truth" 0 "valid: 2 images" -- validate "$tmp/ds/test_gt.csv" --data "$tmp/ds"
check "evaluate of the truth against itself is perfect" 0 "^mAP 1.0000" -- evaluate "$tmp/ds/test_gt.csv" "$tmp/ds/test_gt.csv"
# A submission whose first image has its sizes swapped for a wrong one and the second row dropped.
awk -F, 'NR==1{print; next} NR==2{$2=$2+1; print; next}' OFS=, "$tmp/ds/test_gt.csv" > "$tmp/bad_sub.csv"
check "validate names the line of a bad mask" 1 "bad_sub.csv line 2 .*does not decode to 65x64" -- validate "$tmp/bad_sub.csv" --data "$tmp/ds"
check "validate finds the missing image" 1 "has no row" -- validate "$tmp/bad_sub.csv" --data "$tmp/ds"
check "validate of a missing file names it" 1 "$tmp/nope.csv: file not found" -- validate "$tmp/nope.csv"
check "evaluate refuses a size mismatch" 1 "65x64 in the predictions but 64x64" -- evaluate "$tmp/ds/test_gt.csv" "$tmp/bad_sub.csv"
head -2 "$tmp/ds/test_gt.csv" > "$tmp/half.csv"
check "evaluate scores a partial submission below 1" 0 "^mAP 0\\.[0-9]{4}" -- evaluate "$tmp/ds/test_gt.csv" "$tmp/half.csv"
rm "$tmp/ds/test/"*_yellow.png
check "info on a missing channel names the file" 1 "_yellow.png: channel file not found" -- info --data "$tmp/ds"

finish
