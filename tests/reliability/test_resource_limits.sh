#!/usr/bin/env bash
# Resource limits (issue 9): a full disk (simulated with a file size limit, ulimit -f, with
# SIGXFSZ ignored so that writes fail with EFBIG as on a full disk) and an unwritable output
# folder, for synth, segment, predict and train. Each must fail with exit 1 and one error line
# naming a file or folder and saying what is wrong, leave no partial final file and no
# temporary file, and keep a previous output file intact.
# Usage: test_resource_limits.sh CELLCAM BAD_INPUTS_DIR
set -u
cellcam=$1 bad=$2
base=$bad/base model=$bad/run/model.pt
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
passed=0 failed=0
is_progress() { grep -qE '^[a-z-]+: +[0-9]+% ' <<<"$1"; }
ok() { passed=$((passed + 1)); echo "ok: $1"; }
bad_case() { failed=$((failed + 1)); echo "FAIL: $1"; sed 's/^/    err: /' "$tmp/err" | head -6; }

# run_limited BLOCKS ARGS...: cellcam with a file size limit of BLOCKS KiB, SIGXFSZ ignored.
# Its stdout and stderr go through pipes: the limit applies to every regular file the process
# writes, its redirected stderr included.
run_limited() {
  local blocks=$1
  shift
  { (trap '' XFSZ; ulimit -f "$blocks"; exec "$cellcam" "$@") 2>&1 1>&3 3>&- | cat >"$tmp/err"
    echo "${PIPESTATUS[0]}" >"$tmp/rc"; } 3>&1 | cat >"$tmp/out"
  return "$(cat "$tmp/rc")"
}
# run_as_nobody ARGS...: cellcam as user nobody when running as root (root ignores folder
# permissions), else as is. nobody may not reach the build folder (a checkout below a private
# folder, e.g. one made by mktemp -d), so it runs copies of the executable, its core library and
# the inputs it reads, staged in the world-readable $tmp/nobody.
ro_base=$base ro_model=$model ro_config=$bad/tiny.json
if [ "$(id -u)" -eq 0 ]; then
  mkdir -p "$tmp/nobody"
  cp "$cellcam" "$tmp/nobody/cellcam"
  cp "$(ldd "$cellcam" | awk '/libcellcam_core/ { print $3 }')" "$tmp/nobody/"
  cp -r "$base" "$tmp/nobody/base"
  cp "$model" "$tmp/nobody/model.pt"
  cp "$bad/tiny.json" "$tmp/nobody/tiny.json"
  chmod -R a+rX "$tmp/nobody"
  ro_base=$tmp/nobody/base ro_model=$tmp/nobody/model.pt ro_config=$tmp/nobody/tiny.json
