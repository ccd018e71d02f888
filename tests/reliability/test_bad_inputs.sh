#!/usr/bin/env bash
# The bad-input corpus against every command that reads it (issue 9). For each case the command
# must exit 1 (not 0, not a crash or signal, not an internal error), print exactly one line on
# stderr besides progress lines, and that line must name the offending file and match a pattern
# saying what is wrong. Valid-but-odd inputs (BOM/CRLF/quotes, a 1-pixel image, 16-bit zeros,
# 65535 cells, 8192 px) must succeed.
# Usage: test_bad_inputs.sh CELLCAM BAD_INPUTS_DIR TESTS_SOURCE_DIR GROUP
#   BAD_INPUTS_DIR: written by setup_bad_inputs.sh (fixture); GROUP: csv, submissions, images,
#   labels, models or odd.
set -u
cellcam=$1 bad=$2 src=$3 group=$4
gen=$bad/gen base=$bad/base model=$bad/run/model.pt
templates=$src/data/bad
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
passed=0 failed=0

train_ids=($(tail -n +2 "$base/train.csv" | cut -d, -f1))
test_ids=($(tail -n +2 "$base/sample_submission.csv" | cut -d, -f1))
size=64

# Progress lines of TerminalProgress (stderr is not a terminal here): "task:  40% ...".
is_progress() { grep -qE '^[a-z-]+: +[0-9]+% ' <<<"$1"; }

