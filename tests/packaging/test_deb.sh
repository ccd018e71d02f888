#!/usr/bin/env bash
# Builds the Debian package with the build's CPackConfig.cmake, unpacks it into a temporary
# root and checks it: the files it must hold, the Depends line, no bundled LibTorch, the
# executables' RUNPATH, `cellcam --version` and `cellcam synth` run from the unpacked tree
# without LD_LIBRARY_PATH, the studio starts far enough to print its version, and (when the
# tools are installed) the .desktop file and the AppStream metainfo validate.
# Usage: test_deb.sh BUILD_DIR PROJECT_VERSION WITH_UI(ON|OFF)
set -u
build=${1:?usage: test_deb.sh BUILD_DIR PROJECT_VERSION WITH_UI}
version=${2:?usage: test_deb.sh BUILD_DIR PROJECT_VERSION WITH_UI}
with_ui=${3:-ON}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }
expect() {  # expect NAME COMMAND... : passes when the command succeeds
  local name=$1
  shift
  if "$@"; then pass "$name"; else fail "$name"; fi
}

for tool in cpack dpkg-deb readelf ldd; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool not found; install dpkg-dev/cmake"; exit 1; }
done

start=$(date +%s%N)
if ! cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/out" >"$tmp/cpack.log" 2>&1; then
  fail "cpack -G DEB"
  tail -30 "$tmp/cpack.log" | sed 's/^/    /'
  echo "$passed passed, $failed failed"
  exit 1