fi
run_as_nobody() {
  if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid=65534 --regid=65534 --clear-groups -- env LD_LIBRARY_PATH="$tmp/nobody" \
      "$tmp/nobody/cellcam" "$@" >"$tmp/out" 2>"$tmp/err"
  else
    "$cellcam" "$@" >"$tmp/out" 2>"$tmp/err"
  fi
}
# check_error NAME RC NAME_PATTERN PROBLEM_REGEX
check_error() {
  local name=$1 rc=$2 file=$3 pattern=$4 lines=() line
  while IFS= read -r line; do is_progress "$line" || lines+=("$line"); done <"$tmp/err"
  if [ "$rc" -ne 1 ]; then bad_case "$name (exit $rc, wanted 1)"
  elif [ ${#lines[@]} -ne 1 ]; then bad_case "$name (${#lines[@]} lines on stderr, wanted 1)"
  elif ! grep -qF -- "$file" <<<"${lines[0]}"; then bad_case "$name (does not name $file)"
  elif ! grep -qiE -- "$pattern" <<<"${lines[0]}"; then bad_case "$name (no '$pattern')"
  else ok "$name: ${lines[0]}"; fi
}
# no_temporaries NAME DIR: no temporary files of writeFileAtomically left in DIR (recursively).
no_temporaries() {
  local left
  left=$(find "$2" -name '.*.tmp*' -o -name '.cellcam-write-test*' 2>/dev/null | head -3)
  [ -z "$left" ] && ok "$1: no temporary files left" || { failed=$((failed + 1)); echo "FAIL: $1 left $left"; }
}
full="disk is full|file size limit"

# --- synth --------------------------------------------------------------------------------
run_limited 8 synth --out "$tmp/synth" --train 2 --test 1 --size 128 --threads 1
check_error "synth on a full disk" $? "$tmp/synth" "$full"
n=$(find "$tmp/synth" -name '*.png' 2>/dev/null | while read -r f; do
      python3 -c "import sys; d=open(sys.argv[1],'rb').read(); sys.exit(0 if d.endswith(b'IEND\xaeB\x60\x82') else 1)" "$f" || echo "$f"; done | wc -l)
[ "$n" -eq 0 ] && ok "synth on a full disk: every PNG it left is complete" || { failed=$((failed + 1)); echo "FAIL: $n partial PNG files"; }
no_temporaries "synth on a full disk" "$tmp/synth"
mkdir -p "$tmp/ro"; chmod 555 "$tmp/ro"
run_as_nobody synth --out "$tmp/ro/ds" --train 1 --test 1 --size 64
check_error "synth into an unwritable folder" $? "$tmp/ro/ds" "cannot create|not writable|permission"

# --- segment ------------------------------------------------------------------------------
cp -r "$base" "$tmp/seg"; id=$(tail -n +2 "$base/sample_submission.csv" | head -1 | cut -d, -f1)
mkdir -p "$tmp/seg/out"; echo previous >"$tmp/seg/out/$id.png"
run_limited 0 segment --data "$tmp/seg" --split test --out "$tmp/seg/out" --threads 1
check_error "segment on a full disk" $? "$tmp/seg/out" "$full"
[ "$(cat "$tmp/seg/out/$id.png")" = previous ] && ok "segment on a full disk: the previous label image is intact" ||
  { failed=$((failed + 1)); echo "FAIL: segment replaced the previous label image"; }
no_temporaries "segment on a full disk" "$tmp/seg/out"
chmod 777 "$tmp/seg"; mkdir -p "$tmp/seg/ro"; chmod 555 "$tmp/seg/ro"
run_as_nobody segment --data "$tmp/seg" --split test --out "$tmp/seg/ro" --threads 1
check_error "segment into an unwritable folder" $? "$tmp/seg/ro" "not writable|permission"

# --- predict ------------------------------------------------------------------------------
echo "previous submission" >"$tmp/sub.csv"
run_limited 1 predict --data "$base" --model "$model" --out "$tmp/sub.csv" --threads 1
check_error "predict on a full disk" $? "sub.csv" "$full"
[ "$(cat "$tmp/sub.csv")" = "previous submission" ] && ok "predict on a full disk: the previous submission is intact" ||
  { failed=$((failed + 1)); echo "FAIL: predict replaced the previous submission"; }
no_temporaries "predict on a full disk" "$tmp"
mkdir -p "$tmp/pro"; chmod 555 "$tmp/pro"
run_as_nobody predict --data "$ro_base" --model "$ro_model" --out "$tmp/pro/sub.csv" --threads 1
check_error "predict into an unwritable folder" $? "$tmp/pro" "not writable|permission"

# --- train --------------------------------------------------------------------------------
mkdir -p "$tmp/run"
run_limited 1024 train --config "$bad/tiny.json" --data "$base" --out "$tmp/run" --threads 2
check_error "train on a full disk" $? "$tmp/run" "$full"
for f in model.pt best.pt; do
  [ ! -e "$tmp/run/$f" ] || python3 -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).testzip()" "$tmp/run/$f" 2>/dev/null ||
    { failed=$((failed + 1)); echo "FAIL: train left a damaged $f"; }
done
no_temporaries "train on a full disk" "$tmp/run"
mkdir -p "$tmp/tro"; chmod 555 "$tmp/tro"
run_as_nobody train --config "$ro_config" --data "$ro_base" --out "$tmp/tro/run" --threads 2
check_error "train into an unwritable folder" $? "$tmp/tro/run" "cannot create|not writable|permission"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
