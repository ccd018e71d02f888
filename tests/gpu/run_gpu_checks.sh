#!/usr/bin/env bash
# The CUDA checks and benchmarks of CellCAM in one go, for a machine with an NVIDIA GPU.
#
#   tests/gpu/run_gpu_checks.sh [LIBTORCH_DIR] [--build-dir DIR] [--work-dir DIR]
#                               [--cellcam BIN] [--device cuda|cpu] [--jobs N]
#
# LIBTORCH_DIR (or the environment variable LIBTORCH_CUDA) is an unpacked official CUDA
# LibTorch (the "cxx11 ABI" download from pytorch.org: it holds share/cmake/Torch and
# lib/libtorch_cuda.so). The script
#   1. checks the machine: nvidia-smi, the LibTorch folder and its C++ ABI, the CUDA compiler
#      that LibTorch's CMake config needs;
#   2. configures and builds `cellcam` against that LibTorch (CMAKE_PREFIX_PATH, no GUI, no
#      tests) in --build-dir (default build/gpu);
#   3. runs, on a tiny synthetic dataset: a CUDA training smoke run with fp16 autocast and loss
#      scaling, CUDA inference (`predict --device cuda`, validated and scored), data-parallel
#      training through NCCL with a world size of 1 (RANK=0 WORLD_SIZE=1), and
#      `cellcam bench model --device cuda` when the build has it;
#   4. prints a summary with the time of every step.
# It stops at the first failure with the step's name, what to check and the end of its log.
# Logs and data stay in --work-dir (default: a new folder under /tmp, printed at the start).
#
# --cellcam BIN skips steps 1-2 (LibTorch, configure, build) and uses an existing executable;
# --device cpu runs the same sequence on the CPU (fp32, Gloo) to check the script itself on a
# machine without a GPU.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
libtorch=${LIBTORCH_CUDA:-}
build_dir="$root/build/gpu"
work=""
cellcam=""
device=cuda
jobs=$(nproc)

die() {
  echo "run_gpu_checks: $*" >&2
  if [ -n "$work" ]; then rmdir "$work" 2>/dev/null || true; fi  # only when still empty
  exit 1
}
usage() { sed -n '2,25p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case $1 in
    --build-dir) build_dir=${2:?--build-dir needs a folder}; shift 2 ;;
    --work-dir) work=${2:?--work-dir needs a folder}; shift 2 ;;
    --cellcam) cellcam=${2:?--cellcam needs an executable}; shift 2 ;;
    --device) device=${2:?--device needs cuda or cpu}; shift 2 ;;
    --jobs) jobs=${2:?--jobs needs a number}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) libtorch=$1; shift ;;
  esac
done
case $device in cuda | cpu) ;; *) die "--device $device: use cuda or cpu" ;; esac

if [ -z "$work" ]; then work=$(mktemp -d /tmp/cellcam-gpu-checks.XXXXXX); fi
mkdir -p "$work" || die "$work: cannot create the work folder; pass --work-dir DIR"
work=$(cd "$work" && pwd)
echo "run_gpu_checks: work folder $work (logs: $work/*.log)"

