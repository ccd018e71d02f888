#!/usr/bin/env bash
# Fails when the layering of DESIGN.md is broken:
#   - a file under core/ includes a Qt (or QCustomPlot) header;
#   - a public header under core/include/ includes LibTorch (core hides torch behind pimpl);
#   - a file under ui/ or app/studio/ includes a LibTorch header.
# Usage: check_layering.sh SOURCE_ROOT
set -u
root=${1:?usage: check_layering.sh SOURCE_ROOT}
status=0

qt_include='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](Q[A-Za-z0-9_]+(\.h)?|Qt[A-Za-z0-9_]*/[^>"]*|qcustomplot\.h)[>"]'
torch_include='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](torch/|ATen/|c10/|caffe2/)'
sources=(--include='*.h' --include='*.hpp' --include='*.hh' --include='*.cpp' --include='*.cc'
         --include='*.cxx' --include='*.ipp' --include='*.inl')

report() {  # rule, matches
  if [ -n "$2" ]; then
    echo "layering violation: $1:" >&2
    echo "$2" | sed 's/^/  /' >&2
    status=1
  fi
}

[ -d "$root/core" ] || { echo "check_layering.sh: $root/core not found" >&2; exit 2; }
report "core/ must not include Qt headers" \
  "$(grep -rnE "${sources[@]}" "$qt_include" "$root/core" 2>/dev/null)"
report "core's public headers must not include LibTorch (hide it behind pimpl in core/src)" \
  "$(grep -rnE "${sources[@]}" "$torch_include" "$root/core/include" 2>/dev/null)"
for dir in ui app/studio; do
  [ -d "$root/$dir" ] || continue
  report "$dir/ must not include LibTorch headers" \
    "$(grep -rnE "${sources[@]}" "$torch_include" "$root/$dir" 2>/dev/null)"
done

[ $status -eq 0 ] && echo "layering ok: core is Qt-free, ui/ and app/studio are LibTorch-free"
exit $status