fi
ms=$((($(date +%s%N) - start) / 1000000))
deb=$(ls "$tmp"/out/*.deb 2>/dev/null | head -n 1)
if [ -z "$deb" ]; then fail "cpack wrote a .deb"; echo "$passed passed, $failed failed"; exit 1; fi
pass "cpack -G DEB wrote $(basename "$deb")"
echo "package: $(basename "$deb"), $(du -k "$deb" | cut -f1) KiB, cpack took ${ms} ms"

# Control fields.
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = cellcam ] && pass "Package: cellcam" || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] && pass "Version: $version" ||
  fail "Version $(field Version), wanted $version"
depends=$(field Depends)
echo "Depends: $depends"
for dep in 'libtorch[0-9.]+' 'libopencv-core[0-9]+' 'libopencv-imgproc[0-9]+' 'libxgboost0' \
  'libc6' 'libstdc\+\+6'; do
  grep -qE "(^|, )$dep( |,|$)" <<<"$depends" && pass "Depends on $dep" ||
    fail "Depends on $dep"
done
if [ "$with_ui" = ON ]; then
  for dep in 'libqt6widgets6' 'libqt6core6' 'libvtk9\.1' 'libqcustomplot2\.1-qt6'; do
    grep -qE "(^|, )$dep( |,|$)" <<<"$depends" && pass "Depends on $dep" ||
      fail "Depends on $dep"
  done
fi
grep -qE "(^|, )cellcam( |,|$)" <<<"$depends" && fail "Depends on itself" ||
  pass "no dependency on itself"

# Contents: nothing of LibTorch (or any other dependency) bundled.
dpkg-deb -c "$deb" >"$tmp/contents"
if grep -qE 'libtorch|libc10|libopencv|libxgboost|libQt6|libvtk' "$tmp/contents"; then
  fail "no bundled dependency libraries"
  grep -E 'libtorch|libc10|libopencv|libxgboost|libQt6|libvtk' "$tmp/contents" | head -5
else pass "no bundled dependency libraries"; fi

root="$tmp/root"
dpkg-deb -x "$deb" "$root" && pass "dpkg-deb -x" || fail "dpkg-deb -x"
files=(usr/bin/cellcam "usr/lib/cellcam/libcellcam_core.so.${version%%.*}")
if [ "$with_ui" = ON ]; then
  files+=(usr/bin/cellcam-studio usr/share/applications/cellcam-studio.desktop
    usr/share/icons/hicolor/scalable/apps/cellcam.svg
    usr/share/metainfo/io.github.cellcam.CellCAM.metainfo.xml
    usr/share/cellcam/translations/cellcam_de.qm)
  for size in 48 64 128 256; do
    files+=("usr/share/icons/hicolor/${size}x${size}/apps/cellcam.png")
  done
fi
for f in "${files[@]}"; do
  [ -s "$root/$f" ] && pass "has $f" || fail "has $f"
done
[ ! -e "$root/usr/lib/cellcam/libcellcam_core.so" ] && pass "no development symlink" ||
  fail "no development symlink"
if [ "$with_ui" = ON ]; then
  for size in 48 64 128 256; do
    png="$root/usr/share/icons/hicolor/${size}x${size}/apps/cellcam.png"
    # PNG IHDR: width and height as big-endian 32-bit numbers at bytes 16..23.
    dims=$(od --endian=big -An -tu4 -j16 -N8 "$png" 2>/dev/null | tr -s ' ' | sed 's/^ //')
    [ "$dims" = "$size $size" ] && pass "icon is ${size}x${size}" ||
      fail "icon ${size}x${size} has IHDR '$dims'"
  done
  grep -q "<release version=\"$version\"" "$root/usr/share/metainfo/"*.xml &&
    pass "metainfo names release $version" || fail "metainfo names release $version"
fi

# The executables find the private library through RUNPATH, not through LD_LIBRARY_PATH.
for exe in cellcam $([ "$with_ui" = ON ] && echo cellcam-studio); do
  bin="$root/usr/bin/$exe"
  readelf -d "$bin" | grep -qE 'R(UN)?PATH.*\[\$ORIGIN/\.\./lib/cellcam\]' &&
    pass "$exe RUNPATH \$ORIGIN/../lib/cellcam" || {
    fail "$exe RUNPATH"
    readelf -d "$bin" | grep -E 'PATH' | sed 's/^/    /'
  }
  resolved=$(env -u LD_LIBRARY_PATH ldd "$bin")
  grep -qE "libcellcam_core\.so.* => $root/usr/(bin/\.\./)?lib/cellcam/" <<<"$resolved" &&
    pass "$exe loads libcellcam_core from the package" || {
    fail "$exe loads libcellcam_core from the package"
    grep "libcellcam_core" <<<"$resolved" | sed 's/^/    /'
  }
  ! grep -q "not found" <<<"$resolved" && pass "$exe: every library found" || {
    fail "$exe: every library found"
    grep "not found" <<<"$resolved" | sed 's/^/    /'
  }
done

out=$(env -u LD_LIBRARY_PATH "$root/usr/bin/cellcam" --version 2>&1)
grep -q "$version" <<<"$out" && pass "cellcam --version from the package" || {
  fail "cellcam --version from the package"
  echo "$out" | head -5 | sed 's/^/    /'
}
if env -u LD_LIBRARY_PATH "$root/usr/bin/cellcam" synth --out "$tmp/synth" --train 2 --test 1 \
  --size 64 --seed 5 --threads 1 >"$tmp/synth.log" 2>&1 &&
  [ -s "$tmp/synth/train.csv" ] && [ -s "$tmp/synth/sample_submission.csv" ] &&
  [ "$(ls "$tmp/synth/train" | wc -l)" -eq 8 ]; then
  pass "cellcam synth from the package"
else
  fail "cellcam synth from the package"
  head -5 "$tmp/synth.log" | sed 's/^/    /'
fi
if [ "$with_ui" = ON ]; then
  # --version exits before any window or GL context exists, so the offscreen platform does.
  out=$(env -u LD_LIBRARY_PATH QT_QPA_PLATFORM=offscreen "$root/usr/bin/cellcam-studio" \
    --version 2>&1)
  grep -q "$version" <<<"$out" && pass "cellcam-studio --version from the package" || {
    fail "cellcam-studio --version from the package"
    echo "$out" | head -5 | sed 's/^/    /'
  }
  if command -v desktop-file-validate >/dev/null; then
    expect "desktop-file-validate" desktop-file-validate \
      "$root/usr/share/applications/cellcam-studio.desktop"
  else echo "skip: desktop-file-validate not installed (desktop-file-utils)"; fi
  if command -v appstreamcli >/dev/null; then
    expect "appstreamcli validate" appstreamcli validate --no-net \
      "$root/usr/share/metainfo/io.github.cellcam.CellCAM.metainfo.xml"
  else echo "skip: appstreamcli not installed (appstream)"; fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