summary=()
notes=()
step_no=0
last_log=""
# step NAME HINT COMMAND...: runs COMMAND with its output in $work/NN-name.log; on failure
# prints the hint and the end of the log and stops.
step() {
  local name=$1 hint=$2
  shift 2
  step_no=$((step_no + 1))
  local log
  log="$work/$(printf '%02d' "$step_no")-$(tr -c 'A-Za-z0-9.\n_-' '-' <<<"$name").log"
  last_log=$log
  printf '== %s ... ' "$name"
  local t0 t1 rc=0
  t0=$(date +%s%N)
  "$@" >"$log" 2>&1 || rc=$?
  t1=$(date +%s%N)
  local seconds
  seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  if [ "$rc" -ne 0 ]; then
    echo "FAILED (exit $rc, ${seconds} s)"
    echo "--- last lines of $log:"
    tail -n 25 "$log"
    echo "---"
    echo "run_gpu_checks: step '$name' failed: $hint" >&2
    print_summary
    exit 1
  fi
  echo "ok (${seconds} s)"
  summary+=("$(printf '%-38s ok   %8s s' "$name" "$seconds")")
}
print_summary() {
  echo
  echo "== summary ($device)"
  local line
  for line in "${summary[@]}"; do echo "  $line"; done
  if [ ${#notes[@]} -gt 0 ]; then for line in "${notes[@]}"; do echo "  $line"; done; fi
}

# --- 1. the machine -------------------------------------------------------------------------
if [ "$device" = cuda ]; then
  command -v nvidia-smi >/dev/null ||
    die "nvidia-smi not found: this script needs an NVIDIA GPU with its driver installed."
  step "nvidia-smi" "the NVIDIA driver does not answer; check the driver and the GPU" \
    nvidia-smi
  cat "$last_log"
  gpu=$(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | head -1)
  notes+=("GPU: $gpu")
fi

if [ -z "$cellcam" ]; then
  [ -n "$libtorch" ] ||
    die "give the CUDA LibTorch folder as the first argument or in LIBTORCH_CUDA (download \
the cxx11 ABI LibTorch for your CUDA version from pytorch.org and unpack it)."
  [ -d "$libtorch" ] || die "$libtorch: no such folder; pass the unpacked LibTorch folder."
  libtorch=$(cd "$libtorch" && pwd)
  torch_config="$libtorch/share/cmake/Torch/TorchConfig.cmake"
  [ -f "$torch_config" ] ||
    die "$torch_config not found: $libtorch is not a LibTorch folder (it must hold \
share/cmake/Torch)."
  if [ "$device" = cuda ] && ! ls "$libtorch"/lib/libtorch_cuda*.so >/dev/null 2>&1; then
    die "$libtorch/lib/libtorch_cuda.so not found: this LibTorch is the CPU build; download \
a CUDA build."
  fi
  if grep -q "_GLIBCXX_USE_CXX11_ABI=0" "$torch_config" "$libtorch"/share/cmake/Caffe2/*.cmake \
    2>/dev/null; then
    die "$libtorch is the pre-cxx11 ABI build, which cannot link with Debian's OpenCV and \
XGBoost; download the cxx11 ABI LibTorch."
  fi
  if [ "$device" = cuda ] && ! command -v nvcc >/dev/null; then
    for candidate in "${CUDA_HOME:-}" /usr/local/cuda; do
      if [ -n "$candidate" ] && [ -x "$candidate/bin/nvcc" ]; then
        export PATH="$candidate/bin:$PATH"
        break
      fi
    done
    command -v nvcc >/dev/null ||
      die "nvcc not found: LibTorch's CMake config needs the CUDA toolkit; install it (the \
CUDA version LibTorch was built for) or set CUDA_HOME."
  fi
  if [ -f "$libtorch/build-version" ]; then
    notes+=("LibTorch: $(cat "$libtorch/build-version")")
  fi

  # --- 2. build -----------------------------------------------------------------------------
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  launcher=()
  command -v ccache >/dev/null &&
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  step "configure" "see the CMake log: CMAKE_PREFIX_PATH=$libtorch must provide Torch with CUDA" \
    cmake -S "$root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$libtorch" -DCELLCAM_BUILD_UI=OFF -DCELLCAM_BUILD_TESTS=OFF \
    "${launcher[@]}"
  if [ "$device" = cuda ] && ! grep -q "$libtorch" "$build_dir/CMakeCache.txt"; then
    die "$build_dir/CMakeCache.txt does not use $libtorch (another LibTorch was found \
first); remove $build_dir and run again."
  fi
  step "build cellcam" "a compile or link error against this LibTorch (log above)" \
    cmake --build "$build_dir" --target cellcam --parallel "$jobs"
  cellcam="$build_dir/app/cli/cellcam"
fi
[ -x "$cellcam" ] || die "$cellcam is not an executable."
if [ "$device" = cuda ] && [ -n "$libtorch" ] && command -v ldd >/dev/null; then
  ldd "$cellcam" | grep -q "$libtorch/lib/libtorch" ||
    die "$cellcam does not load LibTorch from $libtorch (ldd); remove $build_dir and run again."
fi
step "cellcam --version" "the executable does not start" "$cellcam" --version
cat "$last_log"

# --- 3. the checks --------------------------------------------------------------------------
data="$work/data"
rm -rf "$data" "$work/run-train" "$work/run-ddp"
step "synth tiny dataset" "cellcam synth failed" \
  "$cellcam" synth --out "$data" --train 24 --test 6 --size 256 --seed 7 --overwrite

precision=fp16
[ "$device" = cpu ] && precision=fp32
write_config() {  # write_config FILE: a tiny, quick Puzzle-CAM training config for $device
  cat >"$1" <<JSON
{"model": {"backbone": "resnet18", "inputSize": 128}, "epochs": 2, "batchSize": 8,
 "accumulation": 1, "validationFraction": 0.25, "workers": 2, "checkpointEvery": 0,
 "device": "$device", "precision": "$precision"}
JSON
}
write_config "$work/train.json"
step "train ($device, $precision)" \
  "training on $device failed: check that LibTorch sees the GPU (CUDA driver version) and the log" \
  "$cellcam" train --config "$work/train.json" --data "$data" --out "$work/run-train"
[ -s "$work/run-train/model.pt" ] || die "training wrote no $work/run-train/model.pt"

step "fit-mapping" "the XGBoost mapping fit failed" \
  "$cellcam" fit-mapping --model "$work/run-train/model.pt" --data "$data" --max-images 12

predict_device=()
if "$cellcam" predict --help 2>&1 | grep -q -- "--device"; then
  predict_device=(--device "$device")
else
  notes+=("predict has no --device in this build: inference ran on the default device")
fi
step "predict (${device})" "inference failed; see the log" \
  "$cellcam" predict --data "$data" --model "$work/run-train/model.pt" \
  --out "$work/sub-$device.csv" "${predict_device[@]}"
step "validate submission" "the $device submission does not validate" \
  "$cellcam" validate "$work/sub-$device.csv" --data "$data"
step "evaluate submission" "scoring failed" \
  "$cellcam" evaluate "$data/test_gt.csv" "$work/sub-$device.csv"
notes+=("$device submission: $(grep -E '^mAP' "$last_log" | head -1)")
if [ "$device" = cuda ] && [ ${#predict_device[@]} -gt 0 ]; then
  step "predict (cpu, for comparison)" "CPU inference failed" \
    "$cellcam" predict --data "$data" --model "$work/run-train/model.pt" \
    --out "$work/sub-cpu.csv" --device cpu
fi

# Data-parallel training through c10d with one rank: NCCL on CUDA, Gloo on the CPU.
port=$((29500 + RANDOM % 2000))
step "DDP train, world size 1 ($([ "$device" = cuda ] && echo NCCL || echo Gloo))" \
  "the process group did not form, or the backend is not built in (NCCL needs nccl.h at \
build time: see core/CMakeLists.txt)" \
  env RANK=0 WORLD_SIZE=1 LOCAL_RANK=0 MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
  CELLCAM_DIST_TIMEOUT_S=120 "$cellcam" train --config "$work/train.json" --data "$data" \
  --out "$work/run-ddp"
[ -s "$work/run-ddp/model.pt" ] || die "DDP training wrote no $work/run-ddp/model.pt"
grep -q "process group" "$last_log" ||
  notes+=("the DDP run's log does not mention a process group: check $last_log")

if "$cellcam" bench model --help 2>&1 | grep -q -- "--device"; then
  bench_precision=()
  if "$cellcam" bench model --help 2>&1 | grep -q -- "--precision"; then
    bench_precision=(--precision "$precision")
  fi
  step "bench model resnet18 ($device)" "the model benchmark failed" \
    "$cellcam" bench model --backbone resnet18 --size 512 --batch 8 --device "$device" \
    "${bench_precision[@]}"
  cat "$last_log"
  if [ "$device" = cuda ]; then
    step "bench model resnest101 ($device)" "the model benchmark failed" \
      "$cellcam" bench model --backbone resnest101 --size 640 --batch 8 --device "$device" \
      "${bench_precision[@]}"
    cat "$last_log"
  fi
else
  notes+=("bench model has no --device in this build: benchmark skipped")
fi

print_summary
echo "run_gpu_checks: all checks passed ($work)"
