#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, Clang 14, ASan + UBSan) and runs each for a bounded
# time, seeded with tests/fuzz/corpus, tests/fuzz/regressions and tests/data.
#
# Usage: packaging/run-fuzzers.sh [SECONDS_PER_TARGET=60] [TARGET...]
#   TARGET is one of csv, submission, oid_mask, label_image (default: all four).
# Environment: CELLCAM_FUZZ_BUILD (build folder, default build/fuzz), CELLCAM_FUZZ_WORK (working
# corpora and crash files, default build/fuzz-work), CC/CXX (default clang-14/clang++-14).
# A crash, leak-free abort, sanitizer report or timeout leaves the input in
# $CELLCAM_FUZZ_WORK/TARGET/ as crash-*, oom-* or timeout-* and makes the script exit 1; fix the
# bug and copy the input to tests/fuzz/regressions/TARGET/, which ctest replays
# (reliability.fuzz_replay.TARGET).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv submission oid_mask label_image)
build=${CELLCAM_FUZZ_BUILD:-"$root/build/fuzz"}
work=${CELLCAM_FUZZ_WORK:-"$root/build/fuzz-work"}

export CC=${CC:-clang-14} CXX=${CXX:-clang++-14}
cmake -S "$root/tests/fuzz" -B "$build" -G Ninja >/dev/null
cmake --build "$build" --parallel "${CELLCAM_JOBS:-$(nproc)}"

# Seeds per target: the committed corpus and regressions, plus matching files from tests/data.
seed_dirs() {
  local t=$1
  echo "$root/tests/fuzz/corpus/$t"
  [ -d "$root/tests/fuzz/regressions/$t" ] && echo "$root/tests/fuzz/regressions/$t"
  case $t in
    csv | submission) echo "$root/tests/data/bad/csv" ;;
    label_image) echo "$root/tests/data/oid/masks" ;;
  esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in "${targets[@]}"; do
  exe="$build/fuzz_$t"
  [ -x "$exe" ] || { echo "run-fuzzers: no target '$t' (csv, submission, oid_mask, label_image)" >&2; exit 2; }
  mkdir -p "$work/$t/corpus"
  dirs=()
  while read -r d; do [ -d "$d" ] && dirs+=("$d"); done < <(seed_dirs "$t")
  echo "== fuzz_$t for ${seconds}s (seeds: ${dirs[*]})"
  # New inputs go to the working corpus (first folder); the seed folders are only read.
  if ! (cd "$work/$t" && "$exe" -max_total_time="$seconds" -max_len=65536 -timeout=20 \
          -rss_limit_mb=3072 -print_final_stats=1 "$work/$t/corpus" "${dirs[@]}" \
          2>&1 | tee "$work/$t/last.log" | grep -E '^(#[0-9]+ +DONE|stat::|==[0-9]+==ERROR|SUMMARY|.*invariant)' ); then
    :
  fi
  if ls "$work/$t"/crash-* "$work/$t"/oom-* "$work/$t"/timeout-* "$work/$t"/leak-* >/dev/null 2>&1; then
    echo "run-fuzzers: fuzz_$t found problems: $(ls "$work/$t" | grep -E '^(crash|oom|timeout|leak)-' | tr '\n' ' ')" >&2
    status=1
  fi
done
exit $status