# expect_error NAME FILE PROBLEM_REGEX -- ARGS...
# FILE: a path or basename that the error line must contain.
expect_error() {
  local name=$1 file=$2 pattern=$3
  shift 4
  "$cellcam" "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$? why=""
  local lines=() line
  while IFS= read -r line; do is_progress "$line" || lines+=("$line"); done <"$tmp/err"
  if [ $rc -ne 1 ]; then why="exit $rc, wanted 1"
  elif [ ${#lines[@]} -ne 1 ]; then why="${#lines[@]} lines on stderr, wanted 1"
  elif ! grep -qF -- "$file" <<<"${lines[0]}"; then why="the error does not name $file"
  elif ! grep -qiE -- "$pattern" <<<"${lines[0]}$(cat "$tmp/out")"; then why="no '$pattern'"
  fi
  if [ -z "$why" ]; then
    passed=$((passed + 1)); echo "ok: $name: ${lines[0]}"
  else
    failed=$((failed + 1)); echo "FAIL: $name ($why): cellcam $*"
    sed 's/^/    err: /' "$tmp/err" | head -8; sed 's/^/    out: /' "$tmp/out" | head -5
  fi
}

# expect_ok NAME OUTPUT_REGEX -- ARGS...
expect_ok() {
  local name=$1 pattern=$2
  shift 3
  "$cellcam" "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ $rc -eq 0 ] && grep -qE -- "$pattern" "$tmp/out"; then
    passed=$((passed + 1)); echo "ok: $name"
  else
    failed=$((failed + 1)); echo "FAIL: $name (exit $rc, wanted 0 and '$pattern'): cellcam $*"
    sed 's/^/    err: /' "$tmp/err" | head -8; sed 's/^/    out: /' "$tmp/out" | head -5
  fi
}

# fill TEMPLATE DEST: the template with @TRAINn@, @TESTn@ and @SIZE@ replaced.
fill() {
  sed -e "s/@TRAIN0@/${train_ids[0]}/g; s/@TRAIN1@/${train_ids[1]}/g" \
      -e "s/@TRAIN2@/${train_ids[2]}/g; s/@TRAIN3@/${train_ids[3]}/g" \
      -e "s/@TEST0@/${test_ids[0]}/g; s/@TEST1@/${test_ids[1]}/g; s/@SIZE@/$size/g" "$1" >"$2"
}

# dataset NAME: a fresh copy of the base dataset (64 px, 6 train + 2 test images).
dataset() { rm -rf "$tmp/$1"; cp -r "$base" "$tmp/$1"; echo "$tmp/$1"; }

# folder NAME: a plain-folder dataset holding one image "img" (the base's first test image).
folder() {
  rm -rf "$tmp/$1"; mkdir -p "$tmp/$1"
  for c in red green blue yellow; do cp "$base/test/${test_ids[0]}_$c.png" "$tmp/$1/img_$c.png"; done
  echo "$tmp/$1"
}

case $group in
csv)
  # train.csv problems: info, train and fit-mapping open the dataset.
  while IFS='|' read -r template pattern; do
    ds=$(dataset "csv_$template"); fill "$templates/csv/$template" "$ds/train.csv"
    expect_error "info: $template" "$ds/train.csv" "$pattern" -- info --data "$ds"
  done <<'CASES'
train_no_label_column.csv|no column 'Label'
train_label_19.csv|'19'.*0 to 18|'19'
train_label_negative.csv|'-1'
train_label_text.csv|'Nucleoplasm'
train_duplicate_id.csv|duplicate|more than once|twice
train_extra_field.csv|expected 2 fields, found 3
train_unclosed_quote.csv|never closed
empty.csv|empty
CASES
  ds=$(dataset train19); fill "$templates/csv/train_label_19.csv" "$ds/train.csv"
  expect_error "train: label 19" "$ds/train.csv" "'19'" -- \
    train --config "$bad/tiny.json" --data "$ds" --out "$tmp/run19"
  ds=$(dataset traindup); fill "$templates/csv/train_duplicate_id.csv" "$ds/train.csv"
  expect_error "fit-mapping: duplicate ID" "$ds/train.csv" "${train_ids[0]}" -- \
    fit-mapping --model "$model" --data "$ds" --out "$tmp/dup.mapping.json"
  ds=$(dataset bomtrain); fill "$templates/csv/train_bom_crlf_quotes.csv" "$ds/train.csv"
  expect_ok "info: BOM, CRLF and quotes in train.csv" "train images: 4 " -- info --data "$ds"

  # sample_submission.csv problems: info, predict and validate --data read it.
  while IFS='|' read -r template pattern; do
    ds=$(dataset "csv_$template"); fill "$templates/csv/$template" "$ds/sample_submission.csv"
    expect_error "info: $template" "$ds/sample_submission.csv" "$pattern" -- info --data "$ds"
  done <<'CASES'
sample_no_width.csv|no column 'ImageWidth'
sample_width_text.csv|'wide'
sample_duplicate_id.csv|duplicate|more than once|twice
empty.csv|empty
CASES
  ds=$(dataset samplewide); fill "$templates/csv/sample_width_text.csv" "$ds/sample_submission.csv"
  expect_error "predict: sample width text" "$ds/sample_submission.csv" "'wide'" -- \
    predict --data "$ds" --model "$model" --out "$tmp/wide.csv"
  expect_error "validate --data: sample width text" "$ds/sample_submission.csv" "'wide'" -- \
    validate "$base/test_gt.csv" --data "$ds"
  ds=$(dataset bomsample); fill "$templates/csv/sample_bom_crlf_quotes.csv" "$ds/sample_submission.csv"
  expect_ok "info: BOM, CRLF and quotes in sample_submission.csv" "test images: +2" -- info --data "$ds"
  ;;

submissions)
  while IFS='|' read -r template pattern; do
    fill "$templates/csv/$template" "$tmp/$template"
    expect_error "validate: $template" "$tmp/$template" "$pattern" -- validate "$tmp/$template" --data "$base"
    expect_error "evaluate: $template" "$tmp/$template" "$pattern" -- evaluate "$base/test_gt.csv" "$tmp/$template"
  done <<'CASES'
sub_bad_base64.csv|base64
sub_bad_zlib.csv|zlib|compress
sub_wrong_mask_size.csv|64x64|runs|pixels
sub_missing_field.csv|expected 4 fields, found 3
sub_extra_field.csv|expected 4 fields, found 5
sub_missing_column.csv|PredictionString
sub_label_19.csv|'19'
sub_confidence_2.csv|'2.5'
sub_token_count.csv|multiple of three
sub_duplicate_id.csv|duplicate|more than once|twice
sub_negative_width.csv|-5|width
empty.csv|empty
CASES
  fill "$templates/csv/sub_bom_crlf_quotes.csv" "$tmp/bom_sub.csv"
  expect_ok "validate: BOM, CRLF and quotes" "valid: 2 images" -- validate "$tmp/bom_sub.csv" --data "$base"
  expect_ok "evaluate: BOM, CRLF and quotes" "^mAP 0\.0000" -- evaluate "$base/test_gt.csv" "$tmp/bom_sub.csv"
  ;;

