#!/usr/bin/env bash
# Builds core, the CLI and the core tests with AddressSanitizer + UndefinedBehaviorSanitizer
# (CMake preset "asan", GCC) and runs the core tests under them (ctest label "core").
#
# Usage: packaging/run-sanitizers.sh [BUILD_DIR] [extra ctest arguments, e.g. -R 'core\.Csv']
#        packaging/run-sanitizers.sh --quick [BUILD_DIR]
#   BUILD_DIR defaults to the preset's build/asan (build/asan-quick with --quick).
#   --quick builds only core's torch-free sources and their unit tests (tests/fuzz project with
#   CELLCAM_SANITIZED_UNIT_TESTS=ON; CSV, submissions, masks, images, datasets, metric,
#   segmentation, synth, parallel) and runs them: minutes instead of the hour or more that the
#   full preset needs to compile every LibTorch translation unit with instrumentation. LibTorch, OpenCV and XGBoost are not
#   instrumented; leak detection is off (ASAN_OPTIONS=detect_leaks=0) because LibTorch's and
#   OpenMP's one-time allocations at exit would drown real findings. Any ASan or UBSan report
#   fails the test that triggered it (halt_on_error=1).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export CCACHE_BASEDIR="$root"
jobs=${CELLCAM_JOBS:-$(nproc)}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

if [ "${1:-}" = "--quick" ]; then
  build=${2:-"$root/build/asan-quick"}
  cmake -S "$root/tests/fuzz" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCELLCAM_SANITIZED_UNIT_TESTS=ON -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
  cmake --build "$build" --parallel "$jobs" --target sanitized_core_tests
  exec ctest --test-dir "$build" -L sanitized --output-on-failure
fi

build=${1:-"$root/build/asan"}
shift || true
cmake --preset asan -B "$build"
cmake --build "$build" --parallel "$jobs" --target cellcam cellcam_core_tests

# The same environment as the "asan" test preset (set above; ctest --preset cannot take
# another build folder in CMake 3.25).
ctest --test-dir "$build" -L core --output-on-failure --timeout 3600 "$@"
