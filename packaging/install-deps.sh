#!/usr/bin/env bash
# Installs every Debian 12 package that CellCAM needs to build, test and run.
# Idempotent: packages already installed are left alone; `apt-get update` runs once per call
# and only when something is missing. Must run as root (or through sudo).
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # core: LibTorch (with the system BLAS -> OpenBLAS), OpenCV, XGBoost, SQLite, zlib, JSON, CLI
  libtorch-dev libgloo-dev libopenblas0-pthread libopenblas-pthread-dev
  libopencv-dev libxgboost-dev xgboost libsqlite3-dev zlib1g-dev nlohmann-json3-dev
  libcli11-dev libgoogle-perftools-dev
  # ui: Qt 6 Widgets/OpenGL/SQL/Test, Qt Linguist tools, QCustomPlot, VTK 9 (+ its MPI config)
  qt6-base-dev libqt6opengl6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6sql6-sqlite libqcustomplot-dev libvtk9-dev libgl1-mesa-dri libglx-mesa0
  # tests: display server for GUI tests, Python reference implementations
  libgtest-dev xvfb xauth python3-torch python3-torchvision python3-numpy python3-pil
  # packaging test: validators of the .desktop file and the AppStream metainfo
  desktop-file-utils appstream
)

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then exec sudo -E "$0" "$@"; fi
  echo "install-deps.sh: run as root (or install sudo) so apt-get can install packages." >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps.sh: installing ${#missing[@]} package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
else
  echo "install-deps.sh: all ${#packages[@]} packages already installed"
fi

# LibTorch links the system BLAS (libblas.so.3): the reference BLAS runs a GEMM ~60x slower
# than OpenBLAS. Make sure the alternative points to OpenBLAS.
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -dumpmachine)
alt="libblas.so.3-${arch}"
target=$(update-alternatives --query "$alt" 2>/dev/null | awk '/^Value:/ {print $2}')
if [[ "$target" != *openblas* ]]; then
  candidate=$(update-alternatives --list "$alt" 2>/dev/null | grep openblas-pthread | head -n 1 || true)
  if [ -z "$candidate" ]; then
    echo "install-deps.sh: no OpenBLAS candidate for $alt; install libopenblas0-pthread." >&2
    exit 1
  fi
  update-alternatives --set "$alt" "$candidate"
  target=$candidate
fi
echo "install-deps.sh: libblas.so.3 -> $target"