images)
  # segment (built-in segmenter) on a one-image folder with one bad channel file.
  while IFS='|' read -r file channel ext pattern; do
    ds=$(folder "img_${file%.*}_$ext")
    rm -f "$ds/img_$channel.png"; cp "$gen/images/$file" "$ds/img_$channel.$ext"
    expect_error "segment: $channel channel $file" "img_$channel.$ext" "$pattern" -- \
      segment --data "$ds" --out "$tmp/seg_out" --threads 1
  done <<'CASES'
truncated.png|green|png|truncated
crc_error.png|blue|png|corrupt
header_only.png|red|png|truncated
empty.png|yellow|png|empty
text.png|green|png|not a PNG, JPEG or TIFF
truncated.jpg|green|jpg|truncated
garbage.jpg|red|jpg|corrupt|truncated
truncated.tif|blue|tif|truncated
bad_directory.tif|blue|tif|truncated|directory
float.tif|yellow|tif|floating-point
colour.png|green|png|colour
one_bit.png|red|png|1-bit
half_size.png|green|png|32x32 pixels but the red channel file is 64x64
pattern16.png|blue|png|16-bit but the red channel file is 8-bit
CASES
  ds=$(folder missing_yellow); rm "$ds/img_yellow.png"
  expect_error "segment: missing yellow channel" "img_yellow.png" "yellow channel file is missing" -- \
    segment --data "$ds" --out "$tmp/seg_out"
  # The same reader in predict (test/), train and fit-mapping (train/).
  ds=$(dataset predict_trunc); cp "$gen/images/truncated.png" "$ds/test/${test_ids[1]}_green.png"
  expect_error "predict: truncated test image" "${test_ids[1]}_green.png" "truncated" -- \
    predict --data "$ds" --model "$model" --out "$tmp/p.csv" --threads 1
  [ ! -e "$tmp/p.csv" ] && echo "ok: no partial submission" || { failed=$((failed + 1)); echo "FAIL: predict left $tmp/p.csv"; }
  ds=$(dataset train_crc); cp "$gen/images/crc_error.png" "$ds/train/${train_ids[2]}_red.png"
  expect_error "train: corrupt train image" "${train_ids[2]}_red.png" "corrupt" -- \
    train --config "$bad/tiny.json" --data "$ds" --out "$tmp/run_crc"
  # fit-mapping reads only single-label images: take the blue channel of every one away.
  ds=$(dataset fit_missing); rm "$ds"/train/*_blue.png
  expect_error "fit-mapping: missing channel" "_blue.png" "missing|not found" -- \
    fit-mapping --model "$model" --data "$ds" --out "$tmp/m.mapping.json"
  ;;

labels)
  # segment --eval reads the test images' true label images from test_masks/.
  while IFS='|' read -r file pattern; do
    ds=$(dataset "lab_${file%.*}"); cp "$gen/labels/$file" "$ds/test_masks/${test_ids[0]}.png"
    expect_error "segment --eval: label $file" "${test_ids[0]}.png" "$pattern" -- \
      segment --data "$ds" --split test --eval --out "$tmp/seg_lab"
  done <<'CASES'
truncated.png|truncated
colour.png|colour image
lossy.jpg|JPEG
wrong_size.png|32x32 pixels but its image is 64x64
empty.png|empty
CASES
  ds=$(dataset predict_labels); mkdir -p "$tmp/labels"
  for id in "${test_ids[@]}"; do cp "$gen/labels/good.png" "$tmp/labels/$id.png"; done
  cp "$gen/labels/truncated.png" "$tmp/labels/${test_ids[1]}.png"
  expect_error "predict --labels: truncated label image" "${test_ids[1]}.png" "truncated" -- \
    predict --data "$ds" --model "$model" --labels "$tmp/labels" --out "$tmp/pl.csv" --threads 1
  ;;

models)
  printf 'not a model\n' >"$tmp/text.pt"; : >"$tmp/empty.pt"
  head -c 4000 "$model" >"$tmp/truncated.pt"
  for m in "$tmp/missing.pt" "$tmp/text.pt" "$tmp/empty.pt" "$tmp/truncated.pt"; do
    expect_error "predict --model $(basename "$m")" "$m" "not found|missing|empty|not a|truncated|corrupt|cannot" -- \
      predict --data "$base" --model "$m" --out "$tmp/m.csv"
    expect_error "fit-mapping --model $(basename "$m")" "$m" "not found|missing|empty|not a|truncated|corrupt|cannot" -- \
      fit-mapping --model "$m" --data "$base" --out "$tmp/m.mapping.json"
  done
  mkdir -p "$tmp/badmap"; cp "$model" "$tmp/badmap/model.pt"
  cp "$templates/json/truncated.json" "$tmp/badmap/model.mapping.json"
  expect_error "predict: corrupt mapping JSON" "model.mapping.json" "json|parse|syntax" -- \
    predict --data "$base" --model "$tmp/badmap/model.pt" --out "$tmp/map.csv"
  for j in truncated not_an_object ensemble_missing_model; do
    expect_error "predict --ensemble $j.json" \
      "$([ $j = ensemble_missing_model ] && echo nowhere/model.pt || echo $j.json)" \
      "json|parse|object|not found|missing" -- \
      predict --data "$base" --ensemble "$templates/json/$j.json" --out "$tmp/e.csv"
  done
  for j in truncated not_an_object train_unknown_backbone train_negative_epochs train_wrong_type; do
    expect_error "train --config $j.json" "$j.json" "json|parse|object|backbone|epochs|inputSize" -- \
      train --config "$templates/json/$j.json" --data "$base" --out "$tmp/run_$j"
  done
  expect_error "train --config missing" "$tmp/nope.json" "not found" -- \
    train --config "$tmp/nope.json" --data "$base" --out "$tmp/run_nope"
  for j in truncated not_an_object; do
    expect_error "segment --config $j.json" "$j.json" "json|parse|object" -- \
      segment --data "$base" --config "$templates/json/$j.json" --out "$tmp/seg_cfg"
  done
  ;;

odd)
  # Valid but odd: must succeed.
  ds=$(folder zeros16)
  for c in red green blue yellow; do cp "$gen/images/zeros16.png" "$ds/img_$c.png"; done
  expect_ok "segment: 16-bit all-zero image" "segmented 1 " -- segment --data "$ds" --out "$tmp/z"
  ds=$(folder onepx)
  for c in red green blue yellow; do cp "$gen/images/one_pixel.png" "$ds/img_$c.png"; done
  expect_ok "segment: 1-pixel image" "segmented 1 " -- segment --data "$ds" --out "$tmp/o"
  ds=$(dataset nocells); cp "$gen/labels/no_cells.png" "$ds/test_masks/${test_ids[0]}.png"
  expect_ok "segment --eval: truth without cells" "segmented 2 " -- \
    segment --data "$ds" --split test --eval --out "$tmp/nc"
  ds=$bad/base256.copy; rm -rf "$ds"; cp -r "$bad/base256" "$ds"
  id=$(tail -n +2 "$ds/sample_submission.csv" | cut -d, -f1)
  cp "$gen/labels/cells_65535.png" "$ds/test_masks/$id.png"
  expect_ok "segment --eval: truth with 65535 cells" "segmented 1 " -- \
    segment --data "$ds" --split test --eval --out "$tmp/many"
  rm -rf "$ds"
  ds=$tmp/big; mkdir -p "$ds"
  for c in red green blue yellow; do ln -s "$gen/big/big_$c.png" "$ds/big_$c.png"; done
  expect_ok "segment: 8192 px image" "segmented 1 " -- segment --data "$ds" --out "$tmp/bigseg"
  ;;
*)
  echo "unknown group $group"; exit 2 ;;
esac
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
